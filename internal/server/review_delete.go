package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// deleteReview removes a review entered by mistake. The posted version must be the one shown; a
// refusal is the error page with the store's message (409 for a stale version).
func (s *Server) deleteReview(c *gin.Context) {
	r, t, cg, ok := s.reviewOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	version, _ := strconv.ParseInt(strings.TrimSpace(formText(c, "version")), 10, 64)
	if err := s.store.DeleteReview(c.Request.Context(), currentUser(c), r.ID, version); err != nil {
		s.fail(c, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID),
		fmt.Sprintf("Đã xóa số liệu năm %d của chỉ tiêu “%s”.", r.Year, t.Subject))
}
