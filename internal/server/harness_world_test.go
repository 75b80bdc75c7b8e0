package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jmoiron/sqlx"

	"daihoi/db"
	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// The harness world: the fixture's party tree, a second cell beside the first (the sibling a cell
// user must not reach), users of every role at the top and at the grassroots, and in every
// congress one of each object a route can name — person, election, closed round, open round
// (ballot by ballot), resolution, target, review — so every route has an object of every
// organization to aim at.

// Extra users of the harness world.
const (
	uAuditorKHCN = "kiemtrakhcn"   // auditor of the Sở KH&CN: a subtree, no writes
	uStaffKHCN   = "bantochuckhcn" // staff of the Sở KH&CN
)

// hScene is one congress of the world and the objects in it.
type hScene struct {
	key            string
	org            *congress.Organization
	cg             *congress.Congress
	person         int64 // a person on the roll and the election's list
	election       int64
	closedRound    int64 // round 1, by totals, closed
	openRound      int64 // round 2, ballot by ballot, open, no ballot yet
	totalsRound    int64 // the Sở KH&CN only: an open round by totals of a second election
	target, review int64
}

type hWorld struct {
	*fixture
	probe     *sqlx.DB // SQLite: one connection of its own, whose data_version moves with others' writes
	lastWrite string
	cell2     *congress.Organization
	scenes    map[string]*hScene
	keys      []string // scene keys in a fixed order
}

// newHarnessWorld builds the world on a new database of the engine under test.
func newHarnessWorld(t testing.TB) *hWorld {
	t.Helper()
	ctx := context.Background()
	f := newFixture(t)
	w := &hWorld{fixture: f, scenes: map[string]*hScene{}}
	sys := congress.System
	w.cell2 = &congress.Organization{Kind: congress.KindCell, Name: "Chi bộ Văn phòng Sở", Place: "Đồng Tháp", ParentID: &f.khcn.ID}
	if err := f.store.CreateOrganization(ctx, sys, w.cell2); err != nil {
		t.Fatal(err)
	}
	cCell2 := &congress.Congress{OrganizationID: w.cell2.ID, TermID: f.term20.ID, Ordinal: 1, Kind: congress.CongressMembers,
		Ruleset: congress.Ruleset244, HeldOn: "2020-04-10", State: congress.StateHeld,
		Attendance: congress.Attendance{Convened: 9, Present: 9}}
	if err := f.store.CreateCongress(ctx, sys, cCell2); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		name, role string
		org        *congress.Organization
	}{{uAuditorKHCN, congress.RoleAuditor, f.khcn}, {uStaffKHCN, congress.RoleStaff, f.khcn}} {
		user := &congress.User{Username: u.name, FullName: "Người dùng " + u.name, Role: u.role, OrganizationID: u.org.ID}
		if err := f.store.CreateUser(ctx, sys, user, testHash()); err != nil {
			t.Fatal(err)
		}
		token, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.CreateSession(ctx, user, hash, auth.SessionTTL, "192.0.2.1", "test"); err != nil {
			t.Fatal(err)
		}
		f.users[u.name], f.tokens[u.name] = user, token
	}
	for _, s := range []struct {
		key string
		org *congress.Organization
		cg  *congress.Congress
	}{{"khoi", f.khoi, f.cKhoi}, {"khcn", f.khcn, f.cKHCN}, {"cell", f.cell, f.cCell}, {"cell2", w.cell2, cCell2}, {"tc", f.tc, f.cTC}} {
		cg, err := f.store.FindCongressByID(ctx, sys, s.cg.ID)
		if err != nil {
			t.Fatal(err)
		}
		w.scenes[s.key] = w.buildScene(s.key, s.org, cg)
		w.keys = append(w.keys, s.key)
	}
	return w
}

// buildScene records the objects of one congress through the store.
func (w *hWorld) buildScene(key string, org *congress.Organization, cg *congress.Congress) *hScene {
	t := w.t
	t.Helper()
	ctx := context.Background()
	sys := congress.System
	sc := &hScene{key: key, org: org, cg: cg}
	p := w.mustPersons(cg.ID, "Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường")
	an, bich, cuong := p["Lê Văn An"], p["Trần Thị Bích"], p["Phạm Văn Cường"]
	sc.person = an
	body := congress.BodyExecutive
	if org.Kind == congress.KindCell {
		body = congress.BodyCellCommittee
	}
	ev := w.mustElection(cg.ID, body, congress.ListSurplus, 2, an, bich, cuong)
	sc.election = ev.ID
	closed := w.mustTotalsRound(ev.ID, cg.Attendance)
	w.mustTally(closed, 0, map[int64]int{an: cg.Present, bich: 1, cuong: 1})
	w.mustClose(closed.ID)
	sc.closedRound = closed.ID
	open := &congress.Round{Attendance: cg.Attendance, EntryMode: congress.EntryBallots, Issued: cg.Present, CandidateIDs: []int64{bich, cuong},
		Counters: []congress.CountingMember{{Name: "Trưởng Ban Kiểm", Head: true}, {Name: "Thành Viên Một"}}}
	if err := w.store.CreateRound(ctx, sys, ev.ID, open); err != nil {
		t.Fatalf("open round of %s: %v", key, err)
	}
	sc.openRound = open.ID
	if key == "khcn" {
		insp := w.mustElection(cg.ID, congress.BodyInspection, congress.ListSurplus, 1, an, bich)
		sc.totalsRound = w.mustTotalsRound(insp.ID, cg.Attendance).ID
	}

	res := &store.Resolution{CongressID: cg.ID, AdoptedOn: cg.HeldOn, VotesFor: cg.Present,
		Sections: []store.ResolutionSection{{Title: "Chỉ tiêu nhiệm kỳ", Body: "Hằng năm có ít nhất 90% đảng viên hoàn thành tốt nhiệm vụ trở lên."}}}
	if err := w.store.SetResolution(ctx, sys, res); err != nil {
		t.Fatalf("resolution of %s: %v", key, err)
	}
	tg := &store.TargetRecord{Target: targets.Target{CongressID: cg.ID, Subject: "đảng viên hoàn thành tốt nhiệm vụ trở lên",
		Comparator: targets.AtLeast, Value: 90, Unit: targets.Percent, Period: targets.Yearly, Category: targets.PartyBuilding,
		Sentence: "Hằng năm có ít nhất 90% đảng viên hoàn thành tốt nhiệm vụ trở lên."}}
	if err := w.store.CreateTarget(ctx, sys, tg); err != nil {
		t.Fatalf("target of %s: %v", key, err)
	}
	sc.target = tg.ID
	year := 2021
	if cg.TermID == w.term25.ID {
		year = 2025
	}
	rv := &store.ReviewRecord{CongressID: cg.ID, Review: targets.Review{TargetID: tg.ID, Year: year, Numerator: 8, Denominator: 9,
		Source: fmt.Sprintf("Báo cáo kết quả đánh giá đảng viên năm %d.", year)}}
	if err := w.store.CreateReview(ctx, sys, rv); err != nil {
		t.Fatalf("review of %s: %v", key, err)
	}
	sc.review = rv.ID
	return sc
}

// inScope reports whether user may see the scene's organization: it lies in the user's subtree.
func (w *hWorld) inScope(user string, sc *hScene) bool {
	u := w.users[user]
	return strings.HasPrefix(w.path(sc.org), w.path(w.orgByID(u.OrganizationID)))
}

// relation names where the scene lies for the user, for the figures: own, inside, sibling, outside.
func (w *hWorld) relation(user string, sc *hScene) string {
	u := w.users[user]
	switch {
	case sc.org.ID == u.OrganizationID:
		return "own"
	case w.inScope(user, sc):
		return "inside"
	case sc.org.ParentID != nil && w.orgByID(u.OrganizationID).ParentID != nil && *sc.org.ParentID == *w.orgByID(u.OrganizationID).ParentID:
		return "sibling"
	}
	return "outside"
}

func (w *hWorld) orgByID(id int64) *congress.Organization {
	for _, sc := range w.scenes {
		if sc.org.ID == id {
			return sc.org
		}
	}
	w.t.Fatalf("no organization %d in the world", id)
	return nil
}

// path is the organization's chain of ids from the root, "/1/2/".
func (w *hWorld) path(o *congress.Organization) string {
	p := fmt.Sprintf("%d/", o.ID)
	for o.ParentID != nil {
		o = w.orgByID(*o.ParentID)
		p = fmt.Sprintf("%d/", o.ID) + p
	}
	return "/" + p
}

// allTables lists every table of the database, read from the engine's catalogue so a table added
// later is covered without touching the harness.
func allTables(t testing.TB, d *db.DB) []string {
	t.Helper()
	var names []string
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if d.Engine != db.SQLite {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	if err := d.R.Select(&names, q); err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	if len(names) < 10 {
		t.Fatalf("only %d tables found: %v", len(names), names)
	}
	return names
}

// fullDigest hashes every row of every table: equal digests mean nothing at all changed. Rows are
// hashed one by one and the row hashes sorted, so the order an engine returns them in does not
// matter and no table needs a key.
func (w *hWorld) fullDigest() string {
	w.t.Helper()
	h := sha256.New()
	for _, table := range allTables(w.t, w.db) {
		rows, err := w.db.R.Queryx(`SELECT * FROM ` + table)
		if err != nil {
			w.t.Fatal(err)
		}
		var lines []string
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				w.t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				if x, ok := v.([]byte); ok {
					v = string(x)
				}
				fmt.Fprintf(&b, "%v\x1f", v)
			}
			lines = append(lines, b.String())
		}
		if err := rows.Err(); err != nil {
			w.t.Fatal(err)
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintf(h, "[%s %d]\n%s\n", table, len(lines), strings.Join(lines, "\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// badStoredText scans every text value of every table for what user input must never leave in
// the record (DESIGN.md: text is stored NFC): invalid UTF-8, text not in NFC, control characters
// other than tab and line breaks. It returns one line per offending value.
func (w *hWorld) badStoredText() []string {
	w.t.Helper()
	var bad []string
	for _, table := range allTables(w.t, w.db) {
		rows, err := w.db.R.Queryx(`SELECT * FROM ` + table)
		if err != nil {
			w.t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				w.t.Fatal(err)
			}
			for i, v := range vals {
				s, ok := v.(string)
				if !ok {
					continue // blobs (packages, documents) are bytes, not text
				}
				if why := textFault(s); why != "" {
					bad = append(bad, fmt.Sprintf("%s.%s: %s: %q", table, cols[i], why, shorten(s, 60)))
				}
			}
		}
		rows.Close()
	}
	return bad
}

// textFault says what is wrong with a stored text, or "".
func textFault(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	if !norm.NFC.IsNormalString(s) {
		return "not NFC"
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return fmt.Sprintf("control character %U", r)
		}
	}
	return ""
}

// maybeChanged reports whether anything may have been written since its last call, cheaply: the
// SQLite data_version seen by a connection of our own moves with every commit of another
// connection, PostgreSQL's WAL position with every write (other databases' too: a false alarm
// only costs a full digest). When it says no, the full digest cannot have changed.
func (w *hWorld) maybeChanged() bool {
	var v string
	if w.db.Engine == db.SQLite {
		if w.probe == nil {
			x, err := sqlx.Open("sqlite3", "file:"+w.db.Path+"?mode=ro")
			if err != nil {
				w.t.Fatal(err)
			}
			x.SetMaxOpenConns(1)
			w.probe = x
			w.t.Cleanup(func() { x.Close() })
		}
		if err := w.probe.Get(&v, `PRAGMA data_version`); err != nil {
			w.t.Fatal(err)
		}
	} else if err := w.db.R.Get(&v, `SELECT pg_current_wal_insert_lsn()::text`); err != nil {
		return true
	}
	changed := v != w.lastWrite
	w.lastWrite = v
	return changed
}
