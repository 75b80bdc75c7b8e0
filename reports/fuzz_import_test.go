package reports_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"daihoi/internal/congress"
	"daihoi/reports"
)

// wantImportError checks a refusal: an EINVALID error with a Vietnamese message and, for a
// refused workbook, every problem with its message. Never an internal error.
func wantImportError(t *testing.T, what string, err error) {
	t.Helper()
	if congress.ErrorCode(err) != congress.EINVALID || congress.ErrorMessage(err) == "" || congress.ErrorMessage(err) == "Lỗi hệ thống." {
		t.Fatalf("%s: not a user error: %#v", what, err)
	}
	for _, p := range reports.ImportProblems(err) {
		if p.Message == "" || !utf8.ValidString(p.String()) {
			t.Fatalf("%s: problem without a message: %+v", what, p)
		}
	}
}

// cleanText tells whether s is text the importer may hand on: valid UTF-8, no control character
// but a line break.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f {
			return false
		}
	}
	return true
}

// fuzzDeadline bounds the time one fuzzed workbook may take, under coverage instrumentation.
const fuzzDeadline = 10 * time.Second

// FuzzWorkbookImport feeds bytes to the Excel importers the pages and `daihoi import` use — the
// danh sách trích ngang and the totals of a round — and checks that each either refuses with a
// user error or returns what passes the domain's checks: persons that validate, figures that are
// whole and not negative, names that are clean text; and that an accepted list written back as a
// template reads back as the same persons.
func FuzzWorkbookImport(f *testing.F) {
	persons := []congress.Person{
		{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", Ethnicity: "Kinh", HomeTown: "Cao Lãnh, Đồng Tháp",
			Position: "Giám đốc Sở", JoinedOn: "1990-05-19", OfficialOn: "1991-05-19", Education: "12/12", Degree: "Thạc sĩ", TheoryLevel: "Cao cấp", Incumbent: true},
		{FullName: "=HYPERLINK(\"http://x\")", Gender: "female"},
	}
	f.Add(templateOf(f, persons))
	f.Add(templateOf(f, nil))
	var minutes bytes.Buffer
	if err := reports.WriteMinutes(&minutes, []reports.Minutes{seedExecutive()}); err != nil {
		f.Fatal(err)
	}
	f.Add(minutes.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		// An upload must not hold a request for long: a slow input is a finding, and a panic here
		// makes the fuzzer keep it.
		defer time.AfterFunc(fuzzDeadline, func() { panic(fmt.Sprintf("input of %d bytes took over %v", len(data), fuzzDeadline)) }).Stop()
		wb, err := reports.OpenWorkbook(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			wantImportError(t, "open", err)
			return
		}
		defer wb.Close()

		list, err := wb.ReadPersonList()
		if err != nil {
			wantImportError(t, "person list", err)
		} else {
			for _, p := range list.Rejected {
				if p.Message == "" || p.Row <= 0 && p.Sheet == "" {
					t.Fatalf("rejected row without a place or message: %+v", p)
				}
			}
			var back []congress.Person
			for _, r := range list.Rows {
				p := r.Person
				if err := p.Validate(); err != nil {
					t.Fatalf("row %d accepted but does not validate: %v (%+v)", r.Row, err, r.Person)
				}
				if p.FullName != r.Person.FullName || !cleanText(p.FullName) {
					t.Fatalf("row %d: name not clean: %q", r.Row, r.Person.FullName)
				}
				back = append(back, r.Person)
			}
			if len(back) > 0 && len(back) <= 200 {
				again, err := openBook(t, templateOf(t, back))
				if err != nil {
					t.Fatalf("written list does not open: %v", err)
				}
				list2, err := again.ReadPersonList()
				again.Close()
				if err != nil || len(list2.Rejected) > 0 {
					t.Fatalf("written list refused: %v %+v", err, list2)
				}
				samePersons(t, list2.Rows, back)
			}
		}

		totals, problems, err := wb.ReadRoundTotals("", nil)
		if err != nil {
			wantImportError(t, "totals", err)
			return
		}
		for _, p := range problems {
			if p.Message == "" {
				t.Fatalf("problem without a message: %+v", p)
			}
		}
		if totals.Issued < 0 || totals.Collected < 0 || totals.Valid < 0 || totals.Invalid < 0 {
			t.Fatalf("negative figure: %+v", totals)
		}
		for reason, n := range totals.InvalidReasons {
			if n < 0 || reason == "" {
				t.Fatalf("invalid reasons %v", totals.InvalidReasons)
			}
		}
		seen := map[string]bool{}
		for _, v := range totals.Votes {
			if v.Votes < 0 || strings.TrimSpace(v.Name) == "" || !cleanText(v.Name) || v.Row <= 0 {
				t.Fatalf("vote line %+v", v)
			}
			if seen[v.Name] {
				t.Fatalf("name twice: %q", v.Name)
			}
			seen[v.Name] = true
		}
		if s := reports.FormatTotals(totals); !utf8.ValidString(s) {
			t.Fatalf("FormatTotals: %q", s)
		}
	})
}
