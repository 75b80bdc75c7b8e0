package demo_test

import (
	"context"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// TestMain runs the package's tests on SQLite, then on PostgreSQL (testdb.Main).
func TestMain(m *testing.M) { testdb.Main(m) }

func openStore(t *testing.T) *store.Store {
	t.Helper()
	return store.New(testdb.Open(t))
}

// TestSeedIsTheArticle checks the facts of shared/seed/ survive into the demo data.
func TestSeedIsTheArticle(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	res, err := demo.Seed(ctx, s, "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.FindCongressByID(ctx, congress.System, res.SeedCongressID)
	if err != nil {
		t.Fatal(err)
	}
	if c.OrganizationName != "Đảng bộ Sở Khoa học và Công nghệ" || c.Ordinal != 2 || c.HeldOn != "2020-05-28" ||
		c.TermStart != 2020 || c.TermEnd != 2025 || !c.Sample {
		t.Fatalf("seed congress: %+v", c)
	}
	if len(c.Guests) != 1 || c.Guests[0].Name != "Thái Đức Tuệ Mẫn" || c.Guests[0].Role != congress.GuestDirecting {
		t.Fatalf("guest: %+v", c.Guests)
	}
	var figures []string
	for _, p := range c.PastResults {
		figures = append(figures, p.Value)
	}
	if got := len(figures); got != 5 || figures[0] != "31" || figures[1] != "23" || figures[2] != "27" || figures[3] != "1" || figures[4] != "8" {
		t.Fatalf("past results: %v", figures)
	}
	// thuky sees the Sở only; bantochuc the whole Khối.
	thuky, _, err := s.FindUserByUsername(ctx, "thuky")
	if err != nil {
		t.Fatal(err)
	}
	_, mine, _ := s.FindCongresses(ctx, thuky, store.CongressFilter{})
	staff, _, _ := s.FindUserByUsername(ctx, "bantochuc")
	_, all, _ := s.FindCongresses(ctx, staff, store.CongressFilter{})
	if mine != 2 || all < 12 {
		t.Fatalf("thuky sees %d, bantochuc %d", mine, all)
	}
	if _, total, _ := s.FindCongresses(ctx, staff, store.CongressFilter{Query: "tuan"}); total != 1 {
		t.Fatalf("search tuan: %d", total)
	}
	if _, err := demo.Seed(ctx, s, "mat-khau-thu"); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("second seed: %v", err)
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	ctx := context.Background()
	names := func() []string {
		s := openStore(t)
		if _, err := demo.Seed(ctx, s, "mat-khau-thu"); err != nil {
			t.Fatal(err)
		}
		if err := demo.Generate(ctx, s, 250, 7, nil); err != nil {
			t.Fatal(err)
		}
		list, total, err := s.FindCongresses(ctx, congress.System, store.CongressFilter{Sort: "org", Limit: 500})
		if err != nil || total != 250+13 {
			t.Fatalf("total %d: %v", total, err)
		}
		var out []string
		for _, c := range list {
			out = append(out, c.OrganizationName+c.HeldOn+c.State)
		}
		return out
	}
	a, b := names(), names()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("row %d differs: %q vs %q", i, a[i], b[i])
		}
	}
}
