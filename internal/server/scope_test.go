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

// TestScope: for each user, every congress and organization outside their subtree answers 404
// in pages and API alike, for reads and writes; those inside answer 200.
func TestScope(t *testing.T) {
	f := newFixture(t)
	all := map[string]*congress.Congress{"khoi": f.cKhoi, "khcn": f.cKHCN, "tc": f.cTC, "cell": f.cCell}
	orgs := map[string]*congress.Organization{"khoi": f.khoi, "khcn": f.khcn, "tc": f.tc, "cell": f.cell}
	visible := map[string]map[string]bool{
		uAdmin:   {"khoi": true, "khcn": true, "tc": true, "cell": true},
		uStaff:   {"khoi": true, "khcn": true, "tc": true, "cell": true},
		uAuditor: {"khoi": true, "khcn": true, "tc": true, "cell": true},
		uSecKHCN: {"khcn": true, "cell": true},
		uSecTC:   {"tc": true},
		uSecCell: {"cell": true},
	}
	before := f.digest()
	for user, sees := range visible {
		writer := f.users[user].CanWriteCongress()
		for name, c := range all {
			want := http.StatusNotFound
			if sees[name] {
				want = http.StatusOK
			}
			type check struct {
				what string
				r    req
				want int
			}
			checks := []check{
				{"page", req{method: http.MethodGet, path: fmt.Sprintf("/congresses/%d", c.ID), as: user}, want},
				{"api", req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses/%d", c.ID), bearer: user}, want},
				{"org page", req{method: http.MethodGet, path: fmt.Sprintf("/organizations/%d", orgs[name].ID), as: user}, want},
				{"org api", req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/organizations/%d", orgs[name].ID), bearer: user}, want},
				{"list filter", req{method: http.MethodGet, path: fmt.Sprintf("/congresses?organization_id=%d", orgs[name].ID), as: user}, want},
				{"api list filter", req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses?organization_id=%d", orgs[name].ID), bearer: user}, want},
			}
			if writer && !sees[name] {
				// Writes outside the scope: not found, before anything is read from the body.
				checks = append(checks,
					check{"edit page", req{method: http.MethodGet, path: fmt.Sprintf("/congresses/%d/edit", c.ID), as: user}, 404},
					check{"form post", req{method: http.MethodPost, path: fmt.Sprintf("/congresses/%d", c.ID), as: user,
						form: with(validCongressForm(orgs[name], f.term20, c.Ordinal), "version", "1")}, 404},
					check{"api put", req{method: http.MethodPut, path: fmt.Sprintf("/api/v1/congresses/%d", c.ID), bearer: user,
						json: mustJSON(validCongressJSON(orgs[name], f.term20, c.Ordinal), "version", 1)}, 404},
				)
			}
			for _, ch := range checks {
				if w := f.do(ch.r); w.Code != ch.want {
					t.Errorf("%s → %s congress of %s: %d, want %d", user, ch.what, name, w.Code, ch.want)
				}
			}
		}
		// Lists show exactly the congresses in scope.
		w := f.do(req{method: http.MethodGet, path: "/api/v1/congresses?limit=500", bearer: user})
		var got struct {
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
			Total int `json:"total"`
		}
		json.Unmarshal(w.Body.Bytes(), &got)
		if got.Total != len(sees) || len(got.Items) != len(sees) {
			t.Errorf("%s lists %d congresses, sees %d", user, got.Total, len(sees))
		}
		for _, it := range got.Items {
			found := false
			for name, c := range all {
				if c.ID == it.ID && sees[name] {
					found = true
				}
			}
			if !found {
				t.Errorf("%s lists congress %d outside the scope", user, it.ID)
			}
		}
		w = f.do(req{method: http.MethodGet, path: "/api/v1/organizations", bearer: user})
		var orgList struct {
			Items []congress.Organization `json:"items"`
		}
		json.Unmarshal(w.Body.Bytes(), &orgList)
		if len(orgList.Items) != len(sees) {
			t.Errorf("%s lists %d organizations, sees %d", user, len(orgList.Items), len(sees))
		}
	}
	if f.digest() != before {
		t.Error("scope checks changed something")
	}
}

// TestRoles: staff and auditors change nothing; their writes are 403 before the input is read.
func TestRoles(t *testing.T) {
	f := newFixture(t)
	show := fmt.Sprintf("/congresses/%d", f.cKHCN.ID)
	for _, user := range []string{uStaff, uAuditor} {
		before := f.digest()
		for _, r := range []req{
			{method: http.MethodGet, path: "/congresses/new", as: user},
			{method: http.MethodGet, path: show + "/edit", as: user},
			{method: http.MethodPost, path: "/congresses", as: user, form: validCongressForm(f.khcn, f.term25, 3)},
			{method: http.MethodPost, path: "/congresses", as: user, form: url.Values{"ordinal": {"x"}}},
			{method: http.MethodPost, path: show, as: user, form: with(validCongressForm(f.khcn, f.term20, 2), "version", "1")},
			{method: http.MethodPost, path: "/organizations", as: user, form: url.Values{"parent_id": {fmt.Sprint(f.khcn.ID)}, "kind": {"cell"}, "name": {"x"}}},
			{method: http.MethodPost, path: fmt.Sprintf("/organizations/%d", f.khcn.ID), as: user, form: url.Values{"version": {"1"}, "kind": {"grassroots"}, "name": {"x"}}},
			{method: http.MethodPost, path: "/terms", as: user, form: url.Values{"start_year": {"2030"}, "end_year": {"2035"}}},
			{method: http.MethodPost, path: "/api/v1/congresses", bearer: user, json: mustJSON(validCongressJSON(f.khcn, f.term25, 3))},
			{method: http.MethodPost, path: "/api/v1/congresses", bearer: user, json: `{"broken":`},
			{method: http.MethodPut, path: "/api/v1" + show, bearer: user, json: mustJSON(validCongressJSON(f.khcn, f.term20, 2), "version", 1)},
			{method: http.MethodPost, path: "/api/v1/organizations", bearer: user, json: fmt.Sprintf(`{"parent_id":%d,"kind":"cell","name":"x"}`, f.khcn.ID)},
		} {
			w := f.do(r)
			if w.Code != http.StatusForbidden {
				t.Errorf("%s %s %s: %d, want 403", user, r.method, r.path, w.Code)
			}
			if isAPI(httpReq(r.path)) && apiErr(t, w).Code != congress.EFORBIDDEN {
				t.Errorf("%s %s: code %s", user, r.path, apiErr(t, w).Code)
			}
		}
		if f.digest() != before {
			t.Errorf("%s changed something", user)
		}
	}
	// Secretaries manage congresses, not the tree or the terms.
	for _, r := range []req{
		{method: http.MethodPost, path: "/organizations", as: uSecKHCN, form: url.Values{"parent_id": {fmt.Sprint(f.khcn.ID)}, "kind": {"cell"}, "name": {"x"}}},
		{method: http.MethodPost, path: "/terms", as: uSecKHCN, form: url.Values{"start_year": {"2030"}, "end_year": {"2035"}}},
		{method: http.MethodPost, path: "/api/v1/organizations", bearer: uSecKHCN, json: fmt.Sprintf(`{"parent_id":%d,"kind":"cell","name":"x"}`, f.khcn.ID)},
	} {
		if w := f.do(r); w.Code != http.StatusForbidden {
			t.Errorf("secretary %s %s: %d", r.method, r.path, w.Code)
		}
	}
}

// TestAdminTree: the admin adds and renames organizations and adds terms, from the pages and the API.
func TestAdminTree(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodPost, path: "/organizations", as: uAdmin,
		form: url.Values{"parent_id": {fmt.Sprint(f.khcn.ID)}, "kind": {"cell"}, "name": {"Chi bộ Văn phòng"}, "place": {"Đồng Tháp"}}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != fmt.Sprintf("/organizations/%d", f.khcn.ID) {
		t.Fatalf("add: %d %s", w.Code, w.Body.String())
	}
	w = f.do(req{method: http.MethodPost, path: fmt.Sprintf("/organizations/%d", f.cell.ID), as: uAdmin,
		form: url.Values{"version": {"1"}, "kind": {"cell"}, "name": {"Chi bộ Phòng Quản lý khoa học và công nghệ"}}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", w.Code, w.Body.String())
	}
	// The rename reaches the search text of its congresses.
	page := f.get(uStaff, "/congresses?q="+url.QueryEscape("quan ly khoa hoc va cong nghe")).Body.String()
	if !strings.Contains(page, fmt.Sprintf(`href="/congresses/%d"`, f.cCell.ID)) {
		t.Error("renamed organization not found by search")
	}
	w = f.do(req{method: http.MethodPost, path: "/terms", as: uAdmin, form: url.Values{"start_year": {"2030"}, "end_year": {"2035"}}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("term: %d %s", w.Code, w.Body.String())
	}
	w = f.do(req{method: http.MethodPost, path: "/api/v1/organizations", bearer: uAdmin,
		json: fmt.Sprintf(`{"parent_id":%d,"kind":"grassroots","name":"Đảng bộ Sở Y tế","place":"Đồng Tháp"}`, f.khoi.ID)})
	if w.Code != http.StatusCreated {
		t.Fatalf("api add: %d %s", w.Code, w.Body.String())
	}
	w = f.do(req{method: http.MethodGet, path: "/api/v1/organizations?q=so+y+te", bearer: uStaff})
	var got struct {
		Items []congress.Organization `json:"items"`
	}
	json.Unmarshal(w.Body.Bytes(), &got)
	if len(got.Items) != 1 || got.Items[0].Name != "Đảng bộ Sở Y tế" {
		t.Errorf("api search: %s", w.Body.String())
	}
	w = f.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/organizations?parent_id=%d", f.khoi.ID), bearer: uStaff})
	json.Unmarshal(w.Body.Bytes(), &got)
	if len(got.Items) != 3 {
		t.Errorf("children of the Khối: %d", len(got.Items))
	}
	w = f.do(req{method: http.MethodGet, path: "/api/v1/terms", bearer: uStaff})
	var terms struct {
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	json.Unmarshal(w.Body.Bytes(), &terms)
	if len(terms.Items) != 3 || terms.Items[0].Name != "2030 – 2035" {
		t.Errorf("terms: %s", w.Body.String())
	}
}
