package reports

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/vn"
)

// CongressPack is what a new committee sends up to the higher committee within 7 working days of
// its congress (DOMAIN.md "After the congress"): a report of the congress, the counting minutes of
// every round, the danh sách trích ngang, the officers, the delegates and the resolution's
// targets. Every figure and sentence is given; the writer lays them out, one sheet each.
type CongressPack struct {
	// Header is the header of the pack's documents, issued in the congress's name; each sheet sets
	// its own title.
	Header DocHeader
	// Subtitle names the congress under each title: "Đại hội Đảng bộ … lần thứ II, nhiệm kỳ …".
	Subtitle string
	// Sections are the parts of the report on the congress, in order.
	Sections []PackSection
	// Minutes are the counting minutes of every closed round, in the order of the elections.
	Minutes []Minutes
	// Committee is the new committee's danh sách trích ngang; its header is the pack's, with
	// CommitteeName under the title: "Ban Chấp hành Đảng bộ … khóa II, nhiệm kỳ 2020 – 2025".
	Committee     []CommitteeMember
	CommitteeName string
	// Officers are the posts elected at the first session, in the party's order.
	Officers []PackOfficer
	// Officials are the official delegates in vote order; Alternates in the order they replace.
	Officials, Alternates []PackDelegate
	// Targets are the resolution's targets with their latest standing.
	Targets []PackTarget
	// TargetsNote says what the targets' standing is as of ("Đánh giá đến năm 2024").
	TargetsNote string
	// Notes go under the committee list: the base of the percentages, sample data.
	Notes []string
	// SignFor, SignTitle and Signer sign the report and the lists: "T/M BAN CHẤP HÀNH", "BÍ THƯ".
	SignFor, SignTitle, Signer string
}

// PackSection is a numbered part of the report on the congress: labelled figures, then lines.
type PackSection struct {
	Title string
	Items []PackItem
	Lines []string
}

// PackItem is a labelled figure: "Số đảng viên chính thức được triệu tập: 61 đồng chí".
type PackItem struct {
	Label, Value string
}

// PackOfficer is a post of the new committee and who holds it.
type PackOfficer struct {
	Post              string // "Bí thư", "Ủy viên Ủy ban Kiểm tra" …
	Name              string
	Votes             int
	PercentHundredths int64
	Appointed         bool
}

// PackDelegate is a delegate to the higher congress.
type PackDelegate struct {
	Name              string
	BirthDate         string
	Position          string
	Votes             int
	PercentHundredths int64
}

// PackTarget is one target of the resolution.
type PackTarget struct {
	Number      string // "1", "1.1" for a sub-target
	Subject     string
	Requirement string // "từ 95% trở lên, hằng năm"
	Result      string // the latest figure, "" without figures
	Verdict     string // "Đạt", "Chưa có số liệu" …
}

// WriteCongressPack writes the pack as one workbook: "Báo cáo" (the report on the congress), the
// minutes of every round, "Trích ngang", "Cấp ủy", "Đại biểu" and "Chỉ tiêu", each a party
// document on A4.
func WriteCongressPack(w io.Writer, p CongressPack) error {
	if strings.TrimSpace(p.Header.Issuer) == "" {
		return errors.New("reports: the congress pack has no issuing body")
	}
	f, styles, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	names := sheetNames{}
	if err := writePackReport(f, styles, names.name("Báo cáo"), p); err != nil {
		return err
	}
	if err := addMinutesSheets(f, styles, names, false, p.Minutes); err != nil {
		return err
	}
	h := p.Header
	h.Title, h.Subtitle = committeeTitle, p.CommitteeName
	if err := writeCommitteeSheet(f, styles, names.name("Trích ngang"), false, CommitteeList{Header: h, Members: p.Committee,
		Notes: p.Notes, SignFor: p.SignFor, SignTitle: p.SignTitle, Signer: p.Signer}); err != nil {
		return err
	}
	if err := writePackOfficers(f, styles, names.name("Cấp ủy"), p); err != nil {
		return err
	}
	if err := writePackDelegates(f, styles, names.name("Đại biểu"), p); err != nil {
		return err
	}
	if err := writePackTargets(f, styles, names.name("Chỉ tiêu"), p); err != nil {
		return err
	}
	return writeBook(f, w, "congress pack")
}

// packReportWidths is the grid of the report on the congress, A4 portrait like the minutes: the
// labels of its figures take the first three columns, the figures the last three.
var packReportWidths = grid{6, 28, 16, 12, 12, 10}

func writePackReport(f *excelize.File, styles *styleSet, name string, p CongressPack) error {
	h := p.Header
	h.Title, h.Subtitle = "BÁO CÁO KẾT QUẢ ĐẠI HỘI", p.Subtitle
	sw, err := newSheet(f, styles, name, true, sheetOptions{widths: packReportWidths})
	if err != nil {
		return err
	}
	if err := h.writeHeader(sw); err != nil {
		return err
	}
	s := minutesSheet{sheetWriter: sw}
	var last []line
	for i, sec := range p.Sections {
		lines := []line{s.para(fmt.Sprintf("%s. %s", vn.Roman(i+1), upper(sec.Title)), styleSection)}
		for _, it := range sec.Items {
			lines = append(lines, line{cells: []cell{
				{col: 1, span: 3, value: "– " + it.Label + ":", style: styleItem},
				{col: 4, span: 3, value: it.Value, style: styleFigure},
			}})
		}
		for _, l := range sec.Lines {
			lines = append(lines, s.para("– "+l, styleItem))
		}
		lines = append(lines, line{height: gap})
		if i == len(p.Sections)-1 {
			last = lines // signed on the page of the report's last part
			break
		}
		if err := s.block(lines...); err != nil {
			return err
		}
	}
	return signature(sw, 4, p.SignFor, p.SignTitle, p.Signer, last...)
}

var officerColumns = []column{
	{"STT", 6, "center"}, {"Chức danh", 30, "left"}, {"Họ và tên", 24, "left"}, {"Số phiếu", 10, "center"}, {"Tỷ lệ", 14, "center"},
}

func writePackOfficers(f *excelize.File, styles *styleSet, name string, p CongressPack) error {
	h := p.Header
	h.Title, h.Subtitle = "DANH SÁCH CÁC CHỨC DANH ĐƯỢC BẦU", p.Subtitle
	s, t, err := listSheet(f, styles, name, false, h, officerColumns, false, false)
	if err != nil {
		return err
	}
	for i, o := range p.Officers {
		var votes, percent any = o.Votes, percentText(o.PercentHundredths)
		if o.Appointed {
			votes, percent = "Chỉ định", ""
		}
		if err := t.row(i+1, o.Post, o.Name, votes, percent); err != nil {
			return err
		}
	}
	if len(p.Officers) == 0 {
		if err := s.row(0, cell{col: 1, span: s.cols(), value: "Chưa bầu các chức danh.", style: styleListBold}); err != nil {
			return err
		}
	}
	return signature(s, 3, p.SignFor, p.SignTitle, p.Signer)
}

var delegateColumns = []column{
	{"STT", 6, "center"}, {"Họ và tên", 22, "left"}, {"Ngày sinh", 11, "center"}, {"Chức vụ, đơn vị công tác", 25, "left"},
	{"Số phiếu", 8, "center"}, {"Tỷ lệ", 10, "center"},
}

func writePackDelegates(f *excelize.File, styles *styleSet, name string, p CongressPack) error {
	h := p.Header
	h.Title, h.Subtitle = "DANH SÁCH ĐẠI BIỂU DỰ ĐẠI HỘI CẤP TRÊN", p.Subtitle
	s, t, err := listSheet(f, styles, name, false, h, delegateColumns, false, false)
	if err != nil {
		return err
	}
	for _, group := range []struct {
		title string
		list  []PackDelegate
	}{{"Đại biểu chính thức", p.Officials}, {"Đại biểu dự khuyết (theo thứ tự thay thế)", p.Alternates}} {
		if err := s.row(0, cell{col: 1, span: s.cols(), value: fmt.Sprintf("%s: %d đồng chí", group.title, len(group.list)),
			style: styleListBold}); err != nil {
			return err
		}
		for i, d := range group.list {
			if err := t.row(i+1, d.Name, d.BirthDate, d.Position, d.Votes, percentText(d.PercentHundredths)); err != nil {
				return err
			}
		}
	}
	return signature(s, 4, p.SignFor, p.SignTitle, p.Signer)
}

var packTargetColumns = []column{
	{"STT", 6, "center"}, {"Chỉ tiêu", 34, "left"}, {"Nghị quyết đề ra", 18, "center"}, {"Kết quả mới nhất", 12, "center"},
	{"Đánh giá", 14, "center"},
}

func writePackTargets(f *excelize.File, styles *styleSet, name string, p CongressPack) error {
	h := p.Header
	h.Title, h.Subtitle = "CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI", p.Subtitle
	s, t, err := listSheet(f, styles, name, false, h, packTargetColumns, false, false)
	if err != nil {
		return err
	}
	for _, tg := range p.Targets {
		if err := t.row(tg.Number, tg.Subject, tg.Requirement, tg.Result, tg.Verdict); err != nil {
			return err
		}
	}
	if len(p.Targets) == 0 {
		if err := s.row(0, cell{col: 1, span: s.cols(), value: "Đại hội chưa ghi chỉ tiêu nghị quyết.", style: styleListBold}); err != nil {
			return err
		}
	}
	if n := strings.TrimSpace(p.TargetsNote); n != "" {
		if err := s.blank(gap); err != nil {
			return err
		}
		return note(s, n)
	}
	return nil
}
