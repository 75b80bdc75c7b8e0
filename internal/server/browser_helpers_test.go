package server

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// demoSite is the demo data (the seed congress with its elections, targets and reviews, the Khối
// with its sample committees) served for the browser tests, with one open round entered ballot by
// ballot in a cell's congress of 2025–2030. The demo users (admin, bantochuc, thuky, kiemtra)
// have testPassword.
type demoSite struct {
	*fixture
	ts *httptest.Server
	// IDs of the records the pages show.
	seed, cellCongress                 int64
	khoi, so, cell                     int64
	election, closedRound, target, rev int64
	openRound                          *store.RoundView
}

// newDemoSite seeds the demo on a database of the engine under test and serves it.
func newDemoSite(t *testing.T) *demoSite {
	t.Helper()
	ctx := context.Background()
	d := testdb.Open(t)
	s := store.New(d)
	res, err := demo.Seed(ctx, s, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: d, store: s, logs: &bytes.Buffer{}, logMu: &sync.Mutex{},
		users: map[string]*congress.User{}, tokens: map[string]string{}}
	cfg := Config{Store: s, Auth: auth.NewService(s), Logger: slog.New(slog.NewTextHandler(syncWriter{f.logMu, f.logs}, nil))}
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	site := &demoSite{fixture: f, seed: res.SeedCongressID}
	one := func(dst *int64, q string, args ...any) {
		t.Helper()
		if err := d.R.Get(dst, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	one(&site.khoi, `SELECT id FROM organizations WHERE parent_id IS NULL`)
	one(&site.so, `SELECT organization_id FROM congresses WHERE id = ?`, site.seed)
	one(&site.cell, `SELECT MIN(id) FROM organizations WHERE parent_id = ? AND kind = 'cell'`, site.so)
	one(&site.election, `SELECT MIN(id) FROM elections WHERE congress_id = ?`, site.seed)
	one(&site.closedRound, `SELECT MIN(id) FROM rounds WHERE election_id = ?`, site.election)
	one(&site.target, `SELECT MIN(t.id) FROM targets t JOIN target_reviews r ON r.target_id = t.id WHERE t.congress_id = ?`, site.seed)
	one(&site.rev, `SELECT MIN(id) FROM target_reviews WHERE target_id = ?`, site.target)
	var term int64
	one(&term, `SELECT id FROM terms WHERE start_year = 2025`)
	cg := &congress.Congress{OrganizationID: site.cell, TermID: term, Ordinal: 3, Kind: congress.CongressMembers,
		Ruleset: congress.Ruleset190, HeldOn: "2025-04-15", State: congress.StateHeld, Place: "Phòng họp Sở",
		Attendance: congress.Attendance{Convened: 12, Present: 11, AbsentWithReason: 1}}
	if err := s.CreateCongress(ctx, congress.System, cg); err != nil {
		t.Fatal(err)
	}
	site.cellCongress = cg.ID
	site.openRound = f.mustBallotRound(roundSpec{cg: cg, body: congress.BodyCellCommittee, seats: 3, names: countingNames[:5], issued: 11})
	site.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(site.ts.Close)
	return site
}

// browserLogin logs user in through the form (countingLogin) and waits for the page it lands on.
func browserLogin(t *testing.T, ctx context.Context, base, user, next string) {
	t.Helper()
	countingLogin(t, ctx, base, user, next)
	// The navigation shows only once logged in: waiting for "main" could match the login page
	// itself and let the next navigation cut the login short.
	if err := chromedp.Run(ctx, chromedp.WaitVisible(".nav", chromedp.ByQuery)); err != nil {
		t.Fatalf("after login: %v", err)
	}
}

// browserLogout ends the session through the header's button.
func browserLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Click(`form[action="/logout"] button`, chromedp.ByQuery),
		chromedp.WaitVisible("#username", chromedp.ByID)); err != nil {
		t.Fatalf("logout: %v", err)
	}
}

// open navigates to path and waits for the page's main element.
func open(t *testing.T, ctx context.Context, base, path string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Navigate(base+path), chromedp.WaitReady("main", chromedp.ByQuery)); err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
}

// evalAwait evaluates a JavaScript expression whose value is a promise.
func evalAwait(expr string, res any) chromedp.Action {
	return chromedp.Evaluate(expr, res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })
}

// axeSource is axe-core (testdata/axe, see VERSION there), read once.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	return string(b), err
})

// axeViolation is one rule axe found broken, with the first few elements that break it.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
	Count  int      `json:"count"`
}

// runAxe injects axe-core into the page shown (through the protocol, so the page's CSP does not
// apply) and returns its violations.
func runAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src, err := axeSource()
	if err != nil {
		t.Fatal(err)
	}
	var loaded bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(src+";\ntypeof axe === 'object'", &loaded)); err != nil || !loaded {
		t.Fatalf("inject axe: %v", err)
	}
	var out []axeViolation
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, count: v.nodes.length,
		nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " ").slice(0, 300)),
	})))`
	if err := chromedp.Run(ctx, evalAwait(run, &out)); err != nil {
		t.Fatalf("axe.run: %v", err)
	}
	return out
}

// phoneLayout is how a page fits a narrow window.
type phoneLayout struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Wide        []string `json:"wide"`
	Unreachable []string `json:"unreachable"`
}

// phoneCheckJS measures the page's overflow and, for each selector of the key controls, whether
// its first visible match lies within the window's width (reachable by scrolling down only).
const phoneCheckJS = `((selectors) => {
  const w = window.innerWidth, d = document.documentElement;
  const out = {scrollWidth: d.scrollWidth, innerWidth: w, wide: [], unreachable: []};
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
  if (d.scrollWidth > w) {
    // The outermost elements sticking out, for the message.
    for (const e of document.querySelectorAll("body *")) {
      const r = e.getBoundingClientRect();
      if (r.right > w + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > w + 1)) out.wide.push(name(e) + " right=" + Math.round(r.right));
      if (out.wide.length >= 6) break;
    }
  }
  for (const sel of selectors) {
    const list = [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
    if (list.length === 0) { out.unreachable.push(sel + ": not shown"); continue; }
    const r = list[0].getBoundingClientRect();
    if (r.left < -1 || r.right > w + 1 || r.width < 1 || r.height < 1) out.unreachable.push(sel + ": at " + Math.round(r.left) + "…" + Math.round(r.right));
  }
  return out;
})`

// checkPhone measures the page shown at the window's current width.
func checkPhone(t *testing.T, ctx context.Context, selectors []string) phoneLayout {
	t.Helper()
	var out phoneLayout
	js := fmt.Sprintf("%s(%s)", phoneCheckJS, jsStrings(selectors))
	if err := chromedp.Run(ctx, chromedp.Evaluate(js, &out)); err != nil {
		t.Fatalf("phone check: %v", err)
	}
	return out
}

// jsStrings writes a list of strings as a JavaScript array literal.
func jsStrings(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ",") + "]"
}

// screenshot writes the whole page at the window's size into the -screenshots folder, when given.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if *countingShots == "" {
		return
	}
	if err := os.MkdirAll(*countingShots, 0o755); err != nil {
		t.Fatal(err)
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.Sleep(150*time.Millisecond), chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(*countingShots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}
