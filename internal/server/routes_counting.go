package server

// countingRoutes lists the routes of the counting room (ballot by ballot), the live view and the count calculator.
func (s *Server) countingRoutes(g routeGroups) {
}
