package main

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/server"
	"daihoi/reports"
)

func init() {
	registerExport(exportKind{name: "targets",
		summary: "đánh giá thực hiện chỉ tiêu nghị quyết của một đại hội: --congress ID --out FILE [--year N]",
		run:     runExportTargets})
}

// runExportTargets writes the term review of a congress's targets as the Excel workbook the page
// offers, through the same server.TargetReviewData. Exit codes: 0 written, 2 bad arguments or an
// unknown congress, 1 a failure.
func runExportTargets(ctx context.Context, args []string, stdio Stdio) int {
	e := newCongressExport("targets", "export targets [--db FILE] --congress ID --out FILE [--year N]", "tệp Excel (.xlsx) để ghi", stdio)
	year := e.fs.Int("year", 0, "đánh giá tính đến năm N (mặc định: năm nay, trong nhiệm kỳ)")
	if code, ok := e.parse(args); !ok {
		return code
	}
	if *year < 0 {
		return e.usage()
	}
	s, d, ok := e.open(ctx)
	if !ok {
		return 1
	}
	defer d.Close()
	// The command runs on the server's machine for whoever may read the database file: it sees
	// every organization, as the system actor.
	data, err := server.TargetReviewData(ctx, s, congress.System, *e.id, *year, time.Now())
	if err != nil {
		return e.failCongress(err, true)
	}
	var buf bytes.Buffer
	if err := reports.WriteTargetReview(&buf, data); err != nil {
		return e.fail(1, err)
	}
	if err := writeAtomically(*e.out, writeBytes(buf.Bytes())); err != nil {
		return e.fail(1, err)
	}
	fmt.Fprintf(stdio.Out, "Đã ghi %s: %d chỉ tiêu, %s.\n", *e.out, len(data.Targets), data.Headline)
	return 0
}
