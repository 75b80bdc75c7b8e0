package server

import (
	"fmt"

	"github.com/gin-gonic/gin"
)

// closeRound freezes an open round: the store counts it with the engine, refuses inconsistent
// figures, a double entry whose piles differ or a counter who is on the list, numbers the minutes
// and stamps the fingerprint.
func (s *Server) closeRound(c *gin.Context) {
	rv, ok := s.roundParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	if _, err := s.store.CloseRound(c.Request.Context(), currentUser(c), rv.ID); err != nil {
		if !isRoundFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderRound(c, statusOf(err), rv, roundEdit{Form: "close"}, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/rounds/%d", rv.ID),
		fmt.Sprintf("Đã kết thúc và khóa vòng %d; biên bản kiểm phiếu đã được đánh số.", rv.Number))
}

// reopenRound unfreezes the last closed round of an election; the reason is required and goes to
// the audit trail.
func (s *Server) reopenRound(c *gin.Context) {
	rv, ok := s.roundParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	reason := formText(c, "reason")
	if err := s.store.ReopenRound(c.Request.Context(), currentUser(c), rv.ID, reason); err != nil {
		if !isRoundFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderRound(c, statusOf(err), rv, roundEdit{Form: "reopen", Reason: reason}, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/rounds/%d", rv.ID),
		fmt.Sprintf("Đã mở lại vòng %d; lý do được ghi vào nhật ký thay đổi.", rv.Number))
}
