package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

// roundResultJSON is the stable answer of GET /rounds/{id}/result: the round as a count-contract
// request, the count-contract result (null while the figures are inconsistent), whether the round
// is closed and its fingerprint. With ballots_digest, anyone can recompute both the result (with
// `daihoi count` or POST /count) and the fingerprint (store.Fingerprint) independently.
type roundResultJSON struct {
	Request       election.Request `json:"request"`
	Result        *election.Result `json:"result"`
	Closed        bool             `json:"closed"`
	Fingerprint   string           `json:"fingerprint"`
	BallotsDigest string           `json:"ballots_digest"`
}

// apiRoundResult answers a round's count as it stands; for a closed round, the frozen one.
func (s *Server) apiRoundResult(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	s.answerResult(c, id)
}

// answerResult writes the result of a round.
func (s *Server) answerResult(c *gin.Context, id int64) {
	rc, _, err := s.store.CountRound(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, roundResultJSON{Request: rc.Request, Result: rc.Result, Closed: rc.Closed,
		Fingerprint: rc.Fingerprint, BallotsDigest: rc.BallotsDigest})
}

// apiCloseRound closes a round: 200 with its frozen result and fingerprint.
func (s *Server) apiCloseRound(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	if _, err := s.store.CloseRound(c.Request.Context(), currentUser(c), id); err != nil {
		s.apiError(c, err)
		return
	}
	s.answerResult(c, id)
}

// reopenInput is the body of POST /rounds/{id}/reopen.
type reopenInput struct {
	Reason *string `json:"reason"`
}

// apiReopenRound reopens the last closed round of an election; the reason is required and goes to
// the audit trail. 200 with the round's count as it now stands.
func (s *Server) apiReopenRound(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	if _, err := s.store.FindRoundByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in reopenInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	if in.Reason == nil {
		fe := congress.FieldErrors{}
		missing(fe, "reason")
		s.apiError(c, fe.Err(congress.EINVALID, ""))
		return
	}
	if err := s.store.ReopenRound(ctx, u, id, *in.Reason); err != nil {
		s.apiError(c, err)
		return
	}
	s.answerResult(c, id)
}
