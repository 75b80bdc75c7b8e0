package server

import (
	"fmt"

	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// The dashboard's charts are inline SVG drawn by the template from the coordinates computed here:
// colours come from classes in reports.css (the content security policy allows no style
// attribute), and no script is involved. The figures are those of store.StructureStats.

// shareChart is a horizontal bar per share of the structure, on a 0–100% scale, with the term's
// target drawn over it: a line at a floor, a band for a range.
type shareChart struct {
	Width, Height int
	// Left is where the bars start; LabelX where the labels end, right-aligned; Scale is the width
	// of 100%.
	Left, LabelX, Scale float64
	Label               string
	Ticks               []chartTick
	Bars                []shareBar
	// AxisY is where the tick labels sit, under the last bar.
	AxisY, GridTop, GridBottom float64
}

// chartTick is a labelled position on the scale.
type chartTick struct {
	X     float64
	Label string
}

// shareBar is one share.
type shareBar struct {
	Y, H, TextY float64
	Label       string
	Width       float64
	Value       string
	ValueX      float64
	// Class is rc-met, rc-miss or rc-none (no target).
	Class  string
	Target *targetMark
}

// targetMark is a target drawn over a bar: a band from X of width W (a range), or a line at X.
type targetMark struct {
	X, W  float64
	Y, H  float64
	Title string
}

// Geometry of the share chart, in SVG user units; the SVG scales to its box.
const (
	chartWidth  = 640
	chartLeft   = 200
	chartScale  = 380
	chartRowH   = 30
	chartBarH   = 18
	chartTopPad = 10
)

// newShareChart draws the shares of metrics in total, judged against their targets.
func newShareChart(total targets.StructureRow, metrics []targets.Metric) shareChart {
	ch := shareChart{Width: chartWidth, Left: chartLeft, LabelX: chartLeft - 8, Scale: chartScale,
		Label: "Tỷ lệ các thành phần trong tổng số cấp ủy viên, so với chỉ tiêu định hướng", GridTop: chartTopPad - 4}
	for i, m := range metrics {
		check := checkOfRow(total, m)
		y := float64(chartTopPad + i*chartRowH)
		pct := float64(check.PercentHundredths) / 100
		b := shareBar{Y: y, H: chartBarH, TextY: y + chartBarH - 5, Label: m.Label(), Width: pct / 100 * chartScale,
			Value: vn.Percent(pct), Class: "rc-none"}
		b.ValueX = chartLeft + b.Width + 6
		if g := check.Target; g != nil {
			b.Class = "rc-met"
			if check.Verdict == targets.NotMet {
				b.Class = "rc-miss"
			}
			mark := &targetMark{X: chartLeft + g.Value/100*chartScale, Y: y - 3, H: chartBarH + 6,
				Title: "Chỉ tiêu: " + g.Requirement()}
			if g.Comparator == targets.Between {
				mark.W = (g.ValueHigh - g.Value) / 100 * chartScale
			}
			b.Target = mark
			// The figure goes right of the bar and of the target's mark, whichever ends later.
			b.ValueX = max(b.ValueX, mark.X+max(mark.W, 2)+6)
		}
		ch.Bars = append(ch.Bars, b)
	}
	ch.GridBottom = float64(chartTopPad + len(metrics)*chartRowH)
	ch.AxisY = ch.GridBottom + 14
	ch.Height = int(ch.AxisY) + 8
	for p := 0; p <= 100; p += 25 {
		ch.Ticks = append(ch.Ticks, chartTick{X: chartLeft + float64(p)/100*chartScale, Label: fmt.Sprintf("%d%%", p)})
	}
	return ch
}

// checkOfRow returns the check of metric m in a row.
func checkOfRow(r targets.StructureRow, m targets.Metric) targets.StructureCheck {
	for _, ch := range r.Checks {
		if ch.Metric == m {
			return ch
		}
	}
	return targets.StructureCheck{Metric: m}
}

// ageChart is the age structure as one bar split into its bands, with a legend under it.
type ageChart struct {
	Width, Height int
	Label         string
	Segments      []ageSegment
}

// ageSegment is one band of the age bar and its legend entry.
type ageSegment struct {
	X, W             float64
	Class            string
	Legend           string
	LegendX, LegendY float64
}

// Geometry of the age chart: narrower than the share chart, beside which it is drawn at about half
// the width, so that its text prints at the same size.
const (
	ageWidth = 360
	ageLeft  = 10
)

// newAgeChart draws the under 40 / 40–50 / over 50 split (and the unknown ages) of c, with one
// legend line per band under the bar.
func newAgeChart(c targets.Composition) ageChart {
	const barW = ageWidth - 2*ageLeft
	ch := ageChart{Width: ageWidth, Label: "Cơ cấu độ tuổi của cấp ủy viên"}
	bands := []struct {
		n     int
		label string
	}{{c.Under40, "Dưới 40 tuổi"}, {c.Age40To50, "Từ 40 đến 50 tuổi"}, {c.Over50, "Trên 50 tuổi"}, {c.AgeUnknown, "Chưa ghi ngày sinh"}}
	x := float64(ageLeft)
	for i, b := range bands {
		if b.n == 0 && i == 3 {
			continue
		}
		w := 0.0
		if c.Size > 0 {
			w = float64(b.n) / float64(c.Size) * barW
		}
		ch.Segments = append(ch.Segments, ageSegment{X: x, W: w, Class: fmt.Sprintf("rc-age%d", i),
			Legend:  fmt.Sprintf("%s: %s (%s)", b.label, vn.FormatInt(int64(b.n)), vn.Percent(float64(targets.PercentHundredths(b.n, c.Size))/100)),
			LegendX: ageLeft, LegendY: float64(42 + len(ch.Segments)*20)})
		x += w
	}
	ch.Height = 42 + len(ch.Segments)*20 + 6
	return ch
}
