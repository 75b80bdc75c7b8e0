package server

// electionRoutes lists the routes of elections, persons, rounds, committee, minutes and printable ballots.
func (s *Server) electionRoutes(g routeGroups) {
}
