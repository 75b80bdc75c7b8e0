package server

import (
	"net/http"
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
