package demo_test

import (
	"context"
	"strings"
	"testing"

	"daihoi/internal/demo"
	"daihoi/internal/targets"
)

// TestSeedResolutionAndTargets checks the seed's four resolution sentences become seven targets
// with sample reviews 2020–2024, some met and some not, as the auditor kiemtra sees them.
func TestSeedResolutionAndTargets(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	res, err := demo.Seed(ctx, s, "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	kiemtra, _, err := s.FindUserByUsername(ctx, "kiemtra")
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.FindResolution(ctx, kiemtra, res.SeedCongressID)
	if err != nil {
		t.Fatal(err)
	}
	if r.VotesFor != 58 || r.Present != 58 || r.VotesAgainst != 0 || r.AdoptedOn != "2020-05-28" || !r.Sample {
		t.Fatalf("resolution: %+v", r)
	}
	sentences := map[string]bool{}
	for _, x := range r.Targets {
		sentences[x.Sentence] = true
	}
	if len(r.Targets) != 7 || len(sentences) != 4 {
		t.Fatalf("%d targets from %d sentences, want 7 from 4", len(r.Targets), len(sentences))
	}

	rep, err := s.TermReview(ctx, kiemtra, res.SeedCongressID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	want := []targets.Verdict{targets.Met, targets.NotMet, targets.Met, targets.Met, targets.Met, targets.Met, targets.NotMet}
	for i, tt := range rep.Targets {
		if tt.Verdict != want[i] {
			t.Errorf("target %d (%s): %s, want %s", i+1, tt.Target.Subject, tt.Verdict, want[i])
		}
		for _, rv := range tt.Reviews {
			if !strings.HasPrefix(rv.Source, "Dữ liệu mẫu: ") || !rv.Sample {
				t.Errorf("target %d year %d: source %q is not marked as sample data", i+1, rv.Year, rv.Source)
			}
		}
	}
	t.Log(rep.Summary.Headline)
	if !strings.HasPrefix(rep.Summary.Headline, "5/7 chỉ tiêu đạt và vượt") || rep.Summary.NotMet != 2 {
		t.Fatalf("headline %q", rep.Summary.Headline)
	}
	// The pipeline has no review in 2020 and 2022: those years are empty, not zero.
	pipeline := rep.Targets[4]
	if len(pipeline.Reviews) != 3 || pipeline.ReviewOf(2022) != nil || pipeline.Value != 58.33 {
		t.Fatalf("pipeline: %d reviews, value %v", len(pipeline.Reviews), pipeline.Value)
	}
	// Ratings were entered as counts: 5 excellent of 58 good or better in 2021.
	if r := rep.Targets[6].ReviewOf(2021); r == nil || r.Numerator != 5 || r.Denominator != 58 {
		t.Fatalf("excellent members 2021: %+v", r)
	}
	if rep, err := s.Verify(ctx, 0); err != nil || !rep.OK() {
		t.Fatalf("the seed does not verify: %+v %v", rep, err)
	}
}
