package server

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// emptyRows is how many blank guest and past-result rows the form offers beyond the filled ones,
// so that the form works without JavaScript.
const emptyRows = 3

// guestRow is one guest as typed.
type guestRow struct{ Name, Title, Role string }

// pastResultRow is one past-term figure as typed.
type pastResultRow struct{ Label, Value, Unit string }

// congressForm is the congress form exactly as typed: every field a string, so an invalid number
// comes back to the user as they wrote it.
type congressForm struct {
	OrganizationID string
	TermID         string
	Ordinal        string
	Kind           string
	Ruleset        string
	State          string
	HeldOn         string
	Place          string
	ReportedOn     string
	DecidedOn      string
	Counts         map[string]string
	Guests         []guestRow
	PastResults    []pastResultRow
	Notes          string
	Version        string
}

// countField is one head-count input of the form.
type countField struct {
	Name, Label string
}

// Head counts of the form, in display order: the common ones, then each kind's exclusions
// (DOMAIN.md election rule 2). Names match the domain's field keys.
var (
	commonCounts = []countField{
		{"convened", "Số được triệu tập"},
		{"present", "Số có mặt"},
	}
	memberCounts = []countField{
		{"temporarily_attached_absent", "Đảng viên giới thiệu sinh hoạt tạm thời, không dự đại hội"},
		{"exempt_absent", "Đảng viên miễn công tác và sinh hoạt đảng, không dự đại hội"},
		{"suspended", "Đảng viên bị đình chỉ sinh hoạt, bị khởi tố, tạm giam"},
		{"absent_with_reason", "Đảng viên chính thức vắng mặt cả đại hội có lý do"},
	}
	delegateCounts = []countField{
		{"committee_absent", "Cấp ủy viên triệu tập vắng mặt cả đại hội"},
		{"absent_not_replaced", "Đại biểu chính thức vắng mặt cả đại hội, không có người thay"},
	}
)

// formOf fills the form from a stored congress.
func formOf(c *congress.Congress) congressForm {
	f := congressForm{
		OrganizationID: strconv.FormatInt(c.OrganizationID, 10),
		TermID:         strconv.FormatInt(c.TermID, 10),
		Ordinal:        strconv.Itoa(c.Ordinal),
		Kind:           c.Kind, Ruleset: c.Ruleset, State: c.State,
		HeldOn: vn.Date(c.HeldOn), Place: c.Place, ReportedOn: vn.Date(c.ReportedOn), DecidedOn: vn.Date(c.DecidedOn),
		Notes: c.Notes, Version: strconv.FormatInt(c.Version, 10),
		Counts: map[string]string{
			"convened": strconv.Itoa(c.Convened), "present": strconv.Itoa(c.Present),
			"temporarily_attached_absent": strconv.Itoa(c.TemporarilyAttachedAbsent),
			"exempt_absent":               strconv.Itoa(c.ExemptAbsent),
			"suspended":                   strconv.Itoa(c.Suspended),
			"absent_with_reason":          strconv.Itoa(c.AbsentWithReason),
			"committee_absent":            strconv.Itoa(c.CommitteeAbsent),
			"absent_not_replaced":         strconv.Itoa(c.AbsentNotReplaced),
		},
	}
	for _, g := range c.Guests {
		f.Guests = append(f.Guests, guestRow{g.Name, g.Title, g.Role})
	}
	for _, p := range c.PastResults {
		f.PastResults = append(f.PastResults, pastResultRow{p.Label, p.Value, p.Unit})
	}
	return f
}

// readCongressForm reads the posted form. Blank guest and past-result rows are dropped here, so
// the n-th row shown again is the n-th row validated and its messages line up.
func readCongressForm(c *gin.Context) congressForm {
	pf := c.Request.PostForm
	text := func(name string) string { return formText(c, name) }
	f := congressForm{
		OrganizationID: text("organization_id"), TermID: text("term_id"), Ordinal: text("ordinal"),
		Kind: text("kind"), Ruleset: text("ruleset"), State: text("state"), HeldOn: text("held_on"),
		Place: text("place"), ReportedOn: text("reported_on"), DecidedOn: text("decided_on"),
		Notes: text("notes"), Version: text("version"), Counts: map[string]string{},
	}
	for _, group := range [][]countField{commonCounts, memberCounts, delegateCounts} {
		for _, cf := range group {
			f.Counts[cf.Name] = text(cf.Name)
		}
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.ToValidUTF8(list[i], "")
		}
		return ""
	}
	names, titles, roles := pf["guest_name"], pf["guest_title"], pf["guest_role"]
	for i := range max(len(names), len(titles)) {
		g := guestRow{at(names, i), at(titles, i), at(roles, i)}
		if strings.TrimSpace(g.Name) != "" || strings.TrimSpace(g.Title) != "" {
			f.Guests = append(f.Guests, g)
		}
	}
	labels, values, units := pf["past_label"], pf["past_value"], pf["past_unit"]
	for i := range max(len(labels), len(values), len(units)) {
		p := pastResultRow{at(labels, i), at(values, i), at(units, i)}
		if strings.TrimSpace(p.Label+p.Value+p.Unit) != "" {
			f.PastResults = append(f.PastResults, p)
		}
	}
	return f
}

// congress turns the typed form into a congress. Typing errors (a number that is not a number,
// a date that is not a date) go into fe under the domain's field keys.
func (f congressForm) congress(fe congress.FieldErrors) *congress.Congress {
	c := &congress.Congress{
		Kind: strings.TrimSpace(f.Kind), Ruleset: strings.TrimSpace(f.Ruleset), State: strings.TrimSpace(f.State),
		Place: f.Place, Notes: f.Notes,
	}
	c.OrganizationID, _ = strconv.ParseInt(strings.TrimSpace(f.OrganizationID), 10, 64)
	c.TermID, _ = strconv.ParseInt(strings.TrimSpace(f.TermID), 10, 64)
	c.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	if c.TermID <= 0 {
		fe.Add("term_id", "Chưa chọn nhiệm kỳ.")
	}
	c.Ordinal = parseCount(fe, "ordinal", "Lần thứ", f.Ordinal, true)
	for _, d := range []struct {
		field, label, typed string
		dst                 *string
	}{
		{"held_on", "Ngày đại hội", f.HeldOn, &c.HeldOn},
		{"reported_on", "Ngày báo cáo", f.ReportedOn, &c.ReportedOn},
		{"decided_on", "Ngày chuẩn y", f.DecidedOn, &c.DecidedOn},
	} {
		if strings.TrimSpace(d.typed) == "" {
			continue
		}
		iso, ok := vn.ParseDate(d.typed)
		if !ok {
			fe.Add(d.field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm (ví dụ 28/05/2020).", d.label, shorten(d.typed, 30)))
			continue
		}
		*d.dst = iso
	}
	a := &c.Attendance
	targets := map[string]*int{
		"convened": &a.Convened, "present": &a.Present,
		"temporarily_attached_absent": &a.TemporarilyAttachedAbsent, "exempt_absent": &a.ExemptAbsent,
		"suspended": &a.Suspended, "absent_with_reason": &a.AbsentWithReason,
		"committee_absent": &a.CommitteeAbsent, "absent_not_replaced": &a.AbsentNotReplaced,
	}
	for _, group := range [][]countField{commonCounts, memberCounts, delegateCounts} {
		for _, cf := range group {
			*targets[cf.Name] = parseCount(fe, cf.Name, cf.Label, f.Counts[cf.Name], false)
		}
	}
	c.Guests = []congress.Guest{}
	for _, g := range f.Guests {
		c.Guests = append(c.Guests, congress.Guest{Name: g.Name, Title: g.Title, Role: g.Role})
	}
	c.PastResults = []congress.PastResult{}
	for _, p := range f.PastResults {
		c.PastResults = append(c.PastResults, congress.PastResult{Label: p.Label, Value: p.Value, Unit: p.Unit})
	}
	return c
}

// fieldOrder is the order of the form's fields, for the summary of messages at the top.
var fieldOrder = []string{"organization_id", "term_id", "ordinal", "kind", "ruleset", "state", "held_on", "place",
	"convened", "present", "temporarily_attached_absent", "exempt_absent", "suspended", "absent_with_reason",
	"committee_absent", "absent_not_replaced", "reported_on", "decided_on", "guests", "past_results", "notes"}

// summarize lists the messages of errs in form order (rows in row order), each once.
func summarize(errs map[string]string) []string {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	rank := func(k string) (int, int, string) {
		base, idx := k, -1
		if i := strings.IndexByte(k, '['); i >= 0 {
			base = k[:i]
			if j := strings.IndexByte(k, ']'); j > i {
				idx, _ = strconv.Atoi(k[i+1 : j])
			}
		}
		pos := slices.Index(fieldOrder, base)
		if pos < 0 {
			pos = len(fieldOrder)
		}
		return pos, idx, k
	}
	slices.SortFunc(keys, func(a, b string) int {
		pa, ia, ka := rank(a)
		pb, ib, kb := rank(b)
		if pa != pb {
			return pa - pb
		}
		if ia != ib {
			return ia - ib
		}
		return strings.Compare(ka, kb)
	})
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if !slices.Contains(out, errs[k]) {
			out = append(out, errs[k])
		}
	}
	return out
}
