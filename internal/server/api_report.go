package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// apiStructure answers GET /api/v1/reports/structure?org=&term=: the structure of the new
// committees of the subtree in the term (default: its latest), from store.StructureStats like
// the dashboard and the Excel report.
func (s *Server) apiStructure(c *gin.Context) {
	ctx := c.Request.Context()
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
	term, err := structureTerm(ctx, s.store, rq, scope)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.store.StructureStats(ctx, rq.User, scope.ID, term.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, st)
}

// apiTracking answers GET /api/v1/reports/tracking?org=&term=&overdue=1: the congresses awaiting
// their report or their approval, overdue first, with the counts of the scope.
func (s *Server) apiTracking(c *gin.Context) {
	rq, err := s.listReportRequest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	sum, err := s.store.FindTracking(c.Request.Context(), rq.User,
		store.ReportFilter{OrganizationID: rq.OrganizationID, TermID: rq.TermID}, c.Query("overdue") == "1", 1000)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, sum)
}

// reportedJSON is the body of POST /api/v1/congresses/:id/reported.
type reportedJSON struct {
	ReportedOn *string `json:"reported_on"`
	Version    *int64  `json:"version"`
}

// apiMarkReported records that a congress reported up: {"reported_on": "2020-06-05", "version": 3}.
func (s *Server) apiMarkReported(c *gin.Context) {
	id, ok := s.trackingTarget(c)
	if !ok {
		return
	}
	var body reportedJSON
	if err := decodeJSON(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	f := congress.FieldErrors{}
	if body.ReportedOn == nil {
		missing(f, "reported_on")
	}
	if body.Version == nil {
		missing(f, "version")
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		s.fail(c, err)
		return
	}
	cg, err := s.store.MarkReported(c.Request.Context(), currentUser(c), id, *body.ReportedOn, *body.Version)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toCongressJSON(cg))
}

// decisionJSON is the body of POST /api/v1/congresses/:id/decision.
type decisionJSON struct {
	Approved  *bool   `json:"approved"`
	DecidedOn *string `json:"decided_on"`
	Note      string  `json:"note"`
	Version   *int64  `json:"version"`
}

// apiDecideApproval records the higher committee's decision: {"approved": true, "decided_on":
// "2020-06-19", "note": "", "version": 4}.
func (s *Server) apiDecideApproval(c *gin.Context) {
	id, ok := s.trackingTarget(c)
	if !ok {
		return
	}
	var body decisionJSON
	if err := decodeJSON(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	f := congress.FieldErrors{}
	if body.Approved == nil {
		missing(f, "approved")
	}
	if body.DecidedOn == nil {
		missing(f, "decided_on")
	}
	if body.Version == nil {
		missing(f, "version")
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		s.fail(c, err)
		return
	}
	cg, err := s.store.DecideApproval(c.Request.Context(), currentUser(c), id, *body.Approved, *body.DecidedOn, body.Note, *body.Version)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toCongressJSON(cg))
}

// structureTargetsJSON is a term's guidance targets in the API.
type structureTargetsJSON struct {
	TermStart int                      `json:"term_start"`
	TermEnd   int                      `json:"term_end"`
	Targets   []targets.GuidanceTarget `json:"targets"`
}

// apiStructureTargets answers GET /api/v1/reports/structure-targets?term=: the guidance targets of
// a term (default: the newest term).
func (s *Server) apiStructureTargets(c *gin.Context) {
	term, err := s.targetsTerm(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	list, err := s.store.FindStructureTargets(c.Request.Context(), term.StartYear, term.EndYear)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, structureTargetsJSON{TermStart: term.StartYear, TermEnd: term.EndYear, Targets: list})
}

// apiSetStructureTargets replaces a term's guidance targets (admin): PUT
// /api/v1/reports/structure-targets?term= with {"targets": [{"metric", "comparator", "value",
// "value_high", "source", "version"}]}.
func (s *Server) apiSetStructureTargets(c *gin.Context) {
	term, err := s.targetsTerm(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var body struct {
		// A pointer: a body without the list is refused, not read as "delete every target".
		Targets *[]struct {
			Metric     targets.Metric     `json:"metric"`
			Comparator targets.Comparator `json:"comparator"`
			Value      float64            `json:"value"`
			ValueHigh  float64            `json:"value_high"`
			Source     string             `json:"source"`
			Version    int64              `json:"version"`
		} `json:"targets"`
	}
	if err := decodeJSON(c, &body); err != nil {
		s.fail(c, err)
		return
	}
	if body.Targets == nil {
		f := congress.FieldErrors{}
		f.Add("targets", "Thiếu trường targets (danh sách chỉ tiêu cơ cấu); gửi [] nếu muốn xóa hết chỉ tiêu của nhiệm kỳ.")
		s.fail(c, f.Err(congress.EINVALID, ""))
		return
	}
	list := make([]targets.GuidanceTarget, len(*body.Targets))
	for i, t := range *body.Targets {
		list[i] = targets.GuidanceTarget{Metric: t.Metric, Comparator: t.Comparator, Value: t.Value, ValueHigh: t.ValueHigh,
			Source: t.Source, Version: t.Version}
	}
	saved, err := s.store.SetStructureTargets(c.Request.Context(), currentUser(c), term.StartYear, term.EndYear, list)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, structureTargetsJSON{TermStart: term.StartYear, TermEnd: term.EndYear, Targets: saved})
}

// targetsTerm is the term of ?term= (an id or years), or the newest term.
func (s *Server) targetsTerm(c *gin.Context) (*congress.Term, error) {
	id, err := s.parseReportTerm(c)
	if err != nil {
		return nil, err
	}
	if id != 0 {
		return s.store.FindTermByID(c.Request.Context(), id)
	}
	terms, err := s.store.FindTerms(c.Request.Context())
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return nil, congress.Errorf(congress.ENOTFOUND, "Chưa có nhiệm kỳ nào.")
	}
	return &terms[0], nil
}
