package reports

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// PersonRow is one accepted row of a committee list: the person and where it was read.
type PersonRow struct {
	Sheet  string
	Row    int
	Person congress.Person
}

// PersonList is what ReadPersonList found in a workbook.
type PersonList struct {
	Sheet     string
	HeaderRow int
	// Columns are the recognised columns, by their heading in the file.
	Columns []string
	Rows    []PersonRow
	// Rejected are the rows that cannot be imported, each with its reason.
	Rejected []ImportProblem
}

// field is what a column of a committee list holds.
type field int

const (
	fieldUnknown field = iota
	fieldIgnored       // recognised and deliberately not read: age, votes, percentage, offices, notes
	fieldNumber        // STT
	fieldName
	fieldBirth
	fieldBirthMale // "Ngày sinh" split into "Nam" and "Nữ": the date under the person's gender
	fieldBirthFemale
	fieldGender
	fieldEthnicity
	fieldReligion
	fieldHomeTown
	fieldPosition
	fieldJoined
	fieldOfficial
	fieldEducation
	fieldDegree
	fieldTheory
	fieldIncumbent
)

// fieldLabels name the fields in messages.
var fieldLabels = map[field]string{
	fieldName: "Họ và tên", fieldBirth: "Ngày sinh", fieldBirthMale: "Ngày sinh (Nam)", fieldBirthFemale: "Ngày sinh (Nữ)",
	fieldGender: "Giới tính", fieldEthnicity: "Dân tộc", fieldReligion: "Tôn giáo", fieldHomeTown: "Quê quán",
	fieldPosition: "Chức vụ", fieldJoined: "Ngày vào Đảng", fieldOfficial: "Ngày chính thức", fieldEducation: "Giáo dục phổ thông",
	fieldDegree: "Chuyên môn", fieldTheory: "Lý luận chính trị", fieldIncumbent: "Tái cử", fieldNumber: "STT",
}

// headingField recognises a column heading, alone or under a group heading ("Ngày vào Đảng" over
// "Dự bị" and "Chính thức"; "Trình độ" over "GDPT", "Chuyên môn", "LLCT"; "Ngày sinh" over "Nam"
// and "Nữ"), so that the list daihoi exports, the template and the usual hand-made forms are all
// read. Headings are compared folded: case, accents and punctuation do not matter.
func headingField(group, title string) field {
	t, g := titleKey(title), titleKey(group)
	if t == "" {
		return fieldUnknown
	}
	in := func(s string, list ...string) bool {
		for _, x := range list {
			if s == x {
				return true
			}
		}
		return false
	}
	birthGroup := in(g, "ngay sinh", "ngay thang nam sinh", "nam sinh", "sinh ngay", "ngay thang sinh")
	joinGroup := strings.HasPrefix(g, "ngay vao dang") || in(g, "vao dang", "ngay ket nap")
	levelGroup := strings.HasPrefix(g, "trinh do")
	switch {
	case birthGroup && in(t, "nam"):
		return fieldBirthMale
	case birthGroup && in(t, "nu"):
		return fieldBirthFemale
	case joinGroup && in(t, "du bi", "ket nap", "vao dang", "ngay vao dang"):
		return fieldJoined
	case joinGroup && in(t, "chinh thuc", "ngay chinh thuc"):
		return fieldOfficial
	case levelGroup && in(t, "gdpt", "giao duc pho thong", "van hoa", "hoc van", "pho thong"):
		return fieldEducation
	case levelGroup && (strings.HasPrefix(t, "chuyen mon") || in(t, "hoc ham hoc vi", "hoc vi")):
		return fieldDegree
	case levelGroup && in(t, "llct", "ly luan chinh tri", "ly luan", "chinh tri"):
		return fieldTheory
	case in(t, "stt", "tt", "so tt", "so thu tu"):
		return fieldNumber
	case in(t, "ho va ten", "ho ten", "ho va ten khai sinh", "ho ten khai sinh", "ho va ten dang vien"):
		return fieldName
	case strings.HasPrefix(t, "ngay sinh") || strings.HasPrefix(t, "ngay thang nam sinh") || in(t, "sinh ngay", "ngay thang sinh", "nam sinh"):
		return fieldBirth
	case in(t, "gioi tinh", "gioi", "nam nu", "nam hay nu"):
		return fieldGender
	case in(t, "dan toc"):
		return fieldEthnicity
	case in(t, "ton giao"):
		return fieldReligion
	case in(t, "que quan", "nguyen quan", "que"):
		return fieldHomeTown
	case strings.HasPrefix(t, "tai cu") || strings.HasPrefix(t, "lan dau hay tai cu") || strings.HasPrefix(t, "cap uy khoa truoc"):
		return fieldIncumbent
	case strings.Contains(t, "bau") || strings.Contains(t, "trung cu") || strings.Contains(t, "cap uy"):
		return fieldIgnored // the offices the elections gave: read from the rounds, not typed
	case strings.Contains(t, "chuc vu") || in(t, "noi cong tac", "don vi cong tac"):
		return fieldPosition
	case in(t, "tuoi", "so phieu", "ty le", "ti le", "ket qua", "ghi chu", "so phieu bau", "ty le phieu", "chuc danh"):
		return fieldIgnored
	case strings.HasPrefix(t, "ngay vao dang") && strings.Contains(t, "chinh thuc"):
		return fieldOfficial
	case in(t, "ngay vao dang", "vao dang", "ngay ket nap", "ngay ket nap dang", "ngay vao dang du bi"):
		return fieldJoined
	case in(t, "ngay chinh thuc", "chinh thuc", "ngay dang vien chinh thuc", "ngay cong nhan chinh thuc"):
		return fieldOfficial
	case in(t, "giao duc pho thong", "gdpt", "hoc van", "van hoa", "trinh do van hoa", "trinh do hoc van",
		"trinh do giao duc pho thong"):
		return fieldEducation
	case strings.HasPrefix(t, "chuyen mon") || strings.HasPrefix(t, "trinh do chuyen mon") || in(t, "hoc ham hoc vi", "hoc vi"):
		return fieldDegree
	case in(t, "ly luan chinh tri", "llct", "trinh do ly luan chinh tri", "trinh do llct"):
		return fieldTheory
	}
	return fieldUnknown
}

// headerScanRows is how far down a sheet the heading row is looked for: the party header and the
// title take a dozen rows.
const headerScanRows = 40

// header is a sheet's recognised heading: the row it ends on and each column's field.
type header struct {
	row    int // 1-based, the last heading row
	fields map[int]field
	titles map[int]string
}

// score is the number of data columns recognised.
func (h header) score() int {
	n := 0
	for _, f := range h.fields {
		if f != fieldIgnored && f != fieldNumber && f != fieldUnknown {
			n++
		}
	}
	return n
}

func (h header) has(f field) bool {
	for _, x := range h.fields {
		if x == f {
			return true
		}
	}
	return false
}

// headerAt reads row r (0-based) as the last heading row, with the row above as its group row.
func headerAt(rows [][]string, r int) header {
	h := header{row: r + 1, fields: map[int]field{}, titles: map[int]string{}}
	width := len(rows[r])
	if r > 0 {
		width = max(width, len(rows[r-1]))
	}
	group := ""
	for c := 0; c < width; c++ {
		title := cleanCell(at(rows[r], c))
		up := ""
		if r > 0 {
			up = cleanCell(at(rows[r-1], c))
			if up != "" {
				group = up
			}
		}
		f := fieldUnknown
		if title != "" {
			f = headingField(group, title)
			if f == fieldUnknown && up != "" {
				f = headingField("", up+" "+title)
			}
		} else if up != "" {
			// A heading merged down over both rows sits in the upper one.
			f, title = headingField("", up), up
		}
		if f != fieldUnknown {
			h.fields[c], h.titles[c] = f, title
		}
	}
	return h
}

// findHeader looks for the heading of a committee list in the first rows: the first row with a
// name column and at least three other data columns; the row under it when that one, read as the
// lower row of a two-row heading, recognises more.
func findHeader(rows [][]string) (header, bool) {
	for r := 0; r < len(rows) && r < headerScanRows; r++ {
		h := headerAt(rows, r)
		if !h.has(fieldName) || h.score() < 4 {
			continue
		}
		if r+1 < len(rows) {
			if next := headerAt(rows, r+1); next.has(fieldName) && next.score() > h.score() {
				return next, true
			}
		}
		return h, true
	}
	return header{}, false
}

var (
	numberCell  = regexp.MustCompile(`^\(?\d{1,5}\)?\.?$`)
	dashedDate  = regexp.MustCompile(`^\d{1,2}[.\-]\d{1,2}[.\-]\d{4}$`)
	footerWords = []string{"noi nhan", "nguoi lap", "t m ", "tm ", "xac nhan", "danh sach co", "danh sach nay", "tong so", "tong cong"}
)

// ReadPersonList reads the first sheet that holds a committee list (danh sách trích ngang): its
// heading is found by the column titles (see headingField), then every row under it is read into
// a congress.Person and checked with Person.Validate. Rows that cannot be imported are returned in
// Rejected with their sheet, row and reason, every one of them; numbering rows under the heading,
// section titles and the footer (from "Nơi nhận", "T/M …") are skipped. Votes, percentages and
// offices are not read: they come from the elections. A workbook with no such sheet is a
// *WorkbookError.
func (w *Workbook) ReadPersonList() (*PersonList, error) {
	var problems []ImportProblem
	for _, sheet := range w.sheets {
		rows, err := w.readRows(sheet)
		if err != nil {
			return nil, err
		}
		h, ok := findHeader(rows)
		if !ok {
			continue
		}
		list := &PersonList{Sheet: sheet, HeaderRow: h.row}
		for c := 0; c < 200; c++ {
			if f, ok := h.fields[c]; ok && f != fieldIgnored && f != fieldNumber {
				list.Columns = append(list.Columns, h.titles[c])
			}
		}
		w.readPersons(sheet, rows, h, list)
		return list, nil
	}
	problems = append(problems, ImportProblem{Message: "Không tìm thấy danh sách trích ngang: không trang tính nào có dòng tiêu đề với cột “Họ và tên” và ít nhất ba cột như “Ngày sinh”, “Giới tính”, “Quê quán”, “Chức vụ”, “Ngày vào Đảng”. Hãy dùng tệp mẫu của daihoi."})
	return nil, &WorkbookError{Problems: problems}
}

func (w *Workbook) readPersons(sheet string, rows [][]string, h header, list *PersonList) {
	numberCol := -1
	for c, f := range h.fields {
		if f == fieldNumber {
			numberCol = c
		}
	}
	seen := map[string]int{}
	for r := h.row; r < len(rows); r++ {
		row, rowNo := rows[r], r+1
		name := cleanCell(at(row, colOf(h, fieldName)))
		number := cleanCell(at(row, numberCol))
		empty := true
		for c := range h.fields {
			if strings.TrimSpace(at(row, c)) != "" {
				empty = false
			}
		}
		filled, footer := 0, false
		for c := range h.fields {
			if text := cleanCell(at(row, c)); text != "" && c != numberCol {
				filled++
				footer = footer || isFooter(text)
			}
		}
		switch {
		case empty || filled == 0:
			continue // an empty line, or an empty numbered line of the template
		case r == h.row && numberCell.MatchString(name):
			continue // the row of column numbers "(1) (2) (3)" under the heading
		case isFooter(name) || isFooter(number) || (name == "" && footer):
			return // "Nơi nhận", "T/M BAN CHẤP HÀNH": the signature and what follows
		case numberCol >= 0 && number != "" && !numberCell.MatchString(number):
			continue // a section title ("I. Ban Chấp hành") or a closing line in the STT column
		case name == "" && !numberCell.MatchString(number) && (numberCol >= 0 || filled < 2):
			continue // a note or a signature line, not a person
		}
		p, reasons := w.parsePerson(sheet, rowNo, row, h)
		if len(reasons) == 0 {
			key := strings.ToLower(p.FullName) + "|" + p.BirthDate
			if first, dup := seen[key]; dup {
				reasons = append(reasons, fmt.Sprintf("trùng họ tên và ngày sinh với dòng %d", first))
			} else {
				seen[key] = rowNo
			}
		}
		if len(reasons) > 0 {
			list.Rejected = append(list.Rejected, ImportProblem{Sheet: sheet, Row: rowNo, Message: rowMessage(name, reasons)})
			continue
		}
		list.Rows = append(list.Rows, PersonRow{Sheet: sheet, Row: rowNo, Person: p})
	}
}

// rowMessage writes a rejected row's reasons, naming the person when the name was read.
func rowMessage(name string, reasons []string) string {
	msg := strings.Join(reasons, "; ") + "."
	if name != "" {
		msg = name + ": " + msg
	}
	return capitalize(msg)
}

func isFooter(s string) bool {
	k := titleKey(s) + " "
	for _, w := range footerWords {
		if strings.HasPrefix(k, w) {
			return true
		}
	}
	return false
}

func colOf(h header, f field) int {
	for c, x := range h.fields {
		if x == f {
			return c
		}
	}
	return -1
}

// parsePerson reads one row into a person, with every reason it cannot be imported.
func (w *Workbook) parsePerson(sheet string, rowNo int, row []string, h header) (congress.Person, []string) {
	var p congress.Person
	var reasons []string
	var maleBirth, femaleBirth string
	cols := make([]int, 0, len(h.fields))
	for c := range h.fields {
		cols = append(cols, c)
	}
	sort.Ints(cols)
	for _, c := range cols {
		f := h.fields[c]
		if f == fieldIgnored || f == fieldNumber {
			continue
		}
		raw := at(row, c)
		if msg := w.checkCell(sheet, c, rowNo, raw); msg != "" {
			reasons = append(reasons, msg)
			continue
		}
		text := cleanCell(raw)
		label := fieldLabels[f]
		switch f {
		case fieldName:
			p.FullName = text
		case fieldBirth, fieldBirthMale, fieldBirthFemale, fieldJoined, fieldOfficial:
			iso, msg := w.parseDate(label, raw)
			if msg != "" {
				reasons = append(reasons, fmt.Sprintf("ô %s: %s", cellRef(c, rowNo), msg))
				continue
			}
			switch f {
			case fieldBirth:
				p.BirthDate = iso
			case fieldBirthMale:
				maleBirth = iso
			case fieldBirthFemale:
				femaleBirth = iso
			case fieldJoined:
				p.JoinedOn = iso
			case fieldOfficial:
				p.OfficialOn = iso
			}
		case fieldGender:
			switch titleKey(text) {
			case "":
			case "nam", "male", "m":
				p.Gender = "male"
			case "nu", "female", "f":
				p.Gender = "female"
			default:
				reasons = append(reasons, fmt.Sprintf("ô %s: giới tính “%s” không hiểu được (ghi Nam hoặc Nữ)", cellRef(c, rowNo), shortText(text)))
			}
		case fieldIncumbent:
			if text == "✓" || text == "✔" {
				p.Incumbent = true
				continue
			}
			switch titleKey(text) {
			case "x", "co", "tai cu", "1", "true", "v", "dung":
				p.Incumbent = true
			case "", "lan dau", "khong", "0", "false", "moi", "tham gia lan dau":
			default:
				reasons = append(reasons, fmt.Sprintf("ô %s: cột tái cử ghi “%s”; ghi x (tái cử) hoặc để trống (lần đầu)", cellRef(c, rowNo), shortText(text)))
			}
		case fieldEthnicity:
			p.Ethnicity = text
		case fieldReligion:
			p.Religion = text
		case fieldHomeTown:
			p.HomeTown = text
		case fieldPosition:
			p.Position = text
		case fieldEducation:
			p.Education = w.education(raw, text)
		case fieldDegree:
			p.Degree = text
		case fieldTheory:
			p.TheoryLevel = text
		}
	}
	switch {
	case maleBirth != "" && femaleBirth != "":
		reasons = append(reasons, "ghi ngày sinh ở cả cột Nam và cột Nữ")
	case maleBirth != "":
		p.BirthDate, p.Gender = maleBirth, "male"
	case femaleBirth != "":
		p.BirthDate, p.Gender = femaleBirth, "female"
	}
	if strings.TrimSpace(at(row, colOf(h, fieldName))) == "" {
		reasons = append(reasons, "thiếu họ và tên")
	}
	if len(reasons) > 0 {
		return p, reasons
	}
	if err := p.Validate(); err != nil {
		fields := congress.ErrorFields(err)
		if len(fields) == 0 {
			reasons = append(reasons, lowerFirst(congress.ErrorMessage(err)))
		}
		for _, k := range []string{"full_name", "gender", "birth_date", "joined_on", "official_on", "ethnicity", "religion",
			"home_town", "position", "education", "degree", "theory_level"} {
			if m, ok := fields[k]; ok {
				reasons = append(reasons, lowerFirst(strings.TrimSuffix(m, ".")))
			}
		}
	}
	return p, reasons
}

// parseDate reads a date cell: an Excel date serial (what a date-formatted cell holds) or text in
// dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy and ISO yyyy-mm-dd). A year alone is refused:
// a profile date is a full date.
func (w *Workbook) parseDate(label, raw string) (string, string) {
	s := strings.TrimSpace(raw)
	// daihoi's own list writes the age under the date: "12/03/1968\n(52 tuổi)".
	if i := strings.IndexAny(s, "\n("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if s == "" {
		return "", ""
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f == float64(int(f)) && f >= 1900 && f <= 2100 {
			return "", fmt.Sprintf("%s chỉ ghi năm %s; cần ghi đủ ngày/tháng/năm (dd/mm/yyyy)", label, s)
		}
		if f < 1 || f > 2958465 {
			return "", fmt.Sprintf("%s “%s” không phải ngày hợp lệ (ghi dd/mm/yyyy, ví dụ 28/05/1968)", label, shortText(s))
		}
		t, err := excelize.ExcelDateToTime(f, w.date1904)
		if err != nil || t.Year() < 1900 || t.Year() > 2100 {
			return "", fmt.Sprintf("%s “%s” không phải ngày hợp lệ (ghi dd/mm/yyyy, ví dụ 28/05/1968)", label, shortText(s))
		}
		return t.Format(time.DateOnly), ""
	}
	if dashedDate.MatchString(s) {
		s = strings.NewReplacer(".", "/", "-", "/").Replace(s)
	}
	iso, ok := vn.ParseDate(s)
	if !ok {
		return "", fmt.Sprintf("%s “%s” không phải ngày hợp lệ (ghi dd/mm/yyyy, ví dụ 28/05/1968)", label, shortText(s))
	}
	return iso, ""
}

// education reads the general education level ("12/12"). Typed into a cell of the General format,
// Excel turns "12/12" into the date 12 December: a date serial here is read back as day/month.
func (w *Workbook) education(raw, text string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || f < 367 || f != float64(int(f)) {
		return text
	}
	t, err := excelize.ExcelDateToTime(f, w.date1904)
	if err != nil {
		return text
	}
	return fmt.Sprintf("%d/%d", t.Day(), int(t.Month()))
}

// shortText cuts a cell's text for quoting in a message.
func shortText(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// lowerFirst lowers the first letter of a message used inside a sentence.
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
