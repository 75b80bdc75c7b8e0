package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

func init() {
	pageNames = append(pageNames, "round")
	sections["round"] = "congresses"
}

// roundPage is the data of a round's page: the count as it stands, the setup and tally forms while
// the round is open, closing and reopening.
type roundPage struct {
	Congress      *congress.Congress
	Heading       string
	R             *store.RoundView
	Title         string
	ElectionTitle string
	BodyLabel     string
	CanWrite      bool
	Open          bool
	CanReopen     bool
	Totals        bool
	Closing       string
	Document      string
	Result        resultView
	Setup         setupView
	Tally         tallyView
	// Which form a refusal belongs to ("setup", "tally", "close", "reopen"), its messages, and the
	// reopening reason as typed.
	Form     string
	Errors   map[string]string
	Message  string
	Conflict bool
	Summary  []string
	Reason   string
	// Next says what the election's page offers after this round (another round, ending).
	Next string
}

// roundEdit is what was typed in one of the round page's forms, kept after a refusal.
type roundEdit struct {
	Form   string
	Setup  *setupForm
	Tally  *tallyForm
	Reason string
}

// showRoundPage shows one round.
func (s *Server) showRoundPage(c *gin.Context) {
	rv, ok := s.roundParam(c)
	if !ok {
		return
	}
	s.renderRound(c, http.StatusOK, rv, roundEdit{}, nil)
}

// roundParam loads the round of the path in the user's scope.
func (s *Server) roundParam(c *gin.Context) (*store.RoundView, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	rv, err := s.store.FindRoundByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return rv, true
}

// renderRound renders the round page with its count; after a refused form, with what was typed
// and the messages beside the fields and at the top.
func (s *Server) renderRound(c *gin.Context, status int, rv *store.RoundView, edit roundEdit, actErr error) {
	ctx, u := c.Request.Context(), currentUser(c)
	// The page shows the round as stored now, which after a refused form may differ from what
	// the form was made from.
	rc, rv, err := s.store.CountRound(ctx, u, rv.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	cg := &rv.Congress
	p := roundPage{Congress: cg, Heading: congressHeading(cg), R: rv, BodyLabel: rv.Election.BodyLabel(),
		Title:         fmt.Sprintf("Vòng %d — Bầu %s", rv.Number, rv.Election.BodyLabel()),
		ElectionTitle: electionTitle(cg, rv.Election.Body, ""), CanWrite: u.CanWriteCongress(), Open: !rv.Closed,
		Totals: rv.EntryMode == congress.EntryTotals, Result: newResultView(rc, rv), Form: edit.Form,
		Errors: map[string]string{}, Reason: edit.Reason, Document: documentNumber(rv.DocumentNumber)}
	p.CanReopen = p.CanWrite && rv.Closed && rv.Last
	if rv.Closed {
		p.Closing = clockText(rv.ClosedAt)
		p.Next = roundNext(rc.Result)
	}
	if actErr != nil {
		if f := congress.ErrorFields(actErr); f != nil {
			p.Errors = f
		}
		p.Message = congress.ErrorMessage(actErr)
		p.Conflict = congress.ErrorCode(actErr) == congress.ECONFLICT
		p.Summary = orderedMessages(p.Errors, roundFieldOrder)
	}
	// After a stale save the typed form is kept but carries the current version: once the user
	// has looked at what changed, sending it again is a deliberate overwrite.
	typedVersion := ""
	if edit.Setup != nil {
		typedVersion = edit.Setup.Version
	} else if edit.Tally != nil {
		typedVersion = edit.Tally.Version
	}
	stale := p.Conflict && !rv.Closed && typedVersion != "" && strings.TrimSpace(typedVersion) != strconv.FormatInt(rv.Version, 10)
	if stale {
		p.Message += " Những gì bạn vừa nhập vẫn còn trong biểu mẫu: xem lại số liệu đang lưu rồi gửi lại nếu vẫn đúng."
	}
	setup := setupFormOf(rv)
	if edit.Setup != nil {
		setup = *edit.Setup
		if stale {
			setup.Version = strconv.FormatInt(rv.Version, 10)
		}
	}
	p.Setup = newSetupView(rv, setup, p.Errors)
	p.Setup.Locked = rc.Ballots[0]+rc.Ballots[1] > 0
	if p.Totals {
		tally := tallyFormOf(rv)
		if edit.Tally != nil {
			tally = *edit.Tally
			if stale {
				tally.Version = strconv.FormatInt(rv.Version, 10)
			}
		}
		p.Tally = newTallyView(rv, tally, p.Errors)
	}
	s.render(c, status, "round", p.Title+" — "+p.Heading, p)
}

// roundFieldOrder orders the round page's messages: setup, then tally, then the engine's.
var roundFieldOrder = []string{"counting_committee", "convened", "present", "entry_mode", "double_entry", "issued",
	"ballots.issued", "ballots.collected", "ballots.valid", "ballots.invalid", "invalid_reasons", "candidates", "ballots", "reason"}

// roundNext says what follows a closed round.
func roundNext(res *election.Result) string {
	switch {
	case res == nil:
		return ""
	case res.Runoff != nil:
		return "Có người bằng phiếu ở vị trí cuối: mở vòng bầu lại trong số những người bằng phiếu ở trang cuộc bầu."
	case res.VacantSeats > 0:
		return "Chưa bầu đủ số lượng: đại hội quyết định bầu tiếp (mở vòng mới) hoặc dừng, để khuyết, ở trang cuộc bầu."
	}
	return "Đã bầu đủ số lượng."
}

// setupView is the setup form with its messages.
type setupView struct {
	Head        string
	HeadError   string
	Members     []memberRow
	Counts      []countView
	Exclusions  []countView
	EntryMode   string
	DoubleEntry bool
	Issued      string
	Version     string
	// Locked: ballots were entered, so the entry mode can no longer change.
	Locked bool
}

// memberRow is a counting committee member's row in the setup form.
type memberRow struct {
	Index int
	Name  string
	Error string
}

// newSetupView pairs the typed setup with the store's messages. Member rows are numbered as the
// store numbers counting_committee[i]: the head first when there is one.
func newSetupView(rv *store.RoundView, f setupForm, errs map[string]string) setupView {
	v := setupView{Head: f.Head, EntryMode: f.EntryMode, DoubleEntry: f.DoubleEntry, Issued: f.Issued, Version: f.Version}
	offset := 0
	if f.Head != "" {
		v.HeadError = errs["counting_committee[0].name"]
		offset = 1
	}
	for i, m := range append(append([]string{}, f.Members...), make([]string, emptyRows)...) {
		v.Members = append(v.Members, memberRow{Index: i, Name: m, Error: errs[fmt.Sprintf("counting_committee[%d].name", i+offset)]})
	}
	count := func(fields []countField) []countView {
		out := make([]countView, len(fields))
		for i, cf := range fields {
			out[i] = countView{Name: cf.Name, Label: cf.Label, Value: f.Counts[cf.Name], Error: errs[cf.Name]}
		}
		return out
	}
	v.Counts = count([]countField{{"convened", "Số được triệu tập"}, {"present", "Số có mặt khi bỏ phiếu"}})
	if rv.Congress.Kind == congress.CongressDelegates {
		v.Exclusions = count(delegateCounts)
	} else {
		v.Exclusions = count(memberCounts)
	}
	return v
}

// tallyView is the totals form with its messages.
type tallyView struct {
	Issued, Collected, Valid, Invalid             string
	IssuedErr, CollectedErr, ValidErr, InvalidErr string
	Reasons                                       []reasonRow
	Extra                                         []extraRow
	ReasonsErr                                    string
	Votes                                         []voteRow
	VotesErr                                      string
	Version                                       string
}

// reasonRow is one known invalid-ballot reason with its typed count.
type reasonRow struct {
	Code, Label, Count, Error string
}

// extraRow is an invalid-ballot reason the congress ruled itself, typed as free text.
type extraRow struct {
	Index        int
	Label, Count string
	Error        string
}

// voteRow is one candidate's votes, in ballot order.
type voteRow struct {
	No       int
	PersonID int64
	Name     string
	Votes    string
	Error    string
}

// newTallyView pairs the typed totals with the store's and the engine's messages.
func newTallyView(rv *store.RoundView, f tallyForm, errs map[string]string) tallyView {
	v := tallyView{Issued: f.Issued, Collected: f.Collected, Valid: f.Valid, Invalid: f.Invalid, Version: f.Version,
		IssuedErr: errs["ballots.issued"], CollectedErr: errs["ballots.collected"], ValidErr: errs["ballots.valid"],
		InvalidErr: errs["ballots.invalid"], ReasonsErr: errs["invalid_reasons"], VotesErr: errs["candidates"]}
	if v.IssuedErr == "" {
		v.IssuedErr = errs["issued"]
	}
	for _, code := range election.Reasons() {
		// "Other" without its text says little in totals: the free-text rows below take its place,
		// unless a count was already recorded under it.
		if code == election.ReasonOther && strings.TrimSpace(f.Reasons[code]) == "" {
			continue
		}
		v.Reasons = append(v.Reasons, reasonRow{Code: code, Label: election.ReasonLabel(code), Count: f.Reasons[code],
			Error: errs["invalid_reasons."+code]})
	}
	for i, x := range append(append([]extraReason{}, f.Extra...), make([]extraReason, 2)...) {
		v.Extra = append(v.Extra, extraRow{Index: i, Label: x.Label, Count: x.Count, Error: errs[fmt.Sprintf("extra_reasons[%d]", i)]})
	}
	for i, cd := range rv.Candidates {
		v.Votes = append(v.Votes, voteRow{No: i + 1, PersonID: cd.PersonID, Name: cd.BallotName,
			Votes: f.Votes[cd.PersonID], Error: errs[fmt.Sprintf("candidates[%d].votes", i)]})
		if msg := errs[fmt.Sprintf("votes[%d].person_id", i)]; msg != "" && v.Votes[i].Error == "" {
			v.Votes[i].Error = msg
		}
	}
	return v
}
