package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
)

// Many reports at once, each walking more congresses than one batch, must all finish: each keeps
// its cursor open while it reads a batch's persons on a second connection, and with a cursor on
// every connection of the read pool they used to wait for each other for ever (cmd/loadtest froze
// the server with four Excel exports on a pool of four).
func TestConcurrentReportsDoNotExhaustThePool(t *testing.T) {
	s, _ := seededStore(t)
	ctx := context.Background()
	if err := demo.Generate(ctx, s, 450, 7, nil); err != nil {
		t.Fatal(err)
	}
	n := 3 * s.DB().R.Stats().MaxOpenConnections
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			rows := 0
			var err error
			if i%2 == 0 {
				err = s.IterCongressReport(ctx, congress.System, store.ReportFilter{}, func(*store.CongressReport) error {
					// Slow enough that every walk has its cursor open when the first batch is read.
					if rows++; rows < 50 {
						time.Sleep(2 * time.Millisecond)
					}
					return nil
				})
			} else {
				err = s.IterTargetsSummary(ctx, congress.System, store.ReportFilter{}, 0, func(*store.TargetsSummaryRow) error {
					if rows++; rows < 50 {
						time.Sleep(2 * time.Millisecond)
					}
					return nil
				})
			}
			if err == nil && rows < 450 {
				t.Errorf("walk %d saw %d congresses", i, rows)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("a report did not finish: %v", err)
		}
	}
}
