package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// reviewNotePage is the data of the auditor's note form on one review.
type reviewNotePage struct {
	C       *congress.Congress
	Heading string
	Target  targetView
	Review  reviewView
	Note    string
	Version string
	Error   string
	Message string
	// Conflict marks a stale version.
	Conflict bool
	Cancel   string
}

// showReviewNotePage shows the note form of a review (auditor, admin). Another auditor's note is
// theirs: the store refuses to change it, and the form says so at once.
func (s *Server) showReviewNotePage(c *gin.Context) {
	r, t, cg, ok := s.reviewOfPath(c)
	if !ok {
		return
	}
	s.renderReviewNote(c, http.StatusOK, cg, t, r, r.Note, strconv.FormatInt(r.Version, 10), nil)
}

// saveReviewNote writes the auditor's own note on a review; the figures are untouched.
func (s *Server) saveReviewNote(c *gin.Context) {
	r, t, cg, ok := s.reviewOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	note, version := formText(c, "note"), formText(c, "version")
	v, _ := strconv.ParseInt(strings.TrimSpace(version), 10, 64)
	if _, err := s.store.SetReviewNote(c.Request.Context(), currentUser(c), r.ID, v, note); err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderReviewNote(c, statusOf(err), cg, t, r, note, version, err)
		return
	}
	msg := fmt.Sprintf("Đã ghi nhận xét vào số liệu năm %d của chỉ tiêu “%s”.", r.Year, t.Subject)
	if strings.TrimSpace(note) == "" {
		msg = fmt.Sprintf("Đã xóa nhận xét ở số liệu năm %d của chỉ tiêu “%s”.", r.Year, t.Subject)
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID), msg)
}

// renderReviewNote renders the note form with what was typed and, after a refused save, why.
func (s *Server) renderReviewNote(c *gin.Context, status int, cg *congress.Congress, t *store.TargetRecord,
	r *store.ReviewRecord, note, version string, saveErr error) {
	u := currentUser(c)
	tv, err := s.numberedTarget(c.Request.Context(), u, t)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := reviewNotePage{C: cg, Heading: congressHeading(cg), Target: tv, Review: newReviewView(u, t.Target, *r),
		Note: note, Version: version, Cancel: fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID)}
	if saveErr != nil {
		p.Message = congress.ErrorMessage(saveErr)
		p.Error = congress.ErrorFields(saveErr)["note"]
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
	}
	s.render(c, status, "review_note", fmt.Sprintf("Nhận xét số liệu năm %d: %s", r.Year, t.Subject), p)
}
