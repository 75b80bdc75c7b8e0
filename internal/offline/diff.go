package offline

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// Difference is one thing a package changes in a congress already on the server: which part and,
// in Vietnamese, what it was and what it would become.
type Difference struct {
	Part    string `json:"part"`
	Message string `json:"message"`
}

// Diff compares the congress as the server holds it (old, exported in the same format) with a
// package about to replace it (cur) and lists what differs. Records are matched by what identifies
// them for a reader, never by id (ids differ from one database to another): persons by name and
// birth date, elections by body, rounds by body and number, targets by subject, reviews by target
// and year, rating counts by year and subject. Versions, creation times and the audit trail are
// not compared: they are history, not the record. An empty list means the package holds nothing
// new.
func Diff(old, cur *Package) []Difference {
	d := &differ{}
	d.congress(old, cur)
	d.persons(old, cur)
	d.elections(old, cur)
	d.rounds(old, cur)
	d.resolution(old, cur)
	d.targets(old, cur)
	d.ratings(old, cur)
	return d.list
}

type differ struct {
	list []Difference
}

func (d *differ) add(part, format string, args ...any) {
	d.list = append(d.list, Difference{Part: part, Message: fmt.Sprintf(format, args...)})
}

// change is one field of a record before and after.
type change struct {
	label    string
	old, cur string
}

// changes returns "label: old → new" for the fields that differ, joined with "; ".
func changes(cs ...change) string {
	var parts []string
	for _, c := range cs {
		if c.old != c.cur {
			parts = append(parts, fmt.Sprintf("%s: %s → %s", c.label, show(c.old), show(c.cur)))
		}
	}
	return strings.Join(parts, "; ")
}

func show(s string) string {
	if s == "" {
		return "(trống)"
	}
	if len([]rune(s)) > 120 {
		return string([]rune(s)[:120]) + "…"
	}
	return s
}

func num(n int) string     { return vn.FormatInt(int64(n)) }
func num64(n int64) string { return vn.FormatInt(n) }

func yes(b bool) string {
	if b {
		return "có"
	}
	return "không"
}

func date(iso string) string { return vn.Date(iso) }

func attendanceChanges(a, b Attendance) []change {
	return []change{
		{"số được triệu tập", num(a.Convened), num(b.Convened)},
		{"số có mặt", num(a.Present), num(b.Present)},
		{"số giới thiệu sinh hoạt tạm thời vắng mặt", num(a.TemporarilyAttachedAbsent), num(b.TemporarilyAttachedAbsent)},
		{"số miễn công tác, sinh hoạt vắng mặt", num(a.ExemptAbsent), num(b.ExemptAbsent)},
		{"số bị đình chỉ, khởi tố, tạm giam", num(a.Suspended), num(b.Suspended)},
		{"số vắng mặt có lý do", num(a.AbsentWithReason), num(b.AbsentWithReason)},
		{"số cấp ủy viên vắng mặt", num(a.CommitteeAbsent), num(b.CommitteeAbsent)},
		{"số đại biểu vắng không có người thay", num(a.AbsentNotReplaced), num(b.AbsentNotReplaced)},
	}
}

func (d *differ) congress(old, cur *Package) {
	a, b := old.Congress, cur.Congress
	guests := func(list []Guest) string {
		var s []string
		for _, g := range list {
			s = append(s, g.Name+" ("+g.Title+", "+g.Role+")")
		}
		return strings.Join(s, "; ")
	}
	results := func(list []PastResult) string {
		var s []string
		for _, r := range list {
			s = append(s, r.Label+": "+r.Value+" "+r.Unit)
		}
		return strings.Join(s, "; ")
	}
	cs := []change{
		{"nhiệm kỳ", fmt.Sprintf("%d – %d", a.TermStart, a.TermEnd), fmt.Sprintf("%d – %d", b.TermStart, b.TermEnd)},
		{"hình thức", a.Kind, b.Kind}, {"quy chế bầu cử", a.Ruleset, b.Ruleset},
		{"ngày đại hội", date(a.HeldOn), date(b.HeldOn)}, {"địa điểm", a.Place, b.Place},
	}
	cs = append(cs, attendanceChanges(a.Attendance, b.Attendance)...)
	cs = append(cs, change{"khách mời", guests(a.Guests), guests(b.Guests)},
		change{"kết quả nhiệm kỳ trước", results(a.PastResults), results(b.PastResults)},
		change{"ghi chú", a.Notes, b.Notes}, change{"trạng thái", a.State, b.State},
		change{"ngày báo cáo", date(a.ReportedOn), date(b.ReportedOn)},
		change{"ngày cấp trên quyết định", date(a.DecidedOn), date(b.DecidedOn)})
	if s := changes(cs...); s != "" {
		d.add(PartCongress, "Hồ sơ đại hội: %s.", s)
	}
}

// personKey identifies a person across databases: the folded name and the birth date.
func personKey(p Person) string { return vn.Fold(p.FullName) + "|" + p.BirthDate }

// names maps person ids to names within one package.
func names(p *Package) map[int64]string {
	m := make(map[int64]string, len(p.Persons))
	for _, x := range p.Persons {
		m[x.ID] = x.FullName
	}
	return m
}

func (d *differ) persons(old, cur *Package) {
	a := map[string]Person{}
	for _, p := range old.Persons {
		a[personKey(p)] = p
	}
	seen := map[string]bool{}
	for _, p := range cur.Persons {
		k := personKey(p)
		seen[k] = true
		o, ok := a[k]
		if !ok {
			d.add(PartPersons, "Thêm đảng viên %s (sinh %s).", p.FullName, date(p.BirthDate))
			continue
		}
		if s := changes(
			change{"họ tên", o.FullName, p.FullName}, change{"giới tính", o.Gender, p.Gender},
			change{"dân tộc", o.Ethnicity, p.Ethnicity}, change{"tôn giáo", o.Religion, p.Religion},
			change{"quê quán", o.HomeTown, p.HomeTown}, change{"chức vụ", o.Position, p.Position},
			change{"ngày vào Đảng", date(o.JoinedOn), date(p.JoinedOn)},
			change{"ngày chính thức", date(o.OfficialOn), date(p.OfficialOn)},
			change{"giáo dục phổ thông", o.Education, p.Education}, change{"chuyên môn", o.Degree, p.Degree},
			change{"lý luận chính trị", o.TheoryLevel, p.TheoryLevel},
			change{"tái cử", yes(o.Incumbent), yes(p.Incumbent)}); s != "" {
			d.add(PartPersons, "Đảng viên %s: %s.", p.FullName, s)
		}
	}
	for _, p := range old.Persons {
		if !seen[personKey(p)] {
			d.add(PartPersons, "Bỏ đảng viên %s (sinh %s).", p.FullName, date(p.BirthDate))
		}
	}
}

func bodyLabel(body string) string { return congress.Label(congress.Bodies, body) }

func (d *differ) elections(old, cur *Package) {
	an, bn := names(old), names(cur)
	byBody := map[string]Election{}
	for _, e := range old.Elections {
		byBody[e.Body] = e
	}
	list := func(e Election, nm map[int64]string) string {
		var s []string
		for _, c := range e.Candidates {
			s = append(s, nm[c.PersonID])
		}
		sort.Strings(s)
		return strings.Join(s, ", ")
	}
	appointed := func(e Election, nm map[int64]string) string {
		if e.AppointedPersonID == nil {
			return ""
		}
		return nm[*e.AppointedPersonID]
	}
	seen := map[string]bool{}
	for _, e := range cur.Elections {
		seen[e.Body] = true
		o, ok := byBody[e.Body]
		if !ok {
			d.add(PartElections, "Thêm cuộc bầu %s (%s người).", bodyLabel(e.Body), num(e.Seats))
			continue
		}
		if s := changes(
			change{"số lượng cần bầu", num(o.Seats), num(e.Seats)}, change{"hình thức phiếu", o.ListKind, e.ListKind},
			change{"quyết định của đại hội", o.Decision, e.Decision}, change{"trạng thái", o.State, e.State},
			change{"người được chỉ định", appointed(o, an), appointed(e, bn)},
			change{"ghi chú chỉ định", o.AppointmentNote, e.AppointmentNote},
			change{"danh sách bầu cử", list(o, an), list(e, bn)}); s != "" {
			d.add(PartElections, "Cuộc bầu %s: %s.", bodyLabel(e.Body), s)
		}
	}
	for _, e := range old.Elections {
		if !seen[e.Body] {
			d.add(PartElections, "Bỏ cuộc bầu %s.", bodyLabel(e.Body))
		}
	}
}

// roundKey names a round by its election's body and its number.
type roundKey struct {
	body   string
	number int
}

func roundsByKey(p *Package) map[roundKey]Round {
	bodies := map[int64]string{}
	for _, e := range p.Elections {
		bodies[e.ID] = e.Body
	}
	m := map[roundKey]Round{}
	for _, r := range p.Rounds {
		m[roundKey{bodies[r.ElectionID], r.Number}] = r
	}
	return m
}

// ballotSummary is a round's ballots of one pile as text, one ballot a line, for comparison.
func ballotSummary(p *Package, roundID int64, slot int) (int, string) {
	var lines []string
	for _, b := range p.Ballots {
		if b.RoundID == roundID && b.Slot == slot {
			lines = append(lines, fmt.Sprintf("%d %v %v %s %s %s", b.Number, b.Content.Kept, b.Content.Marks, b.Content.Invalid, b.Content.Note, b.Invalid))
		}
	}
	sort.Strings(lines)
	return len(lines), strings.Join(lines, "\n")
}

func (d *differ) rounds(old, cur *Package) {
	a, b := roundsByKey(old), roundsByKey(cur)
	an, bn := names(old), names(cur)
	keys := make([]roundKey, 0, len(a)+len(b))
	for k := range b {
		keys = append(keys, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			keys = append(keys, k)
		}
	}
	order := map[string]int{}
	for i, o := range congress.Bodies {
		order[o.Code] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].body != keys[j].body {
			return order[keys[i].body] < order[keys[j].body]
		}
		return keys[i].number < keys[j].number
	})
	for _, k := range keys {
		where := fmt.Sprintf("Cuộc bầu %s, vòng %d", bodyLabel(k.body), k.number)
		o, inOld := a[k]
		r, inCur := b[k]
		switch {
		case !inOld:
			d.add(PartRounds, "%s: vòng mới%s.", where, closedText(r))
			continue
		case !inCur:
			d.add(PartRounds, "%s: không còn trong gói.", where)
			continue
		}
		cs := []change{{"số lượng bầu", num(o.Seats), num(r.Seats)}}
		cs = append(cs, attendanceChanges(o.Attendance, r.Attendance)...)
		cs = append(cs,
			change{"cách nhập", o.EntryMode, r.EntryMode}, change{"nhập hai lần", yes(o.DoubleEntry), yes(r.DoubleEntry)},
			change{"số phiếu phát ra", num(o.Issued), num(r.Issued)}, change{"số phiếu thu vào", num(o.Collected), num(r.Collected)},
			change{"số phiếu hợp lệ", num(o.Valid), num(r.Valid)}, change{"số phiếu không hợp lệ", num(o.Invalid), num(r.Invalid)},
			change{"lý do phiếu không hợp lệ", reasonsText(o.InvalidReasons), reasonsText(r.InvalidReasons)},
			change{"Ban kiểm phiếu", countersText(o.CountingCommittee), countersText(r.CountingCommittee)})
		ov, rv := map[string]int{}, map[string]int{}
		for _, c := range o.Candidates {
			ov[an[c.PersonID]] = c.Votes
		}
		for _, c := range r.Candidates {
			rv[bn[c.PersonID]] = c.Votes
		}
		var people []string
		for n := range rv {
			people = append(people, n)
		}
		for n := range ov {
			if _, ok := rv[n]; !ok {
				people = append(people, n)
			}
		}
		vn.SortNames(people)
		for _, n := range people {
			x, okx := ov[n]
			y, oky := rv[n]
			switch {
			case !okx:
				cs = append(cs, change{n, "không có trong danh sách", num(y) + " phiếu"})
			case !oky:
				cs = append(cs, change{n, num(x) + " phiếu", "không có trong danh sách"})
			default:
				cs = append(cs, change{n, num(x) + " phiếu", num(y) + " phiếu"})
			}
		}
		for slot := 1; slot <= 2; slot++ {
			no, so := ballotSummary(old, o.ID, slot)
			nr, sr := ballotSummary(cur, r.ID, slot)
			label := "phiếu đã nhập"
			if slot == 2 {
				label = "phiếu nhập lần hai"
			}
			if no != nr {
				cs = append(cs, change{"số " + label, num(no), num(nr)})
			} else if so != sr {
				cs = append(cs, change{label, "nội dung cũ", "nội dung khác"})
			}
		}
		cs = append(cs, change{"đã khóa", yes(o.Closed), yes(r.Closed)}, change{"thời điểm khóa", o.ClosedAt, r.ClosedAt},
			change{"số biên bản", num(o.DocumentNumber), num(r.DocumentNumber)},
			change{"mã xác thực", short(o.Fingerprint), short(r.Fingerprint)})
		if s := changes(cs...); s != "" {
			d.add(PartRounds, "%s: %s.", where, s)
		}
	}
}

func closedText(r Round) string {
	if r.Closed {
		return fmt.Sprintf(", đã khóa, mã xác thực %s", short(r.Fingerprint))
	}
	return ", đang mở"
}

func reasonsText(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var s []string
	for _, k := range keys {
		s = append(s, k+" "+strconv.Itoa(m[k]))
	}
	return strings.Join(s, ", ")
}

func countersText(list []CountingMember) string {
	var s []string
	for _, m := range list {
		if m.Head {
			s = append(s, m.Name+" (trưởng ban)")
		} else {
			s = append(s, m.Name)
		}
	}
	return strings.Join(s, ", ")
}

func (d *differ) resolution(old, cur *Package) {
	a, b := old.Resolution, cur.Resolution
	switch {
	case a == nil && b == nil:
		return
	case a == nil:
		d.add(PartResolution, "Thêm nghị quyết đại hội (thông qua ngày %s).", date(b.AdoptedOn))
		return
	case b == nil:
		d.add(PartResolution, "Bỏ nghị quyết đại hội.")
		return
	}
	sections := func(r *Resolution) string {
		var s []string
		for _, x := range r.Sections {
			s = append(s, x.Title+"\n"+x.Body)
		}
		return strings.Join(s, "\n\n")
	}
	text := func(r *Resolution) string {
		if sections(a) == sections(b) {
			return ""
		}
		return fmt.Sprintf("%d mục", len(r.Sections))
	}
	if s := changes(change{"ngày thông qua", date(a.AdoptedOn), date(b.AdoptedOn)},
		change{"số tán thành", num(a.VotesFor), num(b.VotesFor)},
		change{"số không tán thành", num(a.VotesAgainst), num(b.VotesAgainst)},
		change{"số không biểu quyết", num(a.VotesAbstain), num(b.VotesAbstain)},
		change{"nội dung", text(a), text(b)}); s != "" {
		d.add(PartResolution, "Nghị quyết: %s.", s)
	}
}

// targetKeys names each target by its folded subject, numbered when two share one.
func targetKeys(p *Package) map[int64]string {
	keys := map[int64]string{}
	count := map[string]int{}
	list := append([]Target(nil), p.Targets...)
	sort.SliceStable(list, func(i, j int) bool { return list[i].Position < list[j].Position })
	for _, t := range list {
		k := vn.Fold(t.Subject)
		count[k]++
		if count[k] > 1 {
			k += " #" + strconv.Itoa(count[k])
		}
		keys[t.ID] = k
	}
	return keys
}

func (d *differ) targets(old, cur *Package) {
	ak, bk := targetKeys(old), targetKeys(cur)
	a := map[string]Target{}
	for _, t := range old.Targets {
		a[ak[t.ID]] = t
	}
	subject := func(p *Package, id *int64) string {
		if id == nil {
			return ""
		}
		for _, t := range p.Targets {
			if t.ID == *id {
				return t.Subject
			}
		}
		return ""
	}
	seen := map[string]bool{}
	for _, t := range cur.Targets {
		k := bk[t.ID]
		seen[k] = true
		o, ok := a[k]
		if !ok {
			d.add(PartTargets, "Thêm chỉ tiêu “%s”.", t.Subject)
			continue
		}
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
		if s := changes(change{"câu nghị quyết", o.Sentence, t.Sentence}, change{"so sánh", o.Comparator, t.Comparator},
			change{"giá trị", f(o.Value), f(t.Value)}, change{"giá trị cận trên", f(o.ValueHigh), f(t.ValueHigh)},
			change{"đơn vị", o.Unit, t.Unit}, change{"kỳ đánh giá", o.Period, t.Period}, change{"năm", num(o.ByYear), num(t.ByYear)},
			change{"lĩnh vực", o.Category, t.Category}, change{"chỉ tiêu cha", subject(old, o.ParentID), subject(cur, t.ParentID)},
			change{"tỷ lệ của", o.ShareOf, t.ShareOf}, change{"tổng thể", o.Base, t.Base},
			change{"đối tượng xếp loại", o.RatingSubject, t.RatingSubject}, change{"tiêu chí", o.Measure, t.Measure},
			change{"thứ tự", num(o.Position), num(t.Position)}); s != "" {
			d.add(PartTargets, "Chỉ tiêu “%s”: %s.", t.Subject, s)
		}
	}
	for _, t := range old.Targets {
		if !seen[ak[t.ID]] {
			d.add(PartTargets, "Bỏ chỉ tiêu “%s”.", t.Subject)
		}
	}
	type rk struct {
		target string
		year   int
	}
	subjects := map[string]string{}
	for _, t := range cur.Targets {
		subjects[bk[t.ID]] = t.Subject
	}
	for _, t := range old.Targets {
		if _, ok := subjects[ak[t.ID]]; !ok {
			subjects[ak[t.ID]] = t.Subject
		}
	}
	ar := map[rk]Review{}
	for _, r := range old.Reviews {
		ar[rk{ak[r.TargetID], r.Year}] = r
	}
	seenR := map[rk]bool{}
	for _, r := range cur.Reviews {
		k := rk{bk[r.TargetID], r.Year}
		seenR[k] = true
		o, ok := ar[k]
		if !ok {
			d.add(PartReviews, "Thêm số liệu năm %d của chỉ tiêu “%s”: %s/%s.", r.Year, subjects[k.target], num64(r.Numerator), num64(r.Denominator))
			continue
		}
		if s := changes(change{"tử số", num64(o.Numerator), num64(r.Numerator)}, change{"mẫu số", num64(o.Denominator), num64(r.Denominator)},
			change{"nguồn số liệu", o.Source, r.Source}, change{"nhận xét", o.Note, r.Note}); s != "" {
			d.add(PartReviews, "Số liệu năm %d của chỉ tiêu “%s”: %s.", r.Year, subjects[k.target], s)
		}
	}
	for _, r := range old.Reviews {
		k := rk{ak[r.TargetID], r.Year}
		if !seenR[k] {
			d.add(PartReviews, "Bỏ số liệu năm %d của chỉ tiêu “%s”.", r.Year, subjects[k.target])
		}
	}
}

func (d *differ) ratings(old, cur *Package) {
	type key struct {
		year    int
		subject string
	}
	a := map[key]Rating{}
	for _, r := range old.Ratings {
		a[key{r.Year, r.Subject}] = r
	}
	seen := map[key]bool{}
	for _, r := range cur.Ratings {
		k := key{r.Year, r.Subject}
		seen[k] = true
		o, ok := a[k]
		if !ok {
			d.add(PartRatings, "Thêm kết quả xếp loại năm %d (%s).", r.Year, r.Subject)
			continue
		}
		if s := changes(change{"hoàn thành xuất sắc", num64(o.Excellent), num64(r.Excellent)},
			change{"hoàn thành tốt", num64(o.Good), num64(r.Good)}, change{"hoàn thành", num64(o.Completed), num64(r.Completed)},
			change{"không hoàn thành", num64(o.NotCompleted), num64(r.NotCompleted)}, change{"nguồn số liệu", o.Source, r.Source}); s != "" {
			d.add(PartRatings, "Kết quả xếp loại năm %d (%s): %s.", r.Year, r.Subject, s)
		}
	}
	for _, r := range old.Ratings {
		if !seen[key{r.Year, r.Subject}] {
			d.add(PartRatings, "Bỏ kết quả xếp loại năm %d (%s).", r.Year, r.Subject)
		}
	}
}
