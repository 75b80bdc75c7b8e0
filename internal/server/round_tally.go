package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// tallyForm is the totals of a round exactly as typed.
type tallyForm struct {
	Issued, Collected, Valid, Invalid string
	// Reasons are the typed counts of the known invalid-ballot reasons, by code.
	Reasons map[string]string
	// Extra are reasons the congress ruled itself (free text) with their counts.
	Extra   []extraReason
	Votes   map[int64]string
	Version string
}

// extraReason is a free-text invalid-ballot reason and its typed count.
type extraReason struct{ Label, Count string }

// maxReasonBytes is the longest reason the store keeps as a code (it counts bytes).
const maxReasonBytes = 64

// tallyFormOf fills the totals form from a stored round.
func tallyFormOf(rv *store.RoundView) tallyForm {
	f := tallyForm{Issued: strconv.Itoa(rv.Issued), Collected: strconv.Itoa(rv.Collected), Valid: strconv.Itoa(rv.Valid),
		Invalid: strconv.Itoa(rv.Invalid), Reasons: map[string]string{}, Votes: map[int64]string{},
		Version: strconv.FormatInt(rv.Version, 10)}
	known := map[string]bool{}
	for _, code := range election.Reasons() {
		known[code] = true
		if n := rv.InvalidReasons[code]; n > 0 {
			f.Reasons[code] = strconv.Itoa(n)
		}
	}
	for code, n := range rv.InvalidReasons {
		if !known[code] {
			f.Extra = append(f.Extra, extraReason{Label: code, Count: strconv.Itoa(n)})
		}
	}
	sortExtra(f.Extra)
	for _, cd := range rv.Candidates {
		f.Votes[cd.PersonID] = strconv.Itoa(cd.Votes)
	}
	return f
}

// sortExtra orders free-text reasons by their text, so the form is the same at every load.
func sortExtra(list []extraReason) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].Label < list[j-1].Label; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// readTallyForm reads the posted totals. Blank free-text rows are dropped so messages line up.
func readTallyForm(c *gin.Context, rv *store.RoundView) tallyForm {
	f := tallyForm{Issued: formText(c, "issued"), Collected: formText(c, "collected"), Valid: formText(c, "valid"),
		Invalid: formText(c, "invalid"), Version: formText(c, "version"), Reasons: map[string]string{}, Votes: map[int64]string{}}
	for _, code := range election.Reasons() {
		f.Reasons[code] = formText(c, "reason_"+code)
	}
	labels, counts := c.Request.PostForm["extra_reason"], c.Request.PostForm["extra_count"]
	for i := range max(len(labels), len(counts)) {
		var x extraReason
		if i < len(labels) {
			// The label is stored as the reason's code and quoted in messages: no control characters.
			x.Label = congress.CleanText(labels[i])
		}
		if i < len(counts) {
			x.Count = strings.TrimSpace(strings.ToValidUTF8(counts[i], ""))
		}
		if x.Label != "" || x.Count != "" {
			f.Extra = append(f.Extra, x)
		}
	}
	for _, cd := range rv.Candidates {
		f.Votes[cd.PersonID] = formText(c, "votes_"+strconv.FormatInt(cd.PersonID, 10))
	}
	return f
}

// tally turns the typed totals into the store's Tally; typing errors go into fe under the count
// contract's paths, which the engine's own messages also use.
func (f tallyForm) tally(fe congress.FieldErrors, rv *store.RoundView) *store.Tally {
	t := &store.Tally{InvalidReasons: map[string]int{}}
	t.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	t.Issued = parseCount(fe, "ballots.issued", "Số phiếu phát ra", f.Issued, true)
	t.Collected = parseCount(fe, "ballots.collected", "Số phiếu thu vào", f.Collected, true)
	t.Valid = parseCount(fe, "ballots.valid", "Số phiếu hợp lệ", f.Valid, true)
	t.Invalid = parseCount(fe, "ballots.invalid", "Số phiếu không hợp lệ", f.Invalid, false)
	// Rows of one reason are summed below, and the store checks only the sums: a negative row is
	// refused here, or "5" and "-2" would pass as 3.
	negative := func(key, label string, n int) {
		if n < 0 {
			fe.Add(key, fmt.Sprintf("%s (%d) không được âm.", label, n))
		}
	}
	for _, code := range election.Reasons() {
		key := "invalid_reasons." + code
		if n := parseCount(fe, key, election.ReasonLabel(code), f.Reasons[code], false); n != 0 {
			negative(key, "Số phiếu vì lý do «"+election.ReasonLabel(code)+"»", n)
			t.InvalidReasons[code] = n
		}
	}
	for i, x := range f.Extra {
		key := fmt.Sprintf("extra_reasons[%d]", i)
		switch {
		case x.Label == "":
			fe.Add(key, fmt.Sprintf("Lý do khác thứ %d chưa ghi nội dung.", i+1))
		case len(x.Label) > maxReasonBytes:
			fe.Add(key, fmt.Sprintf("Lý do %q quá dài: tối đa %d byte (khoảng 25 chữ có dấu).", shorten(x.Label, 30), maxReasonBytes))
		default:
			label := "Số phiếu vì lý do «" + shorten(x.Label, 30) + "»"
			if n := parseCount(fe, key, label, x.Count, true); n != 0 {
				negative(key, label, n)
				t.InvalidReasons[x.Label] += n
			}
		}
	}
	for i, cd := range rv.Candidates {
		n := parseCount(fe, fmt.Sprintf("candidates[%d].votes", i), "Số phiếu bầu cho "+cd.FullName, f.Votes[cd.PersonID], true)
		t.VotesList = append(t.VotesList, store.CandidateTally{PersonID: cd.PersonID, Votes: n})
	}
	return t
}

// saveTally stores the totals of an open round entered by totals. The engine checks every
// consistency rule; an inconsistent count is 422 with the figures named beside their fields, a
// stale version 409, and in both cases everything typed stays in the form.
func (s *Server) saveTally(c *gin.Context) {
	rv, ok := s.roundParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readTallyForm(c, rv)
	fe := congress.FieldErrors{}
	t := form.tally(fe, rv)
	err := fe.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.SetTally(c.Request.Context(), currentUser(c), rv.ID, t)
	}
	if err != nil {
		if !isRoundFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderRound(c, statusOf(err), rv, roundEdit{Form: "tally", Tally: &form}, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/rounds/%d#result", rv.ID), "Đã lưu kết quả kiểm phiếu; kết quả bên dưới được tính lại.")
}
