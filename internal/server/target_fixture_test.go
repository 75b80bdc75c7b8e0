package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// targetFixture is the demo seed (the Sở KH&CN congress with its resolution, seven targets and
// sample reviews 2020–2024) behind a real server, with sessions for the demo users and for a few
// more: a secretary and an auditor of another grassroots committee, and a second auditor of the
// Khối, whose note the first may not change.
type targetFixture struct {
	*fixture
	seed int64 // the seed congress
	// other is a congress of another grassroots committee, outside thuky's scope.
	other int64
	// Targets of the seed by subject, as the demo names them.
	cells, officials, emulation, pipeline, members, excellent int64
}

// Users of the target fixture besides the demo's admin, bantochuc, thuky and kiemtra.
const (
	uOtherSecretary = "thukykhac"
	uOtherAuditor   = "kiemtrakhac"
	uSecondAuditor  = "kiemtra2"
)

func newTargetFixture(t testing.TB) *targetFixture {
	t.Helper()
	ctx := context.Background()
	d := testdb.Open(t)
	st := store.New(d)
	res, err := demo.Seed(ctx, st, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: d, store: st, logs: &bytes.Buffer{}, logMu: &sync.Mutex{},
		users: map[string]*congress.User{}, tokens: map[string]string{}}
	tf := &targetFixture{fixture: f, seed: res.SeedCongressID}

	seedCongress, err := st.FindCongressByID(ctx, congress.System, tf.seed)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.R.Get(&tf.other, `SELECT c.id FROM congresses c JOIN organizations o ON o.id = c.organization_id
		WHERE o.kind = 'grassroots' AND o.id <> ? ORDER BY c.id LIMIT 1`, seedCongress.OrganizationID); err != nil {
		t.Fatal(err)
	}
	other, err := st.FindCongressByID(ctx, congress.System, tf.other)
	if err != nil {
		t.Fatal(err)
	}
	khoi, _, err := st.FindUserByUsername(ctx, "kiemtra")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*congress.User{
		{Username: uOtherSecretary, FullName: "Thư ký khác", Role: congress.RoleSecretary, OrganizationID: other.OrganizationID},
		{Username: uOtherAuditor, FullName: "Kiểm tra khác", Role: congress.RoleAuditor, OrganizationID: other.OrganizationID},
		{Username: uSecondAuditor, FullName: "Kiểm tra viên thứ hai", Role: congress.RoleAuditor, OrganizationID: khoi.OrganizationID},
	} {
		if err := st.CreateUser(ctx, congress.System, u, testHash()); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"admin", "bantochuc", "thuky", "kiemtra", uOtherSecretary, uOtherAuditor, uSecondAuditor} {
		u, _, err := st.FindUserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		token, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CreateSession(ctx, u, hash, auth.SessionTTL, "192.0.2.1", "test"); err != nil {
			t.Fatal(err)
		}
		f.users[name], f.tokens[name] = u, token
	}
	list, err := st.FindTargets(ctx, congress.System, tf.seed)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range list {
		switch tg.Subject {
		case "chi bộ trực thuộc hoàn thành tốt nhiệm vụ trở lên":
			tf.cells = tg.ID
		case "cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ trở lên":
			tf.officials = tg.ID
		case "cán bộ, công chức, viên chức đạt danh hiệu chiến sĩ thi đua":
			tf.emulation = tg.ID
		case "đảng viên hoàn thành tốt nhiệm vụ trở lên":
			tf.members = tg.ID
		case "đảng viên hoàn thành xuất sắc nhiệm vụ":
			tf.excellent = tg.ID
		default:
			if strings.HasPrefix(tg.Subject, "đảng viên trong quy hoạch") {
				tf.pipeline = tg.ID
			}
		}
	}
	if tf.cells == 0 || tf.officials == 0 || tf.emulation == 0 || tf.pipeline == 0 || tf.members == 0 || tf.excellent == 0 {
		t.Fatalf("seed targets not found: %+v", list)
	}
	cfg := Config{Store: st, Auth: auth.NewService(st), Logger: slog.New(slog.NewTextHandler(syncWriter{f.logMu, f.logs}, nil))}
	if f.srv, err = New(cfg); err != nil {
		t.Fatal(err)
	}
	return tf
}

// targetTables are the tables of this area, with the audit trail.
var targetTables = []string{"resolutions", "resolution_sections", "targets", "target_reviews", "rating_counts", "audit_log"}

// targetDigest hashes every row of the resolution, target, review and rating tables and of the
// audit trail: equal digests mean nothing was written.
func (tf *targetFixture) targetDigest() string {
	tf.t.Helper()
	h := sha256.New()
	for _, table := range targetTables {
		// Every table's first two columns identify a row (its id, or the key of a list row).
		rows, err := tf.db.R.Queryx(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			tf.t.Fatal(err)
		}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				tf.t.Fatal(err)
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
		fmt.Fprintf(h, "-- %s\n", table)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// review returns the stored review of a target for a year.
func (tf *targetFixture) review(targetID int64, year int) store.ReviewRecord {
	tf.t.Helper()
	list, err := tf.store.FindReviews(context.Background(), congress.System, targetID)
	if err != nil {
		tf.t.Fatal(err)
	}
	for _, r := range list {
		if r.Year == year {
			return r
		}
	}
	tf.t.Fatalf("target %d has no review of %d", targetID, year)
	return store.ReviewRecord{}
}

// target returns a stored target.
func (tf *targetFixture) target(id int64) *store.TargetRecord {
	tf.t.Helper()
	t, err := tf.store.FindTargetByID(context.Background(), congress.System, id)
	if err != nil {
		tf.t.Fatal(err)
	}
	return t
}

// post sends a form as user.
func (tf *targetFixture) post(user, path string, form url.Values) *httptest.ResponseRecorder {
	tf.t.Helper()
	return tf.do(req{method: http.MethodPost, path: path, as: user, form: form})
}

// api sends a JSON request with user's bearer token.
func (tf *targetFixture) api(method, path, user, body string) *httptest.ResponseRecorder {
	tf.t.Helper()
	return tf.do(req{method: method, path: path, bearer: user, json: body})
}

// targetForm is a valid form for a new target of the seed, to be spoiled by each case.
func validTargetForm() url.Values {
	return url.Values{
		"subject": {"đảng viên mới được kết nạp"}, "sentence": {"Kết nạp ít nhất 10 đảng viên mới trong nhiệm kỳ."},
		"comparator": {">="}, "value": {"10"}, "value_high": {""}, "unit": {"people"}, "period": {"term_total"},
		"by_year": {""}, "category": {"party_building"}, "parent_id": {""}, "share_of": {""}, "base": {""},
		"rating_subject": {""}, "measure": {""}, "position": {""},
	}
}

// mustContain fails unless body contains every string of want.
func mustContain(t testing.TB, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Fatalf("%s lacks %q", what, w)
		}
	}
}
