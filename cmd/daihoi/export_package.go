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
	e := newCongressExport("package", "export package [--db FILE] --congress ID --out FILE.daihoi [--user TÊN]", "tệp gói để ghi (đuôi .daihoi)", stdio)
	username := e.fs.String("user", "", "xuất với phạm vi của người dùng này (mặc định: hệ thống)")
	if code, ok := e.parse(args); !ok {
		return code
	}
	s, d, ok := e.open(ctx)
	if !ok {
		return 1
	}
	defer d.Close()
	u, err := actingUser(ctx, s, *username)
	if err != nil {
		return e.fail(2, err)
	}
	id, out, path := e.id, e.out, e.path
	host, _ := os.Hostname()
	p, err := s.ExportPackage(ctx, u, *id, offline.Source{Host: host, Database: filepath.Base(*path), ExportedBy: u.Username})
	if err != nil {
		return e.failCongress(err, false)
	}
	var buf bytes.Buffer
	if err := offline.Write(&buf, p); err != nil {
		return e.fail(1, err)
	}
	if err := writeAtomically(*out, writeBytes(buf.Bytes())); err != nil {
		return e.fail(1, err)
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
