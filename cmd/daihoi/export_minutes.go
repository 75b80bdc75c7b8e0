package main

import (
	"bytes"
	"context"
	"fmt"

	"daihoi/internal/server"
	"daihoi/reports"
)

func init() {
	registerExport(exportKind{name: "minutes",
		summary: "biên bản kiểm phiếu mọi vòng bầu đã khóa của một đại hội, mỗi vòng một trang tính: --congress ID --out FILE",
		run:     runExportMinutes})
}

// runExportMinutes writes the counting minutes of every closed round of a congress as one workbook,
// a sheet per round (and its ballot-entry log), through server.MinutesForCongress: the same mapping
// as the print view and the download. Exit codes: 0 written, 2 bad arguments, an unknown congress
// or one without a closed round, 1 a failure.
func runExportMinutes(ctx context.Context, args []string, stdio Stdio) int {
	e := newCongressExport("minutes", "export minutes [--db FILE] --congress ID --out FILE", "tệp Excel (.xlsx) để ghi", stdio)
	if code, ok := e.parse(args); !ok {
		return code
	}
	s, d, ok := e.open(ctx)
	if !ok {
		return 1
	}
	defer d.Close()
	minutes, err := server.MinutesForCongress(ctx, s, *e.id)
	if err != nil {
		return e.failCongress(err, true)
	}
	var buf bytes.Buffer
	if err := reports.WriteMinutes(&buf, minutes); err != nil {
		return e.fail(1, err)
	}
	if err := writeAtomically(*e.out, writeBytes(buf.Bytes())); err != nil {
		return e.fail(1, err)
	}
	fmt.Fprintf(stdio.Out, "Đã ghi %s: biên bản kiểm phiếu của %d vòng bầu.\n", *e.out, len(minutes))
	return 0
}
