package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// decideApproval records the higher committee's decision on a reported congress (POST
// /congresses/:id/decision: decision approve or reject, decided_on as dd/mm/yyyy, note, version,
// back). A refusal re-renders the tracking page with the form as typed (422, 409 for a stale
// version or a congress not awaiting a decision).
func (s *Server) decideApproval(c *gin.Context) {
	id, ok := s.trackingTarget(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := decisionForm{Decision: formText(c, "decision"), DecidedOn: strings.TrimSpace(formText(c, "decided_on")),
		Note: formText(c, "note")}
	version, verr := strconv.ParseInt(formText(c, "version"), 10, 64)
	form.Version = version
	iso, dateOK := vn.ParseDate(form.DecidedOn)
	var err error
	switch {
	case verr != nil:
		err = congress.Errorf(congress.EINVALID, "Thiếu phiên bản của hồ sơ; hãy tải lại trang.")
	case form.Decision != "approve" && form.Decision != "reject":
		msg := "Chọn chuẩn y hoặc không chuẩn y."
		err = &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"decision": msg}}
	case !dateOK:
		msg := fmt.Sprintf("Ngày quyết định %q không đúng dạng ngày/tháng/năm.", shorten(form.DecidedOn, 30))
		err = &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"decided_on": msg}}
	default:
		approved := form.Decision == "approve"
		var cg *congress.Congress
		if cg, err = s.store.DecideApproval(c.Request.Context(), currentUser(c), id, approved, iso, form.Note, version); err == nil {
			what := "chuẩn y"
			if !approved {
				what = "không chuẩn y"
			}
			s.redirectWithFlash(c, trackingBack(c, id), fmt.Sprintf("Đã ghi quyết định %s đại hội của %s ngày %s.",
				what, cg.OrganizationName, vn.Date(iso)))
			return
		}
	}
	s.refuseTracking(c, id, err, nil, &form)
}
