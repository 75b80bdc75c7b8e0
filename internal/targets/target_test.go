package targets

import (
	"math"
	"strings"
	"testing"
)

func TestTargetValidate(t *testing.T) {
	ok := []struct {
		rule string
		edit func(*Target)
	}{
		{"DOMAIN Targets: >= trở lên, percent, yearly", func(*Target) {}},
		{"DOMAIN Targets: > trên", func(x *Target) { x.Comparator, x.Value = MoreThan, 50 }},
		{"DOMAIN Targets: = exact", func(x *Target) { x.Comparator, x.Value = Equal, 100 }},
		{"DOMAIN Targets: range từ a đến b", func(x *Target) { x.Comparator, x.Value, x.ValueHigh = Between, 40, 50 }},
		{"ceiling: không quá", func(x *Target) { x.Comparator, x.Value = AtMost, 2 }},
		{"ceiling: dưới, two decimals", func(x *Target) { x.Comparator, x.Value = LessThan, 1.25 }},
		{"DOMAIN Targets: none không có, value 0", func(x *Target) { x.Comparator, x.Value, x.Unit = None, 0, People }},
		{"DOMAIN Targets: >= 100% is reachable", func(x *Target) { x.Value = 100 }},
		{"DOMAIN Targets: permille", func(x *Target) { x.Unit, x.Value = Permille, 12.5 }},
		{"DOMAIN Targets: people, term total", func(x *Target) { x.Unit, x.Value, x.Period = People, 15, TermTotal }},
		{"DOMAIN Targets: money, term total", func(x *Target) { x.Unit, x.Value, x.Period = Money, 1_200_000_000, TermTotal }},
		{"DOMAIN Targets: count, average per year", func(x *Target) { x.Unit, x.Value, x.Period = Count, 5, AveragePerYear }},
		{"DOMAIN Targets: by_year_end N", func(x *Target) { x.Period, x.ByYear = ByYearEnd, 2025 }},
		{"DOMAIN Targets: economy", func(x *Target) { x.Category = Economy }},
		{"DOMAIN Targets: culture-society", func(x *Target) { x.Category = CultureSociety }},
		{"DOMAIN Targets: defence-security", func(x *Target) { x.Category = DefenceSecurity }},
		{"ShareOf: trong đó = parent's numerator", func(x *Target) { x.ParentID, x.ShareOf = ptr(9), ShareOfParentNumerator }},
		{"ShareOf: parent's base", func(x *Target) { x.ParentID, x.ShareOf = ptr(9), ShareOfParentBase }},
		{"ShareOf: text base", func(x *Target) { x.ShareOf, x.Base = ShareOfText, "tổng số đảng viên được đánh giá" }},
		{"ShareOf: count sub-target needs no base", func(x *Target) { x.ParentID, x.Unit, x.Value = ptr(9), Count, 1 }},
	}
	for _, c := range ok {
		t.Run("OK/"+c.rule, func(t *testing.T) {
			x := base()
			c.edit(&x)
			if err := x.Validate(); err != nil {
				t.Fatalf("Validate() = %v %v", err, err)
			}
		})
	}

	bad := []struct {
		rule, field, msg string
		edit             func(*Target)
	}{
		{"subject required", "subject", "Nhập đối tượng của chỉ tiêu (ví dụ: đảng viên hoàn thành tốt nhiệm vụ trở lên).",
			func(x *Target) { x.Subject = "  \t " }},
		{"sentence required: several targets share one sentence", "sentence", "Nhập câu trong nghị quyết mà chỉ tiêu được lấy ra.",
			func(x *Target) { x.Sentence = "" }},
		{"comparator code", "comparator", `Cách so sánh "≥" không hợp lệ.`, func(x *Target) { x.Comparator = "≥" }},
		{"unit code", "unit", `Đơn vị tính "%" không hợp lệ.`, func(x *Target) { x.Unit = "%" }},
		{"period code", "period", `Kỳ đánh giá "monthly" không hợp lệ.`, func(x *Target) { x.Period = "monthly" }},
		{"category code", "category", `Lĩnh vực "sport" không hợp lệ.`, func(x *Target) { x.Category = "sport" }},
		{"value must be a number", "value", "Giá trị chỉ tiêu không phải là số.", func(x *Target) { x.Value = math.NaN() }},
		{"subject length", "subject", "Đối tượng dài 301 ký tự, tối đa 300.", func(x *Target) { x.Subject = strings.Repeat("đ", 301) }},
		{"negative value", "value", "Giá trị chỉ tiêu không được âm (-5).", func(x *Target) { x.Value = -5 }},
		{"share cannot pass the whole", "value", "Giá trị chỉ tiêu (120) không được vượt quá 100%.", func(x *Target) { x.Value = 120 }},
		{"permille cannot pass the whole", "value", "Giá trị chỉ tiêu (1001) không được vượt quá 1.000‰.",
			func(x *Target) { x.Unit, x.Value = Permille, 1001 }},
		{"percent: two decimals at most", "value", "Giá trị chỉ tiêu (95,125) chỉ được có tối đa 2 chữ số thập phân.",
			func(x *Target) { x.Value = 95.125 }},
		{"people are whole", "value", "Giá trị chỉ tiêu (2,5) phải là số nguyên.", func(x *Target) { x.Unit, x.Value, x.Period = People, 2.5, TermTotal }},
		{"money is whole đồng", "value", "Giá trị chỉ tiêu (1000,5) phải là số nguyên.", func(x *Target) { x.Unit, x.Value, x.Period = Money, 1000.5, TermTotal }},
		{"trên 100% is unreachable", "value", "Không thể đạt “trên 100%”: tỷ lệ không vượt quá 100%.",
			func(x *Target) { x.Comparator, x.Value = MoreThan, 100 }},
		{"dưới 0 is unreachable", "value", "Không thể đạt “dưới 0”; chọn “không có” nếu chỉ tiêu là bằng 0.",
			func(x *Target) { x.Comparator, x.Value, x.Unit, x.Period = LessThan, 0, Count, TermTotal }},
		{"DOMAIN Targets: none means 0", "value", "Chỉ tiêu “không có” phải có giá trị 0 (đang là 1).",
			func(x *Target) { x.Comparator, x.Value, x.Unit = None, 1, People }},
		{"range needs high > low", "value_high", "Giá trị cận trên (40) phải lớn hơn giá trị cận dưới (50).",
			func(x *Target) { x.Comparator, x.Value, x.ValueHigh = Between, 50, 40 }},
		{"range high within the whole", "value_high", "Giá trị cận trên (101) không được vượt quá 100%.",
			func(x *Target) { x.Comparator, x.Value, x.ValueHigh = Between, 50, 101 }},
		{"value_high only for a range", "value_high", "Chỉ nhập giá trị cận trên khi chỉ tiêu là khoảng “từ … đến …”.",
			func(x *Target) { x.ValueHigh = 99 }},
		{"by_year_end needs N", "by_year", "Nhập năm phải đạt chỉ tiêu (ví dụ: 2025).", func(x *Target) { x.Period = ByYearEnd }},
		{"N only with by_year_end", "by_year", "Chỉ nhập năm khi kỳ đánh giá là “đến cuối năm”.", func(x *Target) { x.ByYear = 2025 }},
		{"term total counts amounts, not shares", "period",
			"Chỉ tiêu cộng dồn cả nhiệm kỳ phải tính bằng số lượng, số người hoặc tiền, không tính bằng tỷ lệ.",
			func(x *Target) { x.Period = TermTotal }},
		{"ShareOf explicit for a percentage sub-target", "share_of",
			"Chỉ tiêu con tính theo tỷ lệ phải ghi rõ là tỷ lệ của số nào: trong số đạt chỉ tiêu cha, cùng tổng số với chỉ tiêu cha, hoặc một tổng số ghi rõ.",
			func(x *Target) { x.ParentID = ptr(9) }},
		{"ShareOf parent needs a parent", "share_of", "Tỷ lệ tính theo chỉ tiêu cha cần chọn chỉ tiêu cha.",
			func(x *Target) { x.ShareOf = ShareOfParentNumerator }},
		{"ShareOf only for shares", "share_of", "Chỉ chọn cơ sở tính khi chỉ tiêu là tỷ lệ (% hoặc ‰).",
			func(x *Target) { x.Unit, x.Value, x.ShareOf = Count, 1, ShareOfText }},
		{"ShareOf code", "share_of", `Cơ sở tính tỷ lệ "half" không hợp lệ.`, func(x *Target) { x.ShareOf = "half" }},
		{"ShareOf text needs the base", "base", "Ghi rõ tỷ lệ này tính trên tổng số nào (ví dụ: tổng số đảng viên được đánh giá).",
			func(x *Target) { x.ShareOf = ShareOfText }},
		{"base only with ShareOf text", "base", "Chỉ ghi tổng số khi chọn cơ sở tính “tổng số ghi rõ”.",
			func(x *Target) { x.Base = "tổng số đảng viên" }},
		{"parent must not be itself", "parent_id", "Chỉ tiêu không thể là chỉ tiêu cha của chính nó.",
			func(x *Target) { x.ParentID, x.ShareOf = ptr(1), ShareOfParentBase }},
		{"parent id positive", "parent_id", "Chỉ tiêu cha không hợp lệ.", func(x *Target) { x.ParentID, x.ShareOf = ptr(0), ShareOfParentBase }},
		{"position not negative", "position", "Thứ tự (-1) không được âm.", func(x *Target) { x.Position = -1 }},
	}
	for _, c := range bad {
		t.Run("Err/"+c.rule, func(t *testing.T) {
			x := base()
			c.edit(&x)
			wantFieldErr(t, x.Validate(), c.field, c.msg)
		})
	}
}

func TestTargetValidateCleansText(t *testing.T) {
	x := base()
	x.Subject = "  đảng  viên \n"
	if err := x.Validate(); err != nil {
		t.Fatal(err)
	}
	if x.Subject != "đảng viên" {
		t.Fatalf("Subject = %q", x.Subject)
	}
}

func TestTargetValidateParent(t *testing.T) {
	parent := base()
	child := func() Target {
		c := base()
		c.ID, c.ParentID, c.ShareOf, c.Value = 2, ptr(1), ShareOfParentNumerator, 10
		return c
	}
	t.Run("OK", func(t *testing.T) {
		c := child()
		if err := c.ValidateParent(parent); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("OK/no parent", func(t *testing.T) {
		c := base()
		if err := c.ValidateParent(Target{}); err != nil {
			t.Fatal(err)
		}
	})
	cases := []struct {
		rule, field, msg string
		edit             func(c, p *Target)
	}{
		{"parent id matches", "parent_id", "Chỉ tiêu cha không khớp.", func(c, p *Target) { p.ID = 7 }},
		{"same congress: a review for another congress's target is refused", "parent_id",
			"Chỉ tiêu cha thuộc nghị quyết của đại hội khác.", func(c, p *Target) { p.CongressID = 2 }},
		{"one level of trong đó", "parent_id", "Chỉ tiêu con không thể làm chỉ tiêu cha (chỉ một cấp “trong đó”).",
			func(c, p *Target) { p.ParentID = ptr(5) }},
		{"share of a parent needs a share parent", "share_of", "Chỉ tiêu cha không tính bằng tỷ lệ nên không thể lấy làm cơ sở tính.",
			func(c, p *Target) { p.Unit = Count }},
		{"share of a parent needs the same period", "period",
			"Tỷ lệ tính theo chỉ tiêu cha phải cùng kỳ đánh giá với chỉ tiêu cha (hằng năm).",
			func(c, p *Target) { c.Period, c.ByYear = ByYearEnd, 2025 }},
	}
	for _, tc := range cases {
		t.Run("Err/"+tc.rule, func(t *testing.T) {
			c, p := child(), parent
			tc.edit(&c, &p)
			wantFieldErr(t, c.ValidateParent(p), tc.field, tc.msg)
		})
	}
}

func TestTargetValidateTerm(t *testing.T) {
	x := base()
	x.Period, x.ByYear = ByYearEnd, 2025
	if err := x.ValidateTerm(2020, 2025); err != nil {
		t.Fatalf("2025 in 2020–2025: %v", err)
	}
	x.ByYear = 2027
	wantFieldErr(t, x.ValidateTerm(2020, 2025), "by_year", "Năm 2027 nằm ngoài nhiệm kỳ 2020–2025.")
	y := base() // not by_year_end: nothing to check
	if err := y.ValidateTerm(2020, 2025); err != nil {
		t.Fatal(err)
	}
}

func TestTargetPhrase(t *testing.T) {
	cases := []struct {
		edit func(*Target)
		want string
	}{
		{func(*Target) {}, "từ 95% trở lên, hằng năm"},
		{func(x *Target) { x.Comparator, x.Value, x.Period, x.ByYear = MoreThan, 50, ByYearEnd, 2025 }, "trên 50%, đến cuối năm 2025"},
		{func(x *Target) { x.Comparator, x.Value = Equal, 100 }, "bằng 100%, hằng năm"},
		{func(x *Target) { x.Comparator, x.Value, x.ValueHigh = Between, 40, 50 }, "từ 40% đến 50%, hằng năm"},
		{func(x *Target) { x.Comparator, x.Value, x.Period = AtMost, 2.5, AveragePerYear }, "không quá 2,5%, bình quân mỗi năm"},
		{func(x *Target) { x.Comparator, x.Value, x.Unit = LessThan, 1.25, Permille }, "dưới 1,25‰, hằng năm"},
		{func(x *Target) { x.Comparator, x.Value, x.Unit, x.Period = None, 0, People, TermTotal }, "không có, cả nhiệm kỳ"},
		{func(x *Target) { x.Value, x.Unit, x.Period = 1_200_000_000, Money, TermTotal }, "từ 1.200.000.000 đồng trở lên, cả nhiệm kỳ"},
		{func(x *Target) { x.Value, x.Unit, x.Period = 15, People, TermTotal }, "từ 15 người trở lên, cả nhiệm kỳ"},
	}
	for _, c := range cases {
		x := base()
		c.edit(&x)
		if got := x.Phrase(); got != c.want {
			t.Errorf("Phrase() = %q, want %q", got, c.want)
		}
	}
}

func TestCodes(t *testing.T) {
	for _, c := range []Comparator{AtLeast, MoreThan, Equal, Between, AtMost, LessThan, None} {
		if !c.Valid() || c.Label() == string(c) {
			t.Errorf("comparator %q: valid %v label %q", c, c.Valid(), c.Label())
		}
	}
	for _, u := range []Unit{Percent, Permille, People, Money, Count} {
		if !u.Valid() || u.Label() == "" {
			t.Errorf("unit %q", u)
		}
	}
	for _, p := range []Period{Yearly, AveragePerYear, TermTotal, ByYearEnd} {
		if !p.Valid() || p.Label() == string(p) {
			t.Errorf("period %q", p)
		}
	}
	for _, c := range []Category{Economy, CultureSociety, DefenceSecurity, PartyBuilding} {
		if !c.Valid() || c.Label() == string(c) {
			t.Errorf("category %q", c)
		}
	}
	for _, r := range []Rating{Excellent, Good, Completed, NotCompleted} {
		if !r.Valid() || r.Label() == string(r) {
			t.Errorf("rating %q", r)
		}
	}
	for _, v := range []Verdict{Met, NotMet, OnTrack, AtRisk, Pending} {
		if !v.Valid() || v.Label() == string(v) {
			t.Errorf("verdict %q has no label", v)
		}
	}
	for _, m := range []Measure{MeasureGoodOrBetter, MeasureExcellent, MeasureCompletedOrBetter, MeasureNotCompleted} {
		if !m.Valid() || m.Label() == string(m) {
			t.Errorf("measure %q", m)
		}
	}
	if Comparator("≥").Valid() || Unit("").Valid() || Period("").Valid() || Category("").Valid() || Rating("").Valid() {
		t.Error("unknown codes must be invalid")
	}
}

func TestFormatValue(t *testing.T) {
	cases := []struct {
		v    float64
		u    Unit
		want string
	}{
		{95, Percent, "95%"},
		{85.714, Percent, "85,71%"},
		{12.345, Percent, "12,35%"}, // half-up on the decimal, not on the binary 12.3449…
		{2.5, Percent, "2,5%"},
		{12.5, Permille, "12,5‰"},
		{3, People, "3 người"},
		{1_200_000, Money, "1.200.000 đồng"},
		{27, Count, "27"},
	}
	for _, c := range cases {
		if got := FormatValue(c.v, c.u); got != c.want {
			t.Errorf("FormatValue(%v, %s) = %q, want %q", c.v, c.u, got, c.want)
		}
	}
}
