package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// leakMarkers are what an answer must never show: a stack trace, a Go file path, SQL text or
// the words of a database driver. Each is matched case-sensitively against text answers.
var leakMarkers = regexp.MustCompile(`goroutine \d|\.go:\d|/work/|runtime error|runtime\.|panic|` +
	`\bSELECT\b|\bINSERT INTO\b|\bUPDATE [a-z_]+ SET\b|\bDELETE FROM\b|\bsql: |sqlite|SQLITE|SQLSTATE|pgx|pgconn|\bpq: |` +
	`constraint failed|database is closed|no such table|context canceled|deadline exceeded|driver: |` +
	`daihoi error: code=|\*congress\.|0x[0-9a-f]{6,}`)

// wantNoLeak fails when a text answer shows any internals.
func wantNoLeak(t *testing.T, what string, w *httptest.ResponseRecorder) {
	t.Helper()
	ct := w.Header().Get("Content-Type")
	if !strings.HasPrefix(ct, "text/html") && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "text/plain") && ct != "" {
		return // workbooks and static files: not made from errors
	}
	if m := leakMarkers.FindString(w.Body.String()); m != "" {
		i := strings.Index(w.Body.String(), m)
		t.Errorf("%s (%d) shows %q: …%s…", what, w.Code, m, w.Body.String()[max(0, i-120):min(w.Body.Len(), i+120)])
	}
	for k, vs := range w.Header() {
		for _, v := range vs {
			if leakMarkers.MatchString(v) {
				t.Errorf("%s: header %s: %q", what, k, v)
			}
		}
	}
}

// doCtx is fixture.do with the request's context replaced.
func doCtx(f *fixture, ctx context.Context, r req) *httptest.ResponseRecorder {
	var body = strings.NewReader("")
	ct := r.contentType
	switch {
	case r.form != nil:
		body, ct = strings.NewReader(r.form.Encode()), "application/x-www-form-urlencoded"
	case r.json != "":
		body, ct = strings.NewReader(r.json), "application/json"
	}
	hr := httptest.NewRequest(r.method, r.path, body).WithContext(ctx)
	if ct != "" {
		hr.Header.Set("Content-Type", ct)
	}
	if r.as != "" {
		hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.token(r.as)})
	}
	if r.bearer != "" {
		hr.Header.Set("Authorization", "Bearer "+f.token(r.bearer))
	}
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, hr)
	return w
}

// hostileForm and hostileJSON are inputs meant to reach parsers and the database with values
// they do not expect: huge and negative numbers, SQL, markup, invalid UTF-8, control characters,
// repeated and array-shaped keys.
func hostileForm(f *fixture) url.Values {
	v := url.Values{}
	for _, k := range []string{"organization_id", "term_id", "ordinal", "kind", "ruleset", "state", "held_on", "place", "convened", "present",
		"absent_with_reason", "guest_name", "guest_role", "past_label", "past_value", "notes", "version", "start_year", "end_year", "name",
		"parent_id", "full_name", "birth_date", "gender", "seats", "body", "list_kind", "candidate_id", "person_id", "issued", "collected",
		"valid", "invalid", "votes", "year", "numerator", "denominator", "source", "note", "subject", "value", "unit", "comparator",
		"period", "category", "sentence", "decision", "reported_on", "decided_on", "mode", "entry_mode", "number", "counter_name",
		"target", "percent", "token", "confirm", "sheet", "username", "password", "new_password", "old_password", "confirm_password"} {
		v[k] = []string{"9223372036854775808", "-1", "1e309", "'; DROP TABLE congresses; --", "<script>alert(1)</script>",
			"\xff\xfe\x00", "=1+1", strings.Repeat("Đ", 5000), "0x10", "NaN", "31/02/2020", "\u202e\u0000"}
	}
	v["version"] = []string{fmt.Sprint(1 << 62)}
	return v
}

var hostileJSON = []string{
	`{"organization_id":9223372036854775807,"term_id":-1,"ordinal":1e309,"attendance":{"convened":-5,"present":9007199254740993},"guests":[{"name":"\u0000"}],"version":"x"}`,
	`{"seats":1e400,"candidate_ids":[1,1,1,-1,9223372036854775807],"body":"'; DROP TABLE elections; --","list_kind":{"a":[]}}`,
	`{"ballot":[1,2,3],"slot":99,"number":-3,"struck":[9223372036854775807],"votes":{"1":-1},"valid":1e309}`,
	`[` + strings.Repeat(`[`, 5000) + strings.Repeat(`]`, 5000) + `]`,
	`{"a":"\ud800","b":"` + strings.Repeat(`\u0000`, 1000) + `"}`,
	`{"year":2200000000000,"numerator":-9223372036854775808,"denominator":0,"source":"","note":null,"targets":[{"value":"NaN"}]}`,
	"\xff\xfe{\"x\":1}",
	`{"username":{"$ne":null},"password":[]}`,
	`null`, `"string"`, `{} {}`,
}

// Nothing a user sees shows internals: every GET route with the database closed or the request
// cancelled, every writing route with hostile input, and the 500 page of a panic.
func TestSecurityNoInternalsShown(t *testing.T) {
	rf := newReportFixture(t)
	ids := seedIDs(t, rf)
	routes := allRoutes(rf.srv)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel2()

	t.Run("HostileInput", func(t *testing.T) {
		n := 0
		for _, r := range routes {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				continue
			}
			path := concretePath(r.Path, ids)
			api := strings.HasPrefix(path, "/api/")
			var list []req
			if api {
				for _, j := range hostileJSON {
					list = append(list, req{method: r.Method, path: path, bearer: uAdmin, json: j})
				}
			} else {
				list = append(list, req{method: r.Method, path: path, as: uAdmin, form: hostileForm(rf.fixture)},
					req{method: r.Method, path: path + "?id=-1&org=9223372036854775808", as: uAdmin, body: strings.NewReader("a=%zz&b=%"),
						contentType: "application/x-www-form-urlencoded"},
					req{method: r.Method, path: path, as: uAdmin, body: strings.NewReader("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n\r\nPK\x03\x04garbage\r\n--x--\r\n"),
						contentType: "multipart/form-data; boundary=x"})
			}
			for _, q := range list {
				w := rf.do(q)
				n++
				if w.Code >= 500 {
					t.Errorf("%s %s: %d %.300s", q.method, q.path, w.Code, w.Body.String())
				}
				wantNoLeak(t, q.method+" "+q.path, w)
			}
		}
		t.Logf("%d hostile requests", n)
	})

	t.Run("CancelledContext", func(t *testing.T) {
		for _, r := range routes {
			path := concretePath(r.Path, ids)
			for _, ctx := range []context.Context{cancelled, expired} {
				q := req{method: r.Method, path: path, as: uAdmin}
				if strings.HasPrefix(path, "/api/") {
					q = req{method: r.Method, path: path, bearer: uAdmin}
					if r.Method != http.MethodGet {
						q.json = `{}`
					}
				} else if r.Method == http.MethodPost {
					q.form = url.Values{"x": {"1"}}
				}
				w := doCtx(rf.fixture, ctx, q)
				wantNoLeak(t, "cancelled "+q.method+" "+q.path, w)
			}
		}
	})

	t.Run("PanicPage", func(t *testing.T) {
		// A panic inside a handler: the recovery's page, with the full site headers.
		f := newFixture(t)
		e := gin.New()
		e.Use(f.srv.recovery())
		e.GET("/boom", func(*gin.Context) { var m map[string]int; m["x"] = 1 })
		e.GET("/api/v1/boom", func(*gin.Context) { var p *int; _ = *p })
		for _, path := range []string{"/boom", "/api/v1/boom"} {
			w := httptest.NewRecorder()
			securityHeaders(e).ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "Lỗi hệ thống") {
				t.Errorf("%s: %d %s", path, w.Code, w.Body.String())
			}
			wantNoLeak(t, "panic "+path, w)
			wantHeaders(t, "panic "+path, w, false)
		}
	})

	t.Run("ClosedDatabase", func(t *testing.T) {
		// Last: it spoils the fixture.
		rf.db.R.Close()
		rf.db.W.Close()
		for _, r := range routes {
			path := concretePath(r.Path, ids)
			for _, q := range []req{{method: r.Method, path: path, as: uAdmin}, {method: r.Method, path: path, bearer: uSecKHCN}} {
				if r.Method != http.MethodGet && r.Method != http.MethodHead {
					if strings.HasPrefix(path, "/api/") {
						q.json = `{}`
					} else {
						q.form = url.Values{"x": {"1"}}
					}
				}
				w := rf.do(q)
				wantNoLeak(t, "closed database "+q.method+" "+q.path, w)
			}
		}
		for _, user := range []string{"", "thuky"} {
			w := rf.do(req{method: http.MethodPost, path: "/login", form: url.Values{"username": {user}, "password": {testPassword}}})
			wantNoLeak(t, "closed database login "+user, w)
		}
	})

	// Everything above went to the log, in full, instead.
	rf.logMu.Lock()
	defer rf.logMu.Unlock()
	if !strings.Contains(rf.logs.String(), "database is closed") {
		t.Error("the internal errors were not logged")
	}
	if strings.Contains(rf.logs.String(), "msg=panic") {
		i := strings.Index(rf.logs.String(), "msg=panic")
		t.Errorf("hostile input made a handler panic: %.600s", rf.logs.String()[i:])
	}
}
