// Package server is the HTTP face of daihoi: the Gin engine, the Vietnamese HTML pages and the
// JSON API under /api/v1/, both calling the same domain validation and store methods.
package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"

	"github.com/gin-gonic/gin"

	"daihoi/internal/auth"
	"daihoi/internal/store"
	"daihoi/web"
)

// Config is what the server needs from its caller; cmd/daihoi fills it from flags.
type Config struct {
	Store *store.Store
	Auth  *auth.Service
	// Logger receives request logs and internal errors; nil discards them.
	Logger *slog.Logger
	// TrustedProxies are the addresses or CIDRs whose X-Forwarded-For is believed; none by default.
	TrustedProxies []string
	// SecureCookies marks cookies Secure, for deployments behind TLS.
	SecureCookies bool
	// DemoNotice is shown on the login page when non-empty (the demo logins).
	DemoNotice string
}

// Server serves the web UI and the API.
type Server struct {
	cfg     Config
	store   *store.Store
	auth    *auth.Service
	log     *slog.Logger
	views   *views
	static  *staticFiles
	handler http.Handler
	// pages holds rendered list pages for as long as the data is unchanged.
	pages *pageCache
	// exports are the slots of the list reports that may run at once (downloadList): half the
	// cores, so the other half serves the pages and the ballots.
	exports chan struct{}
}

// New parses the templates, builds the Gin engine with every route and wraps it in the
// cross-origin protection and security headers. A template that does not parse is an error here,
// not at the first request.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Auth == nil {
		return nil, errors.New("server: Store and Auth are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, store: cfg.Store, auth: cfg.Auth, log: cfg.Logger,
		pages: newPageCache(2000, 64<<20), exports: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)/2))}
	var err error
	if s.static, err = loadStatic(web.FS); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(web.FS, s.static.version); err != nil {
		return nil, err
	}
	// Release mode: no route dump on stdout; our own logger reports requests.
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = false
	e.RedirectTrailingSlash = true
	// Without an explicit list Gin trusts every proxy, letting any client choose its address
	// (and so dodge the login throttle) with X-Forwarded-For.
	if err := e.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("server: trusted proxies: %w", err)
	}
	e.Use(s.recovery(), s.requestLog(), s.limitBody())
	s.routes(e)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.handler = securityHeaders(cop.Handler(e))
	return s, nil
}

// Handler returns the HTTP handler of the whole application.
func (s *Server) Handler() http.Handler { return s.handler }
