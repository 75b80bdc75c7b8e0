package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// seededStore is a store with the demo seed (the article's congress with all its elections).
func seededStore(t testing.TB) (*store.Store, *demo.Result) {
	t.Helper()
	s := MustOpenStore(t)
	res, err := demo.Seed(context.Background(), s, "mat-khau-thu")
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

func mustUser(t testing.TB, s *store.Store, name string) *congress.User {
	t.Helper()
	u, _, err := s.FindUserByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The bulk reading of the reports finds, for the seed congress, what FindCommittee finds one
// election at a time: the same members with the same votes, percentages and offices.
func TestCongressReportMatchesFindCommittee(t *testing.T) {
	ctx := context.Background()
	s, res := seededStore(t)
	r, err := s.FindCongressReport(ctx, congress.System, res.SeedCongressID)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := s.FindCommittee(ctx, congress.System, res.SeedCongressID)
	if err != nil {
		t.Fatal(err)
	}
	if r.Body != congress.BodyExecutive || len(r.Members) != 7 || len(cm.Members) != 7 {
		t.Fatalf("body %q, %d members (FindCommittee %d)", r.Body, len(r.Members), len(cm.Members))
	}
	want := map[int64]store.CommitteeMember{}
	for _, m := range cm.Members {
		want[m.ID] = m
	}
	for _, m := range r.Members {
		w, ok := want[m.ID]
		if !ok || w.Votes != m.Votes || w.PercentHundredths != m.PercentHundredths || !slices.Equal(w.Offices, m.Offices) {
			t.Errorf("%s: report %d votes %d %v, FindCommittee %+v", m.FullName, m.Votes, m.PercentHundredths, m.Offices, w)
		}
	}
	// The secretary heads the list, then the deputy.
	if r.Members[0].FullName != "Huỳnh Minh Tuấn" || !slices.Contains(r.Members[0].Offices, "Bí thư") ||
		!slices.Contains(r.Members[1].Offices, "Phó Bí thư") {
		t.Fatalf("order: %s %v, %s %v", r.Members[0].FullName, r.Members[0].Offices, r.Members[1].FullName, r.Members[1].Offices)
	}
	if r.Secretary != "Huỳnh Minh Tuấn" || len(r.Officials) != 2 || len(r.Alternates) != 1 || r.Alternates[0].FullName != "Võ Thanh Sơn" {
		t.Fatalf("secretary %q, officials %d, alternates %+v", r.Secretary, len(r.Officials), r.Alternates)
	}
	if len(r.Officers[congress.BodyInspection]) != 3 || r.Officers[congress.BodyInspectionChair][0].FullName != "Đặng Thị Mai" {
		t.Fatalf("officers %+v", r.Officers)
	}
	// 56 of a base of 58: 96,55%.
	if r.Members[0].Votes != 56 || r.Members[0].PercentHundredths != 9655 {
		t.Fatalf("secretary's votes %d (%d)", r.Members[0].Votes, r.Members[0].PercentHundredths)
	}
}

// A staff member of the Khối reads every congress below it; the Sở's secretary only the Sở's.
func TestReportScope(t *testing.T) {
	ctx := context.Background()
	s, res := seededStore(t)
	count := func(u *congress.User, f store.ReportFilter) (int, error) {
		n := 0
		err := s.IterCongressReport(ctx, u, f, func(*store.CongressReport) error { n++; return nil })
		return n, err
	}
	staff, thuky := mustUser(t, s, "bantochuc"), mustUser(t, s, "thuky")
	if n, err := count(staff, store.ReportFilter{}); err != nil || n != res.Congresses {
		t.Fatalf("bantochuc reads %d of %d congresses: %v", n, res.Congresses, err)
	}
	if n, err := count(thuky, store.ReportFilter{}); err != nil || n != 2 {
		t.Fatalf("thuky reads %d congresses: %v", n, err)
	}
	// Asking for an organization outside the scope is "not found", as for any read.
	khoi, err := s.FindOrganizationByID(ctx, staff, staff.OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := count(thuky, store.ReportFilter{OrganizationID: khoi.ID}); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("thuky asking for the Khối: %v", err)
	}
	if _, err := s.FindCongressReport(ctx, thuky, res.SeedCongressID+1); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("thuky reading another congress: %v", err)
	}
}

// Generated congresses elect their committee and secretary through the batch, and Verify finds
// every round consistent with its fingerprint and the audit trail.
func TestGeneratedCommitteesVerify(t *testing.T) {
	ctx := context.Background()
	s, res := seededStore(t)
	if err := demo.Generate(ctx, s, 40, 3, nil); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Verify(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verify: %+v", rep.Problems[:min(3, len(rep.Problems))])
	}
	persons, committees := 0, 0
	err = s.IterCongressReport(ctx, congress.System, store.ReportFilter{}, func(r *store.CongressReport) error {
		if r.Row.ID == res.SeedCongressID || len(r.Members) == 0 {
			return nil
		}
		committees++
		persons += len(r.Members)
		if r.Body == congress.BodyCellCommittee && (len(r.Members) < 5 || len(r.Members) > 7) ||
			r.Body == congress.BodyExecutive && (len(r.Members) < 9 || len(r.Members) > 15) {
			t.Errorf("%s: %d members of %s", r.Row.OrganizationName, len(r.Members), r.Body)
		}
		if r.Secretary == "" || !slices.Contains(r.Members[0].Offices, "Bí thư") {
			t.Errorf("%s: no secretary at the head of the list", r.Row.OrganizationName)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if committees != 40 || persons < 300 {
		t.Fatalf("%d committees, %d persons", committees, persons)
	}
}

// The seed congress's committee against the 2020–2025 targets the migration stores.
func TestStructureStats(t *testing.T) {
	ctx := context.Background()
	s, _ := seededStore(t)
	staff := mustUser(t, s, "bantochuc")
	term, err := s.FindTermByYears(ctx, 2020, 2025)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.StructureStats(ctx, staff, 0, term.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Targets) != 4 || st.Congresses != 12 || len(st.Rows) != 1 || st.Total.Size != 7 {
		t.Fatalf("%d targets, %d congresses, %d rows, %d members", len(st.Targets), st.Congresses, len(st.Rows), st.Total.Size)
	}
	if st.Scope != "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp" {
		t.Fatalf("scope %q", st.Scope)
	}
	got := map[targets.Metric]targets.StructureCheck{}
	for _, ch := range st.Total.Checks {
		got[ch.Metric] = ch
	}
	// Seed committee (DOMAIN.md's article, sample members): 3 women of 7; ages 52, 44, 40, 37, 47,
	// 34, 42 on 28/05/2020.
	if w := got[targets.MetricWomen]; w.Count != 3 || w.PercentHundredths != 4286 || w.Verdict != targets.Met {
		t.Fatalf("women %+v", w)
	}
	if a := got[targets.MetricAge40To50]; a.Count != 4 || a.Verdict != targets.NotMet || st.Rows[0].Misses != 1 {
		t.Fatalf("40–50 %+v, misses %d", a, st.Rows[0].Misses)
	}
	if got[targets.MetricMinority].Target != nil || !slices.Contains(st.Untargeted, targets.MetricMinority) {
		t.Fatal("minorities have no target in 2020–2025")
	}
	if _, err := s.StructureStats(ctx, staff, 0, 0); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("no term: %v", err)
	}
	thuky := mustUser(t, s, "thuky")
	if _, err := s.StructureStats(ctx, thuky, staff.OrganizationID, term.ID); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("thuky on the Khối: %v", err)
	}
}

func TestSetStructureTargets(t *testing.T) {
	ctx := context.Background()
	s, _ := seededStore(t)
	admin, staff := mustUser(t, s, "admin"), mustUser(t, s, "bantochuc")
	list, err := s.FindStructureTargets(ctx, 2020, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetStructureTargets(ctx, staff, 2020, 2025, list); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("staff: %v", err)
	}
	list = append(list, targets.GuidanceTarget{Metric: targets.MetricMinority, Comparator: targets.AtLeast, Value: 5, Source: "Hướng dẫn của Khối"})
	edited := slices.Clone(list) // SetStructureTargets fills in the new versions
	saved, err := s.SetStructureTargets(ctx, admin, 2020, 2025, edited)
	if err != nil || len(saved) != 5 {
		t.Fatalf("saved %d: %v", len(saved), err)
	}
	// A second save from the list as it was read is a stale edit.
	if _, err := s.SetStructureTargets(ctx, admin, 2020, 2025, list); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("stale: %v", err)
	}
	bad := []targets.GuidanceTarget{{Metric: targets.MetricWomen, Comparator: targets.AtLeast, Value: 150}}
	err = func() error { _, err := s.SetStructureTargets(ctx, admin, 2020, 2025, bad); return err }()
	if congress.ErrorCode(err) != congress.EINVALID || congress.ErrorFields(err)["targets[0].value"] == "" {
		t.Fatalf("150%%: %v %v", err, congress.ErrorFields(err))
	}
	audit, _, err := s.FindAudit(ctx, admin, store.AuditFilter{Entity: "structure_targets"})
	if err != nil || len(audit) != 1 {
		t.Fatalf("audit rows %d: %v", len(audit), err)
	}
}

// trackingFixture is the store fixture with the clock on 10/06/2020: the Sở A congress (held
// 28/05/2020) is then one working day past its report's due date, 08/06.
func trackingFixture(t *testing.T) *fixture {
	f := mustFixture(t)
	f.s.Now = func() time.Time { return time.Date(2020, 6, 10, 3, 0, 0, 0, time.UTC) }
	return f
}

func TestMarkReportedAndDecide(t *testing.T) {
	ctx := context.Background()
	f := trackingFixture(t)
	s := f.s
	admin := &congress.User{ID: 0, Username: "root", Role: congress.RoleAdmin}

	// Deciding before the report.
	if _, err := s.DecideApproval(ctx, f.staff, f.cA.ID, true, "2020-06-09", "", f.cA.Version); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("decision before the report: %v", err)
	}
	// A date before the congress, and one after today.
	for _, d := range []string{"2020-05-27", "2020-06-11", "05/06/2020"} {
		if _, err := s.MarkReported(ctx, f.secA, f.cA.ID, d, f.cA.Version); congress.ErrorCode(err) != congress.EINVALID ||
			congress.ErrorFields(err)["reported_on"] == "" {
			t.Fatalf("report dated %s: %v", d, err)
		}
	}
	// The secretary of another Sở does not see the congress; an auditor may not write.
	if _, err := s.MarkReported(ctx, f.secB, f.cA.ID, "2020-06-05", f.cA.Version); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("other secretary: %v", err)
	}
	if _, err := s.MarkReported(ctx, f.auditor, f.cA.ID, "2020-06-05", f.cA.Version); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("auditor: %v", err)
	}
	if _, err := s.MarkReported(ctx, f.secA, f.cA.ID, "2020-06-05", f.cA.Version+1); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("stale version: %v", err)
	}
	c, err := s.MarkReported(ctx, f.secA, f.cA.ID, "2020-06-05", f.cA.Version)
	if err != nil || c.State != congress.StateReported || c.ReportedOn != "2020-06-05" || c.Version != f.cA.Version+1 {
		t.Fatalf("report: %+v %v", c, err)
	}
	// The secretary may not approve; the staff of another subtree do not see it.
	if _, err := s.DecideApproval(ctx, f.secA, c.ID, true, "2020-06-09", "", c.Version); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("secretary approving: %v", err)
	}
	staffB := &congress.User{ID: 99, Username: "staffb", Role: congress.RoleStaff, OrganizationID: f.soB.ID,
		OrgPath: f.soB.Path}
	if _, err := s.DecideApproval(ctx, staffB, c.ID, true, "2020-06-09", "", c.Version); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("staff of another subtree: %v", err)
	}
	// A decision before the report's date, and a rejection without its reason.
	if _, err := s.DecideApproval(ctx, f.staff, c.ID, true, "2020-06-04", "", c.Version); congress.ErrorFields(err)["decided_on"] == "" {
		t.Fatalf("decision before the report: %v", err)
	}
	if _, err := s.DecideApproval(ctx, f.staff, c.ID, false, "2020-06-09", " ", c.Version); congress.ErrorFields(err)["note"] == "" {
		t.Fatalf("rejection without a reason: %v", err)
	}
	d, err := s.DecideApproval(ctx, f.staff, c.ID, false, "2020-06-09", "Có đơn khiếu nại về danh sách bầu cử.", c.Version)
	if err != nil || d.State != congress.StateRejected || d.DecidedOn != "2020-06-09" {
		t.Fatalf("reject: %+v %v", d, err)
	}
	if note, err := s.DecisionNote(ctx, f.staff, c.ID); err != nil || note != "Có đơn khiếu nại về danh sách bầu cử." {
		t.Fatalf("note %q %v", note, err)
	}
	if _, err := s.DecideApproval(ctx, f.staff, c.ID, true, "2020-06-10", "", d.Version); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("deciding twice: %v", err)
	}
	// After the new vote the committee reports again, and the decision starts over.
	r2, err := s.MarkReported(ctx, f.secA, c.ID, "2020-06-10", d.Version)
	if err != nil || r2.DecidedOn != "" {
		t.Fatalf("report again: %+v %v", r2, err)
	}
	if note, _ := s.DecisionNote(ctx, f.staff, c.ID); note != "" {
		t.Fatalf("old note kept: %q", note)
	}
	a, err := s.DecideApproval(ctx, admin, c.ID, true, "2020-06-10", "", r2.Version)
	if err != nil || a.State != congress.StateApproved {
		t.Fatalf("approve: %+v %v", a, err)
	}
	if _, err := s.MarkReported(ctx, f.secA, c.ID, "2020-06-10", a.Version); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("report after approval: %v", err)
	}
	audit, _, err := s.FindAudit(ctx, &congress.User{Role: congress.RoleAdmin}, store.AuditFilter{CongressID: c.ID, Entity: "congress"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range audit {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{"approve", "report", "reject", "report", "create"}) {
		t.Fatalf("audit actions %v", actions)
	}
}

// The staff of the Khối do not approve the Khối's own congress: the committee above does.
func TestDecideOwnOrganization(t *testing.T) {
	ctx := context.Background()
	f := trackingFixture(t)
	own := congress.Congress{OrganizationID: f.khoi.ID, TermID: f.term.ID, Ordinal: 12, Kind: congress.CongressDelegates,
		Ruleset: congress.Ruleset244, HeldOn: "2020-05-20", State: congress.StateReported, ReportedOn: "2020-05-25",
		Attendance: congress.Attendance{Convened: 150, Present: 148}}
	if err := f.s.CreateCongress(ctx, congress.System, &own); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.DecideApproval(ctx, f.staff, own.ID, true, "2020-06-01", "", own.Version); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("own congress: %v", err)
	}
}

func TestFindTracking(t *testing.T) {
	ctx := context.Background()
	f := trackingFixture(t)
	sum, err := f.s.FindTracking(ctx, f.staff, store.ReportFilter{}, false, 10)
	if err != nil {
		t.Fatal(err)
	}
	// Held on 10/04 (the cell), 28/05 (Sở A) and 02/06 (Sở B): due 21/04, 08/06 and 11/06.
	if sum.AwaitingReport != 3 || sum.OverdueReport != 2 || len(sum.Rows) != 3 {
		t.Fatalf("summary %+v", sum)
	}
	if first := sum.Rows[0]; first.Congress.ID != f.cCell.ID || !first.Overdue || first.DaysLate != 36 {
		t.Fatalf("first row %+v", first)
	}
	if last := sum.Rows[2]; last.Congress.ID != f.cB.ID || last.Overdue || last.ReportDue != "2020-06-11" {
		t.Fatalf("last row %+v", last)
	}
	overdue, err := f.s.FindTracking(ctx, f.secA, store.ReportFilter{}, true, 10)
	if err != nil || len(overdue.Rows) != 2 || overdue.Rows[0].Congress.ID != f.cCell.ID {
		t.Fatalf("secretary's overdue %+v %v", overdue, err)
	}
}

// The summary of targets counts what the term review of each congress counts.
func TestTargetsSummary(t *testing.T) {
	ctx := context.Background()
	s, res := seededStore(t)
	staff := mustUser(t, s, "bantochuc")
	rows := 0
	err := s.IterTargetsSummary(ctx, staff, store.ReportFilter{}, 2024, func(r *store.TargetsSummaryRow) error {
		rows++
		if r.Congress.ID != res.SeedCongressID {
			if r.Summary.Total != 0 {
				t.Errorf("%s has %d targets", r.Congress.OrganizationName, r.Summary.Total)
			}
			return nil
		}
		rep, err := s.TermReview(ctx, staff, r.Congress.ID, 2024)
		if err != nil {
			return err
		}
		if r.Summary != rep.Summary || !r.HasResolution || r.LatestYear != 2024 || r.Summary.Total == 0 {
			t.Errorf("summary %+v (latest %d), term review %+v", r.Summary, r.LatestYear, rep.Summary)
		}
		return nil
	})
	if err != nil || rows != res.Congresses {
		t.Fatalf("%d rows: %v", rows, err)
	}
}
