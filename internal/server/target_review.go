package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// termReviewPage is the data of the term review page.
type termReviewPage struct {
	C       *congress.Congress
	Heading string
	View    termView
	// AsOfYear is the year the review is made at; Choices the years the user may pick.
	AsOfYear int
	Choices  []int
	Download string
	// Pending counts the targets without figures yet, for the note under the headline.
	Pending   int
	CanAudit  bool
	CanVerify bool
}

// showTermReviewPage shows the term review of a congress's targets: the headline "x/y chỉ tiêu
// đạt và vượt", a table of every target by year, then each target with its figures and a chart.
// ?year= makes the review as of an earlier year of the term.
func (s *Server) showTermReviewPage(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	asOf, err := s.reviewYear(c, cg)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	rep, err := s.store.TermReview(c.Request.Context(), u, cg.ID, asOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := termReviewPage{C: cg, Heading: congressHeading(cg), View: buildTermView(rep), AsOfYear: rep.AsOfYear,
		Download: fmt.Sprintf("/congresses/%d/targets/review.xlsx?year=%d", cg.ID, rep.AsOfYear),
		Pending:  rep.Summary.Pending, CanAudit: u.CanReadAudit(), CanVerify: canVerify(u)}
	for y := cg.TermStart; y <= cg.TermEnd; y++ {
		p.Choices = append(p.Choices, y)
	}
	s.render(c, http.StatusOK, "target_review", "Đánh giá thực hiện chỉ tiêu: "+p.Heading, p)
}

// reviewYear reads ?year=, the year a term review is made at. Without it the review is made at the
// current year, kept within the term: a congress whose term has not begun is reviewed at its first
// year, one whose term is over at its last. A year that is not a number is EINVALID; one before
// the term is refused by the store.
func (s *Server) reviewYear(c *gin.Context, cg *congress.Congress) (int, error) {
	typed := strings.TrimSpace(c.Query("year"))
	if typed == "" {
		return min(max(s.store.Now().Year(), cg.TermStart), cg.TermEnd), nil
	}
	y, err := strconv.Atoi(typed)
	if err != nil || y < 1 || y > 9999 {
		msg := fmt.Sprintf("Năm đánh giá %q không hợp lệ; nhập năm, ví dụ %d.", shorten(typed, 20), cg.TermEnd)
		return 0, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"year": msg}}
	}
	return y, nil
}
