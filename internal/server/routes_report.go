package server

// reportRoutes lists the routes of the Excel reports of the higher committee, the staff dashboard and the reporting and approval tracking.
func (s *Server) reportRoutes(g routeGroups) {
	staff := g.user.Group("/", s.requireRole(canTrack, msgStaffOnly))

	// The staff dashboard: structure of the new committees, what is overdue, the forms to record
	// reports and decisions.
	staff.GET("/reports", s.showReportsPage)
	g.admin.GET("/reports/targets", s.showStructureTargetsPage)
	g.admin.POST("/reports/targets", s.saveStructureTargets)

	// Excel downloads, for any user, of their own subtree (?org=&term=).
	g.user.GET("/reports/congresses.xlsx", s.downloadList("tong-hop-dai-hoi", ExportCongresses))
	g.user.GET("/reports/structure.xlsx", s.downloadList("co-cau-cap-uy", ExportStructure))
	g.user.GET("/reports/targets-summary.xlsx", s.downloadList("tong-hop-chi-tieu", ExportTargetsSummary))
	g.user.GET("/congresses/:id/report.xlsx", s.downloadCongressReport("ho-so-dai-hoi", ExportCongressPack))
	g.user.GET("/congresses/:id/committee.xlsx", s.downloadCongressReport("trich-ngang", ExportCommittee))

	// Reporting and approval of one congress: who may record what is the store's rule.
	g.user.GET("/congresses/:id/tracking", s.showTrackingPage)
	g.user.POST("/congresses/:id/reported", s.requireRole(canReport, msgReportRoles), s.markReported)
	g.user.POST("/congresses/:id/decision", s.requireRole(canDecide, msgDecideRoles), s.decideApproval)

	// JSON API: the same store calls; the Excel files too, answering errors as JSON.
	g.apiUser.GET("/reports/structure", s.apiStructure)
	g.apiUser.GET("/reports/tracking", s.apiTracking)
	g.apiUser.GET("/reports/structure-targets", s.apiStructureTargets)
	g.apiAdmin.PUT("/reports/structure-targets", s.apiSetStructureTargets)
	g.apiUser.POST("/congresses/:id/reported", s.requireRole(canReport, msgReportRoles), s.apiMarkReported)
	g.apiUser.POST("/congresses/:id/decision", s.requireRole(canDecide, msgDecideRoles), s.apiDecideApproval)
	g.apiUser.GET("/reports/congresses.xlsx", s.downloadList("tong-hop-dai-hoi", ExportCongresses))
	g.apiUser.GET("/reports/structure.xlsx", s.downloadList("co-cau-cap-uy", ExportStructure))
	g.apiUser.GET("/reports/targets-summary.xlsx", s.downloadList("tong-hop-chi-tieu", ExportTargetsSummary))
	g.apiUser.GET("/congresses/:id/report.xlsx", s.downloadCongressReport("ho-so-dai-hoi", ExportCongressPack))
	g.apiUser.GET("/congresses/:id/committee.xlsx", s.downloadCongressReport("trich-ngang", ExportCommittee))
}
