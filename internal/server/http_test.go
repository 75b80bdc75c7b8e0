package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/web"
)

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t)
	for _, r := range []req{
		{method: http.MethodGet, path: "/login"},
		{method: http.MethodGet, path: "/congresses", as: uStaff},
		{method: http.MethodGet, path: "/khong-co", as: uStaff},
		{method: http.MethodGet, path: "/api/v1/terms", bearer: uStaff},
		{method: http.MethodGet, path: "/healthz"},
		{method: http.MethodPost, path: "/login", header: http.Header{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}},
	} {
		w := f.do(r)
		h := w.Header()
		if h.Get("Content-Security-Policy") != contentSecurityPolicy || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" {
			t.Errorf("%s %s: headers %v", r.method, r.path, h)
		}
	}
	// No inline script or style anywhere: the policy would block it.
	for _, path := range []string{"/congresses", "/congresses/new", "/organizations", "/terms"} {
		body := f.get(uAdmin, path).Body.String()
		if strings.Contains(body, "<script>") || strings.Contains(body, " style=") || strings.Contains(body, "<style") || strings.Contains(body, " onclick") {
			t.Errorf("%s has inline script or style", path)
		}
	}
}

func TestCrossOriginRefused(t *testing.T) {
	f := newFixture(t)
	cross := http.Header{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	before := f.digest()
	for _, r := range []req{
		{method: http.MethodPost, path: "/congresses", as: uSecKHCN, form: validCongressForm(f.khcn, f.term25, 3), header: cross},
		{method: http.MethodPost, path: "/logout", as: uSecKHCN, header: cross},
		{method: http.MethodPost, path: "/login", form: url.Values{"username": {"thuky"}, "password": {testPassword}}, header: cross},
		{method: http.MethodPost, path: "/api/v1/congresses", as: uSecKHCN, json: mustJSON(validCongressJSON(f.khcn, f.term25, 3)), header: cross},
		{method: http.MethodPut, path: "/api/v1/congresses/1", as: uSecKHCN, json: `{}`, header: cross},
		{method: http.MethodPost, path: "/terms", as: uAdmin, form: url.Values{"start_year": {"2030"}, "end_year": {"2035"}},
			header: http.Header{"Origin": {"http://evil.example"}}},
	} {
		w := f.do(r)
		if w.Code != http.StatusForbidden {
			t.Errorf("%s %s: %d, want 403", r.method, r.path, w.Code)
		}
		if sessionCookieOf(w) != nil {
			t.Errorf("%s %s set a cookie", r.method, r.path)
		}
		if isAPI(httpReq(r.path)) {
			apiErr(t, w)
		} else if !strings.Contains(w.Body.String(), "trang web khác") {
			t.Errorf("%s: no explanation", r.path)
		}
	}
	if f.digest() != before {
		t.Error("a cross-origin request changed something")
	}
	// The same requests from the site itself go through.
	same := http.Header{"Origin": {"http://example.com"}, "Sec-Fetch-Site": {"same-origin"}}
	w := f.do(req{method: http.MethodPost, path: "/congresses", as: uSecKHCN, form: validCongressForm(f.khcn, f.term25, 3), header: same})
	if w.Code != http.StatusSeeOther {
		t.Errorf("same-origin post: %d", w.Code)
	}
	// Safe methods are never refused.
	if w := f.do(req{method: http.MethodGet, path: "/congresses", as: uSecKHCN, header: cross}); w.Code != http.StatusOK {
		t.Errorf("cross-site GET: %d", w.Code)
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodGet, path: "/healthz"})
	if w.Code != http.StatusOK || strings.TrimSpace(w.Body.String()) != "ok" {
		t.Fatalf("%d %q", w.Code, w.Body.String())
	}
	f.db.R.Close()
	if w := f.do(req{method: http.MethodGet, path: "/healthz"}); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("closed database: %d", w.Code)
	}
}

func TestStatic(t *testing.T) {
	f := newFixture(t)
	page := f.do(req{method: http.MethodGet, path: "/login"}).Body.String()
	link := "/static/css/app.css?v=" + f.srv.static.version
	if !strings.Contains(page, link) {
		t.Fatalf("layout does not link %s", link)
	}
	w := f.do(req{method: http.MethodGet, path: link})
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") ||
		!strings.Contains(w.Header().Get("Cache-Control"), "immutable") || w.Header().Get("ETag") == "" {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	w2 := f.do(req{method: http.MethodGet, path: "/static/css/app.css", header: http.Header{"If-None-Match": {w.Header().Get("ETag")}}})
	if w2.Code != http.StatusNotModified || w2.Header().Get("Cache-Control") != "public, max-age=3600" {
		t.Errorf("revalidation: %d %v", w2.Code, w2.Header())
	}
	if w := f.do(req{method: http.MethodGet, path: "/static/js/app.js"}); w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "javascript") {
		t.Errorf("js: %d %v", w.Code, w.Header())
	}
	for _, p := range []string{"/static/nothing.css", "/static/../embed.go", "/static/"} {
		if w := f.do(req{method: http.MethodGet, path: p}); w.Code != http.StatusNotFound {
			t.Errorf("%s: %d", p, w.Code)
		}
	}
}

func TestRecovery(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil))}
	var err error
	if s.static, err = loadStatic(web.FS); err != nil {
		t.Fatal(err)
	}
	if s.views, err = loadViews(web.FS, "x"); err != nil {
		t.Fatal(err)
	}
	e := gin.New()
	e.Use(s.recovery())
	e.GET("/boom", func(*gin.Context) { panic("secret detail") })
	e.GET("/api/v1/boom", func(*gin.Context) { panic("secret detail") })
	for _, path := range []string{"/boom", "/api/v1/boom"} {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusInternalServerError {
			t.Errorf("%s: %d", path, w.Code)
		}
		body := w.Body.String()
		if strings.Contains(body, "secret detail") || strings.Contains(body, "goroutine") || !strings.Contains(body, "Lỗi hệ thống") {
			t.Errorf("%s answered %q", path, body)
		}
		if strings.HasPrefix(path, "/api/") {
			var e apiErrorBody
			if json.Unmarshal(w.Body.Bytes(), &e) != nil || e.Error.Code != congress.EINTERNAL {
				t.Errorf("API panic body %q", body)
			}
		}
	}
	if !strings.Contains(logs.String(), "secret detail") || !strings.Contains(logs.String(), "stack=") {
		t.Errorf("panic not logged in full: %s", logs.String())
	}
}

// An internal error is logged in full and shown as "Lỗi hệ thống." only.
func TestInternalErrorHidden(t *testing.T) {
	f := newFixture(t)
	f.db.R.Close() // every read now fails inside the driver
	for _, r := range []req{
		{method: http.MethodGet, path: "/terms", as: uStaff},
		{method: http.MethodGet, path: "/api/v1/terms", bearer: uStaff},
	} {
		w := f.do(r)
		if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "Lỗi hệ thống.") || strings.Contains(w.Body.String(), "sql") {
			t.Errorf("%s: %d %s", r.path, w.Code, w.Body.String())
		}
	}
	f.logMu.Lock()
	defer f.logMu.Unlock()
	if !strings.Contains(f.logs.String(), "sql: database is closed") {
		t.Errorf("internal error not logged: %s", f.logs.String())
	}
}

func TestErrorStatusCode(t *testing.T) {
	for code, want := range map[string]int{
		congress.EINVALID: 422, congress.EINVALIDCOUNT: 422, congress.ENOTFOUND: 404, congress.ECONFLICT: 409,
		congress.EUNAUTHORIZED: 401, congress.EFORBIDDEN: 403, congress.ETOOMANY: 429, congress.EINTERNAL: 500, "bogus": 500,
	} {
		if got := ErrorStatusCode(code); got != want {
			t.Errorf("%s: %d, want %d", code, got, want)
		}
	}
}

func TestConfig(t *testing.T) {
	f := newFixture(t)
	if _, err := New(Config{Store: f.store}); err == nil {
		t.Error("New accepted a config without Auth")
	}
	if _, err := New(Config{Store: f.store, Auth: f.srv.auth, TrustedProxies: []string{"not an address"}}); err == nil {
		t.Error("New accepted a bad proxy")
	}
}

// Without trusted proxies, X-Forwarded-For is ignored: a client cannot pick a new address for
// each attempt to dodge the login throttle.
func TestForwardedForIgnored(t *testing.T) {
	f := newFixture(t)
	for i := range 6 {
		_, code, _, _ := login(f, uSecKHCN, "sai", func(r *req) {
			r.header = http.Header{"X-Forwarded-For": {fmt.Sprintf("203.0.113.%d", i+1)}}
		})
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if code != want {
			t.Fatalf("attempt %d: %d, want %d", i+1, code, want)
		}
	}
	// Behind a trusted proxy the forwarded address counts.
	g := newFixture(t, func(c *Config) { c.TrustedProxies = []string{"192.0.2.0/24"} })
	for i := range 6 {
		_, code, _, _ := login(g, uSecKHCN, "sai", func(r *req) {
			r.header = http.Header{"X-Forwarded-For": {fmt.Sprintf("203.0.113.%d", i+1)}}
		})
		if code != http.StatusUnauthorized {
			t.Fatalf("trusted proxy, attempt %d: %d", i+1, code)
		}
	}
}
