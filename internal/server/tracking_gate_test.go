package server

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
)

// TestTrackingGate: the report and decision forms check who may send them before reading them,
// so an empty or broken body from the wrong person is 403 (role) or 404 (scope), never a 422 about
// the form, and nothing changes.
func TestTrackingGate(t *testing.T) {
	f := newFixture(t)
	before := f.digest()
	for _, tc := range []struct {
		user, path string
		want       int
	}{
		{uAuditor, fmt.Sprintf("/congresses/%d/reported", f.cKHCN.ID), http.StatusForbidden},
		{uAuditor, fmt.Sprintf("/congresses/%d/decision", f.cKHCN.ID), http.StatusForbidden},
		{uSecKHCN, fmt.Sprintf("/congresses/%d/decision", f.cKHCN.ID), http.StatusForbidden},
		{uSecTC, fmt.Sprintf("/congresses/%d/reported", f.cKHCN.ID), http.StatusNotFound},
		{uSecCell, fmt.Sprintf("/congresses/%d/reported", f.cKHCN.ID), http.StatusNotFound},
		{uSecKHCN, "/congresses/999999/reported", http.StatusNotFound},
	} {
		if w := f.do(req{method: http.MethodPost, path: tc.path, as: tc.user, form: url.Values{}}); w.Code != tc.want {
			t.Errorf("form %s by %s: status %d, want %d", tc.path, tc.user, w.Code, tc.want)
		}
		if w := f.do(req{method: http.MethodPost, path: "/api/v1" + tc.path, bearer: tc.user, json: `{}`}); w.Code != tc.want {
			t.Errorf("API %s by %s: status %d, want %d", tc.path, tc.user, w.Code, tc.want)
		} else if e := apiErr(t, w); e.Code == "invalid" {
			t.Errorf("API %s by %s: answered about the body: %+v", tc.path, tc.user, e)
		}
	}
	if f.digest() != before {
		t.Fatal("a refused tracking write changed the record")
	}
	// The right person with an empty body still hears about the form.
	if w := f.do(req{method: http.MethodPost, path: fmt.Sprintf("/congresses/%d/reported", f.cKHCN.ID), as: uSecKHCN, form: url.Values{}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("the secretary's empty report form: status %d, want 422", w.Code)
	}
}
