package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// termJSON is a term with its printed name.
type termJSON struct {
	congress.Term
	Name string `json:"name"`
}

// apiListTerms lists every term, newest first.
func (s *Server) apiListTerms(c *gin.Context) {
	terms, err := s.store.FindTerms(c.Request.Context())
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := make([]termJSON, len(terms))
	for i, t := range terms {
		out[i] = termJSON{Term: t, Name: t.Name()}
	}
	writeJSON(c, http.StatusOK, listResponse[termJSON]{Items: out})
}
