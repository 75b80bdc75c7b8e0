package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// electionFixture adds persons to congress cA of the fixture (Sở A, 40 convened, 38 present).
func electionFixture(t *testing.T, n int) (*fixture, []int64) {
	t.Helper()
	f := mustFixture(t)
	names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Đức", "Võ Thị Giang",
		"Đặng Văn Hải", "Bùi Thị Hoa", "Đỗ Văn Khánh", "Hồ Thị Lan"}
	var ids []int64
	for i := 0; i < n; i++ {
		p := congress.Person{CongressID: f.cA.ID, FullName: names[i], BirthDate: fmt.Sprintf("19%d-01-01", 70+i)}
		if err := f.s.CreatePerson(context.Background(), f.secA, &p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	return f, ids
}

func mustElection(t *testing.T, f *fixture, body string, seats int, kind string, ids []int64) *store.ElectionInput {
	t.Helper()
	e := &store.ElectionInput{Election: congress.Election{CongressID: f.cA.ID, Body: body, Seats: seats, ListKind: kind}, CandidateIDs: ids}
	if err := f.s.CreateElection(context.Background(), f.secA, e); err != nil {
		t.Fatal(err)
	}
	return e
}

var counters = []congress.CountingMember{{Name: "Trưởng Ban Kiểm", Head: true}, {Name: "Thành Viên Một"}}

// closeWithTotals opens a round, types totals and closes it.
func closeWithTotals(t *testing.T, f *fixture, electionID int64, votes map[int64]int, valid int) (*store.RoundView, *store.RoundCount) {
	t.Helper()
	ctx := context.Background()
	r := &congress.Round{EntryMode: congress.EntryTotals, Counters: counters}
	if err := f.s.CreateRound(ctx, f.secA, electionID, r); err != nil {
		t.Fatal(err)
	}
	tally := &store.Tally{Version: 1, Issued: valid, Collected: valid, Valid: valid}
	for id, v := range votes {
		tally.VotesList = append(tally.VotesList, store.CandidateTally{PersonID: id, Votes: v})
	}
	if err := f.s.SetTally(ctx, f.secA, r.ID, tally); err != nil {
		t.Fatal(err)
	}
	rc, err := f.s.CloseRound(ctx, f.secA, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	rv, _ := f.s.FindRoundByID(ctx, f.secA, r.ID)
	return rv, rc
}

// Rule 4: a tie at the last seat elects nobody among the tied; the next round is among them only.
func TestRunoffRoundAmongTiedOnly(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	e := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids)
	_, rc := closeWithTotals(t, f, e.ID, map[int64]int{ids[0]: 36, ids[1]: 30, ids[2]: 24, ids[3]: 24}, 38)
	if rc.Result.Runoff == nil || rc.Result.Runoff.Seats != 1 || len(rc.Result.Elected) != 2 {
		t.Fatalf("result: %+v", rc.Result)
	}
	r2 := &congress.Round{EntryMode: congress.EntryTotals, Counters: counters}
	if err := f.s.CreateRound(ctx, f.secA, e.ID, r2); err != nil {
		t.Fatal(err)
	}
	if r2.Seats != 1 || len(r2.CandidateIDs) != 2 || r2.Number != 2 {
		t.Fatalf("runoff round: seats %d list %v number %d", r2.Seats, r2.CandidateIDs, r2.Number)
	}
	for _, id := range r2.CandidateIDs {
		if id != ids[2] && id != ids[3] {
			t.Fatalf("runoff list holds %d, not among the tied", id)
		}
	}
}

// Rule 5: a shortfall leaves seats; the congress may stop and leave them vacant.
func TestShortfallThenEndWithVacantSeats(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	e := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids)
	// Base 38 (40 convened, 2 absent with reason): threshold 20. Exactly half (19) is not elected.
	_, rc := closeWithTotals(t, f, e.ID, map[int64]int{ids[0]: 36, ids[1]: 30, ids[2]: 19, ids[3]: 10}, 38)
	if rc.Result.VacantSeats != 1 || rc.Result.Threshold != 20 {
		t.Fatalf("result: %+v", rc.Result)
	}
	ev, _ := f.s.FindElectionByID(ctx, f.secA, e.ID)
	if ev.Remaining != 1 || ev.State != "open" {
		t.Fatalf("after shortfall: remaining %d state %s", ev.Remaining, ev.State)
	}
	if err := f.s.EndElection(ctx, f.secA, e.ID, "Đại hội biểu quyết không bầu tiếp."); err != nil {
		t.Fatal(err)
	}
	com, err := f.s.FindCommittee(ctx, f.secA, f.cA.ID)
	if err != nil || len(com.Members) != 2 || com.Vacant[congress.BodyExecutive] != 1 {
		t.Fatalf("committee: %+v %v", com, err)
	}
}

// Rule 8: the first session elects its officers from the new committee.
func TestFirstSessionFromTheNewCommittee(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	sec := &store.ElectionInput{Election: congress.Election{CongressID: f.cA.ID, Body: congress.BodySecretary, Seats: 1,
		ListKind: congress.ListAgreeDisagree}, CandidateIDs: ids[:1]}
	if err := f.s.CreateElection(ctx, f.secA, sec); congress.ErrorCode(err) != congress.EINVALID || !strings.Contains(congress.ErrorFields(err)["candidates[0]"], "chưa bầu Ban Chấp hành") {
		t.Fatalf("secretary before the committee: %v %v", err, congress.ErrorFields(err))
	}
	e := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids)
	closeWithTotals(t, f, e.ID, map[int64]int{ids[0]: 36, ids[1]: 30, ids[2]: 25, ids[3]: 5}, 38)
	sec.CandidateIDs = ids[3:4] // not elected to the committee
	if err := f.s.CreateElection(ctx, f.secA, sec); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("secretary from outside the committee: %v", err)
	}
	sec.CandidateIDs = ids[:1]
	if err := f.s.CreateElection(ctx, f.secA, sec); err != nil {
		t.Fatal(err)
	}
	r := &congress.Round{EntryMode: congress.EntryTotals, Counters: counters, Attendance: congress.Attendance{Convened: 3, Present: 3}}
	if err := f.s.CreateRound(ctx, f.secA, sec.ID, r); err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetTally(ctx, f.secA, r.ID, &store.Tally{Version: 1, Issued: 3, Collected: 3, Valid: 3,
		VotesList: []store.CandidateTally{{PersonID: ids[0], Votes: 3}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CloseRound(ctx, f.secA, r.ID); err != nil {
		t.Fatal(err)
	}
	com, _ := f.s.FindCommittee(ctx, f.secA, f.cA.ID)
	found := false
	for _, m := range com.Members {
		if m.ID == ids[0] && len(m.Offices) == 1 && m.Offices[0] == "Bí thư" {
			found = true
		}
	}
	if !found {
		t.Fatalf("secretary not among the committee's offices: %+v", com.Members)
	}
}

// Rule 9, the consistency checks, and freezing.
func TestCloseRefusesAndFreezes(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 3)
	e := mustElection(t, f, congress.BodyExecutive, 2, congress.ListSurplus, ids)
	r := &congress.Round{EntryMode: congress.EntryTotals, Counters: []congress.CountingMember{{Name: "nguyễn văn an", Head: true}}}
	if err := f.s.CreateRound(ctx, f.secA, e.ID, r); err != nil {
		t.Fatal(err)
	}
	bad := &store.Tally{Version: 1, Issued: 38, Collected: 38, Valid: 37, Invalid: 2}
	err := f.s.SetTally(ctx, f.secA, r.ID, bad)
	if congress.ErrorCode(err) != congress.EINVALIDCOUNT || !strings.Contains(congress.ErrorMessage(err), "(37)") {
		t.Fatalf("valid+invalid≠collected: %v", err)
	}
	stale := &store.Tally{Version: 7, Issued: 38, Collected: 38, Valid: 38}
	if err := f.s.SetTally(ctx, f.secA, r.ID, stale); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("stale tally: %v", err)
	}
	ok := &store.Tally{Version: 1, Issued: 38, Collected: 38, Valid: 38, VotesList: []store.CandidateTally{{PersonID: ids[0], Votes: 30}, {PersonID: ids[1], Votes: 25}}}
	if err := f.s.SetTally(ctx, f.secA, r.ID, ok); err != nil {
		t.Fatal(err)
	}
	// A counting committee member on the list (same name, other case) may not count.
	if _, err := f.s.CloseRound(ctx, f.secA, r.ID); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("counter on the list: %v", err)
	}
	rv, _ := f.s.FindRoundByID(ctx, f.secA, r.ID)
	rv.Counters = counters
	if err := f.s.UpdateRoundSetup(ctx, f.secA, &rv.Round); err != nil {
		t.Fatal(err)
	}
	rc, err := f.s.CloseRound(ctx, f.secA, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Fingerprint) != 64 {
		t.Fatalf("fingerprint %q", rc.Fingerprint)
	}
	rv, _ = f.s.FindRoundByID(ctx, f.secA, r.ID)
	if rv.DocumentNumber != 1 || !rv.Closed {
		t.Fatalf("closed round: %+v", rv.Round)
	}
	// Frozen: totals cannot change; reopening needs a reason.
	ok.Version = rv.Version
	if err := f.s.SetTally(ctx, f.secA, r.ID, ok); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("tally on a closed round: %v", err)
	}
	if err := f.s.ReopenRound(ctx, f.secA, r.ID, ""); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("reopen without reason: %v", err)
	}
	if err := f.s.ReopenRound(ctx, f.staff, r.ID, "nhập sai số phiếu"); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("staff reopening: %v", err)
	}
	if err := f.s.ReopenRound(ctx, f.secA, r.ID, "nhập sai số phiếu"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CloseRound(ctx, f.secA, r.ID); err != nil {
		t.Fatal(err)
	}
	rv2, _ := f.s.FindRoundByID(ctx, f.secA, r.ID)
	if rv2.DocumentNumber != 1 || rv2.Fingerprint != rc.Fingerprint {
		t.Fatalf("reclosed: number %d fingerprint changed %v", rv2.DocumentNumber, rv2.Fingerprint != rc.Fingerprint)
	}
	var reason string
	f.s.DB().R.Get(&reason, `SELECT reason FROM audit_log WHERE action = 'reopen'`)
	if reason != "nhập sai số phiếu" {
		t.Fatalf("reopen reason in audit: %q", reason)
	}
}

// Rule 3 at the counting room, double entry, undo and concurrent clerks.
func TestBallotEntry(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	e := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids)
	r := &congress.Round{EntryMode: congress.EntryBallots, DoubleEntry: true, Issued: 38, Counters: counters}
	if err := f.s.CreateRound(ctx, f.secA, e.ID, r); err != nil {
		t.Fatal(err)
	}
	add := func(slot, number int, b election.Ballot) (*store.StoredBallot, error) {
		return f.s.AddBallot(ctx, f.secA, r.ID, slot, number, "", b)
	}
	if b, err := add(1, 1, election.Struck(4)); err != nil || b.Reason != election.ReasonTooManyKept {
		t.Fatalf("keeps 4 of 3 seats: %+v %v", b, err)
	}
	if b, err := add(1, 2, election.Struck(4, 0, 1, 2, 3)); err != nil || b.Reason != election.ReasonAllStruck {
		t.Fatalf("strikes all: %+v %v", b, err)
	}
	if _, err := add(1, 2, election.Struck(4, 3)); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("number twice: %v", err)
	}
	// A retry of the same ballot after a lost answer is the ballot already stored.
	if b, err := add(1, 2, election.Struck(4, 0, 1, 2, 3)); err != nil || b.Number != 2 {
		t.Fatalf("idempotent retry: %+v %v", b, err)
	}
	if _, err := add(1, 3, election.Ballot{Kept: []int{0, 9}}); congress.ErrorCode(err) != congress.EINVALIDCOUNT {
		t.Fatalf("position outside the list: %v", err)
	}
	if _, err := add(3, 3, election.Struck(4, 3)); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("pile 3: %v", err)
	}
	for i := 3; i <= 38; i++ {
		if _, err := add(1, i, election.Struck(4, 3)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := add(1, 39, election.Struck(4, 3)); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("more ballots than issued: %v", err)
	}
	// The second clerk enters the same pile with one mistake on ballot 7.
	add(2, 1, election.Struck(4))
	add(2, 2, election.Struck(4, 0, 1, 2, 3))
	for i := 3; i <= 38; i++ {
		b := election.Struck(4, 3)
		if i == 7 {
			b = election.Struck(4, 2)
		}
		add(2, i, b)
	}
	rc, _, err := f.s.CountRound(ctx, f.secA, r.ID)
	if err != nil || len(rc.Differences) != 1 || rc.Differences[0].Number != 7 {
		t.Fatalf("differences: %+v %v", rc.Differences, err)
	}
	if _, err := f.s.CloseRound(ctx, f.secA, r.ID); congress.ErrorCode(err) != congress.EINVALID || !strings.Contains(congress.ErrorMessage(err), "phiếu số 7") {
		t.Fatalf("close with a difference: %v", err)
	}
	// Undo back to ballot 7 in pile 2 and enter it right.
	for i := 38; i >= 7; i-- {
		b, err := f.s.DeleteLastBallot(ctx, f.secA, r.ID, 2)
		if err != nil || b.Number != i {
			t.Fatalf("undo %d: %+v %v", i, b, err)
		}
	}
	for i := 7; i <= 38; i++ {
		add(2, i, election.Struck(4, 3))
	}
	rc, err = f.s.CloseRound(ctx, f.secA, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rc.Request.Ballots.Valid != 36 || rc.Request.Ballots.Invalid != 2 || len(rc.Result.Elected) != 3 {
		t.Fatalf("count: %+v %+v", rc.Request.Ballots, rc.Result)
	}
	if _, err := add(1, 40, election.Struck(4, 3)); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("ballot into a closed round: %v", err)
	}
}

// Concurrent clerks lose nothing: every acknowledged ballot is stored, under its own number (the
// next one of the pile, taken as max+1), and the audit chain holds. SQLite serialises the writers
// with its single write connection; on PostgreSQL the clerks' transactions really run at once and
// the write lock (db.BeginWrite) does it.
func TestConcurrentBallots(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	// A large delegates' hall: 1,000 present.
	c, _ := f.s.FindCongressByID(ctx, f.secA, f.cA.ID)
	c.Convened, c.Present, c.AbsentWithReason = 1000, 1000, 0
	if err := f.s.UpdateCongress(ctx, f.secA, c); err != nil {
		t.Fatal(err)
	}
	e := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids)
	r := &congress.Round{EntryMode: congress.EntryBallots, Counters: counters}
	if err := f.s.CreateRound(ctx, f.secA, e.ID, r); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	acked := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if _, err := f.s.AddBallot(ctx, f.secA, r.ID, 1, 0, fmt.Sprintf("clerk%d", g), election.Struck(4, g%4)); err == nil {
					mu.Lock()
					acked++
					mu.Unlock()
				} else {
					t.Error(err)
				}
			}
		}(g)
	}
	wg.Wait()
	list, err := f.s.FindBallots(ctx, f.secA, r.ID, 1)
	if err != nil || len(list) != acked || acked != 800 {
		t.Fatalf("stored %d, acknowledged %d: %v", len(list), acked, err)
	}
	for i, b := range list {
		if b.Number != i+1 {
			t.Fatalf("ballot %d has number %d: numbers must run 1..800 without gaps or repeats", i+1, b.Number)
		}
	}
	mustCleanAuditChain(t, f)
}

// Rounds of one congress closed at the same moment take distinct running document numbers, from
// 01 without gaps (DOMAIN.md "Document format"), in each congress.
func TestConcurrentDocumentNumbers(t *testing.T) {
	ctx := context.Background()
	f, ids := electionFixture(t, 4)
	var rounds []int64
	for _, body := range []string{congress.BodyExecutive, congress.BodyInspection, congress.BodyDelegateOfficial} {
		e := mustElection(t, f, body, 2, congress.ListSurplus, ids)
		r := &congress.Round{EntryMode: congress.EntryTotals, Counters: counters}
		if err := f.s.CreateRound(ctx, f.secA, e.ID, r); err != nil {
			t.Fatal(err)
		}
		tally := &store.Tally{Version: 1, Issued: 38, Collected: 38, Valid: 38}
		for i, id := range ids {
			tally.VotesList = append(tally.VotesList, store.CandidateTally{PersonID: id, Votes: []int{30, 20, 14, 10}[i]})
		}
		if err := f.s.SetTally(ctx, f.secA, r.ID, tally); err != nil {
			t.Fatal(err)
		}
		rounds = append(rounds, r.ID)
	}
	var wg sync.WaitGroup
	numbers := make([]int, len(rounds))
	for i, id := range rounds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.s.CloseRound(ctx, f.secA, id); err != nil {
				t.Error(err)
				return
			}
			rv, err := f.s.FindRoundByID(ctx, f.secA, id)
			if err != nil {
				t.Error(err)
				return
			}
			numbers[i] = rv.DocumentNumber
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for _, n := range numbers {
		if n < 1 || n > len(rounds) || seen[n] {
			t.Fatalf("document numbers %v: want each of 1..%d once", numbers, len(rounds))
		}
		seen[n] = true
	}
	mustCleanAuditChain(t, f)
}

// mustCleanAuditChain fails unless the whole audit chain verifies.
func mustCleanAuditChain(t *testing.T, f *fixture) {
	t.Helper()
	problems, n, err := f.s.VerifyAuditChain(context.Background())
	if err != nil || len(problems) != 0 || n == 0 {
		t.Fatalf("audit chain of %d rows: %v %v", n, problems, err)
	}
}
