package targets

import (
	"daihoi/internal/congress"
)

// Comparator says how an actual figure is held against the target figure. The codes are stable:
// the database and the API store them.
type Comparator string

// Comparators a resolution uses. "Không quá" (<=) and "dưới" (<) are here because resolutions state
// ceilings as often as floors: the poverty rate "giảm còn dưới 1%", "tỷ lệ đảng viên không hoàn thành
// nhiệm vụ không quá 2%", "không quá 3 vụ việc". Writing them as ">=" of the complement would change
// the sentence the congress adopted, and the term review must quote it.
const (
	AtLeast  Comparator = ">="    // "từ … trở lên", "ít nhất"
	MoreThan Comparator = ">"     // "trên", "hơn"
	Equal    Comparator = "="     // exactly the figure
	Between  Comparator = "range" // "từ a đến b", both ends included
	AtMost   Comparator = "<="    // "không quá", "tối đa"
	LessThan Comparator = "<"     // "dưới"
	None     Comparator = "none"  // "không có": the figure must be 0 (no member disciplined)
)

// Comparators lists the comparators in form order with their Vietnamese names.
var Comparators = []congress.Option{
	{Code: string(AtLeast), Label: "Từ … trở lên"},
	{Code: string(MoreThan), Label: "Trên"},
	{Code: string(Equal), Label: "Bằng"},
	{Code: string(Between), Label: "Từ … đến …"},
	{Code: string(AtMost), Label: "Không quá"},
	{Code: string(LessThan), Label: "Dưới"},
	{Code: string(None), Label: "Không có"},
}

// Valid reports whether c is one of the stable comparator codes.
func (c Comparator) Valid() bool { return validCode(Comparators, string(c)) }

// Label is the Vietnamese name of c.
func (c Comparator) Label() string { return congress.Label(Comparators, string(c)) }

// hasUpper reports whether the comparator puts a ceiling over the figure. A term total only grows,
// so it is settled for good once it breaks a ceiling, or once it reaches a target that has none.
func (c Comparator) hasUpper() bool {
	return c == Equal || c == Between || c == AtMost || c == LessThan || c == None
}

// Unit is what the target figure counts.
type Unit string

// Units. Percent and permille are shares of a whole (members rated good of all members rated), so a
// review's numerator can never exceed its denominator; the others are plain amounts.
const (
	Percent  Unit = "percent"  // % of a whole
	Permille Unit = "permille" // ‰ of a whole (birth rate, poverty rate in some provinces)
	People   Unit = "people"   // a head count: members admitted, officials trained
	Money    Unit = "money"    // whole đồng; VND has no minor unit
	Count    Unit = "count"    // anything else counted: cells, projects, tasks, partners
)

// Units lists the units in form order with their Vietnamese names.
var Units = []congress.Option{
	{Code: string(Percent), Label: "%"},
	{Code: string(People), Label: "Người"},
	{Code: string(Permille), Label: "‰"},
	{Code: string(Money), Label: "Đồng"},
	{Code: string(Count), Label: "Số lượng"},
}

// Valid reports whether u is one of the stable unit codes.
func (u Unit) Valid() bool { return validCode(Units, string(u)) }

// Label is the Vietnamese name of u.
func (u Unit) Label() string { return congress.Label(Units, string(u)) }

// IsShare reports whether figures in u are a share of a whole: a review then needs a denominator and
// its numerator cannot exceed it.
func (u Unit) IsShare() bool { return u == Percent || u == Permille }

// Period says which figures of the term the target is judged on.
type Period string

// Periods. A resolution's "hằng năm" targets must hold every year; "bình quân" ones on the average of
// the years; "trong nhiệm kỳ" ones on the sum of the years; "đến năm N" ones on the figure of year N.
const (
	Yearly         Period = "yearly"           // every reviewed year on its own
	AveragePerYear Period = "average_per_year" // the mean of the reviewed years' figures
	TermTotal      Period = "term_total"       // the sum of the reviewed years' figures
	ByYearEnd      Period = "by_year_end"      // the figure of year Target.ByYear
)

// Periods lists the periods in form order with their Vietnamese names.
var Periods = []congress.Option{
	{Code: string(Yearly), Label: "Hằng năm"},
	{Code: string(AveragePerYear), Label: "Bình quân hằng năm"},
	{Code: string(TermTotal), Label: "Cả nhiệm kỳ"},
	{Code: string(ByYearEnd), Label: "Đến cuối năm"},
}

// Valid reports whether p is one of the stable period codes.
func (p Period) Valid() bool { return validCode(Periods, string(p)) }

// Label is the Vietnamese name of p.
func (p Period) Label() string { return congress.Label(Periods, string(p)) }

// Category is the field of work a target belongs to; resolutions group their targets this way.
type Category string

// Categories.
const (
	Economy         Category = "economy"
	CultureSociety  Category = "culture_society"
	DefenceSecurity Category = "defence_security"
	PartyBuilding   Category = "party_building"
)

// Categories lists the categories in the order resolutions present them, with their Vietnamese names.
var Categories = []congress.Option{
	{Code: string(Economy), Label: "Kinh tế"},
	{Code: string(CultureSociety), Label: "Văn hóa – xã hội"},
	{Code: string(DefenceSecurity), Label: "Quốc phòng – an ninh"},
	{Code: string(PartyBuilding), Label: "Xây dựng Đảng và hệ thống chính trị"},
}

// Valid reports whether c is one of the stable category codes.
func (c Category) Valid() bool { return validCode(Categories, string(c)) }

// Label is the Vietnamese name of c.
func (c Category) Label() string { return congress.Label(Categories, string(c)) }

// ShareOf says what whole a percentage target is a share of. It is recorded explicitly because the
// resolution's wording is ambiguous and the figure changes with it: "95% đảng viên hoàn thành tốt
// nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc" reads as 10% of those completing well; "ít nhất
// 10% cán bộ đạt chiến sĩ thi đua" as 10% of all officials.
type ShareOf string

// ShareOf values. The empty value means the whole is the subject itself (a top-level target's
// "95% đảng viên" is a share of all members rated).
const (
	ShareOfSubject         ShareOf = ""                 // the subject's own whole
	ShareOfParentNumerator ShareOf = "parent_numerator" // "trong đó": of those the parent target counts
	ShareOfParentBase      ShareOf = "parent_base"      // of the same whole as the parent target
	ShareOfText            ShareOf = "text"             // of a whole described in Target.Base
)

// ShareOfs lists the choices with their Vietnamese names.
var ShareOfs = []congress.Option{
	{Code: string(ShareOfSubject), Label: "Tổng số đối tượng của chỉ tiêu"},
	{Code: string(ShareOfParentNumerator), Label: "Trong số đạt chỉ tiêu cha (“trong đó”)"},
	{Code: string(ShareOfParentBase), Label: "Cùng tổng số với chỉ tiêu cha"},
	{Code: string(ShareOfText), Label: "Tổng số ghi rõ"},
}

// Valid reports whether s is one of the stable share-of codes.
func (s ShareOf) Valid() bool { return validCode(ShareOfs, string(s)) }

// Label is the Vietnamese name of s.
func (s ShareOf) Label() string { return congress.Label(ShareOfs, string(s)) }

// Verdict is the judgement of a target, for one year or for the term.
type Verdict string

// Verdicts. Met includes "vượt" (exceeded), which results flag separately, so that the codes stay the
// four of DOMAIN.md plus Pending for a target with nothing to judge yet.
const (
	Met     Verdict = "met"      // đạt (or vượt)
	NotMet  Verdict = "not_met"  // không đạt; final, or already certain
	OnTrack Verdict = "on_track" // in progress, and the current pace reaches the target
	AtRisk  Verdict = "at_risk"  // in progress, and the current pace misses it
	Pending Verdict = "pending"  // no figures yet, or none that can decide
)

// Verdicts lists the verdicts with their Vietnamese names.
var Verdicts = []congress.Option{
	{Code: string(Met), Label: "Đạt"},
	{Code: string(NotMet), Label: "Không đạt"},
	{Code: string(OnTrack), Label: "Đúng tiến độ"},
	{Code: string(AtRisk), Label: "Có nguy cơ không đạt"},
	{Code: string(Pending), Label: "Chưa có số liệu"},
}

// Valid reports whether v is one of the verdict codes.
func (v Verdict) Valid() bool { return validCode(Verdicts, string(v)) }

// Label is the Vietnamese name of v.
func (v Verdict) Label() string { return congress.Label(Verdicts, string(v)) }

// Rating is one of the four levels of the yearly quality rating of members and party organizations
// (QĐ 124-QĐ/TW 2023; QĐ 366-QĐ/TW 2025 keeps the four).
type Rating string

// Ratings, best first.
const (
	Excellent    Rating = "excellent"     // hoàn thành xuất sắc nhiệm vụ
	Good         Rating = "good"          // hoàn thành tốt nhiệm vụ
	Completed    Rating = "completed"     // hoàn thành nhiệm vụ
	NotCompleted Rating = "not_completed" // không hoàn thành nhiệm vụ
)

// Ratings lists the rating levels best first with their Vietnamese names.
var Ratings = []congress.Option{
	{Code: string(Excellent), Label: "Hoàn thành xuất sắc nhiệm vụ"},
	{Code: string(Good), Label: "Hoàn thành tốt nhiệm vụ"},
	{Code: string(Completed), Label: "Hoàn thành nhiệm vụ"},
	{Code: string(NotCompleted), Label: "Không hoàn thành nhiệm vụ"},
}

// Valid reports whether r is one of the four rating codes.
func (r Rating) Valid() bool { return validCode(Ratings, string(r)) }

// Label is the Vietnamese name of r.
func (r Rating) Label() string { return congress.Label(Ratings, string(r)) }

func validCode(opts []congress.Option, code string) bool {
	for _, o := range opts {
		if o.Code == code {
			return true
		}
	}
	return false
}
