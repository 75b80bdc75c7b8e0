package congress

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Bodies an election fills (DOMAIN.md rule 8), in the order a congress elects them.
const (
	BodyExecutive         = "executive"          // Ban Chấp hành, by the congress
	BodyCellCommittee     = "cell_committee"     // chi ủy, by a cell congress (9+ official members)
	BodyDelegateOfficial  = "delegate_official"  // đại biểu chính thức dự đại hội cấp trên
	BodyDelegateAlternate = "delegate_alternate" // đại biểu dự khuyết, from the rest of the same list
	BodyStanding          = "standing"           // Ban Thường vụ, first session
	BodySecretary         = "secretary"          // Bí thư
	BodyDeputySecretary   = "deputy_secretary"   // Phó Bí thư
	BodyInspection        = "inspection"         // Ủy ban Kiểm tra
	BodyInspectionChair   = "inspection_chair"   // Chủ nhiệm UBKT
)

// Bodies lists every body with its Vietnamese name, in rule 8's order.
var Bodies = []Option{
	{BodyExecutive, "Ban Chấp hành"},
	{BodyCellCommittee, "Chi ủy"},
	{BodyDelegateOfficial, "Đại biểu chính thức dự Đại hội cấp trên"},
	{BodyDelegateAlternate, "Đại biểu dự khuyết dự Đại hội cấp trên"},
	{BodyStanding, "Ban Thường vụ"},
	{BodySecretary, "Bí thư"},
	{BodyDeputySecretary, "Phó Bí thư"},
	{BodyInspection, "Ủy ban Kiểm tra"},
	{BodyInspectionChair, "Chủ nhiệm Ủy ban Kiểm tra"},
}

// FirstSession reports whether the new committee elects body at its first session (phiên họp thứ
// nhất) from among its own members, rather than the congress.
func FirstSession(org string, body string) bool {
	switch body {
	case BodyStanding, BodyInspection, BodyInspectionChair:
		return true
	case BodySecretary, BodyDeputySecretary:
		// A cell congress elects its secretary and deputy itself (rule 8).
		return org != KindCell
	}
	return false
}

// BodyAllowed reports whether an organization of kind org elects body, with the reason if not.
func BodyAllowed(org, body string) (bool, string) {
	switch body {
	case BodyInspection, BodyInspectionChair:
		if org == KindCell || org == KindSubCommittee {
			return false, "Chi bộ và đảng bộ bộ phận không bầu Ủy ban Kiểm tra; cấp ủy tự làm nhiệm vụ kiểm tra."
		}
	case BodyCellCommittee:
		if org != KindCell {
			return false, "Chỉ chi bộ mới bầu chi ủy."
		}
	case BodyStanding:
		if org == KindCell {
			return false, "Chi bộ không có Ban Thường vụ."
		}
	case BodyExecutive:
		if org == KindCell {
			return false, "Chi bộ bầu chi ủy (khi có từ 9 đảng viên chính thức), không bầu Ban Chấp hành."
		}
	}
	return validCode(Bodies, body), ""
}

// List kinds of a ballot.
const (
	ListSurplus       = "surplus"        // names struck through; more names than seats
	ListAgreeDisagree = "agree_disagree" // an agree and a disagree box per person
)

// ListKinds lists the ballot kinds with their Vietnamese names.
var ListKinds = []Option{
	{ListSurplus, "Gạch tên (danh sách có dư)"},
	{ListAgreeDisagree, "Đồng ý / không đồng ý"},
}

// How a candidate came onto the list.
const (
	NominatedCommittee = "committee" // proposed by the convening committee
	NominatedFloor     = "floor"     // nominated from the floor
	NominatedSelf      = "self"      // self-nominated
)

// Nominations lists the ways onto a list.
var Nominations = []Option{
	{NominatedCommittee, "Cấp ủy giới thiệu"},
	{NominatedFloor, "Đại hội đề cử"},
	{NominatedSelf, "Tự ứng cử"},
}

// Genders.
var Genders = []Option{{"male", "Nam"}, {"female", "Nữ"}}

// Person is a member of the party who stands for election at a congress, with the profile the
// one-line-per-person list (danh sách trích ngang) needs.
type Person struct {
	ID          int64  `json:"id" db:"id"`
	CongressID  int64  `json:"congress_id" db:"congress_id"`
	FullName    string `json:"full_name" db:"full_name"`
	BirthDate   string `json:"birth_date" db:"birth_date"` // ISO; "" unknown
	Gender      string `json:"gender" db:"gender"`
	Ethnicity   string `json:"ethnicity" db:"ethnicity"`
	Religion    string `json:"religion" db:"religion"`
	HomeTown    string `json:"home_town" db:"home_town"`
	Position    string `json:"position" db:"position"` // current job and party posts
	JoinedOn    string `json:"joined_on" db:"joined_on"`
	OfficialOn  string `json:"official_on" db:"official_on"`
	Education   string `json:"education" db:"education"`       // general education, "12/12"
	Degree      string `json:"degree" db:"degree"`             // professional degree
	TheoryLevel string `json:"theory_level" db:"theory_level"` // political theory: sơ cấp, trung cấp, cao cấp, cử nhân
	// Incumbent says the person sat on the outgoing committee: elected again is "tái cử".
	Incumbent bool  `json:"incumbent" db:"incumbent"`
	Sample    bool  `json:"sample" db:"sample"`
	Version   int64 `json:"version" db:"version"`
}

// Validate checks a person's profile.
func (p *Person) Validate() error {
	f := FieldErrors{}
	p.FullName = CleanText(p.FullName)
	for _, s := range []*string{&p.Ethnicity, &p.Religion, &p.HomeTown, &p.Position, &p.Education, &p.Degree, &p.TheoryLevel} {
		*s = CleanText(*s)
	}
	n := utf8.RuneCountInString(p.FullName)
	if n == 0 {
		f.Add("full_name", "Họ tên không được để trống.")
	} else if n > 100 {
		f.Add("full_name", fmt.Sprintf("Họ tên dài %d ký tự, tối đa 100.", n))
	}
	if p.Gender != "" && !validCode(Genders, p.Gender) {
		f.Add("gender", fmt.Sprintf("Giới tính %q không hợp lệ.", p.Gender))
	}
	dates := []struct{ field, label, v string }{
		{"birth_date", "Ngày sinh", p.BirthDate}, {"joined_on", "Ngày vào Đảng", p.JoinedOn}, {"official_on", "Ngày chính thức", p.OfficialOn}}
	parsed := map[string]time.Time{}
	for _, d := range dates {
		if d.v == "" {
			continue
		}
		t, err := time.Parse("2006-01-02", d.v)
		if err != nil || t.Year() < 1900 || t.Year() > 2200 {
			f.Add(d.field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm.", d.label, d.v))
			continue
		}
		parsed[d.field] = t
	}
	if b, ok := parsed["birth_date"]; ok {
		if j, ok := parsed["joined_on"]; ok && j.Before(b.AddDate(18, 0, 0)) {
			f.Add("joined_on", fmt.Sprintf("Ngày vào Đảng (%s) phải sau ngày đủ 18 tuổi (%s).", j.Format("02/01/2006"), b.AddDate(18, 0, 0).Format("02/01/2006")))
		}
	}
	if j, ok := parsed["joined_on"]; ok {
		if o, ok := parsed["official_on"]; ok && o.Before(j) {
			f.Add("official_on", fmt.Sprintf("Ngày chính thức (%s) không được trước ngày vào Đảng (%s).", o.Format("02/01/2006"), j.Format("02/01/2006")))
		}
	}
	for _, s := range []struct{ field, label, v string }{
		{"ethnicity", "Dân tộc", p.Ethnicity}, {"religion", "Tôn giáo", p.Religion}, {"home_town", "Quê quán", p.HomeTown},
		{"position", "Chức vụ", p.Position}, {"education", "Giáo dục phổ thông", p.Education}, {"degree", "Chuyên môn", p.Degree},
		{"theory_level", "Lý luận chính trị", p.TheoryLevel}} {
		if utf8.RuneCountInString(s.v) > 300 {
			f.Add(s.field, fmt.Sprintf("%s tối đa 300 ký tự.", s.label))
		}
	}
	return f.Err(EINVALID, "")
}

// AgeAt is the person's age in whole years on date (ISO), or -1 when unknown.
func (p *Person) AgeAt(date string) int {
	b, err1 := time.Parse("2006-01-02", p.BirthDate)
	d, err2 := time.Parse("2006-01-02", date)
	if err1 != nil || err2 != nil {
		return -1
	}
	age := d.Year() - b.Year()
	if d.YearDay() < b.YearDay() && (d.Month() < b.Month() || d.Month() == b.Month() && d.Day() < b.Day()) {
		age--
	}
	return age
}

// Candidate is a person on an election's list.
type Candidate struct {
	PersonID    int64  `json:"person_id" db:"person_id"`
	FullName    string `json:"full_name" db:"full_name"`
	NominatedBy string `json:"nominated_by" db:"nominated_by"`
	// FloorAgree is, for a floor or self nomination, how many of those present agreed to put the
	// name on the list; it must be over 30% of those present (rule 6).
	FloorAgree int    `json:"floor_agree" db:"floor_agree"`
	Note       string `json:"note" db:"note"`
}

// Election is the election of one body at a congress.
type Election struct {
	ID         int64  `json:"id" db:"id"`
	CongressID int64  `json:"congress_id" db:"congress_id"`
	Body       string `json:"body" db:"body"`
	Seats      int    `json:"seats" db:"seats"`
	ListKind   string `json:"list_kind" db:"list_kind"`
	// Decision records what the congress decided on the list warnings ("Đại hội biểu quyết 100%
	// đồng ý danh sách 8 người").
	Decision string `json:"decision" db:"decision"`
	// State: "open" while rounds go on; "done" when the seats are filled or the congress stopped.
	State string `json:"state" db:"state"`
	// Appointed is set when a cell failed to elect its secretary after the third round and the
	// higher committee appointed one (rule 5): an appointment, not an election.
	AppointedPersonID *int64      `json:"appointed_person_id" db:"appointed_person_id"`
	AppointmentNote   string      `json:"appointment_note" db:"appointment_note"`
	Candidates        []Candidate `json:"candidates" db:"-"`
	Version           int64       `json:"version" db:"version"`
	CreatedAt         string      `json:"created_at" db:"created_at"`
}

// BodyLabel is the Vietnamese name of the body.
func (e *Election) BodyLabel() string { return Label(Bodies, e.Body) }

// Validate checks an election's own fields; the list is checked by the engine's warnings.
func (e *Election) Validate() error {
	f := FieldErrors{}
	e.Decision = CleanMultiline(e.Decision)
	if !validCode(Bodies, e.Body) {
		f.Add("body", fmt.Sprintf("Chức danh, cơ quan bầu %q không hợp lệ.", e.Body))
	}
	if e.Seats < 1 || e.Seats > 500 {
		f.Add("seats", fmt.Sprintf("Số lượng cần bầu (%d) phải từ 1 đến 500.", e.Seats))
	}
	switch e.Body {
	case BodySecretary, BodyInspectionChair:
		if e.Seats != 1 {
			f.Add("seats", fmt.Sprintf("%s chỉ bầu 1 người (đang là %d).", Label(Bodies, e.Body), e.Seats))
		}
	case BodyCellCommittee:
		if e.Seats > 7 {
			f.Add("seats", fmt.Sprintf("Chi ủy có tối đa 7 người (đang là %d).", e.Seats))
		}
	}
	if e.ListKind == "" {
		e.ListKind = ListSurplus
	}
	if !validCode(ListKinds, e.ListKind) {
		f.Add("list_kind", fmt.Sprintf("Hình thức phiếu %q không hợp lệ.", e.ListKind))
	}
	if utf8.RuneCountInString(e.Decision) > 5000 {
		f.Add("decision", "Quyết định của đại hội tối đa 5.000 ký tự.")
	}
	return f.Err(EINVALID, "")
}

// Entry modes of a round.
const (
	EntryTotals  = "totals"  // the counting committee types the totals
	EntryBallots = "ballots" // ballots are entered one by one in the counting room
)

// CountingMember is a member of the counting committee of a round.
type CountingMember struct {
	Name string `json:"name"`
	Head bool   `json:"head"`
}

// Round is one round (vòng) of an election: who voted, the counting committee, and the count.
type Round struct {
	ID         int64 `json:"id" db:"id"`
	ElectionID int64 `json:"election_id" db:"election_id"`
	Number     int   `json:"number" db:"number"`
	Seats      int   `json:"seats" db:"seats"`
	// CandidateIDs are the persons on this round's ballot: the whole list in round 1; only the
	// tied in a re-vote; a changed list in a further round after a shortfall.
	CandidateIDs []int64          `json:"candidate_ids" db:"-"`
	Counters     []CountingMember `json:"counting_committee" db:"-"`
	Attendance
	EntryMode   string `json:"entry_mode" db:"entry_mode"`
	DoubleEntry bool   `json:"double_entry" db:"double_entry"`
	// Totals, for entry mode "totals".
	Issued         int            `json:"issued" db:"issued"`
	Collected      int            `json:"collected" db:"collected"`
	Valid          int            `json:"valid" db:"valid"`
	Invalid        int            `json:"invalid" db:"invalid"`
	InvalidReasons map[string]int `json:"invalid_reasons" db:"-"`
	Votes          map[int64]int  `json:"votes" db:"-"` // person id → votes
	// Closing.
	Closed         bool   `json:"closed" db:"closed"`
	ClosedAt       string `json:"closed_at" db:"closed_at"`
	DocumentNumber int    `json:"document_number" db:"document_number"`
	Fingerprint    string `json:"fingerprint" db:"fingerprint"`
	ResultJSON     string `json:"-" db:"result_json"`
	RequestJSON    string `json:"-" db:"request_json"`
	Version        int64  `json:"version" db:"version"`
	StartedAt      string `json:"started_at" db:"started_at"`
}
