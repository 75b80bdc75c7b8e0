package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// createRound opens the next round of an election from the election page's form. The store fills
// what the form leaves out (attendance and counting committee from the round before, or the
// congress's attendance) and refuses a round while the last one is open.
func (s *Server) createRound(c *gin.Context) {
	ev, cg, ok := s.electionParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	act := electionAction{Name: "open", Seats: formText(c, "seats"), EntryMode: strings.TrimSpace(formText(c, "entry_mode"))}
	fe := congress.FieldErrors{}
	r := &congress.Round{EntryMode: act.EntryMode}
	r.Seats = parseCount(fe, "seats", "Số lượng bầu ở vòng này", act.Seats, true)
	for _, v := range c.Request.PostForm["candidate_id"] {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 {
			fe.Add("candidate_ids", fmt.Sprintf("Người trong danh sách %q không hợp lệ.", shorten(v, 20)))
			continue
		}
		act.Order = append(act.Order, id)
	}
	if len(act.Order) == 0 {
		fe.Add("candidate_ids", "Chưa chọn ai vào danh sách của vòng bầu.")
	}
	r.CandidateIDs = act.Order
	if len(ev.Rounds) > 0 {
		// The counting committee usually stays the same from one round to the next.
		last := ev.Rounds[len(ev.Rounds)-1]
		r.Counters, r.Attendance, r.Issued = last.Counters, last.Attendance, last.Issued
		if r.EntryMode == last.EntryMode {
			r.DoubleEntry = last.DoubleEntry
		}
	}
	err := fe.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.CreateRound(c.Request.Context(), currentUser(c), ev.ID, r)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderElection(c, statusOf(err), cg, ev, act, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/rounds/%d", r.ID), fmt.Sprintf("Đã mở vòng %d của cuộc bầu %s.", r.Number, ev.BodyLabel()))
}
