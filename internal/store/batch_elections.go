package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

// ClosedElection is an election held in one round counted by totals, with its candidates, as the
// demo generator records thousands of them: the same rows, count, fingerprint and audit trail as
// CreatePerson, CreateElection, CreateRound, SetTally and CloseRound would leave, written with a
// few statements per row instead of the lookups each of those repeats.
type ClosedElection struct {
	CongressID int64
	Body       string
	Seats      int
	ListKind   string
	Decision   string
	// Persons are the candidates. A person without an ID is new to the congress's roll and is added
	// (its ID filled in); one with an ID is already on it, as the members of a new committee are
	// when its first session elects the secretary among them.
	Persons []congress.Person
	// Votes are the candidates' votes, in the order of Persons.
	Votes          []int
	Counters       []congress.CountingMember
	Ballots        election.BallotTotals
	InvalidReasons map[string]int
	// Attendance is who was convened and present at the vote: nil for the congress's own, the new
	// committee's members for an election at its first session.
	Attendance *congress.Attendance
	// ClosedAt is when the counting minutes were closed; the zero time means now.
	ClosedAt time.Time

	// Filled in.
	ElectionID  int64
	RoundID     int64
	Result      election.Result
	Fingerprint string
}

// CreateClosedElection records in.Persons on the congress's roll and in.Body's election among
// them, with one round counted from the totals by election.Count and closed: numbered in the
// congress's running document numbers and stamped with its Fingerprint, so that Verify finds it
// consistent. Who may stand is checked as CreateElection checks it (the first session elects
// among the new committee). Errors are those of the calls it
// stands for: EINVALID for a bad person, election or count, ECONFLICT for a body already elected.
func (b *Batch) CreateClosedElection(ctx context.Context, in *ClosedElection) error {
	tx := b.tx
	c, err := writableCongress(ctx, tx, in.CongressID)
	if err != nil {
		return err
	}
	if ok, why := congress.BodyAllowed(c.OrganizationKind, in.Body); !ok {
		return &congress.Error{Code: congress.EINVALID, Message: why, Fields: map[string]string{"body": why}}
	}
	e := congress.Election{CongressID: c.ID, Body: in.Body, Seats: in.Seats, ListKind: in.ListKind, Decision: in.Decision}
	if err := e.Validate(); err != nil {
		return err
	}
	if len(in.Votes) != len(in.Persons) || len(in.Persons) == 0 {
		return congress.Errorf(congress.EINVALID, "Danh sách bầu cử có %d người nhưng %d số phiếu.", len(in.Persons), len(in.Votes))
	}
	now := tx.nowText()
	closedAt := now
	if !in.ClosedAt.IsZero() {
		closedAt = in.ClosedAt.UTC().Format(time.RFC3339)
	}

	// The roll.
	added := []congress.Person{}
	for i := range in.Persons {
		p := &in.Persons[i]
		if p.ID != 0 {
			var n int
			if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM persons WHERE id = ? AND congress_id = ?`, p.ID, c.ID); err != nil {
				return mapErr(err, "đảng viên")
			}
			if n == 0 {
				return congress.Errorf(congress.EINVALID, "Không có đảng viên số %d trong hồ sơ đại hội này.", p.ID)
			}
			continue
		}
		p.CongressID, p.Version = c.ID, 1
		if err := p.Validate(); err != nil {
			return err
		}
		newID, err := insertID(ctx, tx, `INSERT INTO persons (congress_id, full_name, birth_date, gender, ethnicity, religion, home_town,
			position, joined_on, official_on, education, degree, theory_level, incumbent, name_fold, sample, version, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			p.CongressID, p.FullName, p.BirthDate, p.Gender, p.Ethnicity, p.Religion, p.HomeTown, p.Position, p.JoinedOn,
			p.OfficialOn, p.Education, p.Degree, p.TheoryLevel, p.Incumbent, vn.Fold(p.FullName), p.Sample, now)
		if err != nil {
			return mapErr(err, "đảng viên "+p.FullName)
		}
		p.ID = newID
		added = append(added, *p)
	}
	if len(added) > 0 {
		if err := rebuildCongressSearch(ctx, tx, c, c.OrganizationName); err != nil {
			return err
		}
		if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "person", action: "create",
			new: added}); err != nil {
			return err
		}
	}

	// The election and its list.
	electionID, err := insertID(ctx, tx, `INSERT INTO elections (congress_id, body, seats, list_kind, decision, state, version, created_at)
		VALUES (?, ?, ?, ?, ?, 'open', 1, ?)`, c.ID, e.Body, e.Seats, e.ListKind, e.Decision, now)
	if err != nil {
		return mapErr(err, "cuộc bầu cử")
	}
	in.ElectionID = electionID
	allowed, why, err := eligible(ctx, tx, c, e.Body)
	if err != nil {
		return err
	}
	ids := make([]int64, len(in.Persons))
	for i, p := range in.Persons {
		ids[i] = p.ID
		if allowed != nil && !allowed[p.ID] {
			return congress.Errorf(congress.EINVALID, "%s: %s", p.FullName, why)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidates (election_id, person_id, nominated_by, floor_agree, note)
			VALUES (?, ?, 'committee', 0, '')`, in.ElectionID, p.ID); err != nil {
			return mapErr(err, "danh sách bầu cử")
		}
	}
	e.ID, e.State, e.Version, e.CreatedAt = in.ElectionID, "open", 1, now
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "election", entityID: e.ID, action: "create",
		new: ElectionInput{Election: e, CandidateIDs: ids}}); err != nil {
		return err
	}

	// The round, its ballot in A-B-C order, and its count.
	f := congress.FieldErrors{}
	att := c.Attendance
	if in.Attendance != nil {
		att = *in.Attendance
	}
	r := congress.Round{ElectionID: e.ID, Number: 1, Seats: e.Seats, Attendance: att, EntryMode: congress.EntryTotals,
		Issued: in.Ballots.Issued, Collected: in.Ballots.Collected, Valid: in.Ballots.Valid, Invalid: in.Ballots.Invalid,
		Counters: in.Counters, CandidateIDs: ids, Version: 1, StartedAt: now}
	validateRoundSetup(c, &r, f)
	onList := map[string]bool{}
	for _, p := range in.Persons {
		onList[strings.ToLower(p.FullName)] = true
	}
	for i, m := range r.Counters {
		if onList[strings.ToLower(m.Name)] {
			f.Add(fmt.Sprintf("counting_committee[%d].name", i), fmt.Sprintf("%s có tên trong danh sách bầu cử nên không được ở Ban kiểm phiếu.", m.Name))
		}
	}
	if len(r.Counters) == 0 {
		f.Add("counting_committee", "Chưa ghi Ban kiểm phiếu của vòng bầu.")
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return err
	}
	type line struct {
		person *congress.Person
		votes  int
	}
	list := make([]line, len(in.Persons))
	names := make([]struct {
		PersonID int64  `db:"person_id"`
		Name     string `db:"full_name"`
	}, len(in.Persons))
	for i := range in.Persons {
		list[i] = line{&in.Persons[i], in.Votes[i]}
		names[i].PersonID, names[i].Name = in.Persons[i].ID, in.Persons[i].FullName
	}
	vn.SortBy(list, func(l line) string { return l.person.FullName })
	labels := ballotNames(names)
	present := r.Present
	req := election.Request{
		Ruleset: c.Ruleset, CongressKind: c.Kind, Body: e.Body, Seats: r.Seats,
		Base: election.BaseFigures{Convened: r.Convened, TemporarilyAttachedAbsent: r.TemporarilyAttachedAbsent,
			ExemptAbsent: r.ExemptAbsent, Suspended: r.Suspended, AbsentWithReason: r.AbsentWithReason,
			CommitteeAbsent: r.CommitteeAbsent, AbsentNotReplaced: r.AbsentNotReplaced},
		Present: &present, Ballots: in.Ballots, Candidates: make([]election.CandidateVotes, len(list)),
	}
	for i, l := range list {
		req.Candidates[i] = election.CandidateVotes{Name: labels[l.person.ID], Votes: l.votes}
	}
	if in.Result, err = election.Count(req); err != nil {
		return err
	}
	in.Fingerprint = Fingerprint(req, in.Result, "")
	counters, _ := json.Marshal(r.Counters)
	reasons, _ := json.Marshal(nonNilMap(in.InvalidReasons))
	reqJSON, _ := json.Marshal(req)
	resJSON, _ := json.Marshal(in.Result)
	roundID, err := insertID(ctx, tx, `INSERT INTO rounds (election_id, number, seats, convened, present, temporarily_attached_absent,
		exempt_absent, suspended, absent_with_reason, committee_absent, absent_not_replaced, entry_mode, double_entry, issued,
		collected, valid, invalid, counting_committee, invalid_reasons, version, started_at)
		VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'totals', FALSE, ?, ?, ?, ?, ?, ?, 1, ?)`,
		e.ID, r.Seats, r.Convened, r.Present, r.TemporarilyAttachedAbsent, r.ExemptAbsent, r.Suspended, r.AbsentWithReason,
		r.CommitteeAbsent, r.AbsentNotReplaced, r.Issued, r.Collected, r.Valid, r.Invalid, string(counters), string(reasons), now)
	if err != nil {
		return mapErr(err, "vòng bầu")
	}
	in.RoundID = roundID
	r.ID = in.RoundID
	for i, l := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_candidates (round_id, person_id, position, votes) VALUES (?, ?, ?, ?)`,
			r.ID, l.person.ID, i+1, l.votes); err != nil {
			return mapErr(err, "vòng bầu")
		}
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "round", entityID: r.ID, action: "create", new: r}); err != nil {
		return err
	}
	docNumber, err := nextDocumentNumber(ctx, tx, c.ID, "counting_minutes", r.ID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE rounds SET closed = TRUE, closed_at = ?, document_number = ?, fingerprint = ?,
		request_json = ?, result_json = ?, version = 2 WHERE id = ?`, closedAt, docNumber, in.Fingerprint, string(reqJSON), string(resJSON), r.ID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	if len(in.Result.Elected) >= e.Seats {
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET state = 'done', version = version + 1 WHERE id = ?`, e.ID); err != nil {
			return mapErr(err, "cuộc bầu cử")
		}
	}
	return tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "round", entityID: r.ID, action: "close",
		new: map[string]any{"document_number": docNumber, "fingerprint": in.Fingerprint, "elected": in.Result.Elected}})
}
