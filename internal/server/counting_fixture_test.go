package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// countingNames are the candidates the counting tests put on a list, in no particular order (the
// store sorts them the Vietnamese way).
var countingNames = []string{"Huỳnh Minh Tuấn", "Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hạnh", "Phạm Quốc Dũng",
	"Võ Thanh Sơn", "Đặng Thị Mai", "Bùi Văn Nam"}

// roundSpec describes an election with one open round entered ballot by ballot.
type roundSpec struct {
	cg     *congress.Congress // default: the Sở KH&CN congress
	body   string             // default: executive
	kind   string             // default: surplus
	seats  int                // default: 7
	names  []string           // default: countingNames
	double bool
	issued int
	att    *congress.Attendance // default: the congress's attendance
	totals bool                 // entered by totals instead
}

// mustBallotRound creates the persons, the election and its first round, and returns the round.
func (f *fixture) mustBallotRound(spec roundSpec) *store.RoundView {
	f.t.Helper()
	ctx := context.Background()
	if spec.cg == nil {
		spec.cg = f.cKHCN
	}
	if spec.body == "" {
		spec.body = congress.BodyExecutive
	}
	if spec.kind == "" {
		spec.kind = congress.ListSurplus
	}
	if spec.seats == 0 {
		spec.seats = 7
	}
	if spec.names == nil {
		spec.names = countingNames
	}
	if spec.att == nil {
		spec.att = &spec.cg.Attendance
	}
	sys := congress.System
	ids := make([]int64, len(spec.names))
	for i, n := range spec.names {
		// A person stands once in a congress's roll; a second list of the same congress reuses them.
		if err := f.db.R.Get(&ids[i], `SELECT id FROM persons WHERE congress_id = ? AND full_name = ?`, spec.cg.ID, n); err == nil {
			continue
		}
		p := &congress.Person{CongressID: spec.cg.ID, FullName: n}
		if err := f.store.CreatePerson(ctx, sys, p); err != nil {
			f.t.Fatalf("person %s: %v", n, err)
		}
		ids[i] = p.ID
	}
	e := &store.ElectionInput{Election: congress.Election{CongressID: spec.cg.ID, Body: spec.body, Seats: spec.seats, ListKind: spec.kind},
		CandidateIDs: ids}
	if err := f.store.CreateElection(ctx, sys, e); err != nil {
		f.t.Fatalf("election: %v", err)
	}
	mode := congress.EntryBallots
	if spec.totals {
		mode = congress.EntryTotals
	}
	r := &congress.Round{Attendance: *spec.att, EntryMode: mode, DoubleEntry: spec.double, Issued: spec.issued,
		Counters: []congress.CountingMember{{Name: "Trương Văn Hải", Head: true}, {Name: "Mai Thị Hoa"}}}
	if err := f.store.CreateRound(ctx, sys, e.ID, r); err != nil {
		f.t.Fatalf("round: %v", err)
	}
	rv, err := f.store.FindRoundByID(ctx, sys, r.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return rv
}

// mustAddBallot stores a surplus ballot striking the given 1-based positions, straight through the store.
func (f *fixture) mustAddBallot(rv *store.RoundView, slot, number int, struck ...int) {
	f.t.Helper()
	pos := make([]int, len(struck))
	for i, p := range struck {
		pos[i] = p - 1
	}
	if _, err := f.store.AddBallot(context.Background(), congress.System, rv.ID, slot, number, "test",
		election.Struck(len(rv.Candidates), pos...)); err != nil {
		f.t.Fatalf("ballot %d: %v", number, err)
	}
}

// countingTables are the tables the counting room may change.
var countingTables = []string{"persons", "elections", "candidates", "rounds", "round_candidates", "ballots", "documents", "audit_log"}

// tableDigest hashes every row of the given tables: equal digests mean nothing changed.
func (f *fixture) tableDigest(tables ...string) string {
	f.t.Helper()
	h := sha256.New()
	for _, table := range tables {
		// Every table's first two columns identify a row (its id, or the key of a list row).
		rows, err := f.db.R.Queryx(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			f.t.Fatal(err)
		}
		fmt.Fprintf(h, "[%s]\n", table)
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				f.t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%v\x1f", v)
			}
			h.Write([]byte{'\n'})
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ballotCount is how many ballots a round's pile holds.
func (f *fixture) ballotCount(roundID int64, slot int) int {
	f.t.Helper()
	var n int
	if err := f.db.R.Get(&n, `SELECT COUNT(*) FROM ballots WHERE round_id = ? AND slot = ?`, roundID, slot); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// decodeAnswer unmarshals a recorded JSON answer into v.
func decodeAnswer(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("content type %q\n%s", ct, w.Body.String())
	}
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, w.Body.String())
	}
}

// ballotsURL is the ballot API of a round.
func ballotsURL(id int64) string { return fmt.Sprintf("/api/v1/rounds/%d/ballots", id) }

// postBallot posts a ballot body as user.
func (f *fixture) postBallot(user string, roundID int64, body string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do(req{method: http.MethodPost, path: ballotsURL(roundID), as: user, json: body})
}
