package targets

import (
	"fmt"
	"testing"
)

// The seed congress's resolution (DOMAIN.md "The seed congress, as data"): Đảng bộ Sở Khoa học và
// Công nghệ tỉnh Đồng Tháp, lần thứ II, term 2020–2025. Four sentences, seven targets. The demo data
// lives elsewhere; this fixture only proves the package can hold and judge them.
const (
	seedS1 = "100% chi bộ trực thuộc hoàn thành tốt nhiệm vụ trở lên, trong đó có ít nhất 01 chi bộ hoàn thành xuất sắc nhiệm vụ."
	seedS2 = "95% cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ; ít nhất 10% đạt danh hiệu chiến sĩ thi đua."
	seedS3 = "Trên 50% đảng viên trong quy hoạch trưởng, phó phòng và tương đương trở lên đạt tiêu chuẩn bổ nhiệm."
	seedS4 = "95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc nhiệm vụ."
)

func seedTargets() []Target {
	t := func(id int64, subject string, cmp Comparator, v float64, u Unit, p Period, sentence string) Target {
		return Target{ID: id, CongressID: 1, Subject: subject, Comparator: cmp, Value: v, Unit: u, Period: p,
			Category: PartyBuilding, Sentence: sentence, Position: int(id)}
	}
	cells := t(1, "chi bộ hoàn thành tốt nhiệm vụ trở lên", AtLeast, 100, Percent, Yearly, seedS1)
	// "Ít nhất 01 chi bộ" is a number of cells, not a share: a count sub-target needs no base.
	excellentCell := t(2, "chi bộ hoàn thành xuất sắc nhiệm vụ", AtLeast, 1, Count, Yearly, seedS1)
	excellentCell.ParentID = ptr(1)
	officials := t(3, "cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ trở lên", AtLeast, 95, Percent, Yearly, seedS2)
	// "Ít nhất 10% … chiến sĩ thi đua" follows a semicolon, not "trong đó": 10% of all officials.
	emulation := t(4, "cán bộ, công chức, viên chức đạt danh hiệu chiến sĩ thi đua", AtLeast, 10, Percent, Yearly, seedS2)
	emulation.ParentID, emulation.ShareOf = ptr(3), ShareOfParentBase
	// The pipeline target is a state to reach by the end of the term, not a yearly one.
	pipeline := t(5, "đảng viên trong quy hoạch trưởng, phó phòng và tương đương trở lên đạt tiêu chuẩn bổ nhiệm",
		MoreThan, 50, Percent, ByYearEnd, seedS3)
	pipeline.ByYear = 2025
	members := t(6, "đảng viên hoàn thành tốt nhiệm vụ trở lên", AtLeast, 95, Percent, Yearly, seedS4)
	// "Trong đó ít nhất 10% hoàn thành xuất sắc": 10% of those completing well.
	excellentMembers := t(7, "đảng viên hoàn thành xuất sắc nhiệm vụ", AtLeast, 10, Percent, Yearly, seedS4)
	excellentMembers.ParentID, excellentMembers.ShareOf = ptr(6), ShareOfParentNumerator
	return []Target{cells, excellentCell, officials, emulation, pipeline, members, excellentMembers}
}

// Sample ratings 2020–2024 (no 2025 rating before the next congress): 5 cells, 40 officials, 32
// members. Cells had no excellent cell in 2022; members had 3 excellent of 31 good in 2021 (9,68%).
var (
	seedCells = map[int]RatingCounts{
		2020: {Excellent: 1, Good: 4}, 2021: {Excellent: 1, Good: 4}, 2022: {Good: 5},
		2023: {Excellent: 2, Good: 3}, 2024: {Excellent: 1, Good: 4},
	}
	seedOfficials = map[int]RatingCounts{ // 38/40 = exactly 95% in 2020 and 2024
		2020: {Excellent: 6, Good: 32, Completed: 2}, 2021: {Excellent: 7, Good: 32, Completed: 1},
		2022: {Excellent: 8, Good: 32}, 2023: {Excellent: 7, Good: 32, Completed: 1},
		2024: {Excellent: 6, Good: 32, Completed: 2},
	}
	seedEmulation = map[int][2]int64{2020: {4, 40}, 2021: {5, 40}, 2022: {4, 40}, 2023: {6, 40}, 2024: {5, 40}}
	seedPipeline  = map[int][2]int64{2021: {4, 10}, 2023: {6, 10}, 2024: {7, 12}}
	seedMembers   = map[int]RatingCounts{
		2020: {Excellent: 4, Good: 27, Completed: 1}, 2021: {Excellent: 3, Good: 28, Completed: 1},
		2022: {Excellent: 5, Good: 26, Completed: 1}, 2023: {Excellent: 4, Good: 27, Completed: 1},
		2024: {Excellent: 6, Good: 26},
	}
)

// seedReviews derives each target's reviews, from rating counts where the resolution reads them.
func seedReviews(t *testing.T, targets []Target) map[int64][]Review {
	t.Helper()
	out := map[int64][]Review{}
	add := func(x Target, r Review, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("target %d year %d: %v", x.ID, r.Year, err)
		}
		if err := r.Validate(x, 2020, 2025); err != nil {
			t.Fatalf("target %d year %d: %v %v", x.ID, r.Year, err, r)
		}
		out[x.ID] = append(out[x.ID], r)
	}
	for y := 2020; y <= 2024; y++ {
		src := fmt.Sprintf("Báo cáo kết quả đánh giá, xếp loại năm %d (dữ liệu mẫu)", y)
		r, err := ReviewFromRatings(targets[0], y, seedCells[y], MeasureGoodOrBetter, src)
		add(targets[0], r, err)
		r, err = ReviewFromRatings(targets[1], y, seedCells[y], MeasureExcellent, src)
		add(targets[1], r, err)
		r, err = ReviewFromRatings(targets[2], y, seedOfficials[y], MeasureGoodOrBetter, src)
		add(targets[2], r, err)
		e := seedEmulation[y]
		add(targets[3], Review{TargetID: 4, Year: y, Numerator: e[0], Denominator: e[1], Source: src}, nil)
		if p, ok := seedPipeline[y]; ok {
			add(targets[4], Review{TargetID: 5, Year: y, Numerator: p[0], Denominator: p[1], Source: src}, nil)
		}
		r, err = ReviewFromRatings(targets[5], y, seedMembers[y], MeasureGoodOrBetter, src)
		add(targets[5], r, err)
		r, err = ReviewFromRatings(targets[6], y, seedMembers[y], MeasureExcellent, src)
		add(targets[6], r, err)
	}
	return out
}

func TestSeedResolution(t *testing.T) {
	targets := seedTargets()
	byID := map[int64]Target{}
	for i := range targets {
		if err := targets[i].Validate(); err != nil {
			t.Fatalf("target %d: %v %v", targets[i].ID, err, targets[i])
		}
		if err := targets[i].ValidateTerm(2020, 2025); err != nil {
			t.Fatal(err)
		}
		byID[targets[i].ID] = targets[i]
	}
	sentences := map[string]int{}
	for _, x := range targets {
		sentences[x.Sentence]++
		if x.ParentID != nil {
			if err := x.ValidateParent(byID[*x.ParentID]); err != nil {
				t.Fatalf("target %d: %v %v", x.ID, err, x)
			}
		}
	}
	if len(sentences) != 4 {
		t.Fatalf("DOMAIN.md: four sentences, got %d", len(sentences))
	}
	reviews := seedReviews(t, targets)

	// Sub-target reviews agree with their parents' wholes, year by year.
	for _, x := range targets {
		if x.ParentID == nil || !x.Unit.IsShare() {
			continue
		}
		parent := byID[*x.ParentID]
		for i, r := range reviews[x.ID] {
			if err := r.ValidateSub(x, parent, reviews[parent.ID][i]); err != nil {
				t.Fatalf("target %d year %d: %v %v", x.ID, r.Year, err, r)
			}
		}
	}

	t.Run("term over (2025)", func(t *testing.T) {
		want := []struct {
			verdict  Verdict
			exceeded bool
			value    float64
		}{
			{Met, false, 100},      // 100% of cells every year: met, cannot be beaten
			{NotMet, false, 1},     // no excellent cell in 2022
			{Met, false, 95},       // 38/40 = exactly 95% in 2020 and 2024: met, not vượt
			{Met, false, 12.5},     // 4/40 = exactly 10% in 2020 and 2022
			{Met, true, 58.33},     // 7/12 in 2024, the latest before 2025, over 50%
			{Met, true, 100},       // every year above 95%
			{NotMet, false, 18.75}, // 3 of 31 good in 2021 = 9,68% < 10%
		}
		var results []TermResult
		for i, x := range targets {
			res, err := TermReview(x, reviews[x.ID], 2020, 2025, 2025)
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != want[i].verdict || res.Exceeded != want[i].exceeded || res.Value != want[i].value || !res.Final {
				t.Errorf("target %d (%s): %s exceeded %v value %v final %v; want %+v",
					x.ID, x.Subject, res.Verdict, res.Exceeded, res.Value, res.Final, want[i])
			}
			if len(res.Rows) != 6 || res.Rows[5].Reviewed {
				t.Errorf("target %d: rows 2020–2025 with 2025 unrated, got %d rows", x.ID, len(res.Rows))
			}
			results = append(results, res)
		}
		s := Summary(results)
		if want := "5/7 chỉ tiêu đạt và vượt (trong đó 2 chỉ tiêu vượt); 2 chỉ tiêu không đạt"; s.Headline != want {
			t.Fatalf("headline %q, want %q", s.Headline, want)
		}
		// The year rows say which years missed.
		if v := results[6].Rows[1]; v.Year != 2021 || v.Verdict != NotMet || v.Value != 9.68 {
			t.Errorf("members excellent 2021: %+v", v)
		}
	})

	t.Run("mid-term (2023)", func(t *testing.T) {
		var results []TermResult
		for _, x := range targets {
			res, err := TermReview(x, reviews[x.ID], 2020, 2025, 2023)
			if err != nil {
				t.Fatal(err)
			}
			results = append(results, res)
		}
		got := make([]Verdict, len(results))
		for i, r := range results {
			got[i] = r.Verdict
		}
		// The pipeline went 40% (2021) → 60% (2023): on track for "trên 50%" by 2025.
		want := []Verdict{OnTrack, NotMet, OnTrack, OnTrack, OnTrack, OnTrack, NotMet}
		if !eqVerdicts(got, want) {
			t.Fatalf("verdicts %v, want %v", got, want)
		}
		if h := Summary(results).Headline; h != "0/7 chỉ tiêu đạt và vượt; 2 chỉ tiêu không đạt, 5 chỉ tiêu đúng tiến độ" {
			t.Fatalf("headline %q", h)
		}
	})
}
