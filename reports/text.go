package reports

import (
	"math"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Neither Excel nor LibreOffice fits the height of a row to wrapped text in merged cells, and the
// party header needs its lines broken where a reader expects (after a comma, before "VÀ"), so the
// reports measure text themselves. The widths are Times New Roman's advance widths (Adobe's Times
// metrics, which Liberation Serif, LibreOffice's stand-in, matches), in thousandths of an em, for the
// printable ASCII characters from space (32) to tilde (126).
var (
	timesRegular = [95]uint16{
		250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // space … /
		500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // 0 … ?
		921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // @ … O
		556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // P … _
		333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // ` … o
		500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, // p … ~
	}
	timesBold = [95]uint16{
		250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
		500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
		930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
		611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
		333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
		556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
	}
)

// pxPerPoint converts points to pixels at 96 dpi, the resolution column widths are defined at.
const pxPerPoint = 96.0 / 72.0

// Measured widths are inflated before they are compared with a cell's width, because a line that
// the estimate missed would be clipped. Running text takes a generous margin: an over-estimate only
// leaves a little white space under a paragraph. Headings are broken by hand ("\n") and take a small
// one: the metrics match LibreOffice's rendering to within 1%, and a wider margin would break lines
// that fit.
const (
	bodySafety    = 1.08
	headingSafety = 1.03
)

// charWidth returns the advance width of r in thousandths of an em. Vietnamese letters are measured by
// their base letter (the tone and letter marks sit above or below it and add no width).
func charWidth(r rune, bold bool) int {
	table := &timesRegular
	if bold {
		table = &timesBold
	}
	if r >= 32 && r <= 126 {
		return int(table[r-32])
	}
	switch r {
	case 'Đ':
		return int(table['D'-32])
	case 'đ':
		return int(table['d'-32])
	case '–':
		return 500
	case '—', '…':
		return 1000
	case '‘', '’':
		return 333
	case '“', '”':
		return 444
	case '\u00a0':
		return 250
	}
	if unicode.Is(unicode.Mn, r) {
		return 0
	}
	if d := norm.NFD.String(string(r)); d != "" {
		if base := []rune(d)[0]; base != r && base >= 32 && base <= 126 {
			return int(table[base-32])
		}
	}
	return 556 // an average letter, for anything outside Latin
}

// textWidth returns the printed width of one line of s in pixels at 96 dpi.
func textWidth(s string, size float64, bold bool) float64 {
	units := 0
	for _, r := range s {
		units += charWidth(r, bold)
	}
	return float64(units) / 1000 * size * pxPerPoint
}

// columnPx is the width in pixels of a column of width w (Excel character units of the workbook's
// default font, Times New Roman 11 pt, whose widest digit is 7 px).
func columnPx(w float64) float64 { return w * 7 }

// cellPadding is the space Excel and LibreOffice keep between a cell's text and its borders, both
// sides together, in pixels; indentPx is one level of alignment indent.
const (
	cellPadding = 6.0
	indentPx    = 12.0
)

// lineHeight is the height in points of one line of text of the given size: Excel's own row height
// for Times New Roman is 1.2 to 1.3 times the font size, LibreOffice's a little less.
func lineHeight(size float64) float64 { return size * 1.2 }

// rowHeight is the height in points of a row holding lines lines of text of the given size, rounded
// up to a quarter point as Excel stores heights.
func rowHeight(lines int, size float64) float64 {
	if lines < 1 {
		lines = 1
	}
	return math.Ceil((float64(lines)*lineHeight(size)+2)*4) / 4
}

// countLines returns how many lines Excel's greedy word wrap makes of s in a cell maxPx wide.
func countLines(s string, size float64, bold bool, maxPx float64) int {
	n := 0
	for _, para := range strings.Split(s, "\n") {
		n += len(wrapGreedy(para, size, bold, maxPx))
	}
	return n
}

// wrapGreedy breaks one paragraph the way a spreadsheet does: as many words as fit on each line.
func wrapGreedy(para string, size float64, bold bool, maxPx float64) []string {
	words := strings.Fields(para)
	if len(words) == 0 {
		return []string{""}
	}
	var lines []string
	line := words[0]
	for _, w := range words[1:] {
		if textWidth(line+" "+w, size, bold)*bodySafety <= maxPx {
			line += " " + w
			continue
		}
		lines = append(lines, line)
		line = w
	}
	return append(lines, line)
}

// breakLines breaks text for a centred heading cell maxPx wide, the way a typist would. Explicit
// "\n" are kept. A line that does not fit is split in two where the halves are most even, but
// preferably after a comma or before "và" or a place name's "tỉnh", "huyện" …, and never inside a
// word of two syllables that names an office ("CƠ QUAN", "KHOA HỌC"), nor next to the dash of
// "2020 – 2025". A line too long even for two is filled word by word.
func breakLines(text string, size float64, bold bool, maxPx float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, breakParagraph(strings.Fields(para), size, bold, maxPx)...)
	}
	return out
}

// compounds are two-syllable words common in the names of party bodies; a heading is not broken
// between their syllables.
var compounds = map[string]bool{
	"đảng bộ": true, "chi bộ": true, "cơ quan": true, "khoa học": true, "công nghệ": true,
	"đại hội": true, "nhiệm kỳ": true, "lần thứ": true, "đại biểu": true, "ban chấp": true,
	"chấp hành": true, "thường vụ": true, "kiểm tra": true, "ủy ban": true, "nhân dân": true,
	"thành phố": true, "thị xã": true, "doanh nghiệp": true, "giáo dục": true, "đào tạo": true,
	"y tế": true, "tài chính": true, "kế hoạch": true, "đầu tư": true, "công an": true,
	"quân sự": true, "biên bản": true, "kiểm phiếu": true, "bầu cử": true, "nghị quyết": true,
	"việt nam": true, "cộng sản": true, "đồng tháp": true, "hồ chí": true, "chí minh": true,
	"tuyên giáo": true, "tổ chức": true, "dân vận": true, "nội chính": true, "văn phòng": true,
	"bộ phận": true, "cơ sở": true, "trực thuộc": true,
}

// breakBefore are words a heading may well start its second line with.
var breakBefore = map[string]bool{
	"và": true, "tỉnh": true, "huyện": true, "thành": true, "quận": true, "thị": true, "xã": true,
	"phường": true, "nhiệm": true, "khóa": true, "cơ": true,
}

func breakParagraph(words []string, size float64, bold bool, maxPx float64) []string {
	if len(words) == 0 {
		return []string{""}
	}
	width := func(ws []string) float64 { return textWidth(strings.Join(ws, " "), size, bold) * headingSafety }
	if width(words) <= maxPx || len(words) == 1 {
		return []string{strings.Join(words, " ")}
	}
	best, bestCost := 0, 0.0
	for n := 1; n < len(words); n++ {
		a, b := width(words[:n]), width(words[n:])
		if a > maxPx || b > maxPx || isDash(words[n-1]) || isDash(words[n]) {
			continue
		}
		cost := abs(a - b)
		if compounds[strings.ToLower(words[n-1]+" "+words[n])] {
			cost += 1000
		}
		if strings.HasSuffix(words[n-1], ",") {
			cost -= 500
		} else if breakBefore[strings.ToLower(words[n])] {
			cost -= 200
		}
		if best == 0 || cost < bestCost {
			best, bestCost = n, cost
		}
	}
	if best > 0 {
		return []string{strings.Join(words[:best], " "), strings.Join(words[best:], " ")}
	}
	// Three lines or more: as many words as fit on each, not ending a line inside a compound
	// when an earlier break fits.
	var lines []string
	for len(words) > 0 {
		if width(words) <= maxPx {
			return append(lines, strings.Join(words, " "))
		}
		last, clean := 0, 0
		for n := 1; n < len(words); n++ {
			if width(words[:n]) > maxPx {
				break
			}
			if isDash(words[n-1]) || isDash(words[n]) {
				continue
			}
			last = n
			if !compounds[strings.ToLower(words[n-1]+" "+words[n])] {
				clean = n
			}
		}
		n := clean
		if n == 0 {
			n = max(last, 1) // a single word too wide is left for the spreadsheet to cut
		}
		lines = append(lines, strings.Join(words[:n], " "))
		words = words[n:]
	}
	return lines
}

func isDash(w string) bool { return w == "–" || w == "-" || w == "—" }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
