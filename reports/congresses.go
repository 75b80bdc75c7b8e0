package reports

import (
	"io"
	"strings"
)

// CongressesReport is the compilation of every congress of an organization's subtree in a term
// (báo cáo tổng hợp): one row per congress, and one row per person elected. The congresses come
// from Each, one at a time, so that a province's thousands of congresses are never all in memory.
type CongressesReport struct {
	// Header is the party header of the issuing committee; its Title and Subtitle are set per
	// sheet from Scope.
	Header DocHeader
	// Scope names what is compiled: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp, nhiệm kỳ 2020 – 2025".
	Scope string
	// Each calls yield for every congress in report order and returns the first error of yield
	// or of its own reading.
	Each func(yield func(*CongressEntry) error) error
}

// CongressEntry is one congress of the compilation, written as text.
type CongressEntry struct {
	Organization string
	Parent       string // the organization above it
	Kind         string // "Đại hội đảng viên", "Đại hội đại biểu"
	Ordinal      string // "II"
	HeldOn       string // dd/mm/yyyy
	State        string // "Đã tổ chức", "Đã báo cáo", "Đã chuẩn y" …
	ReportedOn   string
	DecidedOn    string
	Convened     int
	Present      int
	Secretary    string
	// Members is the new committee, Body its name ("Ban Chấp hành", "Chi ủy"); Delegates the
	// delegates to the higher congress, each with its body in Bodies.
	Body      string
	Members   []CommitteeMember
	Delegates []CommitteeMember
	// DelegateBodies names the body of each delegate: "Đại biểu chính thức", "Đại biểu dự khuyết".
	DelegateBodies []string
}

// congressColumns are the columns of the sheet of congresses.
var congressColumns = []column{
	{"STT", 5.5, "center"},
	{"Tổ chức đảng", 26, "left"},
	{"Trực thuộc", 20, "left"},
	{"Hình thức", 11, "center"},
	{"Lần thứ", 6, "center"},
	{"Ngày đại hội", 10.5, "center"},
	{"Tình trạng", 10.5, "center"},
	{"Ngày báo cáo", 10.5, "center"},
	{"Ngày quyết định của cấp trên", 11, "center"},
	{"Triệu tập", 8, "center"},
	{"Có mặt", 8, "center"},
	{"Số cấp ủy viên", 8, "center"},
	{"Bí thư", 17, "left"},
}

// personColumns are the columns of the sheet of elected persons: the trích ngang, after the
// organization and the body.
var personColumns = append([]column{{"STT", 6.5, "center"}, {"Tổ chức đảng", 20, "left"}, {"Cơ quan bầu", 11, "center"}},
	committeeColumns...)

// WriteCongresses writes the compilation as a workbook of two streamed sheets, "Đại hội" and
// "Người trúng cử", both party documents on A4 landscape with their header row frozen and
// repeated on every page. Both sheets are written in one pass over Each: a congress's row goes to
// the first and its persons to the second as it comes.
func WriteCongresses(w io.Writer, r CongressesReport) error {
	f, styles, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	h := r.Header
	h.Title, h.Subtitle = "TỔNG HỢP TÌNH HÌNH ĐẠI HỘI", r.Scope
	cs, ct, err := listSheet(f, styles, "Đại hội", true, h, congressColumns, true, true)
	if err != nil {
		return err
	}
	h.Title = "DANH SÁCH TRÍCH NGANG CẤP ỦY VIÊN VÀ ĐẠI BIỂU TRÚNG CỬ"
	ps, pt, err := listSheet(f, styles, "Người trúng cử", false, h, personColumns, true, true)
	if err != nil {
		return err
	}
	var congresses, persons, members int
	cells := make([]any, 0, len(personColumns))
	person := func(org, body string, m CommitteeMember) error {
		persons++
		cells = appendMemberCells(append(cells[:0], persons, org, body), m)
		return pt.row(cells...)
	}
	err = r.Each(func(c *CongressEntry) error {
		congresses++
		members += len(c.Members)
		var size any
		if len(c.Members) > 0 {
			size = len(c.Members)
		}
		if err := ct.row(congresses, c.Organization, c.Parent, c.Kind, c.Ordinal, c.HeldOn, c.State, c.ReportedOn, c.DecidedOn,
			c.Convened, c.Present, size, c.Secretary); err != nil {
			return err
		}
		for _, m := range c.Members {
			if err := person(c.Organization, c.Body, m); err != nil {
				return err
			}
		}
		for i, m := range c.Delegates {
			body := ""
			if i < len(c.DelegateBodies) {
				body = c.DelegateBodies[i]
			}
			if err := person(c.Organization, body, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := totalRow(cs, "Tổng cộng: "+count(congresses, "đại hội")+", "+count(members, "cấp ủy viên")+" trúng cử."); err != nil {
		return err
	}
	if err := totalRow(ps, "Tổng cộng: "+count(persons, "lượt người trúng cử")+"."); err != nil {
		return err
	}
	if err := cs.flush(); err != nil {
		return err
	}
	if err := ps.flush(); err != nil {
		return err
	}
	return writeBook(f, w, "congresses")
}

// totalRow writes the closing line of a list: a bold row across the table.
func totalRow(s *sheetWriter, text string) error {
	return s.row(rowHeight(1, sizeList), cell{col: 1, span: s.cols(), value: strings.TrimSpace(text), style: styleListBold})
}
