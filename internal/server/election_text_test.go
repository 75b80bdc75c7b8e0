package server

import "testing"

// TestNumberRanges: the entry log shortens the kept positions of a ballot into runs.
func TestNumberRanges(t *testing.T) {
	for _, c := range []struct {
		in   []int
		want string
	}{
		{[]int{1}, "1"},
		{[]int{1, 2, 3, 5, 7, 8}, "1–3, 5, 7–8"},
		{[]int{2, 4, 6}, "2, 4, 6"},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8}, "1–8"},
	} {
		if got := numberRanges(c.in); got != c.want {
			t.Errorf("numberRanges(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestKeepTerm: a heading never breaks before or after the dash of a term, nor inside the words
// that name party bodies; other spaces stay breakable.
func TestKeepTerm(t *testing.T) {
	for in, want := range map[string]string{
		"ĐẠI HỘI LẦN THỨ II, NHIỆM KỲ 2020 – 2025": "ĐẠI\u00a0HỘI LẦN\u00a0THỨ II, NHIỆM\u00a0KỲ 2020\u00a0–\u2060\u00a02025",
		"ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH":            "ĐẢNG\u00a0BỘ KHỐI CÁC CƠ\u00a0QUAN TỈNH",
		"Bầu Bí thư": "Bầu Bí thư",
	} {
		if got := keepTerm(in); got != want {
			t.Errorf("keepTerm(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestPercentText: hundredths of a percent with a decimal comma and thousands dots.
func TestPercentText(t *testing.T) {
	for in, want := range map[int64]string{9655: "96,55%", 10000: "100,00%", 5: "0,05%", 0: "0,00%", 123456: "1.234,56%"} {
		if got := percentText(in); got != want {
			t.Errorf("percentText(%d) = %q, want %q", in, got, want)
		}
	}
}
