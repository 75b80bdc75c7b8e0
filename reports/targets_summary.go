package reports

import (
	"io"
	"strconv"
)

// TargetsSummary is the compilation of the resolutions' targets of every congress of an
// organization's subtree (tổng hợp kết quả thực hiện chỉ tiêu nghị quyết): per congress, how many
// targets are met, not met, on track or at risk, and the latest year with figures. The congresses
// come from Each, one at a time.
type TargetsSummary struct {
	// Header is the party header of the issuing committee; Title defaults to the report's.
	Header DocHeader
	// Each calls yield for every congress in report order.
	Each func(yield func(*TargetsSummaryEntry) error) error
	// Notes are printed under the table, such as the year the verdicts are reached at.
	Notes []string
}

// TargetsSummaryEntry is one congress of the summary.
type TargetsSummaryEntry struct {
	Organization string
	Congress     string // "Lần thứ II, 28/05/2020"
	Resolution   bool   // the congress recorded its resolution
	Total        int
	Met          int // đạt and vượt
	Exceeded     int // of Met
	NotMet       int
	OnTrack      int
	AtRisk       int
	Pending      int
	LatestYear   int // 0: no figures yet
	Headline     string
}

var targetsSummaryColumns = []column{
	{"STT", 5.5, "center"}, {"Tổ chức đảng", 30, "left"}, {"Đại hội", 14, "center"}, {"Nghị quyết", 9, "center"},
	{"Số chỉ tiêu", 7.5, "center"}, {"Đạt và vượt", 7.5, "center"}, {"Trong đó vượt", 7.5, "center"},
	{"Không đạt", 7.5, "center"}, {"Đúng tiến độ", 7.5, "center"}, {"Có nguy cơ không đạt", 8, "center"},
	{"Chưa có số liệu", 7.5, "center"}, {"Năm có số liệu mới nhất", 8.5, "center"}, {"Đánh giá chung", 26, "left"},
}

// targetsSummaryTitle is the default title of the summary.
const targetsSummaryTitle = "TỔNG HỢP KẾT QUẢ THỰC HIỆN CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI"

// WriteTargetsSummary writes the summary as a one-sheet workbook, streamed: the party header, one
// row per congress with its counts, a total row and the notes, on A4 landscape.
func WriteTargetsSummary(w io.Writer, r TargetsSummary) error {
	f, styles, err := newWorkbook()
	if err != nil {
		return err
	}
	defer f.Close()
	h := r.Header
	if h.Title == "" {
		h.Title = targetsSummaryTitle
	}
	s, t, err := listSheet(f, styles, "Chỉ tiêu nghị quyết", true, h, targetsSummaryColumns, true, true)
	if err != nil {
		return err
	}
	var n int
	var sum TargetsSummaryEntry
	count := func(v int, has bool) any {
		if !has {
			return nil
		}
		return v
	}
	err = r.Each(func(e *TargetsSummaryEntry) error {
		n++
		res := "Chưa ghi"
		if e.Resolution {
			res = "Đã ghi"
			sum.Resolution = true
		}
		has := e.Total > 0
		latest := ""
		if e.LatestYear > 0 {
			latest = strconv.Itoa(e.LatestYear)
		}
		sum.Total += e.Total
		sum.Met += e.Met
		sum.Exceeded += e.Exceeded
		sum.NotMet += e.NotMet
		sum.OnTrack += e.OnTrack
		sum.AtRisk += e.AtRisk
		sum.Pending += e.Pending
		return t.row(n, e.Organization, e.Congress, res, count(e.Total, true), count(e.Met, has), count(e.Exceeded, has),
			count(e.NotMet, has), count(e.OnTrack, has), count(e.AtRisk, has), count(e.Pending, has), latest, e.Headline)
	})
	if err != nil {
		return err
	}
	if err := t.row("", "Tổng cộng: "+strconv.Itoa(n)+" đại hội", "", "", sum.Total, sum.Met, sum.Exceeded, sum.NotMet,
		sum.OnTrack, sum.AtRisk, sum.Pending, "", ""); err != nil {
		return err
	}
	if err := s.blank(gap); err != nil {
		return err
	}
	for _, text := range r.Notes {
		if err := note(s, text); err != nil {
			return err
		}
	}
	if err := s.flush(); err != nil {
		return err
	}
	return writeBook(f, w, "targets summary")
}
