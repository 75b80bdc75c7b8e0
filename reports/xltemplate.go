package reports

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// PersonTemplate is the workbook a committee without daihoi fills in and sends back: the danh
// sách trích ngang laid out as a party document, with the columns ReadPersonList reads. Votes,
// percentages and offices are not in it: they come from the counting rounds.
type PersonTemplate struct {
	// Header is the party header; Title defaults to "DANH SÁCH TRÍCH NGANG".
	Header DocHeader
	// Persons fill the first rows (an export of the roll to correct and send back); the rest of
	// the table is empty rows to fill.
	Persons []congress.Person
}

// templateColumns are the template's columns: the titles of the danh sách trích ngang, which
// headingField recognises, and their widths.
var templateColumns = []struct {
	title string
	width float64
}{
	{"STT", 5.5}, {"Họ và tên", 22}, {"Ngày sinh", 12.5}, {"Giới tính", 7}, {"Dân tộc", 7}, {"Tôn giáo", 8},
	{"Quê quán", 14}, {"Chức vụ, đơn vị công tác", 22}, {"Ngày vào Đảng", 12.5}, {"Ngày chính thức", 12.5},
	{"Giáo dục phổ thông", 8.5}, {"Chuyên môn, nghiệp vụ", 16}, {"Lý luận chính trị", 10}, {"Tái cử hay lần đầu", 9},
}

// templateSize is the type size of the template's table: a dense list of fourteen columns on A4
// landscape, one point under the minutes' tables.
const templateSize = sizeTable - 1

// templateRows is the number of rows to fill in an empty template.
const templateRows = 50

// templateHelp is the instructions sheet, one paragraph a row.
var templateHelp = []string{
	"HƯỚNG DẪN ĐIỀN DANH SÁCH TRÍCH NGANG",
	"1. Mỗi đảng viên một dòng, bắt đầu từ dòng đầu tiên dưới tiêu đề cột. Không đổi tên, thứ tự các cột; có thể thêm dòng.",
	"2. Ngày sinh, ngày vào Đảng, ngày chính thức ghi theo dạng ngày/tháng/năm, ví dụ 28/05/1968 (các ô này đã định dạng văn bản để Excel không tự đổi ngày).",
	"3. Giới tính chọn Nam hoặc Nữ. Cột “Tái cử hay lần đầu” chọn Tái cử (đã là cấp ủy viên khóa trước) hoặc Lần đầu.",
	"4. Chỉ ghi giá trị, không dùng công thức: ô có công thức sẽ bị từ chối. Khi chép từ tệp khác hãy dùng Dán đặc biệt → Giá trị (Paste Special → Values).",
	"5. Số phiếu, tỷ lệ và chức vụ trong cấp ủy không ghi ở đây: daihoi lấy từ kết quả các vòng bầu.",
	"6. Khi nhập, daihoi báo từng dòng bị từ chối kèm số dòng và lý do; không nhập gì nếu còn dòng lỗi, trừ khi người nhập chọn chỉ nhập các dòng hợp lệ.",
}

// WritePersonTemplate writes the template workbook: the danh sách trích ngang sheet (A4 landscape,
// the party header, the heading row frozen and repeated on every page, text-formatted cells so
// that Excel keeps "28/05/1968" and "12/12" as typed, drop-down lists for gender and re-election)
// and an instructions sheet.
func WritePersonTemplate(w io.Writer, t PersonTemplate) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return fmt.Errorf("reports: default font: %w", err)
	}
	styles := newStyleSet(f)
	h := t.Header
	if strings.TrimSpace(h.Title) == "" {
		h.Title = "DANH SÁCH TRÍCH NGANG"
	}
	widths := make(grid, len(templateColumns))
	for i, c := range templateColumns {
		widths[i] = c.width
	}
	titleRow := h.HeaderRows(widths) + 1
	const sheet = "Trích ngang"
	s, err := newSheet(f, styles, sheet, true, sheetOptions{widths: widths, landscape: true, titleRow: titleRow})
	if err != nil {
		return err
	}
	if err := h.writeHeader(s); err != nil {
		return err
	}
	heading := styleKey{size: templateSize, bold: true, align: "center", valign: "center", wrap: true, border: borderBox}
	var cells []cell
	for i, c := range templateColumns {
		cells = append(cells, cell{col: i + 1, value: c.title, style: heading})
	}
	if err := s.row(0, cells...); err != nil {
		return err
	}
	first := s.next
	n := max(templateRows, len(t.Persons)+10)
	text := styleKey{size: templateSize, align: "left", valign: "center", wrap: true, border: borderBox}
	for i := 0; i < n; i++ {
		values := make([]any, len(templateColumns))
		values[0] = i + 1
		if i < len(t.Persons) {
			p := t.Persons[i]
			term := "Lần đầu"
			if p.Incumbent {
				term = "Tái cử"
			}
			copy(values[1:], []any{p.FullName, vn.Date(p.BirthDate), congress.Label(congress.Genders, p.Gender), p.Ethnicity, p.Religion,
				p.HomeTown, p.Position, vn.Date(p.JoinedOn), vn.Date(p.OfficialOn), p.Education, p.Degree, p.TheoryLevel, term})
			if p.Gender == "" {
				values[3] = ""
			}
		}
		var row []cell
		for c, v := range values {
			if v == nil {
				v = ""
			}
			row = append(row, cell{col: c + 1, value: v, style: text})
		}
		if err := s.row(0, row...); err != nil {
			return err
		}
	}
	last := s.next - 1
	// Text format on every cell to fill: Excel then keeps what is typed, instead of turning
	// "28/05/1968" into a date of the computer's locale or "12/12" into 12 December.
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49,
		Font:      &excelize.Font{Family: fontFamily, Size: templateSize, Color: "000000"},
		Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true},
		Border: []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
			{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}})
	if err != nil {
		return fmt.Errorf("reports: template style: %w", err)
	}
	if err := f.SetCellStyle(sheet, cellRef(1, first), cellRef(len(templateColumns)-1, last), textStyle); err != nil {
		return fmt.Errorf("reports: template style: %w", err)
	}
	for _, list := range []struct {
		col    int
		values []string
	}{{3, []string{"Nam", "Nữ"}}, {13, []string{"Tái cử", "Lần đầu"}}} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cellRef(list.col, first) + ":" + cellRef(list.col, last)
		if err := dv.SetDropList(list.values); err != nil {
			return fmt.Errorf("reports: template list: %w", err)
		}
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("reports: template list: %w", err)
		}
	}
	help, err := newSheet(f, styles, "Hướng dẫn", false, sheetOptions{widths: grid{110}})
	if err != nil {
		return err
	}
	for i, line := range templateHelp {
		st := styleKey{size: sizeBody, align: "left", valign: "top", wrap: true, bold: i == 0}
		if err := help.row(0, cell{col: 1, value: line, style: st}); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("reports: write template: %w", err)
	}
	return nil
}
