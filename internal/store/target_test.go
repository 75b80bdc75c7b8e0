package store_test

import (
	"context"
	"strings"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// counts returns the number of rows of table and of the audit trail, to show a refused write left
// nothing behind.
func counts(t *testing.T, s *store.Store, table string) [2]int {
	t.Helper()
	var n [2]int
	if err := s.DB().R.Get(&n[0], `SELECT COUNT(*) FROM `+table); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().R.Get(&n[1], `SELECT COUNT(*) FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	return n
}

// wantErr fails unless err has the code and, when field is set, a message for that field
// containing msg (or a top-level message containing msg when field is "").
func wantErr(t *testing.T, err error, code, field, msg string) {
	t.Helper()
	if got := congress.ErrorCode(err); got != code {
		t.Fatalf("want %s, got %s: %v %v", code, got, err, congress.ErrorFields(err))
	}
	text := congress.ErrorMessage(err)
	if field != "" {
		text = congress.ErrorFields(err)[field]
	}
	if !strings.Contains(text, msg) {
		t.Fatalf("%s: %q does not contain %q (message %q, fields %v)", field, text, msg, congress.ErrorMessage(err), congress.ErrorFields(err))
	}
}

// mustTarget creates a target of congress c as secA's side (admin-free: the secretary of Sở A, or
// of Sở B for cB).
func mustTarget(t *testing.T, s *store.Store, u *congress.User, c congress.Congress, edit func(x *store.TargetRecord)) *store.TargetRecord {
	t.Helper()
	x := &store.TargetRecord{Target: targets.Target{CongressID: c.ID, Subject: "đảng viên hoàn thành tốt nhiệm vụ trở lên",
		Comparator: targets.AtLeast, Value: 95, Unit: targets.Percent, Period: targets.Yearly, Category: targets.PartyBuilding,
		Sentence: "95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc nhiệm vụ."}}
	if edit != nil {
		edit(x)
	}
	if err := s.CreateTarget(context.Background(), u, x); err != nil {
		t.Fatalf("create target: %v %v", err, congress.ErrorFields(err))
	}
	return x
}

func review(targetID int64, year int, num, den int64) *store.ReviewRecord {
	return &store.ReviewRecord{Review: targets.Review{TargetID: targetID, Year: year, Numerator: num, Denominator: den,
		Source: "Báo cáo kết quả đánh giá, xếp loại đảng viên"}}
}

// The resolution's vote is held against those present (issue 5: "for / against / abstain of those
// present, checked against attendance"); cA has 38 present of 40.
func TestSetResolution(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	base := func() *store.Resolution {
		return &store.Resolution{CongressID: f.cA.ID, AdoptedOn: "2020-05-28", VotesFor: 36, VotesAgainst: 1, VotesAbstain: 1,
			Sections: []store.ResolutionSection{{Title: "Mục tiêu tổng quát", Body: "Nâng cao năng lực lãnh đạo…"}}}
	}
	before := counts(t, f.s, "resolutions")
	cases := []struct {
		name, code, field, msg string
		u                      *congress.User
		edit                   func(r *store.Resolution)
	}{
		{"ErrVotesOverPresent", congress.EINVALID, "votes_for",
			"(37 tán thành + 1 không tán thành + 1 không biểu quyết = 39) vượt quá số đảng viên có mặt tại đại hội (38)", f.secA,
			func(r *store.Resolution) { r.VotesFor = 37 }},
		{"ErrNegativeVotes", congress.EINVALID, "votes_against", "Số không tán thành (-1) không được âm", f.secA,
			func(r *store.Resolution) { r.VotesAgainst = -1 }},
		{"ErrNoVote", congress.EINVALID, "votes_for", "Nhập kết quả biểu quyết", f.secA,
			func(r *store.Resolution) { r.VotesFor, r.VotesAgainst, r.VotesAbstain = 0, 0, 0 }},
		{"ErrAdoptedBeforeCongress", congress.EINVALID, "adopted_on", "(27/05/2020) không được trước ngày khai mạc đại hội (28/05/2020)", f.secA,
			func(r *store.Resolution) { r.AdoptedOn = "2020-05-27" }},
		{"ErrBadDate", congress.EINVALID, "adopted_on", "không đúng dạng", f.secA, func(r *store.Resolution) { r.AdoptedOn = "28/05/2020" }},
		{"ErrSectionTitle", congress.EINVALID, "sections[0].title", "Mục thứ 1 của nghị quyết chưa có tiêu đề", f.secA,
			func(r *store.Resolution) { r.Sections[0].Title = " " }},
		{"ErrStaffReadOnly", congress.EFORBIDDEN, "", "chỉ được xem", f.staff, nil},
		{"ErrAuditorReadOnly", congress.EFORBIDDEN, "", "chỉ được xem", f.auditor, nil},
		{"ErrOutsideScope", congress.ENOTFOUND, "", "Không tìm thấy đại hội", f.secB, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := base()
			if tc.edit != nil {
				tc.edit(r)
			}
			wantErr(t, f.s.SetResolution(ctx, tc.u, r), tc.code, tc.field, tc.msg)
		})
	}
	if after := counts(t, f.s, "resolutions"); after != before {
		t.Fatalf("refused writes left rows: %v → %v", before, after)
	}
	if _, err := f.s.FindResolution(ctx, f.secA, f.cA.ID); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("no resolution yet: %v", err)
	}

	t.Run("OK", func(t *testing.T) {
		r := base()
		r.VotesFor, r.VotesAgainst, r.VotesAbstain = 38, 0, 0 // 38 of 38 present
		if err := f.s.SetResolution(ctx, f.secA, r); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.FindResolution(ctx, f.auditor, f.cA.ID)
		if err != nil || got.VotesFor != 38 || got.Present != 38 || got.Version != 1 || len(got.Sections) != 1 {
			t.Fatalf("%+v %v", got, err)
		}
		stale := *got
		got.Sections = append(got.Sections, store.ResolutionSection{Title: "Nhiệm vụ, giải pháp"})
		if err := f.s.SetResolution(ctx, f.secA, got); err != nil || got.Version != 2 {
			t.Fatalf("update: %v %d", err, got.Version)
		}
		wantErr(t, f.s.SetResolution(ctx, f.secA, &stale), congress.ECONFLICT, "", "phiên bản 2")
		again, _ := f.s.FindResolution(ctx, f.secA, f.cA.ID)
		if len(again.Sections) != 2 || again.Sections[1].Title != "Nhiệm vụ, giải pháp" {
			t.Fatalf("sections: %+v", again.Sections)
		}
		if _, err := f.s.FindResolution(ctx, f.secB, f.cA.ID); congress.ErrorCode(err) != congress.ENOTFOUND {
			t.Fatalf("read outside scope: %v", err)
		}
	})
}

// Targets are checked by internal/targets plus what only the store knows: the parent's congress,
// the term, the sub-targets and reviews already entered.
func TestTargetRules(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	members := mustTarget(t, f.s, f.secA, f.cA, nil)
	other := mustTarget(t, f.s, f.secB, f.cB, nil)
	cell := mustTarget(t, f.s, f.secA, f.cCell, nil) // the cell below Sở A: in secA's scope, another congress
	if members.Position != 1 || members.Version != 1 {
		t.Fatalf("position %d version %d", members.Position, members.Version)
	}
	before := counts(t, f.s, "targets")
	cases := []struct {
		name, code, field, msg string
		u                      *congress.User
		edit                   func(x *store.TargetRecord)
	}{
		{"ErrParentOfAnotherCongress", congress.EINVALID, "parent_id", "thuộc nghị quyết của đại hội khác", f.secA,
			func(x *store.TargetRecord) {
				x.ParentID, x.ShareOf, x.Value = &cell.ID, targets.ShareOfParentNumerator, 10
			}},
		{"ErrParentOutsideScope", congress.EINVALID, "parent_id", "Không có chỉ tiêu số", f.secA,
			func(x *store.TargetRecord) {
				x.ParentID, x.ShareOf, x.Value = &other.ID, targets.ShareOfParentNumerator, 10
			}},
		{"ErrShareOfUnsaid", congress.EINVALID, "share_of", "phải ghi rõ là tỷ lệ của số nào", f.secA,
			func(x *store.TargetRecord) { x.ParentID, x.Value = &members.ID, 10 }},
		{"ErrByYearOutsideTerm", congress.EINVALID, "by_year", "Năm 2027 nằm ngoài nhiệm kỳ 2020–2025", f.secA,
			func(x *store.TargetRecord) { x.Period, x.ByYear = targets.ByYearEnd, 2027 }},
		{"ErrShareOverWhole", congress.EINVALID, "value", "không được vượt quá 100%", f.secA,
			func(x *store.TargetRecord) { x.Value = 101 }},
		{"ErrMoneyFromRatings", congress.EINVALID, "measure", "tiền", f.secA,
			func(x *store.TargetRecord) {
				x.Unit, x.Value, x.Period = targets.Money, 1_000_000, targets.TermTotal
				x.RatingSubject, x.Measure = store.RatingMembers, targets.MeasureGoodOrBetter
			}},
		{"ErrRatingSubject", congress.EINVALID, "rating_subject", "không hợp lệ", f.secA,
			func(x *store.TargetRecord) { x.RatingSubject, x.Measure = "students", targets.MeasureExcellent }},
		{"ErrStaffWriting", congress.EFORBIDDEN, "", "chỉ được xem", f.staff, nil},
		{"ErrAuditorWriting", congress.EFORBIDDEN, "", "chỉ được xem", f.auditor, nil},
		{"ErrOutsideScope", congress.ENOTFOUND, "", "Không tìm thấy đại hội", f.secB, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			x := &store.TargetRecord{Target: members.Target}
			x.ID, x.Position = 0, 0
			if tc.edit != nil {
				tc.edit(x)
			}
			wantErr(t, f.s.CreateTarget(ctx, tc.u, x), tc.code, tc.field, tc.msg)
		})
	}
	if after := counts(t, f.s, "targets"); after != before {
		t.Fatalf("refused writes left rows: %v → %v", before, after)
	}

	t.Run("UpdateKeepsReviewsValid", func(t *testing.T) {
		if err := f.s.CreateReview(ctx, f.secA, review(members.ID, 2021, 57, 60)); err != nil {
			t.Fatal(err)
		}
		x, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		x.Unit, x.Value, x.Period = targets.Money, 5_000_000, targets.TermTotal
		wantErr(t, f.s.UpdateTarget(ctx, f.secA, x), congress.EINVALID, "reviews", "Số liệu năm 2021 đã nhập không còn hợp lệ")
	})
	t.Run("UpdateStaleVersion", func(t *testing.T) {
		a, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		b, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		a.Value = 96
		if err := f.s.UpdateTarget(ctx, f.secA, a); err != nil || a.Version != 2 {
			t.Fatalf("%v %d", err, a.Version)
		}
		b.Value = 90
		wantErr(t, f.s.UpdateTarget(ctx, f.secA, b), congress.ECONFLICT, "", "đã được người khác sửa")
		got, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		if got.Value != 96 {
			t.Fatalf("stale update overwrote: %v", got.Value)
		}
	})
	t.Run("DeleteRefusedWithReviews", func(t *testing.T) {
		x, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		wantErr(t, f.s.DeleteTarget(ctx, f.secA, x.ID, x.Version), congress.ECONFLICT, "", "đã có số liệu đánh giá của 1 năm")
		y := mustTarget(t, f.s, f.secA, f.cA, func(y *store.TargetRecord) { y.Subject = "chỉ tiêu nhập nhầm" })
		if err := f.s.DeleteTarget(ctx, f.secA, y.ID, y.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.FindTargetByID(ctx, f.secA, y.ID); congress.ErrorCode(err) != congress.ENOTFOUND {
			t.Fatalf("deleted target still found: %v", err)
		}
	})
	t.Run("FindTargetsInScope", func(t *testing.T) {
		list, err := f.s.FindTargets(ctx, f.staff, f.cA.ID)
		if err != nil || len(list) != 1 || list[0].ID != members.ID {
			t.Fatalf("%v %v", list, err)
		}
		if _, err := f.s.FindTargets(ctx, f.secB, f.cA.ID); congress.ErrorCode(err) != congress.ENOTFOUND {
			t.Fatalf("outside scope: %v", err)
		}
	})
}

// Issue 5, "Rules and bad input": numerator > denominator, a zero denominator, a year outside the
// term, a review for a target of another congress, staff or an auditor writing a figure — each a
// clear error with the right code, and nothing saved.
func TestReviewBadInput(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	members := mustTarget(t, f.s, f.secA, f.cA, nil)
	other := mustTarget(t, f.s, f.secB, f.cB, nil)
	before := counts(t, f.s, "target_reviews")
	cases := []struct {
		name, code, field, msg string
		u                      *congress.User
		r                      *store.ReviewRecord
	}{
		{"ErrNumeratorOverDenominator", congress.EINVALID, "numerator", "Tử số (21) không được lớn hơn mẫu số (20)", f.secA,
			review(members.ID, 2021, 21, 20)},
		{"ErrZeroDenominator", congress.EINVALID, "denominator", "Mẫu số phải lớn hơn 0", f.secA, review(members.ID, 2021, 0, 0)},
		{"ErrNegativeNumerator", congress.EINVALID, "numerator", "Tử số (-1) không được âm", f.secA, review(members.ID, 2021, -1, 20)},
		{"ErrYearBeforeTerm", congress.EINVALID, "year", "Năm 2019 nằm ngoài nhiệm kỳ 2020–2025", f.secA, review(members.ID, 2019, 19, 20)},
		{"ErrYearAfterTerm", congress.EINVALID, "year", "Năm 2026 nằm ngoài nhiệm kỳ 2020–2025", f.secA, review(members.ID, 2026, 19, 20)},
		{"ErrNoSource", congress.EINVALID, "source", "Ghi rõ nguồn số liệu", f.secA,
			&store.ReviewRecord{Review: targets.Review{TargetID: members.ID, Year: 2021, Numerator: 1, Denominator: 2}}},
		{"ErrTargetOfAnotherCongress", congress.EINVALID, "target_id", "thuộc nghị quyết của đại hội khác", f.secA,
			func() *store.ReviewRecord { r := review(members.ID, 2021, 19, 20); r.CongressID = f.cCell.ID; return r }()},
		{"ErrTargetOutsideScope", congress.ENOTFOUND, "", "Không tìm thấy chỉ tiêu", f.secA, review(other.ID, 2021, 19, 20)},
		{"ErrUnknownTarget", congress.ENOTFOUND, "", "Không tìm thấy chỉ tiêu số 999", f.secA, review(999, 2021, 19, 20)},
		{"ErrStaffWriting", congress.EFORBIDDEN, "", "chỉ được xem", f.staff, review(members.ID, 2021, 19, 20)},
		{"ErrAuditorWritingFigure", congress.EFORBIDDEN, "", "chỉ được xem", f.auditor, review(members.ID, 2021, 19, 20)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantErr(t, f.s.CreateReview(ctx, tc.u, tc.r), tc.code, tc.field, tc.msg)
		})
	}
	if after := counts(t, f.s, "target_reviews"); after != before {
		t.Fatalf("refused writes left rows: %v → %v", before, after)
	}

	ok := review(members.ID, 2021, 19, 20)
	ok.CongressID = f.cA.ID
	if err := f.s.CreateReview(ctx, f.secA, ok); err != nil {
		t.Fatal(err)
	}
	if ok.Version != 1 || ok.CreatedByName != "seca" || ok.Value(targets.Percent) != 95 {
		t.Fatalf("created: %+v", ok)
	}
	t.Run("ErrSecondReviewOfYear", func(t *testing.T) {
		wantErr(t, f.s.CreateReview(ctx, f.secA, review(members.ID, 2021, 18, 20)), congress.ECONFLICT, "year", "đã có số liệu năm 2021")
	})
	t.Run("ErrUpdateByAuditor", func(t *testing.T) {
		r := *ok
		r.Numerator = 20
		wantErr(t, f.s.UpdateReview(ctx, f.auditor, &r), congress.EFORBIDDEN, "", "chỉ được xem")
	})
	t.Run("ErrUpdateNumeratorOverDenominator", func(t *testing.T) {
		r := *ok
		r.Numerator = 25
		wantErr(t, f.s.UpdateReview(ctx, f.secA, &r), congress.EINVALID, "numerator", "Tử số (25) không được lớn hơn mẫu số (20)")
	})
	t.Run("ErrUpdateMovesTarget", func(t *testing.T) {
		r := *ok
		r.TargetID = other.ID
		wantErr(t, f.s.UpdateReview(ctx, f.secA, &r), congress.EINVALID, "target_id", "Không chuyển số liệu sang chỉ tiêu khác")
	})
	t.Run("ErrUpdateStale", func(t *testing.T) {
		a, b := *ok, *ok
		a.Numerator = 20
		if err := f.s.UpdateReview(ctx, f.secA, &a); err != nil || a.Version != 2 {
			t.Fatalf("%v %d", err, a.Version)
		}
		b.Numerator = 18
		wantErr(t, f.s.UpdateReview(ctx, f.secA, &b), congress.ECONFLICT, "", "đã được người khác sửa")
		list, _ := f.s.FindReviews(ctx, f.staff, members.ID)
		if len(list) != 1 || list[0].Numerator != 20 {
			t.Fatalf("after stale update: %+v", list)
		}
	})
	t.Run("ErrCheckConstraintBehindTheApp", func(t *testing.T) {
		// The schema holds the same rule: a part larger than its whole cannot be stored even by hand.
		if _, err := f.s.DB().W.Exec(`UPDATE target_reviews SET numerator = 30 WHERE id = ?`, ok.ID); err == nil {
			t.Fatal("the schema accepted numerator > denominator")
		}
	})
	t.Run("DeleteReview", func(t *testing.T) {
		r, _ := f.s.FindReviewByID(ctx, f.secA, ok.ID)
		wantErr(t, f.s.DeleteReview(ctx, f.auditor, r.ID, r.Version), congress.EFORBIDDEN, "", "chỉ được xem")
		wantErr(t, f.s.DeleteReview(ctx, f.secA, r.ID, r.Version-1), congress.ECONFLICT, "", "đã được người khác sửa")
		if err := f.s.DeleteReview(ctx, f.secA, r.ID, r.Version); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.s.FindReviews(ctx, f.secA, members.ID); len(list) != 0 {
			t.Fatalf("left: %+v", list)
		}
	})
}

// A "trong đó" sub-target's whole is its parent's numerator of the same year (targets.ValidateSub).
func TestSubTargetWholeMatchesParent(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	members := mustTarget(t, f.s, f.secA, f.cA, nil)
	excellent := mustTarget(t, f.s, f.secA, f.cA, func(x *store.TargetRecord) {
		x.Subject, x.Value, x.ParentID, x.ShareOf = "đảng viên hoàn thành xuất sắc nhiệm vụ", 10, &members.ID, targets.ShareOfParentNumerator
	})
	if err := f.s.CreateReview(ctx, f.secA, review(members.ID, 2021, 19, 20)); err != nil {
		t.Fatal(err)
	}
	wantErr(t, f.s.CreateReview(ctx, f.secA, review(excellent.ID, 2021, 2, 20)), congress.EINVALID, "denominator",
		"Mẫu số (20) phải bằng tử số của chỉ tiêu cha năm 2021 (19)")
	if err := f.s.CreateReview(ctx, f.secA, review(excellent.ID, 2021, 2, 19)); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrChildWithChildren", func(t *testing.T) {
		top := mustTarget(t, f.s, f.secA, f.cA, func(x *store.TargetRecord) { x.Subject = "đảng viên được đánh giá" })
		x, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		x.ParentID, x.ShareOf = &top.ID, targets.ShareOfParentBase
		wantErr(t, f.s.UpdateTarget(ctx, f.secA, x), congress.EINVALID, "parent_id", "đang có 1 chỉ tiêu con")
	})
	t.Run("ErrParentChangeBreaksChild", func(t *testing.T) {
		x, _ := f.s.FindTargetByID(ctx, f.secA, members.ID)
		x.Unit, x.Value = targets.People, 30
		wantErr(t, f.s.UpdateTarget(ctx, f.secA, x), congress.EINVALID, "children", "Chỉ tiêu con “đảng viên hoàn thành xuất sắc nhiệm vụ”")
	})
}

// Only auditors (and admins) write review notes, and an auditor only their own; the note is audited
// and a secretary's correction of the figures keeps it.
func TestReviewNote(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	members := mustTarget(t, f.s, f.secA, f.cA, nil)
	r := review(members.ID, 2021, 19, 20)
	if err := f.s.CreateReview(ctx, f.secA, r); err != nil {
		t.Fatal(err)
	}
	other := &congress.User{Username: "audit2", Role: congress.RoleAuditor, OrganizationID: f.khoi.ID}
	if err := f.s.CreateUser(ctx, congress.System, other, "x"); err != nil {
		t.Fatal(err)
	}
	before := counts(t, f.s, "target_reviews")
	wantErr(t, func() error { _, err := f.s.SetReviewNote(ctx, f.secA, r.ID, r.Version, "x"); return err }(), congress.EFORBIDDEN, "", "ủy ban kiểm tra")
	wantErr(t, func() error { _, err := f.s.SetReviewNote(ctx, f.staff, r.ID, r.Version, "x"); return err }(), congress.EFORBIDDEN, "", "ủy ban kiểm tra")
	if after := counts(t, f.s, "target_reviews"); after != before {
		t.Fatalf("refused notes left audit rows: %v → %v", before, after)
	}

	got, err := f.s.SetReviewNote(ctx, f.auditor, r.ID, r.Version, "Đã đối chiếu với báo cáo xếp loại năm 2021: khớp.")
	if err != nil || got.Version != 2 || got.NoteByName != "audit" {
		t.Fatalf("%+v %v", got, err)
	}
	wantErr(t, func() error {
		_, err := f.s.SetReviewNote(ctx, other, r.ID, got.Version, "Sửa nhận xét")
		return err
	}(),
		congress.EFORBIDDEN, "", "bạn chỉ được sửa nhận xét của mình")
	wantErr(t, func() error { _, err := f.s.SetReviewNote(ctx, f.auditor, r.ID, 1, "cũ"); return err }(),
		congress.ECONFLICT, "", "đã được người khác sửa")
	long := strings.Repeat("x", 2001)
	wantErr(t, func() error { _, err := f.s.SetReviewNote(ctx, f.auditor, r.ID, got.Version, long); return err }(),
		congress.EINVALID, "note", "tối đa 2000")

	// The secretary corrects the figures; the auditor's note stays.
	upd := *got
	upd.Numerator, upd.Note = 18, "ghi đè"
	if err := f.s.UpdateReview(ctx, f.secA, &upd); err != nil {
		t.Fatal(err)
	}
	after, _ := f.s.FindReviewByID(ctx, f.staff, r.ID)
	if after.Note != "Đã đối chiếu với báo cáo xếp loại năm 2021: khớp." || after.Numerator != 18 || after.NoteBy == nil || *after.NoteBy != f.auditor.ID {
		t.Fatalf("after the secretary's update: %+v", after)
	}
	entries, _, err := f.s.FindAudit(ctx, f.auditor, store.AuditFilter{Entity: "target_review"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		if e.Action == "note" && e.Username == "audit" && strings.Contains(e.NewValue, "khớp") {
			found = true
		}
	}
	if !found {
		t.Fatalf("the note is not in the audit trail: %+v", entries)
	}
}

// Ratings entered as counts per level give the reviews of the targets that read them (issue 5.3):
// 58 of 60 members good or better, and 5 excellent of those 58.
func TestRatingCountsDeriveReviews(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	members := mustTarget(t, f.s, f.secA, f.cA, func(x *store.TargetRecord) {
		x.RatingSubject, x.Measure = store.RatingMembers, targets.MeasureGoodOrBetter
	})
	excellent := mustTarget(t, f.s, f.secA, f.cA, func(x *store.TargetRecord) {
		x.Subject, x.Value, x.ParentID, x.ShareOf = "đảng viên hoàn thành xuất sắc nhiệm vụ", 10, &members.ID, targets.ShareOfParentNumerator
		x.RatingSubject, x.Measure = store.RatingMembers, targets.MeasureExcellent
	})
	typed := mustTarget(t, f.s, f.secA, f.cA, func(x *store.TargetRecord) { x.Subject = "chỉ tiêu nhập tay" })

	rc := &store.RatingCountsRecord{CongressID: f.cA.ID, Year: 2021, Subject: store.RatingMembers,
		RatingCounts: targets.RatingCounts{Excellent: 5, Good: 53, Completed: 2}, Source: "Báo cáo xếp loại đảng viên năm 2021"}
	derived, err := f.s.SetRatingCounts(ctx, f.secA, rc)
	if err != nil {
		t.Fatal(err)
	}
	if len(derived) != 2 {
		t.Fatalf("derived %d reviews, want 2 (the typed target is not linked)", len(derived))
	}
	byTarget := map[int64]store.ReviewRecord{}
	for _, r := range derived {
		byTarget[r.TargetID] = r
	}
	if r := byTarget[members.ID]; r.Numerator != 58 || r.Denominator != 60 || r.Source != rc.Source {
		t.Fatalf("members: %+v", r)
	}
	if r := byTarget[excellent.ID]; r.Numerator != 5 || r.Denominator != 58 {
		t.Fatalf("excellent of good: %+v", r)
	}
	if list, _ := f.s.FindReviews(ctx, f.secA, typed.ID); len(list) != 0 {
		t.Fatalf("typed target got reviews: %+v", list)
	}
	// An auditor's note survives new counts; the figures follow the counts.
	note, err := f.s.SetReviewNote(ctx, f.auditor, byTarget[members.ID].ID, byTarget[members.ID].Version, "Đã kiểm tra.")
	if err != nil {
		t.Fatal(err)
	}
	rc.Good = 54
	if _, err := f.s.SetRatingCounts(ctx, f.secA, rc); err != nil || rc.Version != 2 {
		t.Fatalf("%v version %d", err, rc.Version)
	}
	got, _ := f.s.FindReviewByID(ctx, f.secA, note.ID)
	if got.Numerator != 59 || got.Denominator != 61 || got.Note != "Đã kiểm tra." || got.Version != 3 {
		t.Fatalf("after new counts: %+v", got)
	}

	before := counts(t, f.s, "target_reviews")
	cases := []struct {
		name, code, field, msg string
		u                      *congress.User
		edit                   func(r *store.RatingCountsRecord)
	}{
		{"ErrStale", congress.ECONFLICT, "", "đã được người khác sửa", f.secA, func(r *store.RatingCountsRecord) { r.Version = 1 }},
		{"ErrYearOutsideTerm", congress.EINVALID, "year", "Năm 2026 nằm ngoài nhiệm kỳ 2020–2025", f.secA,
			func(r *store.RatingCountsRecord) { r.Year, r.Version = 2026, 0 }},
		{"ErrNegativeCount", congress.EINVALID, "good", "Số lượng (-1) không được âm", f.secA, func(r *store.RatingCountsRecord) { r.Good = -1 }},
		{"ErrNobodyRated", congress.EINVALID, "excellent", "Chưa có ai được xếp loại", f.secA,
			func(r *store.RatingCountsRecord) { r.RatingCounts = targets.RatingCounts{} }},
		{"ErrSubject", congress.EINVALID, "subject", "không hợp lệ", f.secA, func(r *store.RatingCountsRecord) { r.Subject = "students" }},
		{"ErrDerivedInvalid", congress.EINVALID, "good", "Không có ai hoàn thành tốt nhiệm vụ trở lên", f.secA,
			func(r *store.RatingCountsRecord) {
				r.RatingCounts = targets.RatingCounts{Completed: 60}
			}},
		{"ErrAuditorWriting", congress.EFORBIDDEN, "", "chỉ được xem", f.auditor, nil},
		{"ErrOutsideScope", congress.ENOTFOUND, "", "Không tìm thấy đại hội", f.secB, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := *rc
			if tc.edit != nil {
				tc.edit(&r)
			}
			_, err := f.s.SetRatingCounts(ctx, tc.u, &r)
			wantErr(t, err, tc.code, tc.field, tc.msg)
		})
	}
	if after := counts(t, f.s, "target_reviews"); after != before {
		t.Fatalf("refused writes left rows: %v → %v", before, after)
	}
	list, err := f.s.FindRatingCounts(ctx, f.staff, f.cA.ID)
	if err != nil || len(list) != 1 || list[0].Good != 54 {
		t.Fatalf("%+v %v", list, err)
	}
}

// The term review is one function for the page, the API and the export: targets.TermReview per
// target and targets.Summary's headline.
func TestTermReview(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	members := mustTarget(t, f.s, f.secA, f.cA, nil)
	pipeline := mustTarget(t, f.s, f.secA, f.cA, func(x *store.TargetRecord) {
		x.Subject, x.Comparator, x.Value, x.Period, x.ByYear = "đảng viên trong quy hoạch đạt tiêu chuẩn", targets.MoreThan, 50, targets.ByYearEnd, 2025
		x.Sentence = "Trên 50% đảng viên trong quy hoạch đạt tiêu chuẩn bổ nhiệm."
	})
	for _, r := range []*store.ReviewRecord{review(members.ID, 2020, 19, 20), review(members.ID, 2021, 18, 20),
		review(members.ID, 2022, 20, 20), review(pipeline.ID, 2021, 4, 10), review(pipeline.ID, 2024, 7, 12)} {
		if err := f.s.CreateReview(ctx, f.secA, r); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("TermOver", func(t *testing.T) {
		rep, err := f.s.TermReview(ctx, f.auditor, f.cA.ID, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Targets) != 2 || len(rep.Years) != 6 || rep.Resolution != nil {
			t.Fatalf("%d targets, years %v", len(rep.Targets), rep.Years)
		}
		// 18/20 = 90% in 2021 breaks "95% hằng năm"; 7/12 = 58,33% in 2024 is over 50%.
		if v := rep.Targets[0].Verdict; v != targets.NotMet {
			t.Fatalf("members: %s", v)
		}
		if v := rep.Targets[1]; v.Verdict != targets.Met || !v.Exceeded || v.Value != 58.33 {
			t.Fatalf("pipeline: %+v", v.TermResult)
		}
		if rep.Summary.Headline != "1/2 chỉ tiêu đạt và vượt (trong đó 1 chỉ tiêu vượt); 1 chỉ tiêu không đạt" {
			t.Fatalf("headline %q", rep.Summary.Headline)
		}
		if r := rep.Targets[0].ReviewOf(2021); r == nil || r.Numerator != 18 || r.Source == "" {
			t.Fatalf("review of 2021: %+v", r)
		}
	})
	t.Run("InProgress", func(t *testing.T) {
		rep, err := f.s.TermReview(ctx, f.secA, f.cA.ID, 2020)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Targets[0].Verdict != targets.OnTrack || rep.Targets[1].Verdict != targets.Pending || len(rep.Years) != 1 {
			t.Fatalf("%s %s %v", rep.Targets[0].Verdict, rep.Targets[1].Verdict, rep.Years)
		}
	})
	t.Run("DefaultYearIsClampedToTheTerm", func(t *testing.T) {
		rep, err := f.s.TermReview(ctx, f.secA, f.cA.ID, 0)
		if err != nil || rep.AsOfYear != min(f.s.Now().Year(), 2025) {
			t.Fatalf("%v %d", err, rep.AsOfYear)
		}
	})
	t.Run("ErrYearBeforeTerm", func(t *testing.T) {
		_, err := f.s.TermReview(ctx, f.secA, f.cA.ID, 2019)
		wantErr(t, err, congress.EINVALID, "year", "Năm đánh giá (2019)")
	})
	t.Run("ErrOutsideScope", func(t *testing.T) {
		_, err := f.s.TermReview(ctx, f.secB, f.cA.ID, 2025)
		wantErr(t, err, congress.ENOTFOUND, "", "Không tìm thấy đại hội")
	})
}
