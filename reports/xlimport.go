package reports

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// Workbooks sent by committees without daihoi are read here: the one-line-per-person list (danh
// sách trích ngang) and the totals of a round in the layout of the counting minutes. A workbook is
// untrusted input. OpenWorkbook checks it as a zip before excelize parses anything, and the
// readers report every rejected row with its sheet, row number and reason.
//
// Formulas are refused, not read from their cached value: the cached value is whatever the
// program that last saved the file wrote there — missing in files written by generators that
// never compute, stale or deliberately different from the formula in a doctored file — and the
// figures of a congress's record must be the ones a person typed and can see. The message tells
// the user to paste the cells as values.

// Limits of what OpenWorkbook accepts.
const (
	MaxWorkbookSize    = 200 << 20 // the .xlsx file
	maxWorkbookEntries = 2000      // zip entries (sheets, styles, images …)
	maxWorkbookEntry   = 64 << 20  // one entry, uncompressed
	maxWorkbookTotal   = 128 << 20 // every entry together, uncompressed
	// MaxImportRows is the last row read from a sheet: no committee list or minutes comes near it,
	// and a sheet with data past it is refused rather than read for minutes.
	MaxImportRows = 10000
)

// ImportProblem is a rejected row, or a problem of a whole sheet or workbook (Row 0).
type ImportProblem struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Message string `json:"message"`
}

// String writes the problem where it is: "Trang “Danh sách”, dòng 7: …".
func (p ImportProblem) String() string {
	switch {
	case p.Sheet != "" && p.Row > 0:
		return fmt.Sprintf("Trang “%s”, dòng %d: %s", p.Sheet, p.Row, p.Message)
	case p.Sheet != "":
		return fmt.Sprintf("Trang “%s”: %s", p.Sheet, p.Message)
	}
	return p.Message
}

// WorkbookError is a workbook refused as a whole, with every problem found. It unwraps to an
// EINVALID *congress.Error so that the error vocabulary applies.
type WorkbookError struct {
	Problems []ImportProblem
}

func (e *WorkbookError) Error() string {
	if len(e.Problems) == 0 {
		return "reports: workbook refused"
	}
	return "reports: workbook refused: " + e.Problems[0].String()
}

// Unwrap returns the EINVALID error the pages and commands show.
func (e *WorkbookError) Unwrap() error {
	msg := "Tệp Excel không dùng được."
	if len(e.Problems) > 0 {
		msg = "Tệp Excel không dùng được: " + e.Problems[0].String()
	}
	return &congress.Error{Code: congress.EINVALID, Message: msg}
}

// ImportProblems returns the problems of a refused workbook, or nil.
func ImportProblems(err error) []ImportProblem {
	var e *WorkbookError
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}

func refuse(sheet, format string, args ...any) error {
	return &WorkbookError{Problems: []ImportProblem{{Sheet: sheet, Message: fmt.Sprintf(format, args...)}}}
}

// Workbook is an opened, checked workbook.
type Workbook struct {
	f        *excelize.File
	sheets   []string
	formulas map[string]map[string]bool // by sheet: cells holding a formula
	date1904 bool
}

// Sheets returns the names of the worksheets in order.
func (w *Workbook) Sheets() []string { return w.sheets }

// Close releases the workbook.
func (w *Workbook) Close() error { return w.f.Close() }

// OpenWorkbook checks and opens an .xlsx workbook of size bytes. It refuses a file over
// MaxWorkbookSize, an old binary .xls or an encrypted workbook, anything that is not a zip, more
// than maxWorkbookEntries entries, entry names that climb out of the archive, entries or a whole
// that inflate past their limits (zip bombs), worksheets with content past MaxImportRows, and XML
// that does not parse. Only then does excelize read it.
func OpenWorkbook(r io.ReaderAt, size int64) (*Workbook, error) {
	if size > MaxWorkbookSize {
		return nil, refuse("", "Tệp Excel quá lớn (%s MB, tối đa %d MB).", vn.FormatInt((size+(1<<20)-1)>>20), MaxWorkbookSize>>20)
	}
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n == 8 && bytes.Equal(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, refuse("", "Tệp là bảng tính Excel 97–2003 (.xls) hoặc có đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu và lưu lại dạng .xlsx.")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, refuse("", "Tệp không phải bảng tính .xlsx đọc được (không đọc được cấu trúc zip: tệp bị cắt cụt, hỏng hoặc không phải Excel).")
	}
	if len(zr.File) > maxWorkbookEntries {
		return nil, refuse("", "Tệp Excel có %s mục bên trong, nhiều hơn mức tối đa %s: không phải bảng tính thông thường.",
			vn.FormatInt(int64(len(zr.File))), vn.FormatInt(maxWorkbookEntries))
	}
	var declared uint64
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		name := f.Name
		if strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.Contains(name, "..") || strings.IndexFunc(name, unicode.IsControl) >= 0 {
			return nil, refuse("", "Tệp Excel có mục tên %q không hợp lệ (đường dẫn ra ngoài tệp): từ chối.", cleanCell(name))
		}
		if f.UncompressedSize64 > maxWorkbookEntry {
			return nil, refuse("", "Tệp Excel có mục %q khai báo kích thước giải nén %s MB, vượt mức tối đa %d MB.",
				cleanCell(name), vn.FormatInt(int64(f.UncompressedSize64>>20)), maxWorkbookEntry>>20)
		}
		declared += f.UncompressedSize64
		entries[name] = f
	}
	if declared > maxWorkbookTotal {
		return nil, refuse("", "Tệp Excel giải nén ra %s MB, vượt mức tối đa %d MB.", vn.FormatInt(int64(declared>>20)), maxWorkbookTotal>>20)
	}
	if entries["[Content_Types].xml"] == nil || entries["xl/workbook.xml"] == nil {
		return nil, refuse("", "Tệp không phải bảng tính .xlsx (thiếu phần workbook): hãy lưu lại bằng Excel hoặc LibreOffice dạng .xlsx.")
	}
	paths, err := sheetPaths(entries)
	if err != nil {
		return nil, err
	}
	w := &Workbook{formulas: map[string]map[string]bool{}}
	byPath := map[string]string{}
	for _, sp := range paths {
		w.sheets = append(w.sheets, sp.name)
		byPath[sp.path] = sp.name
	}
	budget := int64(maxWorkbookTotal)
	for _, f := range zr.File {
		sheet, isSheet := byPath[f.Name]
		rc, err := f.Open()
		if err != nil {
			return nil, refuse("", "Tệp Excel bị hỏng: không giải nén được mục %q.", cleanCell(f.Name))
		}
		limited := &countingReader{r: rc, left: min(int64(maxWorkbookEntry), budget)}
		if isSheet {
			w.formulas[sheet], err = scanSheet(sheet, limited)
		} else {
			_, err = io.Copy(io.Discard, limited)
		}
		rc.Close()
		budget -= limited.read
		if err != nil {
			var we *WorkbookError
			if errors.As(err, &we) {
				return nil, err
			}
			if errors.Is(err, errEntryTooLarge) || errors.Is(err, zip.ErrFormat) {
				return nil, refuse(sheet, "Tệp Excel giải nén ra nhiều hơn kích thước khai báo hoặc mức tối đa (tệp nén bất thường, có thể là “bom zip”).")
			}
			return nil, refuse(sheet, "Tệp Excel bị hỏng: mục %q không đọc được (%s).", cleanCell(f.Name), shortErr(err))
		}
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxWorkbookTotal, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, refuse("", "Excel không mở được tệp (%s).", shortErr(err))
	}
	w.f = f
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		w.date1904 = *props.Date1904
	}
	return w, nil
}

// errEntryTooLarge is a zip entry that inflates past its limit.
var errEntryTooLarge = errors.New("reports: zip entry too large")

// countingReader reads at most left bytes and counts what it read.
type countingReader struct {
	r          io.Reader
	left, read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := c.r.Read(one[:]); n > 0 {
			return 0, errEntryTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	c.read += int64(n)
	return n, err
}

func shortErr(err error) string {
	s := err.Error()
	if len([]rune(s)) > 100 {
		s = string([]rune(s)[:100]) + "…"
	}
	return s
}

// sheetPath is a worksheet's name and the zip entry that holds it.
type sheetPath struct {
	name, path string
}

// sheetPaths reads the worksheet list of xl/workbook.xml and resolves each through the workbook's
// relationships to its entry.
func sheetPaths(entries map[string]*zip.File) ([]sheetPath, error) {
	read := func(name string) ([]byte, error) {
		f := entries[name]
		if f == nil {
			return nil, refuse("", "Tệp không phải bảng tính .xlsx (thiếu %s).", name)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, refuse("", "Tệp Excel bị hỏng: không giải nén được %s.", name)
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 16<<20))
		if err != nil {
			return nil, refuse("", "Tệp Excel bị hỏng: không đọc được %s.", name)
		}
		return b, nil
	}
	wb, err := read("xl/workbook.xml")
	if err != nil {
		return nil, err
	}
	rels, err := read("xl/_rels/workbook.xml.rels")
	if err != nil {
		return nil, err
	}
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var links struct {
		List []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(wb, &book); err != nil {
		return nil, refuse("", "Tệp Excel bị hỏng: danh sách trang tính không đọc được.")
	}
	if err := xml.Unmarshal(rels, &links); err != nil {
		return nil, refuse("", "Tệp Excel bị hỏng: liên kết trang tính không đọc được.")
	}
	targets := map[string]string{}
	for _, l := range links.List {
		t := l.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[l.ID] = t
	}
	var out []sheetPath
	for _, s := range book.Sheets {
		if p, ok := targets[s.ID]; ok && entries[p] != nil {
			out = append(out, sheetPath{name: s.Name, path: p})
		}
	}
	if len(out) == 0 {
		return nil, refuse("", "Tệp Excel không có trang tính nào.")
	}
	return out, nil
}

// scanSheet reads a worksheet's XML as a stream, before excelize does: it refuses a sheet with
// content past MaxImportRows (reading stops there, so a million-row sheet costs ten thousand rows)
// and XML that does not parse, and it returns the cells that hold a formula.
func scanSheet(sheet string, r io.Reader) (map[string]bool, error) {
	dec := xml.NewDecoder(r)
	formulas := map[string]bool{}
	row, col := 0, 0
	cell := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return formulas, nil
		}
		if err != nil {
			if errors.Is(err, errEntryTooLarge) || errors.Is(err, zip.ErrFormat) {
				return nil, err
			}
			return nil, refuse(sheet, "Trang tính bị hỏng: XML không đọc được (%s).", shortErr(err))
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row++
			col = 0
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					if n, err := strconv.Atoi(a.Value); err == nil {
						row = n
					}
				}
			}
		case "c":
			col++
			cell = ""
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					cell = a.Value
					if c, _, err := excelize.CellNameToCoordinates(a.Value); err == nil {
						col = c
					}
				}
			}
			if cell == "" {
				cell, _ = excelize.CoordinatesToCellName(max(col, 1), max(row, 1))
			}
		case "v", "is", "f":
			if row > MaxImportRows {
				return nil, refuse(sheet, "Trang tính có dữ liệu đến dòng %s, quá mức tối đa %s dòng; daihoi dừng đọc ở dòng %s. Hãy xóa các dòng thừa hoặc tách tệp.",
					vn.FormatInt(int64(row)), vn.FormatInt(MaxImportRows), vn.FormatInt(MaxImportRows))
			}
			if se.Name.Local == "f" && cell != "" {
				formulas[cell] = true
			}
		}
	}
}

// readRows reads the rows of a sheet, up to MaxImportRows, as raw cell values (dates as serial
// numbers, numbers unformatted).
func (w *Workbook) readRows(sheet string) ([][]string, error) {
	rows, err := w.f.Rows(sheet)
	if err != nil {
		return nil, refuse(sheet, "Không đọc được trang tính (%s).", shortErr(err))
	}
	defer rows.Close()
	var out [][]string
	for n := 1; rows.Next() && n <= MaxImportRows; n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, refuse(sheet, "Không đọc được dòng %d (%s).", n, shortErr(err))
		}
		out = append(out, cells)
	}
	return out, nil
}

// at returns the cell of a row at 0-based column c, or "".
func at(row []string, c int) string {
	if c < 0 || c >= len(row) {
		return ""
	}
	return row[c]
}

// cellRef names a cell: column c (0-based) of row r (1-based), "C7".
func cellRef(c, r int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r)
	return name
}

// checkCell returns why the text of a cell cannot be imported, or "": a formula (see the package
// comment) or a control character other than the line breaks and tabs of a wrapped cell.
func (w *Workbook) checkCell(sheet string, c, r int, text string) string {
	ref := cellRef(c, r)
	if w.formulas[sheet][ref] {
		return fmt.Sprintf("ô %s chứa công thức; daihoi không đọc giá trị tính sẵn của công thức — hãy sao chép và dán giá trị (Paste Special → Values) rồi gửi lại", ref)
	}
	for _, ch := range text {
		if ch == '\n' || ch == '\r' || ch == '\t' {
			continue
		}
		if unicode.IsControl(ch) || ch == '\u2028' || ch == '\u2029' {
			return fmt.Sprintf("ô %s có ký tự điều khiển U+%04X", ref, ch)
		}
		if ch == '\uFFFD' {
			return fmt.Sprintf("ô %s có ký tự hỏng (U+FFFD): văn bản bị mất chữ khi chép hoặc chuyển mã", ref)
		}
	}
	return ""
}

// cleanCell turns cell text into one line: line breaks and runs of spaces become one space. The
// apostrophe SafeText puts before text that begins like a formula is taken off again.
func cleanCell(s string) string {
	s = congress.CleanText(strings.ToValidUTF8(s, ""))
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		s = s[1:]
	}
	return s
}

// titleKey is a heading or label as compared: folded (no accents, lower case), punctuation as
// spaces, runs of spaces as one.
func titleKey(s string) string {
	return strings.Join(strings.FieldsFunc(vn.Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
