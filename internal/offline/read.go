package offline

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"reflect"
	"strings"
	"unicode/utf8"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// Problem is one thing wrong with a package, in Vietnamese, with the part it was found in.
type Problem struct {
	Part    string `json:"part"` // "" for the file as a whole
	Message string `json:"message"`
}

// String writes the problem with its part: "Phần rounds.json: …".
func (p Problem) String() string {
	if p.Part == "" {
		return p.Message
	}
	return "Phần " + p.Part + ": " + p.Message
}

// Error is a package refused, with every problem found. It unwraps to an EINVALID *congress.Error
// whose message is the first problem, so the error vocabulary applies.
type Error struct {
	Problems []Problem
}

func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		return "offline: package refused"
	}
	return "offline: package refused: " + e.Problems[0].String()
}

// Unwrap returns the EINVALID error the server and the commands show.
func (e *Error) Unwrap() error {
	msg := "Gói hồ sơ không hợp lệ."
	if len(e.Problems) == 1 {
		msg = "Gói hồ sơ không hợp lệ: " + e.Problems[0].String()
	} else if len(e.Problems) > 1 {
		msg = fmt.Sprintf("Gói hồ sơ không hợp lệ: %d lỗi, đầu tiên: %s", len(e.Problems), e.Problems[0].String())
	}
	return &congress.Error{Code: congress.EINVALID, Message: msg}
}

// Problems returns the problems of a refused package, or nil when err is not an *Error.
func Problems(err error) []Problem {
	var e *Error
	if errors.As(err, &e) {
		return e.Problems
	}
	return nil
}

// maxProblems bounds the list of problems reported: a hostile file must not produce a report
// larger than itself.
const maxProblems = 200

// problems collects the problems of one read.
type problems struct {
	list []Problem
}

func (ps *problems) add(part, format string, args ...any) {
	if len(ps.list) == maxProblems {
		ps.list = append(ps.list, Problem{Message: "Còn nhiều lỗi khác; chỉ liệt kê 200 lỗi đầu tiên."})
	}
	if len(ps.list) > maxProblems {
		return
	}
	ps.list = append(ps.list, Problem{Part: part, Message: fmt.Sprintf(format, args...)})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &Error{Problems: ps.list}
}

// ReadFile reads and checks the package file at path (see Read).
func ReadFile(path string) (*Package, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{Problems: []Problem{{Message: fmt.Sprintf("Không mở được tệp gói: %v.", err)}}}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, &Error{Problems: []Problem{{Message: fmt.Sprintf("Không đọc được tệp gói: %v.", err)}}}
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Problems: []Problem{{Message: "Đường dẫn không phải là một tệp gói."}}}
	}
	return Read(f, st.Size())
}

// Read reads a package of size bytes from r and checks it as a file: its size, the zip structure,
// the entry names, the sizes each part inflates to, the manifest's format and version, the SHA-256
// of every part against the manifest, the content digest, the JSON of every part (strictly: no
// unknown field, no wrong type, nothing after the value) and the text in it (UTF-8, no control
// characters). Any problem refuses the whole package: the error is an *Error listing every problem
// found. The meaning of the content (figures, fingerprints, references) is the importer's to check.
func Read(r io.ReaderAt, size int64) (*Package, error) {
	ps := &problems{}
	if size > MaxFileSize {
		ps.add("", "Tệp gói quá lớn (%s MB, tối đa %d MB).", vn.FormatInt((size+(1<<20)-1)>>20), MaxFileSize>>20)
		return nil, ps.err()
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		ps.add("", "Tệp không phải gói hồ sơ daihoi hợp lệ: không đọc được cấu trúc zip (tệp bị cắt cụt, bị hỏng hoặc không phải tệp .daihoi).")
		return nil, ps.err()
	}
	if len(zr.File) > MaxEntries {
		ps.add("", "Tệp gói có %d mục, nhiều hơn mức tối đa %d: không phải gói do daihoi tạo.", len(zr.File), MaxEntries)
		return nil, ps.err()
	}
	known := map[string]bool{PartManifest: true}
	for _, n := range Parts {
		known[n] = true
	}
	entries := map[string]*zip.File{}
	var declared uint64
	for _, f := range zr.File {
		name := f.Name
		switch {
		case !utf8.ValidString(name) || strings.ContainsAny(name, "/\\:") || strings.Contains(name, "..") ||
			strings.IndexFunc(name, isControl) >= 0:
			ps.add("", "Tên mục %q trong tệp gói không hợp lệ (đường dẫn thư mục, “..” hoặc ký tự lạ): từ chối vì có thể ghi ra ngoài thư mục.", safeName(name))
			continue
		case !known[name]:
			ps.add("", "Tệp gói có phần lạ %q không thuộc định dạng %s phiên bản %d.", safeName(name), FormatName, FormatVersion)
			continue
		case entries[name] != nil:
			ps.add(name, "phần này xuất hiện hai lần trong tệp gói.")
			continue
		case f.Flags&0x1 != 0:
			ps.add(name, "phần này được mã hóa; gói daihoi không mã hóa.")
			continue
		case f.Method != zip.Store && f.Method != zip.Deflate:
			ps.add(name, "phần này dùng kiểu nén %d không được hỗ trợ.", f.Method)
			continue
		case f.UncompressedSize64 > MaxPartSize:
			ps.add(name, "phần này khai báo kích thước giải nén %s MB, vượt mức tối đa %d MB.", vn.FormatInt(int64(f.UncompressedSize64>>20)), MaxPartSize>>20)
			continue
		}
		declared += f.UncompressedSize64
		entries[name] = f
	}
	if declared > MaxTotalSize {
		ps.add("", "Tổng kích thước giải nén khai báo của gói (%s MB) vượt mức tối đa %d MB.", vn.FormatInt(int64(declared>>20)), MaxTotalSize>>20)
	}
	var missing []string
	for _, n := range append([]string{PartManifest}, Parts...) {
		if entries[n] == nil && !hasProblem(ps, n) {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		ps.add("", "Tệp gói thiếu phần: %s.", strings.Join(missing, ", "))
	}
	if len(ps.list) > 0 {
		return nil, ps.err()
	}

	budget := int64(MaxTotalSize)
	read := func(name string) ([]byte, bool) {
		data, err := readEntry(entries[name], &budget)
		if err != nil {
			ps.add(name, "%s", err.Error())
			return nil, false
		}
		return data, true
	}
	p := &Package{}
	manifest, ok := read(PartManifest)
	if !ok {
		return nil, ps.err()
	}
	if !decodeStrict(ps, PartManifest, manifest, &p.Manifest) {
		return nil, ps.err()
	}
	m := p.Manifest
	if m.Format != FormatName {
		ps.add(PartManifest, "định dạng %q không phải gói hồ sơ daihoi (%s).", safeName(m.Format), FormatName)
		return nil, ps.err()
	}
	if m.Version != FormatVersion {
		ps.add(PartManifest, "gói có phiên bản định dạng %d; bản daihoi này đọc phiên bản %d. Hãy cập nhật daihoi hoặc xuất lại gói.", m.Version, FormatVersion)
		return nil, ps.err()
	}
	listed := map[string]PartHash{}
	for _, ph := range m.Parts {
		if !known[ph.Name] || ph.Name == PartManifest {
			ps.add(PartManifest, "liệt kê phần lạ %q.", safeName(ph.Name))
			continue
		}
		if _, dup := listed[ph.Name]; dup {
			ps.add(PartManifest, "liệt kê phần %s hai lần.", ph.Name)
		}
		listed[ph.Name] = ph
	}
	for _, n := range Parts {
		if _, ok := listed[n]; !ok {
			ps.add(PartManifest, "không ghi mã băm của phần %s.", n)
		}
	}
	if d := ContentDigest(m.Parts); d != m.ContentSHA256 {
		ps.add(PartManifest, "mã nội dung ghi %s nhưng tính lại từ mã băm các phần được %s.", short(m.ContentSHA256), short(d))
	}
	targets := map[string]any{
		PartOrganization: &p.Organization, PartCongress: &p.Congress, PartPersons: &p.Persons,
		PartElections: &p.Elections, PartRounds: &p.Rounds, PartBallots: &p.Ballots, PartDocuments: &p.Documents,
		PartCommittee: &p.Committee, PartDelegates: &p.Delegates, PartResolution: &p.Resolution,
		PartTargets: &p.Targets, PartReviews: &p.Reviews, PartRatings: &p.Ratings, PartAudit: &p.Audit,
	}
	for _, name := range Parts {
		data, ok := read(name)
		if !ok {
			continue
		}
		sum := sha256.Sum256(data)
		got := hex.EncodeToString(sum[:])
		if ph, ok := listed[name]; ok {
			if ph.SHA256 != got {
				ps.add(name, "mã băm SHA-256 tính lại (%s) không khớp mã ghi trong manifest (%s): phần này đã bị sửa hoặc hỏng sau khi xuất gói.", short(got), short(ph.SHA256))
			} else if ph.Size != int64(len(data)) {
				ps.add(name, "kích thước %s byte khác với manifest (%s byte).", vn.FormatInt(int64(len(data))), vn.FormatInt(ph.Size))
			}
		}
		decodeStrict(ps, name, data, targets[name])
	}
	if len(ps.list) > 0 {
		return nil, ps.err()
	}
	checkText(ps, PartManifest, reflect.ValueOf(&p.Manifest).Elem(), "", false)
	for _, name := range Parts {
		checkText(ps, name, reflect.ValueOf(targets[name]).Elem(), "", false)
	}
	if len(ps.list) > 0 {
		return nil, ps.err()
	}
	return p, nil
}

// hasProblem reports whether a problem was already recorded for part.
func hasProblem(ps *problems, part string) bool {
	for _, p := range ps.list {
		if p.Part == part {
			return true
		}
	}
	return false
}

// readEntry inflates one entry, refusing more than MaxPartSize bytes or more than what is left of
// the budget of the whole package, whatever the entry declares: a zip bomb stops at the limit.
func readEntry(f *zip.File, budget *int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, errors.New("không giải nén được (phần bị hỏng).")
	}
	defer rc.Close()
	limit := min(int64(MaxPartSize), *budget)
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	if n > limit {
		if limit < MaxPartSize {
			return nil, fmt.Errorf("tổng dung lượng giải nén của gói vượt mức tối đa %d MB (tệp nén bất thường, có thể là “bom zip”).", MaxTotalSize>>20)
		}
		return nil, fmt.Errorf("giải nén ra hơn %d MB, vượt mức tối đa (tệp nén bất thường, có thể là “bom zip”).", MaxPartSize>>20)
	}
	if err != nil {
		if errors.Is(err, zip.ErrChecksum) {
			return nil, errors.New("mã kiểm tra CRC-32 không khớp: phần bị hỏng khi chép hoặc tải về.")
		}
		if errors.Is(err, zip.ErrFormat) {
			return nil, fmt.Errorf("giải nén ra nhiều hơn kích thước khai báo (%s byte): tệp nén bất thường, có thể là “bom zip”.",
				vn.FormatInt(int64(f.UncompressedSize64)))
		}
		return nil, errors.New("không giải nén được (phần bị cắt cụt hoặc hỏng).")
	}
	if f.CRC32 != 0 && crc32.ChecksumIEEE(buf.Bytes()) != f.CRC32 {
		return nil, errors.New("mã kiểm tra CRC-32 không khớp: phần bị hỏng khi chép hoặc tải về.")
	}
	*budget -= n
	return buf.Bytes(), nil
}

// decodeStrict decodes one part into v: UTF-8 only, no unknown field, types as declared, nothing
// after the value. It reports a problem and returns false otherwise.
func decodeStrict(ps *problems, part string, data []byte, v any) bool {
	if !utf8.Valid(data) {
		at := 0
		for at < len(data) {
			r, size := utf8.DecodeRune(data[at:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			at += size
		}
		ps.add(part, "không phải văn bản UTF-8 hợp lệ (byte thứ %s).", vn.FormatInt(int64(at+1)))
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		ps.add(part, "%s", jsonMessage(err, data))
		return false
	}
	if _, err := dec.Token(); err != io.EOF {
		ps.add(part, "có dữ liệu thừa sau giá trị JSON (byte thứ %s).", vn.FormatInt(dec.InputOffset()+1))
		return false
	}
	return true
}

// jsonMessage says in Vietnamese what is wrong with a part's JSON.
func jsonMessage(err error, data []byte) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("JSON sai cú pháp ở byte thứ %s (dòng %d).", vn.FormatInt(syn.Offset), lineOf(data, syn.Offset))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(toàn bộ)"
		}
		return fmt.Sprintf("trường %q phải là %s, không phải %s (dòng %d).", field, goKind(typ.Type), jsonKind(typ.Value), lineOf(data, typ.Offset))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "JSON bị cắt cụt (thiếu phần cuối)."
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return fmt.Sprintf("có trường lạ %s không thuộc định dạng phiên bản %d.", f, FormatVersion)
	}
	if strings.Contains(msg, "election: unknown mark") {
		return "phiếu có dấu đồng ý/không đồng ý không hợp lệ (chỉ nhận none, agree, disagree, both)."
	}
	return "JSON không đọc được: " + shortText(msg, 120)
}

// lineOf is the 1-based line of a byte offset.
func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

func goKind(t reflect.Type) string {
	if t == nil {
		return "giá trị khác"
	}
	switch t.Kind() {
	case reflect.String:
		return "chuỗi"
	case reflect.Bool:
		return "true hoặc false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "số nguyên trong giới hạn"
	case reflect.Float32, reflect.Float64:
		return "số"
	case reflect.Slice, reflect.Array:
		return "mảng"
	case reflect.Map, reflect.Struct:
		return "đối tượng"
	case reflect.Pointer:
		return goKind(t.Elem()) + " hoặc null"
	}
	return t.String()
}

func jsonKind(v string) string {
	switch {
	case v == "string":
		return "chuỗi"
	case v == "bool":
		return "true/false"
	case v == "array":
		return "mảng"
	case v == "object":
		return "đối tượng"
	case strings.HasPrefix(v, "number"):
		return "số " + strings.TrimSpace(strings.TrimPrefix(v, "number"))
	}
	return v
}

// checkText walks a decoded part and reports every string that holds a control character (a line
// break is allowed only in fields tagged offline:"multiline"). Control characters have no place in
// a record that is printed on minutes and in reports, and in names they hide spoofed duplicates.
func checkText(ps *problems, part string, v reflect.Value, path string, multiline bool) {
	switch v.Kind() {
	case reflect.String:
		s := v.String()
		if !utf8.ValidString(s) {
			ps.add(part, "trường %s không phải văn bản UTF-8 hợp lệ.", pathName(path))
			return
		}
		for _, r := range s {
			if r == '\n' && multiline {
				continue
			}
			if isControl(r) {
				ps.add(part, "trường %s có ký tự điều khiển U+%04X (không in được trong biên bản).", pathName(path), r)
				return
			}
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkText(ps, part, v.Elem(), path, multiline)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" {
				name = f.Name
			}
			p := path
			if !f.Anonymous {
				p = joinPath(path, name)
			}
			checkText(ps, part, v.Field(i), p, f.Tag.Get("offline") == "multiline")
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 { // raw JSON and marks, checked where decoded
			return
		}
		for i := 0; i < v.Len(); i++ {
			checkText(ps, part, v.Index(i), fmt.Sprintf("%s[%d]", path, i), multiline)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			if k.Kind() == reflect.String {
				checkText(ps, part, k, joinPath(path, "(khóa)"), false)
				checkText(ps, part, iter.Value(), joinPath(path, k.String()), multiline)
			}
		}
	}
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func pathName(path string) string {
	if path == "" {
		return "(toàn bộ)"
	}
	return "“" + path + "”"
}

// isControl reports the characters refused in text: C0 and C1 controls, DEL, and the Unicode line
// and paragraph separators.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}

// safeName quotes a name from the file for a message, without its control characters.
func safeName(s string) string {
	s = strings.ToValidUTF8(s, "?")
	s = strings.Map(func(r rune) rune {
		if isControl(r) {
			return '?'
		}
		return r
	}, s)
	return shortText(s, 80)
}

func shortText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// short is the first 16 hex digits of a hash: enough to tell two apart in a message.
func short(h string) string {
	if h == "" {
		return "trống"
	}
	if len(h) > 16 {
		return h[:16] + "…"
	}
	return h
}
