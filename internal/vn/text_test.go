package vn

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestNFC(t *testing.T) {
	decomposed := norm.NFD.String("Huỳnh Minh Tuấn")
	if decomposed == "Huỳnh Minh Tuấn" {
		t.Fatal("test input should be decomposed")
	}
	if got := NFC(decomposed); got != "Huỳnh Minh Tuấn" {
		t.Fatalf("NFC = %q", got)
	}
}

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Tuấn":                          "tuan",
		"Đồng Tháp":                     "dong thap",
		"ĐẢNG CỘNG SẢN VIỆT NAM":        "dang cong san viet nam",
		"  Huỳnh   Minh\tTuấn ":         "huynh minh tuan",
		"Nguyễn Thị Ánh":                "nguyen thi anh",
		"Ưng Ơn Ấn Ắc Ê":                "ung on an ac e",
		"KH&CN 2020–2025":               "kh&cn 2020–2025",
		"":                              "",
		"   ":                           "",
		norm.NFD.String("Đặng Thị Mai"): "dang thi mai",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	// The search use: a folded query is found in a folded name.
	if !strings.Contains(Fold("Huỳnh Minh Tuấn"), Fold("tuan")) {
		t.Error("tuan should match Tuấn")
	}
	if !strings.Contains(Fold("Sở Khoa học và Công nghệ tỉnh Đồng Tháp"), Fold("dong thap")) {
		t.Error("dong thap should match Đồng Tháp")
	}
}

func TestRoman(t *testing.T) {
	cases := map[int]string{
		1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 9: "IX", 10: "X", 14: "XIV", 19: "XIX", 40: "XL",
		49: "XLIX", 90: "XC", 400: "CD", 1994: "MCMXCIV", 2020: "MMXX", 3999: "MMMCMXCIX",
		0: "0", -3: "-3", 4000: "4000",
	}
	for n, want := range cases {
		if got := Roman(n); got != want {
			t.Errorf("Roman(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatInt(t *testing.T) {
	cases := map[int64]string{
		0: "0", 7: "7", 999: "999", 1000: "1.000", 1234: "1.234", 123456: "123.456", 1234567: "1.234.567",
		-1234: "-1.234", -999: "-999", 9223372036854775807: "9.223.372.036.854.775.807",
	}
	for n, want := range cases {
		if got := FormatInt(n); got != want {
			t.Errorf("FormatInt(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	cases := []struct {
		x      float64
		places int
		want   string
	}{
		{1234.5, 1, "1.234,5"},
		{1234.5, 2, "1.234,50"},
		{1234567.891, 2, "1.234.567,89"},
		{0.5, 0, "0"}, // FormatFloat rounds halves to even on the binary value
		{2.5, 0, "2"},
		{999.999, 2, "1.000,00"},
		{-1234.5, 1, "-1.234,5"},
		{-0.001, 2, "0,00"},
		{12, -1, "12"},
		{0, 2, "0,00"},
	}
	for _, tc := range cases {
		if got := FormatDecimal(tc.x, tc.places); got != tc.want {
			t.Errorf("FormatDecimal(%v, %d) = %q, want %q", tc.x, tc.places, got, tc.want)
		}
	}
}

func TestPercent(t *testing.T) {
	cases := map[float64]string{
		95.238:  "95,24%",
		50:      "50,00%",
		85.71:   "85,71%",
		100:     "100,00%",
		0.13:    "0,13%",
		87.38:   "87,38%",
		12.5:    "12,50%",
		1234.56: "1.234,56%",
	}
	for x, want := range cases {
		if got := Percent(x); got != want {
			t.Errorf("Percent(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestDate(t *testing.T) {
	cases := map[string]string{
		"2020-05-28": "28/05/2020",
		"2024-12-31": "31/12/2024",
		"2020-02-30": "2020-02-30", // not a date: unchanged
		"28/05/2020": "28/05/2020",
		"":           "",
		"hôm nay":    "hôm nay",
	}
	for in, want := range cases {
		if got := Date(in); got != want {
			t.Errorf("Date(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"28/05/2020", "2020-05-28", true},
		{"28/5/2020", "2020-05-28", true},
		{"3/2/2024", "2024-02-03", true},
		{" 2020-05-28 ", "2020-05-28", true},
		{"29/02/2024", "2024-02-29", true},
		{"29/02/2023", "", false},
		{"31/04/2020", "", false},
		{"32/01/2020", "", false},
		{"01/13/2020", "", false},
		{"0/1/2020", "", false},
		{"28/05/20", "", false},
		{"28-05-2020", "", false},
		{"28/05/2020/1", "", false},
		{"+1/05/2020", "", false},
		{"ab/05/2020", "", false},
		{"", "", false},
	}
	for _, tc := range cases {
		got, ok := ParseDate(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDocumentDate(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 9, 0, 0, 0, time.UTC) }
	cases := []struct {
		place string
		t     time.Time
		want  string
	}{
		{"Đồng Tháp", d(2020, 5, 28), "Đồng Tháp, ngày 28 tháng 5 năm 2020"},
		{"Đồng Tháp", d(2020, 2, 3), "Đồng Tháp, ngày 03 tháng 02 năm 2020"},
		{"Hà Nội", d(2025, 1, 10), "Hà Nội, ngày 10 tháng 01 năm 2025"},
		{"Hà Nội", d(2025, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2025"},
		{"Hà Nội", d(2025, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2025"},
		{"Hà Nội", d(2025, 10, 1), "Hà Nội, ngày 01 tháng 10 năm 2025"},
		{"", d(2020, 5, 28), "ngày 28 tháng 5 năm 2020"},
		{norm.NFD.String("Đồng Tháp"), d(2020, 5, 28), "Đồng Tháp, ngày 28 tháng 5 năm 2020"},
	}
	for _, tc := range cases {
		if got := DocumentDate(tc.place, tc.t); got != tc.want {
			t.Errorf("DocumentDate(%q, %s) = %q, want %q", tc.place, tc.t.Format("2006-01-02"), got, tc.want)
		}
	}
}
