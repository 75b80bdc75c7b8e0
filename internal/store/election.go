package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

const electionColumns = `e.id, e.congress_id, e.body, e.seats, e.list_kind, e.decision, e.state, e.appointed_person_id,
	e.appointment_note, e.version, e.created_at`

// ElectionView is an election with its list, its rounds and who it has elected so far.
type ElectionView struct {
	congress.Election
	Rounds []congress.Round `json:"rounds"`
	// Elected are the persons elected over all closed rounds, in the order they were elected.
	Elected []ElectedPerson `json:"elected"`
	// Remaining is seats minus those elected (and minus an appointment).
	Remaining int `json:"remaining_seats"`
	// Warnings are the engine's list warnings (rule 6); they never refuse.
	Warnings []election.Warning `json:"warnings"`
}

// ElectedPerson is a person elected in a closed round.
type ElectedPerson struct {
	PersonID          int64  `json:"person_id"`
	FullName          string `json:"full_name"`
	Votes             int    `json:"votes"`
	PercentHundredths int64  `json:"percent_hundredths"`
	Round             int    `json:"round"`
	Rank              int    `json:"rank"` // 1-based order of election (alternates replace officials in this order)
}

// FindElections returns the elections of a congress in rule 8's order, each with its rounds.
func (s *Store) FindElections(ctx context.Context, u *congress.User, congressID int64) ([]ElectionView, error) {
	if _, err := s.FindCongressByID(ctx, u, congressID); err != nil {
		return nil, err
	}
	var ids []int64
	if err := s.db.R.SelectContext(ctx, &ids, `SELECT id FROM elections WHERE congress_id = ?`, congressID); err != nil {
		return nil, mapErr(err, "cuộc bầu cử")
	}
	list := make([]ElectionView, 0, len(ids))
	for _, id := range ids {
		ev, err := findElection(ctx, s.db.R, u, id)
		if err != nil {
			return nil, err
		}
		list = append(list, *ev)
	}
	order := map[string]int{}
	for i, b := range congress.Bodies {
		order[b.Code] = i
	}
	sort.SliceStable(list, func(i, j int) bool { return order[list[i].Body] < order[list[j].Body] })
	return list, nil
}

// FindElectionByID returns one election in scope.
func (s *Store) FindElectionByID(ctx context.Context, u *congress.User, id int64) (*ElectionView, error) {
	return findElection(ctx, s.db.R, u, id)
}

func findElection(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*ElectionView, error) {
	lo, hi := scopeRange(u)
	var ev ElectionView
	if err := sqlx.GetContext(ctx, q, &ev.Election, `SELECT `+electionColumns+` FROM elections e
		JOIN congresses c ON c.id = e.congress_id JOIN organizations o ON o.id = c.organization_id
		WHERE e.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi); err != nil {
		return nil, mapErr(err, "cuộc bầu cử")
	}
	ev.Candidates = []congress.Candidate{}
	if err := sqlx.SelectContext(ctx, q, &ev.Candidates, `SELECT ca.person_id, p.full_name, ca.nominated_by, ca.floor_agree, ca.note
		FROM candidates ca JOIN persons p ON p.id = ca.person_id WHERE ca.election_id = ?`, id); err != nil {
		return nil, mapErr(err, "danh sách bầu cử")
	}
	vn.SortBy(ev.Candidates, func(c congress.Candidate) string { return c.FullName })
	ev.Rounds = []congress.Round{}
	if err := sqlx.SelectContext(ctx, q, &ev.Rounds, `SELECT `+roundColumns+` FROM rounds r WHERE r.election_id = ? ORDER BY r.number`, id); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	ev.Elected = []ElectedPerson{}
	for i := range ev.Rounds {
		r := &ev.Rounds[i]
		if err := loadRoundLists(ctx, q, r); err != nil {
			return nil, err
		}
		if !r.Closed {
			continue
		}
		res, err := decodeResult(r.ResultJSON)
		if err != nil {
			return nil, err
		}
		byName := map[string]int64{}
		var names []struct {
			PersonID int64  `db:"person_id"`
			Name     string `db:"full_name"`
		}
		if err := sqlx.SelectContext(ctx, q, &names, `SELECT rc.person_id, p.full_name FROM round_candidates rc
			JOIN persons p ON p.id = rc.person_id WHERE rc.round_id = ?`, r.ID); err != nil {
			return nil, mapErr(err, "vòng bầu")
		}
		labels := ballotNames(names)
		for _, n := range names {
			byName[labels[n.PersonID]] = n.PersonID
		}
		for _, name := range res.Elected {
			for _, c := range res.Candidates {
				if c.Name == name {
					ev.Elected = append(ev.Elected, ElectedPerson{PersonID: byName[name], FullName: stripBirthYear(name),
						Votes: c.Votes, PercentHundredths: election.PercentHundredths(c.Votes, res.Base), Round: r.Number,
						Rank: len(ev.Elected) + 1})
				}
			}
		}
	}
	ev.Remaining = ev.Seats - len(ev.Elected)
	if ev.AppointedPersonID != nil {
		ev.Remaining--
	}
	var ruleset string
	if err := sqlx.GetContext(ctx, q, &ruleset, `SELECT ruleset FROM congresses WHERE id = ?`, ev.CongressID); err != nil {
		return nil, mapErr(err, "đại hội")
	}
	ev.Warnings = election.ListWarnings(ruleset, ev.Body, ev.Seats, len(ev.Candidates))
	if ev.Warnings == nil {
		ev.Warnings = []election.Warning{}
	}
	return &ev, nil
}

// ballotNames gives each person the name printed on the ballot: the full name, with the birth year
// added when two persons of one list share a name (the count contract needs unique names).
func ballotNames(list []struct {
	PersonID int64  `db:"person_id"`
	Name     string `db:"full_name"`
}) map[int64]string {
	count := map[string]int{}
	for _, p := range list {
		count[strings.ToLower(p.Name)]++
	}
	out := make(map[int64]string, len(list))
	for _, p := range list {
		name := p.Name
		if count[strings.ToLower(p.Name)] > 1 {
			name = fmt.Sprintf("%s (số %d)", p.Name, p.PersonID)
		}
		out[p.PersonID] = name
	}
	return out
}

// stripBirthYear undoes the disambiguation of ballotNames for display.
func stripBirthYear(name string) string {
	if i := strings.LastIndex(name, " (số "); i > 0 && strings.HasSuffix(name, ")") {
		return name[:i]
	}
	return name
}

// ElectionInput is what a secretary submits to create or change an election.
type ElectionInput struct {
	congress.Election
	// CandidateIDs are the persons on the list; Nominations and FloorAgree are keyed by person id.
	CandidateIDs []int64
}

// CreateElection adds an election to a congress in scope, with its list.
func (s *Store) CreateElection(ctx context.Context, u *congress.User, in *ElectionInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c, err := writableCongress(ctx, tx, in.CongressID)
	if err != nil {
		return err
	}
	if ok, why := congress.BodyAllowed(c.OrganizationKind, in.Body); !ok {
		return &congress.Error{Code: congress.EINVALID, Message: why, Fields: map[string]string{"body": why}}
	}
	in.State, in.Version = "open", 1
	newID, err := insertID(ctx, tx, `INSERT INTO elections (congress_id, body, seats, list_kind, decision, state, version, created_at)
		VALUES (?, ?, ?, ?, ?, 'open', 1, ?)`, in.CongressID, in.Body, in.Seats, in.ListKind, in.Decision, tx.nowText())
	if err != nil {
		e := mapErr(err, "cuộc bầu cử")
		if congress.ErrorCode(e) == congress.ECONFLICT {
			msg := fmt.Sprintf("Đại hội đã có cuộc bầu %s.", congress.Label(congress.Bodies, in.Body))
			return &congress.Error{Code: congress.ECONFLICT, Message: msg, Fields: map[string]string{"body": msg}}
		}
		return e
	}
	in.ID = newID
	if err := writeCandidates(ctx, tx, c, in); err != nil {
		return err
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "election", entityID: in.ID, action: "create", new: in}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "cuộc bầu cử")
}

// UpdateElection changes the seats, ballot kind, list or the congress's decision, while no round
// of the election has been closed (after that, a new round carries a changed list).
func (s *Store) UpdateElection(ctx context.Context, u *congress.User, in *ElectionInput) error {
	if err := in.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findElection(ctx, tx, u, in.ID)
	if err != nil {
		return err
	}
	c, err := writableCongress(ctx, tx, old.CongressID)
	if err != nil {
		return err
	}
	if old.Version != in.Version {
		return staleErr("cuộc bầu cử", in.Version, old.Version)
	}
	for _, r := range old.Rounds {
		if r.Closed {
			return congress.Errorf(congress.ECONFLICT, "Vòng %d đã kết thúc: không sửa được danh sách; hãy thêm vòng bầu mới với danh sách mới.", r.Number)
		}
	}
	in.CongressID, in.Body, in.State, in.Version = old.CongressID, old.Body, old.State, old.Version+1
	if _, err := tx.ExecContext(ctx, `UPDATE elections SET seats = ?, list_kind = ?, decision = ?, version = ? WHERE id = ?`,
		in.Seats, in.ListKind, in.Decision, in.Version, in.ID); err != nil {
		return mapErr(err, "cuộc bầu cử")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM candidates WHERE election_id = ?`, in.ID); err != nil {
		return mapErr(err, "danh sách bầu cử")
	}
	if err := writeCandidates(ctx, tx, c, in); err != nil {
		return err
	}
	// Open rounds follow the list: their ballots would no longer match it.
	for _, r := range old.Rounds {
		var n int
		if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM ballots WHERE round_id = ?`, r.ID); err != nil {
			return mapErr(err, "phiếu bầu")
		}
		if n > 0 {
			return congress.Errorf(congress.ECONFLICT, "Vòng %d đã nhập %d phiếu: không sửa được danh sách nữa.", r.Number, n)
		}
		if err := setRoundCandidates(ctx, tx, r.ID, in.CandidateIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET seats = ? WHERE id = ? AND number = 1`, in.Seats, r.ID); err != nil {
			return mapErr(err, "vòng bầu")
		}
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "election", entityID: in.ID,
		action: "update", old: old.Election, new: in}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "cuộc bầu cử")
}

// writeCandidates writes the list of an election after checking who may stand (rule 8: first-
// session elections choose among the new committee; alternates come from the rest of the
// delegates' list).
func writeCandidates(ctx context.Context, tx *Tx, c *congress.Congress, in *ElectionInput) error {
	f := congress.FieldErrors{}
	if len(in.CandidateIDs) == 0 {
		f.Add("candidates", "Danh sách bầu cử chưa có ai.")
	}
	if len(in.CandidateIDs) > 1000 {
		f.Add("candidates", fmt.Sprintf("Danh sách tối đa 1.000 người (đang có %d).", len(in.CandidateIDs)))
	}
	byID := map[int64]congress.Candidate{}
	for _, cd := range in.Candidates {
		byID[cd.PersonID] = cd
	}
	allowed, why, err := eligible(ctx, tx, c, in.Body)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for i, pid := range in.CandidateIDs {
		key := fmt.Sprintf("candidates[%d]", i)
		if seen[pid] {
			f.Add(key, fmt.Sprintf("Người số %d có hai lần trong danh sách.", pid))
			continue
		}
		seen[pid] = true
		var p congress.Person
		if err := tx.GetContext(ctx, &p, `SELECT `+personColumns+` FROM persons p WHERE p.id = ? AND p.congress_id = ?`, pid, c.ID); err != nil {
			if congress.ErrorCode(mapErr(err, "")) == congress.ENOTFOUND {
				f.Add(key, fmt.Sprintf("Không có đảng viên số %d trong hồ sơ đại hội này.", pid))
				continue
			}
			return mapErr(err, "đảng viên")
		}
		if allowed != nil && !allowed[pid] {
			f.Add(key, fmt.Sprintf("%s: %s", p.FullName, why))
			continue
		}
		cd := byID[pid]
		if cd.NominatedBy == "" {
			cd.NominatedBy = congress.NominatedCommittee
		}
		if congress.Label(congress.Nominations, cd.NominatedBy) == cd.NominatedBy {
			f.Add(key+".nominated_by", fmt.Sprintf("Cách giới thiệu %q không hợp lệ.", cd.NominatedBy))
			continue
		}
		if cd.FloorAgree < 0 || cd.FloorAgree > c.Present && c.Present > 0 {
			f.Add(key+".floor_agree", fmt.Sprintf("Số đồng ý đưa %s vào danh sách (%d) phải từ 0 đến số có mặt (%d).", p.FullName, cd.FloorAgree, c.Present))
			continue
		}
		// Rule 6: a floor or self nomination joins the list only with more than 30% of those present.
		if cd.NominatedBy != congress.NominatedCommittee && c.Present > 0 && cd.FloorAgree*10 <= c.Present*3 {
			f.Add(key+".floor_agree", fmt.Sprintf("%s do đại hội đề cử hoặc tự ứng cử chỉ vào danh sách khi quá 30%% số có mặt đồng ý (%d/%d).",
				p.FullName, cd.FloorAgree, c.Present))
			continue
		}
		cd.Note = congress.CleanText(cd.Note)
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidates (election_id, person_id, nominated_by, floor_agree, note) VALUES (?, ?, ?, ?, ?)`,
			in.ID, pid, cd.NominatedBy, cd.FloorAgree, cd.Note); err != nil {
			return mapErr(err, "danh sách bầu cử")
		}
	}
	return f.Err(congress.EINVALID, "")
}

// eligible returns who may stand for body at congress c (nil: anyone on the congress's roll) and
// the reason others may not.
func eligible(ctx context.Context, tx *Tx, c *congress.Congress, body string) (map[int64]bool, string, error) {
	from := func(bodies ...string) (map[int64]bool, bool, error) {
		set := map[int64]bool{}
		found := false
		for _, b := range bodies {
			var id int64
			err := tx.GetContext(ctx, &id, `SELECT id FROM elections WHERE congress_id = ? AND body = ?`, c.ID, b)
			if congress.ErrorCode(mapErr(err, "")) == congress.ENOTFOUND {
				continue
			} else if err != nil {
				return nil, false, mapErr(err, "cuộc bầu cử")
			}
			found = true
			ev, err := findElection(ctx, tx, nil, id)
			if err != nil {
				return nil, false, err
			}
			for _, p := range ev.Elected {
				set[p.PersonID] = true
			}
			if ev.AppointedPersonID != nil {
				set[*ev.AppointedPersonID] = true
			}
		}
		return set, found, nil
	}
	switch body {
	case congress.BodyStanding, congress.BodySecretary, congress.BodyDeputySecretary:
		if c.OrganizationKind == congress.KindCell {
			set, found, err := from(congress.BodyCellCommittee)
			if err != nil || !found {
				return nil, "", err // a small cell elects its secretary straight from its members
			}
			return set, "không phải chi ủy viên vừa được bầu.", nil
		}
		set, found, err := from(congress.BodyExecutive)
		if err != nil {
			return nil, "", err
		}
		if !found {
			return map[int64]bool{}, "chưa bầu Ban Chấp hành; phiên họp thứ nhất bầu trong số ủy viên Ban Chấp hành.", nil
		}
		return set, "không phải ủy viên Ban Chấp hành vừa được bầu.", nil
	case congress.BodyInspectionChair:
		set, found, err := from(congress.BodyInspection)
		if err != nil {
			return nil, "", err
		}
		if !found {
			return map[int64]bool{}, "chưa bầu Ủy ban Kiểm tra; Chủ nhiệm được bầu trong số ủy viên Ủy ban Kiểm tra.", nil
		}
		return set, "không phải ủy viên Ủy ban Kiểm tra vừa được bầu.", nil
	case congress.BodyDelegateAlternate:
		// One combined list: alternates come from the rest after the officials (rule 7).
		var id int64
		err := tx.GetContext(ctx, &id, `SELECT id FROM elections WHERE congress_id = ? AND body = ?`, c.ID, congress.BodyDelegateOfficial)
		if congress.ErrorCode(mapErr(err, "")) == congress.ENOTFOUND {
			return map[int64]bool{}, "chưa bầu đại biểu chính thức; đại biểu dự khuyết được bầu trong số còn lại của cùng danh sách.", nil
		} else if err != nil {
			return nil, "", mapErr(err, "cuộc bầu cử")
		}
		ev, err := findElection(ctx, tx, nil, id)
		if err != nil {
			return nil, "", err
		}
		set := map[int64]bool{}
		for _, cd := range ev.Candidates {
			set[cd.PersonID] = true
		}
		for _, p := range ev.Elected {
			delete(set, p.PersonID)
		}
		return set, "không thuộc phần còn lại của danh sách đại biểu (đã trúng cử chính thức hoặc không có trong danh sách).", nil
	}
	return nil, "", nil
}
