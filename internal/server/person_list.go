package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// personsPage is the data of the roll of candidates of a congress, with the add form.
type personsPage struct {
	Congress *congress.Congress
	Heading  string
	Persons  []personRow
	// HasSample: some names are invented sample data, marked with an asterisk.
	HasSample bool
	CanWrite  bool
	// The add form: what was typed and, after a refused save, the messages.
	Form     personForm
	Action   string
	Errors   map[string]string
	Message  string
	Conflict bool
	Summary  []string
	Genders  []congress.Option
}

// showPersonsPage lists the persons of a congress (danh sách trích ngang) with the form to add one.
func (s *Server) showPersonsPage(c *gin.Context) {
	cg, ok := s.congressParam(c, "id")
	if !ok {
		return
	}
	s.renderPersons(c, http.StatusOK, cg, personForm{}, nil)
}

// renderPersons renders the roll; after a refused add, with what was typed and the messages.
func (s *Server) renderPersons(c *gin.Context, status int, cg *congress.Congress, form personForm, saveErr error) {
	u := currentUser(c)
	list, err := s.store.FindPersons(c.Request.Context(), u, cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := personsPage{Congress: cg, Heading: congressHeading(cg), CanWrite: u.CanWriteCongress(), Form: form,
		Action: fmt.Sprintf("/congresses/%d/persons", cg.ID), Errors: map[string]string{}, Genders: congress.Genders}
	for i := range list {
		p.Persons = append(p.Persons, newPersonRow(i+1, &list[i]))
		p.HasSample = p.HasSample || list[i].Sample
	}
	if saveErr != nil {
		if f := congress.ErrorFields(saveErr); f != nil {
			p.Errors = f
		}
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = orderedMessages(p.Errors, personFieldOrder)
	}
	s.render(c, status, "persons", "Danh sách trích ngang: "+p.Heading, p)
}

// congressParam loads the congress of the path parameter name in the user's scope, answering
// 404 (or the error) itself when it cannot.
func (s *Server) congressParam(c *gin.Context, name string) (*congress.Congress, bool) {
	id, ok := parseID(c, name)
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	cg, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return cg, true
}
