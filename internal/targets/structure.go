package targets

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// The structure of the new committees (cơ cấu cấp ủy) that the higher committee tracks for every
// congress below it (DOMAIN.md "After the congress"): size, women, the three age bands, ethnic
// minorities, re-elected and new members, average age, degrees and political-theory levels, set
// against the guidance targets of the term (for 2020–2025, Chỉ thị 35-CT/TW). The targets are data,
// kept per term and edited by the administrator; a share is judged by Evaluate, the same rule as a
// resolution's percentage target.

// Metric is a share of a committee's members that a guidance target can be set on. The codes are
// stable: the database and the API store them.
type Metric string

// Metrics of the structure. The age bands are taken at the congress's date, the day the committee
// is elected; "young" is the narrower band of young cadres (cán bộ trẻ), under 35.
const (
	MetricWomen        Metric = "women"
	MetricUnder40      Metric = "under_40"
	MetricAge40To50    Metric = "age_40_50"
	MetricOver50       Metric = "over_50"
	MetricYoung        Metric = "young"
	MetricMinority     Metric = "minority"
	MetricReelected    Metric = "reelected"
	MetricNew          Metric = "new"
	MetricPostgraduate Metric = "postgraduate"
	MetricTheoryHigh   Metric = "theory_high"
)

// Metrics lists the metrics in report order with their Vietnamese names.
var Metrics = []congress.Option{
	{Code: string(MetricWomen), Label: "Nữ"},
	{Code: string(MetricUnder40), Label: "Dưới 40 tuổi"},
	{Code: string(MetricAge40To50), Label: "Từ 40 đến 50 tuổi"},
	{Code: string(MetricOver50), Label: "Trên 50 tuổi"},
	{Code: string(MetricYoung), Label: "Cán bộ trẻ (dưới 35 tuổi)"},
	{Code: string(MetricMinority), Label: "Dân tộc thiểu số"},
	{Code: string(MetricReelected), Label: "Tái cử"},
	{Code: string(MetricNew), Label: "Tham gia lần đầu"},
	{Code: string(MetricPostgraduate), Label: "Trình độ trên đại học"},
	{Code: string(MetricTheoryHigh), Label: "Cao cấp, cử nhân lý luận chính trị"},
}

// Valid reports whether m is one of the metric codes.
func (m Metric) Valid() bool { return validCode(Metrics, string(m)) }

// Label is the Vietnamese name of m.
func (m Metric) Label() string { return congress.Label(Metrics, string(m)) }

// Age bounds of the bands, in whole years at the congress's date.
const (
	youngBelow = 35
	bandLow    = 40 // under 40 | 40 to 50 | over 50
	bandHigh   = 50
)

// Degree levels of the professional degree (trình độ chuyên môn), highest first.
const (
	DegreeDoctor = iota
	DegreeMaster
	DegreeUniversity
	DegreeCollege
	DegreeIntermediate
	DegreeOther // none, lower, or not recorded
	degreeLevels
)

// DegreeLabels names the degree levels, in the order of the constants.
var DegreeLabels = [degreeLevels]string{"Tiến sĩ", "Thạc sĩ", "Đại học", "Cao đẳng", "Trung cấp", "Khác, chưa ghi"}

// Political-theory levels (lý luận chính trị), highest first.
const (
	TheoryHigh         = iota // cao cấp, cử nhân
	TheoryIntermediate        // trung cấp
	TheoryBasic               // sơ cấp
	TheoryNone                // none or not recorded
	theoryLevels
)

// TheoryLabels names the theory levels, in the order of the constants.
var TheoryLabels = [theoryLevels]string{"Cao cấp, cử nhân", "Trung cấp", "Sơ cấp", "Chưa có, chưa ghi"}

// DegreeLevel classifies a degree as written in a CV ("Thạc sĩ Quản lý khoa học", "Kỹ sư Điện",
// "Cử nhân Luật") by its leading title, ignoring case and accents.
func DegreeLevel(degree string) int {
	d := vn.Fold(degree)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(d, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("tien si", "tsk", "pho giao su", "giao su"):
		return DegreeDoctor
	case has("thac si", "chuyen khoa ii", "chuyen khoa 2", "bac si noi tru"):
		return DegreeMaster
	case has("cu nhan", "ky su", "bac si", "duoc si", "kien truc su", "dai hoc"):
		return DegreeUniversity
	case has("cao dang"):
		return DegreeCollege
	case has("trung cap"):
		return DegreeIntermediate
	}
	return DegreeOther
}

// TheoryLevel classifies a political-theory level ("Cao cấp", "Cử nhân chính trị", "Trung cấp").
func TheoryLevel(level string) int {
	l := vn.Fold(level)
	switch {
	case strings.Contains(l, "cao cap"), strings.Contains(l, "cu nhan"):
		return TheoryHigh
	case strings.Contains(l, "trung cap"):
		return TheoryIntermediate
	case strings.Contains(l, "so cap"):
		return TheoryBasic
	}
	return TheoryNone
}

// Composition counts the members of one or more committees.
type Composition struct {
	Size  int `json:"size"`
	Women int `json:"women"`
	// The age bands at the congress's date; AgeUnknown have no birth date on record.
	Under40    int `json:"under_40"`
	Age40To50  int `json:"age_40_50"`
	Over50     int `json:"over_50"`
	AgeUnknown int `json:"age_unknown"`
	Young      int `json:"young"`
	Minority   int `json:"minority"`
	Reelected  int `json:"reelected"`
	New        int `json:"new"`
	// AgeSum is the sum of the known ages, for the average.
	AgeSum  int               `json:"age_sum"`
	Degrees [degreeLevels]int `json:"degrees"`
	Theory  [theoryLevels]int `json:"theory"`
}

// majority is the ethnic group that is not a minority.
const majority = "kinh"

// Add counts one member, whose age is taken on onDate (ISO, the congress's date). The re-elected
// are the members who sat on the outgoing committee (Person.Incumbent). An ethnicity left blank is
// not counted as a minority.
func (c *Composition) Add(p congress.Person, onDate string) {
	c.Size++
	if p.Gender == "female" {
		c.Women++
	}
	switch age := p.AgeAt(onDate); {
	case age < 0:
		c.AgeUnknown++
	default:
		c.AgeSum += age
		switch {
		case age < bandLow:
			c.Under40++
		case age <= bandHigh:
			c.Age40To50++
		default:
			c.Over50++
		}
		if age < youngBelow {
			c.Young++
		}
	}
	if e := vn.Fold(p.Ethnicity); e != "" && e != majority {
		c.Minority++
	}
	if p.Incumbent {
		c.Reelected++
	} else {
		c.New++
	}
	c.Degrees[DegreeLevel(p.Degree)]++
	c.Theory[TheoryLevel(p.TheoryLevel)]++
}

// Merge adds the counts of o.
func (c *Composition) Merge(o Composition) {
	c.Size += o.Size
	c.Women += o.Women
	c.Under40 += o.Under40
	c.Age40To50 += o.Age40To50
	c.Over50 += o.Over50
	c.AgeUnknown += o.AgeUnknown
	c.Young += o.Young
	c.Minority += o.Minority
	c.Reelected += o.Reelected
	c.New += o.New
	c.AgeSum += o.AgeSum
	for i := range c.Degrees {
		c.Degrees[i] += o.Degrees[i]
	}
	for i := range c.Theory {
		c.Theory[i] += o.Theory[i]
	}
}

// Count is how many members fall under metric m.
func (c Composition) Count(m Metric) int {
	switch m {
	case MetricWomen:
		return c.Women
	case MetricUnder40:
		return c.Under40
	case MetricAge40To50:
		return c.Age40To50
	case MetricOver50:
		return c.Over50
	case MetricYoung:
		return c.Young
	case MetricMinority:
		return c.Minority
	case MetricReelected:
		return c.Reelected
	case MetricNew:
		return c.New
	case MetricPostgraduate:
		return c.Degrees[DegreeDoctor] + c.Degrees[DegreeMaster]
	case MetricTheoryHigh:
		return c.Theory[TheoryHigh]
	}
	return 0
}

// AverageAgeTenths is the average of the known ages in tenths of a year, rounded half-up (476 for
// 47,6 years), and -1 when no age is known.
func (c Composition) AverageAgeTenths() int64 {
	known := int64(c.Size - c.AgeUnknown)
	if known <= 0 {
		return -1
	}
	return (int64(c.AgeSum)*20 + known) / (2 * known)
}

// PercentHundredths is n of whole as a percentage in hundredths, rounded half-up (1429 for 1 of
// 7), the rounding of the counting minutes; 0 when whole is 0.
func PercentHundredths(n, whole int) int64 {
	if whole <= 0 {
		return 0
	}
	return (int64(n)*20000 + int64(whole)) / (2 * int64(whole))
}

// GuidanceTarget is the term's guidance target on one metric of the new committees' structure,
// e.g. women "từ 15% trở lên" for 2020–2025. Value and ValueHigh are percentages.
type GuidanceTarget struct {
	ID         int64      `json:"id" db:"id"`
	TermStart  int        `json:"term_start" db:"term_start"`
	TermEnd    int        `json:"term_end" db:"term_end"`
	Metric     Metric     `json:"metric" db:"metric"`
	Comparator Comparator `json:"comparator" db:"comparator"`
	Value      float64    `json:"value" db:"value"`
	ValueHigh  float64    `json:"value_high" db:"value_high"`
	// Source names the guidance the figure comes from, e.g. "Chỉ thị 35-CT/TW".
	Source  string `json:"source" db:"source"`
	Version int64  `json:"version" db:"version"`
}

// target is the guidance target as a yearly percentage target, so that Evaluate judges a
// committee's share exactly as it judges a resolution's.
func (g GuidanceTarget) target() Target {
	return Target{Subject: g.Metric.Label(), Sentence: g.Metric.Label(), Comparator: g.Comparator, Value: g.Value,
		ValueHigh: g.ValueHigh, Unit: Percent, Period: Yearly, Category: PartyBuilding}
}

// Validate checks the target: a known metric, and a comparator and figures a percentage target
// accepts (Target.Validate's messages, keyed "comparator", "value", "value_high").
func (g *GuidanceTarget) Validate() error {
	f := congress.FieldErrors{}
	g.Source = congress.CleanText(g.Source)
	if !g.Metric.Valid() {
		f.Add("metric", fmt.Sprintf("Tiêu chí cơ cấu %q không hợp lệ.", g.Metric))
	}
	if g.Comparator == None {
		f.Add("comparator", "Chỉ tiêu cơ cấu là một tỷ lệ; không dùng “không có”.")
	}
	t := g.target()
	for k, v := range congress.ErrorFields(t.Validate()) {
		if k == "comparator" || k == "value" || k == "value_high" {
			f.Add(k, v)
		}
	}
	if utf8.RuneCountInString(g.Source) > 200 {
		f.Add("source", "Căn cứ tối đa 200 ký tự.")
	}
	return f.Err(congress.EINVALID, "")
}

// Requirement is the target in words: "từ 15% trở lên", "từ 40% đến 50%".
func (g GuidanceTarget) Requirement() string {
	// Phrase says the period too; a structure target has none.
	return strings.TrimSuffix(g.target().Phrase(), ", hằng năm")
}

// Judge holds count members of size against the target with Evaluate: Met or NotMet, or Pending
// for a committee with no member recorded.
func (g GuidanceTarget) Judge(count, size int) Verdict {
	if size <= 0 {
		return Pending
	}
	_, v := Evaluate(g.target(), Review{Year: 1, Numerator: int64(count), Denominator: int64(size)})
	return v
}

// StructureCheck is one metric of a committee's structure with its share and, when the term has a
// target on it, the verdict.
type StructureCheck struct {
	Metric            Metric          `json:"metric"`
	Count             int             `json:"count"`
	PercentHundredths int64           `json:"percent_hundredths"`
	Target            *GuidanceTarget `json:"target"`  // nil: no target on this metric this term
	Verdict           Verdict         `json:"verdict"` // "" without a target
}

// Checks returns every metric of c in report order, each judged against its target in list
// (targets of other metrics are ignored).
func (c Composition) Checks(list []GuidanceTarget) []StructureCheck {
	byMetric := map[Metric]*GuidanceTarget{}
	for i := range list {
		byMetric[list[i].Metric] = &list[i]
	}
	out := make([]StructureCheck, 0, len(Metrics))
	for _, o := range Metrics {
		m := Metric(o.Code)
		n := c.Count(m)
		ch := StructureCheck{Metric: m, Count: n, PercentHundredths: PercentHundredths(n, c.Size)}
		if g := byMetric[m]; g != nil {
			ch.Target, ch.Verdict = g, g.Judge(n, c.Size)
		}
		out = append(out, ch)
	}
	return out
}

// StructureRow is the structure of one new committee, or of all of them together.
type StructureRow struct {
	CongressID     int64  `json:"congress_id,omitempty"`
	OrganizationID int64  `json:"organization_id,omitempty"`
	Organization   string `json:"organization"`
	Parent         string `json:"parent,omitempty"`
	HeldOn         string `json:"held_on,omitempty"`
	// Body is the committee counted: executive, cell_committee, or secretary for a small cell that
	// elects only its secretary and deputy.
	Body        string `json:"body,omitempty"`
	Composition `json:"composition"`
	Checks      []StructureCheck `json:"checks"`
	// Misses counts the targets not met; a row with misses is marked in every view.
	Misses int `json:"misses"`
}

// Judge fills the row's checks from its composition.
func (r *StructureRow) Judge(list []GuidanceTarget) {
	r.Checks = r.Composition.Checks(list)
	r.Misses = 0
	for _, ch := range r.Checks {
		if ch.Verdict == NotMet {
			r.Misses++
		}
	}
}

// Structure is the structure of the new committees of a term across an organization's subtree.
type Structure struct {
	TermStart int `json:"term_start"`
	TermEnd   int `json:"term_end"`
	// Scope is the organization whose subtree is counted.
	ScopeID int64            `json:"scope_id"`
	Scope   string           `json:"scope"`
	Targets []GuidanceTarget `json:"targets"`
	// Rows has one row per congress of the term with an elected committee, in report order;
	// Congresses counts every congress of the term in the scope, with a committee or not.
	Rows       []StructureRow `json:"rows"`
	Congresses int            `json:"congresses"`
	Total      StructureRow   `json:"total"`
	// Untargeted are the metrics the term has no target on.
	Untargeted []Metric `json:"untargeted"`
}
