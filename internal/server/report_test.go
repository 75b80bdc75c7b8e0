package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
	"daihoi/reports/lotest"
)

// reportFixture is the demo seed behind a real server, with sessions for the demo users (admin,
// bantochuc and kiemtra at the Khối, thuky at the Sở KH&CN) and for "bantochucso", a staff member
// whose organization is the Sở Tài chính: staff of another subtree.
type reportFixture struct {
	*fixture
	seed, khoi, so int64
	// held is the sample congress still awaiting its report; reported the one awaiting approval.
	held, reported int64
}

const uOtherStaff = "bantochucso"

func newReportFixture(t testing.TB) *reportFixture {
	t.Helper()
	ctx := context.Background()
	d := testdb.Open(t)
	st := store.New(d)
	// The day after the sample congresses' reports fell due: every deadline is past.
	st.Now = func() time.Time { return time.Date(2020, 9, 1, 2, 0, 0, 0, time.UTC) }
	res, err := demo.Seed(ctx, st, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: d, store: st, logs: &bytes.Buffer{}, logMu: &sync.Mutex{},
		users: map[string]*congress.User{}, tokens: map[string]string{}}
	rf := &reportFixture{fixture: f, seed: res.SeedCongressID}
	for _, q := range []struct {
		dst *int64
		sql string
	}{
		{&rf.khoi, `SELECT id FROM organizations WHERE parent_id IS NULL`},
		{&rf.so, `SELECT organization_id FROM congresses WHERE id = ` + fmt.Sprint(res.SeedCongressID)},
		{&rf.held, `SELECT id FROM congresses WHERE state = 'held' ORDER BY id LIMIT 1`},
		{&rf.reported, `SELECT id FROM congresses WHERE state = 'reported' ORDER BY id LIMIT 1`},
	} {
		if err := d.R.Get(q.dst, q.sql); err != nil {
			t.Fatal(err)
		}
	}
	var taichinh int64
	if err := d.R.Get(&taichinh, `SELECT id FROM organizations WHERE name = 'Đảng bộ Sở Tài chính'`); err != nil {
		t.Fatal(err)
	}
	other := &congress.User{Username: uOtherStaff, Role: congress.RoleStaff, OrganizationID: taichinh}
	if err := st.CreateUser(ctx, congress.System, other, testHash()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{uAdmin, uStaff, uAuditor, uSecKHCN, uOtherStaff} {
		u, _, err := st.FindUserByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		token, hash, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		// Sessions expire against the real clock; this store's clock is in 2020.
		if err := st.CreateSession(ctx, u, hash, 100*365*24*time.Hour, "192.0.2.1", "test"); err != nil {
			t.Fatal(err)
		}
		f.users[name], f.tokens[name] = u, token
	}
	if f.srv, err = New(Config{Store: st, Auth: auth.NewService(st),
		Logger: slog.New(slog.NewTextHandler(syncWriter{f.logMu, f.logs}, nil))}); err != nil {
		t.Fatal(err)
	}
	return rf
}

// workbook opens a downloaded workbook, failing unless the answer is one.
func workbook(t *testing.T, w interface {
	Result() *http.Response
}, body []byte) *excelize.File {
	t.Helper()
	res := w.Result()
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != reportMediaType ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; filename=") {
		t.Fatalf("status %d, %q, %q\n%s", res.StatusCode, res.Header.Get("Content-Type"),
			res.Header.Get("Content-Disposition"), shorten(string(body), 300))
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// column returns the values of a sheet's column under its header cell title.
func column(t *testing.T, f *excelize.File, sheet, title string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v != title {
				continue
			}
			var out []string
			for _, below := range rows[r+1:] {
				if c < len(below) && below[c] != "" {
					out = append(out, below[c])
				}
			}
			return out
		}
	}
	t.Fatalf("%s: no column %q", sheet, title)
	return nil
}

// bantochuc's compilation of the Khối holds every congress below it; thuky's only the Sở's; a
// request for an organization outside the scope is not found.
func TestCongressesReportScope(t *testing.T) {
	f := newReportFixture(t)
	w := f.get(uStaff, "/reports/congresses.xlsx")
	book := workbook(t, w, w.Body.Bytes())
	if got := book.GetSheetList(); !slices.Equal(got, []string{"Đại hội", "Người trúng cử"}) {
		t.Fatalf("sheets %v", got)
	}
	var total int
	if err := f.db.R.Get(&total, `SELECT COUNT(*) FROM congresses`); err != nil {
		t.Fatal(err)
	}
	orgs := column(t, book, "Đại hội", "Tổ chức đảng")
	if len(orgs) != total {
		t.Fatalf("bantochuc's export has %d rows for %d congresses: %q", len(orgs), total, orgs)
	}
	if secretaries := column(t, book, "Đại hội", "Bí thư"); !slices.Contains(secretaries, "Huỳnh Minh Tuấn") {
		t.Fatalf("secretaries %v", secretaries)
	}
	names := column(t, book, "Người trúng cử", "Họ và tên")
	if !slices.Contains(names, "Huỳnh Minh Tuấn") || !slices.Contains(names, "Võ Thanh Sơn") {
		t.Fatalf("persons %v", names)
	}
	w = f.get(uSecKHCN, "/reports/congresses.xlsx")
	mine := column(t, workbook(t, w, w.Body.Bytes()), "Đại hội", "Tổ chức đảng")
	if len(mine) != 2 || mine[0] != "Đảng bộ Sở Khoa học và Công nghệ" {
		t.Fatalf("thuky's export: %v", mine)
	}
	if w := f.get(uSecKHCN, fmt.Sprintf("/reports/congresses.xlsx?org=%d", f.khoi)); w.Code != http.StatusNotFound {
		t.Fatalf("thuky asking for the Khối: %d", w.Code)
	}
	if w := f.get(uStaff, "/reports/congresses.xlsx?term=1999-2004"); w.Code != http.StatusNotFound {
		t.Fatalf("unknown term: %d", w.Code)
	}
	w = f.get(uStaff, fmt.Sprintf("/reports/congresses.xlsx?org=%d&term=2020-2025", f.so))
	if got := column(t, workbook(t, w, w.Body.Bytes()), "Đại hội", "Tổ chức đảng"); len(got) != 1 {
		t.Fatalf("the Sở in 2020–2025: %v", got)
	}
}

// The congress pack and the trích ngang of the seed congress: the secretary, a percentage with a
// decimal comma, the fingerprint of a closed round as stored.
func TestCongressPackDownload(t *testing.T) {
	f := newReportFixture(t)
	w := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/report.xlsx", f.seed))
	book := workbook(t, w, w.Body.Bytes())
	sheets := book.GetSheetList()
	for _, want := range []string{"Báo cáo", "Vòng 1 - BCH", "Trích ngang", "Cấp ủy", "Đại biểu", "Chỉ tiêu"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no sheet %q in %v", want, sheets)
		}
	}
	var fp string
	if err := f.db.R.Get(&fp, `SELECT r.fingerprint FROM rounds r JOIN elections e ON e.id = r.election_id
		WHERE e.congress_id = ? AND e.body = 'executive'`, f.seed); err != nil {
		t.Fatal(err)
	}
	if ref := findCell(t, book, "Vòng 1 - BCH", fp); ref == "" {
		t.Errorf("the executive round's fingerprint %s is not on its minutes", fp)
	}
	names := column(t, book, "Trích ngang", "Họ và tên")
	if len(names) != 7 || names[0] != "Huỳnh Minh Tuấn" {
		t.Fatalf("trích ngang %v", names)
	}
	if pct := column(t, book, "Trích ngang", "Tỷ lệ"); pct[0] != "96,55%" {
		t.Fatalf("percentages %v", pct)
	}
	for _, want := range []string{"T/M BAN CHẤP HÀNH", "ĐẠI HỘI LẦN THỨ II, NHIỆM KỲ 2020 – 2025", "Thái Đức Tuệ Mẫn"} {
		found := false
		for _, sheet := range []string{"Báo cáo", "Trích ngang"} {
			rows, _ := book.GetRows(sheet)
			for _, row := range rows {
				for _, v := range row {
					if strings.Contains(v, want) {
						found = true
					}
				}
			}
		}
		if !found {
			t.Errorf("the pack does not show %q", want)
		}
	}
	w = f.get(uAuditor, fmt.Sprintf("/congresses/%d/committee.xlsx", f.seed))
	if got := workbook(t, w, w.Body.Bytes()).GetSheetList(); !slices.Equal(got, []string{"Trích ngang"}) {
		t.Fatalf("committee sheets %v", got)
	}
	if w := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/report.xlsx", f.held)); w.Code != http.StatusNotFound {
		t.Fatalf("thuky's pack of another Sở: %d", w.Code)
	}
	if w := f.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses/%d/committee.xlsx", f.held), bearer: uSecKHCN}); w.Code != http.StatusNotFound ||
		!strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("API download out of scope: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
}

// findCell returns the reference of the first cell holding want, or "".
func findCell(t *testing.T, f *excelize.File, sheet, want string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == want {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				return ref
			}
		}
	}
	return ""
}

// The dashboard, the API and the Excel file show the same structure figures, from StructureStats.
func TestStructureSameEverywhere(t *testing.T) {
	f := newReportFixture(t)
	ctx := context.Background()
	term, err := f.store.FindTermByYears(ctx, 2020, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.store.StructureStats(ctx, f.users[uStaff], f.khoi, term.ID)
	if err != nil {
		t.Fatal(err)
	}
	w := f.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/reports/structure?org=%d&term=2020-2025", f.khoi), bearer: uStaff})
	if w.Code != http.StatusOK {
		t.Fatalf("API %d: %s", w.Code, w.Body.String())
	}
	wantJSON, _ := json.Marshal(want)
	var got, exp any
	_ = json.Unmarshal(w.Body.Bytes(), &got)
	_ = json.Unmarshal(wantJSON, &exp)
	if fmt.Sprint(got) != fmt.Sprint(exp) {
		t.Fatalf("API structure differs from StructureStats:\n%s\n%s", w.Body.String(), wantJSON)
	}
	page := f.get(uStaff, "/reports")
	if page.Code != http.StatusOK {
		t.Fatalf("dashboard %d: %s", page.Code, page.Body.String())
	}
	body := page.Body.String()
	for _, s := range []string{"Cơ cấu cấp ủy khóa mới", "<svg", "42,86%", "Từ 40 đến 50 tuổi", "Không đạt", "Đảng bộ Sở Khoa học và Công nghệ",
		"/reports/structure.xlsx?org=", "Quá hạn"} {
		if !strings.Contains(body, s) {
			t.Errorf("dashboard lacks %q", s)
		}
	}
	if strings.Contains(body, " style=") {
		t.Error("the dashboard has a style attribute, which the content security policy blocks")
	}
	x := f.get(uStaff, "/reports/structure.xlsx?term=2020-2025")
	book := workbook(t, x, x.Body.Bytes())
	row := ""
	rows, _ := book.GetRows("Tổng hợp")
	for _, r := range rows {
		if len(r) > 3 && r[1] == "Nữ" {
			row = r[2] + " " + r[3]
		}
	}
	if row != "3 42,86%" {
		t.Fatalf("Excel women: %q", row)
	}
	for _, user := range []string{uSecKHCN, uAuditor} {
		if w := f.get(user, "/reports"); w.Code != http.StatusForbidden {
			t.Errorf("%s on the dashboard: %d", user, w.Code)
		}
	}
	if w := f.get(uStaff, "/reports/targets-summary.xlsx"); w.Code != http.StatusOK {
		t.Fatalf("targets summary: %d", w.Code)
	}
}

// Recording reports and decisions through the forms and the API: the roles, the scope and the
// bad dates are refused before anything changes.
func TestTrackingForms(t *testing.T) {
	f := newReportFixture(t)
	ctx := context.Background()
	held, err := f.store.FindCongressByID(ctx, congress.System, f.held)
	if err != nil {
		t.Fatal(err)
	}
	post := func(user, path string, form url.Values) (int, string) {
		w := f.do(req{method: http.MethodPost, path: path, as: user, form: form})
		return w.Code, w.Body.String()
	}
	reported := fmt.Sprintf("/congresses/%d/reported", f.held)
	before := f.digest()
	// A date before the congress is re-shown on the tracking page with its message.
	code, body := post(uStaff, reported, url.Values{"reported_on": {"01/01/2020"}, "version": {fmt.Sprint(held.Version)}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "không được trước ngày đại hội") || !strings.Contains(body, `value="01/01/2020"`) {
		t.Fatalf("early date: %d\n%s", code, shorten(body, 400))
	}
	if code, _ := post(uStaff, reported, url.Values{"reported_on": {"31/02/2020"}, "version": {fmt.Sprint(held.Version)}}); code != http.StatusUnprocessableEntity {
		t.Fatalf("impossible date: %d", code)
	}
	if code, _ := post(uAuditor, reported, url.Values{"reported_on": {"01/06/2020"}, "version": {fmt.Sprint(held.Version)}}); code != http.StatusForbidden {
		t.Fatalf("auditor: %d", code)
	}
	if code, _ := post(uSecKHCN, reported, url.Values{"reported_on": {"01/06/2020"}, "version": {fmt.Sprint(held.Version)}}); code != http.StatusNotFound {
		t.Fatalf("thuky on another Sở: %d", code)
	}
	if code, _ := post(uStaff, reported, url.Values{"reported_on": {"01/06/2020"}, "version": {"99"}}); code != http.StatusConflict {
		t.Fatalf("stale version: %d", code)
	}
	// Deciding before the report.
	decision := fmt.Sprintf("/congresses/%d/decision", f.held)
	if code, _ := post(uStaff, decision, url.Values{"decision": {"approve"}, "decided_on": {"01/06/2020"}, "version": {fmt.Sprint(held.Version)}}); code != http.StatusConflict {
		t.Fatalf("decision before the report: %d", code)
	}
	if f.digest() != before {
		t.Fatal("a refused form changed the record")
	}
	latest := held.HeldOn
	d, _ := time.Parse("2006-01-02", latest)
	code, _ = post(uStaff, reported, url.Values{"reported_on": {d.AddDate(0, 0, 3).Format("02/01/2006")},
		"version": {fmt.Sprint(held.Version)}, "back": {"/reports?org=1"}})
	if code != http.StatusSeeOther {
		t.Fatalf("report: %d", code)
	}
	now, _ := f.store.FindCongressByID(ctx, congress.System, f.held)
	if now.State != congress.StateReported {
		t.Fatalf("state %s", now.State)
	}
	// A secretary may not approve (403); staff of another subtree do not see it (404).
	decide := url.Values{"decision": {"approve"}, "decided_on": {"20/08/2020"}, "version": {fmt.Sprint(now.Version)}}
	if code, _ := post(uSecKHCN, decision, decide); code != http.StatusForbidden {
		t.Fatalf("secretary approving: %d", code)
	}
	if code, _ := post(uOtherStaff, decision, decide); code != http.StatusNotFound {
		t.Fatalf("staff of another subtree: %d", code)
	}
	w := f.do(req{method: http.MethodPost, path: fmt.Sprintf("/api/v1/congresses/%d/decision", f.held), bearer: uStaff,
		json: fmt.Sprintf(`{"approved": false, "decided_on": "2020-08-20", "version": %d}`, now.Version)})
	if w.Code != http.StatusUnprocessableEntity || apiErr(t, w).Fields["note"] == "" {
		t.Fatalf("API rejection without a reason: %d %s", w.Code, w.Body.String())
	}
	w = f.do(req{method: http.MethodPost, path: fmt.Sprintf("/api/v1/congresses/%d/decision", f.held), bearer: uStaff,
		json: fmt.Sprintf(`{"approved": true, "decided_on": "2020-08-20", "version": %d}`, now.Version)})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"state":"approved"`) {
		t.Fatalf("API approval: %d %s", w.Code, w.Body.String())
	}
	page := f.get(uStaff, fmt.Sprintf("/congresses/%d/tracking", f.held))
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "20/08/2020") {
		t.Fatalf("tracking page %d", page.Code)
	}
	// The congress page links to the files and the tracking page.
	cp := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d", f.seed))
	for _, s := range []string{"/report.xlsx", "/committee.xlsx", "/tracking"} {
		if !strings.Contains(cp.Body.String(), s) {
			t.Errorf("congress page lacks %q", s)
		}
	}
}

// The admin edits the guidance targets; others may not.
func TestStructureTargetsForm(t *testing.T) {
	f := newReportFixture(t)
	ctx := context.Background()
	term, _ := f.store.FindTermByYears(ctx, 2020, 2025)
	list, _ := f.store.FindStructureTargets(ctx, 2020, 2025)
	form := url.Values{"term": {fmt.Sprint(term.ID)}}
	for _, g := range list {
		m := string(g.Metric)
		form.Set("comparator_"+m, string(g.Comparator))
		form.Set("value_"+m, fmt.Sprint(g.Value))
		if g.ValueHigh > 0 {
			form.Set("value_high_"+m, fmt.Sprint(g.ValueHigh))
		}
		form.Set("version_"+m, fmt.Sprint(g.Version))
	}
	form.Set("comparator_minority", ">=")
	form.Set("value_minority", "5,5")
	if w := f.do(req{method: http.MethodPost, path: "/reports/targets", as: uStaff, form: form}); w.Code != http.StatusForbidden {
		t.Fatalf("staff: %d", w.Code)
	}
	bad := with(form, "value_women", "120")
	if w := f.do(req{method: http.MethodPost, path: "/reports/targets", as: uAdmin, form: bad}); w.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(w.Body.String(), "không phải một số từ 0 đến 100") {
		t.Fatalf("120%%: %d", w.Code)
	}
	if w := f.do(req{method: http.MethodPost, path: "/reports/targets", as: uAdmin, form: form}); w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %s", w.Code, shorten(w.Body.String(), 300))
	}
	saved, _ := f.store.FindStructureTargets(ctx, 2020, 2025)
	if len(saved) != 5 {
		t.Fatalf("%d targets", len(saved))
	}
	if w := f.do(req{method: http.MethodPost, path: "/reports/targets", as: uAdmin, form: form}); w.Code != http.StatusConflict {
		t.Fatalf("stale save: %d", w.Code)
	}
	if w := f.get(uAdmin, fmt.Sprintf("/reports/targets?term=%d", term.ID)); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `value="5,5"`) {
		t.Fatalf("form %d", w.Code)
	}
}

// The seed's pack, as downloaded, opens in LibreOffice.
func TestCongressPackLibreOffice(t *testing.T) {
	lotest.Soffice(t)
	f := newReportFixture(t)
	w := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/report.xlsx", f.seed))
	workbook(t, w, w.Body.Bytes())
	path := filepath.Join(t.TempDir(), "ho-so-dai-hoi.xlsx")
	if err := os.WriteFile(path, w.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := lotest.ConvertToPDF(t, path)
	if dir := os.Getenv("DAIHOI_REPORTS_KEEP"); dir != "" {
		data, _ := os.ReadFile(pdf)
		_ = os.WriteFile(filepath.Join(dir, "seed-ho-so-dai-hoi.pdf"), data, 0o644)
	}
	if text, ok := lotest.PDFText(t, pdf); ok {
		for _, want := range []string{"BÁO CÁO KẾT QUẢ ĐẠI HỘI", "Huỳnh Minh Tuấn", "BIÊN BẢN KIỂM PHIẾU", "DANH SÁCH TRÍCH NGANG"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF does not show %q", want)
			}
		}
	}
}
