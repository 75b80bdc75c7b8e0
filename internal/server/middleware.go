package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// maxBody caps every request body: no form or JSON document of this app comes near it.
const maxBody = 1 << 20

// contentSecurityPolicy allows nothing inline: scripts and styles come from /static only.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'none'; form-action 'self'; base-uri 'none'"

// securityHeaders sets the headers every response carries, including refusals made before Gin.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// errInternal is what a user sees of a fault of ours.
var errInternal = &congress.Error{Code: congress.EINTERNAL, Message: "Lỗi hệ thống."}

// recovery turns a panic into a logged error and a plain "Lỗi hệ thống." answer; the stack goes
// to the log only.
func (s *Server) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler { // the client went away; net/http handles it quietly
				panic(r)
			}
			s.log.Error("panic", "method", c.Request.Method, "path", c.Request.URL.Path,
				"panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if c.Writer.Written() {
				c.Abort()
				return
			}
			if isAPI(c.Request) {
				c.AbortWithStatusJSON(http.StatusInternalServerError, errorBody(errInternal))
				return
			}
			s.render(c, http.StatusInternalServerError, "error", "Lỗi hệ thống",
				errorPage{Status: http.StatusInternalServerError, Message: errInternal.Message})
			c.Abort()
		}()
		c.Next()
	}
}

// requestLog logs one line per request. The query string is left out: it may carry search text.
func (s *Server) requestLog() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		attrs := []any{"method", c.Request.Method, "path", c.Request.URL.Path, "status", status,
			"ms", time.Since(start).Milliseconds(), "bytes", c.Writer.Size(), "ip", c.ClientIP()}
		if u := currentUser(c); u != nil {
			attrs = append(attrs, "user", u.Username)
		}
		switch {
		case status >= 500:
			s.log.Error("request", attrs...)
		case c.Request.URL.Path == "/healthz" || strings.HasPrefix(c.Request.URL.Path, "/static/"):
			s.log.Debug("request", attrs...)
		default:
			s.log.Info("request", attrs...)
		}
	}
}

// bodyLimits raises the cap for the routes that receive a file, by route pattern; their handlers
// stream the body to disk and enforce their own limit on the file.
var bodyLimits = map[string]int64{}

// limitBody refuses a declared body over the cap at once and caps undeclared (chunked) ones
// while they are read; parsing then fails with *http.MaxBytesError, answered 413.
func (s *Server) limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		limit, tooLarge := int64(maxBody), errBodyTooLarge
		if n, ok := bodyLimits[c.FullPath()]; ok {
			limit = n
			tooLarge = withStatus(http.StatusRequestEntityTooLarge, congress.EINVALID,
				fmt.Sprintf("Tệp gửi lên quá lớn (tối đa %d MB).", n>>20), nil)
		}
		if c.Request.ContentLength > limit {
			c.Header("Connection", "close")
			s.fail(c, tooLarge)
			return
		}
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		c.Next()
	}
}

// crossOriginDenied answers a state-changing request that a browser sent from another site.
func (s *Server) crossOriginDenied(w http.ResponseWriter, r *http.Request) {
	const msg = "Yêu cầu bị từ chối vì được gửi từ một trang web khác. Xin thao tác trực tiếp trên trang của hệ thống."
	if isAPI(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		json.NewEncoder(w).Encode(errorBody(&congress.Error{Code: congress.EFORBIDDEN, Message: msg}))
		return
	}
	s.renderTo(w, http.StatusForbidden, "error", layoutData{Title: "Không có quyền",
		Page: errorPage{Status: http.StatusForbidden, Message: msg}})
}
