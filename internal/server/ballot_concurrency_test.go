package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"daihoi/internal/congress"
)

// bigCongress adds a congress of the Sở Tài chính with enough members present for thousands of
// ballots in one round.
func (f *fixture) bigCongress(present int) *congress.Congress {
	f.t.Helper()
	cg := &congress.Congress{OrganizationID: f.tc.ID, TermID: f.term25.ID, Ordinal: 6, Kind: congress.CongressMembers,
		Ruleset: congress.Ruleset190, HeldOn: "2025-06-10", State: congress.StateHeld,
		Attendance: congress.Attendance{Convened: present + 20, Present: present, AbsentWithReason: 20}}
	if err := f.store.CreateCongress(context.Background(), congress.System, cg); err != nil {
		f.t.Fatal(err)
	}
	return cg
}

// loopbackClient is a client for a test server that keeps a connection per worker.
func loopbackClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, MaxConnsPerHost: 64}}
}

// bearerCall sends one JSON request with a bearer token and returns the status and body.
func bearerCall(c *http.Client, method, url, token string, body []byte) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	r, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	r.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// Eight clerks post 500 ballots each into one round at the same time, letting the server number
// them: every acknowledged ballot is stored exactly once, and nothing else is.
func TestBallotConcurrency(t *testing.T) {
	if testing.Short() {
		t.Skip("4 000 ballots through HTTP")
	}
	const workers, each = 8, 500
	f := newFixture(t)
	cg := f.bigCongress(workers*each + 100)
	rv := f.mustBallotRound(roundSpec{cg: cg})
	ts := httptest.NewServer(f.srv.Handler())
	defer ts.Close()
	client := loopbackClient()
	url := ts.URL + ballotsURL(rv.ID)
	token := f.token(uSecTC)

	var mu sync.Mutex
	acked := map[int]int{} // number → struck position
	var failures []string
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				pos := (w+i)%8 + 1
				status, body, err := bearerCall(client, http.MethodPost, url, token, fmt.Appendf(nil, `{"slot": 1, "number": 0, "struck": [%d]}`, pos))
				mu.Lock()
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case status != http.StatusCreated:
					failures = append(failures, fmt.Sprintf("%d %s", status, body))
				default:
					var b ballotJSON
					if err := json.Unmarshal(body, &b); err != nil {
						failures = append(failures, err.Error())
					} else if _, dup := acked[b.Number]; dup {
						failures = append(failures, fmt.Sprintf("number %d acknowledged twice", b.Number))
					} else {
						acked[b.Number] = pos
					}
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d failures, first: %s", len(failures), failures[0])
	}
	if len(acked) != workers*each {
		t.Fatalf("acknowledged %d", len(acked))
	}
	var numbers []int
	if err := f.db.R.Select(&numbers, `SELECT number FROM ballots WHERE round_id = ? AND slot = 1 ORDER BY number`, rv.ID); err != nil {
		t.Fatal(err)
	}
	want := make([]int, workers*each)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(numbers, want) {
		t.Fatalf("stored %d ballots, numbered %v…", len(numbers), numbers[:min(10, len(numbers))])
	}
	// The stored count agrees with what the clerks were told.
	rc, _, err := f.store.CountRound(context.Background(), f.users[uSecTC], rv.ID)
	if err != nil || rc.Tally == nil {
		t.Fatalf("count: %v %v", err, rc.Problem)
	}
	votes := make([]int, 8)
	for _, pos := range acked {
		for p := 1; p <= 8; p++ {
			if p != pos {
				votes[p-1]++
			}
		}
	}
	if !slices.Equal(rc.Tally.Votes, votes) || rc.Tally.Valid != workers*each {
		t.Errorf("tally %v valid %d, acknowledged %v", rc.Tally.Votes, rc.Tally.Valid, votes)
	}
}
