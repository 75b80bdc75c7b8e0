package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

func TestCreateCongressForm(t *testing.T) {
	f := newFixture(t)
	form := validCongressForm(f.cell, f.term20, 2)
	// JavaScript-free form: blank rows between filled ones are dropped.
	form["guest_name"] = []string{"", "Nguyễn Văn Bình", ""}
	form["guest_title"] = []string{"", "Phó Bí thư", ""}
	form["guest_role"] = []string{"attending", "directing", "attending"}
	w := f.do(req{method: http.MethodPost, path: "/congresses", as: uSecKHCN, form: form})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/congresses/") {
		t.Fatalf("status %d\n%s", w.Code, w.Body.String())
	}
	var flash *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == flashCookie {
			flash = c
		}
	}
	if flash == nil || !flash.HttpOnly {
		t.Fatalf("flash cookie %+v", flash)
	}
	page := f.do(req{method: http.MethodGet, path: w.Header().Get("Location"), as: uSecKHCN, cookies: []*http.Cookie{flash}})
	body := page.Body.String()
	for _, s := range []string{"Đã lưu đại hội Chi bộ Phòng Quản lý khoa học lần thứ II", "15/05/2020", "Nguyễn Văn Bình",
		"Tham dự và chỉ đạo", "Đảng viên mới kết nạp", "ít nhất 10 phiếu"} {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	var guests int
	f.db.R.Get(&guests, `SELECT COUNT(*) FROM congress_guests g JOIN congresses c ON c.id = g.congress_id WHERE c.organization_id = ? AND c.ordinal = 2`, f.cell.ID)
	if guests != 1 {
		t.Errorf("%d guests stored, want 1", guests)
	}
}

func TestCreateCongressFormErrors(t *testing.T) {
	f := newFixture(t)
	form := with(validCongressForm(f.khcn, f.term20, 3), "convened", "ba mươi", "present", "40", "held_on", "31/02/2020",
		"ordinal", "9223372036854775808")
	form["guest_name"] = []string{"", "", ""}
	form["guest_title"] = []string{"Chức vụ không có tên", "", ""}
	before := f.digest()
	w := f.do(req{method: http.MethodPost, path: "/congresses", as: uSecKHCN, form: form})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	for _, s := range []string{
		`value="ba mươi"`, `value="31/02/2020"`, `value="9223372036854775808"`, `value="Chức vụ không có tên"`, // as typed
		"Số được triệu tập phải là số nguyên, không phải &#34;ba mươi&#34;.",
		"Ngày đại hội &#34;31/02/2020&#34; không đúng dạng ngày/tháng/năm",
		"Lần thứ &#34;9223372036854775808&#34; vượt quá giới hạn cho phép.",
		"Khách mời thứ 1 chưa có họ tên.",
		`class="alert alert-error"`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("form lacks %q", s)
		}
	}
	if f.digest() != before {
		t.Error("something changed")
	}
}

func TestUpdateCongressForm(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/congresses/%d", f.cKHCN.ID)
	form := formValues(t, f, uSecKHCN, path+"/edit")
	form.Set("convened", "46")
	form.Set("present", "44")
	form.Set("place", "Hội trường mới")
	w := f.do(req{method: http.MethodPost, path: path, as: uSecKHCN, form: form})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != path {
		t.Fatalf("status %d\n%s", w.Code, w.Body.String())
	}
	c, err := f.store.FindCongressByID(t.Context(), congress.System, f.cKHCN.ID)
	if err != nil || c.Present != 44 || c.Place != "Hội trường mới" || c.Version != 2 || len(c.Guests) != 2 || len(c.PastResults) != 1 {
		t.Fatalf("stored %+v %v", c, err)
	}
	// The same form again carries version 1: someone saved in between, so 409, input kept.
	before := f.digest()
	form.Set("place", "Hội trường thứ ba")
	w = f.do(req{method: http.MethodPost, path: path, as: uSecKHCN, form: form})
	if w.Code != http.StatusConflict {
		t.Fatalf("stale: status %d", w.Code)
	}
	body := w.Body.String()
	if !strings.Contains(body, "đã được người khác sửa") || !strings.Contains(body, `value="Hội trường thứ ba"`) || !strings.Contains(body, "alert-conflict") {
		t.Errorf("stale form:\n%s", body)
	}
	if f.digest() != before {
		t.Error("a stale save changed something")
	}
}

// formValues reads back the named inputs of a form page, as a browser would submit them.
func formValues(t *testing.T, f *fixture, user, path string) url.Values {
	t.Helper()
	w := f.get(user, path)
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, w.Code)
	}
	body := w.Body.String()
	v := url.Values{}
	// Enough of an HTML reader for our own templates: inputs, selected options, textareas.
	for _, part := range strings.Split(body, "<input ")[1:] {
		tag := part[:strings.IndexByte(part, '>')]
		name, value := attr(tag, "name"), attr(tag, "value")
		if name != "" {
			v.Add(name, value)
		}
	}
	for _, part := range strings.Split(body, "<select ")[1:] {
		name := attr(part[:strings.IndexByte(part, '>')], "name")
		end := strings.Index(part, "</select>")
		sel := ""
		for _, opt := range strings.Split(part[:end], "<option ")[1:] {
			tag := opt[:strings.IndexByte(opt, '>')]
			if sel == "" {
				sel = attr(tag, "value")
			}
			if strings.Contains(tag, " selected") {
				sel = attr(tag, "value")
				break
			}
		}
		v.Add(name, sel)
	}
	if i := strings.Index(body, `<textarea id="notes" name="notes" rows="5">`); i >= 0 {
		rest := body[i+len(`<textarea id="notes" name="notes" rows="5">`):]
		v.Set("notes", htmlUnescape(rest[:strings.Index(rest, "</textarea>")]))
	}
	return v
}

func attr(tag, name string) string {
	i := strings.Index(tag, " "+name+`="`)
	if i < 0 {
		if strings.HasPrefix(tag, name+`="`) {
			i = -1
		} else {
			return ""
		}
	}
	rest := tag[i+len(name)+3:]
	return htmlUnescape(rest[:strings.IndexByte(rest, '"')])
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&#34;", `"`, "&#39;", "'", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(s)
}

func TestCongressAPI(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodPost, path: "/api/v1/congresses", bearer: uSecKHCN, json: mustJSON(validCongressJSON(f.cell, f.term20, 2))})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	var got map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	att := got["attendance"].(map[string]any)
	if got["ordinal_roman"] != "II" || got["term"] != "2020 – 2025" || att["base"] != 18.0 || att["absent"] != 2.0 || got["version"] != 1.0 {
		t.Fatalf("created %v", got)
	}
	loc := w.Header().Get("Location")
	if w := f.do(req{method: http.MethodGet, path: loc, bearer: uSecKHCN}); w.Code != http.StatusOK {
		t.Fatalf("get: %d", w.Code)
	}
	// What GET answers can be sent back with PUT as it is, changed where wanted.
	got["place"] = "Phòng họp"
	body, _ := json.Marshal(got)
	w = f.do(req{method: http.MethodPut, path: loc, bearer: uSecKHCN, json: string(body)})
	if w.Code != http.StatusOK {
		t.Fatalf("put: %d %s", w.Code, w.Body.String())
	}
	var put map[string]any
	json.Unmarshal(w.Body.Bytes(), &put)
	if put["place"] != "Phòng họp" || put["version"] != 2.0 {
		t.Fatalf("put answered %v", put)
	}
	// Sending version 1 again is stale.
	before := f.digest()
	w = f.do(req{method: http.MethodPut, path: loc, bearer: uSecKHCN, json: string(body)})
	if w.Code != http.StatusConflict || apiErr(t, w).Code != congress.ECONFLICT {
		t.Fatalf("stale put: %d %s", w.Code, w.Body.String())
	}
	if f.digest() != before {
		t.Error("stale put changed something")
	}
}

func TestCongressListAPI(t *testing.T) {
	f := newFixture(t)
	var got struct {
		Items []struct {
			ID               int64  `json:"id"`
			OrganizationName string `json:"organization_name"`
		} `json:"items"`
		Total int `json:"total"`
		Limit int `json:"limit"`
	}
	w := f.do(req{method: http.MethodGet, path: "/api/v1/congresses?limit=2&sort=org", bearer: uStaff})
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	json.Unmarshal(w.Body.Bytes(), &got)
	if got.Total != 4 || len(got.Items) != 2 || got.Limit != 2 {
		t.Fatalf("%+v", got)
	}
	w = f.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses?organization_id=%d&term_id=%d", f.khcn.ID, f.term25.ID), bearer: uStaff})
	json.Unmarshal(w.Body.Bytes(), &got)
	if got.Total != 1 || got.Items[0].ID != f.cCell.ID {
		t.Fatalf("subtree and term: %+v", got)
	}
}

// Search ignores accents and case, in the page and the API.
func TestSearchAccentInsensitive(t *testing.T) {
	f := newFixture(t)
	cases := map[string][]int64{
		"tuan":       {f.cKHCN.ID}, // the guest Huỳnh Minh Tuấn
		"TUẤN":       {f.cKHCN.ID},
		"dong thap":  {f.cKHCN.ID, f.cKhoi.ID},
		"Đồng  Tháp": {f.cKHCN.ID, f.cKhoi.ID},
		"tai chinh":  {f.cTC.ID},
		"quan ly":    {f.cCell.ID},
		"khong co":   {},
		"100%":       {},
	}
	for q, want := range cases {
		w := f.do(req{method: http.MethodGet, path: "/api/v1/congresses?q=" + url.QueryEscape(q), bearer: uStaff})
		var got struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			Total int `json:"total"`
		}
		json.Unmarshal(w.Body.Bytes(), &got)
		ids := map[int64]bool{}
		for _, it := range got.Items {
			ids[it.ID] = true
		}
		if got.Total != len(want) {
			t.Errorf("q=%q: %d results, want %d", q, got.Total, len(want))
		}
		for _, id := range want {
			if !ids[id] {
				t.Errorf("q=%q: congress %d missing", q, id)
			}
		}
		page := f.get(uStaff, "/congresses?q="+url.QueryEscape(q)).Body.String()
		for _, id := range want {
			if !strings.Contains(page, fmt.Sprintf(`href="/congresses/%d"`, id)) {
				t.Errorf("page q=%q: congress %d missing", q, id)
			}
		}
	}
}
