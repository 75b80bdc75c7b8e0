package server

import (
	"strconv"
	"strings"
	"time"

	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// The pages of the resolution, its targets and reviews, the term review, the audit trail and the
// verification. They are registered here rather than in render.go's list so that this area's
// files stay its own.
func init() {
	pageNames = append(pageNames, "targets", "resolution_form", "target_form", "review_form", "review_note",
		"rating_form", "target_review", "audit", "verify")
	for _, p := range []string{"targets", "resolution_form", "target_form", "review_form", "review_note",
		"rating_form", "target_review", "verify"} {
		sections[p] = "congresses"
	}
	sections["audit"] = "audit"
	optionLists["verdict"] = targets.Verdicts
	optionLists["category"] = targets.Categories
	optionLists["ratingsubject"] = store.RatingSubjects
}

// targetView is a target as the pages, the API and the Excel review show it: the stored record
// with its number in the resolution ("1", "1.1") and its requirement in words.
type targetView struct {
	store.TargetRecord
	Number string
	// Phrase is the requirement: "từ 95% trở lên, hằng năm".
	Phrase string
	// Sub marks a sub-target ("trong đó …"); ParentSubject names its main target.
	Sub           bool
	ParentSubject string
	// ShareText says, for a percentage sub-target, what whole it is a share of; ShareShort says
	// it by the main target's number, for the narrow column of the Excel review.
	ShareText  string
	ShareShort string
}

// numberTargets numbers a resolution's targets the way its report does: main targets 1, 2, 3 in
// order, each sub-target under its main one (1.1, 1.2). A sub-target whose main target is missing
// from the list (it cannot be, but a number must still be printed) is numbered as a main one.
func numberTargets(list []store.TargetRecord) []targetView {
	out := make([]targetView, len(list))
	byID := map[int64]int{}
	for i, t := range list {
		byID[t.ID] = i
	}
	mains, subs := 0, map[int64]int{}
	for i, t := range list {
		v := targetView{TargetRecord: t, Phrase: t.Phrase()}
		if t.ParentID != nil {
			if p, ok := byID[*t.ParentID]; ok && out[p].Number != "" {
				subs[*t.ParentID]++
				v.Sub, v.ParentSubject = true, list[p].Subject
				v.Number = out[p].Number + "." + strconv.Itoa(subs[*t.ParentID])
			}
		}
		if v.Number == "" {
			mains++
			v.Number = strconv.Itoa(mains)
		}
		v.ShareText = shareText(t.Target, v.ParentSubject)
		if v.Sub {
			parent := out[byID[*t.ParentID]].Number
			switch t.ShareOf {
			case targets.ShareOfParentNumerator:
				v.ShareShort = "trong số đạt chỉ tiêu " + parent
			case targets.ShareOfParentBase:
				v.ShareShort = "trên tổng số của chỉ tiêu " + parent
			}
		}
		if v.ShareShort == "" && t.ShareOf == targets.ShareOfText {
			v.ShareShort = "trên " + t.Base
		}
		out[i] = v
	}
	return out
}

// shareText explains the whole of a percentage target when the resolution's words leave it open.
func shareText(t targets.Target, parentSubject string) string {
	switch t.ShareOf {
	case targets.ShareOfParentNumerator:
		return "Tỷ lệ tính trên số " + parentSubject + " (“trong đó”)."
	case targets.ShareOfParentBase:
		return "Tỷ lệ tính trên cùng tổng số với chỉ tiêu “" + parentSubject + "”."
	case targets.ShareOfText:
		return "Tỷ lệ tính trên " + t.Base + "."
	}
	return ""
}

// sentenceGroup is the targets that come from one sentence of the resolution, in order.
type sentenceGroup struct {
	Sentence string
	Targets  []targetView
}

// groupBySentence groups consecutive targets with the same sentence, as the resolution reads.
func groupBySentence(list []targetView) []sentenceGroup {
	var out []sentenceGroup
	for _, t := range list {
		if n := len(out); n > 0 && out[n-1].Sentence == t.Sentence {
			out[n-1].Targets = append(out[n-1].Targets, t)
			continue
		}
		out = append(out, sentenceGroup{Sentence: t.Sentence, Targets: []targetView{t}})
	}
	return out
}

// verdictLabel is a verdict in words; a met target that beats its figure is "Vượt" (exceeded),
// which the headline counts with "đạt".
func verdictLabel(v targets.Verdict, exceeded bool) string {
	if v == targets.Met && exceeded {
		return "Vượt"
	}
	return v.Label()
}

// reviewVerdictLabel is the verdict of one year's figures on their own. A term total is judged on
// the sum of the years, so a year that does not settle it yet is "pending" with figures: it
// counts toward the term, which is not the same as having no figures.
func reviewVerdictLabel(t targets.Target, v targets.Verdict) string {
	if v == targets.Pending && t.Period == targets.TermTotal {
		return "Tính vào tổng cả nhiệm kỳ"
	}
	return v.Label()
}

// verdictClass is the CSS class of a verdict's badge and chart point.
func verdictClass(v targets.Verdict, exceeded bool) string {
	switch {
	case v == targets.Met && exceeded:
		return "verdict-exceeded"
	case v == targets.Met:
		return "verdict-met"
	case v == targets.NotMet:
		return "verdict-not-met"
	case v == targets.AtRisk:
		return "verdict-at-risk"
	case v == targets.OnTrack:
		return "verdict-on-track"
	}
	return "verdict-pending"
}

// reviewDetail says how a review's figure was counted: "58/60" for a share or for a count taken
// in a population (1 cell of 4), nothing for a plain amount.
func reviewDetail(u targets.Unit, r targets.Review) string {
	if u.IsShare() || r.Denominator > 0 {
		return vn.FormatInt(r.Numerator) + "/" + vn.FormatInt(r.Denominator)
	}
	return ""
}

// yearView is one year of a target in the term review.
type yearView struct {
	Year     int
	Reviewed bool
	// Value is the year's figure ("96,67%"), Detail how it was counted ("58/60").
	Value, Detail string
	// Running is the cumulative sum (term total) or the mean so far (average per year), when the
	// period judges that rather than the year's own figure.
	Running      string
	Verdict      targets.Verdict
	VerdictLabel string
	VerdictClass string
	Review       *store.ReviewRecord
}

// termTargetView is one target's term review as the page, the API and the Excel show it.
type termTargetView struct {
	targetView
	Years        []yearView
	HasValue     bool
	Value        string // the figure the verdict is reached on
	Verdict      targets.Verdict
	Exceeded     bool
	Final        bool
	VerdictLabel string
	VerdictClass string
	// ValueNote says what Value is: "năm 2024", "bình quân 2020–2024", "cộng dồn 2020–2024".
	ValueNote string
	// RunningLabel heads the column of the figure a term total ("Cộng dồn") or an average
	// ("Bình quân") is judged on; "" for the other periods.
	RunningLabel string
	Chart        trendChart
}

// termView is the term review of a resolution, laid out for display.
type termView struct {
	Report  *store.TermReport
	Targets []termTargetView
	// Groups are the targets by sentence, for the page.
	Groups   []termGroup
	Headline string
}

// termGroup is the targets of one sentence in the term review.
type termGroup struct {
	Sentence string
	Targets  []termTargetView
}

// buildTermView lays out a term report: numbers, labels and figures in Vietnamese, one chart per
// target. The page, the API and the Excel all read the report through it.
func buildTermView(rep *store.TermReport) termView {
	records := make([]store.TargetRecord, len(rep.Targets))
	for i, t := range rep.Targets {
		records[i] = t.Record
	}
	views := numberTargets(records)
	out := termView{Report: rep, Headline: rep.Summary.Headline}
	for i, tt := range rep.Targets {
		u := tt.Target.Unit
		tv := termTargetView{targetView: views[i], HasValue: tt.HasValue, Verdict: tt.Verdict, Exceeded: tt.Exceeded,
			Final: tt.Final, VerdictLabel: verdictLabel(tt.Verdict, tt.Exceeded), VerdictClass: verdictClass(tt.Verdict, tt.Exceeded)}
		if tt.HasValue {
			tv.Value = targets.FormatValue(tt.Value, u)
		}
		var reviewed []int
		for _, row := range tt.Rows {
			y := yearView{Year: row.Year, Reviewed: row.Reviewed, Verdict: row.Verdict,
				VerdictLabel: verdictLabel(row.Verdict, row.Exceeded), VerdictClass: verdictClass(row.Verdict, row.Exceeded)}
			if row.Reviewed {
				reviewed = append(reviewed, row.Year)
				y.Value, y.Detail = targets.FormatValue(row.Value, u), reviewDetail(u, row.Review)
				if p := tt.Target.Period; p == targets.TermTotal || p == targets.AveragePerYear {
					y.Running = targets.FormatValue(row.Running, u)
				}
				y.Review = tt.ReviewOf(row.Year)
			} else {
				y.VerdictLabel = "Chưa có số liệu"
			}
			tv.Years = append(tv.Years, y)
		}
		tv.ValueNote = valueNote(tt.Target, reviewed)
		switch tt.Target.Period {
		case targets.TermTotal:
			tv.RunningLabel = "Cộng dồn"
		case targets.AveragePerYear:
			tv.RunningLabel = "Bình quân"
		}
		tv.Chart = newTrendChart(tt)
		out.Targets = append(out.Targets, tv)
	}
	for _, t := range out.Targets {
		if n := len(out.Groups); n > 0 && out.Groups[n-1].Sentence == t.Sentence {
			out.Groups[n-1].Targets = append(out.Groups[n-1].Targets, t)
			continue
		}
		out.Groups = append(out.Groups, termGroup{Sentence: t.Sentence, Targets: []termTargetView{t}})
	}
	return out
}

// valueNote says which figure the overall verdict was reached on.
func valueNote(t targets.Target, years []int) string {
	if len(years) == 0 {
		return ""
	}
	span := strconv.Itoa(years[0])
	if len(years) > 1 {
		span += "–" + strconv.Itoa(years[len(years)-1])
	}
	switch t.Period {
	case targets.AveragePerYear:
		return "bình quân " + span
	case targets.TermTotal:
		return "cộng dồn " + span
	case targets.ByYearEnd:
		for i := len(years) - 1; i >= 0; i-- {
			if years[i] <= t.ByYear {
				return "năm " + strconv.Itoa(years[i])
			}
		}
	}
	return "năm " + strconv.Itoa(years[len(years)-1])
}

// committeeName is the body that issues the congress's reports during the term: the committee the
// congress elected ("Đảng ủy" of a "Đảng bộ"), or the cell itself, which has no committee of its own
// in the documents' heading (Hướng dẫn 36-HD/VPTW writes "CHI BỘ …").
func committeeName(orgName string) string {
	name := strings.TrimSpace(orgName)
	for _, p := range []string{"Đảng bộ", "ĐẢNG BỘ", "đảng bộ"} {
		if rest, ok := strings.CutPrefix(name, p); ok {
			return "Đảng ủy" + rest
		}
	}
	return name
}

// stampZone is the zone times are shown in: Vietnam keeps UTC+7 all year.
var stampZone = time.FixedZone("ICT", 7*60*60)

// stampText shows a stored UTC timestamp (RFC 3339) as Vietnamese read it: "28/05/2020 09:30".
// Anything else is returned unchanged, so a page never blanks a value.
func stampText(stamp string) string {
	if stamp == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return stamp
	}
	return t.In(stampZone).Format("02/01/2006 15:04")
}
