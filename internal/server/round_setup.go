package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// setupForm is a round's setup exactly as typed: the counting committee (head and members), the
// attendance at the vote, how the count is entered and the ballots issued.
type setupForm struct {
	Head        string
	Members     []string
	Counts      map[string]string
	EntryMode   string
	DoubleEntry bool
	Issued      string
	Version     string
}

// roundCountFields are the attendance fields of a round, with the congress form's names.
var roundCountFields = append(append([]countField{{"convened", ""}, {"present", ""}}, memberCounts...), delegateCounts...)

// setupFormOf fills the setup form from a stored round.
func setupFormOf(rv *store.RoundView) setupForm {
	a := rv.Attendance
	f := setupForm{EntryMode: rv.EntryMode, DoubleEntry: rv.DoubleEntry, Issued: strconv.Itoa(rv.Issued),
		Version: strconv.FormatInt(rv.Version, 10), Counts: map[string]string{
			"convened": strconv.Itoa(a.Convened), "present": strconv.Itoa(a.Present),
			"temporarily_attached_absent": strconv.Itoa(a.TemporarilyAttachedAbsent), "exempt_absent": strconv.Itoa(a.ExemptAbsent),
			"suspended": strconv.Itoa(a.Suspended), "absent_with_reason": strconv.Itoa(a.AbsentWithReason),
			"committee_absent": strconv.Itoa(a.CommitteeAbsent), "absent_not_replaced": strconv.Itoa(a.AbsentNotReplaced)}}
	for _, m := range rv.Counters {
		if m.Head && f.Head == "" {
			f.Head = m.Name
		} else {
			f.Members = append(f.Members, m.Name)
		}
	}
	return f
}

// readSetupForm reads the posted setup. Blank member rows are dropped so that the n-th row shown
// again is the n-th member the store validated.
func readSetupForm(c *gin.Context) setupForm {
	f := setupForm{Head: strings.TrimSpace(formText(c, "counter_head")), EntryMode: strings.TrimSpace(formText(c, "entry_mode")),
		DoubleEntry: formText(c, "double_entry") != "", Issued: formText(c, "issued"), Version: formText(c, "version"),
		Counts: map[string]string{}}
	for _, name := range c.Request.PostForm["counter_member"] {
		if name = strings.TrimSpace(strings.ToValidUTF8(name, "")); name != "" {
			f.Members = append(f.Members, name)
		}
	}
	for _, cf := range roundCountFields {
		f.Counts[cf.Name] = formText(c, cf.Name)
	}
	return f
}

// round turns the typed setup into the round the store checks; typing errors go into fe.
func (f setupForm) round(fe congress.FieldErrors, id int64) *congress.Round {
	r := &congress.Round{ID: id, EntryMode: f.EntryMode, DoubleEntry: f.DoubleEntry, Counters: []congress.CountingMember{}}
	r.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	if f.Head != "" {
		r.Counters = append(r.Counters, congress.CountingMember{Name: f.Head, Head: true})
	}
	for _, m := range f.Members {
		r.Counters = append(r.Counters, congress.CountingMember{Name: m})
	}
	labels := map[string]string{"convened": "Số được triệu tập", "present": "Số có mặt khi bỏ phiếu"}
	for _, cf := range append(memberCounts, delegateCounts...) {
		labels[cf.Name] = cf.Label
	}
	a := &r.Attendance
	for name, dst := range map[string]*int{
		"convened": &a.Convened, "present": &a.Present, "temporarily_attached_absent": &a.TemporarilyAttachedAbsent,
		"exempt_absent": &a.ExemptAbsent, "suspended": &a.Suspended, "absent_with_reason": &a.AbsentWithReason,
		"committee_absent": &a.CommitteeAbsent, "absent_not_replaced": &a.AbsentNotReplaced,
	} {
		*dst = parseCount(fe, name, labels[name], f.Counts[name], false)
	}
	r.Issued = parseCount(fe, "issued", "Số phiếu phát ra", f.Issued, false)
	return r
}

// updateRoundSetup saves the setup form of an open round. A stale version (someone saved the
// setup or the totals in between) is 409 with everything typed kept.
func (s *Server) updateRoundSetup(c *gin.Context) {
	rv, ok := s.roundParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readSetupForm(c)
	fe := congress.FieldErrors{}
	r := form.round(fe, rv.ID)
	err := fe.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.UpdateRoundSetup(c.Request.Context(), currentUser(c), r)
	}
	if err != nil {
		if !isRoundFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderRound(c, statusOf(err), rv, roundEdit{Form: "setup", Setup: &form}, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/rounds/%d#setup", rv.ID), "Đã lưu Ban kiểm phiếu và số liệu bỏ phiếu.")
}

// isRoundFormError tells the refusals a round's forms show beside their fields: invalid input, an
// inconsistent count (the engine's code) and conflicts.
func isRoundFormError(err error) bool {
	return isFormError(err) || congress.ErrorCode(err) == congress.EINVALIDCOUNT
}
