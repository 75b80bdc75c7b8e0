package reports

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// StructureReport is the structure of the new committees of a term across an organization's
// subtree (báo cáo cơ cấu cấp ủy), set against the term's guidance targets: the figures of
// store.StructureStats, which the dashboard and the API show too.
type StructureReport struct {
	// Header is the party header of the issuing committee; each sheet sets its own title.
	Header DocHeader
	// Scope names what is counted: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp, nhiệm kỳ 2020 – 2025".
	Scope     string
	Structure *targets.Structure
	// SignFor, SignTitle and Signer sign the summary; none without SignFor.
	SignFor, SignTitle, Signer string
}

// missMark follows a share that misses its target, in every sheet.
const missMark = " (*)"

// shareText is a check's share as the report prints it, marked when it misses its target.
func shareText(ch targets.StructureCheck) string {
	s := percentText(ch.PercentHundredths)
	if ch.Verdict == targets.NotMet {
		s += missMark
	}
	return s
}

// verdictText is a check's verdict in words, "" without a target.
func verdictText(ch targets.StructureCheck) string {
	if ch.Target == nil {
		return ""
	}
	if ch.Verdict == targets.Met {
		return "Đạt"
	}
	return ch.Verdict.Label()
}

// averageAge writes an average age in tenths of a year: "47,6".
func averageAge(tenths int64) string {
	if tenths < 0 {
		return ""
	}
	return vn.FormatDecimal(float64(tenths)/10, 1)
}

// missedLabels lists the metrics whose target a row misses.
func missedLabels(r targets.StructureRow) string {
	var out []string
	for _, ch := range r.Checks {
		if ch.Verdict == targets.NotMet {
			out = append(out, ch.Metric.Label())
		}
	}
	return strings.Join(out, "; ")
}

// WriteStructure writes the structure report: "Tổng hợp" (the whole subtree against each target,
// with the degrees and theory levels), "Theo tổ chức" (one row per new committee, its shares and
// the targets it misses marked), "Trình độ" (degrees and theory levels per committee) and "Biểu
// đồ" (charts of the main shares and of the ages). Every sheet is a party document on A4.
func WriteStructure(w io.Writer, r StructureReport) error {
	if r.Structure == nil {
		return errors.New("reports: structure report without figures")
	}
	f, styles, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := writeStructureSummary(f, styles, r); err != nil {
		return err
	}
	if err := writeStructureRows(f, styles, r); err != nil {
		return err
	}
	if err := writeStructureLevels(f, styles, r); err != nil {
		return err
	}
	if err := writeStructureCharts(f, styles, r); err != nil {
		return err
	}
	return writeBook(f, w, "structure")
}

// checkOf returns the check of metric m in a row.
func checkOf(r targets.StructureRow, m targets.Metric) targets.StructureCheck {
	for _, ch := range r.Checks {
		if ch.Metric == m {
			return ch
		}
	}
	return targets.StructureCheck{Metric: m}
}

var summaryColumns = []column{
	{"STT", 5, "center"}, {"Tiêu chí", 25, "left"}, {"Số lượng", 8, "center"}, {"Tỷ lệ", 10, "center"},
	{"Chỉ tiêu định hướng", 16, "center"}, {"Đánh giá chung", 10, "center"}, {"Số cấp ủy chưa đạt", 10, "center"},
}

func writeStructureSummary(f *excelize.File, styles *styleSet, r StructureReport) error {
	st := r.Structure
	h := r.Header
	h.Title, h.Subtitle = "BÁO CÁO CƠ CẤU CẤP ỦY KHÓA MỚI", r.Scope
	// A document of two short tables, like the minutes: no row repeats on its pages.
	sw, err := newSheet(f, styles, "Tổng hợp", true, sheetOptions{widths: widthsOf(summaryColumns)})
	if err != nil {
		return err
	}
	if err := h.writeHeader(sw); err != nil {
		return err
	}
	s := minutesSheet{sheetWriter: sw}
	intro := fmt.Sprintf("Số đại hội trong nhiệm kỳ %d – %d: %s; đã có kết quả bầu cấp ủy: %s; tổng số cấp ủy viên: %s",
		st.TermStart, st.TermEnd, vn.FormatInt(int64(st.Congresses)), vn.FormatInt(int64(len(st.Rows))), vn.FormatInt(int64(st.Total.Size)))
	if a := averageAge(st.Total.AverageAgeTenths()); a != "" {
		intro += "; tuổi bình quân: " + a
	}
	if err := s.block(s.para(intro+".", styleText), line{height: gap}); err != nil {
		return err
	}
	misses := map[targets.Metric]int{}
	for _, row := range st.Rows {
		for _, ch := range row.Checks {
			if ch.Verdict == targets.NotMet {
				misses[ch.Metric]++
			}
		}
	}
	if err := s.block(s.para("1. Cơ cấu so với chỉ tiêu định hướng", styleSection)); err != nil {
		return err
	}
	if err := headRow(sw, summaryColumns); err != nil {
		return err
	}
	t, err := newTable(sw, summaryColumns)
	if err != nil {
		return err
	}
	for i, ch := range st.Total.Checks {
		req, missed := "", any(nil)
		if ch.Target != nil {
			req, missed = ch.Target.Requirement(), misses[ch.Metric]
		}
		if err := t.row(i+1, ch.Metric.Label(), ch.Count, shareText(ch), req, verdictText(ch), missed); err != nil {
			return err
		}
	}
	if err := sw.blank(rowHeight(1, sizeBody)); err != nil {
		return err
	}
	if err := s.block(s.para("2. Trình độ chuyên môn và lý luận chính trị", styleSection)); err != nil {
		return err
	}
	levels := []column{{"STT", 5, "center"}, {"Trình độ", 27, "left"}, {"Số lượng", 8, "center"}, {"Tỷ lệ", 10, "center"}}
	if err := sw.row(0, cell{col: 1, value: "STT", style: styleListHead}, cell{col: 2, value: "Trình độ", style: styleListHead},
		cell{col: 3, value: "Số lượng", style: styleListHead}, cell{col: 4, value: "Tỷ lệ", style: styleListHead}); err != nil {
		return err
	}
	lt, err := newTable(sw, levels)
	if err != nil {
		return err
	}
	n := 0
	for i, label := range targets.DegreeLabels {
		n++
		c := st.Total.Degrees[i]
		if err := lt.row(n, "Chuyên môn: "+label, c, percentText(targets.PercentHundredths(c, st.Total.Size))); err != nil {
			return err
		}
	}
	for i, label := range targets.TheoryLabels {
		n++
		c := st.Total.Theory[i]
		if err := lt.row(n, "Lý luận chính trị: "+label, c, percentText(targets.PercentHundredths(c, st.Total.Size))); err != nil {
			return err
		}
	}
	notes := []string{"Tỷ lệ tính trên tổng số cấp ủy viên; độ tuổi tính đến ngày đại hội. Dấu (*): chưa đạt chỉ tiêu định hướng."}
	if len(st.Untargeted) > 0 {
		var names []string
		for _, m := range st.Untargeted {
			names = append(names, m.Label())
		}
		notes = append(notes, "Nhiệm kỳ không có chỉ tiêu định hướng về: "+strings.Join(names, "; ")+".")
	}
	if st.Total.AgeUnknown > 0 {
		notes = append(notes, fmt.Sprintf("%s cấp ủy viên chưa ghi ngày sinh, không tính vào độ tuổi.", vn.FormatInt(int64(st.Total.AgeUnknown))))
	}
	var sources []string
	for _, g := range st.Targets {
		if g.Source != "" && !contains(sources, g.Source) {
			sources = append(sources, g.Source)
		}
	}
	if len(sources) > 0 {
		notes = append(notes, "Chỉ tiêu định hướng theo "+strings.Join(sources, ", ")+".")
	}
	closing := []line{{height: gap}}
	for _, n := range notes {
		closing = append(closing, noteLine(sw, n))
	}
	return signature(sw, 5, r.SignFor, r.SignTitle, r.Signer, closing...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// headGroup is a column group of a two-row table header: a title over sub-columns, or a single
// column (no subs) whose title spans both rows.
type headGroup struct {
	title string
	width float64  // a single column's width
	subs  []column // the sub-columns
	align string   // a single column's alignment
}

// groupedColumns flattens groups into the table's columns.
func groupedColumns(groups []headGroup) []column {
	var cols []column
	for _, g := range groups {
		if len(g.subs) == 0 {
			cols = append(cols, column{g.title, g.width, g.align})
			continue
		}
		cols = append(cols, g.subs...)
	}
	return cols
}

// groupedSheet adds a streamed sheet with the party header and a two-row table header (plus the
// extra rows given, such as the targets), all frozen and repeated on every printed page.
func groupedSheet(f *excelize.File, styles *styleSet, name string, h DocHeader, groups []headGroup, extra [][]cell) (*sheetWriter, *table, error) {
	cols := groupedColumns(groups)
	widths := widthsOf(cols)
	first := h.HeaderRows(widths) + 1
	last := first + 1 + len(extra)
	s, err := newSheet(f, styles, name, false, sheetOptions{widths: widths, landscape: true, stream: true, titleRow: last})
	if err != nil {
		return nil, nil, err
	}
	// newSheet repeats one row on each page; this header has several.
	if err := f.DeleteDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name}); err != nil {
		return nil, nil, fmt.Errorf("reports: sheet %q: print titles: %w", name, err)
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(name), first, last)}); err != nil {
		return nil, nil, fmt.Errorf("reports: sheet %q: print titles: %w", name, err)
	}
	fitPage(s, true)
	if err := h.writeHeader(s); err != nil {
		return nil, nil, err
	}
	var top, sub []cell
	col := 1
	for _, g := range groups {
		if len(g.subs) == 0 {
			top = append(top, cell{col: col, value: g.title, style: styleListHead})
			sub = append(sub, cell{col: col, style: styleListHead})
			from, _ := excelize.CoordinatesToCellName(col, first)
			to, _ := excelize.CoordinatesToCellName(col, first+1)
			if err := s.sw.MergeCell(from, to); err != nil {
				return nil, nil, fmt.Errorf("reports: sheet %q merge: %w", name, err)
			}
			col++
			continue
		}
		top = append(top, cell{col: col, span: len(g.subs), value: g.title, style: styleListHead})
		for i, c := range g.subs {
			sub = append(sub, cell{col: col + i, value: c.title, style: styleListHead})
		}
		col += len(g.subs)
	}
	if err := s.row(0, top...); err != nil {
		return nil, nil, err
	}
	if err := s.row(rowHeight(1, sizeList), sub...); err != nil {
		return nil, nil, err
	}
	for _, cells := range extra {
		if err := s.row(0, cells...); err != nil {
			return nil, nil, err
		}
	}
	t, err := newTable(s, cols)
	if err != nil {
		return nil, nil, err
	}
	return s, t, nil
}

// rowMetrics are the shares of the per-committee sheet, each a count and a percentage.
var rowMetrics = []targets.Metric{targets.MetricWomen, targets.MetricUnder40, targets.MetricAge40To50, targets.MetricOver50,
	targets.MetricYoung, targets.MetricMinority, targets.MetricReelected}

// shortMetric is a metric's name in a narrow column head.
var shortMetric = map[targets.Metric]string{
	targets.MetricWomen: "Nữ", targets.MetricUnder40: "Dưới 40 tuổi", targets.MetricAge40To50: "Từ 40 đến 50 tuổi",
	targets.MetricOver50: "Trên 50 tuổi", targets.MetricYoung: "Cán bộ trẻ (dưới 35)", targets.MetricMinority: "Dân tộc thiểu số",
	targets.MetricReelected: "Tái cử",
}

func writeStructureRows(f *excelize.File, styles *styleSet, r StructureReport) error {
	st := r.Structure
	h := r.Header
	h.Title, h.Subtitle = "CƠ CẤU CẤP ỦY KHÓA MỚI THEO TỪNG TỔ CHỨC ĐẢNG", r.Scope
	groups := []headGroup{{title: "STT", width: 5, align: "center"}, {title: "Tổ chức đảng", width: 27, align: "left"},
		{title: "Số lượng", width: 6.5, align: "center"}}
	for _, m := range rowMetrics {
		groups = append(groups, headGroup{title: shortMetric[m], subs: []column{{"SL", 4.5, "center"}, {"Tỷ lệ", 9.5, "center"}}})
	}
	groups = append(groups, headGroup{title: "Tuổi bình quân", width: 6.5, align: "center"},
		headGroup{title: "Chưa đạt chỉ tiêu", width: 17, align: "left"})
	// The targets under the column heads: the reader sees what each share is held against.
	targetsRow := []cell{{col: 1, span: 3, value: "Chỉ tiêu định hướng", style: styleListBold}}
	byMetric := map[targets.Metric]string{}
	for _, g := range st.Targets {
		byMetric[g.Metric] = g.Requirement()
	}
	for i, m := range rowMetrics {
		targetsRow = append(targetsRow, cell{col: 4 + 2*i, span: 2, value: byMetric[m], style: styleListTotal})
	}
	n := 3 + 2*len(rowMetrics)
	targetsRow = append(targetsRow, cell{col: n + 1, span: 2, style: styleListTotal})
	s, t, err := groupedSheet(f, styles, "Theo tổ chức", h, groups, [][]cell{targetsRow})
	if err != nil {
		return err
	}
	write := func(i any, row targets.StructureRow) error {
		values := []any{i, row.Organization, row.Size}
		for _, m := range rowMetrics {
			ch := checkOf(row, m)
			values = append(values, ch.Count, shareText(ch))
		}
		return t.row(append(values, averageAge(row.AverageAgeTenths()), missedLabels(row))...)
	}
	for i, row := range st.Rows {
		if err := write(i+1, row); err != nil {
			return err
		}
	}
	total := st.Total
	total.Organization = fmt.Sprintf("Tổng cộng (%s cấp ủy)", vn.FormatInt(int64(len(st.Rows))))
	if err := write("", total); err != nil {
		return err
	}
	if err := s.blank(gap); err != nil {
		return err
	}
	if err := note(s, "Dấu (*): chưa đạt chỉ tiêu định hướng. Độ tuổi tính đến ngày đại hội; tỷ lệ tính trên số cấp ủy viên của từng cấp ủy."); err != nil {
		return err
	}
	return s.flush()
}

func writeStructureLevels(f *excelize.File, styles *styleSet, r StructureReport) error {
	st := r.Structure
	h := r.Header
	h.Title, h.Subtitle = "TRÌNH ĐỘ CỦA CẤP ỦY VIÊN KHÓA MỚI", r.Scope
	degrees := make([]column, len(targets.DegreeLabels))
	for i, l := range targets.DegreeLabels {
		degrees[i] = column{l, 8, "center"}
	}
	theory := make([]column, len(targets.TheoryLabels))
	for i, l := range targets.TheoryLabels {
		theory[i] = column{l, 9, "center"}
	}
	groups := []headGroup{{title: "STT", width: 5, align: "center"}, {title: "Tổ chức đảng", width: 30, align: "left"},
		{title: "Số lượng", width: 7, align: "center"}, {title: "Trình độ chuyên môn", subs: degrees},
		{title: "Lý luận chính trị", subs: theory}}
	s, t, err := groupedSheet(f, styles, "Trình độ", h, groups, nil)
	if err != nil {
		return err
	}
	write := func(i any, row targets.StructureRow) error {
		values := []any{i, row.Organization, row.Size}
		for _, c := range row.Degrees {
			values = append(values, c)
		}
		for _, c := range row.Theory {
			values = append(values, c)
		}
		return t.row(values...)
	}
	for i, row := range st.Rows {
		if err := write(i+1, row); err != nil {
			return err
		}
	}
	total := st.Total
	total.Organization = "Tổng cộng"
	if err := write("", total); err != nil {
		return err
	}
	shares := []any{"", "Tỷ lệ", percentText(targets.PercentHundredths(total.Size, total.Size))}
	for _, c := range total.Degrees {
		shares = append(shares, percentText(targets.PercentHundredths(c, total.Size)))
	}
	for _, c := range total.Theory {
		shares = append(shares, percentText(targets.PercentHundredths(c, total.Size)))
	}
	if err := t.row(shares...); err != nil {
		return err
	}
	return s.flush()
}

// chartMetrics are the shares the bar chart shows.
var chartMetrics = []targets.Metric{targets.MetricWomen, targets.MetricUnder40, targets.MetricAge40To50, targets.MetricOver50,
	targets.MetricYoung, targets.MetricMinority, targets.MetricReelected, targets.MetricPostgraduate, targets.MetricTheoryHigh}

var chartColumns = []column{{"Tiêu chí", 34, "left"}, {"Tỷ lệ thực tế (%)", 16, "center"}, {"Chỉ tiêu (%)", 16, "center"}, {"Ghi chú", 18, "left"}}

func writeStructureCharts(f *excelize.File, styles *styleSet, r StructureReport) error {
	st := r.Structure
	h := r.Header
	h.Title, h.Subtitle = "BIỂU ĐỒ CƠ CẤU CẤP ỦY KHÓA MỚI", r.Scope
	const name = "Biểu đồ"
	s, t, err := listSheet(f, styles, name, false, h, chartColumns, false, false)
	if err != nil {
		return err
	}
	firstData := s.next
	for _, m := range chartMetrics {
		ch := checkOf(st.Total, m)
		var goal any
		remark := "Không có chỉ tiêu"
		if ch.Target != nil {
			goal, remark = ch.Target.Value, ch.Target.Requirement()
		}
		if err := t.row(m.Label(), float64(ch.PercentHundredths)/100, goal, remark); err != nil {
			return err
		}
	}
	lastData := s.next - 1
	ages := s.next + 1
	if err := s.blank(gap); err != nil {
		return err
	}
	for _, m := range []targets.Metric{targets.MetricUnder40, targets.MetricAge40To50, targets.MetricOver50} {
		ch := checkOf(st.Total, m)
		if err := t.row(m.Label(), float64(ch.PercentHundredths)/100, nil, vn.FormatInt(int64(ch.Count))+" người"); err != nil {
			return err
		}
	}
	// The charts need numbers, which a spreadsheet writes with its own decimal point; the
	// Vietnamese number format ([$-42A]) writes "22,22" as a party document does.
	decimal := "[$-42A]0.00"
	numStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &decimal,
		Font:      &excelize.Font{Family: fontFamily, Size: sizeList, Color: "000000"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
		Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
			{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return fmt.Errorf("reports: style: %w", err)
	}
	for _, span := range [][2]int{{firstData, lastData}, {ages, ages + 2}} {
		if err := f.SetCellStyle(name, fmt.Sprintf("B%d", span[0]), fmt.Sprintf("C%d", span[1]), numStyle); err != nil {
			return fmt.Errorf("reports: chart figures: %w", err)
		}
	}
	axisFormat := excelize.ChartNumFmt{CustomNumFmt: "[$-42A]0"}
	font := excelize.Font{Family: fontFamily, Size: 10, Color: "000000"}
	ref := func(col string, from, to int) string {
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", quoteSheet(name), col, from, col, to)
	}
	zero, hundred := 0.0, 100.0
	bars := &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{
			{Name: quoteSheet(name) + "!$B$" + fmt.Sprint(firstData-1), Categories: ref("A", firstData, lastData), Values: ref("B", firstData, lastData),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"A50E15"}}},
			{Name: quoteSheet(name) + "!$C$" + fmt.Sprint(firstData-1), Categories: ref("A", firstData, lastData), Values: ref("C", firstData, lastData),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"9E9E9E"}}},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Tỷ lệ so với chỉ tiêu định hướng (%)", Font: &font}}},
		Legend:    excelize.ChartLegend{Position: "bottom", Font: &font},
		XAxis:     excelize.ChartAxis{Font: font},
		YAxis:     excelize.ChartAxis{Font: font, MajorGridLines: true, Minimum: &zero, Maximum: &hundred, NumFmt: axisFormat},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 600, Height: 330},
	}
	chartRow := s.next + 2
	if err := f.AddChart(name, fmt.Sprintf("A%d", chartRow), bars); err != nil {
		return fmt.Errorf("reports: chart: %w", err)
	}
	pie := &excelize.Chart{
		Type:      excelize.Pie,
		Series:    []excelize.ChartSeries{{Name: "Độ tuổi", Categories: ref("A", ages, ages+2), Values: ref("B", ages, ages+2)}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Cơ cấu độ tuổi (%)", Font: &font}}},
		Legend:    excelize.ChartLegend{Position: "right", Font: &font},
		PlotArea:  excelize.ChartPlotArea{ShowPercent: true},
		Dimension: excelize.ChartDimension{Width: 600, Height: 280},
	}
	// The bar chart takes about 17 rows of the default height.
	if err := f.AddChart(name, fmt.Sprintf("A%d", chartRow+19), pie); err != nil {
		return fmt.Errorf("reports: chart: %w", err)
	}
	return nil
}
