package server

// countingRoutes lists the routes of the counting room (ballot by ballot), the live view and the count calculator.
func (s *Server) countingRoutes(g routeGroups) {
	// The counting room writes ballots: the secretary role in scope (and admins); staff and
	// auditors are refused before anything is read.
	g.writer.GET("/rounds/:id/count", s.showCountingRoom)
	// The hall's projector: read-only, any logged-in user in scope.
	g.user.GET("/congresses/:id/live", s.showLiveView)

	// Ballots of a round entered one by one.
	g.apiUser.GET("/rounds/:id/ballots", s.apiListBallots)
	g.apiWriter.POST("/rounds/:id/ballots", s.apiAddBallot)
	g.apiWriter.DELETE("/rounds/:id/ballots/last", s.apiDeleteLastBallot)

	// The calculator of the count contract. It stores nothing, but like every API route it needs
	// a logged-in user (session or bearer token): the API has no anonymous surface to throttle.
	g.apiUser.POST("/count", s.apiCount)
}
