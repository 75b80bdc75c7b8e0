package store

import (
	"context"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/targets"
)

// TargetsSummaryRow is one congress's resolution targets counted by verdict (DOMAIN.md "Targets
// and yearly review"), as store.TermReview judges them.
type TargetsSummaryRow struct {
	Congress CongressReportRow `json:"congress"`
	// HasResolution says the congress recorded its resolution.
	HasResolution bool          `json:"has_resolution"`
	Summary       targets.Tally `json:"summary"`
	// AsOfYear is the year the verdicts are reached at; LatestYear the latest year with figures,
	// 0 when no target has any.
	AsOfYear   int `json:"as_of_year"`
	LatestYear int `json:"latest_year"`
}

// IterTargetsSummary calls fn for every congress that f selects in the user's scope, in report
// order, with its targets counted as of asOfYear (0: this year, at most the term's last). Each
// congress with targets is reviewed by TermReview, so the counts are those of its term review
// page; those without skip that work. ENOTFOUND for an organization outside the scope.
func (s *Store) IterTargetsSummary(ctx context.Context, u *congress.User, f ReportFilter, asOfYear int, fn func(*TargetsSummaryRow) error) error {
	year := asOfYear
	if year == 0 {
		year = s.Now().Year()
	}
	batch := make([]*TargetsSummaryRow, 0, reportBatch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		ids := make([]any, len(batch))
		for i, r := range batch {
			ids[i] = r.Congress.ID
		}
		in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
		var withTargets, withResolution []int64
		if err := s.db.R.SelectContext(ctx, &withTargets, `SELECT DISTINCT congress_id FROM targets
			WHERE congress_id IN `+in, ids...); err != nil {
			return mapErr(err, "chỉ tiêu")
		}
		if err := s.db.R.SelectContext(ctx, &withResolution, `SELECT congress_id FROM resolutions
			WHERE congress_id IN `+in, ids...); err != nil {
			return mapErr(err, "nghị quyết")
		}
		has := map[int64]bool{}
		for _, id := range withTargets {
			has[id] = true
		}
		resolved := map[int64]bool{}
		for _, id := range withResolution {
			resolved[id] = true
		}
		for _, r := range batch {
			r.HasResolution = resolved[r.Congress.ID]
			r.AsOfYear = min(max(year, r.Congress.TermStart), r.Congress.TermEnd)
			if has[r.Congress.ID] {
				rep, err := s.TermReview(ctx, u, r.Congress.ID, r.AsOfYear)
				if err != nil {
					return err
				}
				r.Summary = rep.Summary
				for _, t := range rep.Targets {
					for _, rv := range t.Reviews {
						if rv.Year <= rep.AsOfYear {
							r.LatestYear = max(r.LatestYear, rv.Year)
						}
					}
				}
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		batch = batch[:0]
		return nil
	}
	release, err := s.nestedReadSlot(ctx)
	if err != nil {
		return err
	}
	defer release()
	err = s.IterCongressRows(ctx, u, f, func(row *CongressReportRow) error {
		batch = append(batch, &TargetsSummaryRow{Congress: *row})
		if len(batch) == reportBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}
