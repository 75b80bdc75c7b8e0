package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// sessionRequest is the body of POST /api/v1/session.
type sessionRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// sessionResponse answers a login: the token for "Authorization: Bearer" and who it is.
type sessionResponse struct {
	Token string         `json:"token"`
	User  *congress.User `json:"user"`
}

// apiCreateSession logs in through the API, with the same checks and throttle as the form.
func (s *Server) apiCreateSession(c *gin.Context) {
	var req sessionRequest
	if err := decodeJSON(c, &req); err != nil {
		s.apiError(c, err)
		return
	}
	token, u, err := s.auth.Login(c.Request.Context(), req.Username, req.Password, c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, sessionResponse{Token: token, User: u})
}

// apiDeleteSession ends every session of the user (logout), like the logout button.
func (s *Server) apiDeleteSession(c *gin.Context) {
	if err := s.auth.LogoutAll(c.Request.Context(), currentUser(c)); err != nil {
		s.apiError(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusNoContent)
}
