package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/targets"
)

func init() {
	pageNames = append(pageNames, "structure_targets")
	sections["structure_targets"] = "reports"
}

// structureTargetsPage is the data of the administrator's form of a term's guidance targets on
// the structure of the new committees.
type structureTargetsPage struct {
	Term        *congress.Term
	Terms       []congress.Term
	Rows        []structureTargetRow
	Comparators []congress.Option
	Message     string
	Conflict    bool
}

// structureTargetRow is one metric of the form, as stored or as typed.
type structureTargetRow struct {
	Metric     string
	Label      string
	Comparator string // "" for no target
	Value      string
	ValueHigh  string
	Source     string
	Version    int64
	Errors     map[string]string
}

// showStructureTargetsPage shows the guidance targets of ?term= (default: the latest term).
func (s *Server) showStructureTargetsPage(c *gin.Context) {
	s.renderStructureTargets(c, http.StatusOK, nil, nil)
}

// renderStructureTargets renders the form with the stored targets, or with rows as typed and the
// error that refused them.
func (s *Server) renderStructureTargets(c *gin.Context, status int, typed []structureTargetRow, formErr error) {
	ctx := c.Request.Context()
	p := structureTargetsPage{Comparators: structureComparators()}
	var err error
	if p.Terms, err = s.store.FindTerms(ctx); err != nil {
		s.fail(c, err)
		return
	}
	if len(p.Terms) == 0 {
		s.fail(c, congress.Errorf(congress.ENOTFOUND, "Chưa có nhiệm kỳ nào."))
		return
	}
	termID := queryID(c, "term")
	if c.Request.Method == http.MethodPost {
		termID = formID(c, "term")
	}
	p.Term = &p.Terms[0]
	for i := range p.Terms {
		if p.Terms[i].ID == termID {
			p.Term = &p.Terms[i]
		}
	}
	if typed != nil {
		p.Rows = typed
	} else {
		stored, err := s.store.FindStructureTargets(ctx, p.Term.StartYear, p.Term.EndYear)
		if err != nil {
			s.fail(c, err)
			return
		}
		byMetric := map[targets.Metric]targets.GuidanceTarget{}
		for _, g := range stored {
			byMetric[g.Metric] = g
		}
		for _, o := range targets.Metrics {
			row := structureTargetRow{Metric: o.Code, Label: o.Label, Errors: map[string]string{}}
			if g, ok := byMetric[targets.Metric(o.Code)]; ok {
				row.Comparator, row.Source, row.Version = string(g.Comparator), g.Source, g.Version
				row.Value = targets.FormatValue(g.Value, targets.Count)
				if g.Comparator == targets.Between {
					row.ValueHigh = targets.FormatValue(g.ValueHigh, targets.Count)
				}
			}
			p.Rows = append(p.Rows, row)
		}
	}
	if formErr != nil {
		p.Message = congress.ErrorMessage(formErr)
		p.Conflict = congress.ErrorCode(formErr) == congress.ECONFLICT
	}
	s.render(c, status, "structure_targets", "Chỉ tiêu định hướng cơ cấu cấp ủy", p)
}

// structureComparators are the comparators a structure target may use (a share: never "none").
func structureComparators() []congress.Option {
	var out []congress.Option
	for _, o := range targets.Comparators {
		if o.Code != string(targets.None) {
			out = append(out, o)
		}
	}
	return out
}
