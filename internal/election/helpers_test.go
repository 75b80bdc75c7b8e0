package election

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// givenNames are in Vietnamese A-B-C order, so a list built from them in this order is already in
// list order and test expectations can speak of positions.
var givenNames = []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khoa", "Long", "Minh", "Nam",
	"Oanh", "Phúc", "Quang", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến"}

// person returns the i-th test name ("Lê Văn An" …); beyond the given names it adds a number.
func person(i int) string {
	if i < len(givenNames) {
		return "Lê Văn " + givenNames[i]
	}
	return fmt.Sprintf("Lê Văn Yến%03d", i)
}

// members builds a consistent members' congress round: base convened, everybody present and
// voting validly, votes in list order.
func members(seats, base int, votes ...int) Request {
	p := base
	req := Request{
		Ruleset:      RulesetQD190,
		CongressKind: KindMembers,
		Seats:        seats,
		Base:         BaseFigures{Convened: base},
		Present:      &p,
		Ballots:      BallotTotals{Issued: base, Collected: base, Valid: base},
	}
	for i, v := range votes {
		req.Candidates = append(req.Candidates, CandidateVotes{Name: person(i), Votes: v})
	}
	return req
}

func names(idx ...int) []string {
	out := []string{}
	for _, i := range idx {
		out = append(out, person(i))
	}
	return out
}

func mustCount(t testing.TB, req Request) Result {
	t.Helper()
	res, err := Count(req)
	if err != nil {
		t.Fatalf("Count: %v (%s) %v", err, congress.ErrorMessage(err), congress.ErrorFields(err))
	}
	checkInvariants(t, req, res)
	return res
}

// checkInvariants asserts what every result must satisfy, whatever the votes.
func checkInvariants(t testing.TB, req Request, res Result) {
	t.Helper()
	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("%s\nrequest: %+v\nresult: %+v", fmt.Sprintf(format, args...), req, res)
	}
	runoffSeats := 0
	if res.Runoff != nil {
		runoffSeats = res.Runoff.Seats
	}
	if req.Seats != len(res.Elected)+runoffSeats+res.VacantSeats {
		fail("invariant broken: seats %d != elected %d + runoff %d + vacant %d", req.Seats, len(res.Elected), runoffSeats, res.VacantSeats)
	}
	if res.Elected == nil || res.Warnings == nil {
		fail("elected and warnings must never be nil")
	}
	base, err := Base(req.CongressKind, req.Base)
	if err != nil || base != res.Base || res.Threshold != res.Base/2+1 {
		fail("base %d threshold %d, want base %d (%v) threshold base/2+1", res.Base, res.Threshold, base, err)
	}
	if len(res.Candidates) != len(req.Candidates) {
		fail("result has %d candidates, request %d", len(res.Candidates), len(req.Candidates))
	}
	if !slices.IsSortedFunc(res.Candidates, func(a, b CandidateResult) int { return vn.CompareNames(a.Name, b.Name) }) {
		fail("candidates not in Vietnamese A-B-C order")
	}
	byName := map[string]CandidateResult{}
	listPos := map[string]int{}
	for i, c := range res.Candidates {
		byName[c.Name] = c
		listPos[c.Name] = i
		if int64(math.Round(float64(c.Percent)*100)) != PercentHundredths(c.Votes, res.Base) {
			fail("%s: percent %v, want %d hundredths", c.Name, c.Percent, PercentHundredths(c.Votes, res.Base))
		}
	}
	elected := map[string]bool{}
	for i, n := range res.Elected {
		c := byName[n]
		elected[n] = true
		if c.Status != StatusElected {
			fail("%s elected but status %q", n, c.Status)
		}
		if c.Votes < res.Threshold || c.Votes*2 <= res.Base {
			fail("%s elected with %d votes, not more than half of %d", n, c.Votes, res.Base)
		}
		if i > 0 {
			p := byName[res.Elected[i-1]]
			if p.Votes < c.Votes || (p.Votes == c.Votes && listPos[p.Name] > listPos[c.Name]) {
				fail("elected not in vote order (equal votes in list order): %v", res.Elected)
			}
		}
	}
	inRunoff := map[string]bool{}
	if res.Runoff != nil {
		r := res.Runoff
		if r.Seats < 1 || len(r.Candidates) <= r.Seats || res.VacantSeats != 0 {
			fail("runoff must leave fewer seats than tied candidates, at least one seat, and no vacancy: %+v", r)
		}
		v := byName[r.Candidates[0]].Votes
		for i, n := range r.Candidates {
			inRunoff[n] = true
			c := byName[n]
			if c.Status != StatusRunoff || c.Votes != v || c.Votes < res.Threshold {
				fail("runoff candidate %s: status %q votes %d (tied at %d, threshold %d)", n, c.Status, c.Votes, v, res.Threshold)
			}
			if i > 0 && listPos[r.Candidates[i-1]] > listPos[n] {
				fail("runoff candidates not in list order")
			}
		}
	}
	for _, c := range res.Candidates {
		switch {
		case elected[c.Name]:
		case inRunoff[c.Name]:
		case c.Status != StatusNotElected:
			fail("%s has status %q but is neither elected nor in the runoff", c.Name, c.Status)
		}
		if elected[c.Name] {
			continue
		}
		// Nobody with fewer votes is elected over someone with more; a runoff candidate has
		// strictly fewer votes than everyone elected in the round.
		for e := range elected {
			if byName[e].Votes < c.Votes || (inRunoff[c.Name] && byName[e].Votes == c.Votes) {
				fail("%s (%d) elected over %s (%d)", e, byName[e].Votes, c.Name, c.Votes)
			}
		}
		if c.Votes >= res.Threshold && res.VacantSeats > 0 {
			fail("%s is over the threshold but a seat is left vacant", c.Name)
		}
	}
}

func errField(t *testing.T, err error, field, contains string) {
	t.Helper()
	if congress.ErrorCode(err) != congress.EINVALIDCOUNT {
		t.Fatalf("want invalid_count error, got %v", err)
	}
	f := congress.ErrorFields(err)
	msg, ok := f[field]
	if !ok {
		t.Fatalf("no message for field %q; fields: %v", field, f)
	}
	if !strings.Contains(msg, contains) {
		t.Fatalf("field %q message %q does not contain %q", field, msg, contains)
	}
	if len(f) == 1 && !strings.HasPrefix(congress.ErrorMessage(err), msg) {
		t.Fatalf("a single-field error's message should be that field's message: %q vs %q", congress.ErrorMessage(err), msg)
	}
}
