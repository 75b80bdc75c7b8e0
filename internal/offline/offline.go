// Package offline is the file format of the offline congress package (gói hồ sơ đại hội): one file
// that carries a whole congress from a laptop in the congress hall to the higher committee's
// server, intact and verifiable.
//
// # Format "daihoi-congress-package", version 1
//
// A package is a zip archive (file extension .daihoi) of UTF-8 JSON parts, each a fixed name at the
// root of the archive, stored or deflated:
//
//	manifest.json      format name and version, creation time, source, the SHA-256 and size of every
//	                   other part, the content digest, and the fingerprints of the closed rounds
//	organization.json  the organization chain from the root of the source tree down to the
//	                   congress's organization: [{name, kind, place}], by name and kind, not by id
//	congress.json      the congress: term years, ordinal, kind, rule set, date, place, attendance,
//	                   guests, past-term results, notes, reporting state
//	persons.json       the roll of persons (candidates) with their trích ngang profile
//	elections.json     the elections with their lists (candidates)
//	rounds.json        the rounds: attendance at the vote, counting committee, totals, the ballot
//	                   list with votes and, for a closed round, the frozen count-contract request and
//	                   result and the fingerprint printed on the minutes
//	ballots.json       the ballots entered one by one (both piles of a double entry)
//	documents.json     the congress's running document numbers
//	committee.json     the new committee, its officers and vacant seats (derived from the rounds)
//	delegates.json     the delegates to the higher congress, official and alternate (derived)
//	resolution.json    the resolution and its sections, or null
//	targets.json       the resolution's targets
//	reviews.json       the yearly reviews of the targets
//	ratings.json       the yearly rating counts the reviews may be derived from
//	audit.json         the audit entries of the congress, with their hash-chain fields
//
// Ids inside a package are the source database's; they only link parts to one another (a ballot to
// its round, a candidate to a person). Every array part has one record per line. Dates are ISO
// (YYYY-MM-DD), timestamps RFC 3339 in UTC.
//
// The SHA-256 of each part is taken over its uncompressed bytes. The content digest is the SHA-256
// of the lines "NAME\tSHA256\n" of every part but the manifest, sorted by name: it names the content
// whatever the time of export. A round's fingerprint is store.Fingerprint over its frozen request,
// result and ballots, the figure printed on its paper minutes: a reader checks it against the
// paper, an importer recomputes it. There is no signature: the hashes find damage and careless
// edits, the fingerprints on the signed paper minutes find deliberate ones.
//
// A newer format changes Version; a reader refuses versions it does not know, unknown parts,
// missing parts, and unknown fields.
//
// Read refuses hostile input before anything else looks at it: a file over MaxFileSize, a zip it
// cannot read, more than MaxEntries entries, names that are not plain part names (path traversal,
// directories), encrypted entries or unknown compression, a part that inflates past MaxPartSize or
// a package past MaxTotalSize (zip bombs), bytes that are not UTF-8, JSON of the wrong shape or
// types, and control characters in text. Memory stays bounded by MaxTotalSize.
package offline

import (
	"encoding/json"

	"daihoi/internal/election"
)

// Format identifies the file format in the manifest.
const (
	FormatName    = "daihoi-congress-package"
	FormatVersion = 1
	// Extension is the file extension of a package.
	Extension = ".daihoi"
)

// Limits of what Read accepts.
const (
	MaxFileSize  = 200 << 20 // the package file
	MaxEntries   = 32        // zip entries: the parts, with room for none else
	MaxPartSize  = 32 << 20  // one part, uncompressed
	MaxTotalSize = 128 << 20 // every part together, uncompressed
)

// Part names, in the order they are written.
const (
	PartManifest     = "manifest.json"
	PartOrganization = "organization.json"
	PartCongress     = "congress.json"
	PartPersons      = "persons.json"
	PartElections    = "elections.json"
	PartRounds       = "rounds.json"
	PartBallots      = "ballots.json"
	PartDocuments    = "documents.json"
	PartCommittee    = "committee.json"
	PartDelegates    = "delegates.json"
	PartResolution   = "resolution.json"
	PartTargets      = "targets.json"
	PartReviews      = "reviews.json"
	PartRatings      = "ratings.json"
	PartAudit        = "audit.json"
)

// Parts lists every part but the manifest, in the order they are written.
var Parts = []string{PartOrganization, PartCongress, PartPersons, PartElections, PartRounds, PartBallots,
	PartDocuments, PartCommittee, PartDelegates, PartResolution, PartTargets, PartReviews, PartRatings, PartAudit}

// Package is the content of a package file.
type Package struct {
	Manifest     Manifest
	Organization []OrgLevel
	Congress     Congress
	Persons      []Person
	Elections    []Election
	Rounds       []Round
	Ballots      []Ballot
	Documents    []Document
	Committee    Committee
	Delegates    Delegates
	Resolution   *Resolution
	Targets      []Target
	Reviews      []Review
	Ratings      []Rating
	Audit        []AuditEntry
}

// Manifest describes a package and holds the hashes that check it.
type Manifest struct {
	Format    string `json:"format"`
	Version   int    `json:"version"`
	CreatedAt string `json:"created_at"`
	Source    Source `json:"source"`
	// Congress names the congress, for a reader who opens the manifest only.
	Congress ManifestCongress `json:"congress"`
	Parts    []PartHash       `json:"parts"`
	// ContentSHA256 is the content digest (see the package documentation).
	ContentSHA256 string             `json:"content_sha256"`
	ClosedRounds  []RoundFingerprint `json:"closed_rounds"`
}

// Source says where a package was made.
type Source struct {
	App        string `json:"app"`
	Host       string `json:"host"`
	Database   string `json:"database"`
	CongressID int64  `json:"congress_id"`
	ExportedBy string `json:"exported_by"`
}

// ManifestCongress names the congress of a package.
type ManifestCongress struct {
	Organization string `json:"organization"`
	Ordinal      int    `json:"ordinal"`
	Term         string `json:"term"` // "2020-2025"
}

// PartHash is the size and SHA-256 (hexadecimal) of one part, uncompressed.
type PartHash struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// RoundFingerprint is the fingerprint of one closed round, as printed on its minutes.
type RoundFingerprint struct {
	Election       string `json:"election"` // the body: executive, secretary …
	Round          int    `json:"round"`
	DocumentNumber int    `json:"document_number"`
	Fingerprint    string `json:"fingerprint"`
}

// OrgLevel is one organization of the chain, from the root down.
type OrgLevel struct {
	Name  string `json:"name"`
	Kind  string `json:"kind"`
	Place string `json:"place"`
}

// Attendance is who was convened and present, with the exclusions from the base.
type Attendance struct {
	Convened                  int `json:"convened"`
	Present                   int `json:"present"`
	TemporarilyAttachedAbsent int `json:"temporarily_attached_absent"`
	ExemptAbsent              int `json:"exempt_absent"`
	Suspended                 int `json:"suspended"`
	AbsentWithReason          int `json:"absent_with_reason"`
	CommitteeAbsent           int `json:"committee_absent"`
	AbsentNotReplaced         int `json:"absent_not_replaced"`
}

// Congress is the congress record.
type Congress struct {
	ID          int64        `json:"id"`
	TermStart   int          `json:"term_start"`
	TermEnd     int          `json:"term_end"`
	Ordinal     int          `json:"ordinal"`
	Kind        string       `json:"kind"`
	Ruleset     string       `json:"ruleset"`
	HeldOn      string       `json:"held_on"`
	Place       string       `json:"place"`
	Attendance  Attendance   `json:"attendance"`
	Guests      []Guest      `json:"guests"`
	PastResults []PastResult `json:"past_results"`
	Notes       string       `json:"notes" offline:"multiline"`
	State       string       `json:"state"`
	ReportedOn  string       `json:"reported_on"`
	DecidedOn   string       `json:"decided_on"`
	Sample      bool         `json:"sample"`
	Version     int64        `json:"version"`
	CreatedAt   string       `json:"created_at"`
	UpdatedAt   string       `json:"updated_at"`
}

// Guest is a guest of the congress.
type Guest struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Role  string `json:"role"`
}

// PastResult is a figure of the past term.
type PastResult struct {
	Label string `json:"label"`
	Value string `json:"value"`
	Unit  string `json:"unit"`
}

// Person is one person of the congress's roll.
type Person struct {
	ID          int64  `json:"id"`
	FullName    string `json:"full_name"`
	BirthDate   string `json:"birth_date"`
	Gender      string `json:"gender"`
	Ethnicity   string `json:"ethnicity"`
	Religion    string `json:"religion"`
	HomeTown    string `json:"home_town"`
	Position    string `json:"position"`
	JoinedOn    string `json:"joined_on"`
	OfficialOn  string `json:"official_on"`
	Education   string `json:"education"`
	Degree      string `json:"degree"`
	TheoryLevel string `json:"theory_level"`
	Incumbent   bool   `json:"incumbent"`
	Sample      bool   `json:"sample"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
}

// Election is the election of one body, with its list.
type Election struct {
	ID                int64       `json:"id"`
	Body              string      `json:"body"`
	Seats             int         `json:"seats"`
	ListKind          string      `json:"list_kind"`
	Decision          string      `json:"decision" offline:"multiline"`
	State             string      `json:"state"`
	AppointedPersonID *int64      `json:"appointed_person_id"`
	AppointmentNote   string      `json:"appointment_note"`
	Version           int64       `json:"version"`
	CreatedAt         string      `json:"created_at"`
	Candidates        []Candidate `json:"candidates"`
}

// Candidate is a person on an election's list.
type Candidate struct {
	PersonID    int64  `json:"person_id"`
	NominatedBy string `json:"nominated_by"`
	FloorAgree  int    `json:"floor_agree"`
	Note        string `json:"note"`
}

// Round is one round of an election.
type Round struct {
	ID          int64      `json:"id"`
	ElectionID  int64      `json:"election_id"`
	Number      int        `json:"number"`
	Seats       int        `json:"seats"`
	Attendance  Attendance `json:"attendance"`
	EntryMode   string     `json:"entry_mode"`
	DoubleEntry bool       `json:"double_entry"`
	Issued      int        `json:"issued"`
	Collected   int        `json:"collected"`
	Valid       int        `json:"valid"`
	Invalid     int        `json:"invalid"`
	// CountingCommittee is the counting committee of the round.
	CountingCommittee []CountingMember `json:"counting_committee"`
	InvalidReasons    map[string]int   `json:"invalid_reasons"`
	Candidates        []RoundCandidate `json:"candidates"`
	Closed            bool             `json:"closed"`
	ClosedAt          string           `json:"closed_at"`
	DocumentNumber    int              `json:"document_number"`
	Fingerprint       string           `json:"fingerprint"`
	// Request and Result are the frozen count-contract request and result of a closed round
	// (DOMAIN.md "The count contract"); null for an open round.
	Request   json.RawMessage `json:"request"`
	Result    json.RawMessage `json:"result"`
	Version   int64           `json:"version"`
	StartedAt string          `json:"started_at"`
}

// CountingMember is a member of a round's counting committee.
type CountingMember struct {
	Name string `json:"name"`
	Head bool   `json:"head"`
}

// RoundCandidate is a line of a round's ballot, in ballot order.
type RoundCandidate struct {
	PersonID int64 `json:"person_id"`
	Position int   `json:"position"`
	Votes    int   `json:"votes"`
}

// Ballot is one ballot entered in the counting room. Content is the ballot as the engine reads it
// and as the round's fingerprint hashes it: kept positions or marks, the committee's invalid reason
// and note.
type Ballot struct {
	ID        int64           `json:"id"`
	RoundID   int64           `json:"round_id"`
	Slot      int             `json:"slot"`
	Number    int             `json:"number"`
	Content   election.Ballot `json:"content"`
	Invalid   string          `json:"invalid"`
	Clerk     string          `json:"clerk"`
	CreatedAt string          `json:"created_at"`
}

// Document is one number of the congress's running document numbers.
type Document struct {
	Number    int    `json:"number"`
	Kind      string `json:"kind"`
	RefID     *int64 `json:"ref_id"`
	CreatedAt string `json:"created_at"`
}

// Member is a person a body elected (or appointed), as the committee and delegate lists show it.
type Member struct {
	PersonID          int64  `json:"person_id"`
	FullName          string `json:"full_name"`
	Votes             int    `json:"votes"`
	PercentHundredths int64  `json:"percent_hundredths"`
	Round             int    `json:"round"`
	Rank              int    `json:"rank"`
	Appointed         bool   `json:"appointed"`
}

// Committee is the new committee: its members with the offices the first session gave them, the
// officers by body, and the seats left vacant by body.
type Committee struct {
	Body     string              `json:"body"`
	Members  []CommitteeMember   `json:"members"`
	Officers map[string][]Member `json:"officers"`
	Vacant   map[string]int      `json:"vacant_seats"`
}

// CommitteeMember is a member of the committee with their offices.
type CommitteeMember struct {
	Member
	Offices []string `json:"offices"`
}

// Delegates are the delegates to the higher congress; alternates in the order they replace
// officials.
type Delegates struct {
	Official  []Member `json:"official"`
	Alternate []Member `json:"alternate"`
}

// Resolution is the congress's resolution.
type Resolution struct {
	ID           int64     `json:"id"`
	AdoptedOn    string    `json:"adopted_on"`
	VotesFor     int       `json:"votes_for"`
	VotesAgainst int       `json:"votes_against"`
	VotesAbstain int       `json:"votes_abstain"`
	Sections     []Section `json:"sections"`
	Sample       bool      `json:"sample"`
	Version      int64     `json:"version"`
	CreatedAt    string    `json:"created_at"`
	UpdatedAt    string    `json:"updated_at"`
}

// Section is one titled part of the resolution.
type Section struct {
	Title string `json:"title"`
	Body  string `json:"body" offline:"multiline"`
}

// Target is one target of the resolution.
type Target struct {
	ID            int64   `json:"id"`
	Position      int     `json:"position"`
	Sentence      string  `json:"sentence" offline:"multiline"`
	Subject       string  `json:"subject"`
	Comparator    string  `json:"comparator"`
	Value         float64 `json:"value"`
	ValueHigh     float64 `json:"value_high"`
	Unit          string  `json:"unit"`
	Period        string  `json:"period"`
	ByYear        int     `json:"by_year"`
	Category      string  `json:"category"`
	ParentID      *int64  `json:"parent_id"`
	ShareOf       string  `json:"share_of"`
	Base          string  `json:"base"`
	RatingSubject string  `json:"rating_subject"`
	Measure       string  `json:"measure"`
	Sample        bool    `json:"sample"`
	Version       int64   `json:"version"`
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
}

// Review is a yearly review of a target. NoteBy and CreatedBy are user names on the source, for
// information: users do not travel with a package.
type Review struct {
	ID          int64  `json:"id"`
	TargetID    int64  `json:"target_id"`
	Year        int    `json:"year"`
	Numerator   int64  `json:"numerator"`
	Denominator int64  `json:"denominator"`
	Source      string `json:"source" offline:"multiline"`
	Note        string `json:"note" offline:"multiline"`
	NoteBy      string `json:"note_by"`
	NoteAt      string `json:"note_at"`
	CreatedBy   string `json:"created_by"`
	Sample      bool   `json:"sample"`
	Version     int64  `json:"version"`
	CreatedAt   string `json:"created_at"`
	UpdatedAt   string `json:"updated_at"`
}

// Rating is a year's rating counts of one subject.
type Rating struct {
	ID           int64  `json:"id"`
	Year         int    `json:"year"`
	Subject      string `json:"subject"`
	Excellent    int64  `json:"excellent"`
	Good         int64  `json:"good"`
	Completed    int64  `json:"completed"`
	NotCompleted int64  `json:"not_completed"`
	Source       string `json:"source" offline:"multiline"`
	Sample       bool   `json:"sample"`
	Version      int64  `json:"version"`
	CreatedAt    string `json:"created_at"`
	UpdatedAt    string `json:"updated_at"`
}

// AuditEntry is one audit row of the congress, as stored on the source (store.AuditEntry): its
// hash can be recomputed from its fields and its PrevHash.
type AuditEntry struct {
	ID             int64  `json:"id"`
	At             string `json:"at"`
	UserID         *int64 `json:"user_id"`
	Username       string `json:"username"`
	OrganizationID *int64 `json:"organization_id"`
	CongressID     *int64 `json:"congress_id"`
	Entity         string `json:"entity"`
	EntityID       *int64 `json:"entity_id"`
	Action         string `json:"action"`
	OldValue       string `json:"old_value"`
	NewValue       string `json:"new_value"`
	Reason         string `json:"reason" offline:"multiline"`
	PrevHash       string `json:"prev_hash"`
	Hash           string `json:"hash"`
}
