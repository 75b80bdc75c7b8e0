// Package targets holds the targets (chỉ tiêu) of a congress resolution, their yearly reviews and the
// rules that judge them: comparators, periods, verdicts, the four rating levels and the term headline
// "x/y chỉ tiêu đạt và vượt" (DOMAIN.md "Targets and yearly review").
//
// It is pure: no database, no HTTP. Every figure is compared as an exact rational; floats are only
// handed back, rounded, for display.
package targets

import (
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"daihoi/internal/congress"
)

// Target is one measurable goal of a resolution. Several targets can come from one sentence ("95%
// đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc" gives two), so the
// sentence is kept on each and the second points at the first through ParentID.
type Target struct {
	ID         int64 `json:"id"`
	CongressID int64 `json:"congress_id"`
	// Subject is who or what is counted: "chi bộ hoàn thành tốt nhiệm vụ trở lên", "đảng viên".
	Subject    string     `json:"subject"`
	Comparator Comparator `json:"comparator"`
	// Value is the target figure in Unit (95 for 95%); the lower end of a range; 0 for None.
	Value float64 `json:"value"`
	// ValueHigh is the upper end of a range, and 0 for every other comparator.
	ValueHigh float64  `json:"value_high"`
	Unit      Unit     `json:"unit"`
	Period    Period   `json:"period"`
	ByYear    int      `json:"by_year"` // the year N of ByYearEnd, 0 otherwise
	Category  Category `json:"category"`
	// Sentence is the resolution's sentence the target comes from, quoted as adopted.
	Sentence string `json:"sentence"`
	// ParentID points a sub-target ("trong đó …", "ít nhất 1 chi bộ …") at its main target.
	ParentID *int64  `json:"parent_id"`
	ShareOf  ShareOf `json:"share_of"`
	// Base describes the whole of a percentage target when ShareOf is ShareOfText.
	Base     string `json:"base"`
	Position int    `json:"position"` // order within the resolution
}

// Field lengths. A resolution sentence can be long; a subject is a noun phrase.
const (
	maxSubject  = 300
	maxSentence = 2000
	maxBase     = 300
)

// Validate checks the target's own fields and returns an EINVALID *congress.Error whose Fields are
// keyed by the JSON names ("value", "value_high", "comparator", …). It tidies the text fields first.
// Checks that need other records are ValidateParent and ValidateTerm.
func (t *Target) Validate() error {
	f := congress.FieldErrors{}
	t.Subject = congress.CleanText(t.Subject)
	t.Sentence = congress.CleanMultiline(t.Sentence)
	t.Base = congress.CleanText(t.Base)

	switch n := utf8.RuneCountInString(t.Subject); {
	case n == 0:
		f.Add("subject", "Nhập đối tượng của chỉ tiêu (ví dụ: đảng viên hoàn thành tốt nhiệm vụ trở lên).")
	case n > maxSubject:
		f.Add("subject", fmt.Sprintf("Đối tượng dài %d ký tự, tối đa %d.", n, maxSubject))
	}
	switch n := utf8.RuneCountInString(t.Sentence); {
	case n == 0:
		f.Add("sentence", "Nhập câu trong nghị quyết mà chỉ tiêu được lấy ra.")
	case n > maxSentence:
		f.Add("sentence", fmt.Sprintf("Câu nghị quyết dài %d ký tự, tối đa %d.", n, maxSentence))
	}
	if !t.Comparator.Valid() {
		f.Add("comparator", fmt.Sprintf("Cách so sánh %q không hợp lệ.", t.Comparator))
	}
	if !t.Unit.Valid() {
		f.Add("unit", fmt.Sprintf("Đơn vị tính %q không hợp lệ.", t.Unit))
	}
	if !t.Period.Valid() {
		f.Add("period", fmt.Sprintf("Kỳ đánh giá %q không hợp lệ.", t.Period))
	}
	if !t.Category.Valid() {
		f.Add("category", fmt.Sprintf("Lĩnh vực %q không hợp lệ.", t.Category))
	}
	if t.Position < 0 {
		f.Add("position", fmt.Sprintf("Thứ tự (%d) không được âm.", t.Position))
	}
	if t.Comparator.Valid() && t.Unit.Valid() {
		t.validateValues(f)
	}
	t.validatePeriod(f)
	t.validateShare(f)
	return f.Err(congress.EINVALID, "")
}

// validateValues checks Value and ValueHigh against the comparator and the unit.
func (t *Target) validateValues(f congress.FieldErrors) {
	lo := t.checkFigure(f, "value", t.Value, "Giá trị chỉ tiêu")
	if t.Comparator != Between {
		if t.ValueHigh != 0 {
			f.Add("value_high", "Chỉ nhập giá trị cận trên khi chỉ tiêu là khoảng “từ … đến …”.")
		}
	}
	switch t.Comparator {
	case None:
		// "Không có" means the figure must be zero; any other value would be a different sentence.
		if t.Value != 0 {
			f.Add("value", fmt.Sprintf("Chỉ tiêu “không có” phải có giá trị 0 (đang là %s).", formatNumber(t.Value)))
		}
	case Between:
		hi := t.checkFigure(f, "value_high", t.ValueHigh, "Giá trị cận trên")
		if lo != nil && hi != nil && hi.Cmp(lo) <= 0 {
			f.Add("value_high", fmt.Sprintf("Giá trị cận trên (%s) phải lớn hơn giá trị cận dưới (%s).",
				formatNumber(t.ValueHigh), formatNumber(t.Value)))
		}
	case MoreThan:
		// "Trên 100%" can never be met: a share cannot pass the whole.
		if c := t.Unit.ceiling(); lo != nil && c != nil && lo.Cmp(c) >= 0 {
			f.Add("value", fmt.Sprintf("Không thể đạt “trên %s”: tỷ lệ không vượt quá %s.",
				FormatValue(t.Value, t.Unit), FormatValue(float64(t.Unit.scale()), t.Unit)))
		}
	case LessThan:
		// "Dưới 0" can never be met either; "không có" is the way to say zero.
		if lo != nil && lo.Sign() == 0 {
			f.Add("value", "Không thể đạt “dưới 0”; chọn “không có” nếu chỉ tiêu là bằng 0.")
		}
	}
}

// checkFigure checks one target figure: finite, not negative, within a share's whole, and with no
// more decimals than the unit allows. It returns the exact figure, or nil after adding a message.
func (t *Target) checkFigure(f congress.FieldErrors, field string, v float64, what string) *big.Rat {
	r := decimal(v)
	switch {
	case r == nil:
		f.Add(field, what+" không phải là số.")
		return nil
	case r.Sign() < 0:
		f.Add(field, fmt.Sprintf("%s không được âm (%s).", what, formatNumber(v)))
		return nil
	}
	if c := t.Unit.ceiling(); c != nil {
		if r.Cmp(c) > 0 {
			f.Add(field, fmt.Sprintf("%s (%s) không được vượt quá %s.", what,
				formatNumber(v), FormatValue(float64(t.Unit.scale()), t.Unit)))
			return nil
		}
		// Two decimals is what documents print; a third could never be told apart in a report.
		if !new(big.Rat).Mul(r, ratInt(100)).IsInt() {
			f.Add(field, fmt.Sprintf("%s (%s) chỉ được có tối đa 2 chữ số thập phân.", what, formatNumber(v)))
			return nil
		}
		return r
	}
	if r.Cmp(ratInt(maxWhole)) > 0 {
		f.Add(field, fmt.Sprintf("%s (%s) quá lớn.", what, formatNumber(v)))
		return nil
	}
	if !r.IsInt() {
		f.Add(field, fmt.Sprintf("%s (%s) phải là số nguyên.", what, formatNumber(v)))
		return nil
	}
	return r
}

// validatePeriod checks ByYear against the period, and that a term total counts amounts.
func (t *Target) validatePeriod(f congress.FieldErrors) {
	if t.Period == ByYearEnd {
		if t.ByYear < 1930 || t.ByYear > 2200 {
			f.Add("by_year", "Nhập năm phải đạt chỉ tiêu (ví dụ: 2025).")
		}
	} else if t.ByYear != 0 {
		f.Add("by_year", "Chỉ nhập năm khi kỳ đánh giá là “đến cuối năm”.")
	}
	// Adding up yearly percentages gives nothing a resolution means; "cả nhiệm kỳ" counts things
	// (members admitted, projects carried out) and money.
	if t.Period == TermTotal && t.Unit.IsShare() {
		f.Add("period", "Chỉ tiêu cộng dồn cả nhiệm kỳ phải tính bằng số lượng, số người hoặc tiền, không tính bằng tỷ lệ.")
	}
}

// validateShare checks ParentID, ShareOf and Base together: a percentage sub-target must say which
// whole it is a share of, because the resolution's "trong đó" can be read two ways.
func (t *Target) validateShare(f congress.FieldErrors) {
	if t.ParentID != nil {
		if *t.ParentID <= 0 {
			f.Add("parent_id", "Chỉ tiêu cha không hợp lệ.")
		} else if t.ID != 0 && *t.ParentID == t.ID {
			f.Add("parent_id", "Chỉ tiêu không thể là chỉ tiêu cha của chính nó.")
		}
	}
	if !t.ShareOf.Valid() {
		f.Add("share_of", fmt.Sprintf("Cơ sở tính tỷ lệ %q không hợp lệ.", t.ShareOf))
		return
	}
	if !t.Unit.Valid() {
		return
	}
	switch {
	case !t.Unit.IsShare() && t.ShareOf != ShareOfSubject:
		f.Add("share_of", "Chỉ chọn cơ sở tính khi chỉ tiêu là tỷ lệ (% hoặc ‰).")
	case t.ParentID == nil && (t.ShareOf == ShareOfParentNumerator || t.ShareOf == ShareOfParentBase):
		f.Add("share_of", "Tỷ lệ tính theo chỉ tiêu cha cần chọn chỉ tiêu cha.")
	case t.ParentID != nil && t.Unit.IsShare() && t.ShareOf == ShareOfSubject:
		f.Add("share_of", "Chỉ tiêu con tính theo tỷ lệ phải ghi rõ là tỷ lệ của số nào: trong số đạt chỉ tiêu cha, cùng tổng số với chỉ tiêu cha, hoặc một tổng số ghi rõ.")
	}
	switch n := utf8.RuneCountInString(t.Base); {
	case t.ShareOf == ShareOfText && n == 0:
		f.Add("base", "Ghi rõ tỷ lệ này tính trên tổng số nào (ví dụ: tổng số đảng viên được đánh giá).")
	case t.ShareOf != ShareOfText && n > 0:
		f.Add("base", "Chỉ ghi tổng số khi chọn cơ sở tính “tổng số ghi rõ”.")
	case n > maxBase:
		f.Add("base", fmt.Sprintf("Tổng số dài %d ký tự, tối đa %d.", n, maxBase))
	}
}

// ValidateParent checks t against the parent its ParentID names: same congress, one level deep, and
// for a share of the parent, a parent that is itself a share judged over the same period, since the
// sub-target's whole is read from the parent's review of the same year.
func (t *Target) ValidateParent(parent Target) error {
	f := congress.FieldErrors{}
	switch {
	case t.ParentID == nil:
		return nil
	case *t.ParentID != parent.ID:
		f.Add("parent_id", "Chỉ tiêu cha không khớp.")
	case parent.CongressID != t.CongressID:
		f.Add("parent_id", "Chỉ tiêu cha thuộc nghị quyết của đại hội khác.")
	case parent.ParentID != nil:
		f.Add("parent_id", "Chỉ tiêu con không thể làm chỉ tiêu cha (chỉ một cấp “trong đó”).")
	case (t.ShareOf == ShareOfParentNumerator || t.ShareOf == ShareOfParentBase) && !parent.Unit.IsShare():
		f.Add("share_of", "Chỉ tiêu cha không tính bằng tỷ lệ nên không thể lấy làm cơ sở tính.")
	case (t.ShareOf == ShareOfParentNumerator || t.ShareOf == ShareOfParentBase) && parent.Period != t.Period:
		f.Add("period", fmt.Sprintf("Tỷ lệ tính theo chỉ tiêu cha phải cùng kỳ đánh giá với chỉ tiêu cha (%s).",
			strings.ToLower(parent.Period.Label())))
	}
	return f.Err(congress.EINVALID, "")
}

// ValidateTerm checks that the year of a ByYearEnd target falls within the congress's term.
func (t *Target) ValidateTerm(termStart, termEnd int) error {
	f := congress.FieldErrors{}
	if t.Period == ByYearEnd && (t.ByYear < termStart || t.ByYear > termEnd) {
		f.Add("by_year", fmt.Sprintf("Năm %d nằm ngoài nhiệm kỳ %d–%d.", t.ByYear, termStart, termEnd))
	}
	return f.Err(congress.EINVALID, "")
}

// Phrase is the requirement in words, as a review report prints it beside the subject:
// "từ 95% trở lên, hằng năm", "trên 50%, đến cuối năm 2025", "không có, cả nhiệm kỳ".
func (t Target) Phrase() string {
	v := FormatValue(t.Value, t.Unit)
	var req string
	switch t.Comparator {
	case AtLeast:
		req = "từ " + v + " trở lên"
	case MoreThan:
		req = "trên " + v
	case Equal:
		req = "bằng " + v
	case Between:
		req = "từ " + v + " đến " + FormatValue(t.ValueHigh, t.Unit)
	case AtMost:
		req = "không quá " + v
	case LessThan:
		req = "dưới " + v
	case None:
		req = "không có"
	default:
		req = string(t.Comparator) + " " + v
	}
	switch t.Period {
	case Yearly:
		return req + ", hằng năm"
	case AveragePerYear:
		return req + ", bình quân mỗi năm"
	case TermTotal:
		return req + ", cả nhiệm kỳ"
	case ByYearEnd:
		return fmt.Sprintf("%s, đến cuối năm %d", req, t.ByYear)
	}
	return req
}

// bounds returns the target figure(s) as exact rationals: lo is Value (0 for None), hi is ValueHigh
// for a range and lo for Equal and None, nil when there is no ceiling.
func (t Target) bounds() (lo, hi *big.Rat) {
	lo = decimal(t.Value)
	if lo == nil || t.Comparator == None {
		lo = new(big.Rat)
	}
	switch t.Comparator {
	case Between:
		hi = decimal(t.ValueHigh)
		if hi == nil {
			hi = new(big.Rat)
		}
	case Equal, None, AtMost, LessThan:
		hi = lo
	}
	return lo, hi
}

// satisfies reports whether the exact figure x meets the target figure under its comparator.
func (t Target) satisfies(x *big.Rat) bool {
	lo, hi := t.bounds()
	switch t.Comparator {
	case AtLeast:
		return x.Cmp(lo) >= 0
	case MoreThan:
		return x.Cmp(lo) > 0
	case Equal, None:
		return x.Cmp(lo) == 0
	case Between:
		return x.Cmp(lo) >= 0 && x.Cmp(hi) <= 0
	case AtMost:
		return x.Cmp(hi) <= 0
	case LessThan:
		return x.Cmp(hi) < 0
	}
	return false
}

// exceeds reports whether x is strictly better than the target figure ("vượt"): above a floor, below
// a ceiling. An exact figure (=, range, none) is met or not; it cannot be beaten.
func (t Target) exceeds(x *big.Rat) bool {
	lo, _ := t.bounds()
	switch t.Comparator {
	case AtLeast, MoreThan:
		return x.Cmp(lo) > 0
	case AtMost, LessThan:
		return x.Cmp(lo) < 0
	}
	return false
}

// breaksCeiling reports whether x is already over the target's ceiling; for a cumulative figure that
// can only grow, that settles the target as not met.
func (t Target) breaksCeiling(x *big.Rat) bool {
	if !t.Comparator.hasUpper() {
		return false
	}
	_, hi := t.bounds()
	if t.Comparator == LessThan {
		return x.Cmp(hi) >= 0
	}
	return x.Cmp(hi) > 0
}
