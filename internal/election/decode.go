package election

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxRequestBytes is the largest request body DecodeRequest reads (1 MiB): a round with a thousand
// candidates is a few tens of kilobytes.
const MaxRequestBytes = 1 << 20

// maxDepth bounds the nesting of a request; the contract's deepest value (candidates[i].name) is at
// depth 3, and the bound keeps a body of a million "[" from recursing a million frames.
const maxDepth = 8

// DecodeRequest reads one counting round from r as the count contract's JSON and checks its shape.
// It is strict, because a misspelt field silently ignored could change who is elected (a typo in
// "absent_with_reason" would raise the base): it refuses malformed JSON, a body over
// MaxRequestBytes, trailing data, duplicate keys, unknown fields at any level, values of the wrong
// type, numbers that are negative, fractional or above MaxFigure, an unknown congress_kind, ruleset
// or body, seats ≤ 0, a base ≤ 0, an empty list and duplicate names (compared after NFC, white space
// and case folding). null counts as an omitted field.
//
// Every failure is an *congress.Error with code invalid_count, a Vietnamese message and Fields keyed
// by JSON path ("seats", "base.convened", "candidates[2].votes"). DecodeRequest does not run the
// consistency checks between figures; Count (or Request.Validate) does. It never panics.
func DecodeRequest(r io.Reader) (Request, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxRequestBytes+1))
	if err != nil {
		return Request{}, invalid("Không đọc được dữ liệu gửi lên: " + err.Error())
	}
	if len(data) > MaxRequestBytes {
		return Request{}, invalid(fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d byte)", MaxRequestBytes))
	}
	root, err := parseJSON(data)
	if err != nil {
		return Request{}, err
	}
	fe := newFieldErrs()
	req := decodeRound(fe, root)
	if root.kind != 'o' {
		return Request{}, fe.err()
	}
	// Report the shape problems together with the type problems; a field that failed to decode
	// already holds its message, which the shape check's message for it does not replace.
	req.validateShape(fe)
	if ValidKind(req.CongressKind) {
		checkBase(fe, req.CongressKind, req.Base, req.ruleset())
	}
	if err := fe.err(); err != nil {
		return Request{}, err
	}
	// Return names as the engine compares them, so callers see what Count will print.
	for i := range req.Candidates {
		req.Candidates[i].Name = NormalizeName(req.Candidates[i].Name)
	}
	return req, nil
}

// node is a parsed JSON value that keeps object keys in order and knows its kind; the standard
// decoder into a struct would lose duplicate keys and the array index of a wrongly typed value.
type node struct {
	kind   byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	keys   []string
	fields map[string]*node
	items  []*node
	str    string
	num    json.Number
}

// parseJSON parses one JSON value with nothing after it.
func parseJSON(data []byte) (*node, error) {
	if !utf8.Valid(data) {
		return nil, invalid("Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, invalid("Dữ liệu gửi lên trống: cần một đối tượng JSON mô tả vòng bầu")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := parseValue(dec, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid(fmt.Sprintf("Dữ liệu JSON có phần thừa sau đối tượng chính (ở byte %d)", dec.InputOffset()))
	}
	return root, nil
}

func syntaxError(dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return invalid(fmt.Sprintf("Dữ liệu gửi lên không phải JSON hợp lệ (lỗi cú pháp ở byte %d)", se.Offset))
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return invalid("Dữ liệu JSON bị cắt cụt (thiếu phần cuối)")
	}
	return invalid(fmt.Sprintf("Dữ liệu gửi lên không phải JSON hợp lệ (ở byte %d)", dec.InputOffset()))
}

func parseValue(dec *json.Decoder, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, invalid("Dữ liệu JSON lồng nhau quá sâu")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(dec, err)
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n := &node{kind: 'o', fields: map[string]*node{}}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, syntaxError(dec, err)
				}
				key, _ := kt.(string)
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				if _, dup := n.fields[key]; dup {
					return nil, invalid(fmt.Sprintf("Trường %q xuất hiện hai lần trong cùng một đối tượng JSON", key))
				}
				n.keys = append(n.keys, key)
				n.fields[key] = v
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxError(dec, err)
			}
			return n, nil
		case '[':
			n := &node{kind: 'a'}
			for dec.More() {
				v, err := parseValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, syntaxError(dec, err)
			}
			return n, nil
		}
		return nil, invalid(fmt.Sprintf("Dữ liệu gửi lên không phải JSON hợp lệ (ở byte %d)", dec.InputOffset()))
	case string:
		return &node{kind: 's', str: t}, nil
	case json.Number:
		return &node{kind: 'n', num: t}, nil
	case bool:
		return &node{kind: 'b'}, nil
	case nil:
		return &node{kind: 'z'}, nil
	}
	return nil, invalid("Dữ liệu gửi lên không phải JSON hợp lệ")
}

// kindWord names a JSON kind in a message.
func kindWord(k byte) string {
	switch k {
	case 'o':
		return "một đối tượng"
	case 'a':
		return "một danh sách"
	case 's':
		return "một chuỗi"
	case 'n':
		return "một số"
	case 'b':
		return "đúng/sai"
	}
	return "null"
}

// object checks that n is an object with only the allowed keys and returns it, or nil (missing,
// null or wrong type, recorded in fe unless optional and absent).
func object(fe *fieldErrs, path string, n *node, allowed ...string) *node {
	if n == nil || n.kind == 'z' {
		return nil
	}
	if n.kind != 'o' {
		fe.add(pathOr(path), fmt.Sprintf("Cần một đối tượng JSON, nhận được %s", kindWord(n.kind)))
		return nil
	}
	for _, k := range n.keys {
		known := false
		for _, a := range allowed {
			if k == a {
				known = true
				break
			}
		}
		if !known {
			fe.add(join(path, k), fmt.Sprintf("Trường %q không có trong hợp đồng đếm phiếu (có thể gõ sai tên trường); các trường được nhận: %s", k, strings.Join(allowed, ", ")))
		}
	}
	return n
}

func pathOr(path string) string {
	if path == "" {
		return "$"
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// str reads an optional string field; null or absent gives "".
func str(fe *fieldErrs, path string, n *node) string {
	if n == nil || n.kind == 'z' {
		return ""
	}
	if n.kind != 's' {
		fe.add(path, fmt.Sprintf("Cần một chuỗi, nhận được %s", kindWord(n.kind)))
		return ""
	}
	return n.str
}

// integer reads an optional whole-number field; null or absent gives 0 and ok false. A number
// written with a fraction or exponent is accepted when its value is whole (40.0, 4e1).
func integer(fe *fieldErrs, path string, n *node, what string) (v int, ok bool) {
	if n == nil || n.kind == 'z' {
		return 0, false
	}
	if n.kind != 'n' {
		fe.add(path, fmt.Sprintf("%s phải là một số, nhận được %s", what, kindWord(n.kind)))
		return 0, false
	}
	s := n.num.String()
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return bounded(fe, path, i, what)
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange):
		fe.add(path, fmt.Sprintf("%s không phải là số hợp lệ (%s)", what, s))
		return 0, false
	case math.IsInf(f, 0) || math.Abs(f) > MaxFigure:
		if f < 0 || strings.HasPrefix(s, "-") {
			fe.add(path, fmt.Sprintf("%s không được âm (đang là %s)", what, s))
		} else {
			fe.add(path, fmt.Sprintf("%s quá lớn (%s, tối đa %d)", what, s, MaxFigure))
		}
		return 0, false
	case f != math.Trunc(f):
		fe.add(path, fmt.Sprintf("%s phải là số nguyên (đang là %s)", what, s))
		return 0, false
	}
	return bounded(fe, path, int64(f), what)
}

func bounded(fe *fieldErrs, path string, i int64, what string) (int, bool) {
	switch {
	case i < 0:
		fe.add(path, fmt.Sprintf("%s không được âm (đang là %d)", what, i))
		return 0, false
	case i > MaxFigure:
		fe.add(path, fmt.Sprintf("%s quá lớn (%d, tối đa %d)", what, i, MaxFigure))
		return 0, false
	}
	return int(i), true
}

// required records a missing field.
func required(fe *fieldErrs, path string, n *node, msg string) bool {
	if n == nil || n.kind == 'z' {
		fe.add(path, msg)
		return false
	}
	return true
}

// decodeRound maps the parsed tree onto a Request, recording type errors by JSON path.
func decodeRound(fe *fieldErrs, root *node) Request {
	var req Request
	if root.kind != 'o' {
		fe.add("$", fmt.Sprintf("Vòng bầu phải là một đối tượng JSON, nhận được %s", kindWord(root.kind)))
		return req
	}
	top := object(fe, "", root, "ruleset", "congress_kind", "body", "seats", "base", "present", "ballots", "candidates")
	f := top.fields

	// The codes are checked here, in the contract's field order, so that the error's sentence
	// starts with the first problem a reader of the request meets.
	req.Ruleset = str(fe, "ruleset", f["ruleset"])
	if required(fe, "congress_kind", f["congress_kind"], kindMessage("")) {
		req.CongressKind = str(fe, "congress_kind", f["congress_kind"])
	}
	req.Body = str(fe, "body", f["body"])
	req.validateCodes(fe)
	if required(fe, "seats", f["seats"], "Thiếu số lượng cần bầu (seats)") {
		req.Seats, _ = integer(fe, "seats", f["seats"], "Số lượng cần bầu")
	}
	if p, ok := integer(fe, "present", f["present"], "Số có mặt"); ok {
		req.Present = &p
	}

	if required(fe, "base", f["base"], "Thiếu số liệu làm căn cứ tính kết quả (base)") {
		if b := object(fe, "base", f["base"], "convened", "temporarily_attached_absent", "exempt_absent", "suspended", "absent_with_reason", "committee_absent", "absent_not_replaced"); b != nil {
			bf := b.fields
			if required(fe, "base.convened", bf["convened"], "Thiếu số được triệu tập (base.convened)") {
				req.Base.Convened, _ = integer(fe, "base.convened", bf["convened"], "Số được triệu tập")
			}
			req.Base.TemporarilyAttachedAbsent, _ = integer(fe, "base.temporarily_attached_absent", bf["temporarily_attached_absent"], "Số giới thiệu sinh hoạt tạm thời không dự")
			req.Base.ExemptAbsent, _ = integer(fe, "base.exempt_absent", bf["exempt_absent"], "Số miễn sinh hoạt không dự")
			req.Base.Suspended, _ = integer(fe, "base.suspended", bf["suspended"], "Số bị đình chỉ sinh hoạt, khởi tố, tạm giam")
			req.Base.AbsentWithReason, _ = integer(fe, "base.absent_with_reason", bf["absent_with_reason"], "Số vắng mặt có lý do")
			req.Base.CommitteeAbsent, _ = integer(fe, "base.committee_absent", bf["committee_absent"], "Số cấp ủy viên vắng mặt")
			req.Base.AbsentNotReplaced, _ = integer(fe, "base.absent_not_replaced", bf["absent_not_replaced"], "Số đại biểu vắng mặt không có người thay")
		}
	}

	if required(fe, "ballots", f["ballots"], "Thiếu số phiếu (ballots): phát ra, thu vào, hợp lệ, không hợp lệ") {
		if b := object(fe, "ballots", f["ballots"], "issued", "collected", "valid", "invalid"); b != nil {
			bf := b.fields
			req.Ballots.Issued, _ = integer(fe, "ballots.issued", bf["issued"], "Số phiếu phát ra")
			req.Ballots.Collected, _ = integer(fe, "ballots.collected", bf["collected"], "Số phiếu thu vào")
			req.Ballots.Valid, _ = integer(fe, "ballots.valid", bf["valid"], "Số phiếu hợp lệ")
			req.Ballots.Invalid, _ = integer(fe, "ballots.invalid", bf["invalid"], "Số phiếu không hợp lệ")
		}
	}

	cs := f["candidates"]
	switch {
	case cs == nil || cs.kind == 'z':
		fe.add("candidates", "Danh sách bầu cử chưa có ai (candidates)")
	case cs.kind != 'a':
		fe.add("candidates", fmt.Sprintf("Danh sách bầu cử phải là một danh sách JSON, nhận được %s", kindWord(cs.kind)))
	default:
		req.Candidates = make([]CandidateVotes, 0, len(cs.items))
		for i, it := range cs.items {
			path := fmt.Sprintf("candidates[%d]", i)
			var c CandidateVotes
			if !required(fe, path, it, "Thiếu người trong danh sách (null)") {
				req.Candidates = append(req.Candidates, c)
				continue
			}
			if o := object(fe, path, it, "name", "votes"); o != nil {
				if required(fe, path+".name", o.fields["name"], "Thiếu họ tên") {
					c.Name = str(fe, path+".name", o.fields["name"])
				}
				if required(fe, path+".votes", o.fields["votes"], "Thiếu số phiếu bầu") {
					c.Votes, _ = integer(fe, path+".votes", o.fields["votes"], "Số phiếu bầu")
				}
			}
			req.Candidates = append(req.Candidates, c)
		}
	}
	return req
}
