package targets

import (
	"fmt"
	"math/big"
	"unicode/utf8"

	"daihoi/internal/congress"
)

// Review is the actual figure of one target for one year: a numerator and a denominator ("19 of 20
// members rated good or better") rather than a typed percentage, so that auditors can check the
// counts against the rating report named in Source, and so the verdict is computed exactly.
//
// For a share (percent, permille) the value is Numerator/Denominator of the whole. For an amount
// (people, count, money) the value is Numerator; Denominator is optional for people and counts (the
// population the figure was counted in, e.g. 2 members disciplined of 40) and must be 0 for money.
type Review struct {
	ID          int64  `json:"id"`
	TargetID    int64  `json:"target_id"`
	Year        int    `json:"year"`
	Numerator   int64  `json:"numerator"`
	Denominator int64  `json:"denominator"`
	Source      string `json:"source"` // which report the figures come from
}

// maxSource bounds the source note.
const maxSource = 1000

// Validate checks the review against its target and the congress's term: the year inside the term,
// no negative figure, a denominator above 0 and at least the numerator for a share, and a source
// note. Messages name the figures ("Tử số (21) không được lớn hơn mẫu số (20)."). It returns an
// EINVALID *congress.Error keyed by the JSON names, or nil.
func (r *Review) Validate(t Target, termStart, termEnd int) error {
	f := congress.FieldErrors{}
	r.Source = congress.CleanMultiline(r.Source)
	if r.TargetID != 0 && t.ID != 0 && r.TargetID != t.ID {
		f.Add("target_id", "Số liệu đánh giá không thuộc chỉ tiêu này.")
	}
	if r.Year < termStart || r.Year > termEnd {
		f.Add("year", fmt.Sprintf("Năm %d nằm ngoài nhiệm kỳ %d–%d.", r.Year, termStart, termEnd))
	}
	if r.Numerator < 0 {
		f.Add("numerator", fmt.Sprintf("Tử số (%s) không được âm.", formatInt(r.Numerator)))
	} else if r.Numerator > maxWhole {
		f.Add("numerator", fmt.Sprintf("Tử số (%s) quá lớn.", formatInt(r.Numerator)))
	}
	switch {
	case r.Denominator < 0:
		f.Add("denominator", fmt.Sprintf("Mẫu số (%s) không được âm.", formatInt(r.Denominator)))
	case r.Denominator > maxWhole:
		f.Add("denominator", fmt.Sprintf("Mẫu số (%s) quá lớn.", formatInt(r.Denominator)))
	case t.Unit.IsShare() && r.Denominator == 0:
		f.Add("denominator", "Mẫu số phải lớn hơn 0: tỷ lệ cần biết tổng số được đánh giá.")
	case t.Unit == Money && r.Denominator != 0:
		f.Add("denominator", "Chỉ tiêu tính bằng tiền không có mẫu số; để trống hoặc ghi 0.")
	case r.Denominator > 0 && r.Numerator > r.Denominator:
		// A part cannot be larger than its whole: 21 members rated good out of 20 rated is a typo.
		f.Add("numerator", fmt.Sprintf("Tử số (%s) không được lớn hơn mẫu số (%s).",
			formatInt(r.Numerator), formatInt(r.Denominator)))
	}
	switch n := utf8.RuneCountInString(r.Source); {
	case n == 0:
		f.Add("source", "Ghi rõ nguồn số liệu (ví dụ: báo cáo kết quả đánh giá, xếp loại năm 2021).")
	case n > maxSource:
		f.Add("source", fmt.Sprintf("Nguồn số liệu dài %d ký tự, tối đa %d.", n, maxSource))
	}
	return f.Err(congress.EINVALID, "")
}

// ValidateSub checks a sub-target's review against its parent's review for the same year: the whole
// of "trong đó 10% xuất sắc" is the parent's numerator (those completing well), and the whole of a
// share of the same base is the parent's denominator. Other sub-targets are not checked.
func (r Review) ValidateSub(child, parent Target, parentReview Review) error {
	f := congress.FieldErrors{}
	if parentReview.Year != r.Year {
		f.Add("year", fmt.Sprintf("Số liệu năm %d không thể đối chiếu với số liệu năm %d của chỉ tiêu cha.",
			r.Year, parentReview.Year))
		return f.Err(congress.EINVALID, "")
	}
	switch child.ShareOf {
	case ShareOfParentNumerator:
		if r.Denominator != parentReview.Numerator {
			f.Add("denominator", fmt.Sprintf("Mẫu số (%s) phải bằng tử số của chỉ tiêu cha năm %d (%s): tỷ lệ “trong đó” tính trên số đạt chỉ tiêu cha.",
				formatInt(r.Denominator), r.Year, formatInt(parentReview.Numerator)))
		}
	case ShareOfParentBase:
		if r.Denominator != parentReview.Denominator {
			f.Add("denominator", fmt.Sprintf("Mẫu số (%s) phải bằng mẫu số của chỉ tiêu cha năm %d (%s).",
				formatInt(r.Denominator), r.Year, formatInt(parentReview.Denominator)))
		}
	}
	return f.Err(congress.EINVALID, "")
}

// figure is the exact value of the review in the target's unit, or nil when it cannot be computed (a
// share with no denominator).
func (r Review) figure(u Unit) *big.Rat {
	if !u.IsShare() {
		return ratInt(r.Numerator)
	}
	if r.Denominator <= 0 {
		return nil
	}
	x := new(big.Rat).SetFrac(big.NewInt(r.Numerator), big.NewInt(r.Denominator))
	return x.Mul(x, ratInt(u.scale()))
}

// Value is the review's figure in unit u, rounded half-up to two decimals for display: 19 of 21 in
// percent is 90.48. Verdicts never use it; they compare the exact fraction.
func (r Review) Value(u Unit) float64 { return round2(r.figure(u)) }
