package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// The auditor reads the trail of their subtree only; nobody else reads it (issue 5.5).
func TestFindAudit(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	// 20:00 UTC on 1 March is already 2 March in Vietnam: the day the auditor types.
	f.s.Now = func() time.Time { return time.Date(2021, 3, 1, 20, 0, 0, 0, time.UTC) }
	a := mustTarget(t, f.s, f.secA, f.cA, nil)
	f.s.Now = func() time.Time { return time.Date(2021, 3, 5, 2, 0, 0, 0, time.UTC) }
	b := mustTarget(t, f.s, f.secB, f.cB, nil)
	f.s.Now = time.Now
	auditorA := &congress.User{Username: "audita", Role: congress.RoleAuditor, OrganizationID: f.soA.ID}
	if err := f.s.CreateUser(ctx, congress.System, auditorA, "x"); err != nil {
		t.Fatal(err)
	}
	admin := &congress.User{Username: "root", Role: congress.RoleAdmin, OrganizationID: f.khoi.ID}
	if err := f.s.CreateUser(ctx, congress.System, admin, "x"); err != nil {
		t.Fatal(err)
	}

	ids := func(list []store.AuditView) map[int64]string {
		m := map[int64]string{}
		for _, e := range list {
			if e.Entity == "target" && e.EntityID != nil {
				m[*e.EntityID] = e.Username
			}
		}
		return m
	}
	t.Run("ErrSecretary", func(t *testing.T) {
		_, _, err := f.s.FindAudit(ctx, f.secA, store.AuditFilter{})
		wantErr(t, err, congress.EFORBIDDEN, "", "ủy ban kiểm tra")
	})
	t.Run("ErrStaff", func(t *testing.T) {
		_, _, err := f.s.FindAudit(ctx, f.staff, store.AuditFilter{})
		wantErr(t, err, congress.EFORBIDDEN, "", "ủy ban kiểm tra")
	})
	t.Run("AuditorOfTheKhoiSeesBoth", func(t *testing.T) {
		list, total, err := f.s.FindAudit(ctx, f.auditor, store.AuditFilter{Entity: "target"})
		if err != nil || total != 2 || len(ids(list)) != 2 {
			t.Fatalf("%d %v %v", total, ids(list), err)
		}
		if list[0].ID < list[1].ID {
			t.Fatal("newest first")
		}
		if list[0].OrganizationName != "Đảng bộ Sở Y tế" {
			t.Fatalf("organization name %q", list[0].OrganizationName)
		}
	})
	t.Run("AuditorOfSoASeesItsSubtreeOnly", func(t *testing.T) {
		list, _, err := f.s.FindAudit(ctx, auditorA, store.AuditFilter{Entity: "target"})
		if got := ids(list); err != nil || len(got) != 1 || got[a.ID] != "seca" {
			t.Fatalf("%v %v", got, err)
		}
		_, _, err = f.s.FindAudit(ctx, auditorA, store.AuditFilter{OrganizationID: f.soB.ID})
		wantErr(t, err, congress.ENOTFOUND, "", "")
		_, _, err = f.s.FindAudit(ctx, auditorA, store.AuditFilter{CongressID: f.cB.ID})
		wantErr(t, err, congress.ENOTFOUND, "", "")
	})
	t.Run("Filters", func(t *testing.T) {
		for name, tc := range map[string]struct {
			f    store.AuditFilter
			want []int64
		}{
			"Organization":  {store.AuditFilter{OrganizationID: f.soB.ID, Entity: "target"}, []int64{b.ID}},
			"Congress":      {store.AuditFilter{CongressID: f.cA.ID, Entity: "target"}, []int64{a.ID}},
			"User":          {store.AuditFilter{Username: "secb", Entity: "target"}, []int64{b.ID}},
			"DayInVietnam":  {store.AuditFilter{From: "2021-03-02", To: "2021-03-02", Entity: "target"}, []int64{a.ID}},
			"DayBefore":     {store.AuditFilter{From: "2021-03-01", To: "2021-03-01", Entity: "target"}, nil},
			"FromOpenEnded": {store.AuditFilter{From: "2021-03-03", Entity: "target"}, []int64{b.ID}},
		} {
			t.Run(name, func(t *testing.T) {
				list, total, err := f.s.FindAudit(ctx, f.auditor, tc.f)
				got := ids(list)
				if err != nil || total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("total %d, got %v, want %v: %v", total, got, tc.want, err)
				}
				for _, id := range tc.want {
					if _, ok := got[id]; !ok {
						t.Fatalf("missing target %d in %v", id, got)
					}
				}
			})
		}
	})
	t.Run("ErrBadDates", func(t *testing.T) {
		_, _, err := f.s.FindAudit(ctx, f.auditor, store.AuditFilter{From: "01/03/2021"})
		wantErr(t, err, congress.EINVALID, "from", "không đúng dạng")
		_, _, err = f.s.FindAudit(ctx, f.auditor, store.AuditFilter{From: "2021-03-05", To: "2021-03-01"})
		wantErr(t, err, congress.EINVALID, "to", "phải sau từ ngày")
	})
	t.Run("TermsForAdminsOnly", func(t *testing.T) {
		_, total, _ := f.s.FindAudit(ctx, f.auditor, store.AuditFilter{Entity: "term"})
		_, adminTotal, _ := f.s.FindAudit(ctx, admin, store.AuditFilter{Entity: "term"})
		if total != 0 || adminTotal != 2 {
			t.Fatalf("auditor sees %d terms' rows, admin %d", total, adminTotal)
		}
	})
	t.Run("Paging", func(t *testing.T) {
		list, total, err := f.s.FindAudit(ctx, f.auditor, store.AuditFilter{Limit: 2, Offset: 1})
		if err != nil || len(list) != 2 || total < 4 {
			t.Fatalf("%d of %d: %v", len(list), total, err)
		}
	})
	t.Run("OldAndNewSideBySide", func(t *testing.T) {
		x, _ := f.s.FindTargetByID(ctx, f.secA, a.ID)
		x.Value = 97
		if err := f.s.UpdateTarget(ctx, f.secA, x); err != nil {
			t.Fatal(err)
		}
		list, _, _ := f.s.FindAudit(ctx, f.auditor, store.AuditFilter{Entity: "target", Limit: 1})
		changed := map[string][2]string{}
		for _, c := range store.AuditChanges(list[0].AuditEntry) {
			if c.Changed {
				changed[c.Field] = [2]string{c.Old, c.New}
			}
		}
		if changed["value"] != [2]string{"95", "97"} || changed["version"] != [2]string{"1", "2"} {
			t.Fatalf("changes: %v", changed)
		}
		if _, ok := changed["subject"]; ok {
			t.Fatal("an unchanged field is marked changed")
		}
	})
}

// verifyFixture closes a round entered ballot by ballot (executive, 4 for 3 seats) and one entered
// by totals (delegates), both in cA.
func verifyFixture(t *testing.T) (*fixture, *store.RoundView, *store.RoundView) {
	t.Helper()
	ctx := context.Background()
	f, ids := electionFixture(t, 6)
	exec := mustElection(t, f, congress.BodyExecutive, 3, congress.ListSurplus, ids[:4])
	r := &congress.Round{EntryMode: congress.EntryBallots, Issued: 38, Counters: counters}
	if err := f.s.CreateRound(ctx, f.secA, exec.ID, r); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 38; i++ {
		if _, err := f.s.AddBallot(ctx, f.secA, r.ID, 1, 0, "", election.Struck(4, i%4)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.s.CloseRound(ctx, f.secA, r.ID); err != nil {
		t.Fatal(err)
	}
	ballots, _ := f.s.FindRoundByID(ctx, f.secA, r.ID)
	del := mustElection(t, f, congress.BodyDelegateOfficial, 1, congress.ListSurplus, ids[4:6])
	totals, _ := closeWithTotals(t, f, del.ID, map[int64]int{ids[4]: 30, ids[5]: 7}, 38)
	return f, ballots, totals
}

// Verify recomputes every closed round and the audit chain, and catches a record edited behind the
// app's back (issue 5: "change a closed round's figure and an audit row directly in SQLite").
func TestVerify(t *testing.T) {
	ctx := context.Background()
	t.Run("Clean", func(t *testing.T) {
		f, _, _ := verifyFixture(t)
		rep, err := f.s.Verify(ctx, 0)
		if err != nil || !rep.OK() || rep.Rounds != 2 || rep.Congresses != 1 || rep.AuditRows == 0 {
			t.Fatalf("%+v %v", rep, err)
		}
		if rep, err := f.s.Verify(ctx, f.cB.ID); err != nil || rep.Rounds != 0 || !rep.OK() {
			t.Fatalf("other congress: %+v %v", rep, err)
		}
	})
	t.Run("ErrUnknownCongress", func(t *testing.T) {
		f := mustFixture(t)
		_, err := f.s.Verify(ctx, 999)
		wantErr(t, err, congress.ENOTFOUND, "", "Không tìm thấy đại hội")
	})

	cases := []struct {
		name string
		// tamper returns the SQL an attacker with sqlite3 runs, given the two rounds.
		tamper func(b, tot *store.RoundView) []string
		want   []string
	}{
		{"ValidBallotsColumn", func(b, tot *store.RoundView) []string {
			// valid + invalid = collected is a CHECK, so the attacker moves one ballot across.
			return []string{sqlf(`UPDATE rounds SET valid = valid - 1, invalid = invalid + 1 WHERE id = %d`, tot.ID)}
		}, []string{"cuộc bầu Đại biểu chính thức dự Đại hội cấp trên, vòng 1", "số phiếu hợp lệ trong hồ sơ là 37 nhưng biên bản đã khóa ghi 38"}},
		{"CandidateVotes", func(b, tot *store.RoundView) []string {
			return []string{sqlf(`UPDATE round_candidates SET votes = votes + 5 WHERE round_id = %d AND position = 1`, tot.ID)}
		}, []string{"trong hồ sơ là", "nhưng biên bản đã khóa ghi 30"}},
		{"BallotContent", func(b, tot *store.RoundView) []string {
			return []string{sqlf(`UPDATE ballots SET content = '{"kept":[1,2,3]}' WHERE round_id = %d AND number = 2`, b.ID)}
		}, []string{"cuộc bầu Ban Chấp hành, vòng 1", "theo các phiếu đã nhập nhưng biên bản đã khóa ghi", "mã xác thực kết quả tính lại"}},
		{"BallotRemoved", func(b, tot *store.RoundView) []string {
			return []string{sqlf(`DELETE FROM ballots WHERE round_id = %d AND number = 38`, b.ID)}
		}, []string{"số phiếu thu vào đếm từ các phiếu đã nhập là 37 nhưng biên bản đã khóa ghi 38", "mã xác thực kết quả tính lại"}},
		{"StoredResult", func(b, tot *store.RoundView) []string {
			return []string{sqlf(`UPDATE rounds SET result_json = replace(result_json, '"votes":30', '"votes":31') WHERE id = %d`, tot.ID)}
		}, []string{"kết quả lưu ghi", "được 31 phiếu nhưng số liệu biên bản ghi 30 phiếu", "mã xác thực kết quả tính lại"}},
		{"FingerprintRestamped", func(b, tot *store.RoundView) []string {
			// A careful attacker recomputes the fingerprint; the close row of the trail still holds the old one.
			return []string{sqlf(`UPDATE rounds SET fingerprint = '0000000000000000000000000000000000000000000000000000000000000000' WHERE id = %d`, tot.ID)}
		}, []string{"khác với mã ghi trong nhật ký lúc khóa vòng"}},
		{"RoundUnlocked", func(b, tot *store.RoundView) []string {
			return []string{sqlf(`UPDATE rounds SET closed = FALSE WHERE id = %d`, tot.ID)}
		}, []string{"ghi vòng đã khóa nhưng trong hồ sơ vòng đang mở"}},
		{"AuditRowEdited", func(b, tot *store.RoundView) []string {
			return []string{testdb.DropTrigger("audit_log_no_update", "audit_log"), `UPDATE audit_log SET new_value = '{}' WHERE id = 12`}
		}, []string{"Nhật ký thay đổi: Dòng nhật ký số 12 đã bị sửa ngoài ứng dụng"}},
		{"AuditRowDeleted", func(b, tot *store.RoundView) []string {
			return []string{testdb.DropTrigger("audit_log_no_delete", "audit_log"), `DELETE FROM audit_log WHERE id = 20`}
		}, []string{"Thiếu dòng nhật ký số 20"}},
	}
	for _, tc := range cases {
		t.Run("Err"+tc.name, func(t *testing.T) {
			f, b, tot := verifyFixture(t)
			for _, q := range tc.tamper(b, tot) {
				if _, err := f.s.DB().W.Exec(q); err != nil {
					t.Fatal(q, err)
				}
			}
			rep, err := f.s.Verify(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("tampering went unnoticed")
			}
			var all []string
			for _, p := range rep.Problems {
				all = append(all, p.Message)
			}
			text := strings.Join(all, "\n")
			t.Log(text)
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Fatalf("report lacks %q:\n%s", w, text)
				}
			}
			if !strings.Contains(text, "Đại hội lần thứ II của Đảng bộ Sở Khoa học và Công nghệ") && rep.Problems[0].Kind == "round" {
				t.Fatalf("message does not name the congress:\n%s", text)
			}
		})
	}
}

// sqlf formats a tampering statement; only test ids go in.
func sqlf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
