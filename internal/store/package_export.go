package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/offline"
)

// ExportPackage reads a congress in the user's scope, everything the offline package carries
// (internal/offline), in one read transaction so the parts agree with one another. source says
// where the package is made; the manifest's hashes are filled in by offline.Write. ENOTFOUND for a
// congress outside the scope.
func (s *Store) ExportPackage(ctx context.Context, u *congress.User, congressID int64, source offline.Source) (*offline.Package, error) {
	tx, err := s.db.BeginRead(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin read: %w", err)
	}
	defer tx.Rollback()
	c, err := findCongress(ctx, tx, u, congressID)
	if err != nil {
		return nil, err
	}
	p, err := exportCongress(ctx, tx, c)
	if err != nil {
		return nil, err
	}
	source.App = "daihoi"
	source.CongressID = c.ID
	p.Manifest = offline.Manifest{
		CreatedAt: s.Now().UTC().Format("2006-01-02T15:04:05Z07:00"),
		Source:    source,
		Congress: offline.ManifestCongress{Organization: c.OrganizationName, Ordinal: c.Ordinal,
			Term: congress.Term{StartYear: c.TermStart, EndYear: c.TermEnd}.Code()},
		ClosedRounds: closedRounds(p),
	}
	return p, nil
}

// closedRounds lists the fingerprints of a package's closed rounds, in election and round order.
func closedRounds(p *offline.Package) []offline.RoundFingerprint {
	bodies := map[int64]string{}
	for _, e := range p.Elections {
		bodies[e.ID] = e.Body
	}
	list := []offline.RoundFingerprint{}
	for _, r := range p.Rounds {
		if r.Closed {
			list = append(list, offline.RoundFingerprint{Election: bodies[r.ElectionID], Round: r.Number,
				DocumentNumber: r.DocumentNumber, Fingerprint: r.Fingerprint})
		}
	}
	return list
}

// exportCongress reads the parts of the package of c (already in scope) through q: a read
// transaction for an export, the import's write transaction when it compares a package with the
// congress it would replace.
func exportCongress(ctx context.Context, q sqlx.QueryerContext, c *congress.Congress) (*offline.Package, error) {
	p := &offline.Package{}
	var err error
	if p.Organization, err = orgChain(ctx, q, c.OrganizationID); err != nil {
		return nil, err
	}
	p.Congress = offline.Congress{ID: c.ID, TermStart: c.TermStart, TermEnd: c.TermEnd, Ordinal: c.Ordinal, Kind: c.Kind,
		Ruleset: c.Ruleset, HeldOn: c.HeldOn, Place: c.Place, Attendance: wireAttendance(c.Attendance),
		Guests: []offline.Guest{}, PastResults: []offline.PastResult{}, Notes: c.Notes, State: c.State,
		ReportedOn: c.ReportedOn, DecidedOn: c.DecidedOn, Sample: c.Sample, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
	for _, g := range c.Guests {
		p.Congress.Guests = append(p.Congress.Guests, offline.Guest{Name: g.Name, Title: g.Title, Role: g.Role})
	}
	for _, r := range c.PastResults {
		p.Congress.PastResults = append(p.Congress.PastResults, offline.PastResult{Label: r.Label, Value: r.Value, Unit: r.Unit})
	}
	steps := []func(context.Context, sqlx.QueryerContext, *offline.Package) error{
		exportPersons, exportElections, exportRounds, exportBallots, exportDocuments, exportResolution,
		exportTargets, exportReviews, exportRatings, exportAudit,
	}
	for _, step := range steps {
		if err := step(ctx, q, p); err != nil {
			return nil, err
		}
	}
	committee, delegates, err := deriveCommittee(p)
	if err != nil {
		return nil, err
	}
	p.Committee, p.Delegates = committee, delegates
	return p, nil
}

func wireAttendance(a congress.Attendance) offline.Attendance {
	return offline.Attendance{Convened: a.Convened, Present: a.Present, TemporarilyAttachedAbsent: a.TemporarilyAttachedAbsent,
		ExemptAbsent: a.ExemptAbsent, Suspended: a.Suspended, AbsentWithReason: a.AbsentWithReason,
		CommitteeAbsent: a.CommitteeAbsent, AbsentNotReplaced: a.AbsentNotReplaced}
}

func domainAttendance(a offline.Attendance) congress.Attendance {
	return congress.Attendance{Convened: a.Convened, Present: a.Present, TemporarilyAttachedAbsent: a.TemporarilyAttachedAbsent,
		ExemptAbsent: a.ExemptAbsent, Suspended: a.Suspended, AbsentWithReason: a.AbsentWithReason,
		CommitteeAbsent: a.CommitteeAbsent, AbsentNotReplaced: a.AbsentNotReplaced}
}

// pathIDs returns the ids of a materialized path "/1/4/9/", root first.
func pathIDs(path string) []int64 {
	var ids []int64
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(part, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// placeholders returns "?, ?, ?" for n arguments.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// orgChain returns the organization and its ancestors, root first, by name and kind.
func orgChain(ctx context.Context, q sqlx.QueryerContext, orgID int64) ([]offline.OrgLevel, error) {
	var path string
	if err := sqlx.GetContext(ctx, q, &path, `SELECT path FROM organizations WHERE id = ?`, orgID); err != nil {
		return nil, mapErr(err, "tổ chức đảng")
	}
	ids := pathIDs(path)
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var rows []struct {
		ID    int64  `db:"id"`
		Name  string `db:"name"`
		Kind  string `db:"kind"`
		Place string `db:"place"`
		Depth int    `db:"depth"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT id, name, kind, place, depth FROM organizations
		WHERE id IN (`+placeholders(len(ids))+`) ORDER BY depth`, args...); err != nil {
		return nil, mapErr(err, "tổ chức đảng")
	}
	chain := make([]offline.OrgLevel, len(rows))
	for i, r := range rows {
		chain[i] = offline.OrgLevel{Name: r.Name, Kind: r.Kind, Place: r.Place}
	}
	return chain, nil
}

func exportPersons(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	rows, err := q.QueryxContext(ctx, `SELECT id, full_name, birth_date, gender, ethnicity, religion, home_town, position,
		joined_on, official_on, education, degree, theory_level, incumbent, sample, version, created_at
		FROM persons WHERE congress_id = ? ORDER BY id`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "đảng viên")
	}
	defer rows.Close()
	p.Persons = []offline.Person{}
	for rows.Next() {
		var x offline.Person
		if err := rows.Scan(&x.ID, &x.FullName, &x.BirthDate, &x.Gender, &x.Ethnicity, &x.Religion, &x.HomeTown, &x.Position,
			&x.JoinedOn, &x.OfficialOn, &x.Education, &x.Degree, &x.TheoryLevel, &x.Incumbent, &x.Sample, &x.Version, &x.CreatedAt); err != nil {
			return mapErr(err, "đảng viên")
		}
		p.Persons = append(p.Persons, x)
	}
	return mapErr(rows.Err(), "đảng viên")
}

func exportElections(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	rows, err := q.QueryxContext(ctx, `SELECT id, body, seats, list_kind, decision, state, appointed_person_id, appointment_note,
		version, created_at FROM elections WHERE congress_id = ? ORDER BY id`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "cuộc bầu cử")
	}
	p.Elections = []offline.Election{}
	index := map[int64]int{}
	for rows.Next() {
		var e offline.Election
		if err := rows.Scan(&e.ID, &e.Body, &e.Seats, &e.ListKind, &e.Decision, &e.State, &e.AppointedPersonID,
			&e.AppointmentNote, &e.Version, &e.CreatedAt); err != nil {
			rows.Close()
			return mapErr(err, "cuộc bầu cử")
		}
		e.Candidates = []offline.Candidate{}
		index[e.ID] = len(p.Elections)
		p.Elections = append(p.Elections, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapErr(err, "cuộc bầu cử")
	}
	rows, err = q.QueryxContext(ctx, `SELECT ca.election_id, ca.person_id, ca.nominated_by, ca.floor_agree, ca.note
		FROM candidates ca JOIN elections e ON e.id = ca.election_id WHERE e.congress_id = ?
		ORDER BY ca.election_id, ca.person_id`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "danh sách bầu cử")
	}
	defer rows.Close()
	for rows.Next() {
		var electionID int64
		var c offline.Candidate
		if err := rows.Scan(&electionID, &c.PersonID, &c.NominatedBy, &c.FloorAgree, &c.Note); err != nil {
			return mapErr(err, "danh sách bầu cử")
		}
		e := &p.Elections[index[electionID]]
		e.Candidates = append(e.Candidates, c)
	}
	return mapErr(rows.Err(), "danh sách bầu cử")
}

func exportRounds(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	rows, err := q.QueryxContext(ctx, `SELECT r.id, r.election_id, r.number, r.seats, r.convened, r.present,
		r.temporarily_attached_absent, r.exempt_absent, r.suspended, r.absent_with_reason, r.committee_absent,
		r.absent_not_replaced, r.entry_mode, r.double_entry, r.issued, r.collected, r.valid, r.invalid,
		r.counting_committee, r.invalid_reasons, r.closed, r.closed_at, r.document_number, r.fingerprint,
		r.request_json, r.result_json, r.version, r.started_at
		FROM rounds r JOIN elections e ON e.id = r.election_id WHERE e.congress_id = ? ORDER BY r.id`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "vòng bầu")
	}
	p.Rounds = []offline.Round{}
	index := map[int64]int{}
	for rows.Next() {
		var r offline.Round
		var counters, reasons, request, result string
		a := &r.Attendance
		if err := rows.Scan(&r.ID, &r.ElectionID, &r.Number, &r.Seats, &a.Convened, &a.Present, &a.TemporarilyAttachedAbsent,
			&a.ExemptAbsent, &a.Suspended, &a.AbsentWithReason, &a.CommitteeAbsent, &a.AbsentNotReplaced, &r.EntryMode,
			&r.DoubleEntry, &r.Issued, &r.Collected, &r.Valid, &r.Invalid, &counters, &reasons, &r.Closed, &r.ClosedAt,
			&r.DocumentNumber, &r.Fingerprint, &request, &result, &r.Version, &r.StartedAt); err != nil {
			rows.Close()
			return mapErr(err, "vòng bầu")
		}
		r.CountingCommittee, r.InvalidReasons, r.Candidates = []offline.CountingMember{}, map[string]int{}, []offline.RoundCandidate{}
		if err := json.Unmarshal([]byte(counters), &r.CountingCommittee); err != nil {
			rows.Close()
			return fmt.Errorf("store: round %d counting committee: %w", r.ID, err)
		}
		if err := json.Unmarshal([]byte(reasons), &r.InvalidReasons); err != nil {
			rows.Close()
			return fmt.Errorf("store: round %d invalid reasons: %w", r.ID, err)
		}
		if request != "" {
			r.Request = json.RawMessage(request)
		}
		if result != "" {
			r.Result = json.RawMessage(result)
		}
		index[r.ID] = len(p.Rounds)
		p.Rounds = append(p.Rounds, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapErr(err, "vòng bầu")
	}
	rows, err = q.QueryxContext(ctx, `SELECT rc.round_id, rc.person_id, rc.position, rc.votes FROM round_candidates rc
		JOIN rounds r ON r.id = rc.round_id JOIN elections e ON e.id = r.election_id WHERE e.congress_id = ?
		ORDER BY rc.round_id, rc.position`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "vòng bầu")
	}
	defer rows.Close()
	for rows.Next() {
		var roundID int64
		var c offline.RoundCandidate
		if err := rows.Scan(&roundID, &c.PersonID, &c.Position, &c.Votes); err != nil {
			return mapErr(err, "vòng bầu")
		}
		r := &p.Rounds[index[roundID]]
		r.Candidates = append(r.Candidates, c)
	}
	return mapErr(rows.Err(), "vòng bầu")
}

func exportBallots(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	rows, err := q.QueryxContext(ctx, `SELECT b.id, b.round_id, b.slot, b.number, b.content, b.invalid, b.clerk, b.created_at
		FROM ballots b JOIN rounds r ON r.id = b.round_id JOIN elections e ON e.id = r.election_id
		WHERE e.congress_id = ? ORDER BY b.round_id, b.slot, b.number`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "phiếu bầu")
	}
	defer rows.Close()
	p.Ballots = []offline.Ballot{}
	for rows.Next() {
		var b offline.Ballot
		var content string
		if err := rows.Scan(&b.ID, &b.RoundID, &b.Slot, &b.Number, &content, &b.Invalid, &b.Clerk, &b.CreatedAt); err != nil {
			return mapErr(err, "phiếu bầu")
		}
		if err := json.Unmarshal([]byte(content), &b.Content); err != nil {
			return fmt.Errorf("store: ballot %d: %w", b.ID, err)
		}
		p.Ballots = append(p.Ballots, b)
	}
	return mapErr(rows.Err(), "phiếu bầu")
}

func exportDocuments(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	rows, err := q.QueryxContext(ctx, `SELECT number, kind, ref_id, created_at FROM documents WHERE congress_id = ? ORDER BY number`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "văn bản")
	}
	defer rows.Close()
	p.Documents = []offline.Document{}
	for rows.Next() {
		var d offline.Document
		if err := rows.Scan(&d.Number, &d.Kind, &d.RefID, &d.CreatedAt); err != nil {
			return mapErr(err, "văn bản")
		}
		p.Documents = append(p.Documents, d)
	}
	return mapErr(rows.Err(), "văn bản")
}

func exportResolution(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	r, err := findResolution(ctx, q, &congress.Congress{ID: p.Congress.ID})
	if congress.ErrorCode(err) == congress.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	w := &offline.Resolution{ID: r.ID, AdoptedOn: r.AdoptedOn, VotesFor: r.VotesFor, VotesAgainst: r.VotesAgainst,
		VotesAbstain: r.VotesAbstain, Sections: []offline.Section{}, Sample: r.Sample, Version: r.Version,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	for _, s := range r.Sections {
		w.Sections = append(w.Sections, offline.Section{Title: s.Title, Body: s.Body})
	}
	p.Resolution = w
	return nil
}

func exportTargets(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	list, err := findTargets(ctx, q, p.Congress.ID)
	if err != nil {
		return err
	}
	p.Targets = make([]offline.Target, len(list))
	for i, t := range list {
		r := t.row()
		p.Targets[i] = offline.Target{ID: r.ID, Position: r.Position, Sentence: r.Sentence, Subject: r.Subject,
			Comparator: r.Comparator, Value: r.Value, ValueHigh: r.ValueHigh, Unit: r.Unit, Period: r.Period, ByYear: r.ByYear,
			Category: r.Category, ParentID: r.ParentID, ShareOf: r.ShareOf, Base: r.Base, RatingSubject: r.RatingSubject,
			Measure: r.Measure, Sample: r.Sample, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	}
	return nil
}

func exportReviews(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	var rows []reviewRow
	if err := sqlx.SelectContext(ctx, q, &rows, reviewSelect+` WHERE t.congress_id = ? ORDER BY r.target_id, r.year`, p.Congress.ID); err != nil {
		return mapErr(err, "số liệu đánh giá")
	}
	p.Reviews = make([]offline.Review, len(rows))
	for i, r := range rows {
		p.Reviews[i] = offline.Review{ID: r.ID, TargetID: r.TargetID, Year: r.Year, Numerator: r.Numerator,
			Denominator: r.Denominator, Source: r.Source, Note: r.Note, NoteBy: r.NoteByName, NoteAt: r.NoteAt,
			CreatedBy: r.CreatedByName, Sample: r.Sample, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	}
	return nil
}

func exportRatings(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	var rows []ratingRow
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT `+ratingColumns+` FROM rating_counts WHERE congress_id = ?
		ORDER BY year, subject`, p.Congress.ID); err != nil {
		return mapErr(err, "kết quả xếp loại")
	}
	p.Ratings = make([]offline.Rating, len(rows))
	for i, r := range rows {
		p.Ratings[i] = offline.Rating{ID: r.ID, Year: r.Year, Subject: r.Subject, Excellent: r.Excellent, Good: r.Good,
			Completed: r.Completed, NotCompleted: r.NotCompleted, Source: r.Source, Sample: r.Sample, Version: r.Version,
			CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	}
	return nil
}

func exportAudit(ctx context.Context, q sqlx.QueryerContext, p *offline.Package) error {
	rows, err := q.QueryxContext(ctx, `SELECT id, at, user_id, username, organization_id, congress_id, entity, entity_id,
		action, old_value, new_value, reason, prev_hash, hash FROM audit_log WHERE congress_id = ? ORDER BY id`, p.Congress.ID)
	if err != nil {
		return mapErr(err, "nhật ký")
	}
	defer rows.Close()
	p.Audit = []offline.AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		if err := rows.StructScan(&e); err != nil {
			return mapErr(err, "nhật ký")
		}
		p.Audit = append(p.Audit, offline.AuditEntry(e))
	}
	return mapErr(rows.Err(), "nhật ký")
}

// ballotOf turns a package ballot into the stored form the count and the fingerprint read.
func ballotOf(b offline.Ballot) StoredBallot {
	return StoredBallot{ID: b.ID, Slot: b.Slot, Number: b.Number, Ballot: b.Content, Reason: b.Invalid,
		Clerk: b.Clerk, CreatedAt: b.CreatedAt}
}

// decodeFrozen reads the frozen request and result of a closed package round strictly: no unknown
// field, no wrong type.
func decodeFrozen(r offline.Round) (election.Request, election.Result, error) {
	var req election.Request
	var res election.Result
	if isNull(r.Request) || isNull(r.Result) {
		return req, res, fmt.Errorf("thiếu số liệu hoặc kết quả đã khóa")
	}
	dec := json.NewDecoder(strings.NewReader(string(r.Request)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, res, fmt.Errorf("số liệu đã khóa (request) không đọc được: %v", err)
	}
	dec = json.NewDecoder(strings.NewReader(string(r.Result)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&res); err != nil {
		return req, res, fmt.Errorf("kết quả đã khóa (result) không đọc được: %v", err)
	}
	return req, res, nil
}

func isNull(raw json.RawMessage) bool {
	s := strings.TrimSpace(string(raw))
	return s == "" || s == "null"
}
