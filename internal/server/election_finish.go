package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// endElection stops an election whose rounds are all closed and leaves the seats not filled
// vacant (rule 5: the congress decides whether to vote again).
func (s *Server) endElection(c *gin.Context) {
	ev, cg, ok := s.electionParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	act := electionAction{Name: "end", Note: formText(c, "note")}
	if err := s.store.EndElection(c.Request.Context(), currentUser(c), ev.ID, act.Note); err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderElection(c, statusOf(err), cg, ev, act, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/elections/%d", ev.ID),
		fmt.Sprintf("Đã ghi: cuộc bầu %s dừng, để khuyết %s.", ev.BodyLabel(), countWord(ev.Remaining, "chỗ")))
}

// appointToElection records that the higher committee appointed a cell's secretary after three
// rounds elected nobody (rule 5): an appointment, not an election.
func (s *Server) appointToElection(c *gin.Context) {
	ev, cg, ok := s.electionParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	act := electionAction{Name: "appoint", Note: formText(c, "note"), PersonID: strings.TrimSpace(formText(c, "person_id"))}
	personID, perr := strconv.ParseInt(act.PersonID, 10, 64)
	var err error
	if perr != nil || personID <= 0 {
		msg := "Chưa chọn đồng chí được chỉ định."
		err = &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"person_id": msg}}
	} else if p, ferr := s.store.FindPersonByID(c.Request.Context(), currentUser(c), personID); ferr != nil || p.CongressID != cg.ID {
		// The person is the form's field here, not the page: an unknown one is said beside it.
		msg := "Không có đồng chí này trong hồ sơ đại hội."
		err = &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"person_id": msg}}
		if ferr != nil && congress.ErrorCode(ferr) != congress.ENOTFOUND {
			err = ferr
		}
	} else {
		err = s.store.AppointToElection(c.Request.Context(), currentUser(c), ev.ID, personID, act.Note)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderElection(c, statusOf(err), cg, ev, act, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/elections/%d", ev.ID), "Đã ghi quyết định chỉ định bí thư của cấp trên.")
}
