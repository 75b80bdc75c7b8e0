package main

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// stats collects every request's latency per kind.
type stats struct {
	mu    sync.Mutex
	kinds map[string]*kindStats
}

type kindStats struct {
	durs    []time.Duration
	bytes   int64
	errors  int
	samples []string
}

func newStats() *stats { return &stats{kinds: map[string]*kindStats{}} }

func (s *stats) add(kind string, d time.Duration, n int64, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := s.kinds[kind]
	if k == nil {
		k = &kindStats{}
		s.kinds[kind] = k
	}
	k.durs = append(k.durs, d)
	k.bytes += n
	if err != nil {
		k.errors++
		if len(k.samples) < 3 {
			k.samples = append(k.samples, err.Error())
		}
	}
}

// Kind is the figures of one kind of request.
type Kind struct {
	Name        string
	Count       int
	PerSecond   float64
	P50, P99    time.Duration
	Max         time.Duration
	MeanBytes   int64
	Errors      int
	ErrorSample []string
}

// Report is the outcome of a run.
type Report struct {
	Engine        string
	Congresses    int
	Staff, Clerks int
	Elapsed       time.Duration
	Kinds         []Kind
	Total         Kind
	Memory        *Memory
}

// Errors counts the failed requests of the run.
func (r *Report) Errors() int { return r.Total.Errors }

func (s *stats) report(elapsed time.Duration, staff, clerks int) *Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &Report{Elapsed: elapsed, Staff: staff, Clerks: clerks, Total: Kind{Name: "all"}}
	var all []time.Duration
	for name, k := range s.kinds {
		r.Kinds = append(r.Kinds, summarize(name, k.durs, k.bytes, k.errors, k.samples, elapsed))
		all = append(all, k.durs...)
		r.Total.Errors += k.errors
	}
	sort.Slice(r.Kinds, func(i, j int) bool { return r.Kinds[i].Count > r.Kinds[j].Count })
	total := summarize("all", all, 0, r.Total.Errors, nil, elapsed)
	total.MeanBytes = 0
	r.Total = total
	return r
}

func summarize(name string, durs []time.Duration, bytes int64, errors int, samples []string, elapsed time.Duration) Kind {
	k := Kind{Name: name, Count: len(durs), Errors: errors, ErrorSample: samples}
	if len(durs) == 0 {
		return k
	}
	d := slices.Clone(durs)
	slices.Sort(d)
	k.P50 = d[(len(d)-1)*50/100]
	k.P99 = d[(len(d)-1)*99/100]
	k.Max = d[len(d)-1]
	k.PerSecond = float64(len(d)) / elapsed.Seconds()
	k.MeanBytes = bytes / int64(len(d))
	return k
}

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

// Print writes the report as a table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\nengine %s, %d congresses, %d staff, %d clerks, 1 auditor, %.1fs\n\n", r.Engine, r.Congresses, r.Staff, r.Clerks, r.Elapsed.Seconds())
	width := len("kind")
	for _, k := range r.Kinds {
		width = max(width, len(k.Name))
	}
	line := func(k Kind) {
		fmt.Fprintf(w, "%-*s %8d %8.1f %9s %9s %9s %9s %6d\n", width, k.Name, k.Count, k.PerSecond, ms(k.P50), ms(k.P99), ms(k.Max),
			kb(k.MeanBytes), k.Errors)
	}
	fmt.Fprintf(w, "%-*s %8s %8s %9s %9s %9s %9s %6s\n", width, "kind", "count", "req/s", "p50 ms", "p99 ms", "max ms", "mean kB", "errors")
	fmt.Fprintln(w, strings.Repeat("-", width+65))
	for _, k := range r.Kinds {
		line(k)
	}
	fmt.Fprintln(w, strings.Repeat("-", width+65))
	line(r.Total)
	if m := r.Memory; m != nil {
		fmt.Fprintf(w, "\nserver RSS (/proc): %.1f MB at start, %.1f MB peak, %.1f MB at end; VmHWM %.1f MB (setup included)\n",
			float64(m.StartKB)/1024, float64(m.PeakKB)/1024, float64(m.EndKB)/1024, float64(m.HighWaterKB)/1024)
		fmt.Fprintln(w, "Go runtime figures: the server does not expose them (no expvar or pprof route).")
	} else {
		fmt.Fprintln(w, "\nserver memory: not measured (a running server given by --url)")
	}
	for _, k := range r.Kinds {
		for _, s := range k.ErrorSample {
			fmt.Fprintf(w, "error %s: %s\n", k.Name, s)
		}
	}
}

func kb(n int64) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(n)/1024)
}
