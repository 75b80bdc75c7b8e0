package main

import (
	"context"
	"fmt"

	"daihoi/internal/congress"
)

func init() {
	register(command{name: "verify", order: 60,
		summary: "kiểm tra toàn vẹn: tính lại mọi vòng bầu đã khóa và chuỗi nhật ký; thoát 1 nếu có sai lệch",
		run:     runVerify})
}

// runVerify prints the integrity report of one congress or of the whole database. Exit codes: 0
// when nothing is found, 1 when something does not match (or the check itself fails), 2 for bad
// arguments or an unknown congress.
func runVerify(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("verify", "verify [--db FILE] [--congress ID]", stdio)
	path := dbFlag(fs, stdio)
	id := fs.Int64("congress", 0, "chỉ kiểm tra các vòng bầu của đại hội số ID (chuỗi nhật ký luôn được kiểm tra toàn bộ)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *id < 0 {
		fs.Usage()
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi verify:", err)
		return 1
	}
	defer d.Close()
	rep, err := s.Verify(ctx, *id)
	if err != nil {
		switch congress.ErrorCode(err) {
		case congress.ENOTFOUND, congress.EINVALID:
			fmt.Fprintf(stdio.Err, "daihoi verify: %s (đại hội số %d)\n", congress.ErrorMessage(err), *id)
			return 2
		}
		fmt.Fprintln(stdio.Err, "daihoi verify:", err)
		return 1
	}
	scope := "toàn bộ cơ sở dữ liệu"
	if *id != 0 {
		scope = fmt.Sprintf("đại hội số %d", *id)
	}
	fmt.Fprintf(stdio.Out, "Kiểm tra toàn vẹn %s: đã tính lại %d vòng bầu đã khóa của %d đại hội và %d dòng nhật ký thay đổi.\n",
		scope, rep.Rounds, rep.Congresses, rep.AuditRows)
	if rep.OK() {
		fmt.Fprintln(stdio.Out, "Không phát hiện sai lệch.")
		return 0
	}
	fmt.Fprintf(stdio.Out, "PHÁT HIỆN %d SAI LỆCH:\n", len(rep.Problems))
	for i, p := range rep.Problems {
		fmt.Fprintf(stdio.Out, "%3d. %s\n", i+1, p.Message)
	}
	return 1
}
