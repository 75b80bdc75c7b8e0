package server

import (
	"net/http"
	"net/url"
	"testing"
)

// Regression tests of the bugs the harness found, one per fix.

// TestHarnessFixStructureTargetsWithoutList: a PUT without "targets" used to read as an empty
// list and delete every guidance target of the term; it is refused and nothing changes.
func TestHarnessFixStructureTargetsWithoutList(t *testing.T) {
	f := newFixture(t)
	before := f.count("structure_targets")
	if before == 0 {
		t.Fatal("no guidance targets to lose")
	}
	for _, body := range []string{`{}`, `{"targets": null}`} {
		w := f.do(req{method: http.MethodPut, path: "/api/v1/reports/structure-targets", bearer: uAdmin, json: body})
		if w.Code != http.StatusUnprocessableEntity || apiErr(t, w).Fields["targets"] == "" {
			t.Errorf("%s: %d %s", body, w.Code, w.Body.String())
		}
	}
	if n := f.count("structure_targets"); n != before {
		t.Errorf("guidance targets: %d, were %d", n, before)
	}
}

// TestHarnessFixLoginControlCharacters: a user name with a NUL byte or invalid UTF-8 made
// PostgreSQL fail the lookup, a 500 at login; it is now an unknown user like any other.
func TestHarnessFixLoginControlCharacters(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":"thuky\u0000","password":"x"}`})
	if w.Code != http.StatusUnauthorized {
		t.Errorf("API: %d %s", w.Code, w.Body.String())
	}
	for _, name := range []string{"thuky\x00", "th\xffuky"} {
		w := f.do(req{method: http.MethodPost, path: "/login", form: url.Values{"username": {name}, "password": {"x"}}})
		if w.Code >= 500 {
			t.Errorf("page %q: %d", name, w.Code)
		}
	}
}
