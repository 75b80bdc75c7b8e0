package reports_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"daihoi/reports"
)

// reviewData is a small review: two years, a target and its sub-target, a subject that looks
// like a formula.
func reviewData() reports.TargetReviewData {
	return reports.TargetReviewData{
		Header: reports.DocHeader{Superior: "Đảng bộ Khối các cơ quan tỉnh", Issuer: "Đảng ủy Sở Khoa học và Công nghệ",
			Number: "Số …-BC/ĐU", Place: "Đồng Tháp", Date: time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC),
			Subtitle: "Đại hội Đảng bộ Sở Khoa học và Công nghệ lần thứ II, nhiệm kỳ 2020 – 2025"},
		Years: []int{2020, 2021},
		Targets: []reports.TargetReviewRow{
			{Number: "1", Sentence: "95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% xuất sắc.", Subject: "Đảng viên hoàn thành tốt nhiệm vụ trở lên",
				Requirement: "từ 95% trở lên, hằng năm", Result: "96,67% (năm 2021)", Verdict: "Vượt",
				Years: []reports.TargetReviewYear{{Value: "96,67%", Detail: "58/60", Verdict: "Vượt"}, {Value: "96,67%", Detail: "58/60", Verdict: "Vượt"}}},
			{Number: "1.1", Sentence: "95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% xuất sắc.", Subject: "=HYPERLINK(\"x\")", Sub: true,
				Requirement: "từ 10% trở lên, hằng năm", Result: "8,62% (năm 2021)", Verdict: "Không đạt",
				Years: []reports.TargetReviewYear{{Value: "13,79%", Detail: "8/58", Verdict: "Vượt"}, {Value: "", Verdict: "–"}}},
		},
		Headline: "1/2 chỉ tiêu đạt và vượt (trong đó 1 chỉ tiêu vượt); 1 chỉ tiêu không đạt",
		Notes:    []string{"Số liệu tính đến năm 2021."},
		SignFor:  "T/M Đảng ủy", SignTitle: "Bí thư",
	}
}

func TestWriteTargetReview(t *testing.T) {
	var buf bytes.Buffer
	if err := reports.WriteTargetReview(&buf, reviewData()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	var sub []string
	for _, r := range rows {
		text = append(text, strings.Join(r, "|"))
		if len(r) > 0 && r[0] == "1.1" {
			sub = r
		}
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY SỞ KHOA HỌC VÀ CÔNG NGHỆ",
		"Đồng Tháp, ngày 03 tháng 02 năm 2025", "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NGHỊ QUYẾT ĐẠI HỘI",
		"STT|Chỉ tiêu|Nghị quyết đề ra|Năm 2020|Năm 2021|Kết quả nhiệm kỳ|Đánh giá",
		"Nghị quyết: “95% đảng viên hoàn thành tốt nhiệm vụ, trong đó ít nhất 10% xuất sắc.”",
		"96,67%\n58/60\nVượt", "Tổng hợp: 1/2 chỉ tiêu đạt và vượt (trong đó 1 chỉ tiêu vượt); 1 chỉ tiêu không đạt.",
		"T/M ĐẢNG ỦY", "BÍ THƯ", "(Ký, ghi rõ họ tên)"} {
		if !strings.Contains(all, want) {
			t.Fatalf("workbook lacks %q:\n%s", want, all)
		}
	}
	// The sentence is printed once for the two targets it gives.
	if n := strings.Count(all, "Nghị quyết: “"); n != 1 {
		t.Fatalf("sentence printed %d times", n)
	}
	if len(sub) != 7 || sub[1] != `'=HYPERLINK("x")` || sub[4] != "–" || sub[6] != "Không đạt" {
		t.Fatalf("sub-target row %q", sub)
	}
	formula, err := f.GetCellFormula(sheet, "B1")
	if err != nil || formula != "" {
		t.Fatalf("formula %q %v", formula, err)
	}
	// A short term gives the target column the width the years leave.
	if w, _ := f.GetColWidth(sheet, "B"); w < 60 {
		t.Fatalf("column B is %v wide", w)
	}
}

func TestWriteTargetReviewRefuses(t *testing.T) {
	d := reviewData()
	d.Targets[0].Years = d.Targets[0].Years[:1]
	if err := reports.WriteTargetReview(&bytes.Buffer{}, d); err == nil {
		t.Fatal("a target with fewer years than the review was written")
	}
	d = reviewData()
	d.Years = make([]int, 11)
	if err := reports.WriteTargetReview(&bytes.Buffer{}, d); err == nil {
		t.Fatal("eleven year columns were written")
	}
	d = reports.TargetReviewData{Header: reviewData().Header, Years: []int{2020}}
	var buf bytes.Buffer
	if err := reports.WriteTargetReview(&buf, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(f.GetSheetList()[0])
	if !strings.Contains(strings.Join(rows[len(rows)-1], ""), "chưa có chỉ tiêu") && !strings.Contains(fmtRows(rows), "Nghị quyết chưa có chỉ tiêu nào.") {
		t.Fatal("an empty review does not say so")
	}
}

func fmtRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, "|") + "\n")
	}
	return b.String()
}
