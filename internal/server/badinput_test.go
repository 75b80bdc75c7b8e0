package server

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// oversized is one byte over the body cap.
var oversized = strings.Repeat("a", maxBody+1)

// TestBadInput sends every form and API route input it must refuse: each answer is a 4xx (never
// a 5xx), with the expected status, and nothing in the record or the audit trail changes.
func TestBadInput(t *testing.T) {
	f := newFixture(t)
	khcn, cell := f.khcn, f.cell
	newForm := validCongressForm(khcn, f.term25, 3)
	editPath := fmt.Sprintf("/congresses/%d", f.cKHCN.ID)
	editForm := with(validCongressForm(khcn, f.term20, 2), "version", "1")
	apiNew := validCongressJSON(khcn, f.term25, 3)
	apiPath := fmt.Sprintf("/api/v1/congresses/%d", f.cKHCN.ID)
	apiEdit := validCongressJSON(khcn, f.term20, 2)
	apiEdit["version"] = 1
	apiEdit["held_on"] = "2020-05-28"
	att := func(kv ...any) map[string]any {
		a := map[string]any{"convened": 20, "present": 18, "absent_with_reason": 2}
		for i := 0; i+1 < len(kv); i += 2 {
			a[kv[i].(string)] = kv[i+1]
		}
		return a
	}
	orgForm := url.Values{"parent_id": {fmt.Sprint(khcn.ID)}, "kind": {"cell"}, "name": {"Chi bộ mới"}, "place": {""}}
	orgEdit := url.Values{"version": {"1"}, "kind": {"cell"}, "name": {"Chi bộ đổi tên"}}
	orgPath := fmt.Sprintf("/organizations/%d", cell.ID)

	type tc struct {
		name  string
		r     req
		code  int
		field string // for API answers: the field the error names
		text  string // for pages: a message the page shows
	}
	post := func(path, user string, form url.Values) req {
		return req{method: http.MethodPost, path: path, as: user, form: form}
	}
	api := func(method, path, user, body string) req {
		return req{method: method, path: path, bearer: user, json: body}
	}
	cases := []tc{
		// The congress form, new.
		{"Form/OrdinalNotNumber", post("/congresses", uSecKHCN, with(newForm, "ordinal", "ba")), 422, "", "Lần thứ phải là số nguyên"},
		{"Form/OrdinalHuge", post("/congresses", uSecKHCN, with(newForm, "ordinal", "9223372036854775808")), 422, "", "vượt quá giới hạn"},
		{"Form/OrdinalFloat", post("/congresses", uSecKHCN, with(newForm, "ordinal", "1e309")), 422, "", "Lần thứ phải là số nguyên"},
		{"Form/OrdinalZero", post("/congresses", uSecKHCN, with(newForm, "ordinal", "0")), 422, "", "phải từ 1 đến 100"},
		{"Form/OrdinalMissing", post("/congresses", uSecKHCN, with(newForm, "ordinal", nil)), 422, "", "Chưa nhập lần thứ."},
		{"Form/OrdinalDuplicate", post("/congresses", uSecKHCN, with(newForm, "ordinal", "2")), 422, "", "đã có đại hội lần thứ II"},
		{"Form/ConvenedNegative", post("/congresses", uSecKHCN, with(newForm, "convened", "-5")), 422, "", "không được âm"},
		{"Form/ConvenedHuge", post("/congresses", uSecKHCN, with(newForm, "convened", "99999999999")), 422, "", "vượt quá giới hạn"},
		{"Form/ConvenedTooMany", post("/congresses", uSecKHCN, with(newForm, "convened", "2000000")), 422, "", "vượt quá 1000000"},
		{"Form/PresentOverConvened", post("/congresses", uSecKHCN, with(newForm, "present", "21")), 422, "", "không được lớn hơn số được triệu tập (20)"},
		{"Form/ExclusionOverConvened", post("/congresses", uSecKHCN, with(newForm, "suspended", "25")), 422, "", "không được lớn hơn số được triệu tập"},
		{"Form/DelegateFieldOnMembers", post("/congresses", uSecKHCN, with(newForm, "committee_absent", "1")), 422, "", "chỉ áp dụng cho đại hội đại biểu"},
		{"Form/DateOutsideTerm", post("/congresses", uSecKHCN, with(newForm, "held_on", "15/05/2019")), 422, "", "phải nằm trong nhiệm kỳ 2025 – 2030"},
		{"Form/DateImpossible", post("/congresses", uSecKHCN, with(newForm, "held_on", "31/02/2025")), 422, "", "không đúng dạng ngày/tháng/năm"},
		{"Form/DateGarbage", post("/congresses", uSecKHCN, with(newForm, "reported_on", "hôm qua")), 422, "", "Ngày báo cáo"},
		{"Form/HeldWithoutDate", post("/congresses", uSecKHCN, with(newForm, "held_on", "")), 422, "", "phải có ngày đại hội"},
		{"Form/KindUnknown", post("/congresses", uSecKHCN, with(newForm, "kind", "party")), 422, "", "Hình thức đại hội"},
		{"Form/RulesetUnknown", post("/congresses", uSecKHCN, with(newForm, "ruleset", "qd1")), 422, "", "Quy chế bầu cử"},
		{"Form/StateUnknown", post("/congresses", uSecKHCN, with(newForm, "state", "done")), 422, "", "Trạng thái"},
		{"Form/TermUnknown", post("/congresses", uSecKHCN, with(newForm, "term_id", "999")), 422, "", "Không có nhiệm kỳ số 999."},
		{"Form/TermNotNumber", post("/congresses", uSecKHCN, with(newForm, "term_id", "x")), 422, "", "Chưa chọn nhiệm kỳ."},
		{"Form/OrganizationUnknown", post("/congresses", uSecKHCN, with(newForm, "organization_id", "999")), 422, "", "Không tìm thấy tổ chức đảng số 999"},
		{"Form/OrganizationOutOfScope", post("/congresses", uSecKHCN, with(newForm, "organization_id", fmt.Sprint(f.tc.ID))), 422, "", "trong phạm vi của bạn"},
		{"Form/OrganizationMissing", post("/congresses", uSecKHCN, with(newForm, "organization_id", nil)), 422, "", "Chưa chọn tổ chức đảng."},
		{"Form/Empty", post("/congresses", uSecKHCN, url.Values{}), 422, "", "Chưa nhập lần thứ."},
		{"Form/GuestWithoutName", post("/congresses", uSecKHCN, with(newForm, "guest_name", []string{""}, "guest_title", []string{"Bí thư"})), 422, "", "Khách mời thứ 1 chưa có họ tên."},
		{"Form/GuestRoleUnknown", post("/congresses", uSecKHCN, with(newForm, "guest_role", []string{"boss"})), 422, "", "Vai trò khách mời"},
		{"Form/PastResultWithoutValue", post("/congresses", uSecKHCN, with(newForm, "past_value", []string{""})), 422, "", "Kết quả thứ 1 chưa có số liệu."},
		{"Form/NotesTooLong", post("/congresses", uSecKHCN, with(newForm, "notes", strings.Repeat("ghi chú ", 3000))), 422, "", "tối đa 20.000"},
		{"Form/TooLarge", post("/congresses", uSecKHCN, with(newForm, "notes", oversized)), 413, "", "quá lớn"},
		{"Form/Malformed", req{method: http.MethodPost, path: "/congresses", as: uSecKHCN, body: strings.NewReader("ordinal=%zz"), contentType: "application/x-www-form-urlencoded"}, 400, "", "không đọc được"},
		// The congress form, edit.
		{"Edit/Stale", post(editPath, uSecKHCN, with(editForm, "version", "0")), 409, "", "đã được người khác sửa"},
		{"Edit/VersionGarbage", post(editPath, uSecKHCN, with(editForm, "version", "abc")), 409, "", "đã được người khác sửa"},
		{"Edit/PresentOverConvened", post(editPath, uSecKHCN, with(editForm, "present", "99")), 422, "", "không được lớn hơn"},
		{"Edit/DateOutsideTerm", post(editPath, uSecKHCN, with(editForm, "held_on", "01/01/2031")), 422, "", "phải nằm trong nhiệm kỳ"},
		{"Edit/DuplicateOrdinal", post(fmt.Sprintf("/congresses/%d", f.cCell.ID), uSecKHCN, with(validCongressForm(cell, f.term25, 3), "version", "1", "ordinal", "3", "held_on", "15/05/2025", "committee_absent", "x")), 422, "", "phải là số nguyên"},
		{"Edit/UnknownID", post("/congresses/999999", uSecKHCN, editForm), 404, "", "Không tìm thấy"},
		{"Edit/IDNotNumber", post("/congresses/abc", uSecKHCN, editForm), 404, "", ""},
		{"Edit/IDZero", post("/congresses/0", uSecKHCN, editForm), 404, "", ""},
		{"Edit/IDNegative", post("/congresses/-1", uSecKHCN, editForm), 404, "", ""},
		{"Edit/IDHuge", post("/congresses/99999999999999999999999", uSecKHCN, editForm), 404, "", ""},
		{"Edit/OutOfScope", post(fmt.Sprintf("/congresses/%d", f.cTC.ID), uSecKHCN, editForm), 404, "", ""},
		{"Edit/TooLarge", post(editPath, uSecKHCN, with(editForm, "place", oversized)), 413, "", ""},
		// Organizations and terms (admin).
		{"Org/NameEmpty", post("/organizations", uAdmin, with(orgForm, "name", "  ")), 422, "", "không được để trống"},
		{"Org/KindUnknown", post("/organizations", uAdmin, with(orgForm, "kind", "club")), 422, "", "Loại tổ chức"},
		{"Org/UnderCell", post("/organizations", uAdmin, with(orgForm, "parent_id", fmt.Sprint(cell.ID))), 422, "", "không có tổ chức trực thuộc"},
		{"Org/ParentUnknown", post("/organizations", uAdmin, with(orgForm, "parent_id", "999")), 404, "", ""},
		{"Org/ParentGarbage", post("/organizations", uAdmin, with(orgForm, "parent_id", "1e309")), 404, "", ""},
		{"Org/NameTooLong", post("/organizations", uAdmin, with(orgForm, "name", strings.Repeat("Đ", 201))), 422, "", "tối đa 200"},
		{"OrgEdit/Stale", post(orgPath, uAdmin, with(orgEdit, "version", "7")), 409, "", "đã được người khác sửa"},
		{"OrgEdit/NameEmpty", post(orgPath, uAdmin, with(orgEdit, "name", "")), 422, "", "không được để trống"},
		{"OrgEdit/UnknownID", post("/organizations/999", uAdmin, orgEdit), 404, "", ""},
		{"OrgEdit/IDNotNumber", post("/organizations/x", uAdmin, orgEdit), 404, "", ""},
		{"Term/NotNumber", post("/terms", uAdmin, url.Values{"start_year": {"hai nghìn"}, "end_year": {"2035"}}), 422, "", "Năm bắt đầu phải là số nguyên"},
		{"Term/Huge", post("/terms", uAdmin, url.Values{"start_year": {"9223372036854775808"}, "end_year": {"2035"}}), 422, "", "vượt quá giới hạn"},
		{"Term/Backwards", post("/terms", uAdmin, url.Values{"start_year": {"2035"}, "end_year": {"2030"}}), 422, "", "phải sau năm bắt đầu"},
		{"Term/Negative", post("/terms", uAdmin, url.Values{"start_year": {"-2030"}, "end_year": {"2035"}}), 422, "", "không hợp lệ"},
		{"Term/Missing", post("/terms", uAdmin, url.Values{}), 422, "", "Chưa nhập năm bắt đầu."},
		{"Term/Duplicate", post("/terms", uAdmin, url.Values{"start_year": {"2020"}, "end_year": {"2025"}}), 409, "", "Đã có nhiệm kỳ 2020 – 2025"},
		// Login and password.
		{"Login/TooLarge", req{method: http.MethodPost, path: "/login", form: url.Values{"username": {"thuky"}, "password": {oversized}}}, 413, "", ""},
		{"Password/TooLarge", post("/account/password", uSecKHCN, url.Values{"old_password": {oversized}}), 413, "", ""},

		// API: congresses.
		{"API/WrongContentType", req{method: http.MethodPost, path: "/api/v1/congresses", bearer: uSecKHCN, json: mustJSON(apiNew), contentType: "text/plain"}, 415, "", ""},
		{"API/FormContentType", req{method: http.MethodPost, path: "/api/v1/congresses", bearer: uSecKHCN, form: newForm}, 415, "", ""},
		{"API/NoContentType", req{method: http.MethodPost, path: "/api/v1/congresses", bearer: uSecKHCN, body: strings.NewReader(mustJSON(apiNew))}, 415, "", ""},
		{"API/Malformed", api("POST", "/api/v1/congresses", uSecKHCN, `{"ordinal": 3,`), 400, "", ""},
		{"API/Syntax", api("POST", "/api/v1/congresses", uSecKHCN, `{ordinal: 3}`), 400, "", ""},
		{"API/EmptyBody", req{method: http.MethodPost, path: "/api/v1/congresses", bearer: uSecKHCN, body: strings.NewReader(""), contentType: "application/json"}, 400, "", ""},
		{"API/Array", api("POST", "/api/v1/congresses", uSecKHCN, `[]`), 400, "", ""},
		{"API/Trailing", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew)+`{}`), 400, "", ""},
		{"API/UnknownField", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "secretary", "x")), 422, "secretary", ""},
		{"API/UnknownNestedField", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "attendance", att("visitors", 3))), 422, "visitors", ""},
		{"API/OrdinalString", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "ordinal", "3")), 422, "ordinal", ""},
		{"API/OrdinalFloat", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "ordinal", 2.5)), 422, "ordinal", ""},
		{"API/Ordinal1e309", api("POST", "/api/v1/congresses", uSecKHCN, strings.Replace(mustJSON(apiNew, "ordinal", 777), "777", "1e309", 1)), 422, "ordinal", ""},
		{"API/ConvenedHuge", api("POST", "/api/v1/congresses", uSecKHCN, strings.Replace(mustJSON(apiNew, "attendance", att("convened", 777)), "777", "9223372036854775808", 1)), 422, "attendance.convened", ""},
		{"API/ConvenedTooMany", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "attendance", att("convened", int64(1)<<40))), 422, "attendance.convened", ""},
		{"API/OrgIDHuge", api("POST", "/api/v1/congresses", uSecKHCN, strings.Replace(mustJSON(apiNew, "organization_id", 777), "777", "9223372036854775808", 1)), 422, "organization_id", ""},
		{"API/Negative", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "attendance", att("present", -1))), 422, "attendance.present", ""},
		{"API/PresentOverConvened", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "attendance", att("present", 25))), 422, "attendance.present", ""},
		{"API/MissingOrdinal", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "ordinal", nil)), 422, "ordinal", ""},
		{"API/MissingOrganization", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "organization_id", nil)), 422, "organization_id", ""},
		{"API/MissingEverything", api("POST", "/api/v1/congresses", uSecKHCN, `{}`), 422, "term_id", ""},
		{"API/NullOrdinal", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "ordinal", nil)+``), 422, "ordinal", ""},
		{"API/DateOutsideTerm", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "held_on", "2019-01-01")), 422, "held_on", ""},
		{"API/DateGarbage", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "held_on", "tomorrow")), 422, "held_on", ""},
		{"API/DuplicateOrdinal", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "ordinal", 2)), 422, "ordinal", ""},
		{"API/UnknownOrganization", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "organization_id", 999)), 422, "organization_id", ""},
		{"API/OrganizationOutOfScope", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "organization_id", f.tc.ID)), 422, "organization_id", ""},
		{"API/UnknownTerm", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "term_id", 999)), 422, "term_id", ""},
		{"API/GuestWrongType", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "guests", []any{map[string]any{"name": 5}})), 422, "guests.name", ""},
		{"API/GuestsNotArray", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "guests", "Tuấn")), 422, "guests", ""},
		{"API/GuestNoName", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "guests", []any{map[string]any{"title": "x"}})), 422, "guests[0].name", ""},
		{"API/TooLarge", api("POST", "/api/v1/congresses", uSecKHCN, mustJSON(apiNew, "notes", oversized)), 413, "", ""},
		{"API/TooLargeChunked", req{method: http.MethodPost, path: "/api/v1/congresses", bearer: uSecKHCN, contentType: "application/json",
			body: io.MultiReader(strings.NewReader(`{"notes":"`), strings.NewReader(oversized), strings.NewReader(`"}`))}, 413, "", ""},
		{"APIPut/Stale", api("PUT", apiPath, uSecKHCN, mustJSON(apiEdit, "version", 0)), 409, "", ""},
		{"APIPut/MissingVersion", api("PUT", apiPath, uSecKHCN, mustJSON(apiEdit, "version", nil)), 422, "version", ""},
		{"APIPut/VersionString", api("PUT", apiPath, uSecKHCN, mustJSON(apiEdit, "version", "1")), 422, "version", ""},
		{"APIPut/MoveOrganization", api("PUT", apiPath, uSecKHCN, mustJSON(apiEdit, "organization_id", cell.ID)), 422, "organization_id", ""},
		{"APIPut/PresentOverConvened", api("PUT", apiPath, uSecKHCN, mustJSON(apiEdit, "attendance", att("present", 21))), 422, "attendance.present", ""},
		{"APIPut/UnknownID", api("PUT", "/api/v1/congresses/999999", uSecKHCN, mustJSON(apiEdit)), 404, "", ""},
		{"APIPut/IDNotNumber", api("PUT", "/api/v1/congresses/abc", uSecKHCN, mustJSON(apiEdit)), 404, "", ""},
		{"APIPut/IDZero", api("PUT", "/api/v1/congresses/0", uSecKHCN, mustJSON(apiEdit)), 404, "", ""},
		{"APIPut/IDNegative", api("PUT", "/api/v1/congresses/-3", uSecKHCN, mustJSON(apiEdit)), 404, "", ""},
		{"APIPut/IDOverflow", api("PUT", "/api/v1/congresses/9223372036854775808", uSecKHCN, mustJSON(apiEdit)), 404, "", ""},
		{"APIPut/OutOfScope", api("PUT", fmt.Sprintf("/api/v1/congresses/%d", f.cTC.ID), uSecKHCN, mustJSON(apiEdit)), 404, "", ""},
		{"APIPut/WrongContentType", req{method: http.MethodPut, path: apiPath, bearer: uSecKHCN, json: mustJSON(apiEdit), contentType: "text/html"}, 415, "", ""},
		{"APIPut/TooLarge", api("PUT", apiPath, uSecKHCN, mustJSON(apiEdit, "place", oversized)), 413, "", ""},
		// API: organizations.
		{"APIOrg/MissingParent", api("POST", "/api/v1/organizations", uAdmin, `{"kind":"cell","name":"Chi bộ"}`), 422, "parent_id", ""},
		{"APIOrg/ParentUnknown", api("POST", "/api/v1/organizations", uAdmin, `{"parent_id":999,"kind":"cell","name":"Chi bộ"}`), 422, "parent_id", ""},
		{"APIOrg/UnderCell", api("POST", "/api/v1/organizations", uAdmin, fmt.Sprintf(`{"parent_id":%d,"kind":"cell","name":"Chi bộ"}`, cell.ID)), 422, "parent_id", ""},
		{"APIOrg/NameMissing", api("POST", "/api/v1/organizations", uAdmin, fmt.Sprintf(`{"parent_id":%d,"kind":"cell"}`, khcn.ID)), 422, "name", ""},
		{"APIOrg/UnknownField", api("POST", "/api/v1/organizations", uAdmin, fmt.Sprintf(`{"parent_id":%d,"kind":"cell","name":"x","path":"/1/"}`, khcn.ID)), 422, "path", ""},
		{"APIOrg/ParentString", api("POST", "/api/v1/organizations", uAdmin, `{"parent_id":"1","kind":"cell","name":"x"}`), 422, "parent_id", ""},
		{"APIOrg/Malformed", api("POST", "/api/v1/organizations", uAdmin, `{"parent_id":`), 400, "", ""},
		// API: session.
		{"APISession/Malformed", req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":`}, 400, "", ""},
		{"APISession/WrongType", req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":1,"password":"x"}`}, 422, "username", ""},
		{"APISession/UnknownField", req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":"thuky","password":"x","remember":true}`}, 422, "remember", ""},
		{"APISession/WrongContentType", req{method: http.MethodPost, path: "/api/v1/session", json: `{}`, contentType: "text/plain"}, 415, "", ""},
		// API: list parameters and ids.
		{"APIList/TermNotNumber", api("GET", "/api/v1/congresses?term_id=abc", uStaff, ""), 422, "term_id", ""},
		{"APIList/LimitHuge", api("GET", "/api/v1/congresses?limit=100000", uStaff, ""), 422, "limit", ""},
		{"APIList/OffsetNegative", api("GET", "/api/v1/congresses?offset=-1", uStaff, ""), 422, "offset", ""},
		{"APIList/StateUnknown", api("GET", "/api/v1/congresses?state=done", uStaff, ""), 422, "state", ""},
		{"APIList/SortUnknown", api("GET", "/api/v1/congresses?sort=id%3BDROP", uStaff, ""), 422, "sort", ""},
		{"APIList/OrgUnknown", api("GET", "/api/v1/congresses?organization_id=999", uStaff, ""), 404, "", ""},
		{"APIList/ParentNotNumber", api("GET", "/api/v1/organizations?parent_id=x", uStaff, ""), 422, "parent_id", ""},
		{"APIShow/IDNotNumber", api("GET", "/api/v1/congresses/1abc", uStaff, ""), 404, "", ""},
		{"APIShow/Unknown", api("GET", "/api/v1/congresses/424242", uStaff, ""), 404, "", ""},
		{"APIShowOrg/Unknown", api("GET", "/api/v1/organizations/424242", uStaff, ""), 404, "", ""},
		{"APIShowOrg/IDNotNumber", api("GET", "/api/v1/organizations/%20", uStaff, ""), 404, "", ""},
		{"API/UnknownRoute", api("GET", "/api/v1/nothing", uStaff, ""), 404, "", ""},
		// Pages: unknown ids.
		{"Page/UnknownCongress", req{method: http.MethodGet, path: "/congresses/424242", as: uStaff}, 404, "", "Không tìm thấy"},
		{"Page/CongressIDGarbage", req{method: http.MethodGet, path: "/congresses/12x", as: uStaff}, 404, "", ""},
		{"Page/EditUnknown", req{method: http.MethodGet, path: "/congresses/424242/edit", as: uSecKHCN}, 404, "", ""},
		{"Page/UnknownOrganization", req{method: http.MethodGet, path: "/organizations/424242", as: uStaff}, 404, "", ""},
		{"Page/UnknownFilterOrganization", req{method: http.MethodGet, path: "/congresses?organization_id=424242", as: uStaff}, 404, "", ""},
		{"Page/UnknownRoute", req{method: http.MethodGet, path: "/khong-co", as: uStaff}, 404, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.digest()
			w := f.do(c.r)
			if w.Code >= 500 || w.Code < 400 || w.Code != c.code {
				t.Fatalf("status %d, want %d\n%s", w.Code, c.code, shorten(w.Body.String(), 3000))
			}
			body := w.Body.String()
			if isAPI(httpReq(c.r.path)) {
				e := apiErr(t, w)
				if c.field != "" {
					if _, ok := e.Fields[c.field]; !ok {
						t.Errorf("fields %v lack %q (%s)", e.Fields, c.field, e.Message)
					}
				}
				if strings.Contains(body, "<html") {
					t.Error("API answered HTML")
				}
			} else {
				if !strings.Contains(w.Header().Get("Content-Type"), "text/html") {
					t.Errorf("page answered %q", w.Header().Get("Content-Type"))
				}
				if c.text != "" && !strings.Contains(htmlUnescape(body), c.text) {
					t.Errorf("page lacks %q\n%s", c.text, shorten(body, 4000))
				}
			}
			for _, leak := range []string{"goroutine", "sqlite3", "SQL", "panic", "runtime error"} {
				if strings.Contains(body, leak) {
					t.Errorf("answer leaks %q", leak)
				}
			}
			if after := f.digest(); after != before {
				t.Error("the record or the audit trail changed")
			}
		})
	}
}

// httpReq makes a request value only to classify a path with isAPI.
func httpReq(path string) *http.Request {
	u, _ := url.Parse(path)
	if u == nil {
		u = &url.URL{Path: path}
	}
	return &http.Request{URL: u}
}

// TestFormKeepsTyped checks that every field of a refused congress form comes back as typed.
func TestFormKeepsTyped(t *testing.T) {
	f := newFixture(t)
	form := with(validCongressForm(f.khcn, f.term25, 3), "present", "21", "place", `Hội trường "A" <b>`, "notes", "Dòng 1\nDòng 2",
		"exempt_absent", "một", "reported_on", "01/13/2025", "kind", "members")
	w := f.do(req{method: http.MethodPost, path: "/congresses", as: uSecKHCN, form: form})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", w.Code)
	}
	body := w.Body.String()
	for _, s := range []string{`value="21"`, `value="Hội trường &#34;A&#34; &lt;b&gt;"`, "Dòng 1\nDòng 2</textarea>", `value="một"`,
		`value="01/13/2025"`, `value="Nguyễn Văn Bình"`, `value="Đảng viên mới kết nạp"`, `value="Phó Bí thư"`,
		fmt.Sprintf(`<option value="%d" selected>`, f.khcn.ID), fmt.Sprintf(`<option value="%d" selected>2025 – 2030`, f.term25.ID),
		`<option value="directing" selected>`} {
		if !strings.Contains(body, s) {
			t.Errorf("form lacks %q", s)
		}
	}
	// Each message stands beside its field and in the summary.
	for _, s := range []string{"Số đảng viên chính thức có mặt (21) không được lớn hơn số được triệu tập (20).",
		"Đảng viên miễn công tác và sinh hoạt đảng, không dự đại hội phải là số nguyên", "Ngày báo cáo &#34;01/13/2025&#34;"} {
		if n := strings.Count(body, s); n < 2 {
			t.Errorf("%q appears %d times, want beside the field and in the summary", s, n)
		}
	}
}
