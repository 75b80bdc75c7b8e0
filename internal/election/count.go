package election

import (
	"slices"

	"daihoi/internal/vn"
)

// Candidate statuses in a result.
const (
	StatusElected    = "elected"     // over the threshold and within the seats
	StatusRunoff     = "runoff"      // tied at the last seat: goes to a re-vote among the tied
	StatusNotElected = "not_elected" // at or below the threshold, or beaten to the seats
)

// Result is the outcome of one round, exactly as the count contract prints it.
type Result struct {
	// Base is the number "more than half" is taken of (rule 2).
	Base int `json:"base"`
	// Threshold is the fewest votes that elect: Base ÷ 2 rounded down, plus one.
	Threshold int `json:"threshold"`
	// Candidates are every name on the list in list order (Vietnamese A-B-C order of given name,
	// then middle, then family name), with votes, percentage of the base and status.
	Candidates []CandidateResult `json:"candidates"`
	// Elected are the names elected, in vote order, highest first; equal votes keep list order.
	// Never nil.
	Elected []string `json:"elected"`
	// Runoff is nil unless a tie at the last seat leaves seats undecided.
	Runoff *Runoff `json:"runoff"`
	// VacantSeats are the seats nobody filled because too few passed the threshold (rule 5).
	VacantSeats int `json:"vacant_seats"`
	// Warnings are things the congress should look at; they never refuse a count. Never nil.
	Warnings []Warning `json:"warnings"`
}

// CandidateResult is one line of the result.
type CandidateResult struct {
	Name    string  `json:"name"`
	Votes   int     `json:"votes"`
	Percent Percent `json:"percent"`
	// Status is StatusElected, StatusRunoff or StatusNotElected.
	Status string `json:"status"`
}

// Runoff says how many seats a tie at the last seat left undecided and who goes to the re-vote
// among the tied only (rule 4), in list order.
type Runoff struct {
	Seats      int      `json:"seats"`
	Candidates []string `json:"candidates"`
}

// Warning is a remark on a round that does not stop the count: a list that breaks the limits of
// rule 6, figures that look wrong. Code is stable; Message is Vietnamese.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Count computes the result of one round: it validates the request (see Request.Validate: the shape
// and every consistency check of DOMAIN.md), computes the base and the threshold, orders the list,
// and gives the seats by votes to those over the threshold. A tie at the last seat that not all the
// tied can fit leaves those seats undecided and sends the tied to a runoff; nobody among them is
// elected in this round (rule 4). Too few over the threshold leaves seats vacant (rule 5). Always
// seats = len(Elected) + Runoff.Seats + VacantSeats.
//
// Errors are *congress.Error with code invalid_count; nothing else fails.
func Count(req Request) (Result, error) {
	fe := newFieldErrs()
	base, names := req.validate(fe)
	if err := fe.err(); err != nil {
		return Result{}, err
	}
	res := Result{
		Base:      base,
		Threshold: Threshold(base),
		Elected:   []string{},
		Warnings:  []Warning{},
	}

	// List order: Vietnamese A-B-C order of the names.
	order := make([]int, len(req.Candidates))
	for i := range order {
		order[i] = i
	}
	vn.SortBy(order, func(i int) string { return names[i] })
	res.Candidates = make([]CandidateResult, len(order))
	for pos, i := range order {
		v := req.Candidates[i].Votes
		res.Candidates[pos] = CandidateResult{Name: names[i], Votes: v, Percent: PercentOf(v, base), Status: StatusNotElected}
	}

	seats := decide(res.Candidates, req.Seats, res.Threshold)
	for _, pos := range seats.elected {
		res.Candidates[pos].Status = StatusElected
		res.Elected = append(res.Elected, res.Candidates[pos].Name)
	}
	if len(seats.runoff) > 0 {
		res.Runoff = &Runoff{Seats: seats.runoffSeats, Candidates: make([]string, 0, len(seats.runoff))}
		for _, pos := range seats.runoff {
			res.Candidates[pos].Status = StatusRunoff
			res.Runoff.Candidates = append(res.Runoff.Candidates, res.Candidates[pos].Name)
		}
	}
	res.VacantSeats = seats.vacant

	res.Warnings = append(res.Warnings, ListWarnings(req.ruleset(), req.Body, req.Seats, len(req.Candidates))...)
	if req.Present != nil && *req.Present > base {
		res.Warnings = append(res.Warnings, presentOverBase(req, base))
	}
	return res, nil
}

// allocation is how the seats of a round fall: positions in the list.
type allocation struct {
	elected     []int // vote order, equal votes in list order
	runoff      []int // list order
	runoffSeats int
	vacant      int
}

// decide gives seats by votes among the candidates at or over the threshold (rule 4). cs is in list
// order; the returned positions index it.
func decide(cs []CandidateResult, seats, threshold int) allocation {
	var over []int
	for pos, c := range cs {
		if c.Votes >= threshold {
			over = append(over, pos)
		}
	}
	// Highest first; the stable sort keeps list order among equal votes.
	slices.SortStableFunc(over, func(a, b int) int { return cs[b].Votes - cs[a].Votes })

	if len(over) <= seats {
		return allocation{elected: over, vacant: seats - len(over)}
	}
	last := cs[over[seats-1]].Votes
	if cs[over[seats]].Votes < last {
		// The first outside the seats has fewer votes than the last inside: no tie straddles the
		// boundary (a tie inside the seats decides nothing).
		return allocation{elected: over[:seats]}
	}
	// The votes at the last seat are shared with someone who does not fit: everybody above that
	// figure is elected; the tied share the remaining seats in a runoff.
	a := allocation{}
	for _, pos := range over {
		switch v := cs[pos].Votes; {
		case v > last:
			a.elected = append(a.elected, pos)
		case v == last:
			a.runoff = append(a.runoff, pos)
		}
	}
	a.runoffSeats = seats - len(a.elected)
	slices.Sort(a.runoff) // list order
	return a
}
