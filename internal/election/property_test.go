package election

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// genRound makes a consistent random round. Votes come from simulated ballots (each valid ballot
// keeps between one name and the seats), so every consistency check holds; small numbers and a
// forced equal pair make ties at the last seat and near the threshold common.
func genRound(r *rand.Rand) Request {
	req := Request{Ruleset: []string{RulesetQD190, RulesetQD244, ""}[r.IntN(3)], Seats: 1 + r.IntN(8)}
	if r.IntN(2) == 0 {
		req.CongressKind = KindMembers
		req.Base.Convened = 1 + r.IntN(120)
		rest := req.Base.Convened - 1
		take := func() int {
			if rest <= 0 || r.IntN(3) > 0 {
				return 0
			}
			n := r.IntN(min(rest, 5) + 1)
			rest -= n
			return n
		}
		req.Base.TemporarilyAttachedAbsent, req.Base.ExemptAbsent, req.Base.Suspended, req.Base.AbsentWithReason = take(), take(), take(), take()
	} else {
		req.CongressKind = KindDelegates
		req.Base.Convened = 1 + r.IntN(300)
		rest := req.Base.Convened - 1
		req.Base.CommitteeAbsent = r.IntN(min(rest, 3) + 1)
		rest -= req.Base.CommitteeAbsent
		req.Base.AbsentNotReplaced = r.IntN(min(rest, 5) + 1)
	}
	base, _ := Base(req.CongressKind, req.Base)
	present := base - r.IntN(base/4+1)
	if r.IntN(10) == 0 { // a few rounds with more present than the base counts (a warning)
		present = min(req.Base.Convened, base+r.IntN(3))
	}
	if r.IntN(4) > 0 {
		req.Present = &present
	}
	issued := present - r.IntN(2)
	issued = max(issued, 0)
	collected := issued - r.IntN(2)
	collected = max(collected, 0)
	invalid := r.IntN(min(collected, 3) + 1)
	req.Ballots = BallotTotals{Issued: issued, Collected: collected, Valid: collected - invalid, Invalid: invalid}

	n := 1 + r.IntN(12)
	votes := make([]int, n)
	weights := make([]int, n)
	for i := range weights {
		weights[i] = 1 + r.IntN(10)
	}
	valid := req.Ballots.Valid
	if r.IntN(2) == 0 {
		for b := 0; b < valid; b++ {
			k := 1 + r.IntN(min(req.Seats, n))
			for _, i := range pickWeighted(r, weights, k) {
				votes[i]++
			}
		}
	} else {
		// Votes drawn from a few levels around the threshold: ties at the last seat are common.
		th := Threshold(base)
		levels := make([]int, 1+r.IntN(3))
		for i := range levels {
			levels[i] = min(valid, max(0, th-2+r.IntN(max(valid-th+3, 1))))
		}
		for i := range votes {
			votes[i] = levels[r.IntN(len(levels))]
		}
	}
	sum := 0
	for _, v := range votes {
		sum += v
	}
	for i := 0; sum > valid*req.Seats; i = (i + 1) % n { // bring the figures back to consistency
		d := min(votes[i], sum-valid*req.Seats)
		votes[i] -= d
		sum -= d
	}
	if n > 1 && r.IntN(2) == 0 { // force a tie, where the figures allow it
		i, j := r.IntN(n), r.IntN(n)
		if d := votes[i] - votes[j]; i != j && sum+d <= req.Ballots.Valid*req.Seats {
			votes[j] = votes[i]
		}
	}
	order := r.Perm(n) // names in a random order: list order must not depend on request order
	for i, v := range votes {
		req.Candidates = append(req.Candidates, CandidateVotes{Name: person(order[i]), Votes: v})
	}
	return req
}

// pickWeighted picks k distinct indices, each with probability proportional to its weight.
func pickWeighted(r *rand.Rand, weights []int, k int) []int {
	w := slices.Clone(weights)
	out := make([]int, 0, k)
	for len(out) < k {
		total := 0
		for _, x := range w {
			total += x
		}
		if total == 0 {
			break
		}
		p := r.IntN(total)
		for i, x := range w {
			if p < x {
				out = append(out, i)
				w[i] = 0
				break
			}
			p -= x
		}
	}
	return out
}

// reference computes who is elected and who goes to a runoff by walking the vote levels from the
// top: an independent formulation of rule 4 to compare Count against.
func reference(votes map[string]int, seats, threshold int) (elected map[string]bool, runoff map[string]bool, runoffSeats, vacant int) {
	elected, runoff = map[string]bool{}, map[string]bool{}
	levels := []int{}
	for _, v := range votes {
		if v >= threshold && !slices.Contains(levels, v) {
			levels = append(levels, v)
		}
	}
	slices.Sort(levels)
	slices.Reverse(levels)
	left := seats
	for _, level := range levels {
		var group []string
		for n, v := range votes {
			if v == level {
				group = append(group, n)
			}
		}
		if len(group) <= left {
			for _, n := range group {
				elected[n] = true
			}
			left -= len(group)
			continue
		}
		if left > 0 {
			for _, n := range group {
				runoff[n] = true
			}
			runoffSeats, left = left, 0
		}
		break
	}
	return elected, runoff, runoffSeats, left
}

func votesOf(res Result) map[string]int {
	m := map[string]int{}
	for _, c := range res.Candidates {
		m[c.Name] = c.Votes
	}
	return m
}

func statusOf(res Result, name string) string {
	for _, c := range res.Candidates {
		if c.Name == name {
			return c.Status
		}
	}
	return ""
}

// withVotes returns a copy of req with one candidate's votes changed by delta, and whether the
// changed round is still consistent.
func withVotes(req Request, name string, delta int) (Request, bool) {
	out := req
	out.Candidates = slices.Clone(req.Candidates)
	sum := 0
	for i := range out.Candidates {
		if out.Candidates[i].Name == name {
			out.Candidates[i].Votes += delta
			if v := out.Candidates[i].Votes; v < 0 || v > out.Ballots.Valid {
				return out, false
			}
		}
		sum += out.Candidates[i].Votes
	}
	return out, sum <= out.Ballots.Valid*out.Seats
}

// TestProperties checks rules 2, 4 and 5 over many generated rounds.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2020, 2025))
	rounds := 4000
	if testing.Short() {
		rounds = 500
	}
	seen := map[string]int{}
	for i := 0; i < rounds; i++ {
		req := genRound(r)
		res := mustCount(t, req) // the invariants of every result

		// Rule 4 against an independent formulation.
		el, ro, roSeats, vacant := reference(votesOf(res), req.Seats, res.Threshold)
		gotEl := map[string]bool{}
		for _, n := range res.Elected {
			gotEl[n] = true
		}
		gotRo := map[string]bool{}
		gotRoSeats := 0
		if res.Runoff != nil {
			gotRoSeats = res.Runoff.Seats
			for _, n := range res.Runoff.Candidates {
				gotRo[n] = true
			}
			seen["runoff"]++
		}
		if res.VacantSeats > 0 {
			seen["vacant"]++
		}
		if !reflect.DeepEqual(el, gotEl) || !reflect.DeepEqual(ro, gotRo) || roSeats != gotRoSeats || vacant != res.VacantSeats {
			t.Fatalf("round %d differs from the reference\nrequest %+v\nresult %+v\nreference elected %v runoff %v (%d) vacant %d", i, req, res, el, ro, roSeats, vacant)
		}

		// The order the request lists the candidates in changes nothing.
		shuffled := req
		shuffled.Candidates = slices.Clone(req.Candidates)
		r.Shuffle(len(shuffled.Candidates), func(a, b int) {
			shuffled.Candidates[a], shuffled.Candidates[b] = shuffled.Candidates[b], shuffled.Candidates[a]
		})
		if res2 := mustCount(t, shuffled); !reflect.DeepEqual(res, res2) {
			t.Fatalf("request order changed the result\n%+v\n%+v", res, res2)
		}

		for _, c := range res.Candidates {
			switch c.Status {
			case StatusElected:
				// One more vote for an elected candidate never un-elects them.
				if more, ok := withVotes(req, c.Name, 1); ok {
					if st := statusOf(mustCount(t, more), c.Name); st != StatusElected {
						t.Fatalf("one more vote un-elected %s (%s)\n%+v", c.Name, st, more)
					}
					seen["more-elected"]++
				}
			case StatusRunoff:
				// One more vote for a tied candidate breaks the tie in their favour.
				if more, ok := withVotes(req, c.Name, 1); ok {
					if st := statusOf(mustCount(t, more), c.Name); st != StatusElected {
						t.Fatalf("one more vote for tied %s gave %s\n%+v", c.Name, st, more)
					}
					seen["more-runoff"]++
				}
			}
			if c.Status != StatusElected && c.Votes > 0 {
				// One vote fewer for someone not elected never un-elects anybody.
				if fewer, ok := withVotes(req, c.Name, -1); ok {
					res2 := mustCount(t, fewer)
					for _, e := range res.Elected {
						if statusOf(res2, e) != StatusElected {
							t.Fatalf("one vote fewer for %s un-elected %s\n%+v", c.Name, e, fewer)
						}
					}
					seen["fewer"]++
				}
			}
		}

		// A smaller base (one more accepted absence) never un-elects anybody: it only lowers the
		// threshold for those below everybody already elected.
		if res.Base > 1 {
			smaller := req
			if req.CongressKind == KindMembers {
				smaller.Base.AbsentWithReason++
			} else {
				smaller.Base.AbsentNotReplaced++
			}
			res2 := mustCount(t, smaller)
			for _, e := range res.Elected {
				if statusOf(res2, e) != StatusElected {
					t.Fatalf("a smaller base un-elected %s\n%+v", e, smaller)
				}
			}
		}
	}
	// The generator must actually reach the interesting cases.
	for _, k := range []string{"runoff", "vacant", "more-elected", "more-runoff", "fewer"} {
		if seen[k] == 0 {
			t.Errorf("generator never produced case %q", k)
		}
	}
	t.Logf("cases reached: %v", seen)
}

// TestPropertyTally: counting ballots one by one agrees with a naive count, and a tally always
// makes a consistent request.
func TestPropertyTally(t *testing.T) {
	r := rand.New(rand.NewPCG(28, 5))
	for i := 0; i < 500; i++ {
		n := 1 + r.IntN(10)
		seats := 1 + r.IntN(n)
		cands := make([]string, n)
		for j := range cands {
			cands[j] = person(j)
		}
		list := ListSurplus
		if r.IntN(2) == 0 {
			list = ListAgreeDisagree
		}
		ballots := make([]Ballot, r.IntN(60))
		want := make([]int, n)
		valid := 0
		for b := range ballots {
			var bl Ballot
			if list == ListSurplus {
				bl.Kept = r.Perm(n)[:r.IntN(n+1)]
			} else {
				bl.Marks = make([]Mark, n)
				for j := range bl.Marks {
					bl.Marks[j] = Mark(r.IntN(4))
				}
			}
			if r.IntN(15) == 0 {
				bl.Invalid = ReasonNotIssued
			}
			ballots[b] = bl
			// The naive rule 3.
			agree := 0
			for _, m := range bl.Marks {
				if m == MarkAgree {
					agree++
				}
			}
			ok := bl.Invalid == ""
			if list == ListSurplus {
				ok = ok && len(bl.Kept) <= seats && (len(bl.Kept) > 0 || n == 1)
			} else {
				ok = ok && agree <= seats && (n > 1 || bl.Marks[0] == MarkAgree || bl.Marks[0] == MarkDisagree)
			}
			if ok {
				valid++
				for _, k := range bl.Kept {
					want[k]++
				}
				for j, m := range bl.Marks {
					if m == MarkAgree {
						want[j]++
					}
				}
			}
		}
		tl, err := TallyBallots(list, cands, seats, ballots)
		if err != nil {
			t.Fatal(err)
		}
		if tl.Valid != valid || tl.Invalid != len(ballots)-valid || !slices.Equal(tl.Votes, want) {
			t.Fatalf("tally %+v, want valid %d votes %v", tl, valid, want)
		}
		sum := 0
		for _, c := range tl.InvalidByReason {
			sum += c
		}
		if sum != tl.Invalid {
			t.Fatalf("reasons %v do not add up to %d", tl.InvalidByReason, tl.Invalid)
		}
		req := members(seats, max(len(ballots), 1))
		req.Ballots = tl.Totals()
		req.Candidates = tl.CandidateVotes()
		mustCount(t, req)
	}
}

// TestCountConcurrent: Count is safe to call from many goroutines at once (the server does); run
// under -race.
func TestCountConcurrent(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	reqs := make([]Request, 64)
	want := make([]Result, len(reqs))
	for i := range reqs {
		reqs[i] = genRound(r)
		want[i] = mustCount(t, reqs[i])
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, req := range reqs {
				got, err := Count(req)
				if err != nil || !reflect.DeepEqual(got, want[i]) {
					t.Errorf("concurrent Count differs on round %d: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
