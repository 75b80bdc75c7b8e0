package congress

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Organization kinds (DOMAIN.md glossary).
const (
	KindSuperior     = "superior"      // e.g. Đảng bộ Khối các cơ quan tỉnh
	KindGrassroots   = "grassroots"    // đảng bộ cơ sở
	KindSubCommittee = "sub_committee" // đảng bộ bộ phận
	KindCell         = "cell"          // chi bộ
)

// OrganizationKinds lists the kinds in display order with their Vietnamese names.
var OrganizationKinds = []Option{
	{KindSuperior, "Đảng bộ cấp trên cơ sở"},
	{KindGrassroots, "Đảng bộ cơ sở"},
	{KindSubCommittee, "Đảng bộ bộ phận"},
	{KindCell, "Chi bộ"},
}

// Congress kinds.
const (
	CongressMembers   = "members"   // đại hội đảng viên
	CongressDelegates = "delegates" // đại hội đại biểu
)

// CongressKinds lists the congress kinds with their Vietnamese names.
var CongressKinds = []Option{
	{CongressMembers, "Đại hội đảng viên"},
	{CongressDelegates, "Đại hội đại biểu"},
}

// Rule sets a congress ran under; minutes cite their articles.
const (
	Ruleset244 = "qd244-2014"
	Ruleset190 = "qd190-2024"
)

// Rulesets lists the rule sets with their Vietnamese names.
var Rulesets = []Option{
	{Ruleset244, "Quyết định 244-QĐ/TW (2014)"},
	{Ruleset190, "Quyết định 190-QĐ/TW (2024)"},
}

// Congress states, in the order a congress passes through them (DOMAIN.md "After the congress").
const (
	StatePlanned  = "planned"  // not held yet
	StateHeld     = "held"     // held; report to the higher committee due in 7 working days
	StateReported = "reported" // reported up; approval due in 15 working days
	StateApproved = "approved" // chuẩn y
	StateRejected = "rejected" // the higher committee ordered a new vote
)

// CongressStates lists the states with their Vietnamese names.
var CongressStates = []Option{
	{StatePlanned, "Chưa tổ chức"},
	{StateHeld, "Đã tổ chức"},
	{StateReported, "Đã báo cáo"},
	{StateApproved, "Đã chuẩn y"},
	{StateRejected, "Không chuẩn y"},
}

// Guest roles.
const (
	GuestDirecting = "directing" // "tham dự và chỉ đạo"
	GuestAttending = "attending" // "tham dự"
)

// GuestRoles lists the guest roles with their Vietnamese names.
var GuestRoles = []Option{
	{GuestDirecting, "Tham dự và chỉ đạo"},
	{GuestAttending, "Tham dự"},
}

// Option is a stable code and its Vietnamese label, for select boxes and display.
type Option struct {
	Code  string
	Label string
}

// Label returns the Vietnamese label of code in opts, or code itself.
func Label(opts []Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label
		}
	}
	return code
}

func validCode(opts []Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}

// Organization is a party organization; organizations form a tree.
type Organization struct {
	ID       int64  `json:"id" db:"id"`
	ParentID *int64 `json:"parent_id" db:"parent_id"`
	Kind     string `json:"kind" db:"kind"`
	Name     string `json:"name" db:"name"`
	// Place is the locality printed before the date of documents ("Đồng Tháp, ngày …").
	Place string `json:"place" db:"place"`
	// Path is the materialized path "/1/4/" of ids from the root; scope checks are prefix matches.
	Path    string `json:"-" db:"path"`
	Depth   int    `json:"depth" db:"depth"`
	Sample  bool   `json:"sample" db:"sample"`
	Version int64  `json:"version" db:"version"`
}

// Validate checks an organization's own fields.
func (o *Organization) Validate() error {
	f := FieldErrors{}
	o.Name = CleanText(o.Name)
	o.Place = CleanText(o.Place)
	if o.Name == "" {
		f.Add("name", "Tên tổ chức đảng không được để trống.")
	} else if utf8.RuneCountInString(o.Name) > 200 {
		f.Add("name", fmt.Sprintf("Tên tổ chức đảng dài %d ký tự, tối đa 200.", utf8.RuneCountInString(o.Name)))
	}
	if !validCode(OrganizationKinds, o.Kind) {
		f.Add("kind", fmt.Sprintf("Loại tổ chức %q không hợp lệ.", o.Kind))
	}
	if utf8.RuneCountInString(o.Place) > 100 {
		f.Add("place", "Địa danh tối đa 100 ký tự.")
	}
	return f.Err(EINVALID, "")
}

// Term is a nhiệm kỳ, e.g. 2020–2025.
type Term struct {
	ID        int64 `json:"id" db:"id"`
	StartYear int   `json:"start_year" db:"start_year"`
	EndYear   int   `json:"end_year" db:"end_year"`
}

// Name is the term as written in documents: "2020 – 2025".
func (t Term) Name() string { return fmt.Sprintf("%d – %d", t.StartYear, t.EndYear) }

// Code is the term as typed on the command line: "2020-2025".
func (t Term) Code() string { return fmt.Sprintf("%d-%d", t.StartYear, t.EndYear) }

// Validate checks a term.
func (t *Term) Validate() error {
	f := FieldErrors{}
	if t.StartYear < 1930 || t.StartYear > 2200 {
		f.Add("start_year", fmt.Sprintf("Năm bắt đầu (%d) không hợp lệ.", t.StartYear))
	}
	if t.EndYear <= t.StartYear || t.EndYear-t.StartYear > 10 {
		f.Add("end_year", fmt.Sprintf("Năm kết thúc (%d) phải sau năm bắt đầu (%d) và nhiệm kỳ không quá 10 năm.", t.EndYear, t.StartYear))
	}
	return f.Err(EINVALID, "")
}

// Attendance is who was convened and who came, with the exclusions that shrink the base of the
// threshold (DOMAIN.md election rule 2). The first four exclusions apply to a members' congress, the
// last two to a delegates' congress.
type Attendance struct {
	Convened int `json:"convened" db:"convened"`
	Present  int `json:"present" db:"present"`
	// Members' congress.
	TemporarilyAttachedAbsent int `json:"temporarily_attached_absent" db:"temporarily_attached_absent"`
	ExemptAbsent              int `json:"exempt_absent" db:"exempt_absent"`
	Suspended                 int `json:"suspended" db:"suspended"`
	AbsentWithReason          int `json:"absent_with_reason" db:"absent_with_reason"`
	// Delegates' congress.
	CommitteeAbsent   int `json:"committee_absent" db:"committee_absent"`
	AbsentNotReplaced int `json:"absent_not_replaced" db:"absent_not_replaced"`
}

// Absent is convened minus present.
func (a Attendance) Absent() int { return a.Convened - a.Present }

// Base is the number the threshold is computed on: convened minus the exclusions of the kind.
func (a Attendance) Base(kind string) int {
	if kind == CongressDelegates {
		return a.Convened - a.CommitteeAbsent - a.AbsentNotReplaced
	}
	return a.Convened - a.TemporarilyAttachedAbsent - a.ExemptAbsent - a.Suspended - a.AbsentWithReason
}

// maxCount bounds every head count; no congress convenes a million people, and it keeps sums far
// from integer overflow.
const maxCount = 1_000_000

// validate adds attendance messages to f; the field keys carry prefix ("attendance.").
func (a Attendance) validate(kind string, f FieldErrors, prefix string) {
	who := "đảng viên chính thức"
	if kind == CongressDelegates {
		who = "đại biểu"
	}
	check := func(field, label string, v int) bool {
		if v < 0 {
			f.Add(prefix+field, fmt.Sprintf("%s (%d) không được âm.", label, v))
			return false
		}
		if v > maxCount {
			f.Add(prefix+field, fmt.Sprintf("%s (%d) vượt quá %d.", label, v, maxCount))
			return false
		}
		return true
	}
	okConv := check("convened", "Số "+who+" được triệu tập", a.Convened)
	okPres := check("present", "Số "+who+" có mặt", a.Present)
	if okConv && okPres && a.Present > a.Convened {
		f.Add(prefix+"present", fmt.Sprintf("Số %s có mặt (%d) không được lớn hơn số được triệu tập (%d).", who, a.Present, a.Convened))
	}
	type excl struct {
		field, label string
		v            int
		members      bool
	}
	exclusions := []excl{
		{"temporarily_attached_absent", "Số đảng viên giới thiệu sinh hoạt tạm thời vắng mặt", a.TemporarilyAttachedAbsent, true},
		{"exempt_absent", "Số đảng viên miễn công tác và sinh hoạt đảng vắng mặt", a.ExemptAbsent, true},
		{"suspended", "Số đảng viên bị đình chỉ sinh hoạt, bị khởi tố, tạm giam", a.Suspended, true},
		{"absent_with_reason", "Số đảng viên vắng mặt cả đại hội có lý do", a.AbsentWithReason, true},
		{"committee_absent", "Số cấp ủy viên triệu tập vắng mặt cả đại hội", a.CommitteeAbsent, false},
		{"absent_not_replaced", "Số đại biểu chính thức vắng mặt không có người thay", a.AbsentNotReplaced, false},
	}
	sum := 0
	allOK := okConv
	for _, e := range exclusions {
		if !check(e.field, e.label, e.v) {
			allOK = false
			continue
		}
		if (kind == CongressDelegates) == e.members && e.v != 0 {
			kindName := "đại hội đảng viên"
			if !e.members {
				kindName = "đại hội đại biểu"
			}
			f.Add(prefix+e.field, fmt.Sprintf("%s chỉ áp dụng cho %s (đang là %d).", e.label, kindName, e.v))
			allOK = false
			continue
		}
		if okConv && e.v > a.Convened {
			f.Add(prefix+e.field, fmt.Sprintf("%s (%d) không được lớn hơn số được triệu tập (%d).", e.label, e.v, a.Convened))
			allOK = false
		}
		sum += e.v
	}
	if allOK && sum > a.Convened {
		f.Add(prefix+"convened", fmt.Sprintf("Tổng số trừ khỏi cơ sở tính (%d) không được lớn hơn số được triệu tập (%d).", sum, a.Convened))
	}
	// Those absent with an accepted reason, or not replaced, cannot also be present.
	if allOK && okPres && kind == CongressMembers && a.Present > a.Convened-a.AbsentWithReason-a.TemporarilyAttachedAbsent-a.ExemptAbsent {
		f.Add(prefix+"present", fmt.Sprintf("Số có mặt (%d) cộng số vắng mặt được trừ (%d) vượt quá số được triệu tập (%d).",
			a.Present, a.AbsentWithReason+a.TemporarilyAttachedAbsent+a.ExemptAbsent, a.Convened))
	}
}

// Guest is a guest of the congress.
type Guest struct {
	Name  string `json:"name" db:"name"`
	Title string `json:"title" db:"title"`
	Role  string `json:"role" db:"role"`
}

// PastResult is a labelled figure of the past term ("đảng viên loại 1": 31).
type PastResult struct {
	Label string `json:"label" db:"label"`
	Value string `json:"value" db:"value"`
	Unit  string `json:"unit" db:"unit"`
}

// Congress is one congress of an organization.
type Congress struct {
	ID             int64  `json:"id" db:"id"`
	OrganizationID int64  `json:"organization_id" db:"organization_id"`
	TermID         int64  `json:"term_id" db:"term_id"`
	Ordinal        int    `json:"ordinal" db:"ordinal"`
	Kind           string `json:"kind" db:"kind"`
	Ruleset        string `json:"ruleset" db:"ruleset"`
	HeldOn         string `json:"held_on" db:"held_on"` // ISO date, "" if not fixed yet
	Place          string `json:"place" db:"place"`
	Attendance
	Guests      []Guest      `json:"guests" db:"-"`
	PastResults []PastResult `json:"past_results" db:"-"`
	Notes       string       `json:"notes" db:"notes"`
	State       string       `json:"state" db:"state"`
	ReportedOn  string       `json:"reported_on" db:"reported_on"`
	DecidedOn   string       `json:"decided_on" db:"decided_on"` // approval or rejection date
	Sample      bool         `json:"sample" db:"sample"`
	Version     int64        `json:"version" db:"version"`
	CreatedAt   string       `json:"created_at" db:"created_at"`
	UpdatedAt   string       `json:"updated_at" db:"updated_at"`

	// Read-only, joined for display.
	OrganizationName string `json:"organization_name" db:"organization_name"`
	OrganizationKind string `json:"organization_kind" db:"organization_kind"`
	TermStart        int    `json:"term_start" db:"term_start"`
	TermEnd          int    `json:"term_end" db:"term_end"`
}

// TermName is "2020 – 2025".
func (c *Congress) TermName() string { return Term{StartYear: c.TermStart, EndYear: c.TermEnd}.Name() }

// Base is the threshold base of the congress's attendance.
func (c *Congress) Base() int { return c.Attendance.Base(c.Kind) }

// Validate checks a congress against its term (start and end years of the term it belongs to).
// Uniqueness of the ordinal within the organization is the store's job.
func (c *Congress) Validate(term Term) error {
	f := FieldErrors{}
	c.Place = CleanText(c.Place)
	c.Notes = CleanMultiline(c.Notes)
	if c.Ordinal < 1 || c.Ordinal > 100 {
		f.Add("ordinal", fmt.Sprintf("Lần thứ (%d) phải từ 1 đến 100.", c.Ordinal))
	}
	if !validCode(CongressKinds, c.Kind) {
		f.Add("kind", fmt.Sprintf("Hình thức đại hội %q không hợp lệ; chọn đại hội đảng viên hoặc đại hội đại biểu.", c.Kind))
	}
	if !validCode(Rulesets, c.Ruleset) {
		f.Add("ruleset", fmt.Sprintf("Quy chế bầu cử %q không hợp lệ.", c.Ruleset))
	}
	if c.State == "" {
		c.State = StatePlanned
	}
	if !validCode(CongressStates, c.State) {
		f.Add("state", fmt.Sprintf("Trạng thái %q không hợp lệ.", c.State))
	}
	if c.HeldOn != "" {
		d, err := time.Parse("2006-01-02", c.HeldOn)
		if err != nil {
			f.Add("held_on", fmt.Sprintf("Ngày đại hội %q không đúng dạng ngày/tháng/năm.", c.HeldOn))
		} else if term.StartYear != 0 && (d.Year() < term.StartYear-1 || d.Year() > term.EndYear) {
			// A congress opens its term: held in the term's first year, or late in the year before.
			f.Add("held_on", fmt.Sprintf("Ngày đại hội (%s) phải nằm trong nhiệm kỳ %s.", d.Format("02/01/2006"), term.Name()))
		}
	} else if c.State != StatePlanned {
		f.Add("held_on", "Đại hội đã tổ chức phải có ngày đại hội.")
	}
	for _, d := range []struct{ field, label, v string }{
		{"reported_on", "Ngày báo cáo", c.ReportedOn}, {"decided_on", "Ngày chuẩn y", c.DecidedOn}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.v); err != nil {
			f.Add(d.field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm.", d.label, d.v))
		}
	}
	if utf8.RuneCountInString(c.Place) > 200 {
		f.Add("place", "Địa điểm tối đa 200 ký tự.")
	}
	if utf8.RuneCountInString(c.Notes) > 20000 {
		f.Add("notes", fmt.Sprintf("Ghi chú dài %d ký tự, tối đa 20.000.", utf8.RuneCountInString(c.Notes)))
	}
	c.Attendance.validate(c.Kind, f, "")
	if len(c.Guests) > 100 {
		f.Add("guests", fmt.Sprintf("Tối đa 100 khách mời (đang có %d).", len(c.Guests)))
	}
	for i := range c.Guests {
		g := &c.Guests[i]
		g.Name, g.Title = CleanText(g.Name), CleanText(g.Title)
		key := fmt.Sprintf("guests[%d].", i)
		if g.Name == "" {
			f.Add(key+"name", fmt.Sprintf("Khách mời thứ %d chưa có họ tên.", i+1))
		} else if utf8.RuneCountInString(g.Name) > 100 {
			f.Add(key+"name", fmt.Sprintf("Họ tên khách mời thứ %d tối đa 100 ký tự.", i+1))
		}
		if utf8.RuneCountInString(g.Title) > 300 {
			f.Add(key+"title", fmt.Sprintf("Chức vụ khách mời thứ %d tối đa 300 ký tự.", i+1))
		}
		if g.Role == "" {
			g.Role = GuestAttending
		}
		if !validCode(GuestRoles, g.Role) {
			f.Add(key+"role", fmt.Sprintf("Vai trò khách mời %q không hợp lệ.", g.Role))
		}
	}
	if len(c.PastResults) > 100 {
		f.Add("past_results", fmt.Sprintf("Tối đa 100 kết quả nhiệm kỳ trước (đang có %d).", len(c.PastResults)))
	}
	for i := range c.PastResults {
		p := &c.PastResults[i]
		p.Label, p.Value, p.Unit = CleanText(p.Label), CleanText(p.Value), CleanText(p.Unit)
		key := fmt.Sprintf("past_results[%d].", i)
		if p.Label == "" {
			f.Add(key+"label", fmt.Sprintf("Kết quả thứ %d chưa có nội dung.", i+1))
		} else if utf8.RuneCountInString(p.Label) > 300 {
			f.Add(key+"label", fmt.Sprintf("Nội dung kết quả thứ %d tối đa 300 ký tự.", i+1))
		}
		if p.Value == "" {
			f.Add(key+"value", fmt.Sprintf("Kết quả thứ %d chưa có số liệu.", i+1))
		} else if utf8.RuneCountInString(p.Value) > 50 {
			f.Add(key+"value", fmt.Sprintf("Số liệu kết quả thứ %d tối đa 50 ký tự.", i+1))
		}
		if utf8.RuneCountInString(p.Unit) > 50 {
			f.Add(key+"unit", fmt.Sprintf("Đơn vị kết quả thứ %d tối đa 50 ký tự.", i+1))
		}
	}
	return f.Err(EINVALID, "")
}

// CleanText trims a one-line text, folds inner white space and control characters to single
// spaces and drops invalid UTF-8, so what is stored prints cleanly in minutes and reports.
func CleanText(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	space := false
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || (r >= 0x80 && r < 0xa0) {
			r = ' '
		}
		if r == ' ' || r == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return nfc(b.String())
}

// CleanMultiline is CleanText for notes: it keeps line breaks.
func CleanMultiline(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = CleanText(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
