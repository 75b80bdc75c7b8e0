package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

const roundColumns = `r.id, r.election_id, r.number, r.seats, r.convened, r.present, r.temporarily_attached_absent,
	r.exempt_absent, r.suspended, r.absent_with_reason, r.committee_absent, r.absent_not_replaced, r.entry_mode,
	r.double_entry, r.issued, r.collected, r.valid, r.invalid, r.closed, r.closed_at, r.document_number,
	r.fingerprint, r.result_json, r.request_json, r.version, r.started_at`

// loadRoundLists fills the parts of a round kept outside its row.
func loadRoundLists(ctx context.Context, q sqlx.QueryerContext, r *congress.Round) error {
	var extra struct {
		Counting string `db:"counting_committee"`
		Reasons  string `db:"invalid_reasons"`
	}
	if err := sqlx.GetContext(ctx, q, &extra, `SELECT counting_committee, invalid_reasons FROM rounds WHERE id = ?`, r.ID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	r.Counters, r.InvalidReasons = []congress.CountingMember{}, map[string]int{}
	if err := json.Unmarshal([]byte(extra.Counting), &r.Counters); err != nil {
		return fmt.Errorf("store: round %d counting committee: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(extra.Reasons), &r.InvalidReasons); err != nil {
		return fmt.Errorf("store: round %d invalid reasons: %w", r.ID, err)
	}
	var rows []struct {
		PersonID int64 `db:"person_id"`
		Votes    int   `db:"votes"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT person_id, votes FROM round_candidates WHERE round_id = ? ORDER BY position`, r.ID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	r.CandidateIDs, r.Votes = make([]int64, 0, len(rows)), map[int64]int{}
	for _, row := range rows {
		r.CandidateIDs = append(r.CandidateIDs, row.PersonID)
		r.Votes[row.PersonID] = row.Votes
	}
	return nil
}

func decodeResult(text string) (*election.Result, error) {
	var res election.Result
	if err := json.Unmarshal([]byte(text), &res); err != nil {
		return nil, fmt.Errorf("store: stored result: %w", err)
	}
	return &res, nil
}

// setRoundCandidates writes a round's ballot list in Vietnamese A-B-C order (ballot order).
func setRoundCandidates(ctx context.Context, tx *Tx, roundID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM round_candidates WHERE round_id = ?`, roundID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	type pn struct {
		id   int64
		name string
	}
	list := make([]pn, 0, len(ids))
	for _, id := range ids {
		var name string
		if err := tx.GetContext(ctx, &name, `SELECT full_name FROM persons WHERE id = ?`, id); err != nil {
			return mapErr(err, "đảng viên")
		}
		list = append(list, pn{id, name})
	}
	vn.SortBy(list, func(p pn) string { return p.name })
	for i, p := range list {
		if _, err := tx.ExecContext(ctx, `INSERT INTO round_candidates (round_id, person_id, position, votes) VALUES (?, ?, ?, 0)`,
			roundID, p.id, i+1); err != nil {
			return mapErr(err, "vòng bầu")
		}
	}
	return nil
}

// RoundCandidate is a line of a round's ballot.
type RoundCandidate struct {
	PersonID int64  `json:"person_id" db:"person_id"`
	FullName string `json:"full_name" db:"full_name"`
	// BallotName is the name the count uses: the full name, made unique when two share it.
	BallotName string `json:"ballot_name" db:"-"`
	Position   int    `json:"position" db:"position"` // 1-based, A-B-C order
	Votes      int    `json:"votes" db:"votes"`
}

// RoundView is a round with what surrounds it.
type RoundView struct {
	congress.Round
	Election   congress.Election `json:"election"`
	Congress   congress.Congress `json:"-"`
	Candidates []RoundCandidate  `json:"candidates"`
	// Last says this is the election's latest round (only it may be reopened or counted into).
	Last bool `json:"last"`
}

// FindRoundByID returns a round in scope.
func (s *Store) FindRoundByID(ctx context.Context, u *congress.User, id int64) (*RoundView, error) {
	return findRound(ctx, s.db.R, u, id)
}

func findRound(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*RoundView, error) {
	lo, hi := scopeRange(u)
	var rv RoundView
	if err := sqlx.GetContext(ctx, q, &rv.Round, `SELECT `+roundColumns+` FROM rounds r
		JOIN elections e ON e.id = r.election_id JOIN congresses c ON c.id = e.congress_id
		JOIN organizations o ON o.id = c.organization_id
		WHERE r.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	if err := loadRoundLists(ctx, q, &rv.Round); err != nil {
		return nil, err
	}
	if err := sqlx.GetContext(ctx, q, &rv.Election, `SELECT `+electionColumns+` FROM elections e WHERE e.id = ?`, rv.ElectionID); err != nil {
		return nil, mapErr(err, "cuộc bầu cử")
	}
	c, err := findCongress(ctx, q, nil, rv.Election.CongressID)
	if err != nil {
		return nil, err
	}
	rv.Congress = *c
	if err := sqlx.SelectContext(ctx, q, &rv.Candidates, `SELECT rc.person_id, p.full_name, rc.position, rc.votes
		FROM round_candidates rc JOIN persons p ON p.id = rc.person_id WHERE rc.round_id = ? ORDER BY rc.position`, id); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	names := make([]struct {
		PersonID int64  `db:"person_id"`
		Name     string `db:"full_name"`
	}, len(rv.Candidates))
	for i, c := range rv.Candidates {
		names[i].PersonID, names[i].Name = c.PersonID, c.FullName
	}
	labels := ballotNames(names)
	for i := range rv.Candidates {
		rv.Candidates[i].BallotName = labels[rv.Candidates[i].PersonID]
	}
	var maxNumber int
	if err := sqlx.GetContext(ctx, q, &maxNumber, `SELECT MAX(number) FROM rounds WHERE election_id = ?`, rv.ElectionID); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	rv.Last = maxNumber == rv.Number
	return &rv, nil
}

// CreateRound opens the next round of an election. Zero fields take their defaults: the seats
// still open (or the re-vote's seats after a tie), the list (the tied only after a tie; those not
// yet elected after a shortfall), and the attendance of the round before or of the congress.
func (s *Store) CreateRound(ctx context.Context, u *congress.User, electionID int64, r *congress.Round) error {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ev, err := findElection(ctx, tx, u, electionID)
	if err != nil {
		return err
	}
	c, err := writableCongress(ctx, tx, ev.CongressID)
	if err != nil {
		return err
	}
	if ev.State == "done" {
		return congress.Errorf(congress.ECONFLICT, "Cuộc bầu %s đã kết thúc; không mở thêm vòng.", ev.BodyLabel())
	}
	var last *congress.Round
	if n := len(ev.Rounds); n > 0 {
		last = &ev.Rounds[n-1]
		if !last.Closed {
			return congress.Errorf(congress.ECONFLICT, "Vòng %d chưa kết thúc; hãy kết thúc vòng đó trước khi mở vòng mới.", last.Number)
		}
	}
	if ev.Remaining <= 0 {
		return congress.Errorf(congress.ECONFLICT, "Cuộc bầu %s đã đủ %d người.", ev.BodyLabel(), ev.Seats)
	}
	f := congress.FieldErrors{}
	defSeats, defList := ev.Remaining, []int64{}
	elected := map[int64]bool{}
	for _, p := range ev.Elected {
		elected[p.PersonID] = true
	}
	if last != nil {
		res, err := decodeResult(last.ResultJSON)
		if err != nil {
			return err
		}
		if res.Runoff != nil {
			// Rule 4: the re-vote is among the tied only, for the seats the tie left open.
			defSeats = res.Runoff.Seats
			tied := map[string]bool{}
			for _, n := range res.Runoff.Candidates {
				tied[n] = true
			}
			prev, err := findRound(ctx, tx, u, last.ID)
			if err != nil {
				return err
			}
			for _, cd := range prev.Candidates {
				if tied[cd.BallotName] {
					defList = append(defList, cd.PersonID)
				}
			}
		}
	}
	if len(defList) == 0 {
		for _, cd := range ev.Candidates {
			if !elected[cd.PersonID] {
				defList = append(defList, cd.PersonID)
			}
		}
	}
	if r.Seats == 0 {
		r.Seats = defSeats
	}
	if r.Seats < 1 || r.Seats > ev.Remaining {
		f.Add("seats", fmt.Sprintf("Số lượng bầu ở vòng này (%d) phải từ 1 đến số còn thiếu (%d).", r.Seats, ev.Remaining))
	}
	if len(r.CandidateIDs) == 0 {
		r.CandidateIDs = defList
	}
	onList := map[int64]bool{}
	for _, cd := range ev.Candidates {
		onList[cd.PersonID] = true
	}
	allowed, why, err := eligible(ctx, tx, c, ev.Body)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for i, pid := range r.CandidateIDs {
		key := fmt.Sprintf("candidate_ids[%d]", i)
		switch {
		case seen[pid]:
			f.Add(key, fmt.Sprintf("Người số %d có hai lần trong danh sách.", pid))
		case elected[pid]:
			f.Add(key, fmt.Sprintf("Người số %d đã trúng cử ở vòng trước.", pid))
		case allowed != nil && !allowed[pid]:
			f.Add(key, fmt.Sprintf("Người số %d %s", pid, why))
		case !onList[pid]:
			// Rule 5: the list of a further round may change; a new name joins the election's list.
			var n int
			if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM persons WHERE id = ? AND congress_id = ?`, pid, c.ID); err != nil {
				return mapErr(err, "đảng viên")
			}
			if n == 0 {
				f.Add(key, fmt.Sprintf("Không có đảng viên số %d trong hồ sơ đại hội này.", pid))
			} else if _, err := tx.ExecContext(ctx, `INSERT INTO candidates (election_id, person_id, nominated_by, note) VALUES (?, ?, 'committee', ?)`,
				ev.ID, pid, fmt.Sprintf("Bổ sung ở vòng %d", len(ev.Rounds)+1)); err != nil {
				return mapErr(err, "danh sách bầu cử")
			}
		}
		seen[pid] = true
	}
	if len(r.CandidateIDs) == 0 {
		f.Add("candidate_ids", "Danh sách của vòng bầu chưa có ai.")
	}
	if r.Convened == 0 && r.Present == 0 {
		src := c.Attendance
		if last != nil {
			src = last.Attendance
		}
		r.Attendance = src
	}
	if r.EntryMode == "" {
		r.EntryMode = congress.EntryBallots
	}
	validateRoundSetup(c, r, f)
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return err
	}
	r.ElectionID, r.Number, r.Version, r.StartedAt = ev.ID, len(ev.Rounds)+1, 1, tx.nowText()
	counters, _ := json.Marshal(r.Counters)
	newID, err := insertID(ctx, tx, `INSERT INTO rounds (election_id, number, seats, convened, present, temporarily_attached_absent,
		exempt_absent, suspended, absent_with_reason, committee_absent, absent_not_replaced, entry_mode, double_entry, issued,
		counting_committee, version, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		r.ElectionID, r.Number, r.Seats, r.Convened, r.Present, r.TemporarilyAttachedAbsent, r.ExemptAbsent, r.Suspended,
		r.AbsentWithReason, r.CommitteeAbsent, r.AbsentNotReplaced, r.EntryMode, r.DoubleEntry, r.Issued, string(counters), r.StartedAt)
	if err != nil {
		return mapErr(err, "vòng bầu")
	}
	r.ID = newID
	if err := setRoundCandidates(ctx, tx, r.ID, r.CandidateIDs); err != nil {
		return err
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "round", entityID: r.ID, action: "create", new: r}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "vòng bầu")
}

// validateRoundSetup checks the counting committee, the attendance at the vote and the modes.
func validateRoundSetup(c *congress.Congress, r *congress.Round, f congress.FieldErrors) {
	if r.EntryMode != congress.EntryTotals && r.EntryMode != congress.EntryBallots {
		f.Add("entry_mode", fmt.Sprintf("Cách nhập %q không hợp lệ: chọn nhập tổng số (totals) hoặc nhập từng phiếu (ballots).", r.EntryMode))
	}
	if r.DoubleEntry && r.EntryMode != congress.EntryBallots {
		f.Add("double_entry", "Nhập hai lần chỉ dùng khi nhập từng phiếu.")
	}
	probe := congress.Congress{Kind: c.Kind, Attendance: r.Attendance, Ordinal: 1, Ruleset: c.Ruleset, State: congress.StatePlanned}
	if err := probe.Validate(congress.Term{}); err != nil {
		for k, v := range congress.ErrorFields(err) {
			if k != "kind" && k != "ruleset" {
				f.Add(k, strings.Replace(v, "Số ", "Khi bỏ phiếu: số ", 1))
			}
		}
	}
	if r.Attendance.Base(c.Kind) <= 0 && r.Convened > 0 {
		f.Add("convened", fmt.Sprintf("Cơ sở tính kết quả (%d) phải lớn hơn 0.", r.Attendance.Base(c.Kind)))
	}
	if r.Issued < 0 || r.Issued > r.Present {
		f.Add("issued", fmt.Sprintf("Số phiếu phát ra (%d) phải từ 0 đến số có mặt (%d).", r.Issued, r.Present))
	}
	heads := 0
	for i := range r.Counters {
		m := &r.Counters[i]
		m.Name = congress.CleanText(m.Name)
		if m.Name == "" {
			f.Add(fmt.Sprintf("counting_committee[%d].name", i), fmt.Sprintf("Thành viên Ban kiểm phiếu thứ %d chưa có họ tên.", i+1))
		} else if utf8.RuneCountInString(m.Name) > 100 {
			f.Add(fmt.Sprintf("counting_committee[%d].name", i), "Họ tên tối đa 100 ký tự.")
		}
		if m.Head {
			heads++
		}
	}
	if len(r.Counters) > 30 {
		f.Add("counting_committee", fmt.Sprintf("Ban kiểm phiếu tối đa 30 người (đang có %d).", len(r.Counters)))
	}
	if heads > 1 {
		f.Add("counting_committee", fmt.Sprintf("Ban kiểm phiếu chỉ có một trưởng ban (đang có %d).", heads))
	}
}

// UpdateRoundSetup changes a round's counting committee, attendance at the vote, entry mode and
// ballots issued while it is open. A stale version is ECONFLICT.
func (s *Store) UpdateRoundSetup(ctx context.Context, u *congress.User, r *congress.Round) error {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := openRoundForWrite(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	if old.Version != r.Version {
		return staleErr("vòng bầu", r.Version, old.Version)
	}
	f := congress.FieldErrors{}
	validateRoundSetup(&old.Congress, r, f)
	var nBallots int
	if err := tx.GetContext(ctx, &nBallots, `SELECT COUNT(*) FROM ballots WHERE round_id = ?`, r.ID); err != nil {
		return mapErr(err, "phiếu bầu")
	}
	if nBallots > 0 && (r.EntryMode != old.EntryMode || r.DoubleEntry != old.DoubleEntry) {
		f.Add("entry_mode", fmt.Sprintf("Đã nhập %d phiếu: không đổi cách nhập được nữa.", nBallots))
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return err
	}
	r.Version = old.Version + 1
	counters, _ := json.Marshal(r.Counters)
	if _, err := tx.ExecContext(ctx, `UPDATE rounds SET convened = ?, present = ?, temporarily_attached_absent = ?, exempt_absent = ?,
		suspended = ?, absent_with_reason = ?, committee_absent = ?, absent_not_replaced = ?, entry_mode = ?, double_entry = ?,
		issued = ?, collected = CASE WHEN collected > ? THEN 0 ELSE collected END,
		valid = CASE WHEN collected > ? THEN 0 ELSE valid END, invalid = CASE WHEN collected > ? THEN 0 ELSE invalid END,
		counting_committee = ?, version = ? WHERE id = ?`,
		r.Convened, r.Present, r.TemporarilyAttachedAbsent, r.ExemptAbsent, r.Suspended, r.AbsentWithReason, r.CommitteeAbsent,
		r.AbsentNotReplaced, r.EntryMode, r.DoubleEntry, r.Issued, r.Issued, r.Issued, r.Issued, string(counters), r.Version, r.ID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	if err := tx.writeAudit(ctx, audit{orgID: old.Congress.OrganizationID, congressID: old.Congress.ID, entity: "round", entityID: r.ID,
		action: "update", old: old.Round, new: r}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "vòng bầu")
}

// openRoundForWrite loads a round the actor may write and that is still open.
func openRoundForWrite(ctx context.Context, tx *Tx, id int64) (*RoundView, error) {
	rv, err := findRound(ctx, tx, tx.actor, id)
	if err != nil {
		return nil, err
	}
	if _, err := writableCongress(ctx, tx, rv.Congress.ID); err != nil {
		return nil, err
	}
	if rv.Closed {
		return nil, congress.Errorf(congress.ECONFLICT, "Vòng %d của cuộc bầu %s đã kết thúc và được khóa; muốn sửa phải mở lại vòng (có ghi lý do).",
			rv.Number, rv.Election.BodyLabel())
	}
	return rv, nil
}

// Tally is the totals a counting committee types for a round entered by totals.
type Tally struct {
	Version        int64            `json:"version"`
	Issued         int              `json:"issued"`
	Collected      int              `json:"collected"`
	Valid          int              `json:"valid"`
	Invalid        int              `json:"invalid"`
	InvalidReasons map[string]int   `json:"invalid_reasons"`
	Votes          map[int64]int    `json:"-"`
	VotesList      []CandidateTally `json:"votes"`
}

// CandidateTally is one candidate's votes in a Tally.
type CandidateTally struct {
	PersonID int64 `json:"person_id"`
	Votes    int   `json:"votes"`
}

// SetTally stores the totals of a round entered by totals, after the engine has checked every
// consistency rule; nothing is saved if a figure is off. A stale version is ECONFLICT.
func (s *Store) SetTally(ctx context.Context, u *congress.User, roundID int64, t *Tally) error {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rv, err := openRoundForWrite(ctx, tx, roundID)
	if err != nil {
		return err
	}
	if rv.EntryMode != congress.EntryTotals {
		return congress.Errorf(congress.ECONFLICT, "Vòng %d nhập từng phiếu; tổng số được tính từ các phiếu.", rv.Number)
	}
	if rv.Version != t.Version {
		return staleErr("vòng bầu", t.Version, rv.Version)
	}
	if t.Votes == nil {
		t.Votes = map[int64]int{}
	}
	f := congress.FieldErrors{}
	onRound := map[int64]bool{}
	for _, c := range rv.Candidates {
		onRound[c.PersonID] = true
	}
	for i, v := range t.VotesList {
		if !onRound[v.PersonID] {
			f.Add(fmt.Sprintf("votes[%d].person_id", i), fmt.Sprintf("Người số %d không có trong danh sách vòng %d.", v.PersonID, rv.Number))
			continue
		}
		t.Votes[v.PersonID] = v.Votes
	}
	sum := 0
	for code, n := range t.InvalidReasons {
		if n < 0 || n > election.MaxFigure {
			f.Add("invalid_reasons."+code, fmt.Sprintf("Số phiếu không hợp lệ vì lý do này (%d) không hợp lệ.", n))
		}
		if len(code) > 64 || strings.TrimSpace(code) == "" {
			f.Add("invalid_reasons", "Mã lý do phiếu không hợp lệ phải có từ 1 đến 64 ký tự.")
		}
		sum += n
	}
	if len(t.InvalidReasons) > 0 && sum != t.Invalid {
		f.Add("invalid_reasons", fmt.Sprintf("Tổng số phiếu không hợp lệ theo lý do (%d) phải bằng số phiếu không hợp lệ (%d).", sum, t.Invalid))
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return err
	}
	// The engine checks every consistency rule of DOMAIN.md on exactly what will be stored.
	probe := rv.Round
	probe.Issued, probe.Collected, probe.Valid, probe.Invalid = t.Issued, t.Collected, t.Valid, t.Invalid
	probe.Votes = t.Votes
	req := roundRequest(rv, &probe, nil)
	if _, err := election.Count(req); err != nil {
		return err
	}
	reasons, _ := json.Marshal(nonNilMap(t.InvalidReasons))
	t.Version = rv.Version + 1
	if _, err := tx.ExecContext(ctx, `UPDATE rounds SET issued = ?, collected = ?, valid = ?, invalid = ?, invalid_reasons = ?, version = ?
		WHERE id = ?`, t.Issued, t.Collected, t.Valid, t.Invalid, string(reasons), t.Version, roundID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	for _, c := range rv.Candidates {
		if _, err := tx.ExecContext(ctx, `UPDATE round_candidates SET votes = ? WHERE round_id = ? AND person_id = ?`,
			t.Votes[c.PersonID], roundID, c.PersonID); err != nil {
			return mapErr(err, "vòng bầu")
		}
	}
	old := map[string]any{"issued": rv.Issued, "collected": rv.Collected, "valid": rv.Valid, "invalid": rv.Invalid, "votes": rv.Votes}
	if err := tx.writeAudit(ctx, audit{orgID: rv.Congress.OrganizationID, congressID: rv.Congress.ID, entity: "round", entityID: roundID,
		action: "tally", old: old, new: t}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "vòng bầu")
}

func nonNilMap(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

// roundRequest builds the count-contract request of a round: from its stored totals, or from the
// tally of its ballots when it is entered ballot by ballot.
func roundRequest(rv *RoundView, r *congress.Round, t *election.Tally) election.Request {
	present := r.Present
	req := election.Request{
		Ruleset: rv.Congress.Ruleset, CongressKind: rv.Congress.Kind, Body: rv.Election.Body, Seats: r.Seats,
		Base: election.BaseFigures{Convened: r.Convened, TemporarilyAttachedAbsent: r.TemporarilyAttachedAbsent,
			ExemptAbsent: r.ExemptAbsent, Suspended: r.Suspended, AbsentWithReason: r.AbsentWithReason,
			CommitteeAbsent: r.CommitteeAbsent, AbsentNotReplaced: r.AbsentNotReplaced},
		Present:    &present,
		Ballots:    election.BallotTotals{Issued: r.Issued, Collected: r.Collected, Valid: r.Valid, Invalid: r.Invalid},
		Candidates: make([]election.CandidateVotes, len(rv.Candidates)),
	}
	for i, c := range rv.Candidates {
		req.Candidates[i] = election.CandidateVotes{Name: c.BallotName, Votes: r.Votes[c.PersonID]}
	}
	if t != nil {
		req.Ballots = t.Totals()
		// The ballots alone cannot tell how many were handed out: the committee's figure does.
		req.Ballots.Issued = max(r.Issued, t.Collected)
		for i := range req.Candidates {
			req.Candidates[i].Votes = t.Votes[i]
		}
	}
	return req
}

// RoundCount is the count of a round as it stands: the request, and the result when the figures
// are consistent.
type RoundCount struct {
	Request election.Request `json:"request"`
	Result  *election.Result `json:"result"`
	// Problem says why there is no result yet (figures inconsistent, nothing entered).
	Problem error `json:"-"`
	// Ballots counts the entered ballots of each pile (double entry has two).
	Ballots     [2]int          `json:"ballots"`
	Tally       *election.Tally `json:"tally,omitempty"`
	Differences []BallotDiff    `json:"differences"`
	Closed      bool            `json:"closed"`
	Fingerprint string          `json:"fingerprint"`
	// BallotsDigest is the SHA-256 of the entered ballots of pile 1, part of the fingerprint.
	BallotsDigest string `json:"ballots_digest"`
}

// BallotDiff is a ballot number where the two piles of a double entry disagree.
type BallotDiff struct {
	Number int    `json:"number"`
	First  string `json:"first"`
	Second string `json:"second"`
}

// CountRound computes a round's count from what is stored. A closed round answers its frozen
// request and result.
func (s *Store) CountRound(ctx context.Context, u *congress.User, roundID int64) (*RoundCount, *RoundView, error) {
	rv, err := findRound(ctx, s.db.R, u, roundID)
	if err != nil {
		return nil, nil, err
	}
	rc, err := countRound(ctx, s.db.R, rv)
	return rc, rv, err
}

func countRound(ctx context.Context, q sqlx.QueryerContext, rv *RoundView) (*RoundCount, error) {
	rc := &RoundCount{Closed: rv.Closed, Differences: []BallotDiff{}}
	var piles [2][]StoredBallot
	if rv.EntryMode == congress.EntryBallots {
		for slot := 1; slot <= 2; slot++ {
			list, err := findBallots(ctx, q, rv.ID, slot)
			if err != nil {
				return nil, err
			}
			piles[slot-1] = list
			rc.Ballots[slot-1] = len(list)
		}
		rc.BallotsDigest = ballotsDigest(piles[0])
		if rv.DoubleEntry {
			rc.Differences = compareBallots(piles[0], piles[1], rv)
		}
	}
	if rv.Closed {
		if err := json.Unmarshal([]byte(rv.RequestJSON), &rc.Request); err != nil {
			return nil, fmt.Errorf("store: stored request: %w", err)
		}
		res, err := decodeResult(rv.ResultJSON)
		if err != nil {
			return nil, err
		}
		rc.Result, rc.Fingerprint = res, rv.Fingerprint
		return rc, nil
	}
	var tally *election.Tally
	if rv.EntryMode == congress.EntryBallots {
		ballots := make([]election.Ballot, len(piles[0]))
		for i, b := range piles[0] {
			ballots[i] = b.Ballot
		}
		names := make([]string, len(rv.Candidates))
		for i, c := range rv.Candidates {
			names[i] = c.BallotName
		}
		t, err := election.TallyBallots(election.ListKind(rv.Election.ListKind), names, rv.Seats, ballots)
		if err != nil {
			rc.Problem = err
			rc.Request = roundRequest(rv, &rv.Round, nil)
			return rc, nil
		}
		tally = &t
		rc.Tally = tally
	}
	rc.Request = roundRequest(rv, &rv.Round, tally)
	res, err := election.Count(rc.Request)
	if err != nil {
		rc.Problem = err
		return rc, nil
	}
	rc.Result = &res
	return rc, nil
}

// Fingerprint is the SHA-256 over the canonical encoding of a round's figures: the count-contract
// request and result as JSON (Go's encoding: fixed field order, no white space) and the digest of
// its ballots, each on its own line after a version tag. Printed on the minutes, it lets a paper
// copy be checked against the record; a changed figure or ballot changes it.
func Fingerprint(req election.Request, res election.Result, ballotsDigest string) string {
	reqJSON, _ := json.Marshal(req)
	resJSON, _ := json.Marshal(res)
	h := sha256.New()
	fmt.Fprintf(h, "daihoi-round-v1\n%s\n%s\n%s", reqJSON, resJSON, ballotsDigest)
	return hex.EncodeToString(h.Sum(nil))
}

// ballotsDigest is the SHA-256 of the ballots in number order, one line each; "" without ballots.
func ballotsDigest(list []StoredBallot) string {
	if len(list) == 0 {
		return ""
	}
	h := sha256.New()
	for _, b := range list {
		content, _ := json.Marshal(b.Ballot)
		fmt.Fprintf(h, "%d\t%s\t%s\n", b.Number, content, b.Reason)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// compareBallots lists the numbers where the two piles of a double entry differ.
func compareBallots(a, b []StoredBallot, rv *RoundView) []BallotDiff {
	am, bm := map[int]StoredBallot{}, map[int]StoredBallot{}
	nums := map[int]bool{}
	for _, x := range a {
		am[x.Number], nums[x.Number] = x, true
	}
	for _, x := range b {
		bm[x.Number], nums[x.Number] = x, true
	}
	order := make([]int, 0, len(nums))
	for n := range nums {
		order = append(order, n)
	}
	sort.Ints(order)
	diffs := []BallotDiff{}
	for _, n := range order {
		x, okA := am[n]
		y, okB := bm[n]
		dx, dy := "(chưa nhập)", "(chưa nhập)"
		if okA {
			dx = DescribeBallot(x, rv)
		}
		if okB {
			dy = DescribeBallot(y, rv)
		}
		if dx != dy {
			diffs = append(diffs, BallotDiff{Number: n, First: dx, Second: dy})
		}
	}
	return diffs
}
