package server

// targetRoutes lists the routes of the resolution, its targets and yearly reviews, the term review, the audit trail and verification.
func (s *Server) targetRoutes(g routeGroups) {
}
