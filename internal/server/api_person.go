package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// personInput is the body of POST /congresses/{id}/persons and PUT /persons/{id}. Dates are ISO
// (YYYY-MM-DD; dd/mm/yyyy is read too). The read-only fields of a person read from the API are
// accepted and ignored, so a record can be sent back as it came.
type personInput struct {
	FullName    *string `json:"full_name"`
	BirthDate   string  `json:"birth_date"`
	Gender      string  `json:"gender"`
	Ethnicity   string  `json:"ethnicity"`
	Religion    string  `json:"religion"`
	HomeTown    string  `json:"home_town"`
	Position    string  `json:"position"`
	JoinedOn    string  `json:"joined_on"`
	OfficialOn  string  `json:"official_on"`
	Education   string  `json:"education"`
	Degree      string  `json:"degree"`
	TheoryLevel string  `json:"theory_level"`
	Incumbent   bool    `json:"incumbent"`
	Version     *int64  `json:"version"`

	ID         json.RawMessage `json:"id"`
	CongressID json.RawMessage `json:"congress_id"`
	Sample     json.RawMessage `json:"sample"`
}

// person turns the body into a person, recording missing fields and unreadable dates.
func (in personInput) person(fe congress.FieldErrors, update bool) *congress.Person {
	p := &congress.Person{Gender: in.Gender, Ethnicity: in.Ethnicity, Religion: in.Religion, HomeTown: in.HomeTown,
		Position: in.Position, Education: in.Education, Degree: in.Degree, TheoryLevel: in.TheoryLevel, Incumbent: in.Incumbent}
	need(fe, "full_name", in.FullName, &p.FullName)
	if update {
		need(fe, "version", in.Version, &p.Version)
	}
	parsePersonDates(fe, p, in.BirthDate, in.JoinedOn, in.OfficialOn)
	return p
}

// apiListPersons lists the persons of a congress in A-B-C order of given name.
func (s *Server) apiListPersons(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	list, err := s.store.FindPersons(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": list})
}

// apiShowPerson answers one person.
func (s *Server) apiShowPerson(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	p, err := s.store.FindPersonByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, p)
}

// apiCreatePerson adds a person to a congress's roll: 201 with the stored record.
func (s *Server) apiCreatePerson(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	if _, err := s.store.FindCongressByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in personInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	p := in.person(fe, false)
	p.CongressID = id
	err := personTypingErrors(p, fe)
	if err == nil {
		err = s.store.CreatePerson(ctx, u, p)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	c.Header("Location", "/api/v1/persons/"+strconv.FormatInt(p.ID, 10))
	s.answerPerson(c, http.StatusCreated, p.ID)
}

// apiUpdatePerson replaces a person's profile; a stale version is 409.
func (s *Server) apiUpdatePerson(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	old, err := s.store.FindPersonByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in personInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	p := in.person(fe, true)
	p.ID, p.CongressID = id, old.CongressID
	err = personTypingErrors(p, fe)
	if err == nil {
		err = s.store.UpdatePerson(ctx, u, p)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.answerPerson(c, http.StatusOK, id)
}

// answerPerson answers a person as stored after a write.
func (s *Server) answerPerson(c *gin.Context, status int, id int64) {
	p, err := s.store.FindPersonByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, status, p)
}
