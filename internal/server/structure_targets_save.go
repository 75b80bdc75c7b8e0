package server

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/targets"
)

// saveStructureTargets replaces a term's guidance targets (admin; POST /reports/targets: term, and
// per metric comparator_M, value_M, value_high_M, source_M, version_M). A metric left without a
// comparator has no target. A refusal re-renders the form as typed (422, 409 for a stale version).
func (s *Server) saveStructureTargets(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	term, err := s.store.FindTermByID(c.Request.Context(), formID(c, "term"))
	if err != nil {
		s.fail(c, err)
		return
	}
	var rows []structureTargetRow
	var list []targets.GuidanceTarget
	var rowOf []int // the form row of each target of list
	f := congress.FieldErrors{}
	for _, o := range targets.Metrics {
		m := o.Code
		row := structureTargetRow{Metric: m, Label: o.Label, Errors: map[string]string{},
			Comparator: formText(c, "comparator_"+m), Value: strings.TrimSpace(formText(c, "value_"+m)),
			ValueHigh: strings.TrimSpace(formText(c, "value_high_"+m)), Source: formText(c, "source_"+m)}
		row.Version, _ = strconv.ParseInt(formText(c, "version_"+m), 10, 64)
		rows = append(rows, row)
		if row.Comparator == "" {
			continue
		}
		g := targets.GuidanceTarget{Metric: targets.Metric(m), Comparator: targets.Comparator(row.Comparator),
			Source: row.Source, Version: row.Version}
		var ok bool
		if g.Value, ok = parsePercent(row.Value); !ok {
			rows[len(rows)-1].Errors["value"] = fmt.Sprintf("Tỷ lệ %q không phải một số từ 0 đến 100.", shorten(row.Value, 20))
			f.Add(m+".value", rows[len(rows)-1].Errors["value"])
		}
		if g.Comparator == targets.Between {
			if g.ValueHigh, ok = parsePercent(row.ValueHigh); !ok {
				rows[len(rows)-1].Errors["value_high"] = fmt.Sprintf("Cận trên %q không phải một số từ 0 đến 100.", shorten(row.ValueHigh, 20))
				f.Add(m+".value_high", rows[len(rows)-1].Errors["value_high"])
			}
		}
		list = append(list, g)
		rowOf = append(rowOf, len(rows)-1)
	}
	if err := f.Err(congress.EINVALID, "Một số tỷ lệ chưa đúng, xin xem các ô được đánh dấu."); err != nil {
		s.renderStructureTargets(c, http.StatusUnprocessableEntity, rows, err)
		return
	}
	if _, err := s.store.SetStructureTargets(c.Request.Context(), currentUser(c), term.StartYear, term.EndYear, list); err != nil {
		switch congress.ErrorCode(err) {
		case congress.EINVALID, congress.ECONFLICT:
			// Field keys "targets[i].value" name the i-th target sent: put each beside its row.
			for k, v := range congress.ErrorFields(err) {
				var i int
				var field string
				if n, _ := fmt.Sscanf(k, "targets[%d].%s", &i, &field); n == 2 && i >= 0 && i < len(rowOf) {
					rows[rowOf[i]].Errors[field] = v
				}
			}
			status := http.StatusUnprocessableEntity
			if congress.ErrorCode(err) == congress.ECONFLICT {
				status = http.StatusConflict
			}
			s.renderStructureTargets(c, status, rows, err)
		default:
			s.fail(c, err)
		}
		return
	}
	s.redirectWithFlash(c, "/reports/targets?term="+strconv.FormatInt(term.ID, 10),
		"Đã lưu chỉ tiêu định hướng cơ cấu cấp ủy nhiệm kỳ "+term.Name()+".")
}

// formID reads a posted positive id; 0 when absent or not an id.
func formID(c *gin.Context, name string) int64 {
	s := strings.TrimSpace(formText(c, name))
	if s == "" || len(s) > 18 || strings.Trim(s, "0123456789") != "" {
		return 0
	}
	id, _ := strconv.ParseInt(s, 10, 64)
	return id
}

// parsePercent reads a percentage as typed: "15", "12,5" or "12.5", with or without "%".
func parsePercent(typed string) (float64, bool) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(typed), "%"))
	t = strings.Replace(t, ",", ".", 1)
	if t == "" || len(t) > 12 || strings.Trim(t, "0123456789.") != "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 100 {
		return 0, false
	}
	return v, true
}
