// Package demo seeds a database with the congress of the seed article (shared/seed/) and, for load
// and report tests, any number of generated congresses. What the article does not say is invented
// and stored with the sample flag, which every page shows.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// DefaultPassword is the demo users' password unless DAIHOI_DEMO_PASSWORD says otherwise.
const DefaultPassword = "daihoi-demo"

// Users are the demo logins, in the order they are printed.
var Users = []struct{ Username, FullName, Role, Org string }{
	{"admin", "Quản trị hệ thống", congress.RoleAdmin, khoi},
	{"bantochuc", "Cán bộ Ban Tổ chức Đảng ủy Khối (mẫu)", congress.RoleStaff, khoi},
	{"thuky", "Thư ký Đảng ủy Sở KH&CN (mẫu)", congress.RoleSecretary, sokhcn},
	{"kiemtra", "Cán bộ Ủy ban Kiểm tra Đảng ủy Khối (mẫu)", congress.RoleAuditor, khoi},
}

const (
	khoi   = "Đảng bộ Khối các cơ quan tỉnh Đồng Tháp"
	sokhcn = "Đảng bộ Sở Khoa học và Công nghệ"
)

// Result says what Seed wrote.
type Result struct {
	SeedCongressID int64
	Organizations  int
	Congresses     int
}

// Seed writes the seed congress, its organization tree, about ten sample grassroots committees
// with their 2020–2025 congresses, the terms and the demo users. It refuses a database that
// already has organizations, so it never runs twice.
func Seed(ctx context.Context, s *store.Store, password string) (*Result, error) {
	existing, err := s.FindOrganizations(ctx, congress.System, store.OrganizationFilter{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(existing) > 0 {
		return nil, congress.Errorf(congress.ECONFLICT, "Cơ sở dữ liệu đã có dữ liệu; không nạp dữ liệu mẫu lần nữa.")
	}
	res := &Result{}
	orgIDs := map[string]int64{}
	err = s.InBatch(ctx, congress.System, func(b *store.Batch) error {
		terms := map[int]int64{}
		for _, y := range []int{2015, 2020, 2025} {
			t := congress.Term{StartYear: y, EndYear: y + 5}
			if err := b.CreateTerm(ctx, &t); err != nil {
				return err
			}
			terms[y] = t.ID
		}
		root := congress.Organization{Kind: congress.KindSuperior, Name: khoi, Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &root); err != nil {
			return err
		}
		orgIDs[khoi] = root.ID
		so := congress.Organization{ParentID: &root.ID, Kind: congress.KindGrassroots, Name: sokhcn, Place: "Đồng Tháp"}
		if err := b.CreateOrganization(ctx, &so); err != nil {
			return err
		}
		orgIDs[sokhcn] = so.ID
		res.Organizations = 2
		// The article speaks of "chi bộ trực thuộc" without naming them: these names are sample data.
		for _, name := range []string{"Chi bộ Văn phòng Sở", "Chi bộ Phòng Quản lý Khoa học",
			"Chi bộ Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi bộ Trung tâm Ứng dụng tiến bộ KH&CN"} {
			cell := congress.Organization{ParentID: &so.ID, Kind: congress.KindCell, Name: name, Place: "Đồng Tháp", Sample: true}
			if err := b.CreateOrganization(ctx, &cell); err != nil {
				return err
			}
			res.Organizations++
		}

		// The congress of the article. Its attendance figures are not in the article: sample.
		first := congress.Congress{OrganizationID: so.ID, TermID: terms[2015], Ordinal: 1, Kind: congress.CongressMembers,
			Ruleset: congress.Ruleset244, HeldOn: "2015-06-12", Place: "Hội trường Sở Khoa học và Công nghệ",
			Attendance: congress.Attendance{Convened: 52, Present: 50, AbsentWithReason: 2},
			State:      congress.StateApproved, ReportedOn: "2015-06-18", DecidedOn: "2015-07-02", Sample: true,
			Notes: "Dữ liệu mẫu: đại hội lần thứ I được thêm để minh họa; bài viết không nêu số liệu."}
		if err := b.CreateCongress(ctx, &first); err != nil {
			return err
		}
		c := congress.Congress{OrganizationID: so.ID, TermID: terms[2020], Ordinal: 2, Kind: congress.CongressMembers,
			Ruleset: congress.Ruleset244, HeldOn: "2020-05-28", Place: "Hội trường Sở Khoa học và Công nghệ, TP. Cao Lãnh",
			Attendance: congress.Attendance{Convened: 61, Present: 58, AbsentWithReason: 3},
			Guests: []congress.Guest{{Name: "Thái Đức Tuệ Mẫn",
				Title: "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối các cơ quan tỉnh", Role: congress.GuestDirecting}},
			PastResults: []congress.PastResult{
				{Label: "Đảng viên được Đảng ủy công nhận đảng viên loại 1 (05 năm)", Value: "31", Unit: "đảng viên"},
				{Label: "Đảng viên được biểu dương điển hình tiên tiến học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", Value: "23", Unit: "đảng viên"},
				{Label: "Nhiệm vụ KH&CN đề xuất đặt hàng về Bộ KH&CN", Value: "27", Unit: "nhiệm vụ"},
				{Label: "Dự án nông thôn miền núi theo dõi thực hiện", Value: "1", Unit: "dự án"},
				{Label: "Đối tác hợp tác", Value: "8", Unit: "đối tác"},
			},
			State: congress.StateApproved, ReportedOn: "2020-06-05", DecidedOn: "2020-06-19", Sample: true,
			Notes: "Đại hội bỏ phiếu bầu Ban Chấp hành khóa II gồm 7 đồng chí. Tại phiên họp thứ nhất bầu Bí thư, Phó Bí thư và Ủy ban Kiểm tra. " +
				"Đồng chí Huỳnh Minh Tuấn – Giám đốc Sở Khoa học và Công nghệ trúng cử chức danh Bí thư Đảng bộ nhiệm kỳ 2020 – 2025. " +
				"Đại hội bầu 3 đại biểu (02 đại biểu chính thức và 01 đại biểu dự khuyết) đi dự Đại hội đại biểu Đảng bộ Khối các cơ quan tỉnh, nhiệm kỳ 2020 – 2025, " +
				"và biểu quyết thông qua Nghị quyết Đại hội.\n" +
				"Dữ liệu mẫu: số đảng viên triệu tập, có mặt, vắng mặt và các ngày báo cáo, chuẩn y không có trong bài viết."}
		if err := b.CreateCongress(ctx, &c); err != nil {
			return err
		}
		res.SeedCongressID = c.ID
		res.Congresses = 2

		// Sample grassroots committees of the Khối, so staff have something to browse.
		r := rand.New(rand.NewPCG(2020, 2025))
		for i, name := range sampleGrassroots {
			o := congress.Organization{ParentID: &root.ID, Kind: congress.KindGrassroots, Name: name, Place: "Đồng Tháp", Sample: true}
			if err := b.CreateOrganization(ctx, &o); err != nil {
				return err
			}
			res.Organizations++
			held := time.Date(2020, time.April, 10, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*4+r.IntN(3))
			cg := sampleCongress(r, o.ID, terms[2020], 2+r.IntN(3), held)
			// Leave the last two not yet reported / not yet approved, so tracking has something to show.
			switch i {
			case len(sampleGrassroots) - 1:
				cg.State, cg.ReportedOn, cg.DecidedOn = congress.StateHeld, "", ""
			case len(sampleGrassroots) - 2:
				cg.State, cg.DecidedOn = congress.StateReported, ""
			}
			if err := b.CreateCongress(ctx, &cg); err != nil {
				return err
			}
			res.Congresses++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	seed, err := s.FindCongressByID(ctx, congress.System, res.SeedCongressID)
	if err != nil {
		return nil, err
	}
	if err := seedElections(ctx, s, seed); err != nil {
		return nil, err
	}
	if err := seedTargets(ctx, s, seed); err != nil {
		return nil, err
	}
	for _, u := range Users {
		if err := CreateUser(ctx, s, u.Username, u.FullName, u.Role, orgIDs[u.Org], password); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// CreateUser adds a user with a password, as the system.
func CreateUser(ctx context.Context, s *store.Store, username, fullName, role string, orgID int64, password string) error {
	if err := congress.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := congress.User{Username: username, FullName: fullName, Role: role, OrganizationID: orgID}
	return s.CreateUser(ctx, congress.System, &u, hash)
}

var sampleGrassroots = []string{
	"Đảng bộ Sở Tài chính", "Đảng bộ Sở Y tế", "Đảng bộ Sở Giáo dục và Đào tạo", "Đảng bộ Sở Nội vụ",
	"Đảng bộ Sở Tư pháp", "Đảng bộ Sở Công Thương", "Đảng bộ Sở Xây dựng", "Đảng bộ Sở Tài nguyên và Môi trường",
	"Đảng bộ Sở Giao thông vận tải", "Đảng bộ Văn phòng UBND tỉnh", "Đảng bộ Sở Kế hoạch và Đầu tư",
}

var samplePlaces = []string{"Hội trường cơ quan", "Hội trường Tỉnh ủy", "Trung tâm Hội nghị tỉnh", "Hội trường UBND tỉnh"}

// sampleCongress invents a plausible, consistent congress: a members' congress for up to ~150
// members, a delegates' congress above.
func sampleCongress(r *rand.Rand, orgID, termID int64, ordinal int, held time.Time) congress.Congress {
	c := congress.Congress{OrganizationID: orgID, TermID: termID, Ordinal: ordinal, Ruleset: congress.Ruleset244,
		HeldOn: held.Format("2006-01-02"), Place: samplePlaces[r.IntN(len(samplePlaces))], Sample: true,
		State: congress.StateApproved, Notes: "Dữ liệu mẫu."}
	if held.Year() >= 2025 {
		c.Ruleset = congress.Ruleset190
	}
	if r.IntN(4) == 0 {
		c.Kind = congress.CongressDelegates
		c.Convened = 100 + r.IntN(200)
		c.AbsentNotReplaced = r.IntN(3)
		c.CommitteeAbsent = r.IntN(2)
		c.Present = c.Convened - c.AbsentNotReplaced - c.CommitteeAbsent - r.IntN(2)
	} else {
		c.Kind = congress.CongressMembers
		c.Convened = 20 + r.IntN(130)
		c.AbsentWithReason = r.IntN(4)
		c.Suspended = r.IntN(10) / 9
		c.Present = c.Convened - c.AbsentWithReason - c.Suspended - r.IntN(2)
	}
	c.ReportedOn = held.AddDate(0, 0, 5+r.IntN(5)).Format("2006-01-02")
	c.DecidedOn = held.AddDate(0, 0, 15+r.IntN(10)).Format("2006-01-02")
	return c
}

// Generate adds n generated congresses under generated organizations below the Khối (or the first
// root), deterministic from seed: 100 grassroots committees under each generated district-level
// committee, one congress each for 2020–2025. Progress goes to progress (may be nil).
func Generate(ctx context.Context, s *store.Store, n int, seed uint64, progress io.Writer) error {
	roots, err := s.FindOrganizations(ctx, congress.System, store.OrganizationFilter{Limit: 1})
	if err != nil {
		return err
	}
	if len(roots) == 0 {
		return congress.Errorf(congress.EINVALID, "Chưa có tổ chức đảng nào; hãy nạp dữ liệu mẫu trước (daihoi demo).")
	}
	term, err := s.FindTermByYears(ctx, 2020, 2025)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(seed, 0x6461696869))
	rc := rand.New(rand.NewPCG(seed, committeeSeed))
	const perParent, perBatch = 100, 1000
	var parentID int64
	start := time.Now()
	for done := 0; done < n; {
		err := s.InBatch(ctx, congress.System, func(b *store.Batch) error {
			for i := 0; i < perBatch && done < n; i++ {
				if done%perParent == 0 {
					p := congress.Organization{ParentID: &roots[0].ID, Kind: congress.KindSuperior, Sample: true,
						Name:  fmt.Sprintf("Đảng bộ cụm %s số %d (mẫu %d)", districts[(done/perParent)%len(districts)], done/perParent+1, seed),
						Place: "Đồng Tháp"}
					if err := b.CreateOrganization(ctx, &p); err != nil {
						return err
					}
					parentID = p.ID
				}
				kind := congress.KindGrassroots
				if r.IntN(3) == 0 {
					kind = congress.KindCell
				}
				o := congress.Organization{ParentID: &parentID, Kind: kind, Sample: true, Place: "Đồng Tháp",
					Name: fmt.Sprintf("%s %s %s số %d", kindPrefix[kind], units[r.IntN(len(units))], districts[r.IntN(len(districts))], done+1)}
				if err := b.CreateOrganization(ctx, &o); err != nil {
					return err
				}
				held := time.Date(2020, time.March, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(150))
				c := sampleCongress(r, o.ID, term.ID, 1+r.IntN(5), held)
				c.State = congress.CongressStates[1+r.IntN(4)].Code
				if c.State == congress.StateHeld {
					c.ReportedOn, c.DecidedOn = "", ""
				} else if c.State == congress.StateReported {
					c.DecidedOn = ""
				}
				if err := b.CreateCongress(ctx, &c); err != nil {
					return err
				}
				if err := generateCommittee(ctx, b, rc, &c, kind); err != nil {
					return err
				}
				done++
			}
			return nil
		})
		if err != nil {
			return err
		}
		if progress != nil {
			fmt.Fprintf(progress, "\rđã tạo %d/%d đại hội (%.0f giây)", done, n, time.Since(start).Seconds())
		}
	}
	if progress != nil {
		fmt.Fprintln(progress)
	}
	return nil
}

var kindPrefix = map[string]string{congress.KindGrassroots: "Đảng bộ", congress.KindCell: "Chi bộ"}

var units = []string{"Trường THPT", "Trạm Y tế", "Ủy ban nhân dân xã", "Công ty", "Ban Quản lý dự án",
	"Trung tâm Văn hóa", "Chi cục Thuế", "Kho bạc Nhà nước", "Trường Tiểu học", "Bệnh viện"}

var districts = []string{"Cao Lãnh", "Sa Đéc", "Hồng Ngự", "Tân Hồng", "Tam Nông", "Tháp Mười", "Thanh Bình",
	"Lấp Vò", "Lai Vung", "Châu Thành", "Mỹ Thọ", "Tân Thành", "Thường Thới", "Đốc Binh Kiều"}
