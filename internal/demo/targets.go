package demo

import (
	"context"
	"fmt"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// The seed resolution's four sentences (DOMAIN.md "The seed congress, as data"), as the article
// reports them. The targets quote them as adopted.
const (
	sentenceCells     = "100% chi bộ trực thuộc hoàn thành tốt nhiệm vụ trở lên, trong đó có ít nhất 01 chi bộ hoàn thành xuất sắc nhiệm vụ."
	sentenceOfficials = "95% cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ; ít nhất 10% đạt danh hiệu chiến sĩ thi đua."
	sentencePipeline  = "Trên 50% đảng viên trong quy hoạch trưởng, phó phòng và tương đương trở lên đạt tiêu chuẩn bổ nhiệm."
	sentenceMembers   = "95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc nhiệm vụ."
)

// Sample yearly ratings 2020–2024 (the 2025 rating comes after the next congress). The article
// gives none of these figures: they are invented, consistent with the seed (4 cells, about 60
// members, about 40 officials), and chosen so the term review has something to show: no
// excellent cell in 2022, and 5 excellent of 58 members rated good or better in 2021 (8,62%).
var (
	sampleCellRatings = map[int]targets.RatingCounts{
		2020: {Excellent: 1, Good: 3}, 2021: {Excellent: 1, Good: 3}, 2022: {Good: 4},
		2023: {Excellent: 2, Good: 2}, 2024: {Excellent: 1, Good: 3},
	}
	sampleMemberRatings = map[int]targets.RatingCounts{
		2020: {Excellent: 8, Good: 50, Completed: 2}, 2021: {Excellent: 5, Good: 53, Completed: 2},
		2022: {Excellent: 7, Good: 52, Completed: 1}, 2023: {Excellent: 8, Good: 52, Completed: 1},
		2024: {Excellent: 9, Good: 51, Completed: 2},
	}
	// 38 of 40 is exactly 95% in 2020 and 2024: met, not exceeded.
	sampleOfficialRatings = map[int]targets.RatingCounts{
		2020: {Excellent: 6, Good: 32, Completed: 2}, 2021: {Excellent: 7, Good: 32, Completed: 1},
		2022: {Excellent: 8, Good: 32}, 2023: {Excellent: 7, Good: 32, Completed: 1},
		2024: {Excellent: 6, Good: 32, Completed: 2},
	}
	// Officials awarded "chiến sĩ thi đua cơ sở", of the 40 rated.
	sampleEmulation = map[int][2]int64{2020: {4, 40}, 2021: {5, 40}, 2022: {4, 40}, 2023: {6, 40}, 2024: {5, 40}}
	// Members of the leadership pipeline meeting appointment standards, reviewed when the
	// pipeline was reviewed (not every year).
	samplePipeline = map[int][2]int64{2021: {4, 10}, 2023: {6, 10}, 2024: {7, 12}}
)

// seedTargets records the seed congress's resolution, adopted by all 58 present, its seven
// targets and sample reviews for 2020–2024: the cells', members' and officials' ratings as counts
// per level (the reviews of the targets that read them are derived), the emulation titles and the
// pipeline typed as figures. Every source note says the figures are sample data.
func seedTargets(ctx context.Context, s *store.Store, c *congress.Congress) error {
	res := &store.Resolution{CongressID: c.ID, AdoptedOn: c.HeldOn, VotesFor: c.Present, Sample: true,
		Sections: []store.ResolutionSection{
			{Title: "Chỉ tiêu nhiệm kỳ 2020 – 2025", Body: sentenceCells + "\n" + sentenceOfficials + "\n" + sentencePipeline + "\n" + sentenceMembers},
			{Title: "Ghi chú", Body: "Dữ liệu mẫu: bài viết chỉ nêu Đại hội biểu quyết thông qua Nghị quyết; kết quả biểu quyết được thêm để minh họa."},
		}}
	if err := s.SetResolution(ctx, congress.System, res); err != nil {
		return fmt.Errorf("demo: resolution: %w", err)
	}
	add := func(t *store.TargetRecord) error {
		t.CongressID, t.Category, t.Sample = c.ID, targets.PartyBuilding, true
		if err := s.CreateTarget(ctx, congress.System, t); err != nil {
			return fmt.Errorf("demo: target %q: %w", t.Subject, err)
		}
		return nil
	}
	target := func(subject string, cmp targets.Comparator, v float64, u targets.Unit, p targets.Period, sentence string) *store.TargetRecord {
		return &store.TargetRecord{Target: targets.Target{Subject: subject, Comparator: cmp, Value: v, Unit: u, Period: p, Sentence: sentence}}
	}
	cells := target("chi bộ trực thuộc hoàn thành tốt nhiệm vụ trở lên", targets.AtLeast, 100, targets.Percent, targets.Yearly, sentenceCells)
	cells.RatingSubject, cells.Measure = store.RatingCells, targets.MeasureGoodOrBetter
	if err := add(cells); err != nil {
		return err
	}
	// "Ít nhất 01 chi bộ" counts cells: a count sub-target, with no share to explain.
	excellentCell := target("chi bộ hoàn thành xuất sắc nhiệm vụ", targets.AtLeast, 1, targets.Count, targets.Yearly, sentenceCells)
	excellentCell.ParentID, excellentCell.RatingSubject, excellentCell.Measure = &cells.ID, store.RatingCells, targets.MeasureExcellent
	if err := add(excellentCell); err != nil {
		return err
	}
	officials := target("cán bộ, công chức, viên chức hoàn thành tốt nhiệm vụ trở lên", targets.AtLeast, 95, targets.Percent, targets.Yearly, sentenceOfficials)
	officials.RatingSubject, officials.Measure = store.RatingOfficials, targets.MeasureGoodOrBetter
	if err := add(officials); err != nil {
		return err
	}
	// After a semicolon, not "trong đó": 10% of all officials, the same whole as the 95%.
	emulation := target("cán bộ, công chức, viên chức đạt danh hiệu chiến sĩ thi đua", targets.AtLeast, 10, targets.Percent, targets.Yearly, sentenceOfficials)
	emulation.ParentID, emulation.ShareOf = &officials.ID, targets.ShareOfParentBase
	if err := add(emulation); err != nil {
		return err
	}
	// A state to reach by the end of the term, not a yearly figure.
	pipeline := target("đảng viên trong quy hoạch trưởng, phó phòng và tương đương trở lên đạt tiêu chuẩn bổ nhiệm",
		targets.MoreThan, 50, targets.Percent, targets.ByYearEnd, sentencePipeline)
	pipeline.ByYear = c.TermEnd
	if err := add(pipeline); err != nil {
		return err
	}
	members := target("đảng viên hoàn thành tốt nhiệm vụ trở lên", targets.AtLeast, 95, targets.Percent, targets.Yearly, sentenceMembers)
	members.RatingSubject, members.Measure = store.RatingMembers, targets.MeasureGoodOrBetter
	if err := add(members); err != nil {
		return err
	}
	// "Trong đó ít nhất 10% hoàn thành xuất sắc": 10% of those completing well.
	excellentMembers := target("đảng viên hoàn thành xuất sắc nhiệm vụ", targets.AtLeast, 10, targets.Percent, targets.Yearly, sentenceMembers)
	excellentMembers.ParentID, excellentMembers.ShareOf = &members.ID, targets.ShareOfParentNumerator
	excellentMembers.RatingSubject, excellentMembers.Measure = store.RatingMembers, targets.MeasureExcellent
	if err := add(excellentMembers); err != nil {
		return err
	}

	for y := 2020; y <= 2024; y++ {
		for _, rc := range []store.RatingCountsRecord{
			{Subject: store.RatingCells, RatingCounts: sampleCellRatings[y],
				Source: fmt.Sprintf("Dữ liệu mẫu: Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng năm %d của Đảng ủy Sở.", y)},
			{Subject: store.RatingMembers, RatingCounts: sampleMemberRatings[y],
				Source: fmt.Sprintf("Dữ liệu mẫu: Báo cáo kết quả đánh giá, xếp loại chất lượng đảng viên năm %d của Đảng ủy Sở.", y)},
			{Subject: store.RatingOfficials, RatingCounts: sampleOfficialRatings[y],
				Source: fmt.Sprintf("Dữ liệu mẫu: Báo cáo kết quả đánh giá, xếp loại công chức, viên chức năm %d của Sở Khoa học và Công nghệ.", y)},
		} {
			rc.CongressID, rc.Year, rc.Sample = c.ID, y, true
			if _, err := s.SetRatingCounts(ctx, congress.System, &rc); err != nil {
				return fmt.Errorf("demo: ratings %s %d: %w", rc.Subject, y, err)
			}
		}
		e := sampleEmulation[y]
		if err := s.CreateReview(ctx, congress.System, &store.ReviewRecord{CongressID: c.ID, Sample: true,
			Review: targets.Review{TargetID: emulation.ID, Year: y, Numerator: e[0], Denominator: e[1],
				Source: fmt.Sprintf("Dữ liệu mẫu: Quyết định công nhận danh hiệu chiến sĩ thi đua cơ sở năm %d.", y)}}); err != nil {
			return fmt.Errorf("demo: emulation %d: %w", y, err)
		}
		if p, ok := samplePipeline[y]; ok {
			if err := s.CreateReview(ctx, congress.System, &store.ReviewRecord{CongressID: c.ID, Sample: true,
				Review: targets.Review{TargetID: pipeline.ID, Year: y, Numerator: p[0], Denominator: p[1],
					Source: fmt.Sprintf("Dữ liệu mẫu: Kết quả rà soát, bổ sung quy hoạch cán bộ năm %d.", y)}}); err != nil {
				return fmt.Errorf("demo: pipeline %d: %w", y, err)
			}
		}
	}
	return nil
}
