package server

import "daihoi/internal/store"

// packageRoutes lists the routes of the offline congress package (download, upload and import) and the Excel import of committee lists and round totals.
func (s *Server) packageRoutes(g routeGroups) {
	// The package of a congress: anyone who may read the congress may carry it elsewhere.
	g.user.GET("/congresses/:id/package.daihoi", s.downloadPackage)
	g.apiUser.GET("/congresses/:id/package", s.downloadPackage)

	// Importing a package: the higher committee's staff who receive it, secretaries, admins.
	importer := g.user.Group("/", s.requireRole(store.CanImportPackage, msgImportPackage))
	importer.GET("/import/package", s.showPackageImport)
	importer.POST("/import/package", s.uploadPackage)
	importer.POST("/import/package/confirm", s.confirmPackage)
	apiImporter := g.apiUser.Group("", s.requireRole(store.CanImportPackage, msgImportPackage))
	apiImporter.POST("/packages", s.apiImportPackage)

	// Excel: the empty danh sách trích ngang to fill in, its import into the roll of persons, and
	// the totals of a round from a sheet in the layout of the counting minutes.
	g.user.GET("/congresses/:id/import/committee-template.xlsx", s.downloadPersonTemplate)
	g.writer.GET("/congresses/:id/import/committee", s.showPersonsImport)
	g.writer.POST("/congresses/:id/import/committee", s.importPersons)
	g.writer.GET("/rounds/:id/import/totals", s.showTotalsImport)
	g.writer.POST("/rounds/:id/import/totals", s.importTotals)
}
