package store

import (
	"context"

	"daihoi/internal/congress"
)

// BallotShape is what the ballot API must know of a round to read a clerk's ballot before
// handing it to AddBallot: the kind of list and its length (positions are typed 1-based and
// checked against it), and whether a second pile exists.
type BallotShape struct {
	RoundID     int64  `db:"id"`
	Number      int    `db:"number"`
	ListKind    string `db:"list_kind"`
	Candidates  int    `db:"candidates"`
	DoubleEntry bool   `db:"double_entry"`
	EntryMode   string `db:"entry_mode"`
	Closed      bool   `db:"closed"`
}

// FindBallotShape returns the shape of a round in the user's scope in one indexed query. It is the
// ballot API's hot path, where a whole FindRoundByID (seven queries) would double the work of
// every ballot: AddBallot loads the round again, in its own transaction, to check and store.
// ENOTFOUND when the round does not exist or is outside the scope.
func (s *Store) FindBallotShape(ctx context.Context, u *congress.User, roundID int64) (*BallotShape, error) {
	lo, hi := scopeRange(u)
	var sh BallotShape
	if err := s.db.R.GetContext(ctx, &sh, `SELECT r.id, r.number, e.list_kind, r.double_entry, r.entry_mode, r.closed,
		(SELECT COUNT(*) FROM round_candidates rc WHERE rc.round_id = r.id) AS candidates
		FROM rounds r JOIN elections e ON e.id = r.election_id JOIN congresses c ON c.id = e.congress_id
		JOIN organizations o ON o.id = c.organization_id
		WHERE r.id = ? AND o.path >= ? AND o.path < ?`, roundID, lo, hi); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	return &sh, nil
}

// ballotRound is what AddBallot needs of a round, read in one query inside its transaction.
type ballotRound struct {
	BallotShape
	Seats          int    `db:"seats"`
	Present        int    `db:"present"`
	Issued         int    `db:"issued"`
	Body           string `db:"body"`
	CongressID     int64  `db:"congress_id"`
	OrganizationID int64  `db:"organization_id"`
}

// openBallotRound loads a round the actor may write and that is still open, as openRoundForWrite
// does (same checks, same errors), in one query instead of a dozen: every ballot of a counting
// room passes here while holding the single write connection, so its cost is what concurrent
// clerks queue behind.
func openBallotRound(ctx context.Context, tx *Tx, roundID int64) (*ballotRound, error) {
	if !tx.actor.CanWriteCongress() {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Vai trò của bạn chỉ được xem, không được ghi hồ sơ đại hội.")
	}
	lo, hi := scopeRange(tx.actor)
	var br ballotRound
	if err := tx.GetContext(ctx, &br, `SELECT r.id, r.number, e.list_kind, r.double_entry, r.entry_mode, r.closed,
		(SELECT COUNT(*) FROM round_candidates rc WHERE rc.round_id = r.id) AS candidates,
		r.seats, r.present, r.issued, e.body, c.id AS congress_id, c.organization_id
		FROM rounds r JOIN elections e ON e.id = r.election_id JOIN congresses c ON c.id = e.congress_id
		JOIN organizations o ON o.id = c.organization_id
		WHERE r.id = ? AND o.path >= ? AND o.path < ?`, roundID, lo, hi); err != nil {
		return nil, mapErr(err, "vòng bầu")
	}
	if br.Closed {
		return nil, congress.Errorf(congress.ECONFLICT, "Vòng %d của cuộc bầu %s đã kết thúc và được khóa; muốn sửa phải mở lại vòng (có ghi lý do).",
			br.Number, congress.Label(congress.Bodies, br.Body))
	}
	return &br, nil
}
