package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// showElectionCreatePage shows an empty election form for a congress.
func (s *Server) showElectionCreatePage(c *gin.Context) {
	cg, ok := s.congressParam(c, "id")
	if !ok {
		return
	}
	form := electionForm{ListKind: congress.ListSurplus, Selected: map[int64]bool{}, Nominated: map[int64]string{},
		FloorAgree: map[int64]string{}, Note: map[int64]string{}}
	s.renderElectionForm(c, http.StatusOK, cg, nil, form, nil, nil)
}

// createElection records a new election of the congress with its list.
func (s *Server) createElection(c *gin.Context) {
	cg, ok := s.congressParam(c, "id")
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	persons, err := s.store.FindPersons(ctx, u, cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	form := readElectionForm(c, persons)
	fe := congress.FieldErrors{}
	in, order := form.input(fe, persons)
	in.CongressID = cg.ID
	err = electionTypingErrors(in, fe)
	if err == nil {
		err = s.store.CreateElection(ctx, u, in)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderElectionForm(c, statusOf(err), cg, nil, form, order, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/elections/%d", in.ID), "Đã ghi cuộc bầu "+in.BodyLabel()+".")
}

// showElectionEditPage shows the form of a stored election.
func (s *Server) showElectionEditPage(c *gin.Context) {
	ev, cg, ok := s.electionParam(c)
	if !ok {
		return
	}
	s.renderElectionForm(c, http.StatusOK, cg, ev, electionFormOf(ev), nil, nil)
}

// updateElection saves the edit form: seats, ballot kind, list and the congress's decision, while
// no round is closed. A stale version is 409 with everything typed kept.
func (s *Server) updateElection(c *gin.Context) {
	ev, cg, ok := s.electionParam(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	persons, err := s.store.FindPersons(ctx, u, cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	form := readElectionForm(c, persons)
	form.Body = ev.Body // the body of an election never changes
	fe := congress.FieldErrors{}
	in, order := form.input(fe, persons)
	in.ID, in.CongressID = ev.ID, cg.ID
	err = electionTypingErrors(in, fe)
	if err == nil {
		err = s.store.UpdateElection(ctx, u, in)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderElectionForm(c, statusOf(err), cg, ev, form, order, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/elections/%d", ev.ID), "Đã lưu cuộc bầu "+ev.BodyLabel()+".")
}

// electionTypingErrors completes typing errors with the domain's own messages, or returns nil.
func electionTypingErrors(in *store.ElectionInput, fe congress.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	check := in.Election
	if err := check.Validate(); err != nil {
		for k, v := range congress.ErrorFields(err) {
			fe.Add(k, v)
		}
	}
	return fe.Err(congress.EINVALID, "")
}

// electionParam loads the election of the path and its congress in the user's scope.
func (s *Server) electionParam(c *gin.Context) (*store.ElectionView, *congress.Congress, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, nil, false
	}
	ctx, u := c.Request.Context(), currentUser(c)
	ev, err := s.store.FindElectionByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	cg, err := s.store.FindCongressByID(ctx, u, ev.CongressID)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return ev, cg, true
}
