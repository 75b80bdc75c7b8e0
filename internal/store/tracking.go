package store

import (
	"context"
	"sort"
	"strings"
	"time"

	"daihoi/internal/congress"
)

// Reporting and approval (DOMAIN.md "After the congress"): the new committee reports up within 7
// working days, the higher committee approves (chuẩn y) or rejects within 15 working days of
// receiving the report. The rules of the steps are congress.CheckReport and CheckDecision; the
// deadlines are congress.Track.

// today is the date in Vietnam, where the deadlines run.
func (s *Store) today() time.Time { return s.Now().In(vietnamTime) }

// trackingState is what a step changes on a congress, for its audit row.
type trackingState struct {
	State        string `json:"state"`
	ReportedOn   string `json:"reported_on"`
	DecidedOn    string `json:"decided_on"`
	DecisionNote string `json:"decision_note,omitempty"`
}

// MarkReported records that a held congress reported to the higher committee on date (ISO). The
// secretary of the congress's organization (or above) may, and so may the staff of the higher
// committee and admins (EFORBIDDEN for auditors); ENOTFOUND outside the scope; ECONFLICT for a
// stale version or a congress not held or already approved; EINVALID for a date before the
// congress or after today. A congress reported again after a rejection loses the old decision.
func (s *Store) MarkReported(ctx context.Context, u *congress.User, congressID int64, date string, version int64) (*congress.Congress, error) {
	if u == nil || !(u.CanWriteCongress() || u.Role == congress.RoleStaff) {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Chỉ thư ký cấp ủy và cán bộ ban tổ chức cấp trên được ghi việc báo cáo.")
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, note, err := trackedCongress(ctx, tx, congressID, version)
	if err != nil {
		return nil, err
	}
	if err := c.CheckReport(date, s.today()); err != nil {
		return nil, err
	}
	old := trackingState{c.State, c.ReportedOn, c.DecidedOn, note}
	c.State, c.ReportedOn, c.DecidedOn = congress.StateReported, date, ""
	return c, s.writeTracking(ctx, tx, c, "report", old, "")
}

// DecideApproval records the higher committee's decision on a reported congress: approved (chuẩn
// y) or not, on date (ISO), with a note (the reason, required for a rejection). Only the staff and
// admins of a committee above the congress's organization decide: EFORBIDDEN for other roles and
// for a congress of the user's own organization; ENOTFOUND outside the scope; ECONFLICT for a
// stale version or a congress not reported or already decided; EINVALID for the date or note.
func (s *Store) DecideApproval(ctx context.Context, u *congress.User, congressID int64, approved bool, date, note string, version int64) (*congress.Congress, error) {
	if u == nil || !(u.IsAdmin() || u.Role == congress.RoleStaff) {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Chỉ cán bộ ban tổ chức cấp trên được ghi quyết định chuẩn y.")
	}
	note = congress.CleanMultiline(note)
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, oldNote, err := trackedCongress(ctx, tx, congressID, version)
	if err != nil {
		return nil, err
	}
	var path string
	if err := tx.GetContext(ctx, &path, `SELECT org_path FROM congresses WHERE id = ?`, c.ID); err != nil {
		return nil, mapErr(err, "đại hội")
	}
	if u.OrgPath != "" && path == u.OrgPath {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Đại hội của chính %s do cấp ủy cấp trên chuẩn y.", c.OrganizationName)
	}
	if err := c.CheckDecision(approved, date, note, s.today()); err != nil {
		return nil, err
	}
	old := trackingState{c.State, c.ReportedOn, c.DecidedOn, oldNote}
	c.State, c.DecidedOn = congress.StateRejected, date
	action := "reject"
	if approved {
		c.State, action = congress.StateApproved, "approve"
	}
	return c, s.writeTracking(ctx, tx, c, action, old, note)
}

// trackedCongress loads a congress in the actor's scope for a tracking step and checks its version.
func trackedCongress(ctx context.Context, tx *Tx, id, version int64) (*congress.Congress, string, error) {
	c, err := findCongress(ctx, tx, tx.actor, id)
	if err != nil {
		return nil, "", err
	}
	if c.Version != version {
		return nil, "", staleErr("đại hội", version, c.Version)
	}
	var note string
	if err := tx.GetContext(ctx, &note, `SELECT decision_note FROM congresses WHERE id = ?`, id); err != nil {
		return nil, "", mapErr(err, "đại hội")
	}
	return c, note, nil
}

// writeTracking stores a tracking step with its audit row and commits.
func (s *Store) writeTracking(ctx context.Context, tx *Tx, c *congress.Congress, action string, old trackingState, note string) error {
	c.Version, c.UpdatedAt = c.Version+1, tx.nowText()
	if _, err := tx.ExecContext(ctx, `UPDATE congresses SET state = ?, reported_on = ?, decided_on = ?, decision_note = ?,
		version = ?, updated_at = ? WHERE id = ?`, c.State, c.ReportedOn, c.DecidedOn, note, c.Version, c.UpdatedAt, c.ID); err != nil {
		return mapErr(err, "đại hội")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "congress", entityID: c.ID,
		action: action, old: old, new: trackingState{c.State, c.ReportedOn, c.DecidedOn, note}, reason: note}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "đại hội")
}

// DecisionNote returns why the higher committee did not approve a congress in the user's scope
// ("" when it did, or has not decided). ENOTFOUND outside the scope.
func (s *Store) DecisionNote(ctx context.Context, u *congress.User, congressID int64) (string, error) {
	lo, hi := scopeRange(u)
	var note string
	if err := s.db.R.GetContext(ctx, &note, `SELECT decision_note FROM congresses WHERE id = ? AND org_path >= ? AND org_path < ?`,
		congressID, lo, hi); err != nil {
		return "", mapErr(err, "đại hội")
	}
	return note, nil
}

// TrackingRow is a congress awaiting its report or its approval, with its deadlines.
type TrackingRow struct {
	Congress CongressReportRow `json:"congress"`
	congress.Tracking
}

// TrackingSummary counts the congresses of a scope by where they stand.
type TrackingSummary struct {
	Planned          int `json:"planned"`
	AwaitingReport   int `json:"awaiting_report"`
	AwaitingDecision int `json:"awaiting_decision"`
	Approved         int `json:"approved"`
	Rejected         int `json:"rejected"`
	OverdueReport    int `json:"overdue_report"`
	OverdueDecision  int `json:"overdue_decision"`
	// Rows are the congresses awaiting a step, overdue first (the longest overdue first), then by
	// due date; at most the limit asked for.
	Rows []TrackingRow `json:"rows"`
	// More counts the awaiting congresses left out by the limit.
	More int `json:"more"`
}

// FindTracking summarizes the reporting and approval of the congresses that f selects in the
// user's scope as of today, and lists up to limit of those awaiting a step (overdueOnly: only
// the overdue ones). ENOTFOUND for an organization outside the scope.
func (s *Store) FindTracking(ctx context.Context, u *congress.User, f ReportFilter, overdueOnly bool, limit int) (*TrackingSummary, error) {
	today := s.today()
	sum := &TrackingSummary{Rows: []TrackingRow{}}
	err := s.IterCongressRows(ctx, u, f, func(r *CongressReportRow) error {
		switch r.State {
		case congress.StatePlanned:
			sum.Planned++
			return nil
		case congress.StateApproved:
			sum.Approved++
			return nil
		case congress.StateRejected:
			sum.Rejected++
			return nil
		}
		t := r.Track(today)
		switch t.Stage {
		case congress.StageReport:
			sum.AwaitingReport++
			if t.Overdue {
				sum.OverdueReport++
			}
		case congress.StageApproval:
			sum.AwaitingDecision++
			if t.Overdue {
				sum.OverdueDecision++
			}
		}
		if overdueOnly && !t.Overdue {
			return nil
		}
		sum.Rows = append(sum.Rows, TrackingRow{Congress: *r, Tracking: t})
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(sum.Rows, func(i, j int) bool {
		a, b := sum.Rows[i], sum.Rows[j]
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		if a.DaysLate != b.DaysLate {
			return a.DaysLate > b.DaysLate
		}
		return strings.Compare(dueOf(a.Tracking), dueOf(b.Tracking)) < 0
	})
	if limit > 0 && len(sum.Rows) > limit {
		sum.More = len(sum.Rows) - limit
		sum.Rows = sum.Rows[:limit:limit]
	}
	return sum, nil
}

// dueOf is the due date of the awaited step.
func dueOf(t congress.Tracking) string {
	if t.Stage == congress.StageApproval {
		return t.ApprovalDue
	}
	return t.ReportDue
}
