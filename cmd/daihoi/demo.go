package main

import (
	"context"
	"fmt"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/store"
)

func init() {
	register(command{name: "demo", order: 30, summary: "nạp dữ liệu mẫu (đại hội của bài viết; --congresses N thêm N đại hội sinh ngẫu nhiên)", run: runDemo})
}

func runDemo(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("demo", "demo [--db FILE] [--congresses N] [--seed S]", stdio)
	path := dbFlag(fs, stdio)
	n := fs.Int("congresses", 0, "thêm N đại hội sinh ngẫu nhiên dưới các tổ chức sinh ngẫu nhiên (cho thử tải, thử báo cáo)")
	seed := fs.Uint64("seed", 1, "hạt giống của dữ liệu sinh ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *n < 0 || *n > 1_000_000 {
		fmt.Fprintf(stdio.Err, "daihoi demo: --congresses phải từ 0 đến 1.000.000 (đang là %d)\n", *n)
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi demo:", err)
		return 1
	}
	defer d.Close()
	seeded, err := seedIfEmpty(ctx, s, stdio)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi demo:", congress.ErrorMessage(err))
		return 1
	}
	if !seeded && *n == 0 {
		fmt.Fprintln(stdio.Out, "Cơ sở dữ liệu đã có dữ liệu; không nạp lại dữ liệu mẫu.")
	}
	if *n > 0 {
		start := time.Now()
		if err := demo.Generate(ctx, s, *n, *seed, stdio.Err); err != nil {
			fmt.Fprintln(stdio.Err, "daihoi demo:", congress.ErrorMessage(err), err)
			return 1
		}
		if err := d.Analyze(ctx); err != nil {
			fmt.Fprintln(stdio.Err, "daihoi demo: analyze:", err)
			return 1
		}
		fmt.Fprintf(stdio.Out, "Đã thêm %d đại hội sinh ngẫu nhiên trong %.1f giây.\n", *n, time.Since(start).Seconds())
	}
	return 0
}

// seedIfEmpty seeds the demo data into an empty database and prints the logins. It reports
// whether it seeded.
func seedIfEmpty(ctx context.Context, s *store.Store, stdio Stdio) (bool, error) {
	orgs, err := s.FindOrganizations(ctx, congress.System, store.OrganizationFilter{Limit: 1})
	if err != nil || len(orgs) > 0 {
		return false, err
	}
	start := time.Now()
	pw := demoPassword(stdio)
	res, err := demo.Seed(ctx, s, pw)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(stdio.Out, "Đã nạp dữ liệu mẫu: %d tổ chức đảng, %d đại hội (%d ms).\n",
		res.Organizations, res.Congresses, time.Since(start).Milliseconds())
	fmt.Fprintln(stdio.Out, "Tài khoản mẫu (mật khẩu chung:", pw+"):")
	for _, u := range demo.Users {
		fmt.Fprintf(stdio.Out, "  %-10s %s — %s\n", u.Username, congress.Label(congress.Roles, u.Role), u.Org)
	}
	if pw == demo.DefaultPassword {
		fmt.Fprintln(stdio.Out, "CẢNH BÁO: đây là mật khẩu mẫu công khai; hãy đổi mật khẩu (daihoi user passwd) hoặc đặt DAIHOI_DEMO_PASSWORD trước khi dùng thật.")
	}
	return true, nil
}
