package reports

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// fontFamily is the typeface of every party document (Hướng dẫn 36-HD/VPTW).
const fontFamily = "Times New Roman"

// Border sides of a style, as bit flags.
const (
	borderTop = 1 << iota
	borderBottom
	borderLeft
	borderRight
	borderBox = borderTop | borderBottom | borderLeft | borderRight
)

// styleKey describes a cell style; equal keys share one style in the workbook.
type styleKey struct {
	size         float64
	bold, italic bool
	align        string // horizontal: left, center, right
	valign       string // vertical: top, center, bottom
	wrap         bool
	indent       int
	border       int
}

// styleSet creates each distinct style once per workbook.
type styleSet struct {
	f   *excelize.File
	ids map[styleKey]int
}

func newStyleSet(f *excelize.File) *styleSet {
	return &styleSet{f: f, ids: make(map[styleKey]int)}
}

// id returns the workbook's style for k, creating it on first use.
func (s *styleSet) id(k styleKey) (int, error) {
	if id, ok := s.ids[k]; ok {
		return id, nil
	}
	st := &excelize.Style{
		Font: &excelize.Font{Family: fontFamily, Size: k.size, Bold: k.bold, Italic: k.italic, Color: "000000"},
		Alignment: &excelize.Alignment{
			Horizontal: k.align, Vertical: k.valign, WrapText: k.wrap, Indent: k.indent,
		},
	}
	for _, side := range []struct {
		bit  int
		name string
	}{{borderLeft, "left"}, {borderRight, "right"}, {borderTop, "top"}, {borderBottom, "bottom"}} {
		if k.border&side.bit != 0 {
			st.Border = append(st.Border, excelize.Border{Type: side.name, Color: "000000", Style: 1})
		}
	}
	id, err := s.f.NewStyle(st)
	if err != nil {
		return 0, fmt.Errorf("reports: style: %w", err)
	}
	s.ids[k] = id
	return id, nil
}

// cell is one value placed on a row: it starts at column col (1-based) and, when span > 1, is merged
// with the span-1 columns after it, which take its style so that borders run along the whole cell.
type cell struct {
	col, span int
	value     any // string, int or nil
	style     styleKey
}

// sheetOptions sets up a worksheet before its first row.
type sheetOptions struct {
	widths    grid // column widths, Excel character units; their count is the sheet's width
	landscape bool
	stream    bool // rows go through excelize's StreamWriter: for lists that may be long
	// titleRow is the table's own header row (1-based), frozen on screen and repeated on every
	// printed page; 0 for a document with no single table.
	titleRow int
}

// grid is the column widths of a sheet, in Excel character units.
type grid []float64

// rawPx is the width in pixels of span columns from col (1-based).
func (g grid) rawPx(col, span int) float64 {
	px := 0.0
	for i := col; i < col+span && i <= len(g); i++ {
		px += columnPx(g[i-1])
	}
	return px
}

// spanPx is the width in pixels left for text in a cell spanning span columns from col.
func (g grid) spanPx(col, span int) float64 { return g.rawPx(col, span) - cellPadding }

// sheetWriter writes the rows of one worksheet in order, through excelize's cell API or its
// StreamWriter, so that the party header and the tables are written by the same code either way.
// It also keeps count of the printed height of the current page, so that a block of rows that
// belongs together (a heading and its table, the closing and the signatures) can start a new page
// rather than be split.
type sheetWriter struct {
	f      *excelize.File
	name   string
	sw     *excelize.StreamWriter
	widths grid
	styles *styleSet
	next   int     // the row the next call writes, 1-based
	page   float64 // printable height of a page, in points
	used   float64 // height already used on the current page, in points
	// titleRow is the row printed again at the top of every page, and repeat its height.
	titleRow int
	repeat   float64
}

// newSheet adds the worksheet name (or takes over the workbook's first, still empty, sheet when first
// is true) and sets its columns, page and panes. A streamed sheet must be set up in full before its
// first row, so everything that excelize cannot change afterwards is done here.
func newSheet(f *excelize.File, styles *styleSet, name string, first bool, opt sheetOptions) (*sheetWriter, error) {
	if first {
		if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
			return nil, fmt.Errorf("reports: sheet %q: %w", name, err)
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return nil, fmt.Errorf("reports: sheet %q: %w", name, err)
	}
	if err := setupPage(f, name, opt.landscape, opt.titleRow); err != nil {
		return nil, err
	}
	s := &sheetWriter{f: f, name: name, widths: opt.widths, styles: styles, next: 1,
		page: pageHeight(opt.landscape), titleRow: opt.titleRow}
	if opt.stream {
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return nil, fmt.Errorf("reports: sheet %q: %w", name, err)
		}
		s.sw = sw
	}
	for i, w := range opt.widths {
		var err error
		if s.sw != nil {
			err = s.sw.SetColWidth(i+1, i+1, w)
		} else {
			col, _ := excelize.ColumnNumberToName(i + 1)
			err = f.SetColWidth(name, col, col, w)
		}
		if err != nil {
			return nil, fmt.Errorf("reports: sheet %q: width: %w", name, err)
		}
	}
	if opt.titleRow > 0 {
		panes := &excelize.Panes{
			Freeze: true, YSplit: opt.titleRow, TopLeftCell: fmt.Sprintf("A%d", opt.titleRow+1),
			ActivePane: "bottomLeft",
			Selection:  []excelize.Selection{{SQRef: fmt.Sprintf("A%d", opt.titleRow+1), ActiveCell: fmt.Sprintf("A%d", opt.titleRow+1), Pane: "bottomLeft"}},
		}
		var err error
		if s.sw != nil {
			err = s.sw.SetPanes(panes)
		} else {
			err = f.SetPanes(name, panes)
		}
		if err != nil {
			return nil, fmt.Errorf("reports: sheet %q: panes: %w", name, err)
		}
	}
	return s, nil
}

// Page margins in millimetres (Hướng dẫn 36-HD/VPTW).
const (
	marginTop, marginBottom = 20, 20
	marginLeft, marginRight = 30, 15
	mm                      = 1 / 25.4 // excelize takes margins in inches
)

// pageHeight is the printable height of an A4 page in points: the sheets are sized to print at 100%.
func pageHeight(landscape bool) float64 {
	paper := 297.0
	if landscape {
		paper = 210
	}
	return (paper - marginTop - marginBottom) * 72 / 25.4
}

// setupPage prints the sheet on A4, fitted to one page wide and as many pages tall as it needs, with
// the margins of Hướng dẫn 36-HD/VPTW (top and bottom 20 mm, left 30 mm, right 15 mm), page numbers
// in the footer and, when titleRow > 0, that row repeated at the top of every page.
func setupPage(f *excelize.File, sheet string, landscape bool, titleRow int) error {
	orientation := "portrait"
	if landscape {
		orientation = "landscape"
	}
	a4, one, auto, yes := 9, 1, 0, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &a4, Orientation: &orientation, FitToWidth: &one, FitToHeight: &auto,
	}); err != nil {
		return fmt.Errorf("reports: sheet %q: page: %w", sheet, err)
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return fmt.Errorf("reports: sheet %q: page: %w", sheet, err)
	}
	top, bottom, left, right, header, footer := marginTop*mm, marginBottom*mm, marginLeft*mm, marginRight*mm, 8*mm, 8*mm
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Top: &top, Bottom: &bottom, Left: &left, Right: &right, Header: &header, Footer: &footer,
	}); err != nil {
		return fmt.Errorf("reports: sheet %q: margins: %w", sheet, err)
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddFooter: `&C&"` + fontFamily + `,Regular"&11Trang &P/&N`,
	}); err != nil {
		return fmt.Errorf("reports: sheet %q: footer: %w", sheet, err)
	}
	if titleRow > 0 {
		ref := fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), titleRow, titleRow)
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name: "_xlnm.Print_Titles", RefersTo: ref, Scope: sheet,
		}); err != nil {
			return fmt.Errorf("reports: sheet %q: print titles: %w", sheet, err)
		}
	}
	return nil
}

// quoteSheet quotes a sheet name for a formula reference: 'Vòng 1 - BCH'.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}

// spanPx is the width in pixels left for text in a cell spanning span columns from col.
func (s *sheetWriter) spanPx(col, span int) float64 { return s.widths.spanPx(col, span) }

// cols is the number of columns of the sheet.
func (s *sheetWriter) cols() int { return len(s.widths) }

// fitHeight returns the height of a row whose cells wrap their text within their width.
func (s *sheetWriter) fitHeight(cells ...cell) float64 {
	h := 0.0
	for _, c := range cells {
		text, ok := c.value.(string)
		size := c.style.size
		if !ok || size == 0 {
			continue
		}
		lines := 1
		if c.style.wrap {
			lines = countLines(text, size, c.style.bold, s.spanPx(c.col, max(c.span, 1))-float64(c.style.indent)*indentPx)
		}
		h = max(h, rowHeight(lines, size))
	}
	return h
}

// row writes the next row with the given height in points (0: fitted to its cells' text).
func (s *sheetWriter) row(height float64, cells ...cell) error {
	if height == 0 {
		height = s.fitHeight(cells...)
	}
	r := s.next
	s.next++
	if r == s.titleRow {
		s.repeat = height
	}
	if s.used += height; s.used > s.page { // the row went over to a new page
		s.used = s.repeat + height
	}
	if s.sw != nil {
		return s.streamRow(r, height, cells)
	}
	for _, c := range cells {
		span := max(c.span, 1)
		from, _ := excelize.CoordinatesToCellName(c.col, r)
		to, _ := excelize.CoordinatesToCellName(c.col+span-1, r)
		style, err := s.styles.id(c.style)
		if err != nil {
			return err
		}
		switch v := c.value.(type) {
		case string:
			// SetCellStr stores a shared string, never a formula, whatever the text looks like.
			err = s.f.SetCellStr(s.name, from, SafeText(v))
		case int:
			err = s.f.SetCellInt(s.name, from, int64(v))
		case nil:
		default:
			err = fmt.Errorf("unsupported value %T", v)
		}
		if err == nil {
			err = s.f.SetCellStyle(s.name, from, to, style)
		}
		if err == nil && span > 1 {
			err = s.f.MergeCell(s.name, from, to)
		}
		if err != nil {
			return fmt.Errorf("reports: sheet %q cell %s: %w", s.name, from, err)
		}
	}
	if height > 0 {
		if err := s.f.SetRowHeight(s.name, r, height); err != nil {
			return fmt.Errorf("reports: sheet %q row %d: %w", s.name, r, err)
		}
	}
	return nil
}

func (s *sheetWriter) streamRow(r int, height float64, cells []cell) error {
	width := 0
	for _, c := range cells {
		width = max(width, c.col+max(c.span, 1)-1)
	}
	values := make([]any, width)
	for _, c := range cells {
		span := max(c.span, 1)
		style, err := s.styles.id(c.style)
		if err != nil {
			return err
		}
		v := c.value
		if text, ok := v.(string); ok {
			v = SafeText(text) // a string Value is written as an inline string, never a formula
		}
		values[c.col-1] = excelize.Cell{StyleID: style, Value: v}
		for i := 1; i < span; i++ {
			values[c.col-1+i] = excelize.Cell{StyleID: style}
		}
		if span > 1 {
			from, _ := excelize.CoordinatesToCellName(c.col, r)
			to, _ := excelize.CoordinatesToCellName(c.col+span-1, r)
			if err := s.sw.MergeCell(from, to); err != nil {
				return fmt.Errorf("reports: sheet %q merge %s:%s: %w", s.name, from, to, err)
			}
		}
	}
	opts := excelize.RowOpts{Height: height}
	if err := s.sw.SetRow(fmt.Sprintf("A%d", r), values, opts); err != nil {
		return fmt.Errorf("reports: sheet %q row %d: %w", s.name, r, err)
	}
	return nil
}

// line is a row to be written later, as part of a block.
type line struct {
	height float64 // points; 0 for fitted to the text
	cells  []cell
}

// block writes rows that belong together. When they do not fit on what is left of the page but would
// fit on a page of their own, a page break goes before them; a block longer than a page at least
// starts on a page with room for its first rows (a heading is never left alone at a page's foot).
func (s *sheetWriter) block(lines ...line) error {
	total, head := 0.0, 0.0
	for i := range lines {
		if lines[i].height == 0 {
			lines[i].height = s.fitHeight(lines[i].cells...)
		}
		total += lines[i].height
		if i < 4 {
			head += lines[i].height
		}
	}
	need := total
	if total > s.page {
		need = head
	}
	if s.used > s.repeat && s.used+need > s.page {
		if err := s.pageBreak(); err != nil {
			return err
		}
	}
	for _, l := range lines {
		if err := s.row(l.height, l.cells...); err != nil {
			return err
		}
	}
	return nil
}

// pageBreak starts a new printed page at the next row.
func (s *sheetWriter) pageBreak() error {
	ref := fmt.Sprintf("A%d", s.next)
	var err error
	if s.sw != nil {
		err = s.sw.InsertPageBreak(ref)
	} else {
		err = s.f.InsertPageBreak(s.name, ref)
	}
	if err != nil {
		return fmt.Errorf("reports: sheet %q: page break: %w", s.name, err)
	}
	s.used = s.repeat
	return nil
}

// blank writes an empty row of the given height in points.
func (s *sheetWriter) blank(height float64) error { return s.row(height) }

// flush ends a streamed sheet; it does nothing for a sheet written cell by cell.
func (s *sheetWriter) flush() error {
	if s.sw == nil {
		return nil
	}
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("reports: sheet %q: %w", s.name, err)
	}
	return nil
}
