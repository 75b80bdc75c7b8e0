package server

// reportRoutes lists the routes of the Excel reports of the higher committee, the staff dashboard and the reporting and approval tracking.
func (s *Server) reportRoutes(g routeGroups) {
}
