package reports

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// TargetReviewData is the term review of a congress resolution's targets (báo cáo kết quả thực hiện
// các chỉ tiêu nghị quyết), already judged: every figure, verdict and sentence is given as text, the
// writer only lays them out as a party document, one row per target and one column per year.
type TargetReviewData struct {
	// Header is the party document header. Title defaults to "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ
	// TIÊU NGHỊ QUYẾT ĐẠI HỘI"; the subtitle names the congress and its term.
	Header DocHeader
	// Years are the year columns, oldest first.
	Years []int
	// Targets are in resolution order. A target whose Sentence differs from the one before it
	// starts a new group, headed by the sentence as the resolution adopted it.
	Targets []TargetReviewRow
	// Headline is the review's sentence: "5/7 chỉ tiêu đạt và vượt; …".
	Headline string
	// Notes are printed in small italics under the headline: the year the review is made at, what
	// is sample data, how the verdicts are reached.
	Notes []string
	// SignFor and SignTitle head the signature on the right, e.g. "T/M ĐẢNG ỦY" and "BÍ THƯ";
	// without SignFor the document has no signature block.
	SignFor   string
	SignTitle string
}

// TargetReviewRow is one target of the review.
type TargetReviewRow struct {
	Number   string // "1" for a target, "1.1" for its sub-target ("trong đó …")
	Sentence string // the resolution's sentence the target comes from
	Subject  string // e.g. "Đảng viên hoàn thành tốt nhiệm vụ trở lên"
	// Requirement is what the resolution asks, e.g. "từ 95% trở lên, hằng năm".
	Requirement string
	Sub         bool // a sub-target: indented under its main target
	// Years has one entry per TargetReviewData.Years, in the same order.
	Years []TargetReviewYear
	// Result is the figure the term verdict is reached on ("95,24%"), or "" without figures.
	Result string
	// Verdict is the term verdict in words: "Đạt", "Vượt", "Không đạt", "Đúng tiến độ" …
	Verdict string
}

// TargetReviewYear is one target's figure and verdict for one year.
type TargetReviewYear struct {
	Value   string // the year's figure, e.g. "96,67%"; "" when the year has no figures
	Detail  string // how it was counted, e.g. "58/60"; may be ""
	Verdict string // e.g. "Đạt"; for a year without figures, what to print instead
}

// targetReviewTitle is the default title of the review.
const targetReviewTitle = "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI"

// targetWidth is the total width of the review's grid, in Excel character units: A4 landscape
// within the margins of Hướng dẫn 36 (252 mm), so the sheet prints at its real size.
const targetWidth = 136

// targetWidths lays out the columns: No. | target | requirement | a column per year | result |
// verdict. The target's column takes what the years leave, so a short term gets a wider text.
func targetWidths(years int) grid {
	const no, req, year, result, verdict = 5, 18, 10, 11, 13
	subject := max(29, targetWidth-no-req-year*years-result-verdict)
	g := grid{no, float64(subject), req}
	for range years {
		g = append(g, year)
	}
	return append(g, result, verdict)
}

// Cell styles of the review.
var (
	styleTargetGroup = styleKey{size: sizeTable, italic: true, align: "left", valign: "center", wrap: true, border: borderBox}
	styleTargetText  = styleKey{size: sizeTable, align: "left", valign: "center", wrap: true, border: borderBox}
	styleTargetSub   = styleKey{size: sizeTable, align: "left", valign: "center", wrap: true, border: borderBox, indent: 1}
	styleTargetCell  = styleKey{size: sizeTable, align: "center", valign: "center", wrap: true, border: borderBox}
	styleTargetBold  = styleKey{size: sizeTable, bold: true, align: "center", valign: "center", wrap: true, border: borderBox}
	styleHeadline    = styleKey{size: sizeBody, bold: true, align: "left", valign: "top", wrap: true}
)

// WriteTargetReview writes the term review as a one-sheet workbook in the party document format:
// the header, a table of the targets by year with their verdicts (its header row frozen on screen
// and repeated on every printed page), the headline "x/y chỉ tiêu đạt và vượt", the notes and the
// signature. It prints on A4 landscape, one page wide.
func WriteTargetReview(w io.Writer, rep TargetReviewData) error {
	for i, t := range rep.Targets {
		if len(t.Years) != len(rep.Years) {
			return fmt.Errorf("reports: target %d has %d years, the review %d", i+1, len(t.Years), len(rep.Years))
		}
	}
	if len(rep.Years) > 10 {
		// A term is five years; more columns than this would not print legibly on one page.
		return errors.New("reports: a target review covers at most 10 years")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return fmt.Errorf("reports: default font: %w", err)
	}
	h := rep.Header
	if strings.TrimSpace(h.Title) == "" {
		h.Title = targetReviewTitle
	}
	widths := targetWidths(len(rep.Years))
	titleRow := h.HeaderRows(widths) + 1
	sw, err := newSheet(f, newStyleSet(f), "Chỉ tiêu nghị quyết", true, sheetOptions{
		widths: widths, landscape: true, titleRow: titleRow,
	})
	if err != nil {
		return err
	}
	if err := h.writeHeader(sw); err != nil {
		return err
	}
	s := minutesSheet{sheetWriter: sw}
	n := sw.cols()
	heads := []cell{
		{col: 1, value: "STT", style: styleTH},
		{col: 2, value: "Chỉ tiêu", style: styleTH},
		{col: 3, value: "Nghị quyết đề ra", style: styleTH},
	}
	for i, y := range rep.Years {
		heads = append(heads, cell{col: 4 + i, value: "Năm " + strconv.Itoa(y), style: styleTH})
	}
	heads = append(heads,
		cell{col: n - 1, value: "Kết quả nhiệm kỳ", style: styleTH},
		cell{col: n, value: "Đánh giá", style: styleTH})
	if err := sw.row(0, heads...); err != nil {
		return err
	}
	prev := ""
	var last []line
	for i, t := range rep.Targets {
		var lines []line
		if sentence := strings.TrimSpace(t.Sentence); sentence != "" && sentence != prev {
			// The sentence heads its targets on the same page: a group row left alone at the foot
			// of a page would quote nothing.
			lines = append(lines, line{cells: []cell{{col: 1, span: n, value: "Nghị quyết: “" + sentence + "”", style: styleTargetGroup}}})
			prev = sentence
		}
		lines = append(lines, targetRow(t, n))
		if i == len(rep.Targets)-1 {
			// The last target goes with the headline and the signature, so a page never starts
			// with the repeated table header over no row at all.
			last = lines
			break
		}
		if err := sw.block(lines...); err != nil {
			return err
		}
	}
	if len(rep.Targets) == 0 {
		if err := sw.row(0, cell{col: 1, span: n, value: "Nghị quyết chưa có chỉ tiêu nào.", style: styleTargetGroup}); err != nil {
			return err
		}
	}
	closing := append(last, line{height: gap})
	if hl := strings.TrimSpace(rep.Headline); hl != "" {
		closing = append(closing, s.para("Tổng hợp: "+hl+".", styleHeadline))
	}
	for _, note := range rep.Notes {
		if strings.TrimSpace(note) != "" {
			closing = append(closing, s.para(note, styleSmall))
		}
	}
	if strings.TrimSpace(rep.SignFor) != "" {
		// One block with the headline: a signature alone on a last page would sign nothing a
		// reader can see.
		closing = append(closing, targetSignature(rep, n)...)
	}
	if err := sw.block(closing...); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("reports: write target review: %w", err)
	}
	return nil
}

// targetRow is one target's row: its number, subject and requirement, a cell per year with the
// figure, how it was counted and the year's verdict on lines of their own, then the term's result.
func targetRow(t TargetReviewRow, n int) line {
	subject := styleTargetText
	if t.Sub {
		subject = styleTargetSub
	}
	cells := []cell{
		{col: 1, value: t.Number, style: styleTargetCell},
		{col: 2, value: t.Subject, style: subject},
		{col: 3, value: t.Requirement, style: styleTargetCell},
	}
	for i, y := range t.Years {
		var parts []string
		for _, p := range []string{y.Value, y.Detail, y.Verdict} {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		cells = append(cells, cell{col: 4 + i, value: strings.Join(parts, "\n"), style: styleTargetCell})
	}
	cells = append(cells,
		cell{col: n - 1, value: t.Result, style: styleTargetCell},
		cell{col: n, value: t.Verdict, style: styleTargetBold})
	return line{cells: cells}
}

// targetSignature is the signature on the right half: "T/M ĐẢNG ỦY", the office, room to sign.
func targetSignature(rep TargetReviewData, n int) []line {
	split := n - 4 // the last four columns: the result, the verdict and two years
	right := func(v string, st styleKey) []cell {
		return []cell{{col: split, span: n - split + 1, value: v, style: st}}
	}
	lines := []line{
		{height: rowHeight(1, sizeBody)},
		{cells: right(upper(rep.SignFor), styleSignRole)},
	}
	if t := strings.TrimSpace(rep.SignTitle); t != "" {
		lines = append(lines, line{cells: right(upper(t), styleSignRole)})
	}
	return append(lines,
		line{cells: right("(Ký, ghi rõ họ tên)", styleSignNote)},
		line{height: signRoom})
}
