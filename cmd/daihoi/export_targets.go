package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
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
	fs := newFlagSet("export targets", "export targets [--db FILE] --congress ID --out FILE [--year N]", stdio)
	path := dbFlag(fs, stdio)
	id := fs.Int64("congress", 0, "số (id) của đại hội")
	out := fs.String("out", "", "tệp Excel (.xlsx) để ghi")
	year := fs.Int("year", 0, "đánh giá tính đến năm N (mặc định: năm nay, trong nhiệm kỳ)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *id <= 0 || *out == "" || *year < 0 {
		fs.Usage()
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export targets:", err)
		return 1
	}
	defer d.Close()
	// The command runs on the server's machine for whoever may read the database file: it sees
	// every organization, as the system actor.
	data, err := server.TargetReviewData(ctx, s, congress.System, *id, *year, time.Now())
	if err != nil {
		switch congress.ErrorCode(err) {
		case congress.ENOTFOUND, congress.EINVALID:
			fmt.Fprintf(stdio.Err, "daihoi export targets: %s (đại hội số %d)\n", congress.ErrorMessage(err), *id)
			return 2
		}
		fmt.Fprintln(stdio.Err, "daihoi export targets:", err)
		return 1
	}
	var buf bytes.Buffer
	if err := reports.WriteTargetReview(&buf, data); err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export targets:", err)
		return 1
	}
	if err := writeReviewWorkbook(*out, buf.Bytes()); err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export targets:", err)
		return 1
	}
	fmt.Fprintf(stdio.Out, "Đã ghi %s: %d chỉ tiêu, %s.\n", *out, len(data.Targets), data.Headline)
	return 0
}

// writeReviewWorkbook writes data to a temporary file beside path and renames it into place, so a
// failed export never leaves half a workbook under the name asked for.
func writeReviewWorkbook(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
