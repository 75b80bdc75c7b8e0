package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The report kinds of the higher committee, run in-process on a seeded database: each writes a
// workbook that reopens; bad arguments are exit code 2.
func TestExportReports(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "daihoi.db")
	var out, errs bytes.Buffer
	stdio := Stdio{Out: &out, Err: &errs, Env: func(string) (string, bool) { return "", false }}
	if code := Run(ctx, []string{"demo", "--db", dbPath}, stdio); code != 0 {
		t.Fatalf("demo: %d\n%s", code, errs.String())
	}
	cases := []struct {
		args   []string
		sheets []string
	}{
		{[]string{"congresses", "--term", "2020-2025"}, []string{"Đại hội", "Người trúng cử"}},
		{[]string{"structure"}, []string{"Tổng hợp", "Theo tổ chức", "Trình độ", "Biểu đồ"}},
		{[]string{"targets-summary", "--org", "1"}, []string{"Chỉ tiêu nghị quyết"}},
		{[]string{"committee", "--congress", "2"}, []string{"Trích ngang"}},
		{[]string{"congress", "--congress", "2"}, []string{"Báo cáo", "Vòng 1 - BCH", "Trích ngang", "Cấp ủy", "Đại biểu", "Chỉ tiêu"}},
	}
	for _, c := range cases {
		t.Run(c.args[0], func(t *testing.T) {
			path := filepath.Join(dir, c.args[0]+".xlsx")
			errs.Reset()
			args := append([]string{"export"}, c.args...)
			if code := Run(ctx, append(args, "--db", dbPath, "--out", path), stdio); code != 0 {
				t.Fatalf("exit %d\n%s", code, errs.String())
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			for _, want := range c.sheets {
				if !slices.Contains(sheets, want) {
					t.Errorf("no sheet %q in %v", want, sheets)
				}
			}
		})
	}
	for _, bad := range [][]string{
		{"congresses", "--term", "2020"},
		{"congresses", "--term", "1999-2004"},
		{"congresses", "--org", "999"},
		{"congress", "--congress", "999"},
		{"committee"},
		{"structure", "--congress", "2"},
	} {
		errs.Reset()
		args := append(append([]string{"export"}, bad...), "--db", dbPath, "--out", filepath.Join(dir, "bad.xlsx"))
		if code := Run(ctx, args, stdio); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", bad, code, errs.String())
		}
	}
	if !strings.Contains(out.String(), "Đã ghi") {
		t.Errorf("no confirmation on standard output: %s", out.String())
	}
}
