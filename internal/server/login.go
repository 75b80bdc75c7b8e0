package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// loginPage is the data of the login form.
type loginPage struct {
	Username string
	Next     string
	Error    string
}

// showLoginPage shows the login form, or sends a logged-in user on.
func (s *Server) showLoginPage(c *gin.Context) {
	next := localPath(c.Query("next"))
	if currentUser(c) != nil {
		c.Redirect(http.StatusSeeOther, next)
		return
	}
	s.render(c, http.StatusOK, "login", "Đăng nhập", loginPage{Next: next})
}

// login checks the credentials and starts a new session. Every login gets a fresh token, and a
// session the browser already had is ended, so a token planted before login is worth nothing.
func (s *Server) login(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	username := formText(c, "username")
	next := localPath(formText(c, "next"))
	ctx := c.Request.Context()
	token, _, err := s.auth.Login(ctx, username, formText(c, "password"), c.ClientIP(), c.Request.UserAgent())
	if err != nil {
		switch congress.ErrorCode(err) {
		case congress.EUNAUTHORIZED, congress.ETOOMANY:
			s.render(c, statusOf(err), "login", "Đăng nhập", loginPage{
				Username: shorten(congress.CleanText(username), 64), Next: next, Error: congress.ErrorMessage(err)})
		default:
			s.fail(c, err)
		}
		return
	}
	if prev := currentUser(c); prev != nil {
		if old := c.GetString(tokenKey); old != "" {
			if err := s.auth.Logout(ctx, prev, old); err != nil {
				s.log.Warn("login: ending the previous session", "error", err.Error())
			}
		}
	}
	s.setSessionCookie(c, token)
	c.Redirect(http.StatusSeeOther, next)
}

// logout ends every session of the user (other computers and API tokens too) and forgets the cookie.
func (s *Server) logout(c *gin.Context) {
	if err := s.auth.LogoutAll(c.Request.Context(), currentUser(c)); err != nil {
		s.fail(c, err)
		return
	}
	s.clearSessionCookie(c)
	s.redirectWithFlash(c, "/login", "Bạn đã đăng xuất.")
}
