package reports

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"daihoi/internal/election"
	"daihoi/internal/vn"
)

// RoundTotals are the figures of a round read from a sheet in the layout of the counting minutes
// (biên bản kiểm phiếu): the ballots issued, collected, valid and invalid (with the reasons when
// listed) and each candidate's votes by name.
type RoundTotals struct {
	Sheet                             string
	Issued, Collected, Valid, Invalid int
	// InvalidReasons are the invalid ballots by reason code, when the sheet lists them.
	InvalidReasons map[string]int
	Votes          []NamedVotes
}

// NamedVotes is one candidate's line of the results table.
type NamedVotes struct {
	Row   int
	Name  string
	Votes int
}

// figureLabels are the labels of the ballot figures, folded, as the minutes write them ("– Số
// phiếu phát ra:"), longest first so that "không hợp lệ" is not read as "hợp lệ".
var figureLabels = []struct {
	key, label string
}{
	{"so phieu khong hop le", "Số phiếu không hợp lệ"},
	{"so phieu phat ra", "Số phiếu phát ra"},
	{"so phieu thu vao", "Số phiếu thu vào"},
	{"so phieu hop le", "Số phiếu hợp lệ"},
}

// countText matches a figure as written: "58", "1.234", "58 phiếu", "58 đồng chí".
var countText = regexp.MustCompile(`^(\d{1,3}(?:\.\d{3})+|\d+)(?:\s+\S.*)?$`)

// parseCount reads a whole number written as in the minutes; ok is false for anything else.
func parseCount(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f < 0 || f != float64(int(f)) || f > float64(election.MaxFigure) {
			return 0, false
		}
		return int(f), true
	}
	m := countText.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
	if err != nil || n > election.MaxFigure {
		return 0, false
	}
	return n, true
}

// labelKey is the folded text of a label without its numbering or bullet ("5.", "a)", "–").
func labelKey(s string) string {
	f := strings.Fields(titleKey(s))
	for len(f) > 1 && (strings.Trim(f[0], "0123456789") == "" || len(f[0]) == 1) {
		f = f[1:]
	}
	return strings.Join(f, " ")
}

// minutesLike says whether a sheet looks like counting minutes: a "Số phiếu phát ra" line and a
// results table.
func minutesLike(rows [][]string) bool {
	figure, table := false, false
	for _, row := range rows {
		for _, c := range row {
			k := labelKey(c)
			if strings.HasPrefix(k, "so phieu phat ra") {
				figure = true
			}
			if k == "ho va ten" {
				for _, d := range row {
					if titleKey(d) == "so phieu" {
						table = true
					}
				}
			}
		}
	}
	return figure && table
}

// ReadRoundTotals reads the totals of a round from the sheet named sheet, or, when sheet is "",
// from the one sheet in the minutes' layout (when several are, the one whose results table lists
// exactly names; with none or more than one the error lists the sheets). It returns every
// rejected line (a figure that is not a whole number, a formula, a control character, a name
// twice); the figures' consistency is the count's to check.
func (w *Workbook) ReadRoundTotals(sheet string, names []string) (*RoundTotals, []ImportProblem, error) {
	var candidates []string
	rowsOf := map[string][][]string{}
	for _, s := range w.sheets {
		if sheet != "" && s != sheet {
			continue
		}
		rows, err := w.readRows(s)
		if err != nil {
			return nil, nil, err
		}
		if minutesLike(rows) {
			candidates = append(candidates, s)
			rowsOf[s] = rows
		}
	}
	if sheet != "" && len(candidates) == 0 {
		for _, s := range w.sheets {
			if s == sheet {
				return nil, nil, refuse(sheet, "trang này không có dòng “Số phiếu phát ra” và bảng “Họ và tên | Số phiếu” của biên bản kiểm phiếu.")
			}
		}
		return nil, nil, refuse("", "Tệp không có trang “%s” (các trang: %s).", sheet, strings.Join(w.sheets, ", "))
	}
	if len(candidates) == 0 {
		return nil, nil, refuse("", "Không trang tính nào có bố cục biên bản kiểm phiếu (dòng “Số phiếu phát ra” và bảng “Họ và tên | Số phiếu”). Hãy dùng biên bản daihoi xuất ra làm mẫu.")
	}
	chosen := candidates[0]
	if len(candidates) > 1 {
		var matching []string
		for _, s := range candidates {
			t, _ := w.totalsOf(s, rowsOf[s])
			if sameNames(t.Votes, names) {
				matching = append(matching, s)
			}
		}
		if len(matching) != 1 {
			return nil, nil, refuse("", "Tệp có %d trang biên bản kiểm phiếu (%s); hãy chọn trang của vòng bầu này.", len(candidates), strings.Join(candidates, ", "))
		}
		chosen = matching[0]
	}
	t, problems := w.totalsOf(chosen, rowsOf[chosen])
	return t, problems, nil
}

// sameNames reports whether a results table lists exactly names (compared as the engine does).
func sameNames(votes []NamedVotes, names []string) bool {
	if len(votes) != len(names) {
		return false
	}
	want := map[string]bool{}
	for _, n := range names {
		want[strings.ToLower(election.NormalizeName(n))] = true
	}
	for _, v := range votes {
		if !want[strings.ToLower(election.NormalizeName(v.Name))] {
			return false
		}
	}
	return true
}

// totalsOf reads the figures, the invalid reasons and the first results table of a sheet.
func (w *Workbook) totalsOf(sheet string, rows [][]string) (*RoundTotals, []ImportProblem) {
	t := &RoundTotals{Sheet: sheet, InvalidReasons: map[string]int{}}
	var problems []ImportProblem
	bad := func(row int, format string, args ...any) {
		problems = append(problems, ImportProblem{Sheet: sheet, Row: row, Message: fmt.Sprintf(format, args...)})
	}
	reasons := map[string]string{}
	for _, code := range election.Reasons() {
		reasons[titleKey(election.ReasonLabel(code))] = code
	}
	found := map[string]bool{}
	inReasons := false
	tableRow, nameCol, votesCol := -1, -1, -1
	for r, row := range rows {
		rowNo := r + 1
		label, labelCol := "", -1
		for c, cell := range row {
			if strings.TrimSpace(cell) != "" {
				label, labelCol = cell, c
				break
			}
		}
		if labelCol < 0 {
			continue
		}
		k := labelKey(label)
		// The results table: "STT | Họ và tên | Số phiếu | Tỷ lệ | Kết quả".
		if tableRow < 0 {
			for c, cell := range row {
				switch titleKey(cell) {
				case "ho va ten":
					nameCol = c
				case "so phieu":
					votesCol = c
				}
			}
			if nameCol >= 0 && votesCol >= 0 {
				tableRow = r
				continue
			}
			nameCol, votesCol = -1, -1
		}
		matched := false
		for _, f := range figureLabels {
			if !strings.HasPrefix(k, f.key) || found[f.key] || tableRow >= 0 {
				continue
			}
			matched, found[f.key] = true, true
			inReasons = f.key == "so phieu khong hop le"
			value, col := figureValue(row, labelCol)
			if msg := w.checkCell(sheet, col, rowNo, at(row, col)); msg != "" {
				bad(rowNo, "%s: %s", f.label, msg)
				break
			}
			n, ok := parseCount(value)
			if !ok {
				bad(rowNo, "%s ghi “%s”, không phải số nguyên không âm.", f.label, shortText(cleanCell(value)))
				break
			}
			switch f.key {
			case "so phieu phat ra":
				t.Issued = n
			case "so phieu thu vao":
				t.Collected = n
			case "so phieu hop le":
				t.Valid = n
			case "so phieu khong hop le":
				t.Invalid = n
			}
			break
		}
		if matched || tableRow >= 0 || !inReasons {
			continue
		}
		code, ok := reasons[strings.TrimSpace(strings.TrimSuffix(k, "trong do"))]
		if !ok {
			if k != "trong do" {
				inReasons = strings.HasPrefix(k, "trong do")
			}
			continue
		}
		value, col := figureValue(row, labelCol)
		if msg := w.checkCell(sheet, col, rowNo, at(row, col)); msg != "" {
			bad(rowNo, "lý do “%s”: %s", election.ReasonLabel(code), msg)
			continue
		}
		n, ok := parseCount(value)
		if !ok {
			bad(rowNo, "số phiếu không hợp lệ vì “%s” ghi “%s”, không phải số nguyên không âm.", election.ReasonLabel(code), shortText(cleanCell(value)))
			continue
		}
		t.InvalidReasons[code] += n
	}
	for _, f := range figureLabels {
		if !found[f.key] {
			bad(0, "không tìm thấy dòng “%s”.", f.label)
		}
	}
	if tableRow < 0 {
		bad(0, "không tìm thấy bảng số phiếu bầu (cột “Họ và tên” và “Số phiếu”).")
		return t, problems
	}
	seen := map[string]int{}
	for r := tableRow + 1; r < len(rows); r++ {
		row, rowNo := rows[r], r+1
		name := cleanCell(at(row, nameCol))
		if name == "" {
			break // the table ends at its first row without a name
		}
		for _, c := range []int{nameCol, votesCol} {
			if msg := w.checkCell(sheet, c, rowNo, at(row, c)); msg != "" {
				bad(rowNo, "%s: %s.", name, msg)
			}
		}
		key := strings.ToLower(election.NormalizeName(name))
		if first, dup := seen[key]; dup {
			bad(rowNo, "%s có hai lần trong bảng (dòng %d và %d).", name, first, rowNo)
			continue
		}
		seen[key] = rowNo
		n, ok := parseCount(at(row, votesCol))
		if !ok {
			bad(rowNo, "số phiếu của %s ghi “%s”, không phải số nguyên không âm.", name, shortText(cleanCell(at(row, votesCol))))
			continue
		}
		t.Votes = append(t.Votes, NamedVotes{Row: rowNo, Name: name, Votes: n})
	}
	if len(t.Votes) == 0 && len(problems) == 0 {
		bad(tableRow+1, "bảng số phiếu bầu không có ai.")
	}
	return t, problems
}

// figureValue finds a figure's value: after the colon in the label's own cell ("Số phiếu phát ra:
// 58"), else the last filled cell of the row. It returns the text and its 0-based column.
func figureValue(row []string, labelCol int) (string, int) {
	if _, after, ok := strings.Cut(row[labelCol], ":"); ok && strings.TrimSpace(after) != "" {
		return strings.TrimSpace(after), labelCol
	}
	for c := len(row) - 1; c > labelCol; c-- {
		if strings.TrimSpace(row[c]) != "" {
			return row[c], c
		}
	}
	return "", labelCol
}

// FormatTotals writes totals back as a sentence, for confirmations: "58 phát ra, 58 thu vào …".
func FormatTotals(t *RoundTotals) string {
	return fmt.Sprintf("%s phiếu phát ra, %s thu vào, %s hợp lệ, %s không hợp lệ; %d người trong bảng kết quả",
		vn.FormatInt(int64(t.Issued)), vn.FormatInt(int64(t.Collected)), vn.FormatInt(int64(t.Valid)),
		vn.FormatInt(int64(t.Invalid)), len(t.Votes))
}
