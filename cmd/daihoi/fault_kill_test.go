package main

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"daihoi/db"
	"daihoi/internal/testdb"
)

// kill -9 of the server while four clerks enter ballots, 20 times at random moments, a third of
// them just after a round's close was sent: after each restart every acknowledged ballot and close
// is there, no round is half-closed, SQLite's integrity check passes and `daihoi verify` too.
// The database is the same across the runs, so each restart also recovers the last crash's WAL.
func TestFaultKillDuringBallotEntry(t *testing.T) {
	testdb.SQLiteOnly(t) // kills the process that holds a SQLite file; PostgreSQL recovers on its own
	const runs, clerks = 20, 4
	bin := buildDaihoi(t)
	fd := newFaultDB(t, filepath.Join(t.TempDir(), "daihoi.db"), runs)
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 8))
	t.Logf("random seed %d", seed)

	acked := map[ballotKey]int{} // acknowledged ballot → the position it struck
	closed := map[int64]bool{}   // rounds whose close was acknowledged
	var token string
	var totalUnacked, closesSent, requests int
	start := time.Now()
	for run := 0; run < runs; run++ {
		srv := startServer(t, bin, fd.Path)
		c := newFaultClient(srv.URL)
		if token == "" {
			c.login(t)
			token = c.token
		} else {
			c.token = token // the session, acknowledged before a crash, survives it
		}
		// What the previous crash left, checked while the restarted server runs.
		totalUnacked += checkDatabase(t, bin, fd.Path, acked, closed, fd.Rounds)
		if t.Failed() {
			t.Fatalf("run %d: the restart after a kill lost data\n%s", run, srv.Logs())
		}

		round := fd.Rounds[run]
		var mu sync.Mutex
		var sent atomic.Int64
		var wg sync.WaitGroup
		for w := 0; w < clerks; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				cl := newFaultClient(srv.URL)
				cl.token = token
				for i := 0; ; i++ {
					pos := (w+i)%len(faultNames) + 1
					sent.Add(1)
					status, number, body, err := cl.addBallot(round, pos)
					switch {
					case err != nil: // the server is gone
						return
					case status == http.StatusCreated:
						mu.Lock()
						acked[ballotKey{round, number}] = pos
						mu.Unlock()
					case status == http.StatusConflict: // the round was closed
						return
					default:
						t.Errorf("run %d: ballot answered %d %s", run, status, body)
						return
					}
				}
			}(w)
		}
		wait := time.Duration(100+r.IntN(700)) * time.Millisecond
		closing := run%3 == 2
		time.Sleep(wait)
		if closing {
			// The close is a longer transaction (it counts every ballot, writes the result,
			// the minutes' number and the audit row): the kill lands in it or just around it.
			closesSent++
			go func() {
				status, body, err := c.do(http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/close", round), nil)
				if err == nil && status == http.StatusOK {
					mu.Lock()
					closed[round] = true
					mu.Unlock()
				} else if err == nil {
					t.Errorf("run %d: close answered %d %s", run, status, body)
				}
			}()
			// A close takes a few milliseconds under the clerks' load: killing within 30 ms lands
			// before it, in it, and after its commit but before its answer.
			time.Sleep(time.Duration(r.IntN(30000)) * time.Microsecond)
		}
		srv.kill()
		wg.Wait()
		requests += int(sent.Load())
		if t.Failed() {
			t.Fatalf("run %d\n%s", run, srv.Logs())
		}
	}
	// The last crash, recovered by one more start; then a clean stop.
	srv := startServer(t, bin, fd.Path)
	totalUnacked += checkDatabase(t, bin, fd.Path, acked, closed, fd.Rounds)
	c := newFaultClient(srv.URL)
	c.token = token
	open := -1
	for i, id := range fd.Rounds {
		if !closed[id] {
			open = i
			break
		}
	}
	if open >= 0 {
		if status, _, body, err := c.addBallot(fd.Rounds[open], 1); err != nil || status != http.StatusCreated {
			t.Fatalf("a ballot after the last restart: %d %v %s", status, err, body)
		}
	}
	if code := srv.stop(t); code != 0 {
		t.Fatalf("the server stopped with exit %d\n%s", code, srv.Logs())
	}
	closedInDB := countClosed(t, fd.Path, fd.Rounds)
	t.Logf("kill -9: %d runs (%d of them right after a round's close was sent: %d closes acknowledged, %d rounds closed) in %v; %d ballot requests, %d ballots acknowledged, 0 lost, %d stored whose answer the kill cut off; 0 half-closed rounds; integrity_check ok and daihoi verify exit 0 after every restart",
		runs, closesSent, len(closed), closedInDB, time.Since(start).Round(time.Millisecond), requests, len(acked), totalUnacked)
}

// countClosed counts the closed rounds among rounds.
func countClosed(t *testing.T, path string, rounds []int64) int {
	t.Helper()
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	n := 0
	for _, id := range rounds {
		var c bool
		if err := d.R.Get(&c, `SELECT closed FROM rounds WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if c {
			n++
		}
	}
	return n
}
