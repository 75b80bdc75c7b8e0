package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// The list reports (one congress's committee, or every congress of a province) share their make:
// the party header, then a bordered table whose header row is frozen on screen and repeated on
// every printed page. Long tables go through excelize's StreamWriter, one row at a time. Each row
// gets the height of its wrapped text, measured here: LibreOffice prints a row without a height at
// the default height, cutting the second line of a name or a post.

// column is one column of a list table.
type column struct {
	title string
	width float64 // Excel character units
	align string  // left (text), center (codes, dates, counts), right (figures)
}

// widthsOf is the grid of a table's columns.
func widthsOf(cols []column) grid {
	g := make(grid, len(cols))
	for i, c := range cols {
		g[i] = c.width
	}
	return g
}

// Cell styles of the list tables: smaller type than the minutes' tables, since a list is wide.
const sizeList = 11

var (
	styleListHead   = styleKey{size: sizeList, bold: true, align: "center", valign: "center", wrap: true, border: borderBox}
	styleListBold   = styleKey{size: sizeList, bold: true, align: "left", valign: "center", wrap: true, border: borderBox}
	styleListNote   = styleKey{size: sizeSmall, italic: true, align: "left", valign: "top", wrap: true}
	styleListTotal  = styleKey{size: sizeList, bold: true, align: "center", valign: "center", wrap: true, border: borderBox}
	styleListMissed = styleKey{size: sizeList, bold: true, italic: true, align: "center", valign: "center", wrap: true, border: borderBox}
)

// listCellStyle is the style of a data cell aligned align.
func listCellStyle(align string) styleKey {
	return styleKey{size: sizeList, align: align, valign: "center", wrap: true, border: borderBox}
}

// table writes the data rows of a list quickly: one style per column resolved once, one reused
// row of cells, and the text measured with widths cached per letter.
type table struct {
	s      *sheetWriter
	cols   []column
	styles []int
	cells  []any
	// room is the width in pixels left for the text of each column, at the table's type size.
	room []float64
	// widths caches a letter's advance at sizeList, in pixels, for the letters below U+2000 (Latin
	// with every Vietnamese letter); known says which are cached. Others are measured each time.
	widths *[0x2000]float64
	known  *[0x2000]bool
}

// newTable prepares the rows of cols on s, whose header row is already written.
func newTable(s *sheetWriter, cols []column) (*table, error) {
	t := &table{s: s, cols: cols, styles: make([]int, len(cols)), cells: make([]any, len(cols)), room: make([]float64, len(cols)),
		widths: new([0x2000]float64), known: new([0x2000]bool)}
	for i, c := range cols {
		t.room[i] = s.spanPx(i+1, 1)
		id, err := s.styles.id(listCellStyle(c.align))
		if err != nil {
			return nil, err
		}
		t.styles[i] = id
	}
	return t, nil
}

// lines counts the lines a spreadsheet's word wrap makes of text in a column of room pixels, in
// one pass over the text: it runs for every cell of lists of tens of thousands of rows.
func (t *table) lines(text string, room float64) int {
	room /= bodySafety
	space := t.advance(' ')
	n, line, word := 1, 0.0, 0.0
	endWord := func() {
		switch {
		case word == 0:
		case line == 0:
			line = word
		case line+space+word <= room:
			line += space + word
		default:
			n++
			line = word
		}
		for line > room { // a word wider than the column is broken inside it
			n++
			line -= room
		}
		word = 0
	}
	for _, r := range text {
		switch r {
		case '\n':
			endWord()
			n++
			line = 0
		case ' ', '\t':
			endWord()
		default:
			word += t.advance(r)
		}
	}
	endWord()
	return n
}

// advance is the width of r in pixels at the table's type size, cached: charWidth decomposes
// Vietnamese letters to find their base letter.
func (t *table) advance(r rune) float64 {
	if r >= 0 && r < 0x2000 && t.known[r] {
		return t.widths[r]
	}
	w := float64(charWidth(r, false)) / 1000 * sizeList * pxPerPoint
	if r >= 0 && r < 0x2000 {
		t.widths[r], t.known[r] = w, true
	}
	return w
}

// row writes one data row at the height of its tallest cell; strings go through SafeText, nil
// leaves a bordered empty cell.
func (t *table) row(values ...any) error {
	s := t.s
	r := s.next
	s.next++
	lines := 1
	for i := range t.cells {
		var v any
		if i < len(values) {
			v = values[i]
		}
		if text, ok := v.(string); ok {
			v = SafeText(text)
			if n := t.lines(v.(string), t.room[i]); n > lines {
				lines = n
			}
		}
		t.cells[i] = excelize.Cell{StyleID: t.styles[i], Value: v}
	}
	height := rowHeight(lines, sizeList)
	if s.used += height; s.used > s.page {
		s.used = s.repeat + height
	}
	if s.sw == nil {
		for i, c := range t.cells {
			ref, _ := excelize.CoordinatesToCellName(i+1, r)
			cl := c.(excelize.Cell)
			var err error
			switch v := cl.Value.(type) {
			case string:
				err = s.f.SetCellStr(s.name, ref, v)
			case int:
				err = s.f.SetCellInt(s.name, ref, int64(v))
			case float64:
				err = s.f.SetCellFloat(s.name, ref, v, -1, 64)
			}
			if err == nil {
				err = s.f.SetCellStyle(s.name, ref, ref, cl.StyleID)
			}
			if err != nil {
				return fmt.Errorf("reports: sheet %q cell %s: %w", s.name, ref, err)
			}
		}
		if err := s.f.SetRowHeight(s.name, r, height); err != nil {
			return fmt.Errorf("reports: sheet %q row %d: %w", s.name, r, err)
		}
		return nil
	}
	if err := s.sw.SetRow("A"+strconv.Itoa(r), t.cells, excelize.RowOpts{Height: height}); err != nil {
		return fmt.Errorf("reports: sheet %q row %d: %w", s.name, r, err)
	}
	return nil
}

// line returns a data row as a line to write later in a block, so that the last row of a table
// can keep the notes and the signature under it company on their page.
func (t *table) line(values ...any) line {
	l := line{height: rowHeight(1, sizeList)}
	lines := 1
	for i, v := range values {
		if i >= len(t.cols) {
			break
		}
		if text, ok := v.(string); ok {
			lines = max(lines, t.lines(SafeText(text), t.room[i]))
		}
		l.cells = append(l.cells, cell{col: i + 1, value: v, style: listCellStyle(t.cols[i].align)})
	}
	for i := len(values); i < len(t.cols); i++ {
		l.cells = append(l.cells, cell{col: i + 1, style: listCellStyle(t.cols[i].align)})
	}
	l.height = rowHeight(lines, sizeList)
	return l
}

// headRow writes a table's header row.
func headRow(s *sheetWriter, cols []column) error {
	cells := make([]cell, len(cols))
	for i, c := range cols {
		cells[i] = cell{col: i + 1, value: c.title, style: styleListHead}
	}
	return s.row(0, cells...)
}

// listSheet adds a sheet laid out as a party document with one table: the header, the table's
// header row (frozen, and repeated on each printed page), and returns the writer and the table.
func listSheet(f *excelize.File, styles *styleSet, name string, first bool, h DocHeader, cols []column, landscape bool, stream bool) (*sheetWriter, *table, error) {
	widths := widthsOf(cols)
	titleRow := h.HeaderRows(widths) + 1
	s, err := newSheet(f, styles, name, first, sheetOptions{widths: widths, landscape: landscape, stream: stream, titleRow: titleRow})
	if err != nil {
		return nil, nil, err
	}
	fitPage(s, landscape)
	if err := h.writeHeader(s); err != nil {
		return nil, nil, err
	}
	if err := headRow(s, cols); err != nil {
		return nil, nil, err
	}
	t, err := newTable(s, cols)
	if err != nil {
		return nil, nil, err
	}
	return s, t, nil
}

// fitPage corrects the page height the sheet's page breaks are reckoned on for a sheet wider than
// the paper: printed one page wide, it is scaled down, and so a page holds more of its rows.
func fitPage(s *sheetWriter, landscape bool) {
	paper := 210.0 - marginLeft - marginRight
	if landscape {
		paper = 297 - marginLeft - marginRight
	}
	room := paper / 25.4 * 96 // pixels at 96 dpi, the unit of column widths
	if width := s.widths.rawPx(1, len(s.widths)); width > room {
		s.page = pageHeight(landscape) * width / room
	}
}

// newWorkbook starts a workbook in the party's typeface.
func newWorkbook() (*excelize.File, *styleSet, error) {
	f := excelize.NewFile()
	if err := f.SetDefaultFont(fontFamily); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("reports: default font: %w", err)
	}
	return f, newStyleSet(f), nil
}

// note writes a line of small italic text across the sheet, such as a table's footnote.
func note(s *sheetWriter, text string) error {
	return s.row(0, cell{col: 1, span: s.cols(), value: text, style: styleListNote})
}

// signature writes a signature block on the right, after lines that belong with it on the same
// page (the notes, the report's last part): a signature alone on a page signs nothing a reader
// sees. Without signFor only the lines are written.
func signature(s *sheetWriter, from int, signFor, title, name string, before ...line) error {
	return s.block(append(before, signatureLines(s, from, signFor, title, name)...)...)
}

// signatureLines are the rows of a signature on the right, from column from: who signs for whom,
// the office, room to sign and the name; none when signFor is empty.
func signatureLines(s *sheetWriter, from int, signFor, title, name string) []line {
	if strings.TrimSpace(signFor) == "" {
		return nil
	}
	n := s.cols()
	right := func(v string, st styleKey) []cell {
		return []cell{{col: from, span: n - from + 1, value: v, style: st}}
	}
	lines := []line{{height: rowHeight(1, sizeBody)}, {cells: right(upper(signFor), styleSignRole)}}
	if t := strings.TrimSpace(title); t != "" {
		lines = append(lines, line{cells: right(upper(t), styleSignRole)})
	}
	return append(lines, line{cells: right("(Ký, ghi rõ họ tên)", styleSignNote)}, line{height: signRoom, cells: right(name, styleSignName)})
}

// noteLine is a line of small italic text across the sheet, to be written in a block.
func noteLine(s *sheetWriter, text string) line {
	return line{cells: []cell{{col: 1, span: s.cols(), value: text, style: styleListNote}}}
}

// writeBook ends a workbook: the zip written to w. The first sheet is the active one already;
// SetActiveSheet would read every streamed sheet back into memory to unselect it.
func writeBook(f *excelize.File, w interface{ Write([]byte) (int, error) }, what string) error {
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("reports: write %s: %w", what, err)
	}
	return nil
}
