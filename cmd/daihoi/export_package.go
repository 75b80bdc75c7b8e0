package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"daihoi/internal/congress"
	"daihoi/internal/offline"
	"daihoi/internal/vn"
)

func init() {
	registerExport(exportKind{name: "package",
		summary: "gói hồ sơ đại hội (.daihoi) để chuyển sang máy khác và nhập bằng daihoi import package: --congress ID --out FILE",
		run:     runExportPackage})
}

// runExportPackage writes the offline package of one congress (internal/offline). Exit codes: 0
// written, 2 bad arguments or an unknown congress, 1 a failure.
func runExportPackage(ctx context.Context, args []string, stdio Stdio) int {
	fs := newFlagSet("export package", "export package [--db FILE] --congress ID --out FILE.daihoi [--user TÊN]", stdio)
	path := dbFlag(fs, stdio)
	id := fs.Int64("congress", 0, "số (id) của đại hội")
	out := fs.String("out", "", "tệp gói để ghi (đuôi .daihoi)")
	username := fs.String("user", "", "xuất với phạm vi của người dùng này (mặc định: hệ thống)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *id <= 0 || *out == "" {
		fs.Usage()
		return 2
	}
	s, d, err := openStore(ctx, *path)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export package:", err)
		return 1
	}
	defer d.Close()
	u, err := actingUser(ctx, s, *username)
	if err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export package:", err)
		return 2
	}
	host, _ := os.Hostname()
	p, err := s.ExportPackage(ctx, u, *id, offline.Source{Host: host, Database: filepath.Base(*path), ExportedBy: u.Username})
	if err != nil {
		if congress.ErrorCode(err) == congress.ENOTFOUND {
			fmt.Fprintf(stdio.Err, "daihoi export package: %s (đại hội số %d)\n", congress.ErrorMessage(err), *id)
			return 2
		}
		fmt.Fprintln(stdio.Err, "daihoi export package:", err)
		return 1
	}
	var buf bytes.Buffer
	if err := offline.Write(&buf, p); err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export package:", err)
		return 1
	}
	if err := replaceFile(*out, buf.Bytes()); err != nil {
		fmt.Fprintln(stdio.Err, "daihoi export package:", err)
		return 1
	}
	m := p.Manifest
	fmt.Fprintf(stdio.Out, "Đã ghi %s (%s byte): Đại hội lần thứ %s của %s, nhiệm kỳ %s; %d đảng viên, %d vòng bầu, %d phiếu, %d dòng nhật ký.\n",
		*out, vn.FormatInt(int64(buf.Len())), vn.Roman(m.Congress.Ordinal), m.Congress.Organization, m.Congress.Term,
		len(p.Persons), len(p.Rounds), len(p.Ballots), len(p.Audit))
	fmt.Fprintf(stdio.Out, "Mã nội dung: %s\n", m.ContentSHA256)
	for _, r := range m.ClosedRounds {
		fmt.Fprintf(stdio.Out, "  %s, vòng %d (biên bản số %02d): %s\n", congress.Label(congress.Bodies, r.Election), r.Round,
			r.DocumentNumber, r.Fingerprint)
	}
	return 0
}

// replaceFile writes data to a temporary file beside path, syncs it and renames it into place, so
// that a failure never leaves half a file under the name asked for.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
