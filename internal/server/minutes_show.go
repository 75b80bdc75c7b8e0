package server

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
	"daihoi/reports"
)

func init() {
	pageNames = append(pageNames, "minutes")
	sections["minutes"] = "congresses"
}

// minutesPage is the print view of a round's counting minutes, every line formatted as on paper.
type minutesPage struct {
	Draft                       bool
	CongressID, ElectionID      int64
	RoundID                     int64
	Superior, Issuer, IssuerSub string
	Number, DateLine            string
	Title, Subtitle             string
	M                           reports.Minutes
	Candidates                  []minutesPerson
	Committee                   []minutesPerson
	Attendance                  []minutesFigure
	Exclusions                  []minutesFigure
	Ballots                     []minutesFigure
	Reasons                     []minutesFigure
	Results                     []minutesLine
	Elected                     []minutesLine
	Who                         string
	BaseText                    string
	ListTitle                   string
	ClosedText                  string
	Log                         []minutesLogLine
	LogSummary                  string
}

// minutesPerson is a numbered name with a note: a candidate, or a counting committee member and
// their task.
type minutesPerson struct {
	No         int
	Name, Task string
}

// minutesFigure is a labelled figure of the minutes.
type minutesFigure struct{ Label, Value string }

// minutesLine is one candidate's line of the results.
type minutesLine struct {
	No                   int
	Name, Votes, Percent string
	Status               string
}

// minutesLogLine is one ballot of the entry log.
type minutesLogLine struct {
	Number                        int
	Content, Valid, Reason, Clerk string
	At                            string
}

// showMinutesPage shows a round's counting minutes for printing on A4 and signing. An open round
// gives a draft, marked as such, without number or fingerprint.
func (s *Server) showMinutesPage(c *gin.Context) {
	rv, ok := s.congressRoundParam(c)
	if !ok {
		return
	}
	m, err := minutesFor(c.Request.Context(), s.store, currentUser(c), rv.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := newMinutesPage(m, rv)
	title := fmt.Sprintf("Biên bản kiểm phiếu vòng %d — Bầu %s", rv.Number, rv.Election.BodyLabel())
	s.render(c, http.StatusOK, "minutes", title, p)
}

// congressRoundParam loads the round :rid of the congress :id in the user's scope; a round of
// another congress is not found.
func (s *Server) congressRoundParam(c *gin.Context) (*store.RoundView, bool) {
	cid, ok1 := parseID(c, "id")
	rid, ok2 := parseID(c, "rid")
	if !ok1 || !ok2 {
		s.fail(c, errNotFound)
		return nil, false
	}
	rv, err := s.store.FindRoundByID(c.Request.Context(), currentUser(c), rid)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	if rv.Congress.ID != cid {
		s.fail(c, errNotFound)
		return nil, false
	}
	return rv, true
}

// newMinutesPage lays the minutes out in the order of rule 10, in the words of the workbook.
func newMinutesPage(m reports.Minutes, rv *store.RoundView) minutesPage {
	h := m.Header
	p := minutesPage{Draft: !rv.Closed, CongressID: rv.Congress.ID, ElectionID: rv.ElectionID, RoundID: rv.ID, M: m,
		Superior: keepTerm(strings.ToUpper(h.Superior)), Issuer: keepTerm(strings.ToUpper(h.Issuer)), IssuerSub: keepTerm(strings.ToUpper(h.IssuerSub)),
		Number: h.Number, Title: "BIÊN BẢN KIỂM PHIẾU", Subtitle: keepTerm(fmt.Sprintf("%s (vòng\u00a0%d)", m.ElectionTitle, m.Round)),
		Who: m.Attendance.WhoLabel}
	if h.Date.IsZero() {
		p.DateLine = strings.TrimPrefix(h.Place+", ngày … tháng … năm …", ", ")
	} else {
		p.DateLine = vn.DocumentDate(h.Place, h.Date)
	}
	kind := ""
	if m.ListKindLabel != "" {
		kind = " (" + m.ListKindLabel + ")"
	}
	p.ListTitle = fmt.Sprintf("Danh sách bầu cử%s gồm %s, xếp theo thứ tự A, B, C:", kind, countWord(len(m.Candidates), "đồng chí"))
	for i, cd := range m.Candidates {
		p.Candidates = append(p.Candidates, minutesPerson{No: i + 1, Name: cd.Name, Task: cd.Note})
	}
	if m.Committee.Head != "" {
		p.Committee = append(p.Committee, minutesPerson{No: 1, Name: m.Committee.Head, Task: "Trưởng ban"})
	}
	for _, name := range m.Committee.Members {
		p.Committee = append(p.Committee, minutesPerson{No: len(p.Committee) + 1, Name: name, Task: "Thành viên"})
	}
	a := m.Attendance
	p.Attendance = []minutesFigure{
		{"Tổng số " + a.WhoLabel + " được triệu tập", countWord(a.Convened, "đồng chí")},
		{"Số " + a.WhoLabel + " có mặt", countWord(a.Present, "đồng chí")},
		{"Số " + a.WhoLabel + " vắng mặt", countWord(a.Absent, "đồng chí")},
		{"Số " + a.WhoLabel + " làm căn cứ tính kết quả", countWord(a.Base, "đồng chí")},
	}
	for _, e := range a.Exclusions {
		p.Exclusions = append(p.Exclusions, minutesFigure{upperFirst(e.Label), countWord(e.Count, "đồng chí")})
	}
	b := m.Ballots
	p.Ballots = []minutesFigure{
		{"Số phiếu phát ra", countWord(b.Issued, "phiếu")}, {"Số phiếu thu vào", countWord(b.Collected, "phiếu")},
		{"Số phiếu hợp lệ", countWord(b.Valid, "phiếu")}, {"Số phiếu không hợp lệ", countWord(b.Invalid, "phiếu")},
	}
	for _, r := range b.InvalidReasons {
		p.Reasons = append(p.Reasons, minutesFigure{upperFirst(r.Label), countWord(r.Count, "phiếu")})
	}
	p.BaseText = fmt.Sprintf("%s %s", vn.FormatInt(int64(a.Base)), a.WhoLabel)
	for i, r := range m.Results {
		p.Results = append(p.Results, minutesLine{No: i + 1, Name: r.Name, Votes: vn.FormatInt(int64(r.Votes)),
			Percent: percentText(r.PercentHundredths), Status: statusLabels[r.Status]})
	}
	for i, r := range m.Elected {
		p.Elected = append(p.Elected, minutesLine{No: i + 1, Name: r.Name, Votes: vn.FormatInt(int64(r.Votes)),
			Percent: percentText(r.PercentHundredths)})
	}
	p.ClosedText = closingSentence(m.ClosedAt)
	valid := 0
	for _, e := range m.Log {
		l := minutesLogLine{Number: e.Number, Content: e.Content, Valid: "Không", Reason: e.Reason, Clerk: e.Clerk}
		if e.Valid {
			l.Valid = "Có"
			valid++
		}
		if !e.At.IsZero() {
			// The time alone on the day of the minutes; with the date on any other day (a count
			// that ran past midnight), as the workbook writes it.
			at := e.At.In(hallZone)
			l.At = at.Format("15:04:05")
			if y, mo, d := at.Date(); h.Date.IsZero() || y != h.Date.Year() || mo != h.Date.Month() || d != h.Date.Day() {
				l.At = at.Format("15:04:05 02/01/2006")
			}
		}
		p.Log = append(p.Log, l)
	}
	if len(m.Log) > 0 {
		p.LogSummary = fmt.Sprintf("Tổng số phiếu đã nhập: %s, trong đó %s hợp lệ, %s không hợp lệ.",
			vn.FormatInt(int64(len(m.Log))), vn.FormatInt(int64(valid)), vn.FormatInt(int64(len(m.Log)-valid)))
	}
	return p
}

// closingSentence is the time the minutes were closed, or a line to fill in by hand.
func closingSentence(t time.Time) string {
	if t.IsZero() {
		return "Biên bản kết thúc lúc … giờ … phút, ngày … tháng … năm …"
	}
	t = t.In(hallZone)
	return fmt.Sprintf("Biên bản kết thúc lúc %02d giờ %02d phút, %s.", t.Hour(), t.Minute(), vn.DocumentDate("", t))
}

// keepTerm keeps together in a print view what a typist keeps on one line of a heading (the rule
// the workbook's header follows in reports): a term "2020 – 2025" (no break before the dash, a
// word joiner after it, where browsers would otherwise break) and the two syllables of the words
// that name party bodies ("cơ quan", "khoa học").
func keepTerm(s string) string {
	words := strings.Split(s, " ")
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			sep := " "
			if w == "–" || headingCompounds[strings.ToLower(words[i-1]+" "+w)] {
				sep = "\u00a0"
			} else if words[i-1] == "–" {
				sep = "\u2060\u00a0"
			}
			b.WriteString(sep)
		}
		b.WriteString(w)
	}
	return b.String()
}

// headingCompounds are two-syllable words common in the names of party bodies and documents.
var headingCompounds = map[string]bool{
	"đảng bộ": true, "chi bộ": true, "cơ quan": true, "khoa học": true, "công nghệ": true, "đại hội": true,
	"nhiệm kỳ": true, "lần thứ": true, "đại biểu": true, "chấp hành": true, "thường vụ": true, "kiểm tra": true,
	"ủy ban": true, "nhân dân": true, "thành phố": true, "thị xã": true, "doanh nghiệp": true, "giáo dục": true,
	"đào tạo": true, "y tế": true, "tài chính": true, "kế hoạch": true, "đầu tư": true, "công an": true,
	"quân sự": true, "tổ chức": true, "văn phòng": true, "bộ phận": true, "cơ sở": true, "trực thuộc": true,
}

// upperFirst writes the first letter in capitals: labels are stored as phrases.
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// errRoundOpen refuses the minutes workbook of a round still being counted.
func errRoundOpen(rv *store.RoundView) error {
	return congress.Errorf(congress.ECONFLICT, "Vòng %d chưa kết thúc: biên bản được đánh số và đóng mã xác thực khi khóa vòng bầu. "+
		"Xem trước bản nháp ở trang in biên bản.", rv.Number)
}
