package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"daihoi/internal/congress"
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
	fs := newFlagSet("export minutes", "export minutes [--db FILE] --congress ID --out FILE", stdio)
	path := dbFlag(fs, stdio)
	id := fs.Int64("congress", 0, "số (id) của đại hội")
	out := fs.String("out", "", "tệp Excel (.xlsx) để ghi")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *id <= 0 || *out == "" {
		fs.Usage()
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export minutes:", err)
		return 1
	}
	defer d.Close()
	minutes, err := server.MinutesForCongress(ctx, s, *id)
	if err != nil {
		switch congress.ErrorCode(err) {
		case congress.ENOTFOUND, congress.EINVALID:
			fmt.Fprintf(stdio.Err, "daihoi export minutes: %s (đại hội số %d)\n", congress.ErrorMessage(err), *id)
			return 2
		}
		fmt.Fprintln(stdio.Err, "daihoi export minutes:", err)
		return 1
	}
	var buf bytes.Buffer
	if err := reports.WriteMinutes(&buf, minutes); err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export minutes:", err)
		return 1
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export minutes:", err)
		return 1
	}
	fmt.Fprintf(stdio.Out, "Đã ghi %s: biên bản kiểm phiếu của %d vòng bầu.\n", *out, len(minutes))
	return 0
}

// writeFileAtomic writes data to a temporary file beside path and renames it into place, so a
// failed export never leaves half a workbook under the name asked for.
func writeFileAtomic(path string, data []byte) error {
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
