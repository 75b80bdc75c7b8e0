package main

import (
	"context"
	"fmt"

	"daihoi/db"
)

func init() {
	register(command{name: "migrate", order: 20, summary: "tạo hoặc nâng cấp cơ sở dữ liệu", run: runMigrate})
}

func runMigrate(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("migrate", "migrate [--db FILE]", stdio)
	path := dbFlag(fs, stdio)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	d, err := db.Open(*path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi migrate:", err)
		return 1
	}
	defer d.Close()
	n, err := d.Migrate(ctx)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi migrate:", err)
		return 1
	}
	v, _ := d.Version(ctx)
	fmt.Fprintf(stdio.Out, "Đã áp dụng %d bản nâng cấp; cơ sở dữ liệu %s ở phiên bản %d.\n", n, d.Path, v)
	return 0
}
