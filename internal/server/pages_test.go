package server

import (
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/web"
)

// Every file in web/templates/pages is a registered page, and every registered page has a file.
func TestPagesRegistered(t *testing.T) {
	entries, err := fs.ReadDir(web.FS, "templates/pages")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, strings.TrimSuffix(e.Name(), ".html"))
	}
	slices.Sort(files)
	registered := slices.Sorted(slices.Values(pageNames))
	if !slices.Equal(files, registered) {
		t.Fatalf("page files %v, registered %v", files, registered)
	}
}

// Every page answers 200 to every user allowed to see it, with its key content.
func TestPagesRender(t *testing.T) {
	f := newFixture(t)
	k := f.cKHCN.ID
	type page struct {
		path string
		want []string
	}
	common := []page{
		{"/congresses", []string{"Danh sách đại hội"}},
		{"/organizations", []string{"Tổ chức đảng trực thuộc"}},
		{"/terms", []string{"2020 – 2025", "2025 – 2030"}},
		{"/account/password", []string{"Đổi mật khẩu", `name="old_password"`}},
		{fmt.Sprintf("/congresses/%d", f.cCell.ID), []string{"Chi bộ Phòng Quản lý khoa học", "lần thứ III"}},
		{fmt.Sprintf("/organizations/%d", f.cell.ID), []string{"Chi bộ Phòng Quản lý khoa học"}},
	}
	khcnPages := []page{
		{fmt.Sprintf("/congresses/%d", k), []string{
			"Đại hội Đảng bộ Sở Khoa học và Công nghệ tỉnh Đồng Tháp lần thứ II, nhiệm kỳ <span class=\"nowrap\">2020 – 2025</span>",
			"28/05/2020", "Thái Đức Tuệ Mẫn", "Tham dự và chỉ đạo", "Dữ liệu mẫu", "Đại hội đảng viên",
			"Quyết định 244-QĐ/TW (2014)", "Đã chuẩn y", "Cơ sở tính kết quả bầu cử", "ít nhất 22 phiếu",
			"Đảng viên hoàn thành tốt nhiệm vụ trở lên", "Hội trường Sở Khoa học và Công nghệ"}},
		{fmt.Sprintf("/organizations/%d", f.khcn.ID), []string{"Chi bộ Phòng Quản lý khoa học"}},
	}
	writerPages := []page{
		{"/congresses/new", []string{"Thêm đại hội", `name="guest_name"`, `name="past_label"`, `name="committee_absent"`, `name="absent_with_reason"`}},
		{fmt.Sprintf("/congresses/%d/edit", f.cCell.ID), []string{`name="version" value="1"`, "15/04/2025"}},
	}
	cases := map[string][]page{
		uAdmin:   slices.Concat(common, khcnPages, writerPages, []page{{"/", []string{"Tổ chức đảng trực thuộc", "Đảng bộ Sở Tài chính"}}}),
		uStaff:   slices.Concat(common, khcnPages, []page{{"/", []string{"Tổ chức đảng trực thuộc", "Đảng bộ Sở Tài chính"}}}),
		uAuditor: slices.Concat(common, khcnPages),
		uSecKHCN: slices.Concat(common, khcnPages, writerPages,
			[]page{{fmt.Sprintf("/congresses/%d/edit", k), []string{"31", "Huỳnh Minh Tuấn", "28/05/2020"}}}),
		uSecCell: slices.Concat(common, writerPages),
	}
	for user, pages := range cases {
		for _, p := range pages {
			t.Run(user+p.path, func(t *testing.T) {
				w := f.get(user, p.path)
				if w.Code != http.StatusOK {
					t.Fatalf("status %d\n%s", w.Code, w.Body.String())
				}
				body := w.Body.String()
				for _, s := range p.want {
					if !strings.Contains(body, s) {
						t.Errorf("page lacks %q", s)
					}
				}
				// The layout shows who is logged in, their role and organization, and a logout form.
				for _, s := range []string{f.users[user].FullName, f.users[user].OrganizationName, `action="/logout"`} {
					if !strings.Contains(body, s) {
						t.Errorf("layout lacks %q", s)
					}
				}
				if ct := w.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
					t.Errorf("content type %q", ct)
				}
			})
		}
	}
	t.Run("LoginPage", func(t *testing.T) {
		w := f.do(req{method: http.MethodGet, path: "/login"})
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `name="username"`) {
			t.Fatalf("status %d\n%s", w.Code, w.Body.String())
		}
	})
}

// Secretaries land on the congress list; staff and admins on the tree.
func TestDashboard(t *testing.T) {
	f := newFixture(t)
	for _, user := range []string{uSecKHCN, uAuditor} {
		w := f.get(user, "/")
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/congresses" {
			t.Errorf("%s: %d %q", user, w.Code, w.Header().Get("Location"))
		}
	}
}

// Staff and auditors see no write buttons; secretaries and admins do.
func TestWriteButtons(t *testing.T) {
	f := newFixture(t)
	show := fmt.Sprintf("/congresses/%d", f.cKHCN.ID)
	for user, canWrite := range map[string]bool{uStaff: false, uAuditor: false, uSecKHCN: true, uAdmin: true} {
		for _, path := range []string{"/congresses", show, fmt.Sprintf("/organizations/%d", f.khcn.ID)} {
			body := f.get(user, path).Body.String()
			has := strings.Contains(body, "/congresses/new") || strings.Contains(body, show+"/edit")
			if has != canWrite {
				t.Errorf("%s on %s: write buttons %v, want %v", user, path, has, canWrite)
			}
		}
	}
	// Only the admin sees the organization forms.
	for user, want := range map[string]bool{uAdmin: true, uStaff: false, uSecKHCN: false} {
		body := f.get(user, fmt.Sprintf("/organizations/%d", f.khcn.ID)).Body.String()
		if got := strings.Contains(body, `name="parent_id"`); got != want {
			t.Errorf("%s: organization form %v, want %v", user, got, want)
		}
		body = f.get(user, "/terms").Body.String()
		if got := strings.Contains(body, `action="/terms"`); got != want {
			t.Errorf("%s: term form %v, want %v", user, got, want)
		}
	}
}

// The tree counts the congresses of each child's subtree by state, and filters by term.
func TestOrganizationTreeCounts(t *testing.T) {
	f := newFixture(t)
	body := f.get(uStaff, "/organizations").Body.String()
	// Sở KH&CN's subtree holds its own congress (approved) and its cell's (held): 2 in all.
	i := strings.Index(body, "Đảng bộ Sở Khoa học và Công nghệ tỉnh Đồng Tháp</a>")
	if i < 0 {
		t.Fatalf("child row missing:\n%s", body)
	}
	row := body[i:]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, fmt.Sprintf(`href="/congresses?organization_id=%d">2</a>`, f.khcn.ID)) {
		t.Errorf("subtree total not 2:\n%s", row)
	}
	body = f.get(uStaff, fmt.Sprintf("/organizations?term_id=%d", f.term25.ID)).Body.String()
	i = strings.Index(body, "Đảng bộ Sở Khoa học và Công nghệ tỉnh Đồng Tháp</a>")
	row = body[i:]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, fmt.Sprintf(`organization_id=%d&amp;term_id=%d">1</a>`, f.khcn.ID, f.term25.ID)) {
		t.Errorf("term filter: subtree total not 1:\n%s", row)
	}
	// Breadcrumbs lead back up, within the scope only.
	body = f.get(uStaff, fmt.Sprintf("/organizations/%d", f.cell.ID)).Body.String()
	if !strings.Contains(body, fmt.Sprintf(`<a href="/organizations/%d">`, f.khcn.ID)) || !strings.Contains(body, fmt.Sprintf(`<a href="/organizations/%d">`, f.khoi.ID)) {
		t.Errorf("breadcrumbs missing")
	}
	body = f.get(uSecKHCN, fmt.Sprintf("/organizations/%d", f.cell.ID)).Body.String()
	if strings.Contains(body, fmt.Sprintf(`<a href="/organizations/%d">`, f.khoi.ID)) {
		t.Errorf("breadcrumbs show an organization outside the scope")
	}
}

// The list pages 50 at a time with page links and the total.
func TestCongressListPaging(t *testing.T) {
	f := newFixture(t)
	form := validCongressForm(f.tc, f.term25, 1)
	for i := range 120 {
		name := fmt.Sprintf("Chi bộ số %d", i+1)
		w := f.do(req{method: http.MethodPost, path: "/organizations", as: uAdmin,
			form: map[string][]string{"parent_id": {fmt.Sprint(f.tc.ID)}, "kind": {"cell"}, "name": {name}}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("add organization: %d %s", w.Code, w.Body.String())
		}
	}
	orgs := f.count("organizations")
	var ids []int64
	if err := f.db.R.Select(&ids, `SELECT id FROM organizations WHERE name LIKE 'Chi bộ số %'`); err != nil || len(ids) != 120 || orgs != 124 {
		t.Fatalf("organizations: %v %d %d", err, len(ids), orgs)
	}
	for _, id := range ids {
		w := f.do(req{method: http.MethodPost, path: "/congresses", as: uAdmin, form: with(form, "organization_id", fmt.Sprint(id))})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("add congress: %d %s", w.Code, w.Body.String())
		}
	}
	body := f.get(uStaff, "/congresses").Body.String()
	for _, s := range []string{"124 đại hội", "đang xem 1–50", `href="/congresses?page=2"`, `href="/congresses?page=3"`, `aria-current="page">1<`} {
		if !strings.Contains(body, s) {
			t.Errorf("page 1 lacks %q", s)
		}
	}
	if n := strings.Count(body, `<td data-label="Lần thứ">`); n != 50 {
		t.Errorf("page 1 shows %d rows", n)
	}
	body = f.get(uStaff, "/congresses?page=3&sort=org").Body.String()
	if n := strings.Count(body, `<td data-label="Lần thứ">`); n != 24 {
		t.Errorf("page 3 shows %d rows", n)
	}
	if !strings.Contains(body, "đang xem 101–124") || !strings.Contains(body, `href="/congresses?page=2&amp;sort=org"`) {
		t.Errorf("page 3 links wrong")
	}
	// A page far past the end is an empty page, not an error.
	if w := f.get(uStaff, "/congresses?page=999999999999"); w.Code != http.StatusOK {
		t.Errorf("page past the end: %d", w.Code)
	}
}

// Past the store's count cap the pager keeps going while pages come back full.
func TestPagerCapped(t *testing.T) {
	p := newPager(congressListFilter{Page: 1}, store.CongressCountCap+1, pageSize)
	if !p.Capped || p.Next == "" || p.Prev != "" || p.Links[len(p.Links)-1].Gap != true {
		t.Errorf("page 1: %+v", p)
	}
	p = newPager(congressListFilter{Page: 30}, store.CongressCountCap+1, pageSize)
	if p.Pages != 31 || p.Next != "/congresses?page=31" || p.First != 1451 || p.Last != 1500 {
		t.Errorf("page 30: %+v", p)
	}
	p = newPager(congressListFilter{Page: 30}, store.CongressCountCap+1, 7)
	if p.Next != "" || p.Last != 1457 {
		t.Errorf("last page: %+v", p)
	}
	p = newPager(congressListFilter{Page: 2}, 120, pageSize)
	if p.Capped || p.Pages != 3 || len(p.Links) != 3 || !p.Links[1].Current {
		t.Errorf("small list: %+v", p)
	}
}

// The organization filter offers the user's organization and its children; a parent with too
// many children offers none of them, and an organization reached from the tree stays selected.
func TestOrganizationFilterChoices(t *testing.T) {
	f := newFixture(t)
	option := func(o *congress.Organization) string { return fmt.Sprintf(`<option value="%d"`, o.ID) }
	body := f.get(uStaff, "/congresses").Body.String()
	for _, o := range []*congress.Organization{f.khoi, f.khcn, f.tc} {
		if !strings.Contains(body, option(o)) {
			t.Errorf("staff filter lacks %s", o.Name)
		}
	}
	if strings.Contains(body, option(f.cell)) {
		t.Error("staff filter lists a grandchild")
	}
	body = f.get(uSecKHCN, "/congresses").Body.String()
	if !strings.Contains(body, option(f.cell)) || strings.Contains(body, option(f.tc)) {
		t.Error("secretary filter wrong")
	}
	var first *congress.Organization
	for i := range maxFilterChoices + 1 {
		o := &congress.Organization{ParentID: &f.tc.ID, Kind: congress.KindCell, Name: fmt.Sprintf("Chi bộ %03d", i)}
		if err := f.store.CreateOrganization(t.Context(), congress.System, o); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = o
		}
	}
	body = f.get(uSecTC, "/congresses").Body.String()
	if strings.Contains(body, "Chi bộ 000") || !strings.Contains(body, option(f.tc)) {
		t.Error("a long list of children was offered")
	}
	body = f.get(uSecTC, fmt.Sprintf("/congresses?organization_id=%d", first.ID)).Body.String()
	if !strings.Contains(body, fmt.Sprintf(`<option value="%d" selected>`, first.ID)) {
		t.Error("the chosen organization is not offered")
	}
}
