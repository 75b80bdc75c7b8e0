package server

import (
	"fmt"
	"strings"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

// Sentences and labels shared by the election, round, minutes and ballot pages and the minutes
// workbook, so that the screen, the paper and the Excel file say the same thing in the same words.

// percentText writes hundredths of a percent the Vietnamese way: 9524 → "95,24%". Integers keep
// the figure identical to the record (the engine rounds half-up once).
func percentText(h int64) string {
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%s,%02d%%", sign, vn.FormatInt(h/100), h%100)
}

// statusLabels are the candidate statuses of a count as the pages print them.
var statusLabels = map[string]string{
	election.StatusElected:    "Trúng cử",
	election.StatusRunoff:     "Bằng phiếu – bầu lại",
	election.StatusNotElected: "Không trúng cử",
}

// bodyShort is the short name of a body for sheet names and narrow columns.
var bodyShort = map[string]string{
	congress.BodyExecutive:         "BCH",
	congress.BodyCellCommittee:     "Chi ủy",
	congress.BodyDelegateOfficial:  "ĐB chính thức",
	congress.BodyDelegateAlternate: "ĐB dự khuyết",
	congress.BodyStanding:          "BTV",
	congress.BodySecretary:         "Bí thư",
	congress.BodyDeputySecretary:   "Phó Bí thư",
	congress.BodyInspection:        "UBKT",
	congress.BodyInspectionChair:   "Chủ nhiệm UBKT",
}

// electionTitle is the title of an election as minutes and ballots print it, e.g. "Bầu Ban Chấp
// hành Đảng bộ Sở Khoa học và Công nghệ khóa II, nhiệm kỳ 2020 – 2025". superior is the name of
// the organization whose congress the delegates go to ("" when unknown).
func electionTitle(c *congress.Congress, body, superior string) string {
	org, term, khoa := c.OrganizationName, c.TermName(), " khóa "+vn.Roman(c.Ordinal)
	switch body {
	case congress.BodyExecutive:
		return fmt.Sprintf("Bầu Ban Chấp hành %s%s, nhiệm kỳ %s", org, khoa, term)
	case congress.BodyCellCommittee:
		return fmt.Sprintf("Bầu Chi ủy %s, nhiệm kỳ %s", org, term)
	case congress.BodyStanding:
		return fmt.Sprintf("Bầu Ban Thường vụ %s%s, nhiệm kỳ %s", org, khoa, term)
	case congress.BodySecretary:
		return fmt.Sprintf("Bầu Bí thư %s, nhiệm kỳ %s", org, term)
	case congress.BodyDeputySecretary:
		return fmt.Sprintf("Bầu Phó Bí thư %s, nhiệm kỳ %s", org, term)
	case congress.BodyInspection:
		return fmt.Sprintf("Bầu Ủy ban Kiểm tra %s, nhiệm kỳ %s", org, term)
	case congress.BodyInspectionChair:
		return fmt.Sprintf("Bầu Chủ nhiệm Ủy ban Kiểm tra %s, nhiệm kỳ %s", org, term)
	case congress.BodyDelegateOfficial, congress.BodyDelegateAlternate:
		kind := "chính thức"
		if body == congress.BodyDelegateAlternate {
			kind = "dự khuyết"
		}
		if superior == "" {
			return fmt.Sprintf("Bầu đại biểu %s dự Đại hội cấp trên, nhiệm kỳ %s", kind, term)
		}
		return fmt.Sprintf("Bầu đại biểu %s dự Đại hội %s, nhiệm kỳ %s", kind, superior, term)
	}
	return "Bầu " + congress.Label(congress.Bodies, body)
}

// listKindPhrase says in the minutes what kind of ballot was used.
func listKindPhrase(kind string) string {
	if kind == congress.ListAgreeDisagree {
		return "phiếu đồng ý, không đồng ý"
	}
	return "danh sách có số dư, phiếu gạch tên"
}

// whoLabel is who votes in an election and whom the base counts: the members of the new committee
// at its first session (rule 8), otherwise the congress's official members or official delegates.
func whoLabel(c *congress.Congress, body string) string {
	switch {
	case congress.FirstSession(c.OrganizationKind, body):
		return "ủy viên Ban Chấp hành"
	case c.Kind == congress.CongressDelegates:
		return "đại biểu chính thức"
	}
	return "đảng viên chính thức"
}

// exclusionLabels are the base exclusions of each congress kind (rule 2), as phrases.
func exclusionLabels(kind string, a congress.Attendance) []struct {
	Label string
	Count int
} {
	type lc = struct {
		Label string
		Count int
	}
	if kind == congress.CongressDelegates {
		return []lc{
			{"cấp ủy viên triệu tập vắng mặt suốt thời gian đại hội", a.CommitteeAbsent},
			{"đại biểu chính thức vắng mặt suốt thời gian đại hội, không có đại biểu dự khuyết thay", a.AbsentNotReplaced},
		}
	}
	return []lc{
		{"đảng viên giới thiệu sinh hoạt tạm thời nơi khác, không dự đại hội", a.TemporarilyAttachedAbsent},
		{"đảng viên được miễn công tác và sinh hoạt đảng, không dự đại hội", a.ExemptAbsent},
		{"đảng viên bị đình chỉ sinh hoạt, bị khởi tố, tạm giam", a.Suspended},
		{"đảng viên chính thức vắng mặt suốt thời gian đại hội có lý do được chấp nhận", a.AbsentWithReason},
	}
}

// nameList joins names the Vietnamese way: "A", "A và B", "A, B và C".
func nameList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " và " + names[len(names)-1]
}

// runoffSentence is what the result says after a tie at the last seat (rule 4), or "".
func runoffSentence(res *election.Result) string {
	if res == nil || res.Runoff == nil {
		return ""
	}
	return fmt.Sprintf("Các đồng chí %s bằng số phiếu nhau ở vị trí cuối nên chưa ai trúng cử vào %s còn lại; "+
		"đại hội bầu lại trong số các đồng chí này (không xét theo tuổi).",
		nameList(res.Runoff.Candidates), countWord(res.Runoff.Seats, "chỗ"))
}

// vacantSentence is what the result says after a shortfall (rule 5), or "".
func vacantSentence(res *election.Result) string {
	if res == nil || res.VacantSeats == 0 {
		return ""
	}
	return fmt.Sprintf("Còn %s chưa có người đạt quá một nửa số phiếu; bầu tiếp hay không do đại hội quyết định.",
		countWord(res.VacantSeats, "chỗ"))
}

// countWord writes n with its unit: "2 chỗ", "1.250 phiếu".
func countWord(n int, unit string) string { return vn.FormatInt(int64(n)) + " " + unit }

// legalBasis is the sentence of the minutes citing the rule set's article on results (and, for
// delegates, the article on delegates), with the base and the threshold.
func legalBasis(c *congress.Congress, body string, base int) string {
	cite := election.Cite(c.Ruleset, election.TopicResults)
	if body == congress.BodyDelegateOfficial || body == congress.BodyDelegateAlternate {
		cite += "; " + election.Cite(c.Ruleset, election.TopicDelegates)
	}
	return fmt.Sprintf("Căn cứ %s, người trúng cử phải được số phiếu bầu quá một nửa so với số %s "+
		"làm căn cứ tính kết quả (%s), tức ít nhất %s.",
		cite, whoLabel(c, body), countWord(base, "đồng chí"), countWord(election.Threshold(base), "phiếu"))
}

// documentNumber is the running number and symbol of counting minutes: "Số 05-BB/ĐH"; with no
// number yet (an open round), a blank to fill in.
func documentNumber(n int) string {
	if n <= 0 {
		return "Số ….-BB/ĐH"
	}
	return fmt.Sprintf("Số %02d-BB/ĐH", n)
}

// hallZone is the zone the congress reads times in: Vietnam keeps UTC+7 all year.
var hallZone = time.FixedZone("ICT", 7*60*60)

// storedTime reads a stored UTC timestamp; the zero time when empty or unreadable.
func storedTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// clockText writes a stored timestamp in Vietnam time: "10:45 28/05/2020"; "" when unknown.
func clockText(s string) string {
	t := storedTime(s)
	if t.IsZero() {
		return ""
	}
	return t.In(hallZone).Format("15:04 02/01/2006")
}

// entryModeLabels name how a round is entered.
var entryModeLabels = map[string]string{
	congress.EntryTotals:  "Nhập tổng số",
	congress.EntryBallots: "Nhập từng phiếu",
}
