package targets

import (
	"testing"

	"daihoi/internal/congress"
)

func TestDegreeAndTheoryLevels(t *testing.T) {
	degrees := map[string]int{
		"Tiến sĩ Nông nghiệp": DegreeDoctor, "Thạc sĩ Quản lý khoa học": DegreeMaster, "Kỹ sư Điện": DegreeUniversity,
		"Cử nhân Luật": DegreeUniversity, "Bác sĩ chuyên khoa II": DegreeMaster, "Bác sĩ đa khoa": DegreeUniversity,
		"Cao đẳng Sư phạm": DegreeCollege, "Trung cấp Kế toán": DegreeIntermediate, "": DegreeOther,
		"THẠC SĨ KINH TẾ": DegreeMaster,
	}
	for in, want := range degrees {
		if got := DegreeLevel(in); got != want {
			t.Errorf("DegreeLevel(%q) = %s, want %s", in, DegreeLabels[got], DegreeLabels[want])
		}
	}
	theory := map[string]int{"Cao cấp": TheoryHigh, "Cử nhân chính trị": TheoryHigh, "Trung cấp": TheoryIntermediate,
		"sơ cấp": TheoryBasic, "": TheoryNone, "Chưa qua đào tạo": TheoryNone}
	for in, want := range theory {
		if got := TheoryLevel(in); got != want {
			t.Errorf("TheoryLevel(%q) = %s, want %s", in, TheoryLabels[got], TheoryLabels[want])
		}
	}
}

// seedCommittee is the seed congress's executive committee as the demo records it: 7 members, 3
// women, a Khmer member, 5 re-elected.
func seedCommittee() []congress.Person {
	return []congress.Person{
		{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", Ethnicity: "Kinh", Degree: "Tiến sĩ Nông nghiệp", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "Nguyễn Thị Lan", BirthDate: "1975-08-02", Gender: "female", Ethnicity: "Kinh", Degree: "Thạc sĩ Quản lý khoa học", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "Trần Văn Bình", BirthDate: "1979-11-20", Gender: "male", Ethnicity: "Kinh", Degree: "Cử nhân Luật", TheoryLevel: "Trung cấp", Incumbent: true},
		{FullName: "Lê Thị Hạnh", BirthDate: "1983-04-30", Gender: "female", Ethnicity: "Kinh", Degree: "Thạc sĩ Sinh học", TheoryLevel: "Trung cấp"},
		{FullName: "Phạm Quốc Dũng", BirthDate: "1972-06-15", Gender: "male", Ethnicity: "Kinh", Degree: "Kỹ sư Điện", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "Võ Thanh Sơn", BirthDate: "1986-01-09", Gender: "male", Ethnicity: "Khmer", Degree: "Thạc sĩ Công nghệ thông tin", TheoryLevel: "Trung cấp"},
		{FullName: "Đặng Thị Mai", BirthDate: "1977-09-05", Gender: "female", Ethnicity: "Kinh", Degree: "Cử nhân Kinh tế", TheoryLevel: "Cao cấp", Incumbent: true},
	}
}

func TestComposition(t *testing.T) {
	var c Composition
	for _, p := range seedCommittee() {
		c.Add(p, "2020-05-28")
	}
	// Ages on 28/05/2020: 52, 44, 40, 37, 47, 34, 42.
	want := Composition{Size: 7, Women: 3, Under40: 2, Age40To50: 4, Over50: 1, Young: 1, Minority: 1, Reelected: 5, New: 2,
		AgeSum: 52 + 44 + 40 + 37 + 47 + 34 + 42}
	want.Degrees[DegreeDoctor], want.Degrees[DegreeMaster], want.Degrees[DegreeUniversity] = 1, 3, 3
	want.Theory[TheoryHigh], want.Theory[TheoryIntermediate] = 4, 3
	if c != want {
		t.Fatalf("composition\n got %+v\nwant %+v", c, want)
	}
	if got := c.AverageAgeTenths(); got != 423 { // 296 / 7 = 42,29
		t.Fatalf("average age %d tenths", got)
	}
	var total Composition
	total.Merge(c)
	total.Merge(c)
	if total.Size != 14 || total.Women != 6 || total.Degrees[DegreeMaster] != 6 || total.AverageAgeTenths() != 423 {
		t.Fatalf("merged %+v", total)
	}
	if (Composition{}).AverageAgeTenths() != -1 {
		t.Fatal("an empty committee has no average age")
	}
	var unknown Composition
	unknown.Add(congress.Person{FullName: "Không rõ"}, "2020-05-28")
	if unknown.AgeUnknown != 1 || unknown.Under40 != 0 || unknown.Minority != 0 || unknown.New != 1 {
		t.Fatalf("unknown person %+v", unknown)
	}
}

// The 2020–2025 targets of DOMAIN.md, judged on the seed committee.
func TestChecks(t *testing.T) {
	var c Composition
	for _, p := range seedCommittee() {
		c.Add(p, "2020-05-28")
	}
	list := []GuidanceTarget{
		{Metric: MetricUnder40, Comparator: AtLeast, Value: 10},
		{Metric: MetricAge40To50, Comparator: Between, Value: 40, ValueHigh: 50},
		{Metric: MetricWomen, Comparator: AtLeast, Value: 15},
		{Metric: MetricYoung, Comparator: AtLeast, Value: 10},
	}
	row := StructureRow{Composition: c}
	row.Judge(list)
	got := map[Metric]StructureCheck{}
	for _, ch := range row.Checks {
		got[ch.Metric] = ch
	}
	cases := []struct {
		m       Metric
		count   int
		percent int64
		verdict Verdict
	}{
		{MetricWomen, 3, 4286, Met},
		{MetricUnder40, 2, 2857, Met},
		{MetricAge40To50, 4, 5714, NotMet}, // 57,14% is over the 40–50% band
		{MetricYoung, 1, 1429, Met},
		{MetricMinority, 1, 1429, ""},
		{MetricReelected, 5, 7143, ""},
	}
	for _, cs := range cases {
		ch := got[cs.m]
		if ch.Count != cs.count || ch.PercentHundredths != cs.percent || ch.Verdict != cs.verdict {
			t.Errorf("%s: %+v, want %d, %d, %q", cs.m, ch, cs.count, cs.percent, cs.verdict)
		}
	}
	if row.Misses != 1 {
		t.Fatalf("misses %d", row.Misses)
	}
	if len(row.Checks) != len(Metrics) {
		t.Fatalf("%d checks", len(row.Checks))
	}
	if v := list[2].Judge(0, 0); v != Pending {
		t.Fatalf("empty committee: %s", v)
	}
}

func TestGuidanceTargetValidate(t *testing.T) {
	ok := GuidanceTarget{Metric: MetricAge40To50, Comparator: Between, Value: 40, ValueHigh: 50, Source: " Chỉ thị 35-CT/TW "}
	if err := ok.Validate(); err != nil || ok.Source != "Chỉ thị 35-CT/TW" {
		t.Fatalf("valid target: %v", err)
	}
	if r := ok.Requirement(); r != "từ 40% đến 50%" {
		t.Fatalf("requirement %q", r)
	}
	if r := (GuidanceTarget{Metric: MetricWomen, Comparator: AtLeast, Value: 15}).Requirement(); r != "từ 15% trở lên" {
		t.Fatalf("requirement %q", r)
	}
	bad := map[string]GuidanceTarget{
		"metric":     {Metric: "height", Comparator: AtLeast, Value: 10},
		"comparator": {Metric: MetricWomen, Comparator: "~", Value: 10},
		"value":      {Metric: MetricWomen, Comparator: AtLeast, Value: 120},
		"value_high": {Metric: MetricWomen, Comparator: Between, Value: 50, ValueHigh: 40},
	}
	for field, g := range bad {
		err := g.Validate()
		if congress.ErrorCode(err) != congress.EINVALID || congress.ErrorFields(err)[field] == "" {
			t.Errorf("%s: %v %v", field, err, congress.ErrorFields(err))
		}
	}
	none := GuidanceTarget{Metric: MetricWomen, Comparator: None}
	if congress.ErrorFields(none.Validate())["comparator"] == "" {
		t.Fatal("none accepted")
	}
}
