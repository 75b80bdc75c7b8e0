package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

// StoredBallot is a ballot as entered in the counting room.
type StoredBallot struct {
	ID     int64           `json:"id"`
	Slot   int             `json:"slot"`
	Number int             `json:"number"`
	Ballot election.Ballot `json:"ballot"`
	// Reason is the invalid reason found at entry ("" for a valid ballot).
	Reason    string `json:"reason"`
	Clerk     string `json:"clerk"`
	CreatedAt string `json:"created_at"`
	// Resent is true when AddBallot found this very ballot already stored under its number (a
	// clerk's device resending after a lost answer) and stored nothing new.
	Resent bool `json:"-"`
}

type ballotRow struct {
	ID        int64  `db:"id"`
	Slot      int    `db:"slot"`
	Number    int    `db:"number"`
	Content   string `db:"content"`
	Invalid   string `db:"invalid"`
	Clerk     string `db:"clerk"`
	CreatedAt string `db:"created_at"`
}

func (r ballotRow) decode() (StoredBallot, error) {
	b := StoredBallot{ID: r.ID, Slot: r.Slot, Number: r.Number, Reason: r.Invalid, Clerk: r.Clerk, CreatedAt: r.CreatedAt}
	if err := json.Unmarshal([]byte(r.Content), &b.Ballot); err != nil {
		return b, fmt.Errorf("store: ballot %d: %w", r.ID, err)
	}
	return b, nil
}

func findBallots(ctx context.Context, q sqlx.QueryerContext, roundID int64, slot int) ([]StoredBallot, error) {
	var rows []ballotRow
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT id, slot, number, content, invalid, clerk, created_at FROM ballots
		WHERE round_id = ? AND slot = ? ORDER BY number`, roundID, slot); err != nil {
		return nil, mapErr(err, "phiếu bầu")
	}
	list := make([]StoredBallot, len(rows))
	for i, r := range rows {
		b, err := r.decode()
		if err != nil {
			return nil, err
		}
		list[i] = b
	}
	return list, nil
}

// FindBallots returns the ballots of one pile (slot 1, or 2 for the second clerk of a double
// entry) of a round in scope, in number order.
func (s *Store) FindBallots(ctx context.Context, u *congress.User, roundID int64, slot int) ([]StoredBallot, error) {
	if _, err := findRound(ctx, s.db.R, u, roundID); err != nil {
		return nil, err
	}
	if slot != 1 && slot != 2 {
		return nil, congress.Errorf(congress.EINVALID, "Chồng phiếu phải là 1 hoặc 2 (đang là %d).", slot)
	}
	return findBallots(ctx, s.db.R, roundID, slot)
}

// DescribeBallot writes a ballot as the log prints it: the struck names of a surplus ballot, the
// marks of an agree/disagree one, and the invalid reason.
func DescribeBallot(b StoredBallot, rv *RoundView) string {
	var parts []string
	n := len(rv.Candidates)
	switch election.ListKind(rv.Election.ListKind) {
	case election.ListSurplus:
		kept := map[int]bool{}
		for _, k := range b.Ballot.Kept {
			kept[k] = true
		}
		var struck []string
		for i := 0; i < n; i++ {
			if !kept[i] {
				struck = append(struck, fmt.Sprintf("%d", i+1))
			}
		}
		if len(struck) == 0 {
			parts = append(parts, "không gạch tên nào")
		} else {
			parts = append(parts, "gạch "+strings.Join(struck, ", "))
		}
	default:
		var marks []string
		for i, m := range b.Ballot.Marks {
			sym := map[election.Mark]string{election.MarkAgree: "đồng ý", election.MarkDisagree: "không đồng ý",
				election.MarkBoth: "cả hai ô", election.MarkNone: "không đánh dấu"}[m]
			marks = append(marks, fmt.Sprintf("%d: %s", i+1, sym))
		}
		parts = append(parts, strings.Join(marks, "; "))
	}
	if b.Reason != "" {
		r := "không hợp lệ — " + election.ReasonLabel(b.Reason)
		if b.Ballot.Note != "" {
			r += " (" + b.Ballot.Note + ")"
		}
		parts = append(parts, r)
	}
	return strings.Join(parts, "; ")
}

// AddBallot records one ballot of a round entered ballot by ballot, in one short transaction, and
// returns it with the invalid reason the engine found. number 0 takes the next number of the pile.
// A number already entered in that pile is ECONFLICT; a ballot that cannot be read (a position
// outside the list) is EINVALID; a ballot keeping more names than seats is stored as invalid.
func (s *Store) AddBallot(ctx context.Context, u *congress.User, roundID int64, slot, number int, clerk string, b election.Ballot) (*StoredBallot, error) {
	if slot == 0 {
		slot = 1
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rv, err := openBallotRound(ctx, tx, roundID)
	if err != nil {
		return nil, err
	}
	f := congress.FieldErrors{}
	if rv.EntryMode != congress.EntryBallots {
		return nil, congress.Errorf(congress.ECONFLICT, "Vòng %d nhập tổng số, không nhập từng phiếu.", rv.Number)
	}
	if slot != 1 && (slot != 2 || !rv.DoubleEntry) {
		f.Add("slot", fmt.Sprintf("Chồng phiếu %d không có ở vòng này.", slot))
	}
	if number < 0 || number > election.MaxFigure {
		f.Add("number", fmt.Sprintf("Số thứ tự phiếu (%d) không hợp lệ.", number))
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return nil, err
	}
	b.Note = congress.CleanText(b.Note)
	reason, err := election.CheckBallot(election.ListKind(rv.ListKind), rv.Candidates, rv.Seats, b)
	if err != nil {
		return nil, err
	}
	var count, maxNumber int
	if err := tx.QueryRowxContext(ctx, `SELECT COUNT(*), COALESCE(MAX(number), 0) FROM ballots WHERE round_id = ? AND slot = ?`,
		roundID, slot).Scan(&count, &maxNumber); err != nil {
		return nil, mapErr(err, "phiếu bầu")
	}
	if number == 0 {
		number = maxNumber + 1
	}
	content, _ := json.Marshal(b)
	var prev ballotRow
	err = tx.GetContext(ctx, &prev, `SELECT id, slot, number, content, invalid, clerk, created_at FROM ballots
		WHERE round_id = ? AND slot = ? AND number = ?`, roundID, slot, number)
	if err == nil {
		// A clerk's device that lost the answer sends the same ballot again: the same content under
		// the same number is the ballot already stored, not a second one.
		if prev.Content == string(content) {
			sb, err := prev.decode()
			sb.Resent = true
			return &sb, err
		}
		msg := fmt.Sprintf("Phiếu số %d đã được nhập ở chồng phiếu %d với nội dung khác.", number, slot)
		return nil, &congress.Error{Code: congress.ECONFLICT, Message: msg, Fields: map[string]string{"number": msg}}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, mapErr(err, "phiếu bầu")
	}
	limit := rv.Present
	if rv.Issued > 0 {
		limit = rv.Issued
	}
	if count+1 > limit {
		return nil, &congress.Error{Code: congress.EINVALID, Fields: map[string]string{"number": "Quá số phiếu phát ra."},
			Message: fmt.Sprintf("Đã nhập %d phiếu, bằng số phiếu phát ra (%d): không thể có thêm phiếu thu vào.", count, limit)}
	}
	if clerk == "" {
		clerk = tx.actor.Username
	}
	clerk = congress.CleanText(clerk)
	if len(clerk) > 100 {
		clerk = clerk[:100]
	}
	sb := &StoredBallot{Slot: slot, Number: number, Ballot: b, Reason: reason, Clerk: clerk, CreatedAt: tx.nowText()}
	var userID *int64
	if tx.actor.ID != 0 {
		userID = &tx.actor.ID
	}
	newID, err := insertID(ctx, tx, `INSERT INTO ballots (round_id, slot, number, content, invalid, user_id, clerk, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, roundID, slot, number, string(content), reason, userID, clerk, sb.CreatedAt)
	if err != nil {
		return nil, mapErr(err, "phiếu bầu")
	}
	sb.ID = newID
	if err := tx.writeAudit(ctx, audit{orgID: rv.OrganizationID, congressID: rv.CongressID, entity: "ballot", entityID: sb.ID,
		action: "create", new: sb}); err != nil {
		return nil, err
	}
	return sb, mapErr(tx.Commit(), "phiếu bầu")
}

// DeleteLastBallot undoes the last ballot entered in a pile of an open round and returns it.
func (s *Store) DeleteLastBallot(ctx context.Context, u *congress.User, roundID int64, slot int) (*StoredBallot, error) {
	if slot == 0 {
		slot = 1
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rv, err := openRoundForWrite(ctx, tx, roundID)
	if err != nil {
		return nil, err
	}
	var row ballotRow
	err = tx.GetContext(ctx, &row, `SELECT id, slot, number, content, invalid, clerk, created_at FROM ballots
		WHERE round_id = ? AND slot = ? ORDER BY number DESC LIMIT 1`, roundID, slot)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congress.Errorf(congress.ENOTFOUND, "Chồng phiếu %d của vòng %d chưa có phiếu nào để hoàn tác.", slot, rv.Number)
	} else if err != nil {
		return nil, mapErr(err, "phiếu bầu")
	}
	sb, err := row.decode()
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ballots WHERE id = ?`, row.ID); err != nil {
		return nil, mapErr(err, "phiếu bầu")
	}
	if err := tx.writeAudit(ctx, audit{orgID: rv.Congress.OrganizationID, congressID: rv.Congress.ID, entity: "ballot", entityID: row.ID,
		action: "delete", old: sb}); err != nil {
		return nil, err
	}
	return &sb, mapErr(tx.Commit(), "phiếu bầu")
}

// CloseRound freezes a round: it counts it with the engine, refuses inconsistent figures, a double
// entry whose piles differ, or a counting committee member who stands on the list; then it numbers
// the minutes in the congress's running document number and stamps the fingerprint. When the
// seats are filled the election is done.
func (s *Store) CloseRound(ctx context.Context, u *congress.User, roundID int64) (*RoundCount, error) {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rv, err := openRoundForWrite(ctx, tx, roundID)
	if err != nil {
		return nil, err
	}
	rc, err := countRound(ctx, tx, rv)
	if err != nil {
		return nil, err
	}
	f := congress.FieldErrors{}
	if len(rv.Counters) == 0 {
		f.Add("counting_committee", "Chưa ghi Ban kiểm phiếu của vòng bầu.")
	}
	listNames := map[string]string{}
	for _, c := range rv.Candidates {
		listNames[strings.ToLower(c.FullName)] = c.FullName
	}
	for i, m := range rv.Counters {
		if name, on := listNames[strings.ToLower(m.Name)]; on {
			f.Add(fmt.Sprintf("counting_committee[%d].name", i), fmt.Sprintf("%s có tên trong danh sách bầu cử nên không được ở Ban kiểm phiếu.", name))
		}
	}
	if rv.EntryMode == congress.EntryBallots {
		if rc.Ballots[0] == 0 {
			f.Add("ballots", "Chưa nhập phiếu nào.")
		}
		if rv.DoubleEntry && len(rc.Differences) > 0 {
			f.Add("ballots", fmt.Sprintf("Hai người nhập chưa khớp ở %d phiếu (phiếu số %d đầu tiên); hãy đối chiếu phiếu giấy và sửa cho khớp.",
				len(rc.Differences), rc.Differences[0].Number))
		}
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return nil, err
	}
	if rc.Problem != nil {
		return nil, rc.Problem
	}
	reqJSON, _ := json.Marshal(rc.Request)
	resJSON, _ := json.Marshal(rc.Result)
	rc.Fingerprint = Fingerprint(rc.Request, *rc.Result, rc.BallotsDigest)
	rc.Closed = true
	docNumber := rv.DocumentNumber
	if docNumber == 0 { // reclosing after a reopen keeps the number the minutes were given
		if docNumber, err = nextDocumentNumber(ctx, tx, rv.Congress.ID, "counting_minutes", rv.ID); err != nil {
			return nil, err
		}
	}
	t := rc.Request.Ballots
	if _, err := tx.ExecContext(ctx, `UPDATE rounds SET closed = TRUE, closed_at = ?, document_number = ?, fingerprint = ?, request_json = ?,
		result_json = ?, issued = ?, collected = ?, valid = ?, invalid = ?, version = version + 1 WHERE id = ?`,
		tx.nowText(), docNumber, rc.Fingerprint, string(reqJSON), string(resJSON), t.Issued, t.Collected, t.Valid, t.Invalid, rv.ID); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	if rc.Tally != nil {
		reasons, _ := json.Marshal(rc.Tally.InvalidByReason)
		if _, err := tx.ExecContext(ctx, `UPDATE rounds SET invalid_reasons = ? WHERE id = ?`, string(reasons), rv.ID); err != nil {
			return nil, mapErr(err, "vòng bầu")
		}
		for i, c := range rv.Candidates {
			if _, err := tx.ExecContext(ctx, `UPDATE round_candidates SET votes = ? WHERE round_id = ? AND person_id = ?`,
				rc.Tally.Votes[i], rv.ID, c.PersonID); err != nil {
				return nil, mapErr(err, "vòng bầu")
			}
		}
	}
	ev, err := findElection(ctx, tx, nil, rv.ElectionID)
	if err != nil {
		return nil, err
	}
	if ev.Remaining <= 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE elections SET state = 'done', version = version + 1 WHERE id = ?`, ev.ID); err != nil {
			return nil, mapErr(err, "cuộc bầu cử")
		}
	}
	if err := tx.writeAudit(ctx, audit{orgID: rv.Congress.OrganizationID, congressID: rv.Congress.ID, entity: "round", entityID: rv.ID,
		action: "close", new: map[string]any{"document_number": docNumber, "fingerprint": rc.Fingerprint, "elected": rc.Result.Elected}}); err != nil {
		return nil, err
	}
	return rc, mapErr(tx.Commit(), "vòng bầu")
}

// nextDocumentNumber takes the next number of the congress's running document numbers.
func nextDocumentNumber(ctx context.Context, tx *Tx, congressID int64, kind string, ref int64) (int, error) {
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COALESCE(MAX(number), 0) + 1 FROM documents WHERE congress_id = ?`, congressID); err != nil {
		return 0, mapErr(err, "văn bản")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO documents (congress_id, number, kind, ref_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		congressID, n, kind, ref, tx.nowText()); err != nil {
		return 0, mapErr(err, "văn bản")
	}
	return n, nil
}

// ReopenRound unfreezes the latest closed round of an election so its figures can be corrected;
// the reason is required and goes to the audit trail with the old fingerprint.
func (s *Store) ReopenRound(ctx context.Context, u *congress.User, roundID int64, reason string) error {
	reason = congress.CleanText(reason)
	if n := len([]rune(reason)); n < 5 || n > 1000 {
		return &congress.Error{Code: congress.EINVALID, Message: "Mở lại vòng bầu phải ghi lý do (5 đến 1.000 ký tự).",
			Fields: map[string]string{"reason": "Mở lại vòng bầu phải ghi lý do (5 đến 1.000 ký tự)."}}
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rv, err := findRound(ctx, tx, u, roundID)
	if err != nil {
		return err
	}
	if _, err := writableCongress(ctx, tx, rv.Congress.ID); err != nil {
		return err
	}
	if !rv.Closed {
		return congress.Errorf(congress.ECONFLICT, "Vòng %d đang mở.", rv.Number)
	}
	if !rv.Last {
		return congress.Errorf(congress.ECONFLICT, "Đã có vòng sau vòng %d; chỉ mở lại được vòng cuối cùng.", rv.Number)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE rounds SET closed = FALSE, closed_at = '', fingerprint = '', request_json = '', result_json = '',
		version = version + 1 WHERE id = ?`, rv.ID); err != nil {
		return mapErr(err, "vòng bầu")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE elections SET state = 'open', appointed_person_id = NULL, appointment_note = '',
		version = version + 1 WHERE id = ?`, rv.ElectionID); err != nil {
		return mapErr(err, "cuộc bầu cử")
	}
	if err := tx.writeAudit(ctx, audit{orgID: rv.Congress.OrganizationID, congressID: rv.Congress.ID, entity: "round", entityID: rv.ID,
		action: "reopen", reason: reason, old: map[string]any{"fingerprint": rv.Fingerprint, "closed_at": rv.ClosedAt}}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "vòng bầu")
}

// EndElection stops an election whose last round is closed, leaving the seats not filled vacant
// (rule 5: "có bầu tiếp hay không do đại hội quyết định").
func (s *Store) EndElection(ctx context.Context, u *congress.User, electionID int64, note string) error {
	return s.finishElection(ctx, u, electionID, nil, note)
}

// AppointToElection records that the higher committee appointed a cell's secretary after three
// rounds failed to elect one (rule 5): an appointment, not an election.
func (s *Store) AppointToElection(ctx context.Context, u *congress.User, electionID, personID int64, note string) error {
	return s.finishElection(ctx, u, electionID, &personID, note)
}

func (s *Store) finishElection(ctx context.Context, u *congress.User, electionID int64, appointee *int64, note string) error {
	note = congress.CleanText(note)
	if len([]rune(note)) > 1000 {
		return &congress.Error{Code: congress.EINVALID, Message: "Ghi chú tối đa 1.000 ký tự.", Fields: map[string]string{"note": "Ghi chú tối đa 1.000 ký tự."}}
	}
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
		return congress.Errorf(congress.ECONFLICT, "Cuộc bầu %s đã kết thúc.", ev.BodyLabel())
	}
	for _, r := range ev.Rounds {
		if !r.Closed {
			return congress.Errorf(congress.ECONFLICT, "Vòng %d chưa kết thúc.", r.Number)
		}
	}
	action := "end"
	if appointee != nil {
		action = "appoint"
		if ev.Body != congress.BodySecretary || c.OrganizationKind != congress.KindCell {
			return congress.Errorf(congress.EINVALID, "Chỉ ghi chỉ định khi chi bộ không bầu được bí thư.")
		}
		if len(ev.Rounds) < 3 || len(ev.Elected) > 0 {
			return congress.Errorf(congress.EINVALID, "Cấp trên chỉ định bí thư chi bộ khi bầu đến lần thứ ba không có ai trúng cử (đã bầu %d vòng).", len(ev.Rounds))
		}
		if note == "" {
			return &congress.Error{Code: congress.EINVALID, Message: "Ghi số, ngày quyết định chỉ định của cấp trên.",
				Fields: map[string]string{"note": "Ghi số, ngày quyết định chỉ định của cấp trên."}}
		}
		p, err := findPerson(ctx, tx, u, *appointee)
		if err != nil {
			return err
		}
		// The appointee is a member of this cell: a person of another congress in the same
		// scope would make the record name someone who never stood here.
		if p.CongressID != c.ID {
			return &congress.Error{Code: congress.EINVALID, Message: fmt.Sprintf("Người được chỉ định (số %d) không có trong danh sách đảng viên của đại hội này.", p.ID),
				Fields: map[string]string{"person_id": "Chọn một đảng viên của chi bộ."}}
		}
	} else if len(ev.Rounds) == 0 {
		return congress.Errorf(congress.EINVALID, "Chưa có vòng bầu nào.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE elections SET state = 'done', appointed_person_id = ?, appointment_note = ?,
		version = version + 1 WHERE id = ?`, appointee, note, electionID); err != nil {
		return mapErr(err, "cuộc bầu cử")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "election", entityID: electionID, action: action,
		reason: note, new: map[string]any{"appointed_person_id": appointee, "vacant_seats": ev.Remaining}}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "cuộc bầu cử")
}
