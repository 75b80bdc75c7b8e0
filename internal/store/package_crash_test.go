package store_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/offline"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// Ballots and rounds of the large congress: 500 delegates, 5 rounds entered ballot by ballot.
const (
	bigDelegates = 500
	bigRounds    = 5
)

// bigPackage is the package of a generated 500-delegate congress with 500 ballots in each of 5
// rounds, built once per test binary, with the time its export took.
var bigPackage = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "daihoi-big-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, err := db.Open(filepath.Join(dir, "nguon.db"))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	ctx := context.Background()
	if _, err := d.Migrate(ctx); err != nil {
		return nil, err
	}
	s := store.New(d)
	id, err := bigCongress(ctx, s)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	p, err := s.ExportPackage(ctx, congress.System, id, offline.Source{Host: "may-tinh-hoi-truong", Database: "nguon.db"})
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := offline.Write(&buf, p); err != nil {
		return nil, err
	}
	bigExport = time.Since(start)
	return buf.Bytes(), nil
})

// bigExport is how long the export of the large package took.
var bigExport time.Duration

// bigNames gives 64 distinct Vietnamese names.
func bigNames() []string {
	family := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng"}
	middle := []string{"Văn", "Thị", "Minh", "Quốc", "Thanh", "Ngọc", "Hữu", "Đức"}
	given := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khoa", "Lan", "Long", "Mai", "Nam", "Phúc", "Quân", "Sơn"}
	var out []string
	for i := 0; i < 64; i++ {
		out = append(out, family[i%8]+" "+middle[i/8]+" "+given[(i*5)%16])
	}
	return out
}

// bigCongress records, under the chain of chainStore, a delegates' congress of 500 with three
// elections entered ballot by ballot: the executive committee (35 of 40; 33 pass in round 1, the
// last 2 seats in round 2), the official delegates (20 of 24; 18, then 2) and the alternates (3 of
// the 4 left). Every round has 500 ballots.
func bigCongress(ctx context.Context, s *store.Store) (int64, error) {
	sys := congress.System
	var org congress.Organization
	var term congress.Term
	err := s.InBatch(ctx, sys, func(b *store.Batch) error {
		term = congress.Term{StartYear: 2025, EndYear: 2030}
		if err := b.CreateTerm(ctx, &term); err != nil {
			return err
		}
		khoi := congress.Organization{Kind: congress.KindSuperior, Name: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &khoi); err != nil {
			return err
		}
		org = congress.Organization{ParentID: &khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Khoa học và Công nghệ", Place: "Đồng Tháp"}
		return b.CreateOrganization(ctx, &org)
	})
	if err != nil {
		return 0, err
	}
	c := congress.Congress{OrganizationID: org.ID, TermID: term.ID, Ordinal: 3, Kind: congress.CongressDelegates,
		Ruleset: congress.Ruleset190, HeldOn: "2025-06-20", Place: "Trung tâm Hội nghị tỉnh", State: congress.StateHeld,
		Attendance: congress.Attendance{Convened: bigDelegates, Present: bigDelegates}}
	if err := s.CreateCongress(ctx, sys, &c); err != nil {
		return 0, err
	}
	var ids []int64
	for i, name := range bigNames() {
		p := congress.Person{CongressID: c.ID, FullName: name, BirthDate: fmt.Sprintf("%d-%02d-%02d", 1965+i%25, 1+i%12, 1+i%28),
			Gender: []string{"male", "female"}[i%2], Ethnicity: "Kinh", HomeTown: "Đồng Tháp", Position: "Đại biểu số " + fmt.Sprint(i+1)}
		if err := s.CreatePerson(ctx, sys, &p); err != nil {
			return 0, err
		}
		ids = append(ids, p.ID)
	}
	counters := []congress.CountingMember{{Name: "Trương Văn Hải", Head: true}, {Name: "Mai Thị Hoa"}, {Name: "Đinh Công Lý"}}
	// vote enters the 500 ballots of a new round of the election, each from ballot(b, n), and
	// closes it.
	vote := func(electionID int64, ballot func(b, n int) election.Ballot) error {
		r := &congress.Round{EntryMode: congress.EntryBallots, Issued: bigDelegates, Counters: counters}
		if err := s.CreateRound(ctx, sys, electionID, r); err != nil {
			return err
		}
		rv, err := s.FindRoundByID(ctx, sys, r.ID)
		if err != nil {
			return err
		}
		for b := 0; b < bigDelegates; b++ {
			if _, err := s.AddBallot(ctx, sys, r.ID, 1, 0, "Mai Thị Hoa", ballot(b, len(rv.Candidates))); err != nil {
				return fmt.Errorf("ballot %d: %w", b+1, err)
			}
		}
		_, err = s.CloseRound(ctx, sys, r.ID)
		return err
	}
	// strikeOf strikes k of the last w names on each ballot, in turn: those w fall short.
	strikeOf := func(w, k int) func(b, n int) election.Ballot {
		return func(b, n int) election.Ballot {
			var struck []int
			for j := 0; j < k; j++ {
				struck = append(struck, n-w+(b+j)%w)
			}
			return election.Struck(n, struck...)
		}
	}
	// keepTwo keeps the first two names of the list.
	keepTwo := func(b, n int) election.Ballot {
		var struck []int
		for j := 2; j < n; j++ {
			struck = append(struck, j)
		}
		return election.Struck(n, struck...)
	}
	elect := func(body string, seats int, list []int64) (int64, error) {
		e := &store.ElectionInput{Election: congress.Election{CongressID: c.ID, Body: body, Seats: seats, ListKind: congress.ListSurplus},
			CandidateIDs: list}
		err := s.CreateElection(ctx, sys, e)
		return e.ID, err
	}
	exec := &store.ElectionInput{Election: congress.Election{CongressID: c.ID, Body: congress.BodyExecutive, Seats: 35,
		ListKind: congress.ListSurplus}, CandidateIDs: ids[:40]}
	if err := s.CreateElection(ctx, sys, exec); err != nil {
		return 0, err
	}
	if err := vote(exec.ID, strikeOf(7, 5)); err != nil {
		return 0, err
	}
	if err := vote(exec.ID, keepTwo); err != nil {
		return 0, err
	}
	official := &store.ElectionInput{Election: congress.Election{CongressID: c.ID, Body: congress.BodyDelegateOfficial, Seats: 20,
		ListKind: congress.ListSurplus}, CandidateIDs: ids[40:64]}
	if err := s.CreateElection(ctx, sys, official); err != nil {
		return 0, err
	}
	if err := vote(official.ID, strikeOf(6, 4)); err != nil {
		return 0, err
	}
	if err := vote(official.ID, keepTwo); err != nil {
		return 0, err
	}
	ev, err := s.FindElectionByID(ctx, sys, official.ID)
	if err != nil {
		return 0, err
	}
	elected := map[int64]bool{}
	for _, p := range ev.Elected {
		elected[p.PersonID] = true
	}
	var rest []int64
	for _, id := range ids[40:64] {
		if !elected[id] {
			rest = append(rest, id)
		}
	}
	alt, err := elect(congress.BodyDelegateAlternate, 3, rest)
	if err != nil {
		return 0, err
	}
	if err := vote(alt, strikeOf(1, 1)); err != nil {
		return 0, err
	}
	return c.ID, nil
}

// chainDB makes a database of the engine under test holding the organization chain of the large
// congress (and a term), closed so another process can open it, and returns what db.Open takes.
func chainDB(t testing.TB) string {
	t.Helper()
	path := testdb.DSN(t)
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	s := store.New(d)
	err = s.InBatch(ctx, congress.System, func(b *store.Batch) error {
		khoi := congress.Organization{Kind: congress.KindSuperior, Name: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &khoi); err != nil {
			return err
		}
		so := congress.Organization{ParentID: &khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Khoa học và Công nghệ", Place: "Đồng Tháp"}
		return b.CreateOrganization(ctx, &so)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// The figures of issue 7: export and import time of a 500-delegate congress with 5 rounds of 500
// ballots entered one by one, and the package's size.
func TestLargePackageFigures(t *testing.T) {
	data, err := bigPackage()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p, err := offline.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(offline.Problems(err))
	}
	read := time.Since(start)
	if len(p.Ballots) != bigDelegates*bigRounds || len(p.Manifest.ClosedRounds) != bigRounds {
		t.Fatalf("package holds %d ballots, %d closed rounds", len(p.Ballots), len(p.Manifest.ClosedRounds))
	}
	start = time.Now()
	if problems := store.VerifyPackage(p); len(problems) > 0 {
		t.Fatal(problems)
	}
	verify := time.Since(start)
	path := chainDB(t)
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := store.New(d)
	start = time.Now()
	res, err := s.ImportPackage(context.Background(), congress.System, p, store.PackageImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	imp := time.Since(start)
	if res.Ballots != 2500 || res.Rounds != 5 {
		t.Fatalf("imported %+v", res)
	}
	var parts []string
	for _, ph := range p.Manifest.Parts {
		if ph.Size > 10000 {
			parts = append(parts, fmt.Sprintf("%s %d KB", ph.Name, ph.Size>>10))
		}
	}
	t.Logf("500-delegate congress, %d rounds × %d ballots: package %d KB (%s); export %v; read+hash %v, verify %v, import (verify + one transaction) %v",
		bigRounds, bigDelegates, len(data)>>10, strings.Join(parts, ", "), bigExport.Round(time.Millisecond),
		read.Round(time.Millisecond), verify.Round(time.Millisecond), imp.Round(time.Millisecond))
}

// TestImportCrashChild is the child process of TestImportKilledMidway: it imports the package
// named by DAIHOI_CRASH_PKG into DAIHOI_CRASH_DB. It does nothing in a normal test run.
func TestImportCrashChild(t *testing.T) {
	if os.Getenv("DAIHOI_CRASH_CHILD") != "1" {
		t.Skip("child process of TestImportKilledMidway only")
	}
	d, err := db.Open(os.Getenv("DAIHOI_CRASH_DB"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := offline.ReadFile(os.Getenv("DAIHOI_CRASH_PKG"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("importing")
	if _, err := store.New(d).ImportPackage(context.Background(), congress.System, p, store.PackageImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d.Close()
	fmt.Println("imported")
}

// kill -9 during an import leaves the database as before or with the whole congress: a child
// process importing the large package is killed at random points, ten times.
func TestImportKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("long: generates a 2 500-ballot congress and imports it eleven times")
	}
	data, err := bigPackage()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "daihoi-lon.daihoi")
	if err := os.WriteFile(pkg, data, 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(i int, killAfter time.Duration) (string, time.Duration) {
		path := chainDB(t)
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "DAIHOI_CRASH_CHILD=1", "DAIHOI_CRASH_DB="+path, "DAIHOI_CRASH_PKG="+pkg)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if killAfter > 0 {
			timer := time.AfterFunc(killAfter, func() { cmd.Process.Kill() })
			defer timer.Stop()
		}
		err := cmd.Wait()
		took := time.Since(start)
		if killAfter == 0 && err != nil {
			t.Fatalf("child: %v\n%s", err, out.String())
		}
		return path, took
	}
	// check opens a database the child left and says what it holds: nothing of the congress, or
	// all of it, verified.
	check := func(path string) string {
		d, err := db.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		// PostgreSQL has no file check of its own to run: a killed client's transaction is
		// rolled back by the server.
		if d.Engine == db.SQLite {
			var ok string
			if err := d.R.Get(&ok, `PRAGMA integrity_check`); err != nil || ok != "ok" {
				t.Fatalf("%s: integrity_check %q %v", path, ok, err)
			}
		}
		n := map[string]int{}
		for _, table := range []string{"congresses", "persons", "elections", "rounds", "ballots", "round_candidates", "documents", "audit_log"} {
			var c int
			if err := d.R.Get(&c, `SELECT COUNT(*) FROM `+table); err != nil {
				t.Fatal(err)
			}
			n[table] = c
		}
		switch {
		case n["congresses"] == 0 && n["persons"]+n["elections"]+n["rounds"]+n["ballots"]+n["round_candidates"]+n["documents"] == 0:
			return "nothing"
		case n["congresses"] == 1 && n["persons"] == 64 && n["elections"] == 3 && n["rounds"] == 5 && n["ballots"] == 2500:
			var id int64
			if err := d.R.Get(&id, `SELECT id FROM congresses`); err != nil {
				t.Fatal(err)
			}
			rep, err := store.New(d).Verify(context.Background(), id)
			if err != nil || !rep.OK() || rep.Rounds != 5 {
				t.Fatalf("%s: the imported congress does not verify: %v %v", path, err, rep.Problems)
			}
			return "all"
		}
		t.Fatalf("%s: a partial congress: %v", path, n)
		return ""
	}
	path, full := run(0, 0)
	if got := check(path); got != "all" {
		t.Fatalf("the uninterrupted import left %s", got)
	}
	r := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	seen := map[string]int{}
	for i := 1; i <= 10; i++ {
		after := time.Duration(r.Int64N(int64(full)))
		path, _ := run(i, after)
		seen[check(path)]++
	}
	t.Logf("uninterrupted child run %v; 10 kills at random points left: %d with nothing, %d with the whole congress",
		full.Round(time.Millisecond), seen["nothing"], seen["all"])
}
