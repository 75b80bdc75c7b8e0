package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"daihoi/db"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/reports"
)

// multipartBody builds a form upload of one file with extra fields.
func multipartBody(t testing.TB, field, name string, data []byte, values url.Values) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range values {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	fw, err := w.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return &buf, w.FormDataContentType()
}

func (f *fixture) upload(user, path, name string, data []byte, values url.Values) *http.Response {
	f.t.Helper()
	body, ct := multipartBody(f.t, "file", name, data, values)
	return f.do(req{method: http.MethodPost, path: path, as: user, body: body, contentType: ct}).Result()
}

func readBody(t testing.TB, r *http.Response) string {
	t.Helper()
	b, _ := io.ReadAll(r.Body)
	return string(b)
}

// addPerson puts a person on a fixture congress's roll.
func (f *fixture) addPerson(cg *congress.Congress, name, birth string) {
	f.t.Helper()
	p := congress.Person{CongressID: cg.ID, FullName: name, BirthDate: birth, Gender: "female", HomeTown: "Cao Lãnh"}
	if err := f.store.CreatePerson(context.Background(), congress.System, &p); err != nil {
		f.t.Fatal(err)
	}
}

// download fetches a congress's package from a fixture as user.
func (f *fixture) download(user string, cg *congress.Congress) []byte {
	f.t.Helper()
	w := f.get(user, fmt.Sprintf("/congresses/%d/package.daihoi", cg.ID))
	if w.Code != http.StatusOK {
		f.t.Fatalf("download: %d %s", w.Code, w.Body.String())
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") || !strings.Contains(cd, ".daihoi") {
		f.t.Fatalf("Content-Disposition %q", cd)
	}
	return w.Body.Bytes()
}

// A package downloaded from one server is uploaded to another with the same party tree: a new
// congress is imported; the same package again changes nothing; a changed version waits for the
// confirmation and then replaces the congress.
func TestPackagePages(t *testing.T) {
	laptop, server := newFixture(t), newFixture(t)
	ctx := context.Background()
	// A congress the server does not have yet, recorded on the laptop.
	c6 := &congress.Congress{OrganizationID: laptop.tc.ID, TermID: laptop.term25.ID, Ordinal: 6, Kind: congress.CongressMembers,
		Ruleset: congress.Ruleset190, HeldOn: "2025-05-20", State: congress.StateHeld, Attendance: congress.Attendance{Convened: 30, Present: 29, AbsentWithReason: 1}}
	if err := laptop.store.CreateCongress(ctx, congress.System, c6); err != nil {
		t.Fatal(err)
	}
	laptop.addPerson(c6, "Trần Thị Ngọc Hân", "1980-04-02")
	pkg := laptop.download(uSecTC, c6)

	before := server.digest()
	r := server.upload(uStaff, "/import/package", "so-tai-chinh.daihoi", pkg, nil)
	body := readBody(t, r)
	if r.StatusCode != http.StatusOK || !strings.Contains(body, "đã nhập 1 đảng viên") || !strings.Contains(body, "Đảng bộ Sở Tài chính") {
		t.Fatalf("upload: %d\n%s", r.StatusCode, body)
	}
	if server.digest() == before {
		t.Fatal("nothing was written")
	}
	after := server.digest()
	r = server.upload(uStaff, "/import/package", "so-tai-chinh.daihoi", pkg, nil)
	if body := readBody(t, r); r.StatusCode != http.StatusOK || !strings.Contains(body, "không có gì thay đổi") {
		t.Fatalf("re-upload: %d %s", r.StatusCode, body)
	}
	if server.digest() != after {
		t.Fatal("the same package wrote again")
	}

	// The laptop's copy of the Sở KH&CN congress gets a person: the server's copy differs.
	laptop.addPerson(laptop.cKHCN, "Lê Văn Tám", "1985-01-09")
	changed := laptop.download(uSecKHCN, laptop.cKHCN)
	r = server.upload(uStaff, "/import/package", "khcn.daihoi", changed, nil)
	body = readBody(t, r)
	if r.StatusCode != http.StatusOK || !strings.Contains(body, "cần xác nhận") || !strings.Contains(body, "Thêm đảng viên Lê Văn Tám (sinh 09/01/1985)") {
		t.Fatalf("changed version: %d\n%s", r.StatusCode, body)
	}
	if server.digest() != after {
		t.Fatal("an unconfirmed package wrote")
	}
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(body)
	content := regexp.MustCompile(`name="content" value="([0-9a-f]{64})"`).FindStringSubmatch(body)
	if token == nil || content == nil {
		t.Fatalf("no confirmation form:\n%s", body)
	}
	// Another user cannot confirm someone else's upload.
	w := server.do(req{method: http.MethodPost, path: "/import/package/confirm", as: uSecKHCN,
		form: url.Values{"token": {token[1]}, "content": {content[1]}}})
	if w.Code != http.StatusNotFound {
		t.Fatalf("someone else's confirmation: %d", w.Code)
	}
	w = server.do(req{method: http.MethodPost, path: "/import/package/confirm", as: uStaff,
		form: url.Values{"token": {token[1]}, "content": {content[1]}}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "đã thay bằng phiên bản trong gói") {
		t.Fatalf("confirm: %d %s", w.Code, w.Body.String())
	}
	persons, err := server.store.FindPersons(ctx, congress.System, server.cKHCN.ID)
	if err != nil || len(persons) != 1 || persons[0].FullName != "Lê Văn Tám" {
		t.Fatalf("after the confirmation: %v %v", persons, err)
	}
	// The token is spent.
	w = server.do(req{method: http.MethodPost, path: "/import/package/confirm", as: uStaff,
		form: url.Values{"token": {token[1]}, "content": {content[1]}}})
	if w.Code != http.StatusNotFound {
		t.Fatalf("a spent confirmation: %d", w.Code)
	}
}

// Packages outside the importer's scope, roles that may not import, and hostile uploads are
// refused with a Vietnamese message, and nothing is written.
func TestPackageUploadRefused(t *testing.T) {
	laptop, server := newFixture(t), newFixture(t)
	pkg := laptop.download(uSecKHCN, laptop.cKHCN)
	tampered := bytes.Clone(pkg) // a byte changed on the way: a part fails its CRC or no longer inflates
	tampered[len(tampered)/3] ^= 0x55
	before := server.digest()
	for _, tc := range []struct {
		name   string
		user   string
		data   []byte
		status int
		want   string
	}{
		{"another committee's secretary", uSecTC, pkg, http.StatusForbidden, "không nằm trong phạm vi tổ chức đảng của bạn"},
		{"auditor", uAuditor, pkg, http.StatusForbidden, "Chỉ cán bộ ban tổ chức, thư ký cấp ủy và quản trị viên"},
		{"not a zip", uStaff, []byte("Biên bản kiểm phiếu"), http.StatusUnprocessableEntity, "không đọc được cấu trúc zip"},
		{"truncated", uStaff, pkg[:len(pkg)/2], http.StatusUnprocessableEntity, "không đọc được cấu trúc zip"},
		{"edited", uStaff, tampered, http.StatusUnprocessableEntity, "Gói bị từ chối, không ghi gì"},
		{"empty", uStaff, nil, http.StatusUnprocessableEntity, "Chưa chọn tệp"},
	} {
		r := server.upload(tc.user, "/import/package", "goi.daihoi", tc.data, nil)
		if body := readBody(t, r); r.StatusCode != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d, want %d with %q\n%s", tc.name, r.StatusCode, tc.status, tc.want, body)
		}
	}
	// Not a form upload; a declared body over the limit.
	w := server.do(req{method: http.MethodPost, path: "/import/package", as: uStaff, body: bytes.NewReader(pkg), contentType: "application/zip"})
	if w.Code != http.StatusUnsupportedMediaType {
		t.Errorf("raw body to the page: %d", w.Code)
	}
	_, ct := multipartBody(t, "file", "lon.daihoi", []byte("x"), nil)
	r := requestWithLength(t, server, "/import/package", ct, 201<<20)
	if r.Code != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body.String(), "tối đa 200 MB") {
		t.Errorf("over 200 MB: %d %s", r.Code, r.Body.String())
	}
	if server.digest() != before {
		t.Fatal("a refused upload wrote")
	}
}

// requestWithLength sends as staff a request that declares a body of n bytes.
func requestWithLength(t testing.TB, f *fixture, path, ct string, n int64) *httptest.ResponseRecorder {
	t.Helper()
	hr := httptest.NewRequest(http.MethodPost, path, strings.NewReader(""))
	hr.ContentLength = n
	hr.Header.Set("Content-Type", ct)
	hr.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.token(uStaff)})
	w := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(w, hr)
	return w
}

// The API imports a package sent as the body: 409 with the differences until confirmed.
func TestPackageAPI(t *testing.T) {
	laptop, server := newFixture(t), newFixture(t)
	laptop.addPerson(laptop.cKHCN, "Lê Văn Tám", "1985-01-09")
	pkg := laptop.download(uSecKHCN, laptop.cKHCN)
	w := server.do(req{method: http.MethodPost, path: "/api/v1/packages", bearer: uStaff, body: bytes.NewReader(pkg), contentType: "application/zip"})
	if w.Code != http.StatusConflict {
		t.Fatalf("changed version: %d %s", w.Code, w.Body.String())
	}
	e := apiErr(t, w)
	if e.Fields["differences[0]"] == "" || len(e.Fields["content_sha256"]) != 64 {
		t.Fatalf("409 body %+v", e)
	}
	w = server.do(req{method: http.MethodPost, path: "/api/v1/packages?confirm=true&expect=" + e.Fields["content_sha256"], bearer: uStaff,
		body: bytes.NewReader(pkg), contentType: "application/zip"})
	if w.Code != http.StatusOK {
		t.Fatalf("confirmed: %d %s", w.Code, w.Body.String())
	}
	var res store.PackageImport
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || res.Status != store.ImportReplaced || res.Persons != 1 {
		t.Fatalf("result %+v %v", res, err)
	}
	for _, ct := range []string{"", "application/json", "application/x-www-form-urlencoded", "text/plain"} {
		w := server.do(req{method: http.MethodPost, path: "/api/v1/packages", bearer: uStaff, body: bytes.NewReader(pkg), contentType: ct})
		if w.Code != http.StatusUnsupportedMediaType || !strings.Contains(apiErr(t, w).Message, "application/zip") {
			t.Errorf("package sent as %q: status %d %s", ct, w.Code, w.Body.String())
		}
	}
	w = server.do(req{method: http.MethodPost, path: "/api/v1/packages", bearer: uStaff, body: strings.NewReader("PK\x03\x04 cắt cụt"), contentType: "application/zip"})
	if w.Code != http.StatusUnprocessableEntity || apiErr(t, w).Fields["problems[0]"] == "" {
		t.Fatalf("broken package: %d %s", w.Code, w.Body.String())
	}
	if w := server.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses/%d/package", server.cKHCN.ID), bearer: uAuditor}); w.Code != http.StatusOK {
		t.Fatalf("API download: %d", w.Code)
	}
	if w := server.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses/%d/package", server.cTC.ID), bearer: uSecKHCN}); w.Code != http.StatusNotFound {
		t.Fatalf("download outside the scope: %d", w.Code)
	}
}

// The empty template downloads, and a filled one imports into the roll; a bad row stops the
// import unless the good rows only are asked for.
func TestPersonsImportPages(t *testing.T) {
	f := newFixture(t)
	w := f.get(uSecKHCN, fmt.Sprintf("/congresses/%d/import/committee-template.xlsx", f.cKHCN.ID))
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("template: %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	wb, err := reports.OpenWorkbook(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if list, err := wb.ReadPersonList(); err != nil || len(list.Rows) != 0 {
		t.Fatalf("the empty template: %v %+v", err, list)
	}
	wb.Close()
	good := []congress.Person{
		{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", HomeTown: "Cao Lãnh", JoinedOn: "1993-05-19", Incumbent: true},
		{FullName: "Nguyễn Thị Lan", BirthDate: "1975-08-02", Gender: "female", HomeTown: "Sa Đéc"},
	}
	bad := append(append([]congress.Person{}, good...), congress.Person{FullName: "Trần Văn Bình", BirthDate: "1979-11-20", JoinedOn: "1990-01-01"})
	xlsx := func(persons []congress.Person) []byte {
		var buf bytes.Buffer
		if err := reports.WritePersonTemplate(&buf, reports.PersonTemplate{Persons: persons}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	path := fmt.Sprintf("/congresses/%d/import/committee", f.cKHCN.ID)
	if w := f.get(uSecKHCN, path); w.Code != http.StatusOK {
		t.Fatalf("form: %d", w.Code)
	}
	before := f.count("persons")
	r := f.upload(uSecKHCN, path, "ds.xlsx", xlsx(bad), nil)
	body := readBody(t, r)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Trần Văn Bình: ngày vào Đảng (01/01/1990) phải sau ngày đủ 18 tuổi") ||
		f.count("persons") != before {
		t.Fatalf("a bad row: %d\n%s", r.StatusCode, body)
	}
	r = f.upload(uSecKHCN, path, "ds.xlsx", xlsx(bad), url.Values{"good_rows_only": {"1"}})
	body = readBody(t, r)
	if r.StatusCode != http.StatusOK || !strings.Contains(body, "2 đảng viên mới") || f.count("persons") != before+2 {
		t.Fatalf("good rows only: %d\n%s", r.StatusCode, body)
	}
	r = f.upload(uSecKHCN, path, "ds.xlsx", xlsx(good), nil)
	if body := readBody(t, r); r.StatusCode != http.StatusOK || !strings.Contains(body, "2 đảng viên không đổi") {
		t.Fatalf("the same list again: %d\n%s", r.StatusCode, body)
	}
	if r := f.upload(uStaff, path, "ds.xlsx", xlsx(good), nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("staff importing persons: %d", r.StatusCode)
	}
	if r := f.upload(uSecTC, path, "ds.xlsx", xlsx(good), nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another committee's secretary: %d", r.StatusCode)
	}
}

// The totals of a round entered by totals are read from a minutes workbook and stored through
// the round's checks.
func TestTotalsImportPage(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var ids []int64
	for _, n := range []string{"Huỳnh Minh Tuấn", "Nguyễn Thị Lan", "Trần Văn Bình"} {
		p := congress.Person{CongressID: f.cKHCN.ID, FullName: n}
		if err := f.store.CreatePerson(ctx, congress.System, &p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	e := &store.ElectionInput{Election: congress.Election{CongressID: f.cKHCN.ID, Body: congress.BodyDelegateOfficial, Seats: 2,
		ListKind: congress.ListSurplus}, CandidateIDs: ids}
	if err := f.store.CreateElection(ctx, congress.System, e); err != nil {
		t.Fatal(err)
	}
	round := &congress.Round{EntryMode: congress.EntryTotals, Issued: 43, Counters: []congress.CountingMember{{Name: "Mai Thị Hoa", Head: true}}}
	if err := f.store.CreateRound(ctx, congress.System, e.ID, round); err != nil {
		t.Fatal(err)
	}
	minutes := func(votes map[string]int, valid int) []byte {
		m := reports.Minutes{ElectionTitle: "Bầu đại biểu", Round: 1, Seats: 2, Ballots: reports.MinutesBallots{Issued: 43, Collected: 43, Valid: valid, Invalid: 43 - valid},
			ClosedAt: time.Date(2020, 5, 28, 3, 0, 0, 0, time.UTC)}
		for _, n := range []string{"Huỳnh Minh Tuấn", "Nguyễn Thị Lan", "Trần Văn Bình"} {
			m.Results = append(m.Results, reports.MinutesResult{Name: n, Votes: votes[n], Status: reports.StatusNotElected})
		}
		var buf bytes.Buffer
		if err := reports.WriteMinutes(&buf, []reports.Minutes{m}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	path := fmt.Sprintf("/rounds/%d/import/totals", round.ID)
	if w := f.get(uSecKHCN, path); w.Code != http.StatusOK {
		t.Fatalf("form: %d", w.Code)
	}
	// More votes than valid ballots: the round's own check refuses, naming the figures.
	r := f.upload(uSecKHCN, path, "bb.xlsx", minutes(map[string]int{"Huỳnh Minh Tuấn": 43, "Nguyễn Thị Lan": 40, "Trần Văn Bình": 3}, 42), nil)
	if body := readBody(t, r); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Huỳnh Minh Tuấn (43) không được lớn hơn số phiếu hợp lệ (42)") {
		t.Fatalf("inconsistent totals: %d\n%s", r.StatusCode, body)
	}
	r = f.upload(uSecKHCN, path, "bb.xlsx", minutes(map[string]int{"Huỳnh Minh Tuấn": 41, "Nguyễn Thị Lan": 38, "Trần Văn Bình": 4}, 42), nil)
	if body := readBody(t, r); r.StatusCode != http.StatusOK || !strings.Contains(body, "Đã nhập") {
		t.Fatalf("totals: %d\n%s", r.StatusCode, body)
	}
	rv, err := f.store.FindRoundByID(ctx, congress.System, round.ID)
	if err != nil || rv.Valid != 42 || rv.Invalid != 1 || rv.Votes[ids[0]] != 41 || rv.Votes[ids[2]] != 4 {
		t.Fatalf("stored: %+v %v", rv.Round, err)
	}
}

// The danh sách trích ngang daihoi exports for the seed congress (ExportCommittee) is imported
// into the roll of an empty congress elsewhere, and gives the same persons as the committee.
func TestExportedCommitteeReimported(t *testing.T) {
	ctx := context.Background()
	src := newFixture(t)
	d, err := db.Open(filepath.Join(t.TempDir(), "nguon.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	seedStore := store.New(d)
	seed, err := demo.Seed(ctx, seedStore, "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ExportCommittee(ctx, seedStore, ReportRequest{User: congress.System, CongressID: seed.SeedCongressID}, &buf); err != nil {
		t.Fatal(err)
	}
	committee, err := seedStore.FindCommittee(ctx, congress.System, seed.SeedCongressID)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := reports.OpenWorkbook(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	list, err := wb.ReadPersonList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rejected) > 0 || len(list.Rows) != len(committee.Members) {
		t.Fatalf("%d rows read, %d rejected (%v), for %d members", len(list.Rows), len(list.Rejected), list.Rejected, len(committee.Members))
	}
	persons := make([]congress.Person, len(list.Rows))
	for i, r := range list.Rows {
		persons[i] = r.Person
	}
	imp, err := src.store.ImportPersons(ctx, congress.System, src.cTC.ID, persons)
	if err != nil || imp.Created != len(committee.Members) {
		t.Fatalf("import: %+v %v", imp, err)
	}
	got, err := src.store.FindPersons(ctx, congress.System, src.cTC.ID)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]congress.Person{}
	for _, p := range got {
		byName[p.FullName] = p
	}
	for _, m := range committee.Members {
		want, g := m.Person, byName[m.FullName]
		want.ID, want.CongressID, want.Sample, want.Version = 0, 0, false, 0
		g.ID, g.CongressID, g.Sample, g.Version = 0, 0, false, 0
		if g != want {
			t.Errorf("%s:\n got %+v\nwant %+v", m.FullName, g, want)
		}
	}
}
