package server

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// ballotLatency turns on the latency measurement of the ballot API, which takes a while and
// prints figures rather than checking much:
//
//	go test ./internal/server -run TestBallotLatency -ballot-latency -v
var ballotLatency = flag.Bool("ballot-latency", false, "measure ballot POST latency against /healthz")

// latencies is a set of timed requests.
type latencies []time.Duration

func (l latencies) pct(p float64) time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(float64(len(s)-1) * p)
	return s[i]
}

func (l latencies) String() string {
	return fmt.Sprintf("n=%d p50=%v p90=%v p99=%v max=%v", len(l), l.pct(.5), l.pct(.9), l.pct(.99), l.pct(1))
}

// timedLoad runs clerks workers, each sending per requests one after the other (a clerk waits
// for the answer before the next ballot), and returns every request's time.
func timedLoad(t *testing.T, clerks, per int, send func(worker, i int) (int, error), want int) latencies {
	t.Helper()
	var mu sync.Mutex
	var all latencies
	var wg sync.WaitGroup
	for w := 0; w < clerks; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			local := make(latencies, 0, per)
			for i := 0; i < per; i++ {
				start := time.Now()
				status, err := send(w, i)
				local = append(local, time.Since(start))
				if err != nil || status != want {
					t.Errorf("worker %d request %d: %d %v", w, i, status, err)
					return
				}
			}
			mu.Lock()
			all = append(all, local...)
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	return all
}

// Ballot POST latency with 4 concurrent clerks on loopback, next to /healthz under the same load
// in the same run. The goal is a ballot p99 within 3× the /healthz p99.
func TestBallotLatency(t *testing.T) {
	if !*ballotLatency {
		t.Skip("run with -ballot-latency to measure")
	}
	const clerks, per = 4, 500
	f := newFixture(t)
	cg := f.bigCongress(clerks*per*3 + per + 500)
	rv := f.mustBallotRound(roundSpec{cg: cg})
	ts := httptest.NewServer(f.srv.Handler())
	defer ts.Close()
	client := loopbackClient()
	token := f.token(uSecTC)
	ballots := ts.URL + ballotsURL(rv.ID)

	healthz := func(int, int) (int, error) {
		res, err := client.Get(ts.URL + "/healthz")
		if err != nil {
			return 0, err
		}
		res.Body.Close()
		return res.StatusCode, nil
	}
	post := func(w, i int) (int, error) {
		status, _, err := bearerCall(client, http.MethodPost, ballots, token, fmt.Appendf(nil, `{"slot": 1, "number": 0, "struck": [%d]}`, (w+i)%8+1))
		return status, err
	}
	// Warm up connections, the session cache of the driver and the page cache.
	timedLoad(t, clerks, 50, healthz, http.StatusOK)
	timedLoad(t, clerks, 50, post, http.StatusCreated)

	// One clerk alone: the cost of a ballot without waiting for the others' writes.
	t.Logf("one clerk:   /healthz      %v", timedLoad(t, 1, per, healthz, http.StatusOK))
	t.Logf("one clerk:   POST ballots  %v", timedLoad(t, 1, per, post, http.StatusCreated))

	// Phases: /healthz alone, ballots alone, /healthz again.
	h1 := timedLoad(t, clerks, per, healthz, http.StatusOK)
	b := timedLoad(t, clerks, per, post, http.StatusCreated)
	h2 := timedLoad(t, clerks, per, healthz, http.StatusOK)
	h := append(h1, h2...)
	t.Logf("phases:      /healthz      %v", h)
	t.Logf("phases:      POST ballots  %v", b)
	t.Logf("phases:      p99 ratio ballot / healthz = %.2f (goal ≤ 3)", float64(b.pct(.99))/float64(h.pct(.99)))

	// Interleaved: each clerk alternates a ballot and a /healthz, so both see the same load on the
	// machine (a shared machine's other work moves both alike).
	var mu sync.Mutex
	var hi, bi latencies
	timedLoad(t, clerks, per, func(w, i int) (int, error) {
		start := time.Now()
		status, err := post(w, i)
		d := time.Since(start)
		if err != nil || status != http.StatusCreated {
			return status, err
		}
		start = time.Now()
		hs, err := healthz(w, i)
		mu.Lock()
		bi, hi = append(bi, d), append(hi, time.Since(start))
		mu.Unlock()
		if hs == http.StatusOK {
			hs = http.StatusCreated
		}
		return hs, err
	}, http.StatusCreated)
	t.Logf("interleaved: /healthz      %v", hi)
	t.Logf("interleaved: POST ballots  %v", bi)
	t.Logf("interleaved: p99 ratio ballot / healthz = %.2f (goal ≤ 3)", float64(bi.pct(.99))/float64(hi.pct(.99)))
}
