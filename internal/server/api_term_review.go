package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/targets"
)

// termReviewJSON is the term review in the API: every target year by year with its verdict, and
// the headline "x/y chỉ tiêu đạt và vượt". Verdicts are the stable codes with their Vietnamese
// labels beside them.
type termReviewJSON struct {
	CongressID int64            `json:"congress_id"`
	Term       string           `json:"term"`
	AsOfYear   int              `json:"as_of_year"`
	Years      []int            `json:"years"`
	Headline   string           `json:"headline"`
	Summary    targets.Tally    `json:"summary"`
	Targets    []termTargetJSON `json:"targets"`
}

// termTargetJSON is one target's term review.
type termTargetJSON struct {
	Target targetJSON `json:"target"`
	// HasValue is false while no figures count; Value is then 0.
	HasValue     bool            `json:"has_value"`
	Value        float64         `json:"value"`
	ValueText    string          `json:"value_text"`
	Verdict      targets.Verdict `json:"verdict"`
	VerdictLabel string          `json:"verdict_label"`
	Exceeded     bool            `json:"exceeded"`
	Final        bool            `json:"final"`
	Years        []termYearJSON  `json:"years"`
}

// termYearJSON is one year of a target's term review.
type termYearJSON struct {
	Year     int    `json:"year"`
	Reviewed bool   `json:"reviewed"`
	ReviewID *int64 `json:"review_id"`
	// Numerator and Denominator are the figures as entered; Value the year's figure and Running
	// the sum or mean so far that a term total or an average is judged on.
	Numerator    int64           `json:"numerator"`
	Denominator  int64           `json:"denominator"`
	Value        float64         `json:"value"`
	Running      float64         `json:"running"`
	Verdict      targets.Verdict `json:"verdict"`
	VerdictLabel string          `json:"verdict_label"`
	Exceeded     bool            `json:"exceeded"`
	Source       string          `json:"source"`
	Note         string          `json:"note"`
}

// apiTermReview answers the term review of a congress's targets; ?year= as on the page.
func (s *Server) apiTermReview(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	asOf, err := s.reviewYear(c, cg)
	if err != nil {
		s.apiError(c, err)
		return
	}
	rep, err := s.store.TermReview(c.Request.Context(), currentUser(c), cg.ID, asOf)
	if err != nil {
		s.apiError(c, err)
		return
	}
	view := buildTermView(rep)
	out := termReviewJSON{CongressID: cg.ID, Term: cg.TermName(), AsOfYear: rep.AsOfYear, Years: rep.Years,
		Headline: rep.Summary.Headline, Summary: rep.Summary, Targets: []termTargetJSON{}}
	if out.Years == nil {
		out.Years = []int{}
	}
	for i, tt := range rep.Targets {
		v := view.Targets[i]
		tj := termTargetJSON{Target: toTargetJSON(v.targetView), HasValue: tt.HasValue, Value: tt.Value, ValueText: v.Value,
			Verdict: tt.Verdict, VerdictLabel: v.VerdictLabel, Exceeded: tt.Exceeded, Final: tt.Final, Years: []termYearJSON{}}
		for j, row := range tt.Rows {
			y := termYearJSON{Year: row.Year, Reviewed: row.Reviewed, Value: row.Value, Running: row.Running,
				Verdict: row.Verdict, VerdictLabel: v.Years[j].VerdictLabel, Exceeded: row.Exceeded}
			if row.Reviewed {
				id := row.Review.ID
				y.ReviewID, y.Numerator, y.Denominator, y.Source = &id, row.Review.Numerator, row.Review.Denominator, row.Review.Source
				if r := v.Years[j].Review; r != nil {
					y.Note = r.Note
				}
			}
			tj.Years = append(tj.Years, y)
		}
		out.Targets = append(out.Targets, tj)
	}
	writeJSON(c, http.StatusOK, out)
}
