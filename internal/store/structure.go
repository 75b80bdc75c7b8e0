package store

import (
	"context"
	"fmt"

	"daihoi/internal/congress"
	"daihoi/internal/targets"
)

// StructureStats computes the structure of the new committees of a term across the subtree of
// orgID (0: the user's own organization) — per congress and in total, each share judged against
// the term's guidance targets. The dashboard, the API and the Excel report all take their figures
// from it. ENOTFOUND for an organization or term outside reach; EINVALID without a term.
func (s *Store) StructureStats(ctx context.Context, u *congress.User, orgID, termID int64) (*targets.Structure, error) {
	if termID == 0 {
		return nil, &congress.Error{Code: congress.EINVALID, Message: "Chọn nhiệm kỳ để tính cơ cấu cấp ủy.",
			Fields: map[string]string{"term": "Chọn nhiệm kỳ để tính cơ cấu cấp ủy."}}
	}
	term, err := s.FindTermByID(ctx, termID)
	if err != nil {
		return nil, err
	}
	if orgID == 0 {
		orgID = u.OrganizationID
	}
	out := &targets.Structure{TermStart: term.StartYear, TermEnd: term.EndYear, Rows: []targets.StructureRow{},
		Untargeted: []targets.Metric{}}
	if orgID != 0 {
		org, err := s.FindOrganizationByID(ctx, u, orgID)
		if err != nil {
			return nil, err
		}
		out.ScopeID, out.Scope = org.ID, org.Name
	}
	if out.Targets, err = s.FindStructureTargets(ctx, term.StartYear, term.EndYear); err != nil {
		return nil, err
	}
	targeted := map[targets.Metric]bool{}
	for _, g := range out.Targets {
		targeted[g.Metric] = true
	}
	for _, o := range targets.Metrics {
		if !targeted[targets.Metric(o.Code)] {
			out.Untargeted = append(out.Untargeted, targets.Metric(o.Code))
		}
	}
	out.Total.Organization = "Tổng cộng"
	err = s.IterCongressReport(ctx, u, ReportFilter{OrganizationID: orgID, TermID: termID}, func(r *CongressReport) error {
		out.Congresses++
		if len(r.Members) == 0 {
			return nil
		}
		row := targets.StructureRow{CongressID: r.Row.ID, OrganizationID: r.Row.OrganizationID,
			Organization: r.Row.OrganizationName, Parent: r.Row.Parent, HeldOn: r.Row.HeldOn, Body: r.Body}
		for _, m := range r.Members {
			row.Add(m.Person, r.Row.HeldOn)
		}
		row.Judge(out.Targets)
		out.Total.Merge(row.Composition)
		out.Rows = append(out.Rows, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Total.Judge(out.Targets)
	return out, nil
}

const structureTargetColumns = `id, term_start, term_end, metric, comparator, value, value_high, source, version`

// FindStructureTargets returns the guidance targets of the term with these years, in the order
// of targets.Metrics; none is not an error (the term has no guidance recorded).
func (s *Store) FindStructureTargets(ctx context.Context, start, end int) ([]targets.GuidanceTarget, error) {
	var list []targets.GuidanceTarget
	if err := s.db.R.SelectContext(ctx, &list, `SELECT `+structureTargetColumns+` FROM structure_targets
		WHERE term_start = ? AND term_end = ?`, start, end); err != nil {
		return nil, mapErr(err, "chỉ tiêu cơ cấu")
	}
	order := map[targets.Metric]int{}
	for i, o := range targets.Metrics {
		order[targets.Metric(o.Code)] = i
	}
	out := make([]targets.GuidanceTarget, 0, len(list))
	for i := range targets.Metrics {
		for _, g := range list {
			if order[g.Metric] == i {
				out = append(out, g)
			}
		}
	}
	return out, nil
}

// SetStructureTargets replaces the guidance targets of the term with these years by list (admin
// only: EFORBIDDEN for others). Each target is validated (EINVALID, fields keyed
// "targets[i].value" …); a metric twice is EINVALID. The versions of the stored targets must be
// the ones list was edited from, matched by metric: ECONFLICT otherwise, so two administrators
// never overwrite each other. One audit row records the old and the new list.
func (s *Store) SetStructureTargets(ctx context.Context, u *congress.User, start, end int, list []targets.GuidanceTarget) ([]targets.GuidanceTarget, error) {
	if !u.IsAdmin() {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Chỉ quản trị viên được sửa chỉ tiêu cơ cấu cấp ủy.")
	}
	term := congress.Term{StartYear: start, EndYear: end}
	if err := term.Validate(); err != nil {
		return nil, err
	}
	f := congress.FieldErrors{}
	seen := map[targets.Metric]bool{}
	for i := range list {
		g := &list[i]
		g.TermStart, g.TermEnd = start, end
		key := fmt.Sprintf("targets[%d].", i)
		if err := g.Validate(); err != nil {
			for k, v := range congress.ErrorFields(err) {
				f.Add(key+k, v)
			}
		}
		if seen[g.Metric] {
			f.Add(key+"metric", fmt.Sprintf("Tiêu chí “%s” có hai chỉ tiêu.", g.Metric.Label()))
		}
		seen[g.Metric] = true
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return nil, err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var old []targets.GuidanceTarget
	if err := tx.SelectContext(ctx, &old, `SELECT `+structureTargetColumns+` FROM structure_targets
		WHERE term_start = ? AND term_end = ?`, start, end); err != nil {
		return nil, mapErr(err, "chỉ tiêu cơ cấu")
	}
	versions := map[targets.Metric]int64{}
	for _, g := range old {
		versions[g.Metric] = g.Version
	}
	for _, g := range list {
		if v, ok := versions[g.Metric]; ok && v != g.Version {
			return nil, staleErr("chỉ tiêu cơ cấu “"+g.Metric.Label()+"”", g.Version, v)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM structure_targets WHERE term_start = ? AND term_end = ?`, start, end); err != nil {
		return nil, mapErr(err, "chỉ tiêu cơ cấu")
	}
	for i := range list {
		g := &list[i]
		g.Version = versions[g.Metric] + 1
		newID, err := insertID(ctx, tx, `INSERT INTO structure_targets (term_start, term_end, metric, comparator, value, value_high,
			source, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, start, end, g.Metric, g.Comparator,
			g.Value, g.ValueHigh, g.Source, g.Version, tx.nowText(), tx.nowText())
		if err != nil {
			return nil, mapErr(err, "chỉ tiêu cơ cấu")
		}
		g.ID = newID
	}
	if err := tx.writeAudit(ctx, audit{entity: "structure_targets", action: "update", old: old, new: list,
		reason: "Nhiệm kỳ " + term.Name()}); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, mapErr(err, "chỉ tiêu cơ cấu")
	}
	return s.FindStructureTargets(ctx, start, end)
}
