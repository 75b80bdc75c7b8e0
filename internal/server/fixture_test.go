package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"daihoi/db"
	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// testPassword is every fixture user's password.
const testPassword = "mat-khau-dung"

// testHash is testPassword hashed once: argon2id is slow on purpose, and slower under -race.
var testHash = sync.OnceValue(func() string {
	h, err := auth.HashPassword(testPassword)
	if err != nil {
		panic(err)
	}
	return h
})

// fixture is a small party tree with a server over it:
//
//	Khối (superior) ─┬─ Sở KH&CN (grassroots) ── Chi bộ Phòng Quản lý khoa học (cell)
//	                 └─ Sở Tài chính (grassroots)
//
// two terms, one congress per organization, and users of every role.
type fixture struct {
	t      testing.TB
	db     *db.DB
	store  *store.Store
	srv    *Server
	logs   *bytes.Buffer
	logMu  *sync.Mutex
	khoi   *congress.Organization
	khcn   *congress.Organization
	tc     *congress.Organization
	cell   *congress.Organization
	term20 *congress.Term
	term25 *congress.Term
	// Congresses by organization.
	cKhoi, cKHCN, cTC, cCell *congress.Congress
	users                    map[string]*congress.User
	tokens                   map[string]string
}

// Fixture user names.
const (
	uAdmin   = "admin"
	uStaff   = "bantochuc"
	uAuditor = "kiemtra"
	uSecKHCN = "thuky"
	uSecTC   = "thukytc"
	uSecCell = "thukychibo"
)

// syncWriter serializes writes of the server's logger for the race detector.
type syncWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// TestMain runs the package's tests on SQLite, then on PostgreSQL (testdb.Main).
func TestMain(m *testing.M) { testdb.Main(m) }

// newFixture builds the fixture on a new database of the engine under test, with the server's
// config adjusted by opts.
func newFixture(t testing.TB, opts ...func(*Config)) *fixture {
	t.Helper()
	ctx := context.Background()
	d := testdb.Open(t)
	f := &fixture{t: t, db: d, store: store.New(d), logs: &bytes.Buffer{}, logMu: &sync.Mutex{},
		users: map[string]*congress.User{}, tokens: map[string]string{}}
	sys := congress.System
	mustOrg := func(parent *congress.Organization, kind, name string) *congress.Organization {
		o := &congress.Organization{Kind: kind, Name: name, Place: "Đồng Tháp"}
		if parent != nil {
			o.ParentID = &parent.ID
		}
		if err := f.store.CreateOrganization(ctx, sys, o); err != nil {
			t.Fatalf("organization %s: %v", name, err)
		}
		return o
	}
	f.khoi = mustOrg(nil, congress.KindSuperior, "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp")
	f.khcn = mustOrg(f.khoi, congress.KindGrassroots, "Đảng bộ Sở Khoa học và Công nghệ tỉnh Đồng Tháp")
	f.tc = mustOrg(f.khoi, congress.KindGrassroots, "Đảng bộ Sở Tài chính")
	f.cell = mustOrg(f.khcn, congress.KindCell, "Chi bộ Phòng Quản lý khoa học")
	f.term20 = &congress.Term{StartYear: 2020, EndYear: 2025}
	f.term25 = &congress.Term{StartYear: 2025, EndYear: 2030}
	for _, term := range []*congress.Term{f.term20, f.term25} {
		if err := f.store.CreateTerm(ctx, sys, term); err != nil {
			t.Fatal(err)
		}
	}
	mustCongress := func(c *congress.Congress) *congress.Congress {
		if err := f.store.CreateCongress(ctx, sys, c); err != nil {
			t.Fatalf("congress of %d: %v", c.OrganizationID, err)
		}
		return c
	}
	f.cKHCN = mustCongress(&congress.Congress{OrganizationID: f.khcn.ID, TermID: f.term20.ID, Ordinal: 2,
		Kind: congress.CongressMembers, Ruleset: congress.Ruleset244, HeldOn: "2020-05-28",
		Place: "Hội trường Sở Khoa học và Công nghệ", State: congress.StateApproved, Sample: true,
		Attendance: congress.Attendance{Convened: 45, Present: 43, AbsentWithReason: 2},
		Guests: []congress.Guest{
			{Name: "Thái Đức Tuệ Mẫn", Title: "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh", Role: congress.GuestDirecting},
			{Name: "Huỳnh Minh Tuấn", Title: "Giám đốc Sở", Role: congress.GuestAttending},
		},
		PastResults: []congress.PastResult{{Label: "Đảng viên hoàn thành tốt nhiệm vụ trở lên", Value: "31", Unit: "đảng viên"}},
		Notes:       "Đại hội biểu quyết thông qua nghị quyết."})
	f.cTC = mustCongress(&congress.Congress{OrganizationID: f.tc.ID, TermID: f.term20.ID, Ordinal: 5,
		Kind: congress.CongressMembers, Ruleset: congress.Ruleset244, HeldOn: "2020-06-10", State: congress.StateHeld,
		Attendance: congress.Attendance{Convened: 30, Present: 30}})
	f.cCell = mustCongress(&congress.Congress{OrganizationID: f.cell.ID, TermID: f.term25.ID, Ordinal: 3,
		Kind: congress.CongressMembers, Ruleset: congress.Ruleset190, HeldOn: "2025-04-15", State: congress.StateHeld,
		Attendance: congress.Attendance{Convened: 11, Present: 10, AbsentWithReason: 1}})
	f.cKhoi = mustCongress(&congress.Congress{OrganizationID: f.khoi.ID, TermID: f.term20.ID, Ordinal: 12,
		Kind: congress.CongressDelegates, Ruleset: congress.Ruleset244, HeldOn: "2020-07-20", State: congress.StateReported,
		Attendance: congress.Attendance{Convened: 150, Present: 147, CommitteeAbsent: 1, AbsentNotReplaced: 2}})

	for _, u := range []struct {
		name, role string
		org        *congress.Organization
	}{
		{uAdmin, congress.RoleAdmin, f.khoi}, {uStaff, congress.RoleStaff, f.khoi}, {uAuditor, congress.RoleAuditor, f.khoi},
		{uSecKHCN, congress.RoleSecretary, f.khcn}, {uSecTC, congress.RoleSecretary, f.tc}, {uSecCell, congress.RoleSecretary, f.cell},
	} {
		user := &congress.User{Username: u.name, FullName: "Người dùng " + u.name, Role: u.role, OrganizationID: u.org.ID}
		if err := f.store.CreateUser(ctx, sys, user, testHash()); err != nil {
			t.Fatal(err)
		}
		f.users[u.name] = user
		// Sessions made directly: a login per test through argon2 would make the suite slow.
		token, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.CreateSession(ctx, user, hash, auth.SessionTTL, "192.0.2.1", "test"); err != nil {
			t.Fatal(err)
		}
		f.tokens[u.name] = token
	}

	cfg := Config{Store: f.store, Auth: auth.NewService(f.store),
		Logger: slog.New(slog.NewTextHandler(syncWriter{f.logMu, f.logs}, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	var err error
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	return f
}

// req is a request to send through the whole handler.
type req struct {
	method, path string
	as           string // fixture user whose session cookie goes along
	bearer       string // fixture user whose token goes as Authorization: Bearer
	form         url.Values
	json         string
	body         io.Reader
	contentType  string
	header       http.Header
	cookies      []*http.Cookie
}

// do sends r and returns the recorded response.
func (f *fixture) do(r req) *httptest.ResponseRecorder {
	f.t.Helper()
	var body io.Reader
	ct := r.contentType
	switch {
	case r.body != nil:
		body = r.body
	case r.form != nil:
		body = strings.NewReader(r.form.Encode())
		if ct == "" {
			ct = "application/x-www-form-urlencoded"
		}
	case r.json != "":
		body = strings.NewReader(r.json)
		if ct == "" {
			ct = "application/json"
		}
	}
	hr := httptest.NewRequest(r.method, r.path, body)
	if ct != "" {
		hr.Header.Set("Content-Type", ct)
	}
	for k, vs := range r.header {
		for _, v := range vs {
			hr.Header.Add(k, v)
		}
	}
	if r.as != "" {
		hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.token(r.as)})
	}
	if r.bearer != "" {
		hr.Header.Set("Authorization", "Bearer "+f.token(r.bearer))
	}
	for _, c := range r.cookies {
		hr.AddCookie(c)
	}
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, hr)
	return w
}

func (f *fixture) token(user string) string {
	f.t.Helper()
	tok, ok := f.tokens[user]
	if !ok {
		f.t.Fatalf("no fixture user %q", user)
	}
	return tok
}

// get is a GET as user.
func (f *fixture) get(user, path string) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do(req{method: http.MethodGet, path: path, as: user})
}

// digest hashes every row of the record and the audit trail: equal digests mean nothing changed.
// Sessions are left out; logging in is allowed to change them.
func (f *fixture) digest() string {
	f.t.Helper()
	h := sha256.New()
	for _, table := range []string{"organizations", "terms", "congresses", "congress_guests", "congress_past_results", "users", "audit_log"} {
		var n int
		if err := f.db.R.Get(&n, `SELECT COUNT(*) FROM `+table); err != nil {
			f.t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", table, n)
		// Every table's first two columns identify a row (its id, or the key of a list row).
		rows, err := f.db.R.Queryx(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			f.t.Fatal(err)
		}
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

// count returns SELECT COUNT(*) of a table.
func (f *fixture) count(table string) int {
	f.t.Helper()
	var n int
	if err := f.db.R.Get(&n, `SELECT COUNT(*) FROM `+table); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// apiErr decodes an API error body.
func apiErr(t testing.TB, w *httptest.ResponseRecorder) apiErrorDetail {
	t.Helper()
	var body apiErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, w.Body.String())
	}
	if body.Error.Code == "" || body.Error.Message == "" || body.Error.Fields == nil {
		t.Fatalf("error body incomplete: %s", w.Body.String())
	}
	return body.Error
}

// congressForm returns a valid form for a new congress of org, to be spoiled by each case.
func validCongressForm(org *congress.Organization, term *congress.Term, ordinal int) url.Values {
	return url.Values{
		"organization_id": {fmt.Sprint(org.ID)}, "term_id": {fmt.Sprint(term.ID)}, "ordinal": {fmt.Sprint(ordinal)},
		"kind": {congress.CongressMembers}, "ruleset": {congress.Ruleset190}, "state": {congress.StateHeld},
		"held_on": {fmt.Sprintf("15/05/%d", term.StartYear)}, "place": {"Hội trường"},
		"convened": {"20"}, "present": {"18"}, "absent_with_reason": {"2"},
		"guest_name": {"Nguyễn Văn Bình", "", ""}, "guest_title": {"Phó Bí thư", "", ""},
		"guest_role": {congress.GuestDirecting, congress.GuestAttending, congress.GuestAttending},
		"past_label": {"Đảng viên mới kết nạp", "", ""}, "past_value": {"4", "", ""}, "past_unit": {"đảng viên", "", ""},
		"notes": {"Ghi chú"},
	}
}

// with returns a copy of v with key set to value (or removed for nil).
func with(v url.Values, kv ...any) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		switch x := kv[i+1].(type) {
		case nil:
			out.Del(k)
		case string:
			out.Set(k, x)
		case []string:
			out[k] = x
		}
	}
	return out
}

// validCongressJSON returns a valid API body for a new congress.
func validCongressJSON(org *congress.Organization, term *congress.Term, ordinal int) map[string]any {
	return map[string]any{
		"organization_id": org.ID, "term_id": term.ID, "ordinal": ordinal, "kind": "members",
		"ruleset": "qd190-2024", "held_on": fmt.Sprintf("%d-05-15", term.StartYear), "place": "Hội trường",
		"attendance":   map[string]any{"convened": 20, "present": 18, "absent_with_reason": 2},
		"guests":       []any{map[string]any{"name": "Nguyễn Văn Bình", "title": "Phó Bí thư", "role": "directing"}},
		"past_results": []any{map[string]any{"label": "Đảng viên mới kết nạp", "value": "4", "unit": "đảng viên"}},
		"state":        "held",
	}
}

// mustJSON marshals v, patched by kv pairs at top level (nil deletes).
func mustJSON(v map[string]any, kv ...any) string {
	out := map[string]any{}
	for k, x := range v {
		out[k] = x
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(out, kv[i].(string))
		} else {
			out[kv[i].(string)] = kv[i+1]
		}
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	return string(b)
}
