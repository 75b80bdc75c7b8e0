package server

import (
	"bytes"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/election"
)

// apiCount is POST /api/v1/count, the calculator of the count contract (DOMAIN.md): the body is
// one round as `daihoi count` reads it, the answer the same result (200) or the same
// {"error": {"code": "invalid_count", …}} (422). Nothing is stored.
//
// The body is handed to election.DecodeRequest as it is, whatever its Content-Type: the
// contract's own strict decoder (duplicate keys, unknown fields, fractional numbers) is the
// judge of what a round is, and a malformed one is an invalid_count like in the command.
func (s *Server) apiCount(c *gin.Context) {
	data, err := io.ReadAll(c.Request.Body)
	if err != nil { // over the body cap (413) or a broken connection
		s.apiError(c, jsonError(err))
		return
	}
	req, err := election.DecodeRequest(bytes.NewReader(data))
	var res election.Result
	if err == nil {
		res, err = election.Count(req)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}
