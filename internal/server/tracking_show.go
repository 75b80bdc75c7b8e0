package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

func init() {
	pageNames = append(pageNames, "congress_tracking")
	sections["congress_tracking"] = "congresses"
}

// trackingPage is the data of a congress's reporting and approval page: where it stands, its
// deadlines, the forms of the next step and the downloads of what it sends up.
type trackingPage struct {
	C        *congress.Congress
	Heading  string
	Tracking congress.Tracking
	// Dates as shown.
	ReportDue, ApprovalDue, HeldOn, ReportedOn, DecidedOn string
	DecisionNote                                          string
	// CanReport: the user may record the report (a secretary in scope, staff, admin) and the
	// congress may be reported; CanDecide: the user may record the decision and it is due.
	CanReport, CanDecide bool
	// ShowDashboard links back to the staff dashboard.
	ShowDashboard bool
	Report        reportForm
	Decision      decisionForm
	Errors        map[string]string
	Message       string
	Summary       []string
	Conflict      bool
}

// reportForm is the form recording that the congress reported up.
type reportForm struct {
	ReportedOn string
	Version    int64
}

// decisionForm is the form recording the higher committee's decision.
type decisionForm struct {
	Decision  string // approve or reject
	DecidedOn string
	Note      string
	Version   int64
}

// showTrackingPage shows /congresses/:id/tracking.
func (s *Server) showTrackingPage(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	s.renderTrackingPage(c, http.StatusOK, id, nil, nil, nil)
}

// renderTrackingPage renders a congress's tracking page, with a refused form as typed and its
// error when there is one.
func (s *Server) renderTrackingPage(c *gin.Context, status int, id int64, rf *reportForm, df *decisionForm, formErr error) {
	ctx := c.Request.Context()
	u := currentUser(c)
	cg, err := s.store.FindCongressByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	today := s.store.Now().In(vietnam)
	p := trackingPage{C: cg, Heading: congressHeading(cg), Tracking: cg.Track(today), Errors: map[string]string{},
		HeldOn: vn.Date(cg.HeldOn), ReportedOn: vn.Date(cg.ReportedOn), DecidedOn: vn.Date(cg.DecidedOn)}
	p.ReportDue, p.ApprovalDue = vn.Date(p.Tracking.ReportDue), vn.Date(p.Tracking.ApprovalDue)
	if note, err := s.store.DecisionNote(ctx, u, id); err == nil {
		p.DecisionNote = note
	}
	todayText := vn.Date(today.Format("2006-01-02"))
	p.CanReport = (u.CanWriteCongress() || u.Role == congress.RoleStaff) &&
		(cg.State == congress.StateHeld || cg.State == congress.StateReported || cg.State == congress.StateRejected)
	p.CanDecide = canTrack(u) && cg.State == congress.StateReported
	p.ShowDashboard = canTrack(u)
	p.Report = reportForm{ReportedOn: todayText, Version: cg.Version}
	if cg.State == congress.StateReported {
		p.Report.ReportedOn = p.ReportedOn
	}
	p.Decision = decisionForm{Decision: "approve", DecidedOn: todayText, Version: cg.Version}
	// A refused form comes back as typed, on the current version: the page shows the record as
	// it now stands, so sending again is a choice made knowing it.
	if rf != nil {
		p.Report, p.Report.Version = *rf, cg.Version
	}
	if df != nil {
		p.Decision, p.Decision.Version = *df, cg.Version
	}
	if formErr != nil {
		p.Message = congress.ErrorMessage(formErr)
		p.Conflict = congress.ErrorCode(formErr) == congress.ECONFLICT
		for k, v := range congress.ErrorFields(formErr) {
			p.Errors[k] = v
			p.Summary = append(p.Summary, v)
		}
	}
	s.render(c, status, "congress_tracking", "Báo cáo, chuẩn y · "+p.Heading, p)
}
