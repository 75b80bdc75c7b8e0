package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// Cookie names.
const (
	sessionCookie = "daihoi_session"
	flashCookie   = "daihoi_flash"
)

// Keys of request-scoped values in the Gin context.
const (
	userKey  = "daihoi.user"
	tokenKey = "daihoi.token"
)

// currentUser returns the logged-in user of the request, or nil.
func currentUser(c *gin.Context) *congress.User {
	if v, ok := c.Get(userKey); ok {
		if u, ok := v.(*congress.User); ok {
			return u
		}
	}
	return nil
}

// requestToken returns the session token: the bearer token of the API, or the session cookie.
func requestToken(c *gin.Context) string {
	if h := c.GetHeader("Authorization"); h != "" {
		if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(token)
		}
		return ""
	}
	if ck, err := c.Request.Cookie(sessionCookie); err == nil {
		return ck.Value
	}
	return ""
}

// loadUser looks up the session of the request, if any, and keeps its user in the context.
// A token that is not a live session is ignored here; requireUser decides what to do.
func (s *Server) loadUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		token := requestToken(c)
		if token == "" {
			c.Next()
			return
		}
		u, err := s.auth.Authenticate(c.Request.Context(), token)
		switch congress.ErrorCode(err) {
		case "":
			c.Set(userKey, u)
			c.Set(tokenKey, token)
		case congress.EUNAUTHORIZED:
			if _, err := c.Request.Cookie(sessionCookie); err == nil && c.GetHeader("Authorization") == "" {
				s.clearSessionCookie(c) // an ended session: forget it in the browser too
			}
		default:
			s.fail(c, err)
			return
		}
		c.Next()
	}
}

// requireUser lets only logged-in users through: the API answers 401, pages redirect to the
// login form and come back afterwards.
func (s *Server) requireUser() gin.HandlerFunc {
	return func(c *gin.Context) {
		if currentUser(c) != nil {
			c.Next()
			return
		}
		if isAPI(c.Request) {
			s.apiError(c, congress.Errorf(congress.EUNAUTHORIZED, "Chưa đăng nhập hoặc phiên đăng nhập đã hết hạn."))
			return
		}
		target := "/login"
		if c.Request.Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
		}
		c.Redirect(http.StatusSeeOther, target)
		c.Abort()
	}
}

// requireRole lets through only users for whom allowed is true; others get 403 before their
// input is even read, so a refused request changes nothing and reveals nothing.
func (s *Server) requireRole(allowed func(*congress.User) bool, message string) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !allowed(currentUser(c)) {
			s.fail(c, congress.Errorf(congress.EFORBIDDEN, "%s", message))
			return
		}
		c.Next()
	}
}

// Messages of the role checks.
const (
	msgWriteCongress = "Vai trò của bạn chỉ được xem, không được ghi hồ sơ đại hội."
	msgAdminOnly     = "Chỉ quản trị viên được thực hiện thao tác này."
)

// setSessionCookie gives the browser a new session token. It is a browser-session cookie: on the
// shared computers of a party office, closing the browser should end the visit.
func (s *Server) setSessionCookie(c *gin.Context, token string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// setFlash leaves a one-time message for the page after a redirect.
func (s *Server) setFlash(c *gin.Context, msg string) {
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(msg)),
		Path: "/", MaxAge: 60, HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// takeFlash returns the flash message of the request, if any, and removes it.
func (s *Server) takeFlash(c *gin.Context) string {
	ck, err := c.Request.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(c.Writer, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode})
	b, err := base64.RawURLEncoding.DecodeString(ck.Value)
	if err != nil || len(b) > 1000 || !utf8.Valid(b) {
		return ""
	}
	return congress.CleanText(string(b))
}

// redirectWithFlash ends a successful POST: post/redirect/get with a one-time message.
func (s *Server) redirectWithFlash(c *gin.Context, target, msg string) {
	if msg != "" {
		s.setFlash(c, msg)
	}
	c.Redirect(http.StatusSeeOther, target)
}

// localPath returns next if it is a path on this site, "/" otherwise, so the login form cannot
// be used to send people elsewhere.
func localPath(next string) string {
	if next == "" || len(next) > 2000 || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return "/"
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "/"
		}
	}
	if u.Path == "/login" || u.Path == "/logout" {
		return "/"
	}
	return next
}
