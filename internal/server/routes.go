package server

import (
	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// routes lists every route of the application.
func (s *Server) routes(e *gin.Engine) {
	e.GET("/healthz", s.healthz)
	e.HEAD("/healthz", s.healthz)
	e.GET("/static/*filepath", s.serveStatic)
	e.HEAD("/static/*filepath", s.serveStatic)

	// HTML pages.
	page := e.Group("/", s.loadUser())
	page.GET("/login", s.showLoginPage)
	page.POST("/login", s.login)

	user := page.Group("/", s.requireUser())
	admin := user.Group("/", s.requireRole((*congress.User).IsAdmin, msgAdminOnly))
	writer := user.Group("/", s.requireRole((*congress.User).CanWriteCongress, msgWriteCongress))

	user.GET("/", s.showDashboard)
	user.POST("/logout", s.logout)
	user.GET("/account/password", s.showPasswordPage)
	user.POST("/account/password", s.changePassword)

	user.GET("/organizations", s.showOrganizationPage)
	user.GET("/organizations/:id", s.showOrganizationPage)
	admin.POST("/organizations", s.createOrganization)
	admin.POST("/organizations/:id", s.updateOrganization)

	user.GET("/terms", s.showTermsPage)
	admin.POST("/terms", s.createTerm)

	user.GET("/congresses", s.showCongressList)
	writer.GET("/congresses/new", s.showCongressCreatePage)
	writer.POST("/congresses", s.createCongress)
	user.GET("/congresses/:id", s.showCongressPage)
	writer.GET("/congresses/:id/edit", s.showCongressEditPage)
	writer.POST("/congresses/:id", s.updateCongress)

	// JSON API.
	api := e.Group("/api/v1", s.loadUser())
	api.POST("/session", s.apiCreateSession)

	apiUser := api.Group("", s.requireUser())
	apiAdmin := apiUser.Group("", s.requireRole((*congress.User).IsAdmin, msgAdminOnly))
	apiWriter := apiUser.Group("", s.requireRole((*congress.User).CanWriteCongress, msgWriteCongress))

	apiUser.DELETE("/session", s.apiDeleteSession)

	apiUser.GET("/organizations", s.apiListOrganizations)
	apiAdmin.POST("/organizations", s.apiCreateOrganization)
	apiUser.GET("/organizations/:id", s.apiShowOrganization)

	apiUser.GET("/terms", s.apiListTerms)

	apiUser.GET("/congresses", s.apiListCongresses)
	apiWriter.POST("/congresses", s.apiCreateCongress)
	apiUser.GET("/congresses/:id", s.apiShowCongress)
	apiWriter.PUT("/congresses/:id", s.apiUpdateCongress)

	// Areas added by later work register their own routes in their own files, each listing them.
	areas := routeGroups{page: page, user: user, admin: admin, writer: writer, api: api, apiUser: apiUser, apiAdmin: apiAdmin, apiWriter: apiWriter}
	s.electionRoutes(areas)
	s.countingRoutes(areas)
	s.targetRoutes(areas)
	s.reportRoutes(areas)
	s.packageRoutes(areas)

	e.NoRoute(s.loadUser(), s.notFound)
}

// routeGroups are the route groups of each access level, for the areas' route functions.
type routeGroups struct {
	page, user, admin, writer         *gin.RouterGroup
	api, apiUser, apiAdmin, apiWriter *gin.RouterGroup
}
