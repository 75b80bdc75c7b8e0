package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

func init() {
	pageNames = append(pageNames, "reports")
	sections["reports"] = "reports"
}

// canTrack reports whether the user sees the staff dashboard: the higher committee's staff (ban
// tổ chức) and admins.
func canTrack(u *congress.User) bool {
	return u != nil && (u.Role == congress.RoleStaff || u.IsAdmin())
}

// msgStaffOnly is the refusal of the dashboard to other roles.
const msgStaffOnly = "Chỉ cán bộ ban tổ chức cấp trên và quản trị viên được xem trang báo cáo tổng hợp."

// reportsPage is the data of the staff dashboard: the structure of the new committees against the
// term's targets, and the reporting and approval of the congresses, for a subtree and a term.
type reportsPage struct {
	Scope         *congress.Organization
	Term          *congress.Term
	Organizations []congress.Organization
	Terms         []congress.Term
	// Links are the downloads of the reports for the filter.
	Links struct{ Congresses, Structure, TargetsSummary string }
	// Back is this page's address, where the tracking forms return.
	Back      string
	Structure *targets.Structure
	Lines     []structureLine
	Shares    shareChart
	Ages      ageChart
	AvgAge    string
	// Missing are the committees that miss a target, the first maxMissing of them.
	Missing     []missingRow
	MissingMore int
	Tracking    *store.TrackingSummary
	Rows        []trackingRow
	Today       string
	IsAdmin     bool
}

// structureLine is one metric of the whole subtree against its target.
type structureLine struct {
	Label, Count, Percent, Requirement, Verdict, VerdictClass string
	Misses                                                    int
	HasTarget                                                 bool
}

// missingRow is a committee that misses a target.
type missingRow struct {
	CongressID   int64
	Organization string
	Size         int
	Missed       string
}

// trackingRow is a congress awaiting its report or its decision, written for the page.
type trackingRow struct {
	ID           int64
	Version      int64
	Organization string
	Ordinal      string
	HeldOn       string
	Stage        string
	Due          string
	Overdue      bool
	DaysLate     int
	ReportedOn   string
}

// maxMissing bounds the committees listed on the page; the Excel file has them all.
const maxMissing = 30

// maxTracking bounds the congresses listed on the page, the most overdue first.
const maxTracking = 100

// dashboardMetrics are the shares drawn on the dashboard.
var dashboardMetrics = []targets.Metric{targets.MetricWomen, targets.MetricUnder40, targets.MetricAge40To50,
	targets.MetricOver50, targets.MetricYoung, targets.MetricMinority, targets.MetricReelected}

// showReportsPage shows the staff dashboard for ?org=&term= (default: the user's organization and
// its latest term).
func (s *Server) showReportsPage(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	rq, err := s.listReportRequest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	scope, _, err := reportScope(ctx, s.store, rq)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := reportsPage{Scope: scope, IsAdmin: u.IsAdmin(), Today: vn.Date(s.store.Now().In(vietnam).Format("2006-01-02"))}
	if p.Terms, err = s.store.FindTerms(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if p.Term, err = structureTerm(ctx, s.store, rq, scope); err != nil && congress.ErrorCode(err) != congress.ENOTFOUND {
		s.fail(c, err)
		return
	}
	// The choices of organization: the user's own and its direct children (a long list of
	// children is left to the organization pages, which link here).
	if own, err := s.store.FindOrganizationByID(ctx, u, u.OrganizationID); err == nil {
		p.Organizations = append(p.Organizations, *own)
		kids, _, err := s.store.FindChildOrganizations(ctx, u, own.ID, 200)
		if err != nil {
			s.fail(c, err)
			return
		}
		p.Organizations = append(p.Organizations, kids...)
	}
	if !containsOrg(p.Organizations, scope.ID) {
		p.Organizations = append(p.Organizations, *scope)
	}
	q := url.Values{"org": {strconv.FormatInt(scope.ID, 10)}}
	if p.Term != nil {
		q.Set("term", strconv.FormatInt(p.Term.ID, 10))
	}
	query := q.Encode()
	p.Links.Congresses = "/reports/congresses.xlsx?" + query
	p.Links.Structure = "/reports/structure.xlsx?" + query
	p.Links.TargetsSummary = "/reports/targets-summary.xlsx?" + query
	p.Back = "/reports?" + query
	if p.Term != nil {
		if p.Structure, err = s.store.StructureStats(ctx, u, scope.ID, p.Term.ID); err != nil {
			s.fail(c, err)
			return
		}
		p.fillStructure()
	}
	f := store.ReportFilter{OrganizationID: scope.ID}
	if p.Term != nil {
		f.TermID = p.Term.ID
	}
	if p.Tracking, err = s.store.FindTracking(ctx, u, f, false, maxTracking); err != nil {
		s.fail(c, err)
		return
	}
	for _, r := range p.Tracking.Rows {
		due := r.ReportDue
		if r.Stage == congress.StageApproval {
			due = r.ApprovalDue
		}
		p.Rows = append(p.Rows, trackingRow{ID: r.Congress.ID, Version: r.Congress.Version, Organization: r.Congress.OrganizationName,
			Ordinal: vn.Roman(r.Congress.Ordinal), HeldOn: vn.Date(r.Congress.HeldOn), Stage: r.Stage, Due: vn.Date(due),
			Overdue: r.Overdue, DaysLate: r.DaysLate, ReportedOn: vn.Date(r.Congress.ReportedOn)})
	}
	s.render(c, http.StatusOK, "reports", "Báo cáo tổng hợp", p)
}

func containsOrg(list []congress.Organization, id int64) bool {
	for _, o := range list {
		if o.ID == id {
			return true
		}
	}
	return false
}

// fillStructure writes the structure's figures for the page.
func (p *reportsPage) fillStructure() {
	st := p.Structure
	misses := map[targets.Metric]int{}
	for _, row := range st.Rows {
		var missed []string
		for _, ch := range row.Checks {
			if ch.Verdict == targets.NotMet {
				misses[ch.Metric]++
				missed = append(missed, ch.Metric.Label())
			}
		}
		if len(missed) == 0 {
			continue
		}
		if len(p.Missing) < maxMissing {
			p.Missing = append(p.Missing, missingRow{CongressID: row.CongressID, Organization: row.Organization, Size: row.Size,
				Missed: strings.Join(missed, "; ")})
		} else {
			p.MissingMore++
		}
	}
	for _, ch := range st.Total.Checks {
		l := structureLine{Label: ch.Metric.Label(), Count: vn.FormatInt(int64(ch.Count)),
			Percent: vn.Percent(float64(ch.PercentHundredths) / 100), Misses: misses[ch.Metric]}
		if ch.Target != nil {
			l.HasTarget, l.Requirement = true, ch.Target.Requirement()
			l.Verdict, l.VerdictClass = "Đạt", "verdict-met"
			if ch.Verdict != targets.Met {
				l.Verdict, l.VerdictClass = ch.Verdict.Label(), "verdict-miss"
			}
		}
		p.Lines = append(p.Lines, l)
	}
	p.Shares = newShareChart(st.Total, dashboardMetrics)
	p.Ages = newAgeChart(st.Total.Composition)
	if t := st.Total.AverageAgeTenths(); t >= 0 {
		p.AvgAge = vn.FormatDecimal(float64(t)/10, 1)
	}
}
