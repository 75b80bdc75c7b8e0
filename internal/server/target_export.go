package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
	"daihoi/reports"
)

// reviewXLSXType is the media type of an Excel workbook.
const reviewXLSXType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// downloadTermReview answers the term review as an Excel workbook in the party document format,
// made from the same store.TermReview as the page; ?year= as on the page.
func (s *Server) downloadTermReview(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	asOf, err := s.reviewYear(c, cg)
	if err != nil {
		s.fail(c, err)
		return
	}
	data, err := TargetReviewData(c.Request.Context(), s.store, currentUser(c), cg.ID, asOf, s.store.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	// Written to memory first: a failure then answers an error page, not half a file.
	var buf bytes.Buffer
	if err := reports.WriteTargetReview(&buf, data); err != nil {
		s.fail(c, err)
		return
	}
	name := TargetReviewFileName(cg, data.Years)
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, reviewXLSXType, buf.Bytes())
}

// TargetReviewFileName is the download's name: "danh-gia-chi-tieu-<organization>-2020-2025.xlsx",
// without accents or spaces so every mail client and file system keeps it.
func TargetReviewFileName(cg *congress.Congress, years []int) string {
	var b strings.Builder
	for _, r := range vn.Fold(cg.OrganizationName) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	org := strings.Trim(b.String(), "-")
	if len(org) > 60 {
		org = strings.Trim(org[:60], "-")
	}
	upTo := cg.TermEnd
	if len(years) > 0 {
		upTo = years[len(years)-1]
	}
	return fmt.Sprintf("danh-gia-chi-tieu-%s-%d-%d.xlsx", org, cg.TermStart, upTo)
}

// TargetReviewData reads the term review of a congress as u sees it, with store.TermReview (the
// one path of the page, the API and this export), and lays it out for reports.WriteTargetReview:
// the party document header in the name of the committee the congress elected, one row per target
// with its figures and verdicts by year, the headline and the notes. asOfYear 0 is the year of now,
// kept within the term. It returns ENOTFOUND for a congress outside the scope and EINVALID for a
// year before the term. cmd/daihoi's `export targets` calls it with the system actor.
func TargetReviewData(ctx context.Context, st *store.Store, u *congress.User, congressID int64, asOfYear int, now time.Time) (reports.TargetReviewData, error) {
	cg, err := st.FindCongressByID(ctx, u, congressID)
	if err != nil {
		return reports.TargetReviewData{}, err
	}
	if asOfYear == 0 {
		asOfYear = min(max(now.Year(), cg.TermStart), cg.TermEnd)
	}
	rep, err := st.TermReview(ctx, u, congressID, asOfYear)
	if err != nil {
		return reports.TargetReviewData{}, err
	}
	org, err := st.FindOrganizationByID(ctx, u, cg.OrganizationID)
	if err != nil {
		return reports.TargetReviewData{}, err
	}
	superior := ""
	if org.ParentID != nil {
		// The superior body's name is printed on every document of the organization, so it is
		// read whatever the user's scope: a secretary's scope ends at their own organization.
		if parent, err := st.FindOrganizationByID(ctx, congress.System, *org.ParentID); err == nil {
			superior = parent.Name
		} else if congress.ErrorCode(err) != congress.ENOTFOUND {
			return reports.TargetReviewData{}, err
		}
	}
	issuer, symbol, signFor := committeeName(org.Name), "BC/ĐU", "T/M ĐẢNG ỦY"
	switch org.Kind {
	case congress.KindCell:
		symbol, signFor = "BC/CB", "T/M CHI BỘ"
	case congress.KindSuperior:
		signFor = "T/M BAN THƯỜNG VỤ"
	}
	view := buildTermView(rep)
	data := reports.TargetReviewData{
		Header: reports.DocHeader{Superior: superior, Issuer: issuer, Number: "Số …-" + symbol, Place: org.Place,
			Date: now.In(stampZone), Subtitle: congressHeading(cg)},
		Years: rep.Years, Headline: rep.Summary.Headline, SignFor: signFor, SignTitle: "BÍ THƯ",
	}
	sample := rep.Resolution != nil && rep.Resolution.Sample
	for _, t := range view.Targets {
		row := reports.TargetReviewRow{Number: t.Number, Sentence: t.Sentence, Subject: targetCapital(t.Subject),
			Requirement: t.Phrase, Sub: t.Sub, Result: t.Value, Verdict: t.VerdictLabel}
		if t.ShareShort != "" {
			row.Requirement += " (" + t.ShareShort + ")"
		}
		if t.ValueNote != "" && t.Value != "" {
			row.Result += " (" + t.ValueNote + ")"
		}
		for _, y := range t.Years {
			cell := reports.TargetReviewYear{Value: y.Value, Detail: y.Detail, Verdict: y.VerdictLabel}
			if y.Running != "" {
				cell.Detail = strings.TrimSpace(cell.Detail + " " + runningWord(t.Period) + " " + y.Running)
			}
			if !y.Reviewed {
				cell.Verdict = "–"
			}
			sample = sample || (y.Review != nil && y.Review.Sample)
			row.Years = append(row.Years, cell)
		}
		data.Targets = append(data.Targets, row)
	}
	data.Notes = append(data.Notes, fmt.Sprintf("Số liệu tính đến năm %d; năm chưa có số liệu được ghi “–” và không tính vào đánh giá.", rep.AsOfYear),
		"Chỉ tiêu “hằng năm” đạt khi mọi năm đã có số liệu đều đạt; “Vượt” là đạt và tốt hơn mức nghị quyết đề ra. Tỷ lệ tính từ số liệu gốc (tử số/mẫu số), làm tròn hai chữ số thập phân.")
	if r := rep.Resolution; r != nil {
		data.Notes = append(data.Notes, fmt.Sprintf("Nghị quyết được Đại hội biểu quyết thông qua ngày %s: %s tán thành, %s không tán thành, %s không biểu quyết trên %s %s có mặt.",
			vn.Date(r.AdoptedOn), vn.FormatInt(int64(r.VotesFor)), vn.FormatInt(int64(r.VotesAgainst)), vn.FormatInt(int64(r.VotesAbstain)),
			vn.FormatInt(int64(r.Present)), reviewVoterWord(cg)))
	}
	if sample {
		data.Notes = append(data.Notes, "Có số liệu là dữ liệu mẫu (minh họa), không phải số liệu thật của tổ chức đảng.")
	}
	return data, nil
}

// runningWord names the figure a term total or an average judges: "cộng dồn", "bình quân".
func runningWord(p targets.Period) string {
	if p == targets.TermTotal {
		return "cộng dồn"
	}
	return "bình quân"
}

// reviewVoterWord is who votes at the congress.
func reviewVoterWord(cg *congress.Congress) string {
	if cg.Kind == congress.CongressDelegates {
		return "đại biểu"
	}
	return "đảng viên"
}

// targetCapital writes the first letter of a subject in capitals for the start of a cell.
func targetCapital(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
