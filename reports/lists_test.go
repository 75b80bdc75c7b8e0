package reports_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/congress"
	"daihoi/internal/targets"
	"daihoi/reports"
	"daihoi/reports/lotest"
)

// The list reports of the higher committee, each written from plain data, reopened with excelize
// and converted by LibreOffice.

// khoiHeader is the header of the Khối's own reports.
func khoiHeader() reports.DocHeader {
	return reports.DocHeader{Superior: "Đảng ủy Khối các cơ quan tỉnh", Issuer: "Ban Tổ chức", Number: "Số …-BC/BTC",
		Place: "Đồng Tháp", Date: time.Date(2020, 7, 3, 0, 0, 0, 0, time.UTC)}
}

// seedMembers is the seed congress's committee as the trích ngang prints it (sample members,
// except the Secretary).
func seedMembers() []reports.CommitteeMember {
	return []reports.CommitteeMember{
		{Name: "Huỳnh Minh Tuấn", BirthDate: "12/03/1968", Age: 52, Gender: "Nam", Ethnicity: "Kinh", Religion: "Không",
			HomeTown: "Cao Lãnh, Đồng Tháp", Position: "Giám đốc Sở Khoa học và Công nghệ", JoinedOn: "19/05/1993",
			OfficialOn: "19/05/1994", Education: "12/12", Degree: "Tiến sĩ Nông nghiệp", TheoryLevel: "Cao cấp", Reelected: true,
			Votes: 56, PercentHundredths: 9655, Offices: []string{"Bí thư"}},
		{Name: "Nguyễn Thị Lan", BirthDate: "02/08/1975", Age: 44, Gender: "Nữ", Ethnicity: "Kinh", Religion: "Không",
			HomeTown: "Sa Đéc, Đồng Tháp", Position: "Phó Giám đốc Sở", JoinedOn: "02/09/2001", OfficialOn: "02/09/2002",
			Education: "12/12", Degree: "Thạc sĩ Quản lý khoa học", TheoryLevel: "Cao cấp", Reelected: true, Votes: 57,
			PercentHundredths: 9828, Offices: []string{"Phó Bí thư"}},
		// Text that a spreadsheet would run as a formula, and a cell starting with a minus sign.
		{Name: "=HYPERLINK(\"http://example.invalid\",\"Bấm\")", BirthDate: "01/01/1980", Age: 40, Gender: "Nam",
			Ethnicity: "Khmer", Position: "-Chuyên viên", Votes: 40, PercentHundredths: 6897},
	}
}

// open writes a workbook to a file in the test's folder, reopens it and returns both.
func open(t *testing.T, name string, write func(w *bytes.Buffer) error) (string, *excelize.File) {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("reopen %s: %v", name, err)
	}
	t.Cleanup(func() { f.Close() })
	if dir := os.Getenv("DAIHOI_REPORTS_KEEP"); dir != "" { // to look at the pages
		_ = os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
	}
	return path, f
}

// checkDocument checks what every report sheet has: the party header, the title, a table head
// frozen on screen and repeated on each printed page, A4 one page wide, Times New Roman.
func checkDocument(t *testing.T, f *excelize.File, sheet, title string) {
	t.Helper()
	all := cells(t, f, sheet)
	var texts []string
	for _, v := range all {
		texts = append(texts, v)
	}
	for _, want := range []string{"ĐẢNG CỘNG SẢN VIỆT NAM", title} {
		if !slices.Contains(texts, want) {
			t.Errorf("%s: no cell %q", sheet, want)
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit < 8 {
		t.Errorf("%s: panes %+v (%v), want the table head frozen", sheet, panes, err)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil || layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("%s: page layout %+v (%v), want A4 one page wide", sheet, layout, err)
	}
	found := false
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet {
			found = true
		}
	}
	if !found {
		t.Errorf("%s: no rows repeated on each printed page", sheet)
	}
}

// convert converts a workbook with LibreOffice and returns the text of the PDF ("" without
// pdftotext).
func convert(t *testing.T, path string) string {
	t.Helper()
	pdf := lotest.ConvertToPDF(t, path)
	if dir := os.Getenv("DAIHOI_REPORTS_KEEP"); dir != "" {
		data, _ := os.ReadFile(pdf)
		_ = os.WriteFile(filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), ".xlsx")+".pdf"), data, 0o644)
	}
	text, _ := lotest.PDFText(t, pdf)
	return text
}

func TestWriteCommittee(t *testing.T) {
	h := seedHeader("Số 07-DS/ĐH")
	h.Subtitle = "Ban Chấp hành Đảng bộ Sở Khoa học và Công nghệ khóa II, nhiệm kỳ 2020 – 2025"
	path, f := open(t, "trich-ngang.xlsx", func(w *bytes.Buffer) error {
		return reports.WriteCommittee(w, reports.CommitteeList{Header: h, Members: seedMembers(),
			Notes: []string{"Tỷ lệ so với 58 đảng viên chính thức làm căn cứ."}, SignFor: "T/M Ban Chấp hành", SignTitle: "Bí thư",
			Signer: "Huỳnh Minh Tuấn"})
	})
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Trích ngang"}) {
		t.Fatalf("sheets %v", got)
	}
	checkDocument(t, f, "Trích ngang", "DANH SÁCH TRÍCH NGANG")
	row := rowOf(t, f, "Trích ngang", "Huỳnh Minh Tuấn")
	for col, want := range map[string]string{"A": "1", "C": "12/03/1968\n(52 tuổi)", "N": "Tái cử", "O": "56", "P": "96,55%", "Q": "Bí thư"} {
		if got, _ := f.GetCellValue("Trích ngang", col+row); got != want {
			t.Errorf("%s%s = %q, want %q", col, row, got, want)
		}
	}
	// Formula-looking names are text, prefixed, never formulas.
	ref := find(t, f, "Trích ngang", "'=HYPERLINK(\"http://example.invalid\",\"Bấm\")")
	if formula, _ := f.GetCellFormula("Trích ngang", ref); formula != "" {
		t.Fatalf("a name became the formula %q", formula)
	}
	find(t, f, "Trích ngang", "'-Chuyên viên")
	find(t, f, "Trích ngang", "Lần đầu")
	if text := convert(t, path); text != "" {
		for _, want := range []string{"DANH SÁCH TRÍCH NGANG", "Huỳnh Minh Tuấn", "96,55%", "T/M BAN CHẤP HÀNH"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF does not show %q", want)
			}
		}
	}
}

func TestWriteCongressPack(t *testing.T) {
	exec := seedExecutive()
	p := reports.CongressPack{
		Header:   seedHeader("Số …-BC/ĐH"),
		Subtitle: "Đại hội Đảng bộ Sở Khoa học và Công nghệ lần thứ II, nhiệm kỳ 2020 – 2025",
		Sections: []reports.PackSection{
			{Title: "Thông tin chung", Items: []reports.PackItem{{Label: "Ngày đại hội", Value: "28/05/2020"}}},
			{Title: "Khách mời", Lines: []string{"Đồng chí Thái Đức Tuệ Mẫn, Trưởng Ban Tuyên giáo (tham dự và chỉ đạo)."}},
		},
		Minutes:   []reports.Minutes{exec, seedDelegates()},
		Committee: seedMembers(), CommitteeName: "Ban Chấp hành Đảng bộ Sở Khoa học và Công nghệ khóa II, nhiệm kỳ 2020 – 2025",
		Officers:   []reports.PackOfficer{{Post: "Bí thư", Name: "Huỳnh Minh Tuấn", Votes: 7, PercentHundredths: 10000}},
		Officials:  []reports.PackDelegate{{Name: "Huỳnh Minh Tuấn", BirthDate: "12/03/1968", Votes: 55, PercentHundredths: 9483}},
		Alternates: []reports.PackDelegate{{Name: "Võ Thanh Sơn", Votes: 41, PercentHundredths: 7069}},
		Targets: []reports.PackTarget{{Number: "1", Subject: "Đảng viên hoàn thành tốt nhiệm vụ trở lên", Requirement: "từ 95% trở lên, hằng năm",
			Result: "96,67%", Verdict: "Đúng tiến độ"}},
		SignFor: "T/M Ban Chấp hành", SignTitle: "Bí thư", Signer: "Huỳnh Minh Tuấn",
	}
	path, f := open(t, "ho-so-dai-hoi.xlsx", func(w *bytes.Buffer) error { return reports.WriteCongressPack(w, p) })
	sheets := f.GetSheetList()
	for _, want := range []string{"Báo cáo", "Vòng 1 - BCH", "Trích ngang", "Cấp ủy", "Đại biểu", "Chỉ tiêu"} {
		if !slices.Contains(sheets, want) {
			t.Errorf("no sheet %q in %v", want, sheets)
		}
	}
	if sheets[0] != "Báo cáo" {
		t.Errorf("first sheet %q", sheets[0])
	}
	find(t, f, "Báo cáo", "BÁO CÁO KẾT QUẢ ĐẠI HỘI")
	find(t, f, "Báo cáo", "I. THÔNG TIN CHUNG")
	// The minutes carry the round's fingerprint, as WriteMinutes prints it.
	find(t, f, "Vòng 1 - BCH", exec.Fingerprint)
	checkDocument(t, f, "Trích ngang", "DANH SÁCH TRÍCH NGANG")
	checkDocument(t, f, "Đại biểu", "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI CẤP TRÊN")
	find(t, f, "Đại biểu", "Đại biểu dự khuyết (theo thứ tự thay thế): 1 đồng chí")
	find(t, f, "Cấp ủy", "100,00%")
	find(t, f, "Chỉ tiêu", "Đúng tiến độ")
	if text := convert(t, path); text != "" {
		for _, want := range []string{"BÁO CÁO KẾT QUẢ ĐẠI HỘI", "BIÊN BẢN KIỂM PHIẾU", exec.Fingerprint, "Võ Thanh Sơn"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF does not show %q", want)
			}
		}
	}
	if err := reports.WriteCongressPack(&bytes.Buffer{}, reports.CongressPack{}); err == nil {
		t.Fatal("a pack without its issuer was written")
	}
}

func TestWriteCongresses(t *testing.T) {
	entries := []*reports.CongressEntry{
		{Organization: "Đảng bộ Sở Khoa học và Công nghệ", Parent: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Kind: "Đại hội đảng viên",
			Ordinal: "II", HeldOn: "28/05/2020", State: "Đã chuẩn y", ReportedOn: "05/06/2020", DecidedOn: "19/06/2020", Convened: 61,
			Present: 58, Secretary: "Huỳnh Minh Tuấn", Body: "Ban Chấp hành", Members: seedMembers(),
			Delegates: seedMembers()[:1], DelegateBodies: []string{"Đại biểu chính thức"}},
		{Organization: "+Chi bộ =1+1", Kind: "Đại hội đảng viên", Ordinal: "I", HeldOn: "10/04/2020", State: "Đã tổ chức", Convened: 9, Present: 9},
	}
	path, f := open(t, "tong-hop-dai-hoi.xlsx", func(w *bytes.Buffer) error {
		return reports.WriteCongresses(w, reports.CongressesReport{Header: khoiHeader(),
			Scope: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp, nhiệm kỳ 2020 – 2025",
			Each: func(yield func(*reports.CongressEntry) error) error {
				for _, e := range entries {
					if err := yield(e); err != nil {
						return err
					}
				}
				return nil
			}})
	})
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Đại hội", "Người trúng cử"}) {
		t.Fatalf("sheets %v", got)
	}
	checkDocument(t, f, "Đại hội", "TỔNG HỢP TÌNH HÌNH ĐẠI HỘI")
	checkDocument(t, f, "Người trúng cử", "DANH SÁCH TRÍCH NGANG CẤP ỦY VIÊN VÀ ĐẠI BIỂU TRÚNG CỬ")
	row := rowOf(t, f, "Đại hội", "Đảng bộ Sở Khoa học và Công nghệ")
	for col, want := range map[string]string{"G": "Đã chuẩn y", "L": "3", "M": "Huỳnh Minh Tuấn", "J": "61"} {
		if got, _ := f.GetCellValue("Đại hội", col+row); got != want {
			t.Errorf("Đại hội %s%s = %q, want %q", col, row, got, want)
		}
	}
	find(t, f, "Đại hội", "'+Chi bộ =1+1")
	find(t, f, "Đại hội", "Tổng cộng: 2 đại hội, 3 cấp ủy viên trúng cử.")
	find(t, f, "Người trúng cử", "Tổng cộng: 4 lượt người trúng cử.")
	prow := rowOf(t, f, "Người trúng cử", "Nguyễn Thị Lan")
	for col, want := range map[string]string{"B": "Đảng bộ Sở Khoa học và Công nghệ", "C": "Ban Chấp hành", "R": "98,28%", "S": "Phó Bí thư"} {
		if got, _ := f.GetCellValue("Người trúng cử", col+prow); got != want {
			t.Errorf("Người trúng cử %s%s = %q, want %q", col, prow, got, want)
		}
	}
	find(t, f, "Người trúng cử", "Đại biểu chính thức")
	if text := convert(t, path); text != "" && !strings.Contains(text, "TỔNG HỢP TÌNH HÌNH ĐẠI HỘI") {
		t.Error("the PDF does not show the title")
	}
	// An error of the rows is returned as it is, with nothing written.
	boom := errors.New("boom")
	var buf bytes.Buffer
	err := reports.WriteCongresses(&buf, reports.CongressesReport{Header: khoiHeader(),
		Each: func(func(*reports.CongressEntry) error) error { return boom }})
	if !errors.Is(err, boom) || buf.Len() != 0 {
		t.Fatalf("error %v, %d bytes written", err, buf.Len())
	}
}

// seedStructure is the structure of two committees: the seed's and a cell's with one woman of five.
func seedStructure() *targets.Structure {
	people := []congress.Person{
		{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", Ethnicity: "Kinh", Degree: "Tiến sĩ Nông nghiệp", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "Nguyễn Thị Lan", BirthDate: "1975-08-02", Gender: "female", Ethnicity: "Kinh", Degree: "Thạc sĩ", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "Lê Thị Hạnh", BirthDate: "1983-04-30", Gender: "female", Ethnicity: "Kinh", Degree: "Cử nhân", TheoryLevel: "Trung cấp"},
		{FullName: "Võ Thanh Sơn", BirthDate: "1986-01-09", Gender: "male", Ethnicity: "Khmer", Degree: "Kỹ sư", TheoryLevel: "Trung cấp"},
	}
	list := []targets.GuidanceTarget{
		{Metric: targets.MetricUnder40, Comparator: targets.AtLeast, Value: 10, Source: "Chỉ thị 35-CT/TW"},
		{Metric: targets.MetricAge40To50, Comparator: targets.Between, Value: 40, ValueHigh: 50, Source: "Chỉ thị 35-CT/TW"},
		{Metric: targets.MetricWomen, Comparator: targets.AtLeast, Value: 15, Source: "Chỉ thị 35-CT/TW"},
	}
	st := &targets.Structure{TermStart: 2020, TermEnd: 2025, Scope: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Targets: list, Congresses: 3}
	a := targets.StructureRow{Organization: "Đảng bộ Sở Khoa học và Công nghệ", HeldOn: "2020-05-28"}
	for _, p := range people {
		a.Add(p, "2020-05-28")
	}
	b := targets.StructureRow{Organization: "=Chi bộ Văn phòng", HeldOn: "2020-04-10"}
	for _, p := range []congress.Person{people[0], people[0], people[0], people[0], people[2]} {
		b.Add(p, "2020-04-10")
	}
	b.Composition.Women = 0 // a committee of men only misses the women's target
	for _, r := range []*targets.StructureRow{&a, &b} {
		r.Judge(list)
		st.Total.Merge(r.Composition)
		st.Rows = append(st.Rows, *r)
	}
	st.Total.Judge(list)
	for _, o := range targets.Metrics {
		if m := targets.Metric(o.Code); m != targets.MetricUnder40 && m != targets.MetricAge40To50 && m != targets.MetricWomen {
			st.Untargeted = append(st.Untargeted, m)
		}
	}
	return st
}

func TestWriteStructure(t *testing.T) {
	st := seedStructure()
	path, f := open(t, "co-cau-cap-uy.xlsx", func(w *bytes.Buffer) error {
		return reports.WriteStructure(w, reports.StructureReport{Header: khoiHeader(), Scope: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp, nhiệm kỳ 2020 – 2025",
			Structure: st, SignFor: "T/L Ban Thường vụ", SignTitle: "Trưởng Ban Tổ chức"})
	})
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Tổng hợp", "Theo tổ chức", "Trình độ", "Biểu đồ"}) {
		t.Fatalf("sheets %v", got)
	}
	find(t, f, "Tổng hợp", "BÁO CÁO CƠ CẤU CẤP ỦY KHÓA MỚI")
	find(t, f, "Tổng hợp", "ĐẢNG CỘNG SẢN VIỆT NAM")
	checkDocument(t, f, "Theo tổ chức", "CƠ CẤU CẤP ỦY KHÓA MỚI THEO TỪNG TỔ CHỨC ĐẢNG")
	checkDocument(t, f, "Trình độ", "TRÌNH ĐỘ CỦA CẤP ỦY VIÊN KHÓA MỚI")
	// Women: 2 of 9 = 22,22% over all; the cell's 0% misses the target and is marked.
	row := rowOf(t, f, "Tổng hợp", "Nữ")
	for col, want := range map[string]string{"C": "2", "D": "22,22%", "E": "từ 15% trở lên", "F": "Đạt", "G": "1"} {
		if got, _ := f.GetCellValue("Tổng hợp", col+row); got != want {
			t.Errorf("Tổng hợp %s%s = %q, want %q", col, row, got, want)
		}
	}
	cell := rowOf(t, f, "Theo tổ chức", "'=Chi bộ Văn phòng")
	if got, _ := f.GetCellValue("Theo tổ chức", "E"+cell); got != "0,00% (*)" {
		t.Errorf("the cell's women share = %q, want it marked", got)
	}
	if got, _ := f.GetCellValue("Theo tổ chức", "S"+cell); !strings.Contains(got, "Nữ") {
		t.Errorf("the cell's missed targets = %q", got)
	}
	find(t, f, "Theo tổ chức", "Chỉ tiêu định hướng")
	if charts := zipParts(t, path, "xl/charts/chart"); charts != 2 {
		t.Errorf("%d charts, want the shares and the ages", charts)
	}
	if text := convert(t, path); text != "" {
		for _, want := range []string{"BÁO CÁO CƠ CẤU CẤP ỦY KHÓA MỚI", "22,22%", "BIỂU ĐỒ CƠ CẤU CẤP ỦY KHÓA MỚI"} {
			if !strings.Contains(text, want) {
				t.Errorf("the PDF does not show %q", want)
			}
		}
	}
	if err := reports.WriteStructure(&bytes.Buffer{}, reports.StructureReport{Header: khoiHeader()}); err == nil {
		t.Fatal("a structure report without figures was written")
	}
}

func TestWriteTargetsSummary(t *testing.T) {
	entries := []*reports.TargetsSummaryEntry{
		{Organization: "Đảng bộ Sở Khoa học và Công nghệ", Congress: "Lần thứ II, 28/05/2020", Resolution: true, Total: 7, Met: 3,
			Exceeded: 1, NotMet: 1, OnTrack: 2, AtRisk: 1, LatestYear: 2024, Headline: "3/7 chỉ tiêu đạt và vượt"},
		{Organization: "@Đảng bộ Sở Y tế", Congress: "Lần thứ III, 02/06/2020", Headline: "Chưa ghi chỉ tiêu"},
	}
	path, f := open(t, "tong-hop-chi-tieu.xlsx", func(w *bytes.Buffer) error {
		return reports.WriteTargetsSummary(w, reports.TargetsSummary{Header: khoiHeader(), Notes: []string{"Đánh giá đến năm 2024."},
			Each: func(yield func(*reports.TargetsSummaryEntry) error) error {
				for _, e := range entries {
					if err := yield(e); err != nil {
						return err
					}
				}
				return nil
			}})
	})
	checkDocument(t, f, "Chỉ tiêu nghị quyết", "TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI")
	row := rowOf(t, f, "Chỉ tiêu nghị quyết", "Đảng bộ Sở Khoa học và Công nghệ")
	for col, want := range map[string]string{"D": "Đã ghi", "E": "7", "F": "3", "H": "1", "L": "2024", "M": "3/7 chỉ tiêu đạt và vượt"} {
		if got, _ := f.GetCellValue("Chỉ tiêu nghị quyết", col+row); got != want {
			t.Errorf("%s%s = %q, want %q", col, row, got, want)
		}
	}
	find(t, f, "Chỉ tiêu nghị quyết", "'@Đảng bộ Sở Y tế")
	find(t, f, "Chỉ tiêu nghị quyết", "Tổng cộng: 2 đại hội")
	if text := convert(t, path); text != "" && !strings.Contains(text, "3/7 chỉ tiêu đạt và vượt") {
		t.Error("the PDF does not show the headline")
	}
}

// zipParts counts the parts of a workbook's zip whose name starts with prefix.
func zipParts(t *testing.T, path, prefix string) int {
	t.Helper()
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, prefix) {
			n++
		}
	}
	return n
}
