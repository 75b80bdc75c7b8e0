package targets

import (
	"testing"
)

func TestReviewValidate(t *testing.T) {
	share := base()
	people := base()
	people.Unit, people.Value, people.Period = People, 15, TermTotal
	money := base()
	money.Unit, money.Value, money.Period = Money, 1_000_000, TermTotal
	rev := func(year int, num, den int64) Review {
		return Review{TargetID: 1, Year: year, Numerator: num, Denominator: den, Source: "Báo cáo xếp loại đảng viên năm 2021"}
	}

	ok := []struct {
		rule string
		t    Target
		r    Review
	}{
		{"DOMAIN Targets: 19 of 20 members", share, rev(2021, 19, 20)},
		{"numerator = denominator (100%)", share, rev(2021, 20, 20)},
		{"numerator 0 is a figure", share, rev(2021, 0, 20)},
		{"term start year is inside", share, rev(2020, 1, 1)},
		{"term end year is inside", share, rev(2025, 1, 1)},
		{"people without a denominator", people, rev(2021, 3, 0)},
		{"people counted in a population", people, rev(2021, 3, 40)},
		{"money without a denominator", money, rev(2021, 500_000, 0)},
	}
	for _, c := range ok {
		t.Run("OK/"+c.rule, func(t *testing.T) {
			if err := c.r.Validate(c.t, 2020, 2025); err != nil {
				t.Fatal(err)
			}
		})
	}

	bad := []struct {
		rule, field, msg string
		t                Target
		r                Review
	}{
		{"part larger than the whole", "numerator", "Tử số (21) không được lớn hơn mẫu số (20).", share, rev(2021, 21, 20)},
		{"part larger than the population", "numerator", "Tử số (41) không được lớn hơn mẫu số (40).", people, rev(2021, 41, 40)},
		{"share needs a whole", "denominator", "Mẫu số phải lớn hơn 0: tỷ lệ cần biết tổng số được đánh giá.", share, rev(2021, 0, 0)},
		{"negative numerator", "numerator", "Tử số (-1) không được âm.", share, rev(2021, -1, 20)},
		{"negative denominator", "denominator", "Mẫu số (-20) không được âm.", share, rev(2021, 1, -20)},
		{"year after the term", "year", "Năm 2026 nằm ngoài nhiệm kỳ 2020–2025.", share, rev(2026, 19, 20)},
		{"year before the term", "year", "Năm 2019 nằm ngoài nhiệm kỳ 2020–2025.", share, rev(2019, 19, 20)},
		{"money has no denominator", "denominator", "Chỉ tiêu tính bằng tiền không có mẫu số; để trống hoặc ghi 0.", money, rev(2021, 5, 10)},
		{"source note required", "source", "Ghi rõ nguồn số liệu (ví dụ: báo cáo kết quả đánh giá, xếp loại năm 2021).",
			share, Review{TargetID: 1, Year: 2021, Numerator: 1, Denominator: 2, Source: " \n "}},
		{"review of another target", "target_id", "Số liệu đánh giá không thuộc chỉ tiêu này.",
			share, Review{TargetID: 2, Year: 2021, Numerator: 1, Denominator: 2, Source: "x"}},
		{"absurd figures", "numerator", "Tử số (1.000.000.000.000.001) quá lớn.", people, rev(2021, maxWhole+1, 0)},
	}
	for _, c := range bad {
		t.Run("Err/"+c.rule, func(t *testing.T) {
			wantFieldErr(t, c.r.Validate(c.t, 2020, 2025), c.field, c.msg)
		})
	}

	t.Run("Err/single field message is the error message", func(t *testing.T) {
		r := rev(2021, 21, 20)
		err := r.Validate(share, 2020, 2025)
		if got := err.Error(); got == "" || congressMessage(err) != "Tử số (21) không được lớn hơn mẫu số (20)." {
			t.Fatalf("message = %q", congressMessage(err))
		}
	})
}

func TestReviewValue(t *testing.T) {
	cases := []struct {
		rule string
		u    Unit
		num  int64
		den  int64
		want float64
	}{
		{"19/20 = 95%", Percent, 19, 20, 95},
		{"6/7 = 85,71% (85,714…)", Percent, 6, 7, 85.71},
		{"half-up: 1/8 = 12,5% exact; 2469/20000 = 12,345% → 12,35", Percent, 2469, 20000, 12.35},
		{"2/3 = 66,67%", Percent, 2, 3, 66.67},
		{"permille 7/1000 = 7‰", Permille, 7, 1000, 7},
		{"people: the numerator", People, 3, 40, 3},
		{"money: the numerator", Money, 1_500_000, 0, 1_500_000},
		{"share without a whole: 0", Percent, 1, 0, 0},
	}
	for _, c := range cases {
		r := Review{Numerator: c.num, Denominator: c.den}
		if got := r.Value(c.u); got != c.want {
			t.Errorf("%s: Value = %v, want %v", c.rule, got, c.want)
		}
	}
}

func TestReviewValidateSub(t *testing.T) {
	parent := base()
	child := base()
	child.ID, child.ParentID, child.ShareOf, child.Value = 2, ptr(1), ShareOfParentNumerator, 10
	pr := Review{Year: 2021, Numerator: 19, Denominator: 20}

	t.Run("OK/trong đó: whole is the parent's numerator", func(t *testing.T) {
		if err := (Review{Year: 2021, Numerator: 2, Denominator: 19}).ValidateSub(child, parent, pr); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Err/trong đó with the parent's whole", func(t *testing.T) {
		wantFieldErr(t, Review{Year: 2021, Numerator: 2, Denominator: 20}.ValidateSub(child, parent, pr), "denominator",
			"Mẫu số (20) phải bằng tử số của chỉ tiêu cha năm 2021 (19): tỷ lệ “trong đó” tính trên số đạt chỉ tiêu cha.")
	})
	sameBase := child
	sameBase.ShareOf = ShareOfParentBase
	t.Run("OK/same base", func(t *testing.T) {
		if err := (Review{Year: 2021, Numerator: 2, Denominator: 20}).ValidateSub(sameBase, parent, pr); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Err/same base differs", func(t *testing.T) {
		wantFieldErr(t, Review{Year: 2021, Numerator: 2, Denominator: 19}.ValidateSub(sameBase, parent, pr), "denominator",
			"Mẫu số (19) phải bằng mẫu số của chỉ tiêu cha năm 2021 (20).")
	})
	t.Run("Err/other year", func(t *testing.T) {
		wantFieldErr(t, Review{Year: 2022, Numerator: 2, Denominator: 19}.ValidateSub(child, parent, pr), "year", "")
	})
}
