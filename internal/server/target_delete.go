package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// deleteTarget removes a target typed by mistake. The posted version must be the one shown; a
// target that already has reviews or sub-targets is refused by the store, so no figure is lost.
// A refusal is the error page with the store's message (409 for a stale version or a target that
// still has figures).
func (s *Server) deleteTarget(c *gin.Context) {
	t, cg, ok := s.targetOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	version, _ := strconv.ParseInt(strings.TrimSpace(formText(c, "version")), 10, 64)
	if err := s.store.DeleteTarget(c.Request.Context(), currentUser(c), t.ID, version); err != nil {
		s.fail(c, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets", cg.ID), "Đã xóa chỉ tiêu “"+t.Subject+"”.")
}
