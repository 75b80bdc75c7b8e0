package reports

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/vn"
)

// Minutes is one election round's counting minutes (biên bản kiểm phiếu), already counted: every
// figure and sentence is given, the writer only lays them out in the order of DOMAIN.md rule 10.
type Minutes struct {
	Header DocHeader // Title and Subtitle default to "BIÊN BẢN KIỂM PHIẾU" and the election and round
	// ShortTitle names the sheet, e.g. "BCH" for "Vòng 1 - BCH"; ElectionTitle when empty.
	ShortTitle    string
	ElectionTitle string // e.g. "Bầu Ban Chấp hành Đảng bộ khóa II, nhiệm kỳ 2020 – 2025"
	Round         int    // 1 for the first round of the election
	Seats         int    // the number the congress voted to elect
	// Assembly is who voted the number: "Đại hội" (the default when empty), or "Hội nghị" for an
	// election of the new committee's first session, whose members vote it among themselves.
	Assembly string
	// ListKindLabel says what kind of list was voted on, e.g. "danh sách có số dư, phiếu gạch tên".
	ListKindLabel string
	Candidates    []MinutesCandidate // the list, in A-B-C order of given name
	Committee     CountingCommittee
	Attendance    MinutesAttendance
	Ballots       MinutesBallots
	Results       []MinutesResult // every candidate, in ballot order
	Elected       []MinutesResult // the elected, highest vote first
	RunoffText    string          // the re-vote sentence when a tie left seats undecided, or ""
	VacantText    string          // the vacant-seats sentence after a shortfall, or ""
	// LegalBasis is the sentence citing the rule set's article, e.g. "Căn cứ Điều 30 Quy định số
	// 190-QĐ/TW …".
	LegalBasis string
	ClosedAt   time.Time // when the minutes were closed; printed in Vietnam time
	// Fingerprint is the round's SHA-256 in hexadecimal, printed so that a paper copy can be checked
	// against the record.
	Fingerprint string
	// Log is the ballot-entry log of a round entered ballot by ballot, in entry order; empty for a
	// round entered as totals. It is written on its own sheet after the minutes.
	Log []LogEntry
}

// AssemblyName is who voted the number to elect, "Đại hội" unless set.
func (m Minutes) AssemblyName() string {
	if m.Assembly == "" {
		return "Đại hội"
	}
	return m.Assembly
}

// MinutesCandidate is one name on the list, with the note printed beside it.
type MinutesCandidate struct {
	Name string
	Note string // e.g. "Ban Chấp hành khóa I giới thiệu", "Đại hội đề cử"
}

// CountingCommittee is the counting committee the congress approved.
type CountingCommittee struct {
	Head    string
	Members []string
}

// MinutesAttendance is the attendance at the vote and the base that percentages are taken of.
type MinutesAttendance struct {
	WhoLabel   string // "đảng viên chính thức" (members' congress) or "đại biểu" (delegates')
	Convened   int
	Present    int
	Absent     int
	Base       int          // convened minus the exclusions: the figure a majority is counted on
	Exclusions []LabelCount // what was taken off the convened to reach the base
}

// MinutesBallots is the ballot count.
type MinutesBallots struct {
	Issued, Collected, Valid, Invalid int
	InvalidReasons                    []LabelCount // why ballots were invalid, and how many each
}

// LabelCount is a counted item with its label, such as an invalid-ballot reason.
type LabelCount struct {
	Label string
	Count int
}

// Candidate statuses, as in the count contract (DOMAIN.md).
const (
	StatusElected    = "elected"
	StatusRunoff     = "runoff"
	StatusNotElected = "not_elected"
)

// MinutesResult is one candidate's result.
type MinutesResult struct {
	Name  string
	Votes int
	// PercentHundredths is the percentage of the base in hundredths of a percent (9524 for 95,24%),
	// already rounded half-up by the count: integers keep the minutes identical to the record.
	PercentHundredths int64
	Status            string // StatusElected, StatusRunoff or StatusNotElected
}

// LogEntry is one ballot of the ballot-entry log (nhật ký nhập phiếu).
type LogEntry struct {
	Number  int    // the ballot's number in the pile
	Content string // the names kept, or the marks, as entered
	Valid   bool
	Reason  string // why the ballot is invalid, or ""
	Clerk   string // who entered it
	At      time.Time
}

// vietnamTime is the zone minutes are read in: Vietnam keeps UTC+7 all year.
var vietnamTime = time.FixedZone("ICT", 7*60*60)

// minutesWidths is the column grid of a minutes sheet, in Excel character units: No. | name | votes |
// percentage | result (two columns). Labels of figures span the first five columns and the figures
// sit in the last; the header's right block is the last three, just wide enough for the date line,
// and so is the head's signature. The total, 84, fits A4 portrait within the margins at 100% in
// Excel (7 px a unit) and in LibreOffice (about 7.4 px), so the type prints at its real size.
var minutesWidths = grid{6, 26, 8, 18, 10, 16}

// logWidths is the grid of a ballot-entry log sheet (A4 landscape, 128 units for the same reason):
// ballot No. | content | valid | reason | clerk | time. The last two make the header's right block.
var logWidths = grid{7, 46, 8, 23, 26, 18}

// WriteMinutes writes the counting minutes of the given rounds as one workbook: a sheet per round,
// named after its round and election ("Vòng 1 - BCH"), each followed by the round's ballot-entry log
// when it has one. Sheets print on A4 portrait (the log landscape), one page wide.
func WriteMinutes(w io.Writer, rounds []Minutes) error {
	if len(rounds) == 0 {
		return errors.New("reports: no round to write minutes for")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return fmt.Errorf("reports: default font: %w", err)
	}
	if err := addMinutesSheets(f, newStyleSet(f), sheetNames{}, true, rounds); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("reports: write minutes: %w", err)
	}
	return nil
}

// addMinutesSheets adds the minutes of the rounds to a workbook, each followed by its ballot-entry
// log when it has one, with sheet names taken from names; first says the first sheet takes over
// the workbook's empty first sheet. The congress pack adds them after its own sheets.
func addMinutesSheets(f *excelize.File, styles *styleSet, names sheetNames, first bool, rounds []Minutes) error {
	for i := range rounds {
		m := &rounds[i]
		short := strings.TrimSpace(m.ShortTitle)
		if short == "" {
			short = m.ElectionTitle
		}
		name := names.name("Vòng " + strconv.Itoa(m.Round) + " - " + short)
		if err := writeMinutesSheet(f, styles, name, first, m); err != nil {
			return err
		}
		first = false
		if len(m.Log) > 0 {
			logName := names.name("Nhật ký vòng " + strconv.Itoa(m.Round) + " - " + short)
			if err := writeBallotLog(f, styles, logName, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// minutesHeader fills in the title and subtitle of a round's documents.
func minutesHeader(m *Minutes, title string) DocHeader {
	h := m.Header
	if strings.TrimSpace(h.Title) == "" {
		h.Title = title
	}
	if strings.TrimSpace(h.Subtitle) == "" {
		h.Subtitle = roundTitle(m)
	}
	return h
}

// roundTitle is the election's title with its round: "Bầu Ban Chấp hành … (vòng 1)".
func roundTitle(m *Minutes) string {
	t := strings.TrimSpace(m.ElectionTitle)
	if m.Round > 0 {
		t += " (vòng " + strconv.Itoa(m.Round) + ")"
	}
	return strings.TrimSpace(t)
}

// Cell styles of the minutes.
var (
	styleSection  = styleKey{size: sizeBody, bold: true, align: "left", valign: "top", wrap: true}
	styleText     = styleKey{size: sizeBody, align: "left", valign: "top", wrap: true}
	styleItem     = styleKey{size: sizeBody, align: "left", valign: "top", wrap: true, indent: 1}
	styleSubItem  = styleKey{size: sizeBody, italic: true, align: "left", valign: "top", wrap: true, indent: 2}
	styleFigure   = styleKey{size: sizeBody, align: "left", valign: "top", wrap: true}
	styleTH       = styleKey{size: sizeTable, bold: true, align: "center", valign: "center", wrap: true, border: borderBox}
	styleTDText   = styleKey{size: sizeTable, align: "left", valign: "center", wrap: true, border: borderBox}
	styleTDNum    = styleKey{size: sizeTable, align: "center", valign: "center", wrap: true, border: borderBox}
	styleSmall    = styleKey{size: sizeSmall, italic: true, align: "left", valign: "top", wrap: true}
	styleHash     = styleKey{size: sizeSmall, align: "left", valign: "top"}
	styleSignRole = styleKey{size: sizeBody, bold: true, align: "center", valign: "top", wrap: true}
	styleSignNote = styleKey{size: sizeTable, italic: true, align: "center", valign: "top", wrap: true}
	styleSignName = styleKey{size: sizeBody, bold: true, align: "center", valign: "bottom", wrap: true}
)

// gap is the height of the small space after a table, in points.
const gap = 6

// minutesSheet writes the body of one round's minutes on a sheet whose header is already written.
type minutesSheet struct {
	*sheetWriter
	m *Minutes
}

// para is a paragraph across the whole width.
func (s minutesSheet) para(text string, style styleKey) line {
	return line{cells: []cell{{col: 1, span: s.cols(), value: text, style: style}}}
}

// figure is a labelled figure: the label across the first columns, the figure in the last.
func (s minutesSheet) figure(label, value string, style styleKey) line {
	n := s.cols()
	return line{cells: []cell{
		{col: 1, span: n - 1, value: label, style: style},
		{col: n, value: value, style: styleFigure},
	}}
}

// tableRow is a row of a bordered table; each value takes the next span columns.
func tableRow(style func(i int) styleKey, spans []int, values ...any) line {
	var cells []cell
	col := 1
	for i, v := range values {
		cells = append(cells, cell{col: col, span: spans[i], value: v, style: style(i)})
		col += spans[i]
	}
	return line{cells: cells}
}

func heading(int) styleKey { return styleTH }

// count writes n followed by its unit: "58 đồng chí", "1 phiếu".
func count(n int, unit string) string { return vn.FormatInt(int64(n)) + " " + unit }

// percentText writes hundredths of a percent the Vietnamese way: 9524 → "95,24%".
func percentText(h int64) string {
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%s,%02d%%", sign, vn.FormatInt(h/100), h%100)
}

// statusText is a candidate's result as the minutes print it.
func statusText(status string) string {
	switch status {
	case StatusElected:
		return "Trúng cử"
	case StatusRunoff:
		return "Bầu lại"
	case StatusNotElected:
		return "Không trúng cử"
	}
	return status
}

// capitalize writes the first letter of a label in capitals: labels are stored as phrases.
func capitalize(s string) string {
	s = strings.TrimSpace(s)
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// who is the attendance label: "đảng viên chính thức" unless the round says otherwise.
func (s minutesSheet) who() string {
	if w := strings.TrimSpace(s.m.Attendance.WhoLabel); w != "" {
		return w
	}
	return "đảng viên chính thức"
}

func writeMinutesSheet(f *excelize.File, styles *styleSet, name string, first bool, m *Minutes) error {
	sw, err := newSheet(f, styles, name, first, sheetOptions{widths: minutesWidths})
	if err != nil {
		return err
	}
	if err := minutesHeader(m, "BIÊN BẢN KIỂM PHIẾU").writeHeader(sw); err != nil {
		return err
	}
	s := minutesSheet{sheetWriter: sw, m: m}
	for _, section := range [][]line{
		s.seats(), s.candidates(), s.committee(), s.attendance(), s.ballots(), s.results(), s.elected(),
		s.closing(),
	} {
		if err := s.block(section...); err != nil {
			return err
		}
	}
	return nil
}

func (s minutesSheet) seats() []line {
	return []line{s.para(fmt.Sprintf("1. Số lượng cần bầu: %s đã biểu quyết bầu %s.",
		s.m.AssemblyName(), count(s.m.Seats, "đồng chí")), styleSection)}
}

// Column spans of the minutes' tables on the six-column grid.
var (
	spansList    = []int{1, 2, 3}       // No. | name | note
	spansResults = []int{1, 1, 1, 1, 2} // No. | name | votes | percentage | result
	spansElected = []int{1, 1, 1, 3}    // No. | name | votes | percentage
)

func listCell(i int) styleKey {
	if i == 0 {
		return styleTDNum
	}
	return styleTDText
}

func (s minutesSheet) candidates() []line {
	kind := ""
	if l := strings.TrimSpace(s.m.ListKindLabel); l != "" {
		kind = " (" + l + ")"
	}
	lines := []line{
		s.para(fmt.Sprintf("2. Danh sách bầu cử%s gồm %s, xếp theo thứ tự A, B, C:",
			kind, count(len(s.m.Candidates), "đồng chí")), styleSection),
		tableRow(heading, spansList, "STT", "Họ và tên", "Ghi chú"),
	}
	for i, c := range s.m.Candidates {
		lines = append(lines, tableRow(listCell, spansList, i+1, c.Name, c.Note))
	}
	return append(lines, line{height: gap})
}

func (s minutesSheet) committee() []line {
	c := s.m.Committee
	var people [][2]string
	if strings.TrimSpace(c.Head) != "" {
		people = append(people, [2]string{c.Head, "Trưởng ban"})
	}
	for _, m := range c.Members {
		people = append(people, [2]string{m, "Thành viên"})
	}
	lines := []line{
		s.para(fmt.Sprintf("3. Ban kiểm phiếu gồm %s:", count(len(people), "đồng chí")), styleSection),
		tableRow(heading, spansList, "STT", "Họ và tên", "Nhiệm vụ"),
	}
	for i, p := range people {
		lines = append(lines, tableRow(listCell, spansList, i+1, p[0], p[1]))
	}
	return append(lines, line{height: gap})
}

func (s minutesSheet) attendance() []line {
	a, who := s.m.Attendance, s.who()
	lines := []line{
		s.para(fmt.Sprintf("4. Số %s tại thời điểm bầu cử:", who), styleSection),
		s.figure("– Tổng số "+who+" được triệu tập:", count(a.Convened, "đồng chí"), styleItem),
		s.figure("– Số "+who+" có mặt:", count(a.Present, "đồng chí"), styleItem),
		s.figure("– Số "+who+" vắng mặt:", count(a.Absent, "đồng chí"), styleItem),
		s.figure("– Số "+who+" làm căn cứ tính kết quả:", count(a.Base, "đồng chí"), styleItem),
	}
	if len(a.Exclusions) > 0 {
		// The exclusions are italic lines under the base, without a bullet: a "+" at the start of
		// a cell is what SafeText guards against.
		lines = append(lines, s.para(fmt.Sprintf("bằng số được triệu tập (%s) trừ đi:",
			vn.FormatInt(int64(a.Convened))), styleSubItem))
		for _, e := range a.Exclusions {
			lines = append(lines, s.figure(capitalize(e.Label)+":", count(e.Count, "đồng chí"), styleSubItem))
		}
	}
	return append(lines, line{height: gap})
}

func (s minutesSheet) ballots() []line {
	b := s.m.Ballots
	lines := []line{
		s.para("5. Kết quả kiểm phiếu:", styleSection),
		s.figure("– Số phiếu phát ra:", count(b.Issued, "phiếu"), styleItem),
		s.figure("– Số phiếu thu vào:", count(b.Collected, "phiếu"), styleItem),
		s.figure("– Số phiếu hợp lệ:", count(b.Valid, "phiếu"), styleItem),
		s.figure("– Số phiếu không hợp lệ:", count(b.Invalid, "phiếu"), styleItem),
	}
	if len(b.InvalidReasons) > 0 {
		lines = append(lines, s.para("trong đó:", styleSubItem))
		for _, r := range b.InvalidReasons {
			lines = append(lines, s.figure(capitalize(r.Label)+":", count(r.Count, "phiếu"), styleSubItem))
		}
	}
	return append(lines, line{height: gap})
}

func resultCell(i int) styleKey {
	if i == 1 {
		return styleTDText
	}
	return styleTDNum
}

func (s minutesSheet) results() []line {
	lines := []line{
		s.para(fmt.Sprintf("6. Số phiếu bầu của từng đồng chí (theo thứ tự trong danh sách bầu cử), "+
			"tỷ lệ so với %s %s làm căn cứ tính kết quả:", vn.FormatInt(int64(s.m.Attendance.Base)), s.who()), styleSection),
		tableRow(heading, spansResults, "STT", "Họ và tên", "Số phiếu", "Tỷ lệ", "Kết quả"),
	}
	for i, r := range s.m.Results {
		lines = append(lines, tableRow(resultCell, spansResults,
			i+1, r.Name, r.Votes, percentText(r.PercentHundredths), statusText(r.Status)))
	}
	return append(lines, line{height: gap})
}

func (s minutesSheet) elected() []line {
	var lines []line
	if len(s.m.Elected) == 0 {
		lines = append(lines, s.para("7. Không có đồng chí nào trúng cử.", styleSection))
	} else {
		lines = append(lines,
			s.para("7. Các đồng chí trúng cử (xếp theo số phiếu từ cao xuống thấp):", styleSection),
			tableRow(heading, spansElected, "STT", "Họ và tên", "Số phiếu", "Tỷ lệ"))
		for i, r := range s.m.Elected {
			lines = append(lines, tableRow(resultCell, spansElected, i+1, r.Name, r.Votes, percentText(r.PercentHundredths)))
		}
		lines = append(lines, line{height: gap})
	}
	for _, text := range []string{s.m.RunoffText, s.m.VacantText} {
		if strings.TrimSpace(text) != "" {
			lines = append(lines, s.para(text, styleText))
		}
	}
	return lines
}

// closedText is the closing sentence: "Biên bản kết thúc lúc 10 giờ 45 phút, ngày 28 tháng 5 năm 2020."
func closedText(t time.Time) string {
	if t.IsZero() {
		return "Biên bản kết thúc lúc … giờ … phút, ngày … tháng … năm …"
	}
	t = t.In(vietnamTime)
	return fmt.Sprintf("Biên bản kết thúc lúc %02d giờ %02d phút, %s.", t.Hour(), t.Minute(), vn.DocumentDate("", t))
}

// closing is the legal basis, the closing time, the fingerprint and the signatures, kept on one
// page: signatures alone on a last page would sign nothing that a reader can see, and the sentence
// that declares the result belongs right above them.
func (s minutesSheet) closing() []line {
	var lines []line
	if strings.TrimSpace(s.m.LegalBasis) != "" {
		lines = append(lines, s.para(s.m.LegalBasis, styleText))
	}
	lines = append(lines, s.para(closedText(s.m.ClosedAt), styleText))
	if fp := strings.TrimSpace(s.m.Fingerprint); fp != "" {
		lines = append(lines,
			s.para("Mã xác thực kết quả (SHA-256), để đối chiếu bản giấy với dữ liệu lưu trữ:", styleSmall),
			line{cells: []cell{{col: 1, span: s.cols(), value: fp, style: styleHash}}})
	}
	lines = append(lines, line{height: rowHeight(1, sizeBody)})
	return append(lines, s.signatures()...)
}

// signatures is the signature block: the members on the left, the head on the right, each with room
// to sign above the name.
func (s minutesSheet) signatures() []line {
	n, split := s.cols(), signatureSplit
	left := func(v string, st styleKey) cell { return cell{col: 1, span: split - 1, value: v, style: st} }
	right := func(v string, st styleKey) cell { return cell{col: split, span: n - split + 1, value: v, style: st} }
	c := s.m.Committee
	lines := []line{
		{cells: []cell{left("CÁC THÀNH VIÊN", styleSignRole), right("TRƯỞNG BAN KIỂM PHIẾU", styleSignRole)}},
		{cells: []cell{left("(Ký, ghi rõ họ tên)", styleSignNote), right("(Ký, ghi rõ họ tên)", styleSignNote)}},
	}
	for i := range max(len(c.Members), 1) {
		l := line{height: signRoom}
		if i < len(c.Members) {
			l.cells = append(l.cells, left(c.Members[i], styleSignName))
		}
		if i == 0 {
			l.cells = append(l.cells, right(c.Head, styleSignName))
		}
		lines = append(lines, l)
	}
	return lines
}

// signRoom is the height of a signature row, in points: about 2 cm to sign in, then the name.
const signRoom = 60

// signatureSplit is the first column of the head's signature, under the right half of the page.
const signatureSplit = 4

// logTime is when a ballot was entered: the time alone on the day of the document, the date too
// on any other day (a count that ran past midnight).
func logTime(at time.Time, day time.Time) string {
	if at.IsZero() {
		return ""
	}
	at = at.In(vietnamTime)
	if y, m, d := at.Date(); !day.IsZero() && y == day.Year() && m == day.Month() && d == day.Day() {
		return at.Format("15:04:05")
	}
	return at.Format("15:04:05 02/01/2006")
}

// writeBallotLog writes a round's ballot-entry log on its own sheet, streamed: a log of a large
// congress runs to thousands of ballots.
func writeBallotLog(f *excelize.File, styles *styleSet, name string, m *Minutes) error {
	h := minutesHeader(m, "")
	h.Title = "NHẬT KÝ NHẬP PHIẾU" // whatever title the minutes themselves carry
	titleRow := h.HeaderRows(logWidths) + 1
	sw, err := newSheet(f, styles, name, false, sheetOptions{
		widths: logWidths, landscape: true, stream: true, titleRow: titleRow,
	})
	if err != nil {
		return err
	}
	if err := h.writeHeader(sw); err != nil {
		return err
	}
	heads := []any{"Phiếu số", "Tên giữ lại / đánh dấu", "Hợp lệ", "Lý do không hợp lệ", "Người nhập", "Giờ nhập"}
	spans := []int{1, 1, 1, 1, 1, 1}
	if err := sw.block(tableRow(heading, spans, heads...)); err != nil {
		return err
	}
	style := func(i int) styleKey {
		if i == 1 || i == 3 || i == 4 {
			return styleTDText
		}
		return styleTDNum
	}
	valid := 0
	for _, e := range m.Log {
		ok := "Không"
		if e.Valid {
			ok = "Có"
			valid++
		}
		l := tableRow(style, spans, e.Number, e.Content, ok, e.Reason, e.Clerk, logTime(e.At, m.Header.Date))
		if err := sw.row(0, l.cells...); err != nil {
			return err
		}
	}
	log := minutesSheet{sheetWriter: sw, m: m}
	summary := []line{
		{height: gap},
		log.para(fmt.Sprintf("Tổng số phiếu đã nhập: %s, trong đó %s hợp lệ, %s không hợp lệ.",
			vn.FormatInt(int64(len(m.Log))), vn.FormatInt(int64(valid)), vn.FormatInt(int64(len(m.Log)-valid))), styleText),
	}
	if fp := strings.TrimSpace(m.Fingerprint); fp != "" {
		summary = append(summary, log.para("Mã xác thực kết quả (SHA-256): "+fp, styleHash))
	}
	if err := sw.block(summary...); err != nil {
		return err
	}
	return sw.flush()
}
