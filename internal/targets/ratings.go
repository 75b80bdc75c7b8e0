package targets

import (
	"fmt"
	"math"

	"daihoi/internal/congress"
)

// RatingCounts is how many members (or cells) were given each of the four levels in a year's rating
// (QĐ 124-QĐ/TW 2023, QĐ 366-QĐ/TW 2025). Most party-building targets are read from these counts, so
// entering them once gives the figures of several targets.
type RatingCounts struct {
	Excellent    int64 `json:"excellent"`
	Good         int64 `json:"good"`
	Completed    int64 `json:"completed"`
	NotCompleted int64 `json:"not_completed"`
}

// Total is everyone rated: the whole of every share derived from the counts.
func (c RatingCounts) Total() int64 { return c.Excellent + c.Good + c.Completed + c.NotCompleted }

// GoodOrBetter is the number rated "hoàn thành tốt nhiệm vụ trở lên": good or excellent (DOMAIN.md).
func (c RatingCounts) GoodOrBetter() int64 { return c.Excellent + c.Good }

// Validate checks that no count is negative and that someone was rated, so every share has a
// non-zero whole.
func (c RatingCounts) Validate() error {
	f := congress.FieldErrors{}
	for _, x := range []struct {
		field string
		n     int64
	}{{"excellent", c.Excellent}, {"good", c.Good}, {"completed", c.Completed}, {"not_completed", c.NotCompleted}} {
		if x.n < 0 {
			f.Add(x.field, fmt.Sprintf("Số lượng (%s) không được âm.", formatInt(x.n)))
		} else if x.n > maxWhole {
			f.Add(x.field, fmt.Sprintf("Số lượng (%s) quá lớn.", formatInt(x.n)))
		}
	}
	if len(f) == 0 && c.Total() == 0 {
		f.Add("excellent", "Chưa có ai được xếp loại: tổng số phải lớn hơn 0.")
	}
	return f.Err(congress.EINVALID, "")
}

// GoodOrBetterShare is the share rated good or better: (excellent + good) of the total.
func (c RatingCounts) GoodOrBetterShare() (num, den int64) { return c.GoodOrBetter(), c.Total() }

// ExcellentShare is the share rated excellent of the total.
func (c RatingCounts) ExcellentShare() (num, den int64) { return c.Excellent, c.Total() }

// ExcellentOfGoodShare is the share rated excellent among those rated good or better: the reading of
// "95% hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc".
func (c RatingCounts) ExcellentOfGoodShare() (num, den int64) { return c.Excellent, c.GoodOrBetter() }

// Measure says which count of a rating a target is about.
type Measure string

// Measures.
const (
	MeasureGoodOrBetter      Measure = "good_or_better"      // hoàn thành tốt nhiệm vụ trở lên
	MeasureExcellent         Measure = "excellent"           // hoàn thành xuất sắc nhiệm vụ
	MeasureCompletedOrBetter Measure = "completed_or_better" // hoàn thành nhiệm vụ trở lên
	MeasureNotCompleted      Measure = "not_completed"       // không hoàn thành nhiệm vụ
)

// Measures lists the measures with their Vietnamese names.
var Measures = []congress.Option{
	{Code: string(MeasureGoodOrBetter), Label: "Hoàn thành tốt nhiệm vụ trở lên"},
	{Code: string(MeasureExcellent), Label: "Hoàn thành xuất sắc nhiệm vụ"},
	{Code: string(MeasureCompletedOrBetter), Label: "Hoàn thành nhiệm vụ trở lên"},
	{Code: string(MeasureNotCompleted), Label: "Không hoàn thành nhiệm vụ"},
}

// Valid reports whether m is one of the measure codes.
func (m Measure) Valid() bool { return validCode(Measures, string(m)) }

// Label is the Vietnamese name of m.
func (m Measure) Label() string { return congress.Label(Measures, string(m)) }

// Count is the number of those rated that m counts; -1 for an unknown measure.
func (c RatingCounts) Count(m Measure) int64 {
	switch m {
	case MeasureGoodOrBetter:
		return c.GoodOrBetter()
	case MeasureExcellent:
		return c.Excellent
	case MeasureCompletedOrBetter:
		return c.Excellent + c.Good + c.Completed
	case MeasureNotCompleted:
		return c.NotCompleted
	}
	return -1
}

// ReviewFromRatings turns a year's rating counts into the review of target t for measure m. A share
// target gets the count over everyone rated, except a sub-target that is a share of its parent's
// numerator ("trong đó … xuất sắc"), which gets the excellent over those rated good or better; that
// reading only makes sense for the excellent measure under a good-or-better parent. A people or count
// target gets the count, with the total as the population it was counted in. Money cannot come from
// ratings. The review still has to pass Validate (year, source).
func ReviewFromRatings(t Target, year int, c RatingCounts, m Measure, source string) (Review, error) {
	if err := c.Validate(); err != nil {
		return Review{}, err
	}
	n := c.Count(m)
	if n < 0 {
		return Review{}, congress.FieldErrors{"measure": fmt.Sprintf("Tiêu chí xếp loại %q không hợp lệ.", m)}.Err(congress.EINVALID, "")
	}
	r := Review{TargetID: t.ID, Year: year, Numerator: n, Denominator: c.Total(), Source: source}
	switch {
	case t.Unit == Money:
		return Review{}, congress.FieldErrors{"measure": "Chỉ tiêu tính bằng tiền không lấy từ kết quả xếp loại."}.Err(congress.EINVALID, "")
	case t.Unit.IsShare() && t.ShareOf == ShareOfParentNumerator:
		if m != MeasureExcellent {
			return Review{}, congress.FieldErrors{"measure": "Tỷ lệ “trong đó” chỉ tính được cho số hoàn thành xuất sắc trong số hoàn thành tốt nhiệm vụ trở lên."}.Err(congress.EINVALID, "")
		}
		r.Denominator = c.GoodOrBetter()
		if r.Denominator == 0 {
			return Review{}, congress.FieldErrors{"good": "Không có ai hoàn thành tốt nhiệm vụ trở lên nên không tính được tỷ lệ xuất sắc trong số đó."}.Err(congress.EINVALID, "")
		}
	}
	return r, nil
}

// RatingFromScore maps a member's score on QĐ 366-QĐ/TW's 100-point scale to the rating level: 90 and
// above excellent, 70 to under 90 good, 50 to under 70 completed, under 50 not completed. The bounds
// belong to the upper level (exactly 90 is excellent, 89.99 good). The score's own criteria (the
// conditions that cap a level regardless of points) are the rating committee's call, not computed here.
func RatingFromScore(score float64) (Rating, error) {
	if math.IsNaN(score) || score < 0 || score > 100 {
		return "", congress.FieldErrors{"score": fmt.Sprintf("Điểm đánh giá (%s) phải từ 0 đến 100.", formatNumber(score))}.Err(congress.EINVALID, "")
	}
	switch {
	case score >= 90:
		return Excellent, nil
	case score >= 70:
		return Good, nil
	case score >= 50:
		return Completed, nil
	}
	return NotCompleted, nil
}
