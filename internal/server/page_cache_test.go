package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

// TestCongressListCache: the list is served from the cache only while the data the list shows
// is unchanged, whoever changes it, and one user's page never reaches another.
func TestCongressListCache(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const list = "/congresses?term_id=0&sort=org"
	get := func(user string) string {
		t.Helper()
		w := f.get(user, list)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: status %d", user, w.Code)
		}
		return w.Body.String()
	}

	first := get(uStaff)
	if n := f.srv.pages.len(); n != 1 {
		t.Fatalf("after one list page the cache holds %d pages, want 1", n)
	}
	if again := get(uStaff); again != first {
		t.Fatal("the same list with nothing changed came back different")
	}
	if n := f.srv.pages.len(); n != 1 {
		t.Fatalf("a repeated list page was cached again: %d pages", n)
	}

	// Another user's list of the same address is their own: the cell's secretary sees one congress.
	cellPage := get(uSecCell)
	if strings.Contains(cellPage, "Sở Tài chính") || !strings.Contains(cellPage, f.cell.Name) {
		t.Fatal("the cell secretary's list shows another scope's page")
	}
	if !strings.Contains(get(uStaff), "Sở Tài chính") {
		t.Fatal("the staff list lost the Sở Tài chính after another user's page")
	}

	// A change through the web: the place edited shows at once.
	form := validCongressForm(f.khcn, f.term20, 2)
	form.Set("version", fmt.Sprint(f.cKHCN.Version))
	form.Set("place", "Hội trường mới")
	if w := f.do(req{method: http.MethodPost, path: fmt.Sprintf("/congresses/%d", f.cKHCN.ID), as: uSecKHCN, form: form}); w.Code != http.StatusSeeOther {
		t.Fatalf("edit: status %d\n%s", w.Code, w.Body.String())
	}
	afterEdit := get(uStaff)
	if afterEdit == first {
		t.Fatal("the list did not change after a congress was edited")
	}

	// A change straight in the store, as `daihoi import` beside the server makes it: no in-process
	// signal, only the database's version.
	o := &congress.Organization{ParentID: &f.khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Nội vụ", Place: "Đồng Tháp"}
	if err := f.store.CreateOrganization(ctx, congress.System, o); err != nil {
		t.Fatal(err)
	}
	c := &congress.Congress{OrganizationID: o.ID, TermID: f.term20.ID, Ordinal: 4, Kind: congress.CongressMembers,
		Ruleset: congress.Ruleset244, HeldOn: "2020-06-01", State: congress.StateHeld,
		Attendance: congress.Attendance{Convened: 20, Present: 19, AbsentWithReason: 1}}
	if err := f.store.CreateCongress(ctx, congress.System, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(get(uStaff), "Đảng bộ Sở Nội vụ") {
		t.Fatal("a congress written outside the server is missing from the cached list")
	}

	// Ballots do not touch what the list shows: a busy counting room leaves the list cached. (The
	// candidates do: their names are part of the congress's search text.)
	rv := f.mustBallotRound(roundSpec{})
	before, err := f.store.ListVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.mustAddBallot(rv, 1, 1, 2)
	f.mustAddBallot(rv, 1, 2)
	after, err := f.store.ListVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Fatalf("ballots moved the list version %d → %d", before, after)
	}

	// A one-time message is shown once and never cached.
	flash := &http.Cookie{Name: flashCookie, Value: "xyz"}
	n := f.srv.pages.len()
	f.do(req{method: http.MethodGet, path: list + "&page=2", as: uStaff, cookies: []*http.Cookie{flash}})
	if f.srv.pages.len() != n {
		t.Fatal("a page with a flash message was cached")
	}
}

// TestListVersionMoves: the triggers of migration 0005 move the version on every change to the
// tables the list shows, on both engines.
func TestListVersionMoves(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	version := func() int64 {
		t.Helper()
		v, err := f.store.ListVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name  string
		write func() error
	}{
		{"term", func() error {
			return f.store.CreateTerm(ctx, congress.System, &congress.Term{StartYear: 2030, EndYear: 2035})
		}},
		{"organization", func() error {
			o := *f.tc
			o.Name = "Đảng bộ Sở Tài chính tỉnh Đồng Tháp"
			return f.store.UpdateOrganization(ctx, congress.System, &o)
		}},
		{"congress", func() error {
			c := *f.cTC
			c.Place = "Hội trường Sở Tài chính"
			return f.store.UpdateCongress(ctx, congress.System, &c)
		}},
		{"user", func() error {
			return f.store.SetPassword(ctx, congress.System, f.users[uAuditor].ID, testHash())
		}},
	} {
		before := version()
		if err := tc.write(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if after := version(); after <= before {
			t.Errorf("%s: a change left the list version at %d (was %d)", tc.name, after, before)
		}
	}
}

// TestPageCacheBounds: the cache keeps its entry and byte bounds, drops the least recently used
// page first, and a stale version is a miss that never comes back.
func TestPageCacheBounds(t *testing.T) {
	pc := newPageCache(3, 4000)
	page := func(key string, v int64, size int) *cachedPage {
		return &cachedPage{key: key, version: v, status: 200, body: []byte(strings.Repeat("x", size))}
	}
	pc.put(page("a", 1, 100))
	pc.put(page("b", 1, 100))
	pc.put(page("c", 1, 100))
	if _, ok := pc.get("a", 1); !ok { // a is now the most recent
		t.Fatal("a missing")
	}
	pc.put(page("d", 1, 100))
	if _, ok := pc.get("b", 1); ok {
		t.Error("b, the least recently used, was kept past 3 entries")
	}
	if _, ok := pc.get("a", 2); ok {
		t.Error("a page of version 1 served for version 2")
	}
	if _, ok := pc.get("a", 1); ok {
		t.Error("a stale page came back after a newer version was asked for")
	}
	pc.put(page("e", 1, 1001)) // over a quarter of the byte budget: not kept
	if _, ok := pc.get("e", 1); ok {
		t.Error("a page over a quarter of the budget was kept")
	}
	pc.put(page("c", 2, 900))
	pc.put(page("c", 1, 900)) // an older render never replaces a newer one
	if p, ok := pc.get("c", 2); !ok || p.version != 2 {
		t.Error("an older render replaced a newer one")
	}
	for i := range 10 {
		pc.put(page(fmt.Sprint("k", i), 1, 900))
	}
	if pc.bytes > 4000 || pc.len() > 3 {
		t.Errorf("bounds broken: %d bytes in %d pages", pc.bytes, pc.len())
	}
}
