package reports

import (
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// floorSize reads a row count for the floor benchmark from the environment, so that it can be run
// with the counts of a real export: DAIHOI_FLOOR_CONGRESSES and DAIHOI_FLOOR_PERSONS.
func floorSize(b *testing.B, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			b.Fatalf("%s=%q is not a row count", name, v)
		}
		return n
	}
	return def
}

// BenchmarkStreamFloor is the floor of `daihoi export congresses`: the same number of rows and
// cells (a sheet of congresses, a sheet of elected persons, as many columns as the report's),
// written with excelize's StreamWriter and nothing else — no database, no party header, no styles,
// no text checks. The export's time over this one is what the report itself costs.
func BenchmarkStreamFloor(b *testing.B) {
	congresses := floorSize(b, "DAIHOI_FLOOR_CONGRESSES", 3000)
	persons := floorSize(b, "DAIHOI_FLOOR_PERSONS", 30000)
	texts := []string{"Đảng bộ Trường THPT Cao Lãnh số 17", "Nguyễn Văn Hùng", "14/03/1975\n(45 tuổi)", "Kinh",
		"Phật giáo Hòa Hảo", "Tháp Mười, Đồng Tháp", "Trưởng phòng Tổ chức – Hành chính", "Cử nhân Luật", "Trung cấp",
		"Ban Chấp hành", "Đã chuẩn y", "28/05/2020", "85,71%", "Tái cử"}
	row := func(cols, r int) []any {
		values := make([]any, cols)
		for i := range values {
			if i%4 == 3 {
				values[i] = r + i
			} else {
				values[i] = texts[(r+i)%len(texts)]
			}
		}
		return values
	}
	for b.Loop() {
		f := excelize.NewFile()
		if _, err := f.NewSheet("B"); err != nil {
			b.Fatal(err)
		}
		for _, s := range []struct {
			sheet      string
			rows, cols int
		}{{"Sheet1", congresses, len(congressColumns)}, {"B", persons, len(personColumns)}} {
			sw, err := f.NewStreamWriter(s.sheet)
			if err != nil {
				b.Fatal(err)
			}
			for r := 1; r <= s.rows; r++ {
				if err := sw.SetRow("A"+strconv.Itoa(r), row(s.cols, r)); err != nil {
					b.Fatal(err)
				}
			}
			if err := sw.Flush(); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := f.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
	b.ReportMetric(float64(congresses*len(congressColumns)+persons*len(personColumns)), "cells/op")
}
