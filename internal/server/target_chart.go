package server

import (
	"math"
	"strconv"
	"strings"

	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// trendChart is a target's figures over the years against its target figure, drawn by the template as
// inline SVG: coordinates are computed here, colours come from classes in the style sheet (the
// content security policy allows no style attributes), and no script is involved.
type trendChart struct {
	Width, Height int
	// Left, Right, Top, Bottom bound the plot area; PlotWidth is Right-Left and MidX, MidY its
	// centre. LabelX is where the target lines' labels start, in the margin right of the plot,
	// clear of the points.
	Left, Right, Top, Bottom float64
	PlotWidth, MidX, MidY    float64
	LabelX                   float64
	// Label describes the chart for screen readers; the table beside it has the same figures.
	Label string
	// Unit is printed above the axis when the tick labels leave it out ("%", "người").
	Unit    string
	YTicks  []trendTick
	XTicks  []trendTick
	Targets []trendLine
	// Band is the target's interval for a range ("từ a đến b"), or nil.
	Band *trendBand
	// Line joins the reviewed years' points ("x,y x,y …").
	Line   string
	Points []trendPoint
	// Empty is true when no year has figures yet.
	Empty bool
}

// trendTick is a labelled position on an axis.
type trendTick struct {
	X, Y  float64
	Label string
}

// trendLine is a horizontal line at a target figure, labelled in the right margin on two lines:
// what it is ("Chỉ tiêu", "Cận trên") and the figure.
type trendLine struct {
	Y      float64
	Label  string
	Figure string
	// LabelY and FigureY are the baselines of the two lines of the label.
	LabelY, FigureY float64
}

// trendBand is a shaded interval.
type trendBand struct{ Y, H float64 }

// trendPoint is one reviewed year.
type trendPoint struct {
	X, Y   float64
	LabelY float64
	Label  string // the figure, printed over the point
	Title  string // the year, the figure and the verdict, shown on hover
	Class  string // the verdict's class
}

// Chart geometry, in SVG user units; the SVG scales to its box.
const (
	trendWidth  = 360
	trendHeight = 200
	trendLeft   = 46
	trendRight  = 300
	trendTop    = 16
	trendBottom = 172
)

// newTrendChart draws a target's term review: the figure the period judges for each reviewed year
// (the running sum for a term total, the year's own figure otherwise) against the target figure.
func newTrendChart(tt store.TargetTerm) trendChart {
	t := tt.Target
	c := trendChart{Width: trendWidth, Height: trendHeight, Left: trendLeft, Right: trendRight, Top: trendTop, Bottom: trendBottom,
		PlotWidth: trendRight - trendLeft, MidX: (trendLeft + trendRight) / 2, MidY: (trendTop + trendBottom) / 2,
		LabelX: trendRight + 5}
	switch t.Unit {
	case targets.Percent:
		c.Unit = "%"
	case targets.Permille:
		c.Unit = "‰"
	default:
		c.Unit = strings.ToLower(t.Unit.Label())
	}

	type point struct {
		year  int
		value float64
		row   int
	}
	var pts []point
	for i, r := range tt.Rows {
		if !r.Reviewed {
			continue
		}
		v := r.Value
		if t.Period == targets.TermTotal {
			v = r.Running
		}
		pts = append(pts, point{r.Year, v, i})
	}
	lines := []float64{t.Value}
	if t.Comparator == targets.Between {
		lines = append(lines, t.ValueHigh)
	}

	lo, hi := lines[0], lines[0]
	for _, v := range lines {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	for _, p := range pts {
		lo, hi = math.Min(lo, p.value), math.Max(hi, p.value)
	}
	// A span too narrow (every year at 100%) would blow one point up to the whole height and
	// crowd the labels: show at least a tenth of a share's whole, or a few units of an amount.
	if minSpan := math.Max(trendCeiling(t.Unit)/10, 4); hi-lo < minSpan {
		lo = math.Max(0, hi-minSpan)
		hi = lo + minSpan
	}
	step := trendStep((hi - lo) / 4)
	if !t.Unit.IsShare() {
		step = math.Max(step, 1) // people, cells and đồng are counted whole
	}
	lo = math.Floor(lo/step)*step - step
	hi = math.Ceil(hi/step)*step + step
	// Figures are never negative, and a share never passes its whole.
	lo = math.Max(lo, 0)
	if ceil := trendCeiling(t.Unit); ceil > 0 {
		hi = math.Min(hi, ceil)
	}
	if hi <= lo {
		hi = lo + step
	}
	y := func(v float64) float64 {
		return trendRound(trendBottom - (v-lo)/(hi-lo)*(trendBottom-trendTop))
	}
	for v := lo; v <= hi+step/1000; v += step {
		c.YTicks = append(c.YTicks, trendTick{X: trendLeft - 6, Y: y(v), Label: trendTickLabel(v, step)})
	}

	n := len(tt.Rows)
	x := func(i int) float64 {
		if n == 1 {
			return (trendLeft + trendRight) / 2
		}
		const pad = 24
		return trendRound(trendLeft + pad + float64(i)*(trendRight-trendLeft-2*pad)/float64(n-1))
	}
	for i, r := range tt.Rows {
		c.XTicks = append(c.XTicks, trendTick{X: x(i), Y: trendBottom + 18, Label: strconv.Itoa(r.Year)})
	}

	for i, v := range lines {
		label := "Chỉ tiêu"
		if t.Comparator == targets.Between {
			label = []string{"Cận dưới", "Cận trên"}[i]
		}
		c.Targets = append(c.Targets, trendLine{Y: y(v), Label: label, Figure: targets.FormatValue(v, t.Unit),
			LabelY: y(v) - 3, FigureY: y(v) + 10})
	}
	if t.Comparator == targets.Between {
		top := y(t.ValueHigh)
		c.Band = &trendBand{Y: top, H: trendRound(y(t.Value) - top)}
	}

	var b strings.Builder
	for _, p := range pts {
		row := tt.Rows[p.row]
		px, py := x(p.row), y(p.value)
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(px, 'f', -1, 64) + "," + strconv.FormatFloat(py, 'f', -1, 64))
		label := targets.FormatValue(p.value, t.Unit)
		verdict := verdictLabel(row.Verdict, row.Exceeded)
		title := "Năm " + strconv.Itoa(p.year) + ": " + label
		if t.Period == targets.TermTotal {
			title = "Cộng dồn đến năm " + strconv.Itoa(p.year) + ": " + label
		}
		// A label above a point near the top would leave the plot; it goes under instead.
		labelY := py - 8
		if labelY < trendTop+2 {
			labelY = py + 16
		}
		c.Points = append(c.Points, trendPoint{X: px, Y: py, LabelY: labelY, Label: label,
			Title: title + " — " + strings.ToLower(verdict), Class: verdictClass(row.Verdict, row.Exceeded)})
	}
	c.Line = b.String()
	c.Empty = len(pts) == 0

	desc := "Biểu đồ " + t.Subject + ", chỉ tiêu " + t.Phrase()
	if c.Empty {
		desc += "; chưa có số liệu."
	} else {
		var parts []string
		for _, p := range c.Points {
			parts = append(parts, p.Title)
		}
		desc += ": " + strings.Join(parts, "; ") + "."
	}
	c.Label = desc
	return c
}

// trendStep rounds a raw tick step up to 1, 2 or 5 times a power of ten.
func trendStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// trendCeiling is the whole of a share unit (100 for %, 1000 for ‰), 0 for amounts.
func trendCeiling(u targets.Unit) float64 {
	switch u {
	case targets.Percent:
		return 100
	case targets.Permille:
		return 1000
	}
	return 0
}

// trendTickLabel writes an axis value with as many decimals as the step needs.
func trendTickLabel(v, step float64) string {
	places := 0
	for s := step; s < 1 && places < 3; s *= 10 {
		places++
	}
	return vn.FormatDecimal(v, places)
}

func trendRound(v float64) float64 { return math.Round(v*10) / 10 }
