package server

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"daihoi/reports/lotest"
)

// The term review downloads as a workbook in the party document format, made from the same term
// report as the page; it reopens with excelize and converts with LibreOffice.
func TestTermReviewWorkbook(t *testing.T) {
	tf := newTargetFixture(t)
	path := fmt.Sprintf("/congresses/%d/targets/review.xlsx?year=2025", tf.seed)
	w := tf.get("kiemtra", path)
	if w.Code != http.StatusOK {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); ct != reviewXLSXType {
		t.Fatalf("content type %q", ct)
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename="danh-gia-chi-tieu-dang-bo-so-khoa-hoc-va-cong-nghe-2020-2025.xlsx"` {
		t.Fatalf("disposition %q", cd)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := "Chỉ tiêu nghị quyết"
	if got := f.GetSheetList(); !slices.Equal(got, []string{sheet}) {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	header, row41 := -1, []string(nil)
	for i, r := range rows {
		all = append(all, r...)
		if len(r) > 1 && r[0] == "STT" && r[1] == "Chỉ tiêu" {
			header = i + 1
		}
		if len(r) > 0 && r[0] == "4.1" {
			row41 = r
		}
	}
	text := strings.Join(all, "\n")
	mustContain(t, "workbook", text,
		"ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH ĐỒNG THÁP", "ĐẢNG ỦY SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số …-BC/ĐU",
		"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI",
		"Đại hội Đảng bộ Sở Khoa học và Công nghệ lần thứ II, nhiệm kỳ 2020 – 2025",
		"Nghị quyết: “95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% hoàn thành xuất sắc nhiệm vụ.”",
		"Tổng hợp: 5/7 chỉ tiêu đạt và vượt (trong đó 2 chỉ tiêu vượt); 2 chỉ tiêu không đạt.",
		"Số liệu tính đến năm 2025", "Có số liệu là dữ liệu mẫu", "T/M ĐẢNG ỦY", "BÍ THƯ")
	if header < 0 {
		t.Fatal("no table header")
	}
	wantHead := []string{"STT", "Chỉ tiêu", "Nghị quyết đề ra", "Năm 2020", "Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025",
		"Kết quả nhiệm kỳ", "Đánh giá"}
	if !slices.Equal(rows[header-1], wantHead) {
		t.Fatalf("header %q", rows[header-1])
	}
	// 4.1: 5 excellent of 58 rated good or better in 2021 is 8,62%, under "ít nhất 10%".
	if len(row41) != 11 || row41[1] != "Đảng viên hoàn thành xuất sắc nhiệm vụ" ||
		row41[2] != "từ 10% trở lên, hằng năm (trong số đạt chỉ tiêu 4)" ||
		row41[4] != "8,62%\n5/58\nKhông đạt" || row41[8] != "–" || row41[10] != "Không đạt" {
		t.Fatalf("row 4.1 %q", row41)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != header {
		t.Fatalf("panes %+v %v, header row %d", panes, err, header)
	}
	layout, err := f.GetPageLayout(sheet)
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
		t.Fatalf("page %+v %v", layout, err)
	}
	titles := false
	for _, dn := range f.GetDefinedName() {
		titles = titles || (dn.Name == "_xlnm.Print_Titles" && strings.HasSuffix(dn.RefersTo, fmt.Sprintf("!$%d:$%d", header, header)))
	}
	if !titles {
		t.Fatalf("print titles: %+v", f.GetDefinedName())
	}
	if width, err := f.GetColWidth(sheet, "B"); err != nil || width < 25 {
		t.Fatalf("column B width %v %v", width, err)
	}

	t.Run("SameForEveryReader", func(t *testing.T) {
		staff := tf.get("bantochuc", path)
		if staff.Code != http.StatusOK {
			t.Fatalf("staff: %d", staff.Code)
		}
		if w := tf.get(uOtherSecretary, path); w.Code != http.StatusNotFound {
			t.Fatalf("other committee: %d", w.Code)
		}
	})
	t.Run("LibreOffice", func(t *testing.T) {
		lotest.Soffice(t)
		file := filepath.Join(t.TempDir(), "review.xlsx")
		if err := os.WriteFile(file, w.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		pdf := lotest.ConvertToPDF(t, file)
		if n := lotest.PageCount(t, pdf); n < 1 || n > 5 {
			t.Fatalf("%d pages", n)
		}
		if text, ok := lotest.PDFText(t, pdf); ok {
			mustContain(t, "PDF", strings.Join(strings.Fields(text), " "), "ĐẢNG CỘNG SẢN VIỆT NAM", "5/7 chỉ tiêu đạt và vượt", "96,67%")
		}
	})
}
