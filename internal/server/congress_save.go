package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// countView is a head-count input with its typed value and message.
type countView struct {
	Name, Label, Value, Error string
}

// guestView is a guest row with its messages.
type guestView struct {
	guestRow
	NameError, TitleError, RoleError string
}

// pastResultView is a past-result row with its messages.
type pastResultView struct {
	pastResultRow
	LabelError, ValueError, UnitError string
}

// congressFormPage is the data of the new and edit forms.
type congressFormPage struct {
	New     bool
	Action  string
	Cancel  string
	Heading string
	// Congress is the stored record being edited; nil on the new form.
	Congress       *congress.Congress
	Form           congressForm
	Errors         map[string]string
	Summary        []string
	Message        string
	Conflict       bool
	Organizations  []congress.Organization
	Terms          []congress.Term
	Kinds          []congress.Option
	Rulesets       []congress.Option
	States         []congress.Option
	GuestRoles     []congress.Option
	CommonCounts   []countView
	MemberCounts   []countView
	DelegateCounts []countView
	Guests         []guestView
	PastResults    []pastResultView
}

// showCongressCreatePage shows an empty congress form (secretary, admin).
func (s *Server) showCongressCreatePage(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	orgID := queryID(c, "organization_id")
	if orgID == 0 {
		orgID = u.OrganizationID
	}
	form := congressForm{OrganizationID: strconv.FormatInt(orgID, 10), Kind: congress.CongressMembers,
		Ruleset: congress.Ruleset190, State: congress.StatePlanned, Counts: map[string]string{}}
	if terms, err := s.store.FindTerms(ctx); err == nil && len(terms) > 0 {
		form.TermID = strconv.FormatInt(terms[0].ID, 10)
	}
	s.renderCongressForm(c, http.StatusOK, nil, form, nil)
}

// showCongressEditPage shows the form of a stored congress.
func (s *Server) showCongressEditPage(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	cg, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.renderCongressForm(c, http.StatusOK, cg, formOf(cg), nil)
}

// createCongress records a new congress from the form.
func (s *Server) createCongress(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	form := readCongressForm(c)
	fe := congress.FieldErrors{}
	cg := form.congress(fe)
	if cg.OrganizationID <= 0 {
		fe.Add("organization_id", "Chưa chọn tổ chức đảng.")
	}
	err := s.typingErrors(ctx, cg, fe)
	if err == nil {
		err = s.store.CreateCongress(ctx, currentUser(c), cg)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderCongressForm(c, statusOf(err), nil, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d", cg.ID), "Đã lưu "+lowerFirst(congressHeading(cg))+".")
}

// updateCongress saves the edit form. The hidden version is the one the form was made from: if
// someone saved in between, the answer is 409 with everything typed kept.
func (s *Server) updateCongress(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	old, err := s.store.FindCongressByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readCongressForm(c)
	fe := congress.FieldErrors{}
	cg := form.congress(fe)
	cg.ID, cg.OrganizationID = id, old.OrganizationID
	err = s.typingErrors(ctx, cg, fe)
	if err == nil {
		err = s.store.UpdateCongress(ctx, u, cg)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderCongressForm(c, statusOf(err), old, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d", id), "Đã lưu "+lowerFirst(congressHeading(cg))+".")
}

// typingErrors completes the typing errors, if any, with the domain's messages on the other
// fields, so that one round trip shows every problem. It returns nil when nothing was mistyped:
// the store then validates everything itself.
func (s *Server) typingErrors(ctx context.Context, cg *congress.Congress, fe congress.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	var term congress.Term
	if cg.TermID > 0 {
		if t, err := s.store.FindTermByID(ctx, cg.TermID); err == nil {
			term = *t
		}
	}
	check := *cg
	if err := check.Validate(term); err != nil {
		for k, v := range congress.ErrorFields(err) {
			fe.Add(k, v) // a typing error on the same field stays: it says more
		}
	}
	return fe.Err(congress.EINVALID, "")
}

// renderCongressForm renders the new form (old is nil) or the edit form of old with what was
// typed and, after a refused save, the messages beside the fields and in a summary at the top.
func (s *Server) renderCongressForm(c *gin.Context, status int, old *congress.Congress, form congressForm, saveErr error) {
	ctx := c.Request.Context()
	u := currentUser(c)
	p := congressFormPage{New: old == nil, Congress: old, Form: form, Errors: congress.ErrorFields(saveErr),
		Kinds: congress.CongressKinds, Rulesets: congress.Rulesets, States: congress.CongressStates,
		GuestRoles: congress.GuestRoles}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if saveErr != nil {
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = summarize(p.Errors)
	}
	var err error
	if p.Terms, err = s.store.FindTerms(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if p.New {
		p.Action, p.Cancel, p.Heading = "/congresses", "/congresses", "Thêm đại hội"
		if p.Organizations, err = s.store.FindOrganizations(ctx, u, store.OrganizationFilter{Limit: 2000}); err != nil {
			s.fail(c, err)
			return
		}
	} else {
		p.Heading = congressHeading(old)
		p.Action = fmt.Sprintf("/congresses/%d", old.ID)
		p.Cancel = p.Action
	}
	views := func(fields []countField) []countView {
		out := make([]countView, len(fields))
		for i, f := range fields {
			out[i] = countView{Name: f.Name, Label: f.Label, Value: form.Counts[f.Name], Error: p.Errors[f.Name]}
		}
		return out
	}
	p.CommonCounts, p.MemberCounts, p.DelegateCounts = views(commonCounts), views(memberCounts), views(delegateCounts)
	blankGuests := make([]guestRow, emptyRows)
	for i := range blankGuests {
		blankGuests[i].Role = congress.GuestAttending
	}
	for i, g := range slices.Concat(form.Guests, blankGuests) {
		key := fmt.Sprintf("guests[%d].", i)
		p.Guests = append(p.Guests, guestView{guestRow: g, NameError: p.Errors[key+"name"],
			TitleError: p.Errors[key+"title"], RoleError: p.Errors[key+"role"]})
	}
	for i, r := range slices.Concat(form.PastResults, make([]pastResultRow, emptyRows)) {
		key := fmt.Sprintf("past_results[%d].", i)
		p.PastResults = append(p.PastResults, pastResultView{pastResultRow: r, LabelError: p.Errors[key+"label"],
			ValueError: p.Errors[key+"value"], UnitError: p.Errors[key+"unit"]})
	}
	title := p.Heading
	if !p.New {
		title = "Sửa hồ sơ: " + p.Heading
	}
	s.render(c, status, "congress_form", title, p)
}
