package server

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

func init() {
	pageNames = append(pageNames, "election_form")
	sections["election_form"] = "congresses"
}

// electionForm is the election form exactly as typed. The list is a checkbox per person of the
// congress's roll, with how they were nominated and, for a floor or self nomination, how many of
// those present agreed to put them on the list (rule 6).
type electionForm struct {
	Body, Seats, ListKind, Decision, Version string
	Selected                                 map[int64]bool
	Nominated, FloorAgree, Note              map[int64]string
}

// electionFormOf fills the form from a stored election.
func electionFormOf(ev *store.ElectionView) electionForm {
	f := electionForm{Body: ev.Body, Seats: strconv.Itoa(ev.Seats), ListKind: ev.ListKind, Decision: ev.Decision,
		Version: strconv.FormatInt(ev.Version, 10), Selected: map[int64]bool{}, Nominated: map[int64]string{},
		FloorAgree: map[int64]string{}, Note: map[int64]string{}}
	for _, cd := range ev.Candidates {
		f.Selected[cd.PersonID] = true
		f.Nominated[cd.PersonID] = cd.NominatedBy
		if cd.FloorAgree > 0 {
			f.FloorAgree[cd.PersonID] = strconv.Itoa(cd.FloorAgree)
		}
		f.Note[cd.PersonID] = cd.Note
	}
	return f
}

// readElectionForm reads the posted form; persons are those of the congress's roll (a checkbox for
// anyone else is ignored, not trusted).
func readElectionForm(c *gin.Context, persons []congress.Person) electionForm {
	f := electionForm{Body: formText(c, "body"), Seats: formText(c, "seats"), ListKind: formText(c, "list_kind"),
		Decision: formText(c, "decision"), Version: formText(c, "version"), Selected: map[int64]bool{},
		Nominated: map[int64]string{}, FloorAgree: map[int64]string{}, Note: map[int64]string{}}
	checked := map[string]bool{}
	for _, v := range c.Request.PostForm["candidate"] {
		checked[strings.TrimSpace(v)] = true
	}
	for _, p := range persons {
		id := strconv.FormatInt(p.ID, 10)
		f.Selected[p.ID] = checked[id]
		f.Nominated[p.ID] = formText(c, "nominated_by_"+id)
		f.FloorAgree[p.ID] = formText(c, "floor_agree_"+id)
		f.Note[p.ID] = formText(c, "note_"+id)
	}
	return f
}

// input turns the typed form into the store's input. The list goes in roll order (A-B-C), and
// order records which person each "candidates[i]" message of the store is about.
func (f electionForm) input(fe congress.FieldErrors, persons []congress.Person) (in *store.ElectionInput, order []int64) {
	in = &store.ElectionInput{Election: congress.Election{Body: strings.TrimSpace(f.Body),
		ListKind: strings.TrimSpace(f.ListKind), Decision: f.Decision}}
	in.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	in.Seats = parseCount(fe, "seats", "Số lượng cần bầu", f.Seats, true)
	for _, p := range persons {
		if !f.Selected[p.ID] {
			continue
		}
		i := len(order)
		order = append(order, p.ID)
		in.CandidateIDs = append(in.CandidateIDs, p.ID)
		agree := parseCount(fe, fmt.Sprintf("candidates[%d].floor_agree", i), "Số đồng ý đưa "+p.FullName+" vào danh sách", f.FloorAgree[p.ID], false)
		in.Candidates = append(in.Candidates, congress.Candidate{PersonID: p.ID, NominatedBy: strings.TrimSpace(f.Nominated[p.ID]),
			FloorAgree: agree, Note: f.Note[p.ID]})
	}
	return in, order
}

// electionCandidateView is one row of the list in the form.
type electionCandidateView struct {
	ID                                     int64
	Name, Position, BirthDate              string
	Checked                                bool
	Nominated, FloorAgree, Note            string
	Error, NominatedError, FloorAgreeError string
}

// electionFormPage is the data of the new and edit election forms.
type electionFormPage struct {
	Congress    *congress.Congress
	Heading     string
	New         bool
	Action      string
	Cancel      string
	Form        electionForm
	Bodies      []congress.Option
	BodyLabel   string
	ListKinds   []congress.Option
	Nominations []congress.Option
	Candidates  []electionCandidateView
	// Warnings are the engine's list warnings (rule 6) on what the form holds; they never refuse.
	Warnings []election.Warning
	// ListHint says who may stand for the body being edited (rule 8), "" when anyone on the roll.
	ListHint string
	Errors   map[string]string
	Message  string
	Conflict bool
	Summary  []string
}

// electionFieldOrder orders the messages of the election form's summary.
var electionFieldOrder = []string{"body", "seats", "list_kind", "candidates", "decision"}

// renderElectionForm renders the new form (ev nil) or the edit form of ev with what was typed and,
// after a refused save, the messages beside the fields and at the top.
func (s *Server) renderElectionForm(c *gin.Context, status int, cg *congress.Congress, ev *store.ElectionView,
	form electionForm, order []int64, saveErr error) {
	ctx := c.Request.Context()
	persons, err := s.store.FindPersons(ctx, currentUser(c), cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := electionFormPage{Congress: cg, Heading: congressHeading(cg), New: ev == nil, Form: form,
		ListKinds: congress.ListKinds, Nominations: congress.Nominations, Errors: map[string]string{},
		Cancel: fmt.Sprintf("/congresses/%d#elections", cg.ID)}
	if p.New {
		p.Action = fmt.Sprintf("/congresses/%d/elections", cg.ID)
		if p.Bodies, err = s.freeBodies(ctx, currentUser(c), cg); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		p.Action = fmt.Sprintf("/elections/%d", ev.ID)
		p.Cancel = p.Action
		p.BodyLabel = ev.BodyLabel()
		p.ListHint = listHints[ev.Body]
		if ev.Body == congress.BodySecretary || ev.Body == congress.BodyDeputySecretary {
			if cg.OrganizationKind == congress.KindCell {
				p.ListHint = "Chi bộ có chi ủy: chọn trong số chi ủy viên vừa trúng cử; chi bộ không có chi ủy: trong số đảng viên chính thức."
			}
		}
	}
	if saveErr != nil {
		if f := congress.ErrorFields(saveErr); f != nil {
			p.Errors = f
		}
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = orderedMessages(p.Errors, electionFieldOrder)
	}
	// The store names list rows by their place in what was sent; put each message on its person.
	rowOf := map[int64]int{}
	for i, id := range order {
		rowOf[id] = i
	}
	selected := 0
	for _, person := range persons {
		v := electionCandidateView{ID: person.ID, Name: person.FullName, Position: person.Position,
			BirthDate: vn.Date(person.BirthDate), Checked: form.Selected[person.ID], Nominated: form.Nominated[person.ID],
			FloorAgree: form.FloorAgree[person.ID], Note: form.Note[person.ID]}
		if v.Nominated == "" {
			v.Nominated = congress.NominatedCommittee
		}
		if i, ok := rowOf[person.ID]; ok {
			key := fmt.Sprintf("candidates[%d]", i)
			v.Error, v.NominatedError, v.FloorAgreeError = p.Errors[key], p.Errors[key+".nominated_by"], p.Errors[key+".floor_agree"]
		}
		if v.Checked {
			selected++
		}
		p.Candidates = append(p.Candidates, v)
	}
	body := strings.TrimSpace(form.Body)
	if seats, err := strconv.Atoi(strings.TrimSpace(form.Seats)); err == nil && body != "" {
		p.Warnings = election.ListWarnings(cg.Ruleset, body, seats, selected)
	}
	title := "Thêm cuộc bầu cử"
	if !p.New {
		title = "Sửa cuộc bầu " + p.BodyLabel
	}
	s.render(c, status, "election_form", title, p)
}

// listHints say who may stand for a body (rule 8); the store refuses anyone else by name.
var listHints = map[string]string{
	congress.BodyStanding:          "Phiên họp thứ nhất: chọn trong số ủy viên Ban Chấp hành vừa trúng cử.",
	congress.BodySecretary:         "Phiên họp thứ nhất: chọn trong số ủy viên Ban Chấp hành vừa trúng cử.",
	congress.BodyDeputySecretary:   "Phiên họp thứ nhất: chọn trong số ủy viên Ban Chấp hành vừa trúng cử.",
	congress.BodyInspectionChair:   "Chọn trong số ủy viên Ủy ban Kiểm tra vừa trúng cử.",
	congress.BodyDelegateAlternate: "Một danh sách chung: đại biểu dự khuyết được bầu trong số còn lại của danh sách sau khi đã bầu đại biểu chính thức.",
}

// freeBodies lists the bodies the congress's organization elects (rule 8, BodyAllowed) that it has
// no election for yet, in rule 8's order.
func (s *Server) freeBodies(ctx context.Context, u *congress.User, cg *congress.Congress) ([]congress.Option, error) {
	list, err := s.store.FindElections(ctx, u, cg.ID)
	if err != nil {
		return nil, err
	}
	return bodiesWithout(cg, list), nil
}

// bodiesWithout lists the bodies the organization of cg elects that list has no election for.
func bodiesWithout(cg *congress.Congress, list []store.ElectionView) []congress.Option {
	var out []congress.Option
	for _, b := range congress.Bodies {
		if ok, _ := congress.BodyAllowed(cg.OrganizationKind, b.Code); !ok {
			continue
		}
		if slices.ContainsFunc(list, func(ev store.ElectionView) bool { return ev.Body == b.Code }) {
			continue
		}
		label := b.Label
		if congress.FirstSession(cg.OrganizationKind, b.Code) {
			label += " (phiên họp thứ nhất)"
		}
		out = append(out, congress.Option{Code: b.Code, Label: label})
	}
	return out
}
