package reports_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/congress"
	"daihoi/reports"
	"daihoi/reports/lotest"
)

// rollPersons are persons as the store holds them, for round trips.
var rollPersons = []congress.Person{
	{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Cao Lãnh, Đồng Tháp",
		Position: "Giám đốc Sở Khoa học và Công nghệ", JoinedOn: "1993-05-19", OfficialOn: "1994-05-19", Education: "12/12",
		Degree: "Tiến sĩ Nông nghiệp", TheoryLevel: "Cao cấp", Incumbent: true},
	{FullName: "Nguyễn Thị Lan", BirthDate: "1975-08-02", Gender: "female", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Sa Đéc, Đồng Tháp",
		Position: "Phó Giám đốc Sở", JoinedOn: "2001-09-02", OfficialOn: "2002-09-02", Education: "12/12", Degree: "Thạc sĩ Quản lý khoa học",
		TheoryLevel: "Cao cấp", Incumbent: true},
	{FullName: "Võ Thanh Sơn", BirthDate: "1986-01-09", Gender: "male", Ethnicity: "Khmer", Religion: "Phật giáo", HomeTown: "Hồng Ngự, Đồng Tháp",
		Position: "=Giám đốc Trung tâm Ứng dụng tiến bộ KH&CN", JoinedOn: "2012-03-26", OfficialOn: "2013-03-26", Education: "12/12",
		Degree: "Thạc sĩ Công nghệ thông tin", TheoryLevel: "Trung cấp"},
}

func openBook(t testing.TB, data []byte) (*reports.Workbook, error) {
	t.Helper()
	return reports.OpenWorkbook(bytes.NewReader(data), int64(len(data)))
}

func templateOf(t testing.TB, persons []congress.Person) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := reports.WritePersonTemplate(&buf, reports.PersonTemplate{Header: seedHeader("Số …-DS/ĐH"), Persons: persons}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// samePersons compares the profile fields the list carries.
func samePersons(t testing.TB, got []reports.PersonRow, want []congress.Person) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d persons read, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i].Person
		w.ID, w.CongressID, w.Sample, w.Version = 0, 0, false, 0
		g.ID, g.CongressID, g.Sample, g.Version = 0, 0, false, 0
		if g != w {
			t.Errorf("row %d:\n got %+v\nwant %+v", got[i].Row, g, w)
		}
	}
}

// The empty template reads as an empty list; filled with persons it gives them back.
func TestPersonTemplateRoundTrip(t *testing.T) {
	wb, err := openBook(t, templateOf(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	list, err := wb.ReadPersonList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rows) != 0 || len(list.Rejected) != 0 || len(list.Columns) != 13 {
		t.Fatalf("empty template: %d rows, %v rejected, columns %v", len(list.Rows), list.Rejected, list.Columns)
	}
	wb, err = openBook(t, templateOf(t, rollPersons))
	if err != nil {
		t.Fatal(err)
	}
	list, err = wb.ReadPersonList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rejected) > 0 {
		t.Fatalf("rejected: %v", list.Rejected)
	}
	samePersons(t, list.Rows, rollPersons)
}

// book builds a workbook with excelize from rows of cell values (string, int, float64) starting at
// A1 of the sheet "Danh sách"; formulas maps a cell to a formula.
func book(t testing.TB, rows [][]any, formulas map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "Danh sách")
	for r, row := range rows {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if v == nil {
				continue
			}
			if err := f.SetCellValue("Danh sách", ref, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	for ref, formula := range formulas {
		f.SetCellFormula("Danh sách", ref, formula)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var listHeading = []any{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Quê quán", "Ngày vào Đảng", "Ngày chính thức", "Tái cử"}

// Every bad row is reported with its sheet, row and reason; the good rows are still read, and
// dates may be text or Excel serials. A two-row heading (Ngày sinh over Nam and Nữ) is understood.
func TestPersonListRowsRejected(t *testing.T) {
	rows := [][]any{
		{"DANH SÁCH TRÍCH NGANG BAN CHẤP HÀNH"},
		{},
		listHeading,
		{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"},
		{1, "Huỳnh Minh Tuấn", "12/03/1968", "Nam", "Cao Lãnh", "19/05/1993", "19/05/1994", "x"},
		{2, "Nguyễn Thị Lan", 27608.0, "Nữ", "Sa Đéc", "2001-09-02", "2/9/2002", ""}, // 1975-08-02 as a serial
		{3, "Trần Văn Bình", "31/02/1979", "Nam", "Lấp Vò", "03/02/2005", "03/02/2006", ""},
		{4, "Lê Thị Hạnh", "1983", "Nữ", "Châu Thành", "22/12/2009", "22/12/2010", ""},
		{5, "Phạm Quốc Dũng", "15/06/1972", "Không rõ", "Tháp Mười", "27/07/1998", "27/07/1999", "có lẽ"},
		{6, "Võ Thanh Sơn", "09/01/1986", "Nam", "Hồng Ngự", "26/03/2012", "26/03/2010", ""},
		{7, "", "05/09/1977", "Nữ", "Thanh Bình", "", "", ""},
		{8, "Huỳnh Minh Tuấn", "12/03/1968", "Nam", "Cao Lãnh", "", "", ""},
		{9, "Bùi Văn\u0007Nam", "01/12/1990", "Nam", "Lai Vung", "", "", ""},
		{10, "Ngô Thị Thu", "14/02/1981", "Nữ", "Cao Lãnh", "", "", ""},
		{},
		{nil, nil, nil, nil, nil, "T/M BAN CHẤP HÀNH"},
		{nil, nil, nil, nil, nil, "BÍ THƯ"},
	}
	wb, err := openBook(t, book(t, rows, map[string]string{"F14": "DATE(2008,10,10)"}))
	if err != nil {
		t.Fatal(err)
	}
	list, err := wb.ReadPersonList()
	if err != nil {
		t.Fatal(err)
	}
	if list.HeaderRow != 3 || len(list.Rows) != 2 {
		t.Fatalf("heading row %d; %d good rows: %+v", list.HeaderRow, len(list.Rows), list.Rows)
	}
	if p := list.Rows[1].Person; p.BirthDate != "1975-08-02" || p.JoinedOn != "2001-09-02" || p.OfficialOn != "2002-09-02" || p.Gender != "female" {
		t.Fatalf("serial and text dates: %+v", p)
	}
	want := []string{
		"Trang “Danh sách”, dòng 7: Trần Văn Bình: ô C7: Ngày sinh “31/02/1979” không phải ngày hợp lệ (ghi dd/mm/yyyy, ví dụ 28/05/1968).",
		"Trang “Danh sách”, dòng 8: Lê Thị Hạnh: ô C8: Ngày sinh chỉ ghi năm 1983; cần ghi đủ ngày/tháng/năm (dd/mm/yyyy).",
		"Trang “Danh sách”, dòng 9: Phạm Quốc Dũng: ô D9: giới tính “Không rõ” không hiểu được (ghi Nam hoặc Nữ); ô H9: cột tái cử ghi “có lẽ”; ghi x (tái cử) hoặc để trống (lần đầu).",
		"Trang “Danh sách”, dòng 10: Võ Thanh Sơn: ngày chính thức (26/03/2010) không được trước ngày vào Đảng (26/03/2012).",
		"Trang “Danh sách”, dòng 11: Thiếu họ và tên.",
		"Trang “Danh sách”, dòng 12: Huỳnh Minh Tuấn: trùng họ tên và ngày sinh với dòng 5.",
		"Trang “Danh sách”, dòng 13: Bùi Văn\uFFFDNam: ô B13 có ký tự hỏng (U+FFFD): văn bản bị mất chữ khi chép hoặc chuyển mã.",
		"Trang “Danh sách”, dòng 14: Ngô Thị Thu: ô F14 chứa công thức; daihoi không đọc giá trị tính sẵn của công thức — hãy sao chép và dán giá trị (Paste Special → Values) rồi gửi lại.",
	}
	var got []string
	for _, p := range list.Rejected {
		got = append(got, p.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rejected rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// "Ngày sinh" over "Nam" and "Nữ", "Ngày vào Đảng" over "Dự bị" and "Chính thức".
	two := [][]any{
		{"STT", "Họ và tên", "Ngày sinh", nil, "Quê quán", "Ngày vào Đảng", nil, "Trình độ", nil, nil},
		{nil, nil, "Nam", "Nữ", nil, "Dự bị", "Chính thức", "GDPT", "Chuyên môn", "LLCT"},
		{1, "Huỳnh Minh Tuấn", "12/03/1968", nil, "Cao Lãnh", "19/05/1993", "19/05/1994", "12/12", "Tiến sĩ", "Cao cấp"},
		{2, "Nguyễn Thị Lan", nil, "02/08/1975", "Sa Đéc", "02/09/2001", "02/09/2002", 46368.0, "Thạc sĩ", "Cao cấp"},
	}
	wb, err = openBook(t, book(t, two, nil))
	if err != nil {
		t.Fatal(err)
	}
	list, err = wb.ReadPersonList()
	if err != nil || len(list.Rejected) > 0 || len(list.Rows) != 2 {
		t.Fatalf("two-row heading: %v %+v", err, list)
	}
	a, b := list.Rows[0].Person, list.Rows[1].Person
	if a.Gender != "male" || a.BirthDate != "1968-03-12" || a.OfficialOn != "1994-05-19" || a.Degree != "Tiến sĩ" || a.TheoryLevel != "Cao cấp" ||
		b.Gender != "female" || b.BirthDate != "1975-08-02" || b.Education != "12/12" {
		t.Fatalf("two-row heading read as %+v and %+v", a, b)
	}
}

// A control character hidden in a cell as the OOXML escape _x0007_ is refused with its cell.
func TestPersonListControlCharacter(t *testing.T) {
	head := `<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày sinh</t></is></c>` +
		`<c r="C1" t="inlineStr"><is><t>Giới tính</t></is></c><c r="D1" t="inlineStr"><is><t>Quê quán</t></is></c>` +
		`<c r="E1" t="inlineStr"><is><t>Dân tộc</t></is></c></row>`
	row := `<row r="2"><c r="A2" t="inlineStr"><is><t>Bùi Văn_x0007_Nam</t></is></c><c r="B2" t="inlineStr"><is><t>01/12/1990</t></is></c></row>`
	wb, err := openBook(t, zipOf(t, minimalParts(xentry{data: sheetXML(head + row)})...))
	if err != nil {
		t.Fatal(err)
	}
	list, err := wb.ReadPersonList()
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Rejected) != 1 || !strings.HasSuffix(list.Rejected[0].String(), "dòng 2: Bùi Văn Nam: ô A2 có ký tự điều khiển U+0007.") {
		t.Fatalf("rejected: %v", list.Rejected)
	}
}

// The totals of a round read back from the counting minutes daihoi writes.
func TestRoundTotalsFromMinutes(t *testing.T) {
	var buf bytes.Buffer
	m := seedExecutive()
	m.Ballots.InvalidReasons = []reports.LabelCount{{Label: "phiếu để lại nhiều tên hơn số lượng cần bầu", Count: 1}}
	if err := reports.WriteMinutes(&buf, []reports.Minutes{m, seedDelegates()}); err != nil {
		t.Fatal(err)
	}
	wb, err := openBook(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range m.Candidates {
		names = append(names, c.Name)
	}
	totals, problems, err := wb.ReadRoundTotals("", names)
	if err != nil || len(problems) > 0 {
		t.Fatalf("%v %v", err, problems)
	}
	if totals.Sheet != "Vòng 1 - BCH" || totals.Issued != 58 || totals.Collected != 58 || totals.Valid != 57 || totals.Invalid != 1 ||
		totals.InvalidReasons["too_many_kept"] != 1 || len(totals.Votes) != 8 {
		t.Fatalf("totals %+v", totals)
	}
	for i, r := range m.Results {
		if totals.Votes[i].Name != r.Name || totals.Votes[i].Votes != r.Votes {
			t.Fatalf("line %d: %+v, want %s %d", i, totals.Votes[i], r.Name, r.Votes)
		}
	}
	// Two minutes sheets and no names to choose by: the user must choose.
	if _, _, err := wb.ReadRoundTotals("", nil); err == nil || !strings.Contains(reports.ImportProblems(err)[0].String(), "có 2 trang biên bản kiểm phiếu") {
		t.Fatalf("ambiguous sheets: %v", err)
	}
}

// A minutes sheet with a figure typed as words and a vote computed by a formula is rejected line
// by line.
func TestRoundTotalsRejected(t *testing.T) {
	rows := [][]any{
		{"BIÊN BẢN KIỂM PHIẾU"},
		{"5. Kết quả kiểm phiếu:"},
		{"– Số phiếu phát ra:", nil, nil, nil, nil, "58 phiếu"},
		{"– Số phiếu thu vào:", nil, nil, nil, nil, "năm mươi tám"},
		{"– Số phiếu hợp lệ: 57"},
		{"– Số phiếu không hợp lệ:", nil, nil, nil, nil, 1},
		{"STT", "Họ và tên", "Số phiếu", "Tỷ lệ", "Kết quả"},
		{1, "Huỳnh Minh Tuấn", 57, "98,28%", "Trúng cử"},
		{2, "Nguyễn Thị Lan", -3, "", ""},
		{3, "Lê Thị Hạnh", 40, "", ""},
		{4, "Huỳnh Minh Tuấn", 57, "", ""},
	}
	wb, err := openBook(t, book(t, rows, map[string]string{"C10": "SUM(20,20)"}))
	if err != nil {
		t.Fatal(err)
	}
	totals, problems, err := wb.ReadRoundTotals("", nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"Trang “Danh sách”, dòng 4: Số phiếu thu vào ghi “năm mươi tám”, không phải số nguyên không âm.",
		"Trang “Danh sách”, dòng 9: số phiếu của Nguyễn Thị Lan ghi “-3”, không phải số nguyên không âm.",
		"Trang “Danh sách”, dòng 10: Lê Thị Hạnh: ô C10 chứa công thức; daihoi không đọc giá trị tính sẵn của công thức — hãy sao chép và dán giá trị (Paste Special → Values) rồi gửi lại.",
		"Trang “Danh sách”, dòng 11: Huỳnh Minh Tuấn có hai lần trong bảng (dòng 8 và 11).",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if totals.Issued != 58 || totals.Valid != 57 || totals.Invalid != 1 {
		t.Fatalf("figures read: %+v", totals)
	}
}

// zipOf writes entries as a zip; a raw entry keeps its header's (possibly false) sizes.
func zipOf(t testing.TB, entries ...xentry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		if e.raw != nil {
			w, _ := zw.CreateRaw(e.raw)
			w.Write(e.data)
			continue
		}
		w, _ := zw.Create(e.name)
		if e.stream != nil {
			e.stream(w)
		} else {
			w.Write(e.data)
		}
	}
	zw.Close()
	return buf.Bytes()
}

type xentry struct {
	name   string
	data   []byte
	raw    *zip.FileHeader
	stream func(io.Writer)
}

// minimalParts are the parts of a one-sheet workbook, with its sheet to be given.
func minimalParts(sheet xentry) []xentry {
	sheet.name = "xl/worksheets/sheet1.xml"
	return []xentry{
		{name: "[Content_Types].xml", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`)},
		{name: "_rels/.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`)},
		sheet,
	}
}

// sheetXML wraps rows in a worksheet.
func sheetXML(rows string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		rows + `</sheetData></worksheet>`)
}

// lyingBomb is a deflated worksheet of n bytes whose header says 1 000.
func lyingBomb(n int) xentry {
	var z bytes.Buffer
	fw, _ := flate.NewWriter(&z, flate.BestCompression)
	crc := crc32.NewIEEE()
	w := io.MultiWriter(fw, crc)
	w.Write(sheetXML("")[:100])
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < n>>20; i++ {
		w.Write(chunk)
	}
	fw.Close()
	return xentry{name: "xl/worksheets/sheet1.xml", data: z.Bytes(), raw: &zip.FileHeader{Name: "xl/worksheets/sheet1.xml",
		Method: zip.Deflate, CRC32: crc.Sum32(), CompressedSize64: uint64(z.Len()), UncompressedSize64: 1000}}
}

type hugeFile struct{}

func (hugeFile) ReadAt(p []byte, off int64) (int, error) { return 0, io.EOF }

// A table of broken and hostile workbooks, each refused with its reason.
func TestBrokenWorkbooksRefused(t *testing.T) {
	good := templateOf(t, nil)
	million := func(w io.Writer) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for r := 1; r <= 1_000_000; r++ {
			fmt.Fprintf(w, `<row r="%d"><c><v>1</v></c></row>`, r)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}
	bomb := lyingBomb(100 << 20)
	withBomb := minimalParts(bomb)
	withBomb[len(withBomb)-1] = bomb
	many := minimalParts(xentry{data: sheetXML("")})
	for i := 0; i < 2001; i++ {
		many = append(many, xentry{name: fmt.Sprintf("xl/media/image%d.png", i), data: []byte("x")})
	}
	cases := []struct {
		name string
		data []byte
		size int64
		want string
	}{
		{"not a zip", []byte("Họ và tên;Ngày sinh\nHuỳnh Minh Tuấn;12/03/1968\n"), 0, "không phải bảng tính .xlsx đọc được"},
		{"truncated", good[:len(good)*2/3], 0, "không phải bảng tính .xlsx đọc được"},
		{"old .xls or encrypted", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), 0, "Excel 97–2003 (.xls) hoặc có đặt mật khẩu"},
		{"over 200 MB", nil, reports.MaxWorkbookSize + 1, "Tệp Excel quá lớn (201 MB, tối đa 200 MB)"},
		{"zip without a workbook", zipOf(t, xentry{name: "hello.txt", data: []byte("x")}), 0, "thiếu phần workbook"},
		{"path traversal", zipOf(t, append(minimalParts(xentry{data: sheetXML("")}), xentry{name: "../../evil.sh", data: []byte("x")})...), 0, "đường dẫn ra ngoài tệp"},
		{"too many entries", zipOf(t, many...), 0, "nhiều hơn mức tối đa 2.000"},
		{"zip bomb", zipOf(t, withBomb...), 0, "có thể là “bom zip”"},
		{"a million rows", zipOf(t, minimalParts(xentry{stream: million})...), 0, "quá mức tối đa 10.000 dòng; daihoi dừng đọc ở dòng 10.000"},
		{"one row far down", zipOf(t, minimalParts(xentry{data: sheetXML(`<row r="1000000"><c r="A1000000"><v>1</v></c></row>`)})...), 0, "có dữ liệu đến dòng 1.000.000"},
		{"malformed XML", zipOf(t, minimalParts(xentry{data: []byte(`<worksheet><sheetData><row><c><v>1</c></row>`)})...), 0, "XML không đọc được"},
		{"external entity", zipOf(t, minimalParts(xentry{data: []byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><worksheet><sheetData><row><c t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>`)})...), 0, "XML không đọc được"},
		{"no list in it", book(t, [][]any{{"Tên", "Tuổi"}, {"A", 1}}, nil), 0, "Không tìm thấy danh sách trích ngang"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var wb *reports.Workbook
			var err error
			if tc.size > 0 {
				wb, err = reports.OpenWorkbook(hugeFile{}, tc.size)
			} else {
				wb, err = openBook(t, tc.data)
			}
			if err == nil {
				_, err = wb.ReadPersonList()
				wb.Close()
			}
			problems := reports.ImportProblems(err)
			if len(problems) == 0 {
				t.Fatalf("accepted: %v", err)
			}
			if !strings.Contains(problems[0].String(), tc.want) {
				t.Fatalf("reason %q lacks %q", problems[0].String(), tc.want)
			}
			if congress.ErrorCode(err) != congress.EINVALID {
				t.Fatalf("code %q", congress.ErrorCode(err))
			}
		})
	}
}

// The template opens in LibreOffice and prints the party header and the column titles.
func TestPersonTemplateLibreOffice(t *testing.T) {
	lotest.Soffice(t)
	t.Parallel()
	path := filepath.Join(t.TempDir(), "mau.xlsx")
	if err := os.WriteFile(path, templateOf(t, rollPersons[:1]), 0o600); err != nil {
		t.Fatal(err)
	}
	pdf := lotest.ConvertToPDF(t, path)
	text, ok := lotest.PDFText(t, pdf)
	if !ok {
		return
	}
	for _, want := range []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "DANH SÁCH TRÍCH NGANG", "Họ và tên", "Huỳnh Minh Tuấn", "12/03/1968"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q", want)
		}
	}
}
