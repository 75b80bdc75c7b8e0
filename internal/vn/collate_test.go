package vn

import (
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// vietnameseOrder is a list of real Vietnamese names in the order a Vietnamese reader expects on a
// ballot: given name first, then middle names, then family name, with the letters a ă â b c d đ e ê …
// o ô ơ … u ư and tones deciding only between otherwise equal letters.
var vietnameseOrder = []string{
	"Lê Thị An",      // An: middle "Thị" before "Văn"
	"Dương Văn An",   // same given and middle: family decides, D before Đ
	"Đặng Văn An",    //
	"Nguyễn Văn An",  //
	"Hoàng Anh",      // An < Anh (prefix); no middle name comes first
	"Đỗ Tuấn Anh",    //
	"Thái Minh Ánh",  // Anh < Ánh: the tone decides only after the letters
	"Trần Thị Ánh",   // after "Thái Minh Ánh": the middle names decide, not the family name
	"Vũ Văn Ân",      // Ánh < Ân: â is a letter after a
	"Ngô Quốc Bảo",   // a before ă
	"Lê Văn Bắc",     //
	"Trần Văn Bình",  //
	"Lý Thị Cúc",     //
	"Phạm Quốc Dũng", //
	"Trần Thị Duyên", // n < y
	"Nguyễn Văn Dương",
	"Lê Minh Đức", // Đ after every D
	"Phan Văn Đức",
	"Hồ Văn Giang",
	"Phan Thị Hà",
	"Lê Thị Hạnh",
	"Nguyễn Văn Hùng",
	"Trần Văn Hưng", // Ư after U
	"Phan Văn Khoa",
	"Nguyễn Thị Lan",
	"Hồ Văn Long",
	"Đặng Thị Mai",
	"Hồ Văn Minh",
	"Bùi Văn Nam",
	"Hồ Thị Ngọc",
	"Võ Thanh Sơn",
	"Nguyễn Văn Tâm", // â sorts with the a's, before h
	"Trần Văn Thái",
	"Lê Thị Thanh",
	"Nguyễn Văn Thắng",
	"Nguyễn Thị Thoa", // O …
	"Trần Văn Thông",  // … then Ô …
	"Lê Thị Thơ",      // … then Ơ
	"Trần Thị Thu",
	"Phạm Thị Thùy",
	"Nguyễn Thị Thư", // Ư after U
	"Đỗ Thị Thương",
	"Lê Văn Tú",
	"Huỳnh Minh Tuấn",
	"Phạm Thanh Tùng",
	"Nguyễn Thị Xuân",
	"Trần Thị Yến",
}

func TestSortNames(t *testing.T) {
	if len(vietnameseOrder) < 40 {
		t.Fatalf("the collation test needs at least 40 names, has %d", len(vietnameseOrder))
	}
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 20; round++ {
		names := slices.Clone(vietnameseOrder)
		r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
		SortNames(names)
		if !slices.Equal(names, vietnameseOrder) {
			for i := range names {
				if names[i] != vietnameseOrder[i] {
					t.Fatalf("round %d: position %d is %q, want %q\ngot  %q", round, i, names[i], vietnameseOrder[i], names)
				}
			}
		}
	}
}

func TestCompareNames(t *testing.T) {
	// CompareNames must agree with SortNames on every pair, and be antisymmetric.
	for i, a := range vietnameseOrder {
		for j, b := range vietnameseOrder {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := sign(CompareNames(a, b)); got != want {
				t.Errorf("CompareNames(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
	cases := []struct {
		name string
		a, b string
		want int
	}{
		{"An before Anh", "Lê An", "Lê Anh", -1},
		{"Anh before Ánh", "Lê Anh", "Lê Ánh", -1},
		{"Ánh before Ân", "Lê Ánh", "Lê Ân", -1},
		{"D before Đ", "Lê Văn Dũng", "Lê Văn Đông", -1},
		{"O before Ô", "Lê Thị Thoa", "Lê Thị Thông", -1},
		{"Ô before Ơ", "Lê Thị Thông", "Lê Thị Thơ", -1},
		{"U before Ư", "Lê Thị Thu", "Lê Thị Thư", -1},
		{"middle decides before family", "Thái Minh Ánh", "Trần Thị Ánh", -1},
		{"given decides before middle", "Trần Thị Bình", "Nguyễn Văn An", 1},
		{"decomposed input equals composed", norm.NFD.String("Huỳnh Minh Tuấn"), "Huỳnh Minh Tuấn", 0},
		{"decomposed input sorts like composed", norm.NFD.String("Trần Thị Ánh"), "Thái Minh Ánh", 1},
		{"same name", "Lê An", "Lê An", 0},
		{"one-word name", "Tuấn", "Huỳnh Minh Tuấn", -1},
		{"empty sorts first", "", "Lê An", -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := sign(CompareNames(tc.a, tc.b))
			if got != tc.want {
				t.Fatalf("CompareNames(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

func TestSortByStableOnEqualNames(t *testing.T) {
	type person struct {
		name string
		id   int
	}
	ps := []person{{"Trần Văn Bình", 1}, {"Lê Thị An", 2}, {"Trần Văn Bình", 3}, {"Lê Thị An", 4}}
	SortBy(ps, func(p person) string { return p.name })
	got := []int{ps[0].id, ps[1].id, ps[2].id, ps[3].id}
	if want := []int{2, 4, 1, 3}; !slices.Equal(got, want) {
		t.Fatalf("SortBy order of ids = %v, want %v", got, want)
	}
}

// TestCollationConcurrent runs comparisons and sorts from many goroutines; under -race it proves the
// pooled collators are never shared.
func TestCollationConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			for i := 0; i < 50; i++ {
				names := slices.Clone(vietnameseOrder)
				r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
				if i%2 == 0 {
					SortNames(names)
				} else {
					slices.SortFunc(names, CompareNames)
				}
				if !slices.Equal(names, vietnameseOrder) {
					t.Errorf("goroutine %d: wrong order %q", seed, names)
					return
				}
			}
		}(uint64(g))
	}
	wg.Wait()
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func BenchmarkSortNames(b *testing.B) {
	b.ReportAllocs()
	names := slices.Clone(vietnameseOrder)
	for b.Loop() {
		slices.Reverse(names)
		SortNames(names)
	}
}
