package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
)

func init() {
	register(command{name: "user", order: 40, summary: "quản lý người dùng: user add | passwd | list", run: runUser})
}

func runUser(ctx context.Context, args []string, stdio Stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdio.Err, "Cách dùng:\n  daihoi user add --username U --role admin|secretary|staff|auditor --org ID [--name \"Họ tên\"] [--db FILE]\n  daihoi user passwd --username U [--db FILE]\n  daihoi user list [--db FILE]\nMật khẩu đọc từ DAIHOI_PASSWORD, nếu không có thì hỏi trên đầu vào chuẩn.")
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("user "+sub, "user "+sub+" [tham số]", stdio)
	path := dbFlag(fs, stdio)
	username := fs.String("username", "", "tên đăng nhập")
	role := fs.String("role", "", "vai trò: admin, secretary, staff, auditor")
	org := fs.Int64("org", 0, "số hiệu tổ chức đảng của người dùng")
	name := fs.String("name", "", "họ tên")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi user:", err)
		return 1
	}
	defer d.Close()
	fail := func(err error) int {
		fmt.Fprintln(stdio.Err, "daihoi user:", congress.ErrorMessage(err))
		for k, v := range congress.ErrorFields(err) {
			fmt.Fprintf(stdio.Err, "  %s: %s\n", k, v)
		}
		if congress.ErrorCode(err) == congress.EINTERNAL {
			fmt.Fprintln(stdio.Err, " ", err)
			return 1
		}
		return 2
	}
	switch sub {
	case "add":
		pw, err := readPassword(stdio)
		if err != nil {
			return fail(err)
		}
		if err := demo.CreateUser(ctx, s, strings.ToLower(*username), *name, *role, *org, pw); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdio.Out, "Đã thêm người dùng %s.\n", *username)
	case "passwd":
		u, _, err := s.FindUserByUsername(ctx, strings.ToLower(*username))
		if err != nil {
			return fail(err)
		}
		pw, err := readPassword(stdio)
		if err != nil {
			return fail(err)
		}
		hash, err := auth.HashPassword(pw)
		if err != nil {
			return fail(err)
		}
		if err := s.SetPassword(ctx, congress.System, u.ID, hash); err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdio.Out, "Đã đổi mật khẩu của %s; mọi phiên đăng nhập của người này đã kết thúc.\n", u.Username)
	case "list":
		users, err := s.FindUsers(ctx, congress.System)
		if err != nil {
			return fail(err)
		}
		for _, u := range users {
			fmt.Fprintf(stdio.Out, "%-12s %-10s %4d  %s\n", u.Username, u.Role, u.OrganizationID, u.OrganizationName)
		}
	default:
		fmt.Fprintf(stdio.Err, "daihoi user: không có lệnh con %q (add, passwd, list)\n", sub)
		return 2
	}
	return 0
}

// readPassword takes DAIHOI_PASSWORD, or one line of standard input.
func readPassword(stdio Stdio) (string, error) {
	pw := stdio.getenv("DAIHOI_PASSWORD")
	if pw == "" {
		fmt.Fprint(stdio.Err, "Mật khẩu: ")
		line, err := bufio.NewReader(stdio.In).ReadString('\n')
		if err != nil && line == "" {
			return "", congress.Errorf(congress.EINVALID, "Chưa nhập mật khẩu.")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	return pw, congress.ValidatePassword(pw)
}
