package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// `daihoi export targets` writes the same workbook as the page's download.
func TestExportTargets(t *testing.T) {
	path, seed := seededFile(t)
	out := filepath.Join(t.TempDir(), "review.xlsx")
	stdout, stderr, code := runInProcess(nil, "export", "targets", "--db", path, "--congress", strconv.FormatInt(seed, 10),
		"--out", out, "--year", "2025")
	if code != 0 || !strings.Contains(stdout, "7 chỉ tiêu, 5/7 chỉ tiêu đạt và vượt") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"ĐẢNG ỦY SỞ KHOA HỌC VÀ CÔNG NGHỆ", "4.1|Đảng viên hoàn thành xuất sắc nhiệm vụ",
		"Tổng hợp: 5/7 chỉ tiêu đạt và vượt"} {
		if !strings.Contains(text, want) {
			t.Fatalf("workbook lacks %q", want)
		}
	}
}

func TestExportTargetsArguments(t *testing.T) {
	path, seed := seededFile(t)
	out := filepath.Join(t.TempDir(), "x.xlsx")
	id := strconv.FormatInt(seed, 10)
	for name, tc := range map[string]struct {
		args []string
		code int
		msg  string
	}{
		"NoOut":           {[]string{"--db", path, "--congress", id}, 2, "Cách dùng"},
		"NoCongress":      {[]string{"--db", path, "--out", out}, 2, "Cách dùng"},
		"UnknownCongress": {[]string{"--db", path, "--congress", "999", "--out", out}, 2, "Không tìm thấy đại hội"},
		"YearBeforeTerm":  {[]string{"--db", path, "--congress", id, "--out", out, "--year", "2019"}, 2, "Năm đánh giá (2019)"},
		"Stray":           {[]string{"--db", path, "--congress", id, "--out", out, "extra"}, 2, "Cách dùng"},
	} {
		t.Run(name, func(t *testing.T) {
			_, stderr, code := runInProcess(nil, append([]string{"export", "targets"}, tc.args...)...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
		})
	}
	if _, err := excelize.OpenFile(out); err == nil {
		t.Fatal("a refused export left a file")
	}
}
