package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// personFormPage is the data of the edit form of one person.
type personFormPage struct {
	Congress *congress.Congress
	Person   *congress.Person
	Form     personForm
	Action   string
	Cancel   string
	Errors   map[string]string
	Message  string
	Conflict bool
	Summary  []string
	Genders  []congress.Option
}

// createPerson adds a person to the congress's roll from the form on the persons page.
func (s *Server) createPerson(c *gin.Context) {
	cg, ok := s.congressParam(c, "id")
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readPersonForm(c)
	fe := congress.FieldErrors{}
	p := form.person(fe)
	p.CongressID = cg.ID
	err := personTypingErrors(p, fe)
	if err == nil {
		err = s.store.CreatePerson(c.Request.Context(), currentUser(c), p)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderPersons(c, statusOf(err), cg, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/persons#person-%d", cg.ID, p.ID), "Đã thêm đồng chí "+p.FullName+".")
}

// showPersonEditPage shows the profile form of one person.
func (s *Server) showPersonEditPage(c *gin.Context) {
	p, cg, ok := s.personParam(c)
	if !ok {
		return
	}
	s.renderPersonForm(c, http.StatusOK, cg, p, personFormOf(p), nil)
}

// updatePerson saves the profile form. A stale version is 409 with everything typed kept.
func (s *Server) updatePerson(c *gin.Context) {
	old, cg, ok := s.personParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readPersonForm(c)
	fe := congress.FieldErrors{}
	p := form.person(fe)
	p.ID, p.CongressID = old.ID, old.CongressID
	err := personTypingErrors(p, fe)
	if err == nil {
		err = s.store.UpdatePerson(c.Request.Context(), currentUser(c), p)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderPersonForm(c, statusOf(err), cg, old, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/persons#person-%d", cg.ID, p.ID), "Đã lưu hồ sơ đồng chí "+p.FullName+".")
}

// personParam loads the person of the path and their congress in the user's scope.
func (s *Server) personParam(c *gin.Context) (*congress.Person, *congress.Congress, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, nil, false
	}
	ctx, u := c.Request.Context(), currentUser(c)
	p, err := s.store.FindPersonByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	cg, err := s.store.FindCongressByID(ctx, u, p.CongressID)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return p, cg, true
}

// renderPersonForm renders the edit form with what was typed and, after a refused save, the messages.
func (s *Server) renderPersonForm(c *gin.Context, status int, cg *congress.Congress, p *congress.Person, form personForm, saveErr error) {
	page := personFormPage{Congress: cg, Person: p, Form: form, Action: fmt.Sprintf("/persons/%d", p.ID),
		Cancel: fmt.Sprintf("/congresses/%d/persons", cg.ID), Errors: map[string]string{}, Genders: congress.Genders}
	if saveErr != nil {
		if f := congress.ErrorFields(saveErr); f != nil {
			page.Errors = f
		}
		page.Message = congress.ErrorMessage(saveErr)
		page.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		page.Summary = orderedMessages(page.Errors, personFieldOrder)
	}
	s.render(c, status, "person_form", "Sửa hồ sơ đồng chí "+p.FullName, page)
}
