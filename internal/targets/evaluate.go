package targets

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"daihoi/internal/congress"
)

// Evaluate judges one review on its own and returns its figure (rounded half-up to two decimals, for
// display) with a verdict:
//   - Yearly, AveragePerYear: Met or NotMet, the year's figure against the target figure.
//   - ByYearEnd: Met or NotMet in year N and after; before N, OnTrack if the figure already meets the
//     target and AtRisk if not (one year shows no pace; TermReview projects the trend).
//   - TermTotal: one year's figure only decides a term total when it already reaches a floor-only
//     target (Met: the sum can only grow) or already breaks a ceiling (NotMet); otherwise Pending,
//     since the pace needs the term (TermReview).
//
// The review is assumed valid (Review.Validate); a share without a denominator gives (0, Pending).
func Evaluate(t Target, r Review) (value float64, verdict Verdict) {
	x := r.figure(t.Unit)
	if x == nil {
		return 0, Pending
	}
	value = round2(x)
	switch t.Period {
	case TermTotal:
		switch {
		case t.breaksCeiling(x):
			return value, NotMet
		case !t.Comparator.hasUpper() && t.satisfies(x):
			return value, Met
		}
		return value, Pending
	case ByYearEnd:
		if r.Year < t.ByYear {
			if t.satisfies(x) {
				return value, OnTrack
			}
			return value, AtRisk
		}
	}
	if t.satisfies(x) {
		return value, Met
	}
	return value, NotMet
}

// YearRow is one year of a target's term review.
type YearRow struct {
	Year     int  `json:"year"`
	Reviewed bool `json:"reviewed"` // false: no figures for this year yet
	// Review is the year's review when Reviewed.
	Review Review `json:"review"`
	// Value is the year's own figure, rounded for display.
	Value float64 `json:"value"`
	// Running is the figure the period judges as of this year: the sum so far for TermTotal, the mean
	// so far for AveragePerYear, the year's own figure otherwise.
	Running float64 `json:"running"`
	// Verdict is the year's own verdict for Yearly and AveragePerYear (and ByYearEnd from year N),
	// and the target's standing as of this year for TermTotal (and ByYearEnd before N); Pending when
	// the year has no review.
	Verdict  Verdict `json:"verdict"`
	Exceeded bool    `json:"exceeded"` // the figure is better than the target figure ("vượt")
}

// TermResult is a target's review over the term up to a year: its rows and its overall verdict.
type TermResult struct {
	Target Target    `json:"target"`
	Rows   []YearRow `json:"rows"`
	// HasValue is false while no review counts yet; Value is then 0.
	HasValue bool `json:"has_value"`
	// Value is the figure the verdict was reached on: the latest year for Yearly, the mean for
	// AveragePerYear, the sum for TermTotal, year N's (or the latest before it) for ByYearEnd.
	Value    float64 `json:"value"`
	Verdict  Verdict `json:"verdict"`
	Exceeded bool    `json:"exceeded"` // Met with a figure better than the target's ("vượt")
	// Final is true once the verdict can no longer change: the term is over, or year N has its figure,
	// or the figures so far already settle it.
	Final bool `json:"final"`
}

// TermReview reviews target t over the term [termStart, termEnd] as of asOfYear. It returns one row
// per year from termStart to asOfYear (at most termEnd); reviews after asOfYear are not counted yet.
//
// The overall verdict, per period:
//   - Yearly ("hằng năm"): NotMet as soon as one reviewed year misses (every year must hold);
//     otherwise OnTrack while the term runs and Met once it is over. Exceeded if every year exceeded.
//   - AveragePerYear: the mean of the reviewed years' figures (each year weighs the same, as
//     "bình quân hằng năm" is read); OnTrack/AtRisk while the term runs, Met/NotMet once it is over.
//   - TermTotal: the sum of the reviewed years. A floor-only target (>=, >) is Met as soon as the sum
//     reaches it and any ceiling is NotMet as soon as the sum breaks it, because the sum only grows.
//     Otherwise, while the term runs, the pace decides: the sum is projected to the term's length
//     (sum × term years ÷ reviewed years; a term 2020–2025 is five years of work) and the target is
//     OnTrack if the projection meets it — that is, the sum so far is at least the pro-rata share of a
//     floor — and AtRisk if not. For "=" and a range the projection only needs to reach the floor,
//     since the committee can stop at the figure.
//   - ByYearEnd N: year N's figure decides (Met/NotMet). Once N or the term is past without it, the
//     latest figure before N decides. Before that, the trend decides: the straight line through the
//     first and the latest reviewed figures is carried to year N (clamped to the unit's range, 0–100%
//     for a share); OnTrack if that projected figure meets the target (for "=" and a range: if the line
//     crosses the target's figures), AtRisk if not. With one figure the line is flat: OnTrack only if
//     it already meets the target.
//
// Years without reviews are skipped, not counted as zero: a term's last year (2025) usually has no
// rating before the next congress. A target without any counted review is Pending.
//
// It returns an EINVALID error if the term, the target or a review is invalid, or two reviews share
// a year.
func TermReview(t Target, reviews []Review, termStart, termEnd, asOfYear int) (TermResult, error) {
	if termEnd < termStart {
		return TermResult{}, congress.Errorf(congress.EINVALID, "Nhiệm kỳ %d–%d không hợp lệ.", termStart, termEnd)
	}
	if err := t.Validate(); err != nil {
		return TermResult{}, err
	}
	if err := t.ValidateTerm(termStart, termEnd); err != nil {
		return TermResult{}, err
	}
	revs := make([]Review, 0, len(reviews))
	seen := map[int]bool{}
	for _, r := range reviews {
		if err := r.Validate(t, termStart, termEnd); err != nil {
			return TermResult{}, prefixYear(err, r.Year)
		}
		if seen[r.Year] {
			return TermResult{}, congress.FieldErrors{"year": fmt.Sprintf("Năm %d có hai bản số liệu của cùng một chỉ tiêu.", r.Year)}.Err(congress.EINVALID, "")
		}
		seen[r.Year] = true
		if r.Year <= asOfYear {
			revs = append(revs, r)
		}
	}
	sort.Slice(revs, func(i, j int) bool { return revs[i].Year < revs[j].Year })

	res := TermResult{Target: t}
	last := min(asOfYear, termEnd)
	for y, i := termStart, 0; y <= last; y++ {
		row := YearRow{Year: y, Verdict: Pending}
		for i < len(revs) && revs[i].Year <= y {
			i++
		}
		upTo := revs[:i]
		if i > 0 && revs[i-1].Year == y {
			r := revs[i-1]
			x := r.figure(t.Unit)
			row.Reviewed, row.Review, row.Value = true, r, round2(x)
			row.Running = row.Value
			own := NotMet
			if t.satisfies(x) {
				own = Met
			}
			row.Verdict, row.Exceeded = own, own == Met && t.exceeds(x)
			switch t.Period {
			case AveragePerYear, TermTotal:
				s := standing(t, upTo, termStart, termEnd, y)
				row.Running = round2(s.value)
				if t.Period == TermTotal {
					row.Verdict, row.Exceeded = s.verdict, s.exceeded
				}
			case ByYearEnd:
				if y < t.ByYear {
					s := standing(t, upTo, termStart, termEnd, y)
					row.Verdict, row.Exceeded = s.verdict, false
				}
			}
		}
		res.Rows = append(res.Rows, row)
	}
	s := standing(t, revs, termStart, termEnd, asOfYear)
	res.Verdict, res.Exceeded, res.Final = s.verdict, s.exceeded, s.final
	if s.value != nil {
		res.HasValue, res.Value = true, round2(s.value)
	}
	return res, nil
}

// prefixYear puts the review's year in front of its validation message, since a term review checks
// many reviews at once.
func prefixYear(err error, year int) error {
	var e *congress.Error
	if !errors.As(err, &e) {
		return err
	}
	return &congress.Error{Code: e.Code, Message: fmt.Sprintf("Số liệu năm %d: %s", year, e.Message), Fields: e.Fields}
}

// standingResult is a target's standing over some reviews: the judged figure, the verdict, whether
// it beats the target, and whether it can still change.
type standingResult struct {
	value    *big.Rat
	verdict  Verdict
	exceeded bool
	final    bool
}

// standing judges t over revs (sorted by year, all ≤ asOf) as of asOf; see TermReview for the rules.
func standing(t Target, revs []Review, termStart, termEnd, asOf int) standingResult {
	over := asOf >= termEnd
	if len(revs) == 0 {
		return standingResult{verdict: Pending, final: false}
	}
	figs := make([]*big.Rat, len(revs))
	for i, r := range revs {
		figs[i] = r.figure(t.Unit)
		if figs[i] == nil { // unreachable after Validate; keep a bad figure from panicking
			return standingResult{verdict: Pending}
		}
	}
	latest := figs[len(figs)-1]
	judge := func(x *big.Rat, final bool, exceeded bool) standingResult {
		if t.satisfies(x) {
			return standingResult{value: x, verdict: Met, exceeded: exceeded && t.exceeds(x), final: final}
		}
		return standingResult{value: x, verdict: NotMet, final: final}
	}

	switch t.Period {
	case Yearly:
		all := true
		for _, x := range figs {
			if !t.satisfies(x) {
				return standingResult{value: latest, verdict: NotMet, final: true}
			}
			all = all && t.exceeds(x)
		}
		if over {
			return standingResult{value: latest, verdict: Met, exceeded: all, final: true}
		}
		return standingResult{value: latest, verdict: OnTrack}

	case AveragePerYear:
		mean := new(big.Rat)
		for _, x := range figs {
			mean.Add(mean, x)
		}
		mean.Quo(mean, ratInt(int64(len(figs))))
		if over {
			return judge(mean, true, true)
		}
		if t.satisfies(mean) {
			return standingResult{value: mean, verdict: OnTrack}
		}
		return standingResult{value: mean, verdict: AtRisk}

	case TermTotal:
		sum := new(big.Rat)
		for _, x := range figs {
			sum.Add(sum, x)
		}
		switch {
		case t.breaksCeiling(sum):
			return standingResult{value: sum, verdict: NotMet, final: true}
		case !t.Comparator.hasUpper() && t.satisfies(sum):
			return standingResult{value: sum, verdict: Met, exceeded: t.exceeds(sum), final: true}
		case over:
			return judge(sum, true, true)
		}
		// Pace: a term of n years, k of them reviewed. A term 2020–2025 is five years of work.
		n := int64(max(termEnd-termStart, 1))
		k := int64(len(figs))
		proj := new(big.Rat).Set(sum)
		if k < n {
			proj.Mul(proj, big.NewRat(n, k))
		}
		if t.onPace(sum, proj) {
			return standingResult{value: sum, verdict: OnTrack}
		}
		return standingResult{value: sum, verdict: AtRisk}

	case ByYearEnd:
		n := t.ByYear
		if r := revs[len(revs)-1]; r.Year >= n {
			// Year N's figure decides; later years do not change a deadline that has passed.
			for i, r := range revs {
				if r.Year == n {
					return judge(figs[i], true, true)
				}
			}
		}
		// Without year N's figure: the latest before N.
		i := len(revs) - 1
		for i >= 0 && revs[i].Year > n {
			i--
		}
		if i < 0 {
			return standingResult{verdict: Pending, final: over || asOf > n}
		}
		if over || asOf > n {
			return judge(figs[i], true, true)
		}
		x := figs[i]
		proj := x
		if i > 0 {
			// The line through the first and the latest figures, carried to year N.
			y0, y1 := int64(revs[0].Year), int64(revs[i].Year)
			slope := new(big.Rat).Sub(x, figs[0])
			slope.Quo(slope, ratInt(y1-y0))
			proj = new(big.Rat).Mul(slope, ratInt(int64(n)-y1))
			proj.Add(proj, x)
			proj = t.Unit.clamp(proj)
		}
		if t.onPace(x, proj) {
			return standingResult{value: x, verdict: OnTrack}
		}
		return standingResult{value: x, verdict: AtRisk}
	}
	return standingResult{verdict: Pending}
}

// onPace reports whether the projected figure meets the target. For "=" and a range the target is a
// point or an interval the figure can stop in, so it is enough that the way from the current figure
// to the projected one passes through it.
func (t Target) onPace(current, projected *big.Rat) bool {
	if t.Comparator == Equal || t.Comparator == Between {
		lo, hi := t.bounds()
		a, b := current, projected
		if a.Cmp(b) > 0 {
			a, b = b, a
		}
		return b.Cmp(lo) >= 0 && a.Cmp(hi) <= 0
	}
	return t.satisfies(projected)
}

// clamp keeps a projected figure within what the unit can take: no share below 0 or above the whole,
// no amount below 0.
func (u Unit) clamp(x *big.Rat) *big.Rat {
	if x.Sign() < 0 {
		return new(big.Rat)
	}
	if c := u.ceiling(); c != nil && x.Cmp(c) > 0 {
		return c
	}
	return x
}

// Tally counts the overall verdicts of a resolution's targets for the headline.
type Tally struct {
	Total    int `json:"total"`
	Met      int `json:"met"`      // đạt and vượt together
	Exceeded int `json:"exceeded"` // of Met, those beating the target figure
	NotMet   int `json:"not_met"`
	OnTrack  int `json:"on_track"`
	AtRisk   int `json:"at_risk"`
	Pending  int `json:"pending"`
	// Headline is the sentence of the term review: "5/7 chỉ tiêu đạt và vượt", followed by what is
	// not met, in progress or without figures when there is any.
	Headline string `json:"headline"`
}

// Summary counts the results for the headline "x/y chỉ tiêu đạt và vượt". Every target counts once,
// sub-targets included, since the term report lists each "trong đó" figure as a target of its own;
// y is every target, so one still in progress or without figures is not quietly left out.
func Summary(results []TermResult) Tally {
	var s Tally
	s.Total = len(results)
	for _, r := range results {
		switch r.Verdict {
		case Met:
			s.Met++
			if r.Exceeded {
				s.Exceeded++
			}
		case NotMet:
			s.NotMet++
		case OnTrack:
			s.OnTrack++
		case AtRisk:
			s.AtRisk++
		default:
			s.Pending++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d/%d chỉ tiêu đạt và vượt", s.Met, s.Total)
	if s.Exceeded > 0 {
		fmt.Fprintf(&b, " (trong đó %d chỉ tiêu vượt)", s.Exceeded)
	}
	var rest []string
	for _, p := range []struct {
		n    int
		text string
	}{{s.NotMet, "không đạt"}, {s.OnTrack, "đúng tiến độ"}, {s.AtRisk, "có nguy cơ không đạt"}, {s.Pending, "chưa có số liệu"}} {
		if p.n > 0 {
			rest = append(rest, fmt.Sprintf("%d chỉ tiêu %s", p.n, p.text))
		}
	}
	if len(rest) > 0 {
		b.WriteString("; " + strings.Join(rest, ", "))
	}
	s.Headline = b.String()
	return s
}
