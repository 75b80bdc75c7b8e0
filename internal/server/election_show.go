package server

import (
	"context"
	"encoding/json"
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
	pageNames = append(pageNames, "election")
	sections["election"] = "congresses"
}

// electionPage is the data of an election's page: its list, its rounds, who it has elected so far
// and what the congress may do next.
type electionPage struct {
	Congress     *congress.Congress
	Heading      string
	E            *store.ElectionView
	Title        string
	FirstSession bool
	ListKind     string
	Done         bool
	Candidates   []listRow
	Rounds       []roundRow
	Elected      []electedRow
	Appointed    string
	CanWrite     bool
	// CanEdit: no round is closed yet, so the list may still change.
	CanEdit bool
	// The next round: offered when the last round is closed (or there is none) and seats remain.
	CanOpen bool
	Next    nextRoundForm
	// CanEnd: all rounds closed and seats remain — the congress may stop and leave them vacant.
	CanEnd bool
	// CanAppoint: a cell's secretary not elected after the third round (rule 5).
	CanAppoint bool
	Persons    []congress.Person
	// After a refused action: the message, the field messages and what was typed in its form.
	Act      electionAction
	Errors   map[string]string
	Message  string
	Conflict bool
	Summary  []string
}

// electionAction is what was typed in one of the election page's forms (open a round, end,
// appoint), kept to show it again after a refusal.
type electionAction struct {
	Name      string // "open", "end" or "appoint"; "" when no action was refused
	Seats     string
	EntryMode string
	Note      string
	PersonID  string
	// Order is the list sent to the store, whose "candidate_ids[i]" messages it locates.
	Order []int64
}

// listRow is a line of the election's list.
type listRow struct {
	No                     int
	Name, Nomination, Note string
	Elected                bool
}

// roundRow is a line of the election's rounds.
type roundRow struct {
	ID, CongressID int64
	Number, Seats  int
	Entry          string
	Closed         bool
	Closing        string
	Document       string
	Outcome        string
}

// electedRow is one person the election has elected.
type electedRow struct {
	Rank               int
	Name, Votes, Share string
	Round              int
}

// nextRoundForm is the form that opens the next round, prefilled with the store's defaults.
type nextRoundForm struct {
	Number    int
	Seats     string
	EntryMode string
	Why       string
	List      []nextCandidate
	Others    []nextCandidate
}

// nextCandidate is a person who may be on the next round's list.
type nextCandidate struct {
	ID      int64
	Name    string
	Checked bool
	Error   string
}

// showElectionPage shows one election.
func (s *Server) showElectionPage(c *gin.Context) {
	ev, cg, ok := s.electionParam(c)
	if !ok {
		return
	}
	s.renderElection(c, http.StatusOK, cg, ev, electionAction{}, nil)
}

// renderElection renders the election page; after a refused action (open a round, end, appoint),
// with that action's form as typed and its messages.
func (s *Server) renderElection(c *gin.Context, status int, cg *congress.Congress, ev *store.ElectionView,
	act electionAction, actErr error) {
	ctx, u := c.Request.Context(), currentUser(c)
	p := electionPage{Congress: cg, Heading: congressHeading(cg), E: ev, Title: "Bầu " + ev.BodyLabel(),
		FirstSession: congress.FirstSession(cg.OrganizationKind, ev.Body), ListKind: congress.Label(congress.ListKinds, ev.ListKind),
		Done: ev.State == "done", CanWrite: u.CanWriteCongress(), CanEdit: true, Act: act, Errors: map[string]string{}}
	elected := map[int64]bool{}
	for _, e := range ev.Elected {
		elected[e.PersonID] = true
		p.Elected = append(p.Elected, electedRow{Rank: e.Rank, Name: e.FullName, Votes: countWord(e.Votes, "phiếu"),
			Share: percentText(e.PercentHundredths), Round: e.Round})
	}
	for i, cd := range ev.Candidates {
		nom := congress.Label(congress.Nominations, cd.NominatedBy)
		if cd.NominatedBy != congress.NominatedCommittee && cd.FloorAgree > 0 {
			nom += fmt.Sprintf(" (%s/%s có mặt đồng ý)", strconv.Itoa(cd.FloorAgree), strconv.Itoa(cg.Present))
		}
		p.Candidates = append(p.Candidates, listRow{No: i + 1, Name: cd.FullName, Nomination: nom, Note: cd.Note, Elected: elected[cd.PersonID]})
	}
	allClosed := true
	for _, r := range ev.Rounds {
		row := roundRow{ID: r.ID, CongressID: cg.ID, Number: r.Number, Seats: r.Seats, Entry: entryModeLabels[r.EntryMode], Closed: r.Closed}
		if r.Closed {
			p.CanEdit = false
			row.Closing = clockText(r.ClosedAt)
			row.Document = documentNumber(r.DocumentNumber)
			row.Outcome = roundOutcome(r)
		} else {
			allClosed = false
			row.Outcome = "Đang kiểm phiếu"
		}
		p.Rounds = append(p.Rounds, row)
	}
	if ev.AppointedPersonID != nil {
		if person, err := s.store.FindPersonByID(ctx, u, *ev.AppointedPersonID); err == nil {
			p.Appointed = person.FullName
		}
	}
	open := ev.State != "done" && ev.Remaining > 0
	p.CanOpen = p.CanWrite && open && allClosed
	p.CanEnd = p.CanWrite && open && allClosed && len(ev.Rounds) > 0
	p.CanAppoint = p.CanEnd && ev.Body == congress.BodySecretary && cg.OrganizationKind == congress.KindCell &&
		len(ev.Rounds) >= 3 && len(ev.Elected) == 0
	if p.CanOpen || p.CanAppoint {
		persons, err := s.store.FindPersons(ctx, u, cg.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		p.Persons = persons
		if p.CanOpen {
			next, err := s.nextRound(ctx, u, ev, persons)
			if err != nil {
				s.fail(c, err)
				return
			}
			p.Next = next
		}
	}
	if actErr != nil {
		if f := congress.ErrorFields(actErr); f != nil {
			p.Errors = f
		}
		p.Message = congress.ErrorMessage(actErr)
		p.Conflict = congress.ErrorCode(actErr) == congress.ECONFLICT
		p.Summary = orderedMessages(p.Errors, []string{"seats", "candidate_ids", "entry_mode", "note", "person_id"})
		if act.Name == "open" {
			p.Next.applyTyped(act, p.Errors)
		}
	}
	s.render(c, status, "election", p.Title+" — "+p.Heading, p)
}

// roundOutcome sums up a closed round from its stored result.
func roundOutcome(r congress.Round) string {
	res, err := decodeStoredResult(r.ResultJSON)
	if err != nil {
		return ""
	}
	var parts []string
	if n := len(res.Elected); n > 0 {
		parts = append(parts, fmt.Sprintf("%s trúng cử", countWord(n, "đồng chí")))
	} else {
		parts = append(parts, "Không ai trúng cử")
	}
	if res.Runoff != nil {
		parts = append(parts, fmt.Sprintf("%s bằng phiếu, bầu lại", countWord(len(res.Runoff.Candidates), "đồng chí")))
	}
	if res.VacantSeats > 0 {
		parts = append(parts, fmt.Sprintf("còn thiếu %s", countWord(res.VacantSeats, "người")))
	}
	return strings.Join(parts, "; ")
}

// nextRound builds the next round's form with the store's defaults: after a tie, the seats the
// tie left open and the tied only (rule 4); otherwise the seats still open and everyone on the list
// not yet elected (rule 5: the list may change — others of the roll can be added).
func (s *Server) nextRound(ctx context.Context, u *congress.User, ev *store.ElectionView, persons []congress.Person) (nextRoundForm, error) {
	f := nextRoundForm{Number: len(ev.Rounds) + 1, Seats: strconv.Itoa(ev.Remaining), EntryMode: congress.EntryBallots}
	elected, onList := map[int64]bool{}, map[int64]bool{}
	for _, e := range ev.Elected {
		elected[e.PersonID] = true
	}
	var tied map[int64]bool
	if n := len(ev.Rounds); n > 0 {
		last := ev.Rounds[n-1]
		f.EntryMode = last.EntryMode
		res, err := decodeStoredResult(last.ResultJSON)
		if err != nil {
			return f, err
		}
		if res.Runoff != nil {
			rv, err := s.store.FindRoundByID(ctx, u, last.ID)
			if err != nil {
				return f, err
			}
			names := map[string]bool{}
			for _, n := range res.Runoff.Candidates {
				names[n] = true
			}
			tied = map[int64]bool{}
			for _, cd := range rv.Candidates {
				if names[cd.BallotName] {
					tied[cd.PersonID] = true
				}
			}
			f.Seats = strconv.Itoa(res.Runoff.Seats)
			f.Why = fmt.Sprintf("Vòng %d có người bằng phiếu ở vị trí cuối: bầu lại %s trong số những người bằng phiếu.",
				last.Number, countWord(res.Runoff.Seats, "chỗ"))
		} else {
			f.Why = fmt.Sprintf("Vòng %d chưa bầu đủ: còn %s. Đại hội quyết định bầu tiếp (có thể thay đổi danh sách) hoặc dừng, để khuyết.",
				last.Number, countWord(ev.Remaining, "chỗ"))
		}
	}
	for _, cd := range ev.Candidates {
		onList[cd.PersonID] = true
		if elected[cd.PersonID] {
			continue
		}
		checked := tied == nil || tied[cd.PersonID]
		f.List = append(f.List, nextCandidate{ID: cd.PersonID, Name: cd.FullName, Checked: checked})
	}
	if len(ev.Rounds) > 0 {
		for _, p := range persons {
			if !onList[p.ID] {
				f.Others = append(f.Others, nextCandidate{ID: p.ID, Name: p.FullName})
			}
		}
	}
	return f, nil
}

// applyTyped puts back what was typed in the next-round form and the store's messages on it.
func (f *nextRoundForm) applyTyped(act electionAction, errs map[string]string) {
	f.Seats, f.EntryMode = act.Seats, act.EntryMode
	pos := map[int64]int{}
	for i, id := range act.Order {
		pos[id] = i
	}
	mark := func(list []nextCandidate) {
		for k := range list {
			j, ok := pos[list[k].ID]
			list[k].Checked = ok
			if ok {
				list[k].Error = errs[fmt.Sprintf("candidate_ids[%d]", j)]
			}
		}
	}
	mark(f.List)
	mark(f.Others)
}

// decodeStoredResult reads the result frozen in a closed round.
func decodeStoredResult(text string) (*election.Result, error) {
	var res election.Result
	if err := json.Unmarshal([]byte(text), &res); err != nil {
		return nil, fmt.Errorf("server: stored result: %w", err)
	}
	return &res, nil
}
