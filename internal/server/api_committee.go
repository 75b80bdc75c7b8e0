package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// apiShowCommittee answers what a congress's elections produced: the new committee's members with
// their profile, votes, percentage and "re-elected", the officers, the delegates and vacant seats.
func (s *Server) apiShowCommittee(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	cm, err := s.store.FindCommittee(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, cm)
}

// delegatesJSON is the answer of GET /congresses/{id}/delegates.
type delegatesJSON struct {
	Official []store.CommitteeMember `json:"official"`
	// Alternate is ranked by votes: they replace absent officials in this order (rule 7).
	Alternate []store.CommitteeMember `json:"alternate"`
	// VacantSeats are the official and alternate seats the congress left unfilled.
	VacantSeats map[string]int `json:"vacant_seats"`
}

// apiShowDelegates answers the delegates a congress elected to the higher congress.
func (s *Server) apiShowDelegates(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	cm, err := s.store.FindCommittee(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := delegatesJSON{Official: cm.Delegates.Official, Alternate: cm.Delegates.Alternate, VacantSeats: map[string]int{}}
	for _, body := range []string{congress.BodyDelegateOfficial, congress.BodyDelegateAlternate} {
		if n := cm.Vacant[body]; n > 0 {
			out.VacantSeats[body] = n
		}
	}
	writeJSON(c, http.StatusOK, out)
}
