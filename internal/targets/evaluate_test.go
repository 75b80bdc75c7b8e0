package targets

import (
	"testing"
)

// tg builds a valid target from the fields that matter to a verdict.
func tg(cmp Comparator, v float64, u Unit, p Period) Target {
	x := base()
	x.Comparator, x.Value, x.Unit, x.Period = cmp, v, u, p
	if x.Unit != Percent || x.Comparator != AtLeast {
		x.Subject = "chỉ tiêu thử"
	}
	return x
}

func rv(year int, num, den int64) Review {
	return Review{Year: year, Numerator: num, Denominator: den, Source: "báo cáo năm"}
}

func TestEvaluate(t *testing.T) {
	between := tg(Between, 40, Percent, Yearly)
	between.ValueHigh = 50
	byEnd := tg(MoreThan, 50, Percent, ByYearEnd)
	byEnd.ByYear = 2025

	cases := []struct {
		rule  string
		t     Target
		r     Review
		value float64
		want  Verdict
	}{
		// Comparators at their boundaries (DOMAIN.md "Targets and yearly review"; issue 5 rules).
		{">= trở lên: exactly 95% (19/20) meets 95% trở lên", tg(AtLeast, 95, Percent, Yearly), rv(2021, 19, 20), 95, Met},
		{">= trở lên: 18/20 = 90% does not", tg(AtLeast, 95, Percent, Yearly), rv(2021, 18, 20), 90, NotMet},
		{">= trở lên: 37/39 = 94,87% does not", tg(AtLeast, 95, Percent, Yearly), rv(2021, 37, 39), 94.87, NotMet},
		{"> trên: exactly 95% does not meet trên 95%", tg(MoreThan, 95, Percent, Yearly), rv(2021, 19, 20), 95, NotMet},
		{"> trên: 39/40 = 97,5% meets trên 95%", tg(MoreThan, 95, Percent, Yearly), rv(2021, 39, 40), 97.5, Met},
		{"> trên: exactly half is not over 50%", tg(MoreThan, 50, Percent, Yearly), rv(2021, 10, 20), 50, NotMet},
		{"> trên: 11/21 is over 50%", tg(MoreThan, 50, Percent, Yearly), rv(2021, 11, 21), 52.38, Met},
		{"100% target: 20/20 meets", tg(AtLeast, 100, Percent, Yearly), rv(2021, 20, 20), 100, Met},
		{"100% target: 19/20 does not", tg(AtLeast, 100, Percent, Yearly), rv(2021, 19, 20), 95, NotMet},
		{"= exact: 20/20 meets = 100%", tg(Equal, 100, Percent, Yearly), rv(2021, 20, 20), 100, Met},
		{"= exact: 199/200 does not", tg(Equal, 100, Percent, Yearly), rv(2021, 199, 200), 99.5, NotMet},
		{"range: low end included (40%)", between, rv(2021, 2, 5), 40, Met},
		{"range: high end included (50%)", between, rv(2021, 1, 2), 50, Met},
		{"range: under the low end", between, rv(2021, 39, 100), 39, NotMet},
		{"range: over the high end", between, rv(2021, 51, 100), 51, NotMet},
		{"<= không quá: exactly 2% meets", tg(AtMost, 2, Percent, Yearly), rv(2021, 1, 50), 2, Met},
		{"<= không quá: 3% does not", tg(AtMost, 2, Percent, Yearly), rv(2021, 3, 100), 3, NotMet},
		{"< dưới: exactly 2% is not under 2%", tg(LessThan, 2, Percent, Yearly), rv(2021, 1, 50), 2, NotMet},
		{"< dưới: 1/51 is under 2%", tg(LessThan, 2, Percent, Yearly), rv(2021, 1, 51), 1.96, Met},
		{"none không có: 0 disciplined meets", tg(None, 0, People, Yearly), rv(2021, 0, 40), 0, Met},
		{"none không có: 1 disciplined does not", tg(None, 0, People, Yearly), rv(2021, 1, 40), 1, NotMet},
		// Exact arithmetic where floats go wrong: 0.57×100 = 56.99999999999999, 0.7×100 = 70.00000000000001.
		{"exact: 57/100 meets 57% trở lên", tg(AtLeast, 57, Percent, Yearly), rv(2021, 57, 100), 57, Met},
		{"exact: 7/10 meets không quá 70%", tg(AtMost, 70, Percent, Yearly), rv(2021, 7, 10), 70, Met},
		{"exact: 23/1000 meets không quá 2,3% (target typed as a decimal)", tg(AtMost, 2.3, Percent, Yearly), rv(2021, 23, 1000), 2.3, Met},
		{"exact: 2/7 = 28,571…% meets 28,57% trở lên", tg(AtLeast, 28.57, Percent, Yearly), rv(2021, 2, 7), 28.57, Met},
		{"exact: 2/7 does not meet 28,58%, though it prints 28,57", tg(AtLeast, 28.58, Percent, Yearly), rv(2021, 2, 7), 28.57, NotMet},
		// Units.
		{"permille: 1/80 = 12,5‰ meets 12,5‰ trở lên", tg(AtLeast, 12.5, Permille, Yearly), rv(2021, 1, 80), 12.5, Met},
		{"people: 3 admitted meets 3 trở lên", tg(AtLeast, 3, People, Yearly), rv(2021, 3, 0), 3, Met},
		{"people: 2 admitted does not", tg(AtLeast, 3, People, Yearly), rv(2021, 2, 0), 2, NotMet},
		{"money: whole đồng", tg(AtLeast, 1_000_000, Money, Yearly), rv(2021, 999_999, 0), 999_999, NotMet},
		{"count: 1 excellent cell meets ít nhất 1", tg(AtLeast, 1, Count, Yearly), rv(2021, 1, 5), 1, Met},
		// Periods.
		{"average per year: one year judged on its own", tg(AtLeast, 95, Percent, AveragePerYear), rv(2021, 18, 20), 90, NotMet},
		{"by_year_end before N, already there: on track", byEnd, rv(2022, 11, 20), 55, OnTrack},
		{"by_year_end before N, not there: at risk", byEnd, rv(2022, 10, 20), 50, AtRisk},
		{"by_year_end in N: met", byEnd, rv(2025, 11, 20), 55, Met},
		{"by_year_end in N: not met", byEnd, rv(2025, 10, 20), 50, NotMet},
		{"term total: one year already reaching a floor is met", tg(AtLeast, 3, People, TermTotal), rv(2021, 4, 0), 4, Met},
		{"term total: one year breaking a ceiling is not met", tg(AtMost, 3, People, TermTotal), rv(2021, 4, 0), 4, NotMet},
		{"term total: one year below the floor cannot decide", tg(AtLeast, 15, People, TermTotal), rv(2021, 3, 0), 3, Pending},
		{"term total: none broken by one case", tg(None, 0, Count, TermTotal), rv(2021, 1, 0), 1, NotMet},
		// Bad input does not panic.
		{"share without a whole: pending", tg(AtLeast, 95, Percent, Yearly), rv(2021, 1, 0), 0, Pending},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			if err := c.t.Validate(); err != nil {
				t.Fatalf("bad fixture: %v %v", err, c.t)
			}
			v, got := Evaluate(c.t, c.r)
			if got != c.want || v != c.value {
				t.Fatalf("Evaluate = (%v, %s), want (%v, %s)", v, got, c.value, c.want)
			}
		})
	}
}

// verdicts lists the rows' verdicts, for compact expectations.
func verdicts(rows []YearRow) []Verdict {
	out := make([]Verdict, len(rows))
	for i, r := range rows {
		out[i] = r.Verdict
	}
	return out
}

func eqVerdicts(a, b []Verdict) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestTermReview(t *testing.T) {
	const start, end = 2020, 2025
	yearly := tg(AtLeast, 95, Percent, Yearly)
	average := tg(AtLeast, 95, Percent, AveragePerYear)
	admit := tg(AtLeast, 15, People, TermTotal)    // kết nạp ít nhất 15 đảng viên trong nhiệm kỳ
	discipline := tg(AtMost, 3, People, TermTotal) // không quá 3 đảng viên bị kỷ luật
	noneCase := tg(None, 0, Count, TermTotal)      // không có vụ việc
	exact := tg(Equal, 5, Count, TermTotal)        // đúng 5 đề tài
	over10 := tg(MoreThan, 10, Count, TermTotal)   // trên 10 nhiệm vụ
	budget := tg(AtLeast, 1_000_000_000, Money, TermTotal)
	pipeline := tg(MoreThan, 50, Percent, ByYearEnd) // trên 50% đạt chuẩn, đến 2025
	pipeline.ByYear = 2025
	poverty := tg(LessThan, 1, Percent, ByYearEnd) // dưới 1% đến 2025
	poverty.ByYear = 2025
	allCells := tg(Equal, 100, Percent, ByYearEnd) // 100% đến 2025
	allCells.ByYear = 2025
	mid := tg(AtLeast, 80, Percent, ByYearEnd) // 80% trở lên đến 2023
	mid.ByYear = 2023
	pipelineRange := tg(Between, 40, Percent, ByYearEnd)
	pipelineRange.ValueHigh, pipelineRange.ByYear = 60, 2025
	totalRange := tg(Between, 8, Count, TermTotal)
	totalRange.ValueHigh = 12
	rangeAvg := tg(Between, 3, Count, AveragePerYear) // 3 đến 5 mỗi năm
	rangeAvg.ValueHigh = 5

	P, M, N, O, R := Pending, Met, NotMet, OnTrack, AtRisk
	cases := []struct {
		rule     string
		t        Target
		reviews  []Review
		asOf     int
		verdict  Verdict
		value    float64
		exceeded bool
		final    bool
		rows     []Verdict
	}{
		// Yearly: every year must hold.
		{"yearly: all met so far, term running → on track", yearly,
			[]Review{rv(2020, 19, 20), rv(2021, 20, 20), rv(2022, 19, 20)}, 2023, O, 95, false, false, []Verdict{M, M, M, P}},
		{"yearly: one year missed → not met at once", yearly,
			[]Review{rv(2020, 19, 20), rv(2021, 18, 20)}, 2022, N, 90, false, true, []Verdict{M, N, P}},
		{"yearly: term over, 2025 never rated → met on 2020–2024", yearly,
			[]Review{rv(2020, 19, 20), rv(2021, 20, 20), rv(2022, 19, 20), rv(2023, 20, 20), rv(2024, 39, 40)}, 2025, M, 97.5, false, true,
			[]Verdict{M, M, M, M, M, P}},
		{"yearly: every year over the figure → vượt", yearly,
			[]Review{rv(2020, 20, 20), rv(2021, 39, 40)}, 2025, M, 97.5, true, true, []Verdict{M, M, P, P, P, P}},
		{"yearly: reviews after asOf are not counted yet", yearly,
			[]Review{rv(2020, 19, 20), rv(2023, 1, 20)}, 2021, O, 95, false, false, []Verdict{M, P}},
		{"yearly: nothing reviewed → pending", yearly, nil, 2022, P, 0, false, false, []Verdict{P, P, P}},
		{"yearly: asOf before the term → no rows", yearly, nil, 2019, P, 0, false, false, []Verdict{}},

		// Average per year: the mean of the years, each year weighing the same.
		{"average: 90% and 100% → 95%, on track", average,
			[]Review{rv(2020, 9, 10), rv(2021, 20, 20)}, 2022, O, 95, false, false, []Verdict{N, M, P}},
		{"average: 90% and 99% → 94,5%, at risk", average,
			[]Review{rv(2020, 9, 10), rv(2021, 99, 100)}, 2022, R, 94.5, false, false, []Verdict{N, M, P}},
		{"average: term over at 95% → met, not exceeded", average,
			[]Review{rv(2020, 9, 10), rv(2021, 20, 20)}, 2025, M, 95, false, true, []Verdict{N, M, P, P, P, P}},
		{"average: term over at 94,5% → not met", average,
			[]Review{rv(2020, 9, 10), rv(2021, 99, 100)}, 2025, N, 94.5, false, true, []Verdict{N, M, P, P, P, P}},
		{"average: mean of 1/3 each year is exact (33,33…% < 33,34)",
			func() Target { x := tg(AtLeast, 33.34, Percent, AveragePerYear); return x }(),
			[]Review{rv(2020, 1, 3), rv(2021, 2, 6), rv(2022, 3, 9)}, 2025, N, 33.33, false, true, []Verdict{N, N, N, P, P, P}},
		{"average: range 3–5 per year, mean 4", rangeAvg,
			[]Review{rv(2020, 2, 0), rv(2021, 6, 0)}, 2025, M, 4, false, true, []Verdict{N, N, P, P, P, P}},

		// Term total: sum only grows; pace = sum × 5 years ÷ reviewed years (pro-rata).
		{"term total: 6 after 2 of 5 years = exactly pro-rata of 15 → on track", admit,
			[]Review{rv(2020, 3, 0), rv(2021, 3, 0)}, 2022, O, 6, false, false, []Verdict{O, O, P}},
		{"term total: 5 after 2 years < pro-rata 6 → at risk", admit,
			[]Review{rv(2020, 3, 0), rv(2021, 2, 0)}, 2022, R, 5, false, false, []Verdict{O, R, P}},
		{"term total: 15 reached in 2023 → met for good, before the end", admit,
			[]Review{rv(2020, 5, 0), rv(2021, 5, 0), rv(2022, 5, 0)}, 2023, M, 15, false, true, []Verdict{O, O, M, P}},
		{"term total: 16 → vượt", admit,
			[]Review{rv(2020, 8, 0), rv(2021, 8, 0)}, 2022, M, 16, true, true, []Verdict{O, M, P}},
		{"term total: term over with 14 → not met", admit,
			[]Review{rv(2020, 3, 0), rv(2021, 3, 0), rv(2022, 3, 0), rv(2023, 3, 0), rv(2024, 2, 0)}, 2025, N, 14, false, true,
			[]Verdict{O, O, O, O, R, P}},
		{"term total ceiling: 1 in the first year projects 5 > 3 → at risk", discipline,
			[]Review{rv(2020, 1, 40)}, 2021, R, 1, false, false, []Verdict{R, P}},
		{"term total ceiling: 1 in two years projects 2,5 ≤ 3 → on track", discipline,
			[]Review{rv(2020, 0, 40), rv(2021, 1, 40)}, 2022, O, 1, false, false, []Verdict{O, O, P}},
		{"term total ceiling: 4 > 3 → not met for good", discipline,
			[]Review{rv(2020, 2, 40), rv(2021, 2, 40)}, 2022, N, 4, false, true, []Verdict{R, N, P}},
		{"term total ceiling: term over with 3 → met", discipline,
			[]Review{rv(2020, 2, 40), rv(2023, 1, 40)}, 2025, M, 3, false, true, []Verdict{R, P, P, R, P, P}},
		{"term total ceiling: term over with 2 → vượt", discipline,
			[]Review{rv(2020, 2, 40)}, 2025, M, 2, true, true, []Verdict{R, P, P, P, P, P}},
		{"term total none: nothing so far → on track", noneCase,
			[]Review{rv(2020, 0, 0), rv(2021, 0, 0)}, 2022, O, 0, false, false, []Verdict{O, O, P}},
		{"term total none: one case → not met", noneCase,
			[]Review{rv(2020, 0, 0), rv(2021, 1, 0)}, 2022, N, 1, false, true, []Verdict{O, N, P}},
		{"term total none: term over with none → met", noneCase,
			[]Review{rv(2020, 0, 0), rv(2024, 0, 0)}, 2025, M, 0, false, true, []Verdict{O, P, P, P, O, P}},
		{"term total =: 2 so far, pace 10 passes 5 → on track (the committee can stop at 5)", exact,
			[]Review{rv(2020, 2, 0)}, 2021, O, 2, false, false, []Verdict{O, P}},
		{"term total =: nothing in two years → at risk", exact,
			[]Review{rv(2020, 0, 0), rv(2021, 0, 0)}, 2022, R, 0, false, false, []Verdict{R, R, P}},
		{"term total =: 6 > 5 → not met for good", exact,
			[]Review{rv(2020, 6, 0)}, 2021, N, 6, false, true, []Verdict{N, P}},
		{"term total =: term over at exactly 5 → met, not vượt", exact,
			[]Review{rv(2020, 2, 0), rv(2021, 3, 0)}, 2025, M, 5, false, true, []Verdict{O, O, P, P, P, P}},
		{"term total >: exactly 10 at the end is not trên 10", over10,
			[]Review{rv(2020, 5, 0), rv(2021, 5, 0)}, 2025, N, 10, false, true, []Verdict{O, O, P, P, P, P}},
		{"term total >: 11 → met for good", over10,
			[]Review{rv(2020, 5, 0), rv(2021, 6, 0)}, 2022, M, 11, true, true, []Verdict{O, M, P}},
		{"term total money: 500 triệu in 2 years = pro-rata 400 → on track", budget,
			[]Review{rv(2020, 250_000_000, 0), rv(2021, 250_000_000, 0)}, 2022, O, 500_000_000, false, false, []Verdict{O, O, P}},

		// By year end N: year N decides; before it, the trend.
		{"by_year_end: 30% → 40% in two years projects 55% > 50% → on track", pipeline,
			[]Review{rv(2020, 3, 10), rv(2022, 2, 5)}, 2023, O, 40, false, false, []Verdict{R, P, O, P}},
		{"by_year_end: 30% → 32% projects 35% → at risk", pipeline,
			[]Review{rv(2020, 30, 100), rv(2022, 32, 100)}, 2023, R, 32, false, false, []Verdict{R, P, R, P}},
		{"by_year_end: one figure already over → on track", pipeline,
			[]Review{rv(2021, 3, 5)}, 2022, O, 60, false, false, []Verdict{P, O, P}},
		{"by_year_end: falling from 70% to 60% projects 45% → at risk though met now", pipeline,
			[]Review{rv(2020, 7, 10), rv(2021, 6, 10)}, 2022, R, 60, false, false, []Verdict{O, R, P}},
		{"by_year_end: year N's figure decides → met, vượt", pipeline,
			[]Review{rv(2020, 3, 10), rv(2025, 3, 5)}, 2025, M, 60, true, true, []Verdict{R, P, P, P, P, M}},
		{"by_year_end: term over, no 2025 figure, 2024 at exactly 50% → not met (the trend no longer counts)", pipeline,
			[]Review{rv(2023, 2, 5), rv(2024, 1, 2)}, 2025, N, 50, false, true, []Verdict{P, P, P, R, O, P}},
		{"by_year_end ceiling: poverty 5% → 3% projects 0% (clamped) < 1% → on track", poverty,
			[]Review{rv(2020, 5, 100), rv(2022, 3, 100)}, 2023, O, 3, false, false, []Verdict{R, P, O, P}},
		{"by_year_end ceiling: poverty 5% → 2% projects below 0, clamped to 0% → on track", poverty,
			[]Review{rv(2020, 5, 100), rv(2023, 2, 100)}, 2024, O, 2, false, false, []Verdict{R, P, P, O, P}},
		{"by_year_end range: 90% falling to 80% crosses 40–60% on the way → on track", pipelineRange,
			[]Review{rv(2020, 9, 10), rv(2021, 8, 10)}, 2022, O, 80, false, false, []Verdict{R, O, P}},
		{"term total range: 4 after 2 years projects 10, reaching 8–12 → on track", totalRange,
			[]Review{rv(2020, 2, 0), rv(2021, 2, 0)}, 2022, O, 4, false, false, []Verdict{O, O, P}},
		{"term total range: 13 > 12 → not met for good", totalRange,
			[]Review{rv(2020, 13, 0)}, 2021, N, 13, false, true, []Verdict{N, P}},
		{"by_year_end =100%: 80% → 90% projects 115%, clamped to 100% → on track", allCells,
			[]Review{rv(2020, 8, 10), rv(2022, 9, 10)}, 2022, O, 90, false, false, []Verdict{R, P, O}},
		{"by_year_end N inside the term: past N without N's figure → latest before N decides", mid,
			[]Review{rv(2021, 4, 5), rv(2022, 7, 10)}, 2024, N, 70, false, true, []Verdict{P, O, R, P, P}},
		{"by_year_end N inside the term: in year N without its figure → still in progress", mid,
			[]Review{rv(2021, 4, 5), rv(2022, 7, 10)}, 2023, R, 70, false, false, []Verdict{P, O, R, P}},
		{"by_year_end: N's figure, later years shown on their own", mid,
			[]Review{rv(2023, 4, 5), rv(2024, 7, 10)}, 2025, M, 80, false, true, []Verdict{P, P, P, M, N, P}},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			res, err := TermReview(c.t, c.reviews, start, end, c.asOf)
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != c.verdict || res.Value != c.value || res.Exceeded != c.exceeded || res.Final != c.final {
				t.Fatalf("got verdict %s value %v exceeded %v final %v; want %s %v %v %v",
					res.Verdict, res.Value, res.Exceeded, res.Final, c.verdict, c.value, c.exceeded, c.final)
			}
			if got := verdicts(res.Rows); !eqVerdicts(got, c.rows) {
				t.Fatalf("row verdicts %v, want %v", got, c.rows)
			}
			if res.HasValue != (len(c.reviews) > 0 && res.Verdict != Pending) {
				t.Fatalf("HasValue = %v", res.HasValue)
			}
			for i, row := range res.Rows {
				if row.Year != start+i {
					t.Fatalf("row %d is year %d", i, row.Year)
				}
			}
		})
	}
}

func TestTermReviewRunning(t *testing.T) {
	admit := tg(AtLeast, 15, People, TermTotal)
	res, err := TermReview(admit, []Review{rv(2020, 3, 0), rv(2022, 4, 0)}, 2020, 2025, 2022)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		reviewed       bool
		value, running float64
	}{{true, 3, 3}, {false, 0, 0}, {true, 4, 7}}
	for i, w := range want {
		r := res.Rows[i]
		if r.Reviewed != w.reviewed || r.Value != w.value || r.Running != w.running {
			t.Errorf("row %d: reviewed %v value %v running %v; want %+v", r.Year, r.Reviewed, r.Value, r.Running, w)
		}
	}
	avg := tg(AtLeast, 95, Percent, AveragePerYear)
	res, err = TermReview(avg, []Review{rv(2020, 9, 10), rv(2021, 1, 1), rv(2022, 2, 3)}, 2020, 2025, 2025)
	if err != nil {
		t.Fatal(err)
	}
	// Running means: 90, 95, (90+100+66,666…)/3 = 85,555… → 85,56.
	for i, w := range []float64{90, 95, 85.56} {
		if got := res.Rows[i].Running; got != w {
			t.Errorf("row %d running %v, want %v", res.Rows[i].Year, got, w)
		}
	}
}

func TestTermReviewErrors(t *testing.T) {
	yearly := tg(AtLeast, 95, Percent, Yearly)
	t.Run("duplicate year", func(t *testing.T) {
		_, err := TermReview(yearly, []Review{rv(2021, 19, 20), rv(2021, 18, 20)}, 2020, 2025, 2025)
		wantFieldErr(t, err, "year", "Năm 2021 có hai bản số liệu của cùng một chỉ tiêu.")
	})
	t.Run("numerator over denominator names the year", func(t *testing.T) {
		_, err := TermReview(yearly, []Review{rv(2021, 21, 20)}, 2020, 2025, 2025)
		wantFieldErr(t, err, "numerator", "Tử số (21) không được lớn hơn mẫu số (20).")
		if got := congressMessage(err); got != "Số liệu năm 2021: Tử số (21) không được lớn hơn mẫu số (20)." {
			t.Fatalf("message %q", got)
		}
	})
	t.Run("zero denominator", func(t *testing.T) {
		_, err := TermReview(yearly, []Review{rv(2021, 0, 0)}, 2020, 2025, 2025)
		wantFieldErr(t, err, "denominator", "")
	})
	t.Run("year outside the term", func(t *testing.T) {
		_, err := TermReview(yearly, []Review{rv(2026, 19, 20)}, 2020, 2025, 2026)
		wantFieldErr(t, err, "year", "Năm 2026 nằm ngoài nhiệm kỳ 2020–2025.")
	})
	t.Run("by_year outside the term", func(t *testing.T) {
		x := tg(AtLeast, 95, Percent, ByYearEnd)
		x.ByYear = 2030
		_, err := TermReview(x, nil, 2020, 2025, 2025)
		wantFieldErr(t, err, "by_year", "Năm 2030 nằm ngoài nhiệm kỳ 2020–2025.")
	})
	t.Run("invalid target", func(t *testing.T) {
		x := yearly
		x.Comparator = "?"
		_, err := TermReview(x, nil, 2020, 2025, 2025)
		wantFieldErr(t, err, "comparator", "")
	})
	t.Run("invalid term", func(t *testing.T) {
		_, err := TermReview(yearly, nil, 2025, 2020, 2025)
		if err == nil || congressMessage(err) != "Nhiệm kỳ 2025–2020 không hợp lệ." {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestSummary(t *testing.T) {
	res := func(v Verdict, exceeded bool) TermResult { return TermResult{Verdict: v, Exceeded: exceeded} }
	cases := []struct {
		rule    string
		results []TermResult
		want    string
		met     int
	}{
		{"DOMAIN Targets: x/y chỉ tiêu đạt và vượt, all met", []TermResult{res(Met, false), res(Met, false)},
			"2/2 chỉ tiêu đạt và vượt", 2},
		{"vượt counted within đạt", []TermResult{res(Met, true), res(Met, false), res(NotMet, false)},
			"2/3 chỉ tiêu đạt và vượt (trong đó 1 chỉ tiêu vượt); 1 chỉ tiêu không đạt", 2},
		{"in progress: the others are named, y counts all", []TermResult{res(Met, false), res(OnTrack, false), res(AtRisk, false), res(Pending, false)},
			"1/4 chỉ tiêu đạt và vượt; 1 chỉ tiêu đúng tiến độ, 1 chỉ tiêu có nguy cơ không đạt, 1 chỉ tiêu chưa có số liệu", 1},
		{"no targets", nil, "0/0 chỉ tiêu đạt và vượt", 0},
	}
	for _, c := range cases {
		s := Summary(c.results)
		if s.Headline != c.want || s.Met != c.met || s.Total != len(c.results) {
			t.Errorf("%s: %+v, want %q", c.rule, s, c.want)
		}
	}
}

// FuzzEvaluateShare checks the exact comparison against integer cross-multiplication for every
// comparator on a whole-percent target: num/den × 100 ⋚ v  ⇔  num × 100 ⋚ v × den.
func FuzzEvaluateShare(f *testing.F) {
	f.Add(int64(19), int64(20), uint8(95))
	f.Add(int64(1), int64(3), uint8(33))
	f.Add(int64(0), int64(1), uint8(0))
	f.Fuzz(func(t *testing.T, num, den int64, v uint8) {
		if den <= 0 || den > 1_000_000 || num < 0 || num > den || v > 100 {
			return
		}
		lhs, rhs := num*100, int64(v)*den
		want := map[Comparator]bool{
			AtLeast: lhs >= rhs, MoreThan: lhs > rhs, Equal: lhs == rhs, AtMost: lhs <= rhs, LessThan: lhs < rhs,
		}
		for cmp, ok := range want {
			x := tg(cmp, float64(v), Percent, Yearly)
			if x.Validate() != nil { // trên 100%, dưới 0%: unreachable targets are refused
				continue
			}
			_, got := Evaluate(x, rv(2021, num, den))
			if (got == Met) != ok {
				t.Fatalf("%d/%d %s %d%%: %s, want met=%v", num, den, cmp, v, got, ok)
			}
		}
	})
}
