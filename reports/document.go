// Package reports writes daihoi's Excel workbooks: the counting minutes and the lists the higher
// committee compiles, each laid out as a party document (Hướng dẫn 36-HD/VPTW: Times New Roman, A4,
// the issuing body and "ĐẢNG CỘNG SẢN VIỆT NAM" at the top, the title in capitals).
//
// Reports take plain data (the structs defined here) and never touch the database or the HTTP
// request: the server fetches, the reports write. Sheets that may be long are written through
// excelize's StreamWriter, with the same header and table code as the others. Every piece of user
// text goes through SafeText, so no spreadsheet ever runs it as a formula.
package reports

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"daihoi/internal/vn"
)

// partyName is the top right line of every party document.
const partyName = "ĐẢNG CỘNG SẢN VIỆT NAM"

// Font sizes of a party document, in points.
const (
	sizeSuperior = 14 // the superior body, top left
	sizeParty    = 15 // "ĐẢNG CỘNG SẢN VIỆT NAM"
	sizeDate     = 14 // place and date, italics
	sizeTitle    = 16 // the document's name, e.g. "BIÊN BẢN KIỂM PHIẾU"
	sizeSubtitle = 14 // what it is about, under the title
	sizeBody     = 14 // running text
	sizeTable    = 13 // table cells
	sizeSmall    = 11 // the fingerprint and other technical notes
)

// DocHeader is the head of a party document: the issuing body on the left, the party's name with
// the place and date on the right, then the title. Documents of a congress are issued in the
// congress's own name, e.g. Issuer "ĐẢNG BỘ SỞ KHOA HỌC VÀ CÔNG NGHỆ" and IssuerSub "ĐẠI HỘI LẦN THỨ
// II, NHIỆM KỲ 2020 – 2025". Superior, Issuer, IssuerSub and Title are printed in capitals whatever
// case they are given in. A line too long for its block is broken where a typist would break it
// (after a comma, before "VÀ", never inside "CƠ QUAN"); a "\n" forces a break.
type DocHeader struct {
	Superior  string    // the superior body, e.g. "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH"
	Issuer    string    // the issuing body, printed bold
	IssuerSub string    // an optional second bold line under the issuer: the congress and its term
	Number    string    // the number and symbol, "Số 05-BB/ĐH" (printed without a colon)
	Place     string    // the place of the date line, e.g. "Đồng Tháp"
	Date      time.Time // the document's date; the zero time prints "ngày … tháng … năm …" to fill in
	Title     string    // e.g. "BIÊN BẢN KIỂM PHIẾU"
	Subtitle  string    // e.g. "Bầu Ban Chấp hành Đảng bộ khóa II, nhiệm kỳ 2020 – 2025"
}

// HeaderRows returns how many rows the header takes at the top of a sheet whose columns have the
// given widths (Excel character units), the blank row after the title included: a list report
// writes its table's header on row HeaderRows(widths)+1 and its data below. The count depends on the
// widths because each printed line of the header is a row of its own — that keeps "ĐẢNG CỘNG SẢN
// VIỆT NAM" level with the first line on the left, with its rule right under it, however the left
// block wraps.
func (h DocHeader) HeaderRows(widths []float64) int {
	return h.layout(grid(widths)).rows()
}

// headerLine is one printed line of the header.
type headerLine struct {
	text         string
	size         float64
	bold, italic bool
}

// headerLayout is a DocHeader placed on a sheet's columns.
type headerLayout struct {
	split            int          // first column of the right block; the left block is 1 … split-1
	left             []headerLine // one per row from row 1
	date             []string     // the place and date, from row 3 (a line under the rule)
	ruleFrom, ruleTo int          // the columns whose top border on row 2 rules "ĐẢNG CỘNG SẢN VIỆT NAM"
	title, subtitle  []string
}

// dateRow is the row the place and date start on: one line under the rule, as in Hướng dẫn 36.
const dateRow = 3

// rows is the number of rows the layout takes.
func (l headerLayout) rows() int {
	n := max(len(l.left), dateRow-1+len(l.date))
	if len(l.title) > 0 {
		n += 3 // a blank row, the title, a blank row
		if len(l.subtitle) > 0 {
			n++
		}
	}
	return n
}

func (h DocHeader) layout(g grid) headerLayout {
	n := len(g)
	l := headerLayout{split: h.headerSplit(g)}
	leftPx, rightPx := g.spanPx(1, l.split-1), g.spanPx(l.split, n-l.split+1)
	add := func(text string, bold bool) {
		if text = strings.TrimSpace(text); text == "" {
			return
		}
		for _, line := range breakLines(text, sizeSuperior, bold, leftPx) {
			l.left = append(l.left, headerLine{text: line, size: sizeSuperior, bold: bold})
		}
	}
	add(upper(h.Superior), false)
	add(upper(h.Issuer), true)
	add(upper(h.IssuerSub), true)
	add("*", false)
	add(number(h.Number), false)
	l.date = breakLines(h.dateLine(), sizeDate, false, rightPx)
	l.ruleFrom, l.ruleTo = ruleColumns(g, l.split)
	if t := strings.TrimSpace(h.Title); t != "" {
		l.title = breakLines(upper(t), sizeTitle, true, g.spanPx(1, n))
		if sub := strings.TrimSpace(h.Subtitle); sub != "" {
			l.subtitle = breakLines(vn.NFC(sub), sizeSubtitle, true, g.spanPx(1, n))
		}
	}
	return l
}

// number drops the colon that Hướng dẫn 36 leaves out of "Số 05-BB/ĐH".
func number(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "Số:"); ok {
		return "Số " + strings.TrimSpace(rest)
	}
	return s
}

// dateLine is the place-and-date line, or a line to fill in by hand when the date is not known.
func (h DocHeader) dateLine() string {
	if h.Date.IsZero() {
		line := "ngày … tháng … năm …"
		if p := strings.TrimSpace(h.Place); p != "" {
			return vn.NFC(p) + ", " + line
		}
		return line
	}
	return vn.DocumentDate(h.Place, h.Date)
}

// upper writes s in capitals, keeping the explicit line breaks.
func upper(s string) string { return strings.ToUpper(vn.NFC(s)) }

// headerSplit divides the columns between the left block (columns 1 … split-1) and the right block
// (split … n): the right block is the fewest last columns that hold "ĐẢNG CỘNG SẢN VIỆT NAM" and
// the date line on one line each, so that the issuing body on the left gets all the rest. When no
// split is wide enough, the right block takes every column but the first.
func (h DocHeader) headerSplit(g grid) int {
	n := len(g)
	need := max(textWidth(partyName, sizeParty, true), textWidth(h.dateLine(), sizeDate, false)) * headingSafety
	for split := n; split > 2; split-- {
		if g.spanPx(split, n-split+1) >= need {
			return split
		}
	}
	return 2
}

// ruleColumns picks, within the right block, the columns whose top border makes the rule under
// "ĐẢNG CỘNG SẢN VIỆT NAM": as close as the grid allows to the width of the words and centred
// under them.
func ruleColumns(g grid, split int) (from, to int) {
	n := len(g)
	words := textWidth(partyName, sizeParty, true)
	centre := g.rawPx(1, split-1) + g.rawPx(split, n-split+1)/2
	from, to = split, n
	bestScore := -1.0
	for a := split; a <= n; a++ {
		for b := a; b <= n; b++ {
			width := g.rawPx(a, b-a+1)
			// Off-centre shows more than a little extra length.
			score := abs(width-words) + 3*abs(g.rawPx(1, a-1)+width/2-centre)
			if bestScore < 0 || score < bestScore {
				from, to, bestScore = a, b, score
			}
		}
	}
	return from, to
}

// writeHeader writes the header on the sheet's first rows, one printed line per row.
func (h DocHeader) writeHeader(s *sheetWriter) error {
	if s.cols() < 2 {
		return errors.New("reports: a party document needs at least two columns")
	}
	if s.next != 1 {
		return errors.New("reports: the document header must be the first rows of its sheet")
	}
	n := s.cols()
	l := h.layout(s.widths)
	rightSpan := n - l.split + 1
	for r := 1; r <= max(len(l.left), dateRow-1+len(l.date)); r++ {
		var cells []cell
		if r <= len(l.left) {
			line := l.left[r-1]
			cells = append(cells, cell{col: 1, span: l.split - 1, value: line.text,
				style: styleKey{size: line.size, bold: line.bold, align: "center", valign: "bottom"}})
		}
		switch {
		case r == 1:
			cells = append(cells, cell{col: l.split, span: rightSpan, value: partyName,
				style: styleKey{size: sizeParty, bold: true, align: "center", valign: "bottom"}})
		case r == 2:
			for c := l.ruleFrom; c <= l.ruleTo; c++ {
				cells = append(cells, cell{col: c, style: styleKey{size: sizeBody, border: borderTop}})
			}
		case r >= dateRow && r-dateRow < len(l.date):
			cells = append(cells, cell{col: l.split, span: rightSpan, value: l.date[r-dateRow],
				style: styleKey{size: sizeDate, italic: true, align: "center", valign: "bottom"}})
		}
		if err := s.row(0, cells...); err != nil {
			return err
		}
	}
	if len(l.title) == 0 {
		return nil
	}
	if err := s.blank(rowHeight(1, sizeBody)); err != nil {
		return err
	}
	if err := s.row(0, cell{col: 1, span: n, value: strings.Join(l.title, "\n"),
		style: styleKey{size: sizeTitle, bold: true, align: "center", valign: "center", wrap: true}}); err != nil {
		return err
	}
	if len(l.subtitle) > 0 {
		if err := s.row(0, cell{col: 1, span: n, value: strings.Join(l.subtitle, "\n"),
			style: styleKey{size: sizeSubtitle, bold: true, align: "center", valign: "center", wrap: true}}); err != nil {
			return err
		}
	}
	return s.blank(rowHeight(1, sizeBody))
}

// SafeText returns user text ready for a cell: in NFC, with line breaks as "\n" and other control
// characters removed (they are not allowed in the file's XML), and — when it begins with "=", "+",
// "-", "@", a tab or a carriage return — prefixed with an apostrophe.
//
// Why the apostrophe: the cells are already written as strings, never as formulas, so Excel and
// LibreOffice show the text as it is. The danger is the next step: a user saves the sheet as CSV and
// opens the CSV, or pastes the cells elsewhere, and the text is read again as a formula ("CSV
// injection"). OWASP's advice is a leading apostrophe: it survives a CSV round trip, it stops the
// formula in every spreadsheet, and a reader sees it — unlike a zero-width character, which some
// tools strip and which hides in copied text. Names and notes that really start with these
// characters are rare, so the visible mark costs little.
func SafeText(s string) string {
	if s == "" {
		return s
	}
	first, _ := utf8.DecodeRuneInString(s)
	risky := strings.ContainsRune("=+-@\t\r", first)
	s = strings.ReplaceAll(strings.ReplaceAll(vn.NFC(s), "\r\n", "\n"), "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || r == '\uFFFE' || r == '\uFFFF' {
			return -1
		}
		return r
	}, s)
	if !risky {
		// Removing a control character may have brought a risky one to the front.
		if first, _ = utf8.DecodeRuneInString(s); !strings.ContainsRune("=+-@\t", first) {
			return s
		}
	}
	return "'" + s
}

// sheetNames hands out worksheet names that Excel accepts: at most 31 characters, none of
// [ ] : * ? / \, no apostrophe at either end, not "History", and unique regardless of case.
type sheetNames map[string]bool

// name returns base made valid, shortened to fit and, when the name is taken, numbered: "Vòng 1 -
// BCH (2)".
func (u sheetNames) name(base string) string {
	const limit = 31
	base = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || unicode.IsControl(r) {
			return '-'
		}
		return r
	}, vn.NFC(base))
	base = strings.Trim(strings.Join(strings.Fields(base), " "), "'")
	for i := 1; ; i++ {
		tail := ""
		if i > 1 {
			tail = " (" + strconv.Itoa(i) + ")"
		}
		head := []rune(base)
		if room := limit - utf8.RuneCountInString(tail); len(head) > room {
			head = head[:room]
		}
		name := strings.Trim(strings.TrimSpace(string(head))+tail, "' ")
		if name == "" {
			name = "Trang"
		}
		key := strings.ToLower(name)
		if !u[key] && key != "history" {
			u[key] = true
			return name
		}
	}
}
