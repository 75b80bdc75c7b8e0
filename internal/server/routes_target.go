package server

import "daihoi/internal/congress"

// Messages of this area's role checks.
const (
	msgAuditOnly  = "Chỉ ủy ban kiểm tra và quản trị viên được xem nhật ký thay đổi và ghi nhận xét."
	msgVerifyOnly = "Chỉ ủy ban kiểm tra, quản trị viên và thư ký cấp ủy được chạy kiểm tra toàn vẹn."
)

// targetRoutes lists the routes of the resolution, its targets and yearly reviews, the term review, the audit trail and verification.
func (s *Server) targetRoutes(g routeGroups) {
	auditor := g.user.Group("/", s.requireRole((*congress.User).CanReadAudit, msgAuditOnly))
	verifier := g.user.Group("/", s.requireRole(canVerify, msgVerifyOnly))

	// The resolution and its targets: everyone in scope reads; secretaries and admins write;
	// auditors write only their own notes on reviews.
	g.user.GET("/congresses/:id/targets", s.showTargetsPage)
	g.writer.GET("/congresses/:id/resolution/edit", s.showResolutionForm)
	g.writer.POST("/congresses/:id/resolution", s.saveResolution)
	g.writer.GET("/congresses/:id/targets/new", s.showTargetCreatePage)
	g.writer.POST("/congresses/:id/targets", s.createTarget)
	g.writer.GET("/targets/:id/edit", s.showTargetEditPage)
	g.writer.POST("/targets/:id", s.updateTarget)
	g.writer.POST("/targets/:id/delete", s.deleteTarget)
	g.writer.GET("/targets/:id/reviews/new", s.showReviewCreatePage)
	g.writer.POST("/targets/:id/reviews", s.createReview)
	g.writer.GET("/reviews/:id/edit", s.showReviewEditPage)
	g.writer.POST("/reviews/:id", s.updateReview)
	g.writer.POST("/reviews/:id/delete", s.deleteReview)
	auditor.GET("/reviews/:id/note", s.showReviewNotePage)
	auditor.POST("/reviews/:id/note", s.saveReviewNote)
	g.writer.GET("/congresses/:id/ratings/edit", s.showRatingForm)
	g.writer.POST("/congresses/:id/ratings", s.saveRatingCounts)

	// The term review, on screen and in Excel.
	g.user.GET("/congresses/:id/targets/review", s.showTermReviewPage)
	g.user.GET("/congresses/:id/targets/review.xlsx", s.downloadTermReview)

	// The auditor's tools. The audit trail has no route that changes it.
	auditor.GET("/audit", s.showAuditPage)
	verifier.GET("/congresses/:id/verify", s.showVerifyPage)

	// JSON API.
	apiAuditor := g.apiUser.Group("", s.requireRole((*congress.User).CanReadAudit, msgAuditOnly))
	g.apiUser.GET("/congresses/:id/targets", s.apiListTargets)
	g.apiWriter.POST("/congresses/:id/targets", s.apiCreateTarget)
	g.apiUser.GET("/congresses/:id/targets/review", s.apiTermReview)
	g.apiUser.GET("/targets/:id", s.apiShow(s.answerTarget))
	g.apiWriter.PUT("/targets/:id", s.apiUpdateTarget)
	g.apiUser.GET("/targets/:id/reviews", s.apiListReviews)
	g.apiWriter.POST("/targets/:id/reviews", s.apiCreateReview)
	g.apiUser.GET("/reviews/:id", s.apiShow(s.answerReview))
	g.apiWriter.PUT("/reviews/:id", s.apiUpdateReview)
	apiAuditor.PUT("/reviews/:id/note", s.apiSetReviewNote)
	apiAuditor.GET("/audit", s.apiListAudit)
}
