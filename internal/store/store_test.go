package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// TestMain runs the package's tests on SQLite, then on PostgreSQL (testdb.Main).
func TestMain(m *testing.M) { testdb.Main(m) }

// MustOpenStore opens a migrated store on a new database of the engine under test.
func MustOpenStore(tb testing.TB) *store.Store {
	tb.Helper()
	return store.New(testdb.Open(tb))
}

// fixture is a small tree: Khối → {Sở A → cell A1, Sở B}, with users of each role.
type fixture struct {
	s                     *store.Store
	term, term2           congress.Term
	khoi, soA, cellA, soB congress.Organization
	cA, cB, cCell         congress.Congress
	secA, secB, staff     *congress.User
	auditor               *congress.User
}

func mustFixture(tb testing.TB) *fixture {
	tb.Helper()
	ctx := context.Background()
	f := &fixture{s: MustOpenStore(tb)}
	err := f.s.InBatch(ctx, congress.System, func(b *store.Batch) error {
		f.term = congress.Term{StartYear: 2020, EndYear: 2025}
		f.term2 = congress.Term{StartYear: 2025, EndYear: 2030}
		for _, t := range []*congress.Term{&f.term, &f.term2} {
			if err := b.CreateTerm(ctx, t); err != nil {
				return err
			}
		}
		f.khoi = congress.Organization{Kind: congress.KindSuperior, Name: "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp", Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &f.khoi); err != nil {
			return err
		}
		f.soA = congress.Organization{ParentID: &f.khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Khoa học và Công nghệ"}
		f.soB = congress.Organization{ParentID: &f.khoi.ID, Kind: congress.KindGrassroots, Name: "Đảng bộ Sở Y tế"}
		for _, o := range []*congress.Organization{&f.soA, &f.soB} {
			if err := b.CreateOrganization(ctx, o); err != nil {
				return err
			}
		}
		f.cellA = congress.Organization{ParentID: &f.soA.ID, Kind: congress.KindCell, Name: "Chi bộ Văn phòng Sở"}
		if err := b.CreateOrganization(ctx, &f.cellA); err != nil {
			return err
		}
		mk := func(c *congress.Congress, org int64, held string) error {
			*c = congress.Congress{OrganizationID: org, TermID: f.term.ID, Ordinal: 2, Kind: congress.CongressMembers,
				Ruleset: congress.Ruleset244, HeldOn: held, State: congress.StateHeld,
				Attendance: congress.Attendance{Convened: 40, Present: 38, AbsentWithReason: 2},
				Guests:     []congress.Guest{{Name: "Thái Đức Tuệ Mẫn", Title: "Trưởng Ban Tuyên giáo", Role: congress.GuestDirecting}}}
			return b.CreateCongress(ctx, c)
		}
		if err := mk(&f.cA, f.soA.ID, "2020-05-28"); err != nil {
			return err
		}
		if err := mk(&f.cB, f.soB.ID, "2020-06-02"); err != nil {
			return err
		}
		return mk(&f.cCell, f.cellA.ID, "2020-04-10")
	})
	if err != nil {
		tb.Fatal(err)
	}
	user := func(name, role string, org congress.Organization) *congress.User {
		u := &congress.User{Username: name, Role: role, OrganizationID: org.ID}
		if err := f.s.CreateUser(ctx, congress.System, u, "x"); err != nil {
			tb.Fatal(err)
		}
		return u
	}
	f.secA = user("seca", congress.RoleSecretary, f.soA)
	f.secB = user("secb", congress.RoleSecretary, f.soB)
	f.staff = user("staff", congress.RoleStaff, f.khoi)
	f.auditor = user("audit", congress.RoleAuditor, f.khoi)
	return f
}

func TestScope(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	cases := []struct {
		name string
		u    *congress.User
		id   int64
		ok   bool
	}{
		{"OwnCongress", f.secA, f.cA.ID, true},
		{"OwnCellBelow", f.secA, f.cCell.ID, true},
		{"SiblingOutside", f.secA, f.cB.ID, false},
		{"OtherSecretary", f.secB, f.cA.ID, false},
		{"StaffSeesAll", f.staff, f.cB.ID, true},
		{"AuditorSeesAll", f.auditor, f.cCell.ID, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.FindCongressByID(ctx, tc.u, tc.id)
			if tc.ok && err != nil {
				t.Fatal(err)
			}
			if !tc.ok && congress.ErrorCode(err) != congress.ENOTFOUND {
				t.Fatalf("want not found, got %v", err)
			}
		})
	}
	list, total, err := f.s.FindCongresses(ctx, f.secA, store.CongressFilter{})
	if err != nil || total != 2 || len(list) != 2 {
		t.Fatalf("secA sees %d (%d): %v", total, len(list), err)
	}
	_, total, _ = f.s.FindCongresses(ctx, f.staff, store.CongressFilter{})
	if total != 3 {
		t.Fatalf("staff sees %d, want 3", total)
	}
	// A sibling's id in the organization filter is out of scope too.
	if _, _, err := f.s.FindCongresses(ctx, f.secA, store.CongressFilter{OrganizationID: f.soB.ID}); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("org filter outside scope: %v", err)
	}
	// Writing into another organization is refused as if it did not exist.
	c := f.cB
	c.Notes = "x"
	if err := f.s.UpdateCongress(ctx, f.secA, &c); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("update outside scope: %v", err)
	}
	for _, u := range []*congress.User{f.staff, f.auditor} {
		c := f.cA
		if err := f.s.UpdateCongress(ctx, u, &c); congress.ErrorCode(err) != congress.EFORBIDDEN {
			t.Fatalf("%s may not write: %v", u.Role, err)
		}
	}
}

func TestSearchIgnoresAccents(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	for q, want := range map[string]int{"khoa hoc": 1, "KHOA HỌC": 1, "tue man": 3, "dang bo so": 2, "chi bo van phong": 1, "50%_": 0} {
		_, total, err := f.s.FindCongresses(ctx, f.staff, store.CongressFilter{Query: q})
		if err != nil || total != want {
			t.Errorf("q=%q: %d, want %d (%v)", q, total, want, err)
		}
	}
}

func TestCongressValidation(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	base := func() congress.Congress {
		return congress.Congress{OrganizationID: f.soA.ID, TermID: f.term2.ID, Ordinal: 3, Kind: congress.CongressMembers,
			Ruleset: congress.Ruleset190, HeldOn: "2025-06-01", State: congress.StateHeld,
			Attendance: congress.Attendance{Convened: 40, Present: 38}}
	}
	cases := []struct {
		name, field, msg string
		edit             func(c *congress.Congress)
	}{
		{"ErrPresentOverConvened", "present", "(41) không được lớn hơn số được triệu tập (40)", func(c *congress.Congress) { c.Present = 41 }},
		{"ErrNegative", "suspended", "(-1) không được âm", func(c *congress.Congress) { c.Suspended = -1 }},
		{"ErrExclusionOverConvened", "absent_with_reason", "(41)", func(c *congress.Congress) { c.AbsentWithReason = 41; c.Present = 0 }},
		{"ErrDelegatesFieldOnMembers", "committee_absent", "chỉ áp dụng cho đại hội đại biểu", func(c *congress.Congress) { c.CommitteeAbsent = 1 }},
		{"ErrDateOutsideTerm", "held_on", "nhiệm kỳ 2025 – 2030", func(c *congress.Congress) { c.HeldOn = "2031-01-02" }},
		{"ErrOrdinal", "ordinal", "Lần thứ (0)", func(c *congress.Congress) { c.Ordinal = 0 }},
		{"ErrDuplicateOrdinal", "ordinal", "đã có đại hội lần thứ II", func(c *congress.Congress) { c.Ordinal = 2 }},
		{"ErrUnknownOrg", "organization_id", "Không tìm thấy tổ chức đảng", func(c *congress.Congress) { c.OrganizationID = f.soB.ID }},
		{"ErrUnknownTerm", "term_id", "Không có nhiệm kỳ số 99", func(c *congress.Congress) { c.TermID = 99 }},
		{"ErrKind", "kind", "không hợp lệ", func(c *congress.Congress) { c.Kind = "all" }},
		{"ErrGuestName", "guests[0].name", "chưa có họ tên", func(c *congress.Congress) { c.Guests = []congress.Guest{{Title: "x"}} }},
	}
	var before int
	f.s.DB().R.Get(&before, `SELECT COUNT(*) FROM audit_log`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base()
			tc.edit(&c)
			err := f.s.CreateCongress(ctx, f.secA, &c)
			if congress.ErrorCode(err) != congress.EINVALID {
				t.Fatalf("want invalid, got %v", err)
			}
			if msg := congress.ErrorFields(err)[tc.field]; !strings.Contains(msg, tc.msg) {
				t.Fatalf("field %s: %q does not contain %q (all: %v)", tc.field, msg, tc.msg, congress.ErrorFields(err))
			}
		})
	}
	var after int
	f.s.DB().R.Get(&after, `SELECT COUNT(*) FROM audit_log`)
	if after != before {
		t.Fatalf("failed writes left %d audit rows", after-before)
	}
	t.Run("OK", func(t *testing.T) {
		c := base()
		if err := f.s.CreateCongress(ctx, f.secA, &c); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUpdateConflictAndAudit(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	a, _ := f.s.FindCongressByID(ctx, f.secA, f.cA.ID)
	b, _ := f.s.FindCongressByID(ctx, f.secA, f.cA.ID)
	a.Present = 39
	a.AbsentWithReason = 1
	if err := f.s.UpdateCongress(ctx, f.secA, a); err != nil {
		t.Fatal(err)
	}
	b.Notes = "sửa cùng lúc"
	if err := f.s.UpdateCongress(ctx, f.secA, b); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("stale version: %v", err)
	}
	got, _ := f.s.FindCongressByID(ctx, f.secA, f.cA.ID)
	if got.Present != 39 || got.Notes != "" || got.Version != 2 || len(got.Guests) != 1 {
		t.Fatalf("after update: %+v", got)
	}
	var e store.AuditEntry
	if err := f.s.DB().R.Get(&e, `SELECT id, at, user_id, username, organization_id, congress_id, entity, entity_id, action,
		old_value, new_value, reason, prev_hash, hash FROM audit_log ORDER BY id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if e.Action != "update" || e.Username != "seca" || !strings.Contains(e.OldValue, `"present":38`) || !strings.Contains(e.NewValue, `"present":39`) {
		t.Fatalf("audit row: %+v", e)
	}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	problems, n, err := f.s.VerifyAuditChain(ctx)
	if err != nil || len(problems) != 0 || n == 0 {
		t.Fatalf("clean chain: %v %v %d", problems, err, n)
	}
	// The app has no update path and the table refuses one.
	if _, err := f.s.DB().W.Exec(`UPDATE audit_log SET new_value = '{}' WHERE id = 2`); err == nil {
		t.Fatal("audit_log accepted an UPDATE")
	}
	// Someone with direct access drops the triggers and edits a row, then deletes another.
	w := f.s.DB().W
	for _, q := range []string{testdb.DropTrigger("audit_log_no_update", "audit_log"),
		testdb.DropTrigger("audit_log_no_delete", "audit_log"),
		`UPDATE audit_log SET username = 'someone-else' WHERE id = 5`, `DELETE FROM audit_log WHERE id = 7`} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(q, err)
		}
	}
	problems, _, err = f.s.VerifyAuditChain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, p := range problems {
		text = append(text, p.Message)
	}
	all := strings.Join(text, "\n")
	if !strings.Contains(all, "số 5 đã bị sửa") || !strings.Contains(all, "Thiếu dòng nhật ký số 7") {
		t.Fatalf("problems: %s", all)
	}
}

func TestUsernamesAreUnique(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	u := &congress.User{Username: "staff", Role: congress.RoleStaff, OrganizationID: f.khoi.ID}
	if err := f.s.CreateUser(ctx, congress.System, u, "x"); congress.ErrorCode(err) != congress.ECONFLICT {
		t.Fatalf("duplicate username: %v", err)
	}
	if err := f.s.CreateUser(ctx, f.secA, &congress.User{Username: "zz", Role: congress.RoleAdmin, OrganizationID: f.soA.ID}, "x"); congress.ErrorCode(err) != congress.EFORBIDDEN {
		t.Fatalf("secretary creating users: %v", err)
	}
}

func TestOrganizationChildrenCounts(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	parent, kids, err := f.s.FindOrganizationChildren(ctx, f.staff, 0, f.term.ID)
	if err != nil || parent.ID != f.khoi.ID || len(kids) != 2 {
		t.Fatalf("%v %v %d", parent, err, len(kids))
	}
	for _, k := range kids {
		want := 1
		if k.ID == f.soA.ID {
			want = 2 // its own congress and its cell's
		}
		if k.Total != want || k.ByState[congress.StateHeld] != want {
			t.Errorf("%s: %d %v, want %d", k.Name, k.Total, k.ByState, want)
		}
	}
	if _, _, err := f.s.FindOrganizationChildren(ctx, f.secA, f.soB.ID, 0); congress.ErrorCode(err) != congress.ENOTFOUND {
		t.Fatalf("sibling subtree: %v", err)
	}
}

// Writers of every kind at once — persons, terms, logins — each append their audit row to the one
// global chain; none may link to a head another writer has already linked to. On PostgreSQL the
// writers' transactions overlap, so this is the write lock's test (db.BeginWrite).
func TestConcurrentAuditChain(t *testing.T) {
	ctx := context.Background()
	f := mustFixture(t)
	var before int
	if err := f.s.DB().R.Get(&before, `SELECT COUNT(*) FROM audit_log`); err != nil {
		t.Fatal(err)
	}
	const writers, each = 6, 15
	var wg sync.WaitGroup
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				var err error
				switch g % 3 {
				case 0:
					p := congress.Person{CongressID: f.cA.ID, FullName: fmt.Sprintf("Người thứ %d-%d", g, i)}
					err = f.s.CreatePerson(ctx, f.secA, &p)
				case 1:
					year := 2100 + g*each + i
					err = f.s.CreateTerm(ctx, congress.System, &congress.Term{StartYear: year, EndYear: year + 5})
				default:
					err = f.s.CreateSession(ctx, f.staff, fmt.Sprintf("token-%d-%d", g, i), time.Hour, "192.0.2.1", "test")
				}
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	problems, n, err := f.s.VerifyAuditChain(ctx)
	if err != nil || len(problems) != 0 {
		t.Fatalf("audit chain: %v %v", problems, err)
	}
	if n != before+writers*each {
		t.Fatalf("%d audit rows, want %d", n, before+writers*each)
	}
}
