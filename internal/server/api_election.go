package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// candidateInput is one name of an election's list in the API.
type candidateInput struct {
	PersonID    *int64 `json:"person_id"`
	NominatedBy string `json:"nominated_by"`
	FloorAgree  int    `json:"floor_agree"`
	Note        string `json:"note"`
	// FullName is read-only (the person's name), accepted and ignored.
	FullName json.RawMessage `json:"full_name"`
}

// electionInput is the body of POST /congresses/{id}/elections and PUT /elections/{id}.
type electionInput struct {
	Body       *string          `json:"body"`
	Seats      *int             `json:"seats"`
	ListKind   string           `json:"list_kind"`
	Decision   string           `json:"decision"`
	Candidates []candidateInput `json:"candidates"`
	Version    *int64           `json:"version"`
}

// input turns the body into the store's input, recording missing fields.
func (in electionInput) input(fe congress.FieldErrors, update bool) *store.ElectionInput {
	out := &store.ElectionInput{Election: congress.Election{ListKind: in.ListKind, Decision: in.Decision}}
	if !update {
		need(fe, "body", in.Body, &out.Body)
	}
	if update {
		need(fe, "version", in.Version, &out.Version)
	}
	need(fe, "seats", in.Seats, &out.Seats)
	if in.Candidates == nil {
		missing(fe, "candidates")
	}
	for i, cd := range in.Candidates {
		if cd.PersonID == nil {
			missing(fe, "candidates["+strconv.Itoa(i)+"].person_id")
			continue
		}
		out.CandidateIDs = append(out.CandidateIDs, *cd.PersonID)
		out.Candidates = append(out.Candidates, congress.Candidate{PersonID: *cd.PersonID, NominatedBy: cd.NominatedBy,
			FloorAgree: cd.FloorAgree, Note: cd.Note})
	}
	return out
}

// apiListElections lists the elections of a congress in rule 8's order, each with its rounds,
// who it has elected and its list warnings.
func (s *Server) apiListElections(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	list, err := s.store.FindElections(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"items": list})
}

// apiCreateElection records an election of a congress with its list: 201 with the stored record.
func (s *Server) apiCreateElection(c *gin.Context) {
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
	var in electionInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	e := in.input(fe, false)
	e.CongressID = id
	err := electionTypingErrors(e, fe)
	if err == nil {
		err = s.store.CreateElection(ctx, u, e)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	c.Header("Location", "/api/v1/elections/"+strconv.FormatInt(e.ID, 10))
	s.answerElection(c, http.StatusCreated, e.ID)
}

// apiUpdateElection replaces an election's seats, ballot kind, list and decision while no round is
// closed; a stale version is 409.
func (s *Server) apiUpdateElection(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	old, err := s.store.FindElectionByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in electionInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	e := in.input(fe, true)
	if in.Body != nil && *in.Body != old.Body {
		fe.Add("body", "Không đổi được cơ quan, chức danh của một cuộc bầu; hãy thêm cuộc bầu khác.")
	}
	e.ID, e.CongressID, e.Body = id, old.CongressID, old.Body
	err = electionTypingErrors(e, fe)
	if err == nil {
		err = s.store.UpdateElection(ctx, u, e)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.answerElection(c, http.StatusOK, id)
}

// endInput is the body of POST /elections/{id}/end and /appoint.
type endInput struct {
	Note     string `json:"note"`
	PersonID *int64 `json:"person_id"`
}

// apiEndElection stops an election and leaves the seats not filled vacant (rule 5).
func (s *Server) apiEndElection(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	if _, err := s.store.FindElectionByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in endInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	if in.PersonID != nil {
		fe := congress.FieldErrors{}
		fe.Add("person_id", "Dừng bầu không có người được chỉ định; dùng /appoint để ghi chỉ định.")
		s.apiError(c, fe.Err(congress.EINVALID, ""))
		return
	}
	if err := s.store.EndElection(ctx, u, id, in.Note); err != nil {
		s.apiError(c, err)
		return
	}
	s.answerElection(c, http.StatusOK, id)
}

// apiAppointToElection records the higher committee's appointment of a cell's secretary after
// three rounds elected nobody (rule 5).
func (s *Server) apiAppointToElection(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	ev, err := s.store.FindElectionByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in endInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	if in.PersonID == nil {
		missing(fe, "person_id")
	} else if p, err := s.store.FindPersonByID(ctx, u, *in.PersonID); err != nil || p.CongressID != ev.CongressID {
		if err != nil && congress.ErrorCode(err) != congress.ENOTFOUND {
			s.apiError(c, err)
			return
		}
		fe.Add("person_id", "Không có đồng chí này trong hồ sơ đại hội.")
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	if err := s.store.AppointToElection(ctx, u, id, *in.PersonID, in.Note); err != nil {
		s.apiError(c, err)
		return
	}
	s.answerElection(c, http.StatusOK, id)
}

// answerElection answers an election as stored.
func (s *Server) answerElection(c *gin.Context, status int, id int64) {
	ev, err := s.store.FindElectionByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, status, ev)
}
