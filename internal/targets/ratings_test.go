package targets

import (
	"math"
	"testing"
)

func TestRatingCounts(t *testing.T) {
	c := RatingCounts{Excellent: 3, Good: 16, Completed: 1, NotCompleted: 0}
	if c.Total() != 20 || c.GoodOrBetter() != 19 {
		t.Fatalf("total %d good-or-better %d", c.Total(), c.GoodOrBetter())
	}
	// DOMAIN.md: "hoàn thành tốt nhiệm vụ trở lên" means good or excellent.
	if n, d := c.GoodOrBetterShare(); n != 19 || d != 20 {
		t.Errorf("GoodOrBetterShare = %d/%d", n, d)
	}
	if n, d := c.ExcellentShare(); n != 3 || d != 20 {
		t.Errorf("ExcellentShare = %d/%d", n, d)
	}
	if n, d := c.ExcellentOfGoodShare(); n != 3 || d != 19 {
		t.Errorf("ExcellentOfGoodShare = %d/%d", n, d)
	}
	for m, want := range map[Measure]int64{MeasureGoodOrBetter: 19, MeasureExcellent: 3, MeasureCompletedOrBetter: 20, MeasureNotCompleted: 0, "x": -1} {
		if got := c.Count(m); got != want {
			t.Errorf("Count(%s) = %d, want %d", m, got, want)
		}
	}

	t.Run("Err/negative count", func(t *testing.T) {
		wantFieldErr(t, RatingCounts{Good: -1}.Validate(), "good", "Số lượng (-1) không được âm.")
	})
	t.Run("Err/nobody rated", func(t *testing.T) {
		wantFieldErr(t, RatingCounts{}.Validate(), "excellent", "Chưa có ai được xếp loại: tổng số phải lớn hơn 0.")
	})
}

func TestReviewFromRatings(t *testing.T) {
	members := base() // 95% đảng viên hoàn thành tốt trở lên
	ofWhom := base()  // trong đó ít nhất 10% xuất sắc
	ofWhom.ID, ofWhom.ParentID, ofWhom.ShareOf, ofWhom.Value = 2, ptr(1), ShareOfParentNumerator, 10
	ofAll := ofWhom // ít nhất 10% của tổng số
	ofAll.ShareOf = ShareOfParentBase
	oneCell := base() // ít nhất 1 chi bộ xuất sắc
	oneCell.ID, oneCell.ParentID, oneCell.Unit, oneCell.Value = 3, ptr(1), Count, 1
	money := tg(AtLeast, 1000, Money, TermTotal)

	c := RatingCounts{Excellent: 2, Good: 17, Completed: 1}
	cases := []struct {
		rule     string
		t        Target
		m        Measure
		num, den int64
		verdict  Verdict
	}{
		{"QĐ 124: good or better of all rated, 19/20 = 95% meets 95%", members, MeasureGoodOrBetter, 19, 20, Met},
		{"ShareOf parent_numerator: excellent of good-or-better, 2/19 = 10,53% meets 10%", ofWhom, MeasureExcellent, 2, 19, Met},
		{"ShareOf parent_base: excellent of all, 2/20 = 10% meets 10%", ofAll, MeasureExcellent, 2, 20, Met},
		{"count sub-target: excellent cells, with the total as population", oneCell, MeasureExcellent, 2, 20, Met},
	}
	for _, x := range cases {
		t.Run("OK/"+x.rule, func(t *testing.T) {
			r, err := ReviewFromRatings(x.t, 2021, c, x.m, "Báo cáo xếp loại năm 2021")
			if err != nil {
				t.Fatal(err)
			}
			if r.Numerator != x.num || r.Denominator != x.den || r.Year != 2021 || r.TargetID != x.t.ID {
				t.Fatalf("review %+v, want %d/%d", r, x.num, x.den)
			}
			if err := r.Validate(x.t, 2020, 2025); err != nil {
				t.Fatal(err)
			}
			if _, v := Evaluate(x.t, r); v != x.verdict {
				t.Fatalf("verdict %s, want %s", v, x.verdict)
			}
		})
	}

	bad := []struct {
		rule, field, msg string
		t                Target
		c                RatingCounts
		m                Measure
	}{
		{"money is not rated", "measure", "Chỉ tiêu tính bằng tiền không lấy từ kết quả xếp loại.", money, c, MeasureExcellent},
		{"trong đó only reads excellent among good-or-better", "measure",
			"Tỷ lệ “trong đó” chỉ tính được cho số hoàn thành xuất sắc trong số hoàn thành tốt nhiệm vụ trở lên.", ofWhom, c, MeasureGoodOrBetter},
		{"trong đó with nobody good: no whole", "good",
			"Không có ai hoàn thành tốt nhiệm vụ trở lên nên không tính được tỷ lệ xuất sắc trong số đó.", ofWhom, RatingCounts{Completed: 3}, MeasureExcellent},
		{"unknown measure", "measure", `Tiêu chí xếp loại "best" không hợp lệ.`, members, c, "best"},
		{"bad counts", "not_completed", "Số lượng (-2) không được âm.", members, RatingCounts{Good: 1, NotCompleted: -2}, MeasureGoodOrBetter},
	}
	for _, x := range bad {
		t.Run("Err/"+x.rule, func(t *testing.T) {
			_, err := ReviewFromRatings(x.t, 2021, x.c, x.m, "nguồn")
			wantFieldErr(t, err, x.field, x.msg)
		})
	}
}

func TestRatingFromScore(t *testing.T) {
	cases := []struct {
		rule  string
		score float64
		want  Rating
	}{
		{"QĐ 366: 100 → excellent", 100, Excellent},
		{"QĐ 366: exactly 90 → excellent", 90, Excellent},
		{"QĐ 366: 89.99 → good", 89.99, Good},
		{"QĐ 366: exactly 70 → good", 70, Good},
		{"QĐ 366: 69.5 → completed", 69.5, Completed},
		{"QĐ 366: exactly 50 → completed", 50, Completed},
		{"QĐ 366: 49.99 → not completed", 49.99, NotCompleted},
		{"QĐ 366: 0 → not completed", 0, NotCompleted},
	}
	for _, c := range cases {
		got, err := RatingFromScore(c.score)
		if err != nil || got != c.want {
			t.Errorf("%s: RatingFromScore(%v) = %s, %v", c.rule, c.score, got, err)
		}
	}
	for _, s := range []float64{-1, 100.5, math.NaN()} {
		_, err := RatingFromScore(s)
		wantFieldErr(t, err, "score", "")
	}
	_, err := RatingFromScore(101)
	wantFieldErr(t, err, "score", "Điểm đánh giá (101) phải từ 0 đến 100.")
}
