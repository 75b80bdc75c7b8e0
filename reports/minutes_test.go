package reports_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/vn"
	"daihoi/reports"
	"daihoi/reports/lotest"
)

var ict = time.FixedZone("ICT", 7*60*60)

// seedHeader is the header of the seed congress's documents.
func seedHeader(number string) reports.DocHeader {
	return reports.DocHeader{
		Superior:  "Đảng bộ Khối các cơ quan tỉnh",
		Issuer:    "Đảng bộ Sở Khoa học và Công nghệ",
		IssuerSub: "Đại hội lần thứ II, nhiệm kỳ 2020 – 2025",
		Number:    number,
		Place:     "Đồng Tháp",
		Date:      time.Date(2020, 5, 28, 0, 0, 0, 0, time.UTC),
	}
}

// percent rounds votes × 100 ÷ base half-up to hundredths, as the count does.
func percent(votes, base int) int64 {
	return (int64(votes)*20000 + int64(base)) / (2 * int64(base))
}

// results turns a vote map into the minutes' results (list order) and elected (vote order), electing
// everyone over half the base up to the seats (the test data has no tie).
func results(list []string, votes map[string]int, base, seats int) (all, elected []reports.MinutesResult) {
	for _, name := range list {
		all = append(all, reports.MinutesResult{Name: name, Votes: votes[name],
			PercentHundredths: percent(votes[name], base), Status: reports.StatusNotElected})
	}
	order := slices.Clone(all)
	slices.SortStableFunc(order, func(a, b reports.MinutesResult) int { return b.Votes - a.Votes })
	for _, r := range order {
		if len(elected) < seats && r.Votes*2 > base {
			r.Status = reports.StatusElected
			elected = append(elected, r)
			for i := range all {
				if all[i].Name == r.Name {
					all[i].Status = reports.StatusElected
				}
			}
		}
	}
	return all, elected
}

func fingerprint(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// seedExecutive is the seed congress's executive committee election: 7 seats, a list of 8, 61
// members convened, 58 present, 3 absent with an accepted reason, so a base of 58 (sample names
// except the Secretary, Huỳnh Minh Tuấn).
func seedExecutive() reports.Minutes {
	votes := map[string]int{
		"Huỳnh Minh Tuấn": 57, "Nguyễn Thị Bích Hạnh": 55, "Lê Văn Phúc": 54, "Trần Quốc Bảo": 52,
		"Phạm Thị Ngọc Lan": 50, "Võ Thanh Tùng": 48, "Đặng Minh Khoa": 45, "Lâm Hoàng Vũ": 20,
	}
	var list []string
	for name := range votes {
		list = append(list, name)
	}
	vn.SortNames(list)
	var candidates []reports.MinutesCandidate
	for _, name := range list {
		note := "Ban Chấp hành khóa I giới thiệu"
		if name == "Lâm Hoàng Vũ" {
			note = "Đại hội đề cử"
		}
		candidates = append(candidates, reports.MinutesCandidate{Name: name, Note: note})
	}
	all, elected := results(list, votes, 58, 7)
	return reports.Minutes{
		Header:        seedHeader("Số 05-BB/ĐH"),
		ShortTitle:    "BCH",
		ElectionTitle: "Bầu Ban Chấp hành Đảng bộ Sở Khoa học và Công nghệ khóa II, nhiệm kỳ 2020 – 2025",
		Round:         1,
		Seats:         7,
		ListKindLabel: "danh sách có số dư, phiếu gạch tên",
		Candidates:    candidates,
		Committee: reports.CountingCommittee{
			Head: "Nguyễn Văn Hòa", Members: []string{"Trần Thị Mai", "Lê Hoàng Nam"},
		},
		Attendance: reports.MinutesAttendance{
			WhoLabel: "đảng viên chính thức", Convened: 61, Present: 58, Absent: 3, Base: 58,
			Exclusions: []reports.LabelCount{{Label: "vắng mặt cả kỳ đại hội có lý do được chấp thuận", Count: 3}},
		},
		Ballots: reports.MinutesBallots{
			Issued: 58, Collected: 58, Valid: 57, Invalid: 1,
			InvalidReasons: []reports.LabelCount{{Label: "giữ lại quá số lượng cần bầu", Count: 1}},
		},
		Results: all,
		Elected: elected,
		LegalBasis: "Căn cứ Điều 32 Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 244-QĐ/TW " +
			"ngày 09/6/2014 của Ban Chấp hành Trung ương, các đồng chí có tên trên đã trúng cử Ban Chấp hành " +
			"Đảng bộ Sở Khoa học và Công nghệ khóa II, nhiệm kỳ 2020 – 2025.",
		ClosedAt:    time.Date(2020, 5, 28, 3, 45, 0, 0, time.UTC), // 10:45 in Đồng Tháp
		Fingerprint: fingerprint("seed executive round 1"),
	}
}

// seedDelegates is the election of the official delegates, entered ballot by ballot: 2 seats on a
// list of 3, 58 ballots, one of which keeps all three names and is invalid.
func seedDelegates() reports.Minutes {
	list := []string{"Trần Quốc Bảo", "Phạm Thị Ngọc Lan", "Huỳnh Minh Tuấn"}
	vn.SortNames(list)
	clerks := []string{"Trần Thị Mai", "Lê Hoàng Nam"}
	start := time.Date(2020, 5, 28, 8, 20, 0, 0, ict)
	votes := map[string]int{}
	var log []reports.LogEntry
	valid := 0
	for i := range 58 {
		e := reports.LogEntry{Number: i + 1, Clerk: clerks[i%2], At: start.Add(time.Duration(i*17) * time.Second)}
		var kept []string
		switch {
		case i == 40:
			kept = list // three names for two seats
			e.Reason = "Giữ lại quá số lượng cần bầu"
		case i%5 == 0:
			kept = []string{list[0], list[2]}
		case i%7 == 0:
			kept = []string{list[1]}
		default:
			kept = []string{list[0], list[1]}
		}
		e.Content = strings.Join(kept, "; ")
		e.Valid = e.Reason == ""
		if e.Valid {
			valid++
			for _, n := range kept {
				votes[n]++
			}
		}
		log = append(log, e)
	}
	var candidates []reports.MinutesCandidate
	for _, name := range list {
		candidates = append(candidates, reports.MinutesCandidate{Name: name})
	}
	all, elected := results(list, votes, 58, 2)
	m := seedExecutive()
	m.Header = seedHeader("Số 09-BB/ĐH")
	m.ShortTitle = "Đại biểu chính thức"
	m.ElectionTitle = "Bầu đại biểu chính thức dự Đại hội Đảng bộ Khối các cơ quan tỉnh, nhiệm kỳ 2020 – 2025"
	m.Seats = 2
	m.Candidates = candidates
	m.Ballots = reports.MinutesBallots{Issued: 58, Collected: 58, Valid: valid, Invalid: 58 - valid,
		InvalidReasons: []reports.LabelCount{{Label: "giữ lại quá số lượng cần bầu", Count: 58 - valid}}}
	m.Results, m.Elected = all, elected
	m.LegalBasis = "Căn cứ Điều 20 Quy chế bầu cử trong Đảng ban hành kèm theo Quyết định số 244-QĐ/TW, " +
		"các đồng chí có tên trên đã trúng cử đại biểu chính thức dự Đại hội Đảng bộ Khối các cơ quan tỉnh."
	m.ClosedAt = start.Add(40 * time.Minute)
	m.Fingerprint = fingerprint("seed delegates round 1")
	m.Log = log
	return m
}

// writeWorkbook writes rounds to a file in a temporary folder and reopens it with excelize.
func writeWorkbook(t *testing.T, rounds ...reports.Minutes) (string, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.WriteMinutes(&buf, rounds); err != nil {
		t.Fatalf("WriteMinutes: %v", err)
	}
	path := filepath.Join(t.TempDir(), "bien-ban-kiem-phieu.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return path, f
}

// cells returns every non-empty cell of a sheet by reference.
func cells(t *testing.T, f *excelize.File, sheet string) map[string]string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatalf("rows of %q: %v", sheet, err)
	}
	out := map[string]string{}
	for r, row := range rows {
		for c, v := range row {
			if v != "" {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				out[ref] = v
			}
		}
	}
	return out
}

// find returns the reference of the first cell (row by row) whose value is want.
func find(t *testing.T, f *excelize.File, sheet, want string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			if v == want {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				return ref
			}
		}
	}
	t.Errorf("sheet %q: no cell %q", sheet, want)
	return ""
}

func TestWriteMinutes(t *testing.T) {
	ex := seedExecutive()
	_, f := writeWorkbook(t, ex, seedDelegates())

	t.Run("SheetNames", func(t *testing.T) {
		want := []string{"Vòng 1 - BCH", "Vòng 1 - Đại biểu chính thức", "Nhật ký vòng 1 - Đại biểu chính"}
		got := f.GetSheetList()
		if !slices.Equal(got, want) {
			t.Fatalf("sheets = %q, want %q", got, want)
		}
		for _, name := range got {
			if n := len([]rune(name)); n > 31 {
				t.Errorf("sheet %q has %d characters", name, n)
			}
		}
	})

	t.Run("Header", func(t *testing.T) {
		const sheet = "Vòng 1 - BCH"
		c := cells(t, f, sheet)
		// The left block, one printed line a row, broken where a typist would break it.
		var left []string
		for r := 1; r <= 8; r++ {
			left = append(left, c[fmt.Sprintf("A%d", r)])
		}
		want := []string{"ĐẢNG BỘ KHỐI CÁC", "CƠ QUAN TỈNH", "ĐẢNG BỘ SỞ KHOA HỌC", "VÀ CÔNG NGHỆ",
			"ĐẠI HỘI LẦN THỨ II,", "NHIỆM KỲ 2020 – 2025", "*", "Số 05-BB/ĐH"}
		if !slices.Equal(left, want) {
			t.Errorf("left block = %q, want %q", left, want)
		}
		// The right block: the party's name level with the first line, its rule under it, the
		// place and date one line further down.
		if got := c["D1"]; got != "ĐẢNG CỘNG SẢN VIỆT NAM" {
			t.Errorf("D1 = %q", got)
		}
		if got := c["D3"]; got != "Đồng Tháp, ngày 28 tháng 5 năm 2020" {
			t.Errorf("D3 = %q", got)
		}
		font, bold := cellFont(t, f, sheet, "D1")
		if font.Family != "Times New Roman" || !bold || font.Size != 15 {
			t.Errorf("party name font = %+v", font)
		}
		if font, _ = cellFont(t, f, sheet, "D3"); !font.Italic || font.Size != 14 {
			t.Errorf("date font = %+v", font)
		}
		if font, bold = cellFont(t, f, sheet, "A1"); bold || font.Size != 14 {
			t.Errorf("superior font = %+v", font)
		}
		if _, bold = cellFont(t, f, sheet, "A3"); !bold {
			t.Error("issuer not bold")
		}
		if !hasTopBorder(t, f, sheet, "D2") || !hasTopBorder(t, f, sheet, "F2") || hasTopBorder(t, f, sheet, "A2") {
			t.Errorf("rule under the party's name misplaced")
		}
		if got := c["A10"]; got != "BIÊN BẢN KIỂM PHIẾU" {
			t.Errorf("title A10 = %q", got)
		}
		if font, bold = cellFont(t, f, sheet, "A10"); !bold || font.Size != 16 {
			t.Errorf("title font = %+v", font)
		}
		if got := c["A11"]; !strings.HasPrefix(got, "Bầu Ban Chấp hành Đảng bộ Sở Khoa học và Công nghệ khóa II,") || !strings.HasSuffix(got, "(vòng 1)") {
			t.Errorf("subtitle A11 = %q", got)
		}
		widths := []float64{6, 26, 8, 18, 10, 16}
		if got := ex.Header.HeaderRows(widths); got != 8 {
			t.Errorf("HeaderRows without title = %d, want 8", got)
		}
		titled := ex.Header
		titled.Title, titled.Subtitle = "Biên bản kiểm phiếu", "Bầu Ban Chấp hành"
		if got := titled.HeaderRows(widths); got != 12 {
			t.Errorf("HeaderRows with title and subtitle = %d, want 12", got)
		}
	})

	t.Run("Figures", func(t *testing.T) {
		const sheet = "Vòng 1 - BCH"
		c := cells(t, f, sheet)
		row := rowOf(t, f, sheet, "– Số phiếu hợp lệ:")
		if got := c["F"+row]; got != "57 phiếu" {
			t.Errorf("valid ballots = %q", got)
		}
		row = rowOf(t, f, sheet, "– Số đảng viên chính thức làm căn cứ tính kết quả:")
		if got := c["F"+row]; got != "58 đồng chí" {
			t.Errorf("base = %q", got)
		}
		// Huỳnh Minh Tuấn: 6th on the list, 57 of 58 votes, 98,28%, elected; first in the elected table.
		rows, _ := f.GetRows(sheet)
		var lines []string
		for _, r := range rows {
			if len(r) >= 4 && r[1] == "Huỳnh Minh Tuấn" {
				lines = append(lines, strings.Join(r, "|"))
			}
		}
		if len(lines) != 3 || lines[0] != "6|Huỳnh Minh Tuấn||Ban Chấp hành khóa I giới thiệu" ||
			lines[1] != "6|Huỳnh Minh Tuấn|57|98,28%|Trúng cử" || lines[2] != "1|Huỳnh Minh Tuấn|57|98,28%" {
			t.Errorf("Huỳnh Minh Tuấn's rows = %q", lines)
		}
		if find(t, f, sheet, "34,48%") == "" {
			t.Error("no percentage 34,48% for Lâm Hoàng Vũ")
		}
		find(t, f, sheet, "Biên bản kết thúc lúc 10 giờ 45 phút, ngày 28 tháng 5 năm 2020.")
		find(t, f, sheet, ex.Fingerprint)
		find(t, f, sheet, "TRƯỞNG BAN KIỂM PHIẾU")
		find(t, f, sheet, "CÁC THÀNH VIÊN")
		find(t, f, sheet, "Nguyễn Văn Hòa")
	})

	t.Run("Fonts", func(t *testing.T) {
		for _, sheet := range f.GetSheetList() {
			for ref := range cells(t, f, sheet) {
				if font, _ := cellFont(t, f, sheet, ref); font.Family != "Times New Roman" {
					t.Errorf("%s!%s font %q", sheet, ref, font.Family)
				}
			}
		}
	})

	t.Run("BallotLog", func(t *testing.T) {
		sheet := f.GetSheetList()[2]
		find(t, f, sheet, "NHẬT KÝ NHẬP PHIẾU")
		head := rowOf(t, f, sheet, "Phiếu số")
		rows, _ := f.GetRows(sheet)
		first := rows[atoi(head)]
		if len(first) < 6 || first[0] != "1" || first[2] != "Có" || first[4] != "Trần Thị Mai" || first[5] != "08:20:00" {
			t.Errorf("first ballot row = %q", first)
		}
		invalid := rows[atoi(head)+40]
		if invalid[0] != "41" || invalid[2] != "Không" || invalid[3] != "Giữ lại quá số lượng cần bầu" {
			t.Errorf("ballot 41 row = %q", invalid)
		}
		find(t, f, sheet, "Tổng số phiếu đã nhập: 58, trong đó 57 hợp lệ, 1 không hợp lệ.")
		// The table's header row is frozen and repeated on every printed page.
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != atoi(head) {
			t.Errorf("panes = %+v, %v; want frozen below row %s", panes, err, head)
		}
		names := f.GetDefinedName()
		found := false
		for _, n := range names {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == sheet {
				found = n.RefersTo == fmt.Sprintf("'%s'!$%s:$%s", sheet, head, head)
			}
		}
		if !found {
			t.Errorf("no print titles for row %s in %+v", head, names)
		}
	})

	t.Run("PageSetup", func(t *testing.T) {
		for i, sheet := range f.GetSheetList() {
			layout, err := f.GetPageLayout(sheet)
			if err != nil {
				t.Fatal(err)
			}
			want := "portrait"
			if i == 2 {
				want = "landscape"
			}
			if *layout.Size != 9 || *layout.Orientation != want || *layout.FitToWidth != 1 || *layout.FitToHeight != 0 {
				t.Errorf("%s: page = size %d %s fit %d×%d", sheet, *layout.Size, *layout.Orientation, *layout.FitToWidth, *layout.FitToHeight)
			}
		}
	})
}

// TestMinutesFormulaText feeds names and notes that a spreadsheet would run as formulas.
func TestMinutesFormulaText(t *testing.T) {
	m := seedExecutive()
	hostile := []string{"=1+2", "@SUM(A1)", "+84 912 345 678", "-2+3", "\t=HYPERLINK(\"x\")", "\r=1"}
	m.Candidates = nil
	m.Results = nil
	for i, name := range hostile {
		m.Candidates = append(m.Candidates, reports.MinutesCandidate{Name: name, Note: hostile[len(hostile)-1-i]})
		m.Results = append(m.Results, reports.MinutesResult{Name: name, Votes: 1, PercentHundredths: 172})
	}
	m.Committee.Members = append(m.Committee.Members, "=cmd|' /C calc'!A0")
	m.Ballots.InvalidReasons = []reports.LabelCount{{Label: "=1+1", Count: 1}}
	m.Log = []reports.LogEntry{{Number: 1, Content: "=1+2; @SUM(A1)", Valid: false, Reason: "-1", Clerk: "+x"}}
	_, f := writeWorkbook(t, m)
	checked := 0
	for _, sheet := range f.GetSheetList() {
		for ref, v := range cells(t, f, sheet) {
			formula, err := f.GetCellFormula(sheet, ref)
			if err != nil || formula != "" {
				t.Errorf("%s!%s = %q has formula %q (%v)", sheet, ref, v, formula, err)
			}
			if strings.ContainsAny(v[:1], "=+-@\t\r") {
				t.Errorf("%s!%s = %q starts with a formula character", sheet, ref, v)
			}
			if strings.Contains(v, "=1+2") || strings.Contains(v, "SUM(A1)") {
				checked++
			}
		}
	}
	if checked < 4 {
		t.Errorf("only %d cells hold the hostile names", checked)
	}
	find(t, f, "Vòng 1 - BCH", "'=1+2")
	find(t, f, "Vòng 1 - BCH", "'@SUM(A1)")
}

// TestMinutesLibreOffice converts the minutes with LibreOffice and checks what was printed.
func TestMinutesLibreOffice(t *testing.T) {
	lotest.Soffice(t)
	t.Parallel()
	path, _ := writeWorkbook(t, seedExecutive(), seedDelegates())
	pdf := lotest.ConvertToPDF(t, path)
	if dir := os.Getenv("DAIHOI_REPORTS_KEEP"); dir != "" { // to look at the pages
		data, _ := os.ReadFile(pdf)
		_ = os.WriteFile(filepath.Join(dir, "minutes.pdf"), data, 0o644)
		data, _ = os.ReadFile(path)
		_ = os.WriteFile(filepath.Join(dir, "minutes.xlsx"), data, 0o644)
	}
	if n := lotest.PageCount(t, pdf); n < 4 || n > 8 {
		t.Errorf("the minutes of two rounds and a log printed on %d pages", n)
	}
	text, ok := lotest.PDFText(t, pdf)
	if !ok {
		return
	}
	for _, want := range []string{
		"ĐẢNG CỘNG SẢN VIỆT NAM", "Đồng Tháp, ngày 28 tháng 5 năm 2020", "BIÊN BẢN KIỂM PHIẾU",
		"Huỳnh Minh Tuấn", "98,28%", "TRƯỞNG BAN KIỂM PHIẾU", "NHẬT KÝ NHẬP PHIẾU", seedExecutive().Fingerprint,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
}

func rowOf(t *testing.T, f *excelize.File, sheet, value string) string {
	t.Helper()
	ref := find(t, f, sheet, value)
	_, r, err := excelize.CellNameToCoordinates(ref)
	if err != nil {
		t.Fatalf("%q not found", value)
	}
	return fmt.Sprint(r)
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

func cellFont(t *testing.T, f *excelize.File, sheet, ref string) (excelize.Font, bool) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil {
		t.Fatalf("%s!%s: style %d: %v", sheet, ref, id, err)
	}
	return *st.Font, st.Font.Bold
}

func hasTopBorder(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range st.Border {
		if b.Type == "top" && b.Style > 0 {
			return true
		}
	}
	return false
}

// TestMinutesRunoffAndDraft covers a round that elected nobody, with a re-vote among the tied and a
// vacant seat, printed before its date and closing time are known.
func TestMinutesRunoffAndDraft(t *testing.T) {
	m := seedExecutive()
	m.Round = 2
	m.Header.Date = time.Time{}
	m.ClosedAt = time.Time{}
	m.Fingerprint = ""
	m.Seats = 1
	m.Candidates = m.Candidates[:2]
	m.Results = []reports.MinutesResult{
		{Name: m.Candidates[0].Name, Votes: 29, PercentHundredths: 5000, Status: reports.StatusRunoff},
		{Name: m.Candidates[1].Name, Votes: 29, PercentHundredths: 5000, Status: reports.StatusRunoff},
	}
	m.Elected = nil
	m.RunoffText = "Hai đồng chí Trần Quốc Bảo và Nguyễn Thị Bích Hạnh có số phiếu bằng nhau (29 phiếu) nhưng chưa quá một nửa; đại hội biểu quyết bầu lại giữa hai đồng chí."
	m.VacantText = "Còn thiếu 1 ủy viên Ban Chấp hành; đại hội biểu quyết không bầu tiếp."
	m.Attendance = reports.MinutesAttendance{WhoLabel: "đại biểu", Convened: 150, Present: 147, Absent: 3, Base: 148,
		Exclusions: []reports.LabelCount{{Label: "đại biểu chính thức vắng mặt cả kỳ đại hội, không có đại biểu dự khuyết thay thế", Count: 2}}}
	path, f := writeWorkbook(t, m)
	const sheet = "Vòng 2 - BCH"
	find(t, f, sheet, "Đồng Tháp, ngày … tháng … năm …")
	find(t, f, sheet, "7. Không có đồng chí nào trúng cử.")
	find(t, f, sheet, m.RunoffText)
	find(t, f, sheet, m.VacantText)
	find(t, f, sheet, "Biên bản kết thúc lúc … giờ … phút, ngày … tháng … năm …")
	find(t, f, sheet, "– Tổng số đại biểu được triệu tập:")
	find(t, f, sheet, "Bầu lại")
	find(t, f, sheet, "50,00%")
	if dir := os.Getenv("DAIHOI_REPORTS_KEEP"); dir != "" {
		data, _ := os.ReadFile(path)
		_ = os.WriteFile(filepath.Join(dir, "runoff.xlsx"), data, 0o644)
	}
}

func TestWriteMinutesNoRound(t *testing.T) {
	if err := reports.WriteMinutes(&bytes.Buffer{}, nil); err == nil {
		t.Error("WriteMinutes without a round: no error")
	}
}
