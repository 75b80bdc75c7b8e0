package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestExportsTakeTurns: with every export slot taken, a list report waits its turn and gives up
// with a 503 when its request ends, while one congress's report goes straight through; once a
// slot is free the list is served.
func TestExportsTakeTurns(t *testing.T) {
	f := newFixture(t)
	if cap(f.srv.exports) < 1 {
		t.Fatalf("no export slots: %d", cap(f.srv.exports))
	}
	for range cap(f.srv.exports) {
		f.srv.exports <- struct{}{}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	r := httptest.NewRequest(http.MethodGet, "/reports/congresses.xlsx", nil).WithContext(ctx)
	r.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.token(uStaff)})
	w := httptest.NewRecorder()
	start := time.Now()
	f.srv.Handler().ServeHTTP(w, r)
	if w.Code != http.StatusServiceUnavailable || time.Since(start) < 100*time.Millisecond {
		t.Fatalf("export with every slot taken: status %d after %v, want 503 after waiting", w.Code, time.Since(start))
	}
	if ct := w.Header().Get("Content-Type"); ct == reportMediaType {
		t.Fatal("a refused export started a workbook")
	}
	if w := f.get(uStaff, fmt.Sprintf("/congresses/%d/report.xlsx", f.cKHCN.ID)); w.Code != http.StatusOK {
		t.Fatalf("one congress's report waited behind the list exports: status %d", w.Code)
	}
	for range cap(f.srv.exports) {
		<-f.srv.exports
	}
	if w := f.get(uStaff, "/reports/congresses.xlsx"); w.Code != http.StatusOK || w.Header().Get("Content-Type") != reportMediaType {
		t.Fatalf("export with a free slot: status %d, type %q", w.Code, w.Header().Get("Content-Type"))
	}
	if len(f.srv.exports) != 0 {
		t.Fatalf("an export kept its slot after it ended: %d taken", len(f.srv.exports))
	}
}
