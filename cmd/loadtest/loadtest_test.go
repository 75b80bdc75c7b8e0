package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"daihoi/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestLoadMix runs the whole mix for a few seconds against a server started on the engine under
// test, so that the load script keeps working: every request must get the answer it expects.
func TestLoadMix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts a server")
	}
	var log strings.Builder
	rep, err := Run(context.Background(), Config{Engine: testdb.Engine(), DB: testdb.DSN(t), Congresses: 60,
		Duration: 4 * time.Second, Staff: 20, Clerks: 8, Think: 100 * time.Millisecond, Log: &log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	rep.Print(os.Stdout)
	if rep.Errors() != 0 {
		t.Fatalf("%d requests failed", rep.Errors())
	}
	// Every kind of request of the mix was made at least once in the run.
	seen := map[string]bool{}
	for _, k := range rep.Kinds {
		seen[k.Name] = k.Count > 0
	}
	for _, want := range []string{"GET /congresses (list)", "GET /congresses/:id", "GET /organizations", "GET /reports (dashboard)",
		"POST /api/v1/rounds/:id/ballots", "GET /audit", "GET /api/v1/audit"} {
		if !seen[want] {
			t.Errorf("no %q in the run", want)
		}
	}
	if rep.Memory == nil || rep.Memory.PeakKB == 0 {
		t.Errorf("server memory not measured: %+v", rep.Memory)
	}
}
