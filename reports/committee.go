package reports

import (
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// CommitteeMember is one line of a danh sách trích ngang (DOMAIN.md "After the congress"): a
// person the congress elected, with the fields of the one-line-per-person list, already written as
// text (dates dd/mm/yyyy, labels in Vietnamese).
type CommitteeMember struct {
	Name        string
	BirthDate   string // dd/mm/yyyy, or "" unknown
	Age         int    // in whole years at the congress; -1 unknown
	Gender      string // "Nam", "Nữ"
	Ethnicity   string
	Religion    string
	HomeTown    string
	Position    string // current job and posts
	JoinedOn    string // dd/mm/yyyy
	OfficialOn  string // dd/mm/yyyy
	Education   string // general education, "12/12"
	Degree      string
	TheoryLevel string
	Reelected   bool // sat on the outgoing committee: "Tái cử", otherwise "Lần đầu"
	Votes       int
	// PercentHundredths is the percentage of the base in hundredths (9524 for 95,24%), as counted.
	PercentHundredths int64
	// Offices are the posts of the first session: "Bí thư", "Ủy viên Ban Thường vụ" …
	Offices []string
	// Appointed marks a secretary the higher committee appointed: no votes to print.
	Appointed bool
}

// CommitteeList is the danh sách trích ngang of a new committee, a document of its own.
type CommitteeList struct {
	// Header is the party header; Title defaults to "DANH SÁCH TRÍCH NGANG".
	Header  DocHeader
	Members []CommitteeMember
	// Notes are printed in small italics under the table: the base of the percentages, sample data.
	Notes []string
	// SignFor, SignTitle and Signer make the signature on the right ("T/M BAN CHẤP HÀNH", "BÍ THƯ",
	// the name); none without SignFor.
	SignFor, SignTitle, Signer string
}

// committeeColumns are the columns of the trích ngang, after the organization and body columns of
// the list of every congress (which has them) and the number.
var committeeColumns = []column{
	{"Họ và tên", 17, "left"},
	{"Ngày sinh\n(tuổi)", 11, "center"},
	{"Giới tính", 5.5, "center"},
	{"Dân tộc", 6.5, "center"},
	{"Tôn giáo", 9, "center"},
	{"Quê quán", 12, "left"},
	{"Chức vụ, đơn vị công tác", 18, "left"},
	{"Ngày vào Đảng", 10, "center"},
	{"Ngày chính thức", 10, "center"},
	{"Giáo dục phổ thông", 7, "center"},
	{"Chuyên môn, nghiệp vụ", 14, "left"},
	{"Lý luận chính trị", 8.5, "center"},
	{"Tái cử hay lần đầu", 7.5, "center"},
	{"Số phiếu", 6.5, "center"},
	{"Tỷ lệ", 8, "center"},
	{"Chức vụ trong cấp ủy", 13, "left"},
}

// memberCells are a member's cells in the order of committeeColumns.
func memberCells(m CommitteeMember) []any { return appendMemberCells(nil, m) }

// appendMemberCells appends a member's cells to dst: the long lists reuse one row of cells.
func appendMemberCells(dst []any, m CommitteeMember) []any {
	born := m.BirthDate
	if m.Age >= 0 && born != "" {
		born += "\n(" + strconv.Itoa(m.Age) + " tuổi)"
	}
	term := "Lần đầu"
	if m.Reelected {
		term = "Tái cử"
	}
	var votes, percent any = m.Votes, percentText(m.PercentHundredths)
	if m.Appointed {
		votes, percent = "Chỉ định", ""
	}
	return append(dst, m.Name, born, m.Gender, m.Ethnicity, m.Religion, m.HomeTown, m.Position, m.JoinedOn, m.OfficialOn,
		m.Education, m.Degree, m.TheoryLevel, term, votes, percent, strings.Join(m.Offices, ", "))
}

// committeeTitle is the default title of the trích ngang.
const committeeTitle = "DANH SÁCH TRÍCH NGANG"

// WriteCommittee writes the danh sách trích ngang as a one-sheet workbook: the party header, one
// row per member (the header row frozen and repeated on every page), the notes and the signature,
// on A4 landscape, one page wide.
func WriteCommittee(w io.Writer, l CommitteeList) error {
	f, styles, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	if err := writeCommitteeSheet(f, styles, "Trích ngang", true, l); err != nil {
		return err
	}
	return writeBook(f, w, "danh sách trích ngang")
}

// writeCommitteeSheet adds the trích ngang sheet to a workbook.
func writeCommitteeSheet(f *excelize.File, styles *styleSet, name string, first bool, l CommitteeList) error {
	h := l.Header
	if strings.TrimSpace(h.Title) == "" {
		h.Title = committeeTitle
	}
	cols := append([]column{{"STT", 4.5, "center"}}, committeeColumns...)
	s, t, err := listSheet(f, styles, name, first, h, cols, true, false)
	if err != nil {
		return err
	}
	var closing []line
	for i, m := range l.Members {
		values := append([]any{i + 1}, memberCells(m)...)
		if i == len(l.Members)-1 {
			closing = append(closing, t.line(values...)) // the last member stays with the signature
			break
		}
		if err := t.row(values...); err != nil {
			return err
		}
	}
	if len(l.Members) == 0 {
		if err := s.row(0, cell{col: 1, span: s.cols(), value: "Chưa có kết quả bầu cử.", style: styleListBold}); err != nil {
			return err
		}
	}
	closing = append(closing, line{height: gap})
	for _, n := range l.Notes {
		if strings.TrimSpace(n) != "" {
			closing = append(closing, noteLine(s, n))
		}
	}
	return signature(s, s.cols()-4, l.SignFor, l.SignTitle, l.Signer, closing...)
}
