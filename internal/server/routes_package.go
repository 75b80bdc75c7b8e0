package server

// packageRoutes lists the routes of the offline congress package (download, upload and import) and the Excel import of committee lists and round totals.
func (s *Server) packageRoutes(g routeGroups) {
}
