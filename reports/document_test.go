package reports

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		"Huỳnh Minh Tuấn":         "Huỳnh Minh Tuấn",
		"=1+2":                    "'=1+2",
		"@SUM(A1)":                "'@SUM(A1)",
		"+84 912 345 678":         "'+84 912 345 678",
		"-2+3":                    "'-2+3",
		"\t=1":                    "'\t=1",
		"\r=1":                    "'\n=1",
		"\x00=1":                  "'=1", // removing the NUL brings "=" to the front
		"a\r\nb\rc":               "a\nb\nc",
		"Tuấn\x07":                "Tuấn",
		"Tuấn = 1":                "Tuấn = 1",
		" =1":                     " =1",   // a leading space makes it text in every spreadsheet
		"Huy\u0300nh":             "Huỳnh", // NFC
		"– Tái cử (en dash)":      "– Tái cử (en dash)",
		"'already quoted":         "'already quoted",
		"=HYPERLINK(\"x\",\"y\")": "'=HYPERLINK(\"x\",\"y\")",
	} {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafeText checks that no text comes out of SafeText ready to be read as a formula or unfit
// for the file's XML, and that nothing but the guard is added.
func FuzzSafeText(f *testing.F) {
	for _, s := range []string{"=1+2", "@SUM(A1)", "+x", "-1", "\t=", "\r=", "\x01=", "Huỳnh Minh Tuấn", "a\r\nb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := SafeText(s)
		if got == "" {
			return
		}
		if strings.ContainsRune("=+-@\t\r", []rune(got)[0]) {
			t.Fatalf("SafeText(%q) = %q starts with a formula character", s, got)
		}
		for _, r := range got {
			if r != '\n' && r != '\t' && (r < 0x20 || r == 0x7f || r == '\uFFFE' || r == '\uFFFF') {
				t.Fatalf("SafeText(%q) = %q keeps control character %U", s, got, r)
			}
		}
		if strings.Contains(got, "\r") {
			t.Fatalf("SafeText(%q) = %q keeps a carriage return", s, got)
		}
		if again := SafeText(got); again != got {
			t.Fatalf("SafeText is not idempotent: %q → %q → %q", s, got, again)
		}
	})
}

func TestSheetNames(t *testing.T) {
	u := sheetNames{}
	got := []string{
		u.name("Vòng 1 - BCH"),
		u.name("vòng 1 - bch"), // Excel compares sheet names without case
		u.name("Vòng 1 - Đại biểu chính thức dự Đại hội Đảng bộ Khối"),
		u.name("Vòng 1 - Đại biểu chính thức dự Đại hội Đảng bộ Khối"),
		u.name("Bầu [BCH]: 1/2 *?\\"),
		u.name("'Trích ngang'"),
		u.name("History"),
		u.name(""),
	}
	want := []string{
		"Vòng 1 - BCH",
		"vòng 1 - bch (2)",
		"Vòng 1 - Đại biểu chính thức dự",
		"Vòng 1 - Đại biểu chính thứ (2)",
		"Bầu -BCH-- 1-2 ---",
		"Trích ngang",
		"History (2)",
		"Trang",
	}
	if !slices.Equal(got, want) {
		t.Errorf("names = %q\nwant    %q", got, want)
	}
	f := excelize.NewFile()
	defer f.Close()
	for _, name := range got {
		if utf8.RuneCountInString(name) > 31 {
			t.Errorf("%q is longer than 31 characters", name)
		}
		if _, err := f.NewSheet(name); err != nil {
			t.Errorf("excelize refuses %q: %v", name, err)
		}
	}
}

func TestBreakLines(t *testing.T) {
	const px = 274 // the left block of a minutes sheet
	for _, c := range []struct {
		text string
		bold bool
		want []string
	}{
		{"ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", false, []string{"ĐẢNG BỘ KHỐI CÁC", "CƠ QUAN TỈNH"}},
		{"ĐẢNG BỘ SỞ KHOA HỌC VÀ CÔNG NGHỆ", true, []string{"ĐẢNG BỘ SỞ KHOA HỌC", "VÀ CÔNG NGHỆ"}},
		{"ĐẠI HỘI LẦN THỨ II, NHIỆM KỲ 2020 – 2025", true, []string{"ĐẠI HỘI LẦN THỨ II,", "NHIỆM KỲ 2020 – 2025"}},
		{"CHI BỘ TRƯỜNG", true, []string{"CHI BỘ TRƯỜNG"}},
		{"DÒNG MỘT\nDÒNG HAI", false, []string{"DÒNG MỘT", "DÒNG HAI"}},
		{"2020 – 2025 2020 – 2025 2020 – 2025 2020 – 2025", true, []string{"2020 – 2025 2020 – 2025", "2020 – 2025 2020 – 2025"}},
	} {
		if got := breakLines(c.text, sizeSuperior, c.bold, px); !slices.Equal(got, c.want) {
			t.Errorf("breakLines(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	// Too long for two lines: filled line by line, each within the width.
	long := strings.Repeat("ĐẢNG BỘ CƠ SỞ ", 8)
	lines := breakLines(long, sizeSuperior, true, px)
	if len(lines) < 3 || strings.Join(lines, " ") != strings.TrimSpace(long) {
		t.Errorf("breakLines(long) = %q", lines)
	}
	for _, l := range lines {
		if textWidth(l, sizeSuperior, true) > px {
			t.Errorf("line %q is wider than %v px", l, px)
		}
	}
}

func TestPercentText(t *testing.T) {
	for h, want := range map[int64]string{9524: "95,24%", 10000: "100,00%", 5: "0,05%", 0: "0,00%", 5000: "50,00%", -150: "-1,50%"} {
		if got := percentText(h); got != want {
			t.Errorf("percentText(%d) = %q, want %q", h, got, want)
		}
	}
}

// TestHeaderStreamed writes the same header on a sheet cell by cell and on a streamed list sheet,
// then a table below each: both must hold the same cells, merges and row heights, and the table
// must start right after HeaderRows.
func TestHeaderStreamed(t *testing.T) {
	h := DocHeader{
		Superior: "Đảng bộ Khối các cơ quan tỉnh", Issuer: "Đảng bộ Sở Khoa học và Công nghệ",
		IssuerSub: "Đại hội lần thứ II, nhiệm kỳ 2020 – 2025", Number: "Số: 12-BC/ĐH", Place: "Đồng Tháp",
		Date: time.Date(2020, 6, 3, 0, 0, 0, 0, time.UTC), Title: "Danh sách trích ngang",
		Subtitle: "Ban Chấp hành Đảng bộ khóa II, nhiệm kỳ 2020 – 2025",
	}
	widths := grid{6, 28, 12, 10, 14, 20, 22, 16}
	titleRow := h.HeaderRows(widths) + 1
	f := excelize.NewFile()
	defer f.Close()
	styles := newStyleSet(f)
	const rows = 300
	for i, stream := range []bool{false, true} {
		s, err := newSheet(f, styles, fmt.Sprint("S", i), i == 0, sheetOptions{
			widths: widths, landscape: true, stream: stream, titleRow: titleRow,
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := h.writeHeader(s); err != nil {
			t.Fatal(err)
		}
		if s.next != titleRow {
			t.Fatalf("stream=%v: header took %d rows, HeaderRows says %d", stream, s.next-1, titleRow-1)
		}
		head := []any{"STT", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Quê quán", "Chức vụ", "Ghi chú"}
		if err := s.row(0, tableRow(heading, []int{1, 1, 1, 1, 1, 1, 1, 1}, head...).cells...); err != nil {
			t.Fatal(err)
		}
		for r := range rows {
			if err := s.row(0, tableRow(listCell, []int{1, 1, 1, 1, 1, 1, 1, 1},
				r+1, "=cmd|' /C calc'!A0", "01/01/1970", "Nam", "Kinh", "Đồng Tháp", "Ủy viên", "").cells...); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.flush(); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	a, _ := g.GetRows("S0")
	b, _ := g.GetRows("S1")
	if !slices.EqualFunc(a, b, slices.Equal) {
		t.Errorf("cells differ:\n%q\n%q", a[:titleRow], b[:titleRow])
	}
	if len(b) != titleRow+rows {
		t.Errorf("streamed sheet has %d rows, want %d", len(b), titleRow+rows)
	}
	if got := b[titleRow-1][0]; got != "STT" {
		t.Errorf("table head at row %d = %q", titleRow, got)
	}
	if got := b[titleRow][1]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("first data row name = %q", got)
	}
	if got := b[titleRow-4][0]; got != "DANH SÁCH TRÍCH NGANG" {
		t.Errorf("title = %q", got)
	}
	if !slices.Contains(b[4], "Số 12-BC/ĐH") {
		t.Errorf("number row = %q", b[4])
	}
	ma, _ := g.GetMergeCells("S0")
	mb, _ := g.GetMergeCells("S1")
	if len(ma) != len(mb) || len(ma) == 0 {
		t.Errorf("merges: %d cell by cell, %d streamed", len(ma), len(mb))
	}
	for r := 1; r <= titleRow+3; r++ {
		ha, _ := g.GetRowHeight("S0", r)
		hb, _ := g.GetRowHeight("S1", r)
		if ha != hb {
			t.Errorf("row %d height %v cell by cell, %v streamed", r, ha, hb)
		}
	}
	for _, sheet := range []string{"S0", "S1"} {
		panes, err := g.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != titleRow {
			t.Errorf("%s: panes %+v (%v), want frozen under row %d", sheet, panes, err, titleRow)
		}
		formula, _ := g.GetCellFormula(sheet, fmt.Sprintf("B%d", titleRow+1))
		if formula != "" {
			t.Errorf("%s: a name became the formula %q", sheet, formula)
		}
	}
}
