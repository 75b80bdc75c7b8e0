package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// `daihoi export minutes` writes one workbook with a sheet per closed round of the seed congress
// (and the entry log of the round entered ballot by ballot), in rule 8's order.
func TestExportMinutes(t *testing.T) {
	path, congressID := seededFile(t)
	out := filepath.Join(t.TempDir(), "bien-ban.xlsx")
	stdout, stderr, code := runInProcess(nil, "export", "minutes", "--db", path, "--congress", strconv.FormatInt(congressID, 10), "--out", out)
	if code != 0 || !strings.Contains(stdout, "biên bản kiểm phiếu của 7 vòng bầu") {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	x, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	want := []string{"Vòng 1 - BCH", "Nhật ký vòng 1 - BCH", "Vòng 1 - ĐB chính thức", "Vòng 1 - ĐB dự khuyết", "Vòng 1 - Bí thư",
		"Vòng 1 - Phó Bí thư", "Vòng 1 - UBKT", "Vòng 1 - Chủ nhiệm UBKT"}
	if got := x.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sheets %q\nwant %q", got, want)
	}
	// Each round keeps its own running number: the delegates' minutes are the congress's 2nd document.
	rows, err := x.GetRows("Vòng 1 - ĐB chính thức")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		for _, v := range r {
			found = found || v == "Số 02-BB/ĐH"
		}
	}
	if !found {
		t.Error("the delegates' minutes are not numbered 02")
	}

	for _, bad := range [][]string{
		{"--congress", "999999", "--out", out},
		{"--out", out},
		{"--congress", strconv.FormatInt(congressID, 10)},
		{"--congress", "1", "--out", out}, // the seed's first congress has no election
	} {
		args := append([]string{"export", "minutes", "--db", path}, bad...)
		if _, stderr, code := runInProcess(nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", bad, code, stderr)
		}
	}
}
