package server

import (
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"daihoi/web"
)

// securityIDs are ids of the demo seed to put in route patterns: the seed congress and, of it, a
// closed round, its election, a person, a target and a review.
type securityIDs struct {
	congress, round, election, person, target, review, org int64
}

func seedIDs(t *testing.T, rf *reportFixture) securityIDs {
	t.Helper()
	ids := securityIDs{congress: rf.seed}
	for _, q := range []struct {
		dst *int64
		sql string
	}{
		{&ids.round, `SELECT r.id FROM rounds r JOIN elections e ON e.id = r.election_id WHERE e.congress_id = ? ORDER BY r.id LIMIT 1`},
		{&ids.election, `SELECT id FROM elections WHERE congress_id = ? ORDER BY id LIMIT 1`},
		{&ids.person, `SELECT id FROM persons WHERE congress_id = ? ORDER BY id LIMIT 1`},
		{&ids.target, `SELECT id FROM targets WHERE congress_id = ? ORDER BY id LIMIT 1`},
		{&ids.review, `SELECT v.id FROM target_reviews v JOIN targets t ON t.id = v.target_id WHERE t.congress_id = ? ORDER BY v.id LIMIT 1`},
		{&ids.org, `SELECT organization_id FROM congresses WHERE id = ?`},
	} {
		if err := rf.db.R.Get(q.dst, rf.db.R.Rebind(q.sql), rf.seed); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	return ids
}

// allRoutes lists every route the server registers, from a fresh engine: the same list the
// handler serves.
func allRoutes(s *Server) gin.RoutesInfo {
	e := gin.New()
	s.routes(e)
	return e.Routes()
}

// concretePath fills a route pattern with seed ids, choosing the id by the pattern's prefix.
func concretePath(pattern string, ids securityIDs) string {
	parts := strings.Split(pattern, "/")
	for i, p := range parts {
		if p == ":rid" {
			parts[i] = fmt.Sprint(ids.round)
			continue
		}
		if p == "*filepath" {
			parts[i] = "css/app.css"
			continue
		}
		if !strings.HasPrefix(p, ":") || i == 0 {
			continue
		}
		id := ids.congress
		switch parts[i-1] {
		case "rounds":
			id = ids.round
		case "elections":
			id = ids.election
		case "persons":
			id = ids.person
		case "targets":
			id = ids.target
		case "reviews":
			id = ids.review
		case "organizations":
			id = ids.org
		}
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, "/")
}

// wantHeaders checks the security headers of one response; live says the live view's policy.
func wantHeaders(t *testing.T, what string, w *httptest.ResponseRecorder, live bool) {
	t.Helper()
	h := w.Header()
	csp := h.Get("Content-Security-Policy")
	directives := map[string]string{}
	for _, d := range strings.Split(csp, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		directives[name] = value
	}
	script, ok := directives["script-src"]
	if !ok {
		script = directives["default-src"]
	}
	if csp == "" || script == "" || strings.Contains(script, "'unsafe-inline'") || strings.Contains(script, "'unsafe-eval'") ||
		strings.Contains(script, "*") || strings.Contains(script, "data:") {
		t.Errorf("%s: script-src %q in CSP %q", what, script, csp)
	}
	if strings.Contains(directives["style-src"], "'unsafe-inline'") || directives["object-src"] != "" && directives["object-src"] != "'none'" {
		t.Errorf("%s: CSP %q", what, csp)
	}
	frame := "'none'"
	if live {
		frame = "'self'"
	}
	if directives["frame-ancestors"] != frame {
		t.Errorf("%s: frame-ancestors %q, want %s", what, directives["frame-ancestors"], frame)
	}
	if xfo := h.Get("X-Frame-Options"); (live && xfo != "SAMEORIGIN") || (!live && xfo != "DENY") {
		t.Errorf("%s: X-Frame-Options %q", what, xfo)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q", what, h.Get("X-Content-Type-Options"))
	}
	if rp := h.Get("Referrer-Policy"); rp != "same-origin" && rp != "no-referrer" && rp != "strict-origin-when-cross-origin" {
		t.Errorf("%s: Referrer-Policy %q", what, rp)
	}
	if len(h.Values("Content-Security-Policy")) != 1 {
		t.Errorf("%s: %d CSP headers", what, len(h.Values("Content-Security-Policy")))
	}
}

// Every route answered as every kind of user, and every kind of refusal and failure, carries the
// security headers; only the live view may be framed, and only by the site itself.
func TestSecurityHeadersEveryResponse(t *testing.T) {
	rf := newReportFixture(t)
	ids := seedIDs(t, rf)
	seen := 0
	for _, r := range allRoutes(rf.srv) {
		path := concretePath(r.Path, ids)
		live := strings.HasSuffix(r.Path, "/live")
		for _, as := range []string{"", uAdmin, uAuditor, uOtherStaff} {
			rq := req{method: r.Method, path: path, as: as}
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				rq.form = url.Values{"x": {"1"}} // refused or invalid; only the headers matter here
				if strings.HasPrefix(path, "/api/") {
					rq.form, rq.json = nil, `{"x":`
				}
			}
			w := rf.do(rq)
			seen++
			// The live view keeps its own policy only where it shows the page.
			wantHeaders(t, fmt.Sprintf("%s %s as %q (%d)", r.Method, path, as, w.Code), w, live && w.Code == http.StatusOK)
		}
	}
	// Answers made outside the routes: unknown pages and files, redirects, 304, oversized and
	// cross-origin refusals, a method the route does not have, a failing database.
	extra := []req{
		{method: http.MethodGet, path: "/khong-co-trang-nay"},
		{method: http.MethodGet, path: "/khong-co-trang-nay", as: uStaff},
		{method: http.MethodGet, path: "/api/v1/khong-co"},
		{method: http.MethodGet, path: "/api/v1/khong-co", bearer: uStaff},
		{method: http.MethodGet, path: "/static/khong-co.js"},
		{method: http.MethodGet, path: "/static/js/app.js"},
		{method: http.MethodGet, path: "/static/favicon.svg"},
		{method: http.MethodGet, path: "/static/css/app.css", header: http.Header{"If-None-Match": {rf.srv.static.files["css/app.css"].etag}}},
		{method: http.MethodGet, path: "/congresses/"},
		{method: http.MethodDelete, path: "/congresses", as: uAdmin},
		{method: http.MethodPost, path: "/api/v1/congresses", bearer: uAdmin, body: strings.NewReader(strings.Repeat("x", maxBody+1)), contentType: "application/json"},
		{method: http.MethodPost, path: "/congresses", as: uAdmin, header: http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{method: http.MethodPost, path: "/api/v1/congresses", as: uAdmin, header: http.Header{"Origin": {"http://evil.example"}}},
		{method: http.MethodPost, path: "/login", form: url.Values{"username": {"x"}, "password": {"y"}}},
	}
	for _, r := range extra {
		w := rf.do(r)
		seen++
		wantHeaders(t, fmt.Sprintf("%s %s (%d)", r.method, r.path, w.Code), w, false)
	}
	rf.db.R.Close()
	for _, r := range []req{{method: http.MethodGet, path: "/congresses", as: uAdmin}, {method: http.MethodGet, path: "/api/v1/terms", bearer: uAdmin},
		{method: http.MethodGet, path: "/healthz"}, {method: http.MethodGet, path: "/reports/congresses.xlsx", as: uAdmin}} {
		w := rf.do(r)
		seen++
		wantHeaders(t, fmt.Sprintf("closed database: %s %s (%d)", r.method, r.path, w.Code), w, false)
	}
	t.Logf("%d responses checked", seen)
}

// The live view is meant to be framed by the site's own kiosk page (live.go), never by another
// site; its refusal pages are not framable at all.
func TestSecurityLiveViewFraming(t *testing.T) {
	rf := newReportFixture(t)
	w := rf.get(uAdmin, fmt.Sprintf("/congresses/%d/live", rf.seed))
	if w.Code != http.StatusOK {
		t.Fatalf("live view: %d", w.Code)
	}
	wantHeaders(t, "live view", w, true)
	if w := rf.get(uAdmin, "/congresses/999999/live"); w.Code != http.StatusNotFound {
		t.Fatalf("unknown congress: %d", w.Code)
	} else {
		wantHeaders(t, "live view 404", w, false)
	}
	// Logged out, it redirects to the login form, which must never be framed.
	w = rf.do(req{method: http.MethodGet, path: fmt.Sprintf("/congresses/%d/live", rf.seed)})
	wantHeaders(t, "live view logged out", w, false)
}

// The templates have no inline script bodies, no event handler attributes and no javascript:
// URLs: the policy forbids them, so they would silently not work, and none may creep back in.
func TestSecurityTemplatesNoInlineScript(t *testing.T) {
	scriptTag := regexp.MustCompile(`(?is)<script\b([^>]*)>(.*?)</script\s*>`)
	handler := regexp.MustCompile(`(?i)<[a-z][^>]*\son[a-z]+\s*=`)
	jsURL := regexp.MustCompile(`(?i)(href|src|action|formaction)\s*=\s*["']?\s*javascript:`)
	inlineStyle := regexp.MustCompile(`(?i)<[a-z][^>]*\sstyle\s*=|<style\b`)
	n := 0
	err := fs.WalkDir(web.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		n++
		b, err := fs.ReadFile(web.FS, path)
		if err != nil {
			return err
		}
		src := string(b)
		for _, m := range scriptTag.FindAllStringSubmatch(src, -1) {
			if strings.TrimSpace(m[2]) != "" || !strings.Contains(m[1], "src=") {
				t.Errorf("%s: inline script %.80q", path, m[0])
			}
		}
		if strings.Count(strings.ToLower(src), "<script") != len(scriptTag.FindAllString(src, -1)) {
			t.Errorf("%s: a <script> tag the check could not pair with its end", path)
		}
		for _, re := range []*regexp.Regexp{handler, jsURL, inlineStyle} {
			if m := re.FindString(src); m != "" {
				t.Errorf("%s: %.80q", path, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Fatalf("only %d templates found", n)
	}
}
