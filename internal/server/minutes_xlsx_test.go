package server

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/congress"
	"daihoi/reports/lotest"
)

// sheetText returns every non-empty cell of a sheet in reading order, and the first column
// alone (where the header's left block and the labels are).
func sheetText(t *testing.T, x *excelize.File, sheet string) (all, first []string) {
	t.Helper()
	rows, err := x.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for i, v := range row {
			if v == "" {
				continue
			}
			all = append(all, v)
			if i == 0 {
				first = append(first, v)
			}
		}
	}
	return all, first
}

// TestMinutesWorkbook downloads the seed executive committee's minutes (entered ballot by ballot),
// reopens the workbook with excelize and checks the header lines, the figures, a percentage with
// a decimal comma, the fingerprint and the entry log; then LibreOffice converts it without error.
func TestMinutesWorkbook(t *testing.T) {
	srv, st, congressID, token := demoServer(t)
	elections, err := st.FindElections(t.Context(), congress.System, congressID)
	if err != nil {
		t.Fatal(err)
	}
	var roundID int64
	for _, ev := range elections {
		if ev.Body == congress.BodyExecutive {
			roundID = ev.Rounds[0].ID
		}
	}
	rv, err := st.FindRoundByID(t.Context(), congress.System, roundID)
	if err != nil {
		t.Fatal(err)
	}
	w := getAs(srv, token, fmt.Sprintf("/congresses/%d/rounds/%d/minutes.xlsx", congressID, roundID))
	if w.Code != http.StatusOK {
		t.Fatalf("minutes.xlsx: %d %s", w.Code, w.Body.String())
	}
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename=bien-ban-kiem-phieu-executive-vong-1.xlsx` {
		t.Errorf("Content-Disposition %q", cd)
	}
	x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if len(sheets) != 2 || sheets[0] != "Vòng 1 - BCH" || sheets[1] != "Nhật ký vòng 1 - BCH" {
		t.Fatalf("sheets %q", sheets)
	}
	all, first := sheetText(t, x, sheets[0])
	// Long lines are broken inside their cell; compare with white space collapsed.
	text := strings.Join(strings.Fields(strings.Join(all, "\n")), " ")
	left := strings.Join(first, " ")
	for _, want := range []string{"ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG BỘ SỞ KHOA HỌC VÀ CÔNG NGHỆ", "ĐẠI HỘI LẦN THỨ II", "Số 01-BB/ĐH"} {
		if !strings.Contains(left, want) {
			t.Errorf("header's left block lacks %q: %q", want, left)
		}
	}
	for _, want := range []string{
		"ĐẢNG CỘNG SẢN VIỆT NAM", "Đồng Tháp, ngày", "BIÊN BẢN KIỂM PHIẾU",
		"Bầu Ban Chấp hành Đảng bộ Sở Khoa học và Công nghệ khóa II, nhiệm kỳ 2020 – 2025 (vòng 1)",
		"1. Số lượng cần bầu: Đại hội đã biểu quyết bầu 7 đồng chí.",
		"61 đồng chí", "58 đồng chí", "3 đồng chí", "58 phiếu", "56 phiếu", "2 phiếu",
		"Phiếu để lại nhiều tên hơn số lượng cần bầu:", "Phiếu có ký tên hoặc đánh dấu riêng:",
		"Huỳnh Minh Tuấn", "96,55%", "32,76%", "Trúng cử", "Không trúng cử", "Trương Văn Hải", "TRƯỞNG BAN KIỂM PHIẾU",
		"Căn cứ Điều 32, Quyết định 244-QĐ/TW", rv.Fingerprint,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("minutes sheet lacks %q", want)
		}
	}
	if strings.Contains(text, "96.55") {
		t.Error("a percentage with a decimal point")
	}
	logAll, _ := sheetText(t, x, sheets[1])
	logText := strings.Join(logAll, "\n")
	for _, want := range []string{"NHẬT KÝ NHẬP PHIẾU", "Giữ số 1–5, 7–8; gạch số 6 (Bùi Văn Nam)", "Giữ số 1–8 (không gạch tên nào)",
		"Mai Thị Hoa", "Phiếu có ký tên hoặc đánh dấu riêng (Phiếu có chữ ký)", "Tổng số phiếu đã nhập: 58, trong đó 56 hợp lệ, 2 không hợp lệ."} {
		if !strings.Contains(logText, want) {
			t.Errorf("log sheet lacks %q", want)
		}
	}

	path := filepath.Join(t.TempDir(), "bien-ban.xlsx")
	if err := os.WriteFile(path, w.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pdf := lotest.ConvertToPDF(t, path)
	if pages := lotest.PageCount(t, pdf); pages < 2 {
		t.Errorf("%d pages; the minutes and the log make at least 2", pages)
	}
	if out, ok := lotest.PDFText(t, pdf); ok {
		for _, want := range []string{"BIÊN BẢN KIỂM PHIẾU", "96,55%", "NHẬT KÝ NHẬP PHIẾU"} {
			if !strings.Contains(out, want) {
				t.Errorf("PDF lacks %q", want)
			}
		}
	}
}
