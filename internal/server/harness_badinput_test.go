package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The bad-input matrix: every route that takes input gets hostile values, generated per route,
// per field and per value. Form fields are read from the forms the pages show (so a new field is
// covered without touching the harness); JSON fields from each route's base body, at every depth.

// hHostile is a hostile value; raw values go into JSON unquoted.
type hHostile struct {
	name, v string
	raw     bool
}

func hostileValues(w *hWorld) []hHostile {
	tc := w.scenes["tc"]
	return []hHostile{
		{"empty", "", false},
		{"negative", "-1", false},
		{"2^63", "9223372036854775808", false},
		{"1e309", "1e309", false},
		{"100kB", strings.Repeat("Đảng ", 100_000/7), false},
		{"control", "Tên\x00\x01\x1b[31m\x07\u202e", false},
		{"invalid-utf8", "Ng\xffuy\xc3ễn", false},
		{"non-NFC", "Nguye\u0302\u0303n Va\u0306n Bi\u0300nh", false},
		{"unknown-id", "999999", false},
		{"other-org-id", fmt.Sprint(tc.person), false},
	}
}

// jsonHostiles adds what only JSON can carry: raw numbers beyond int64 and float64, and values
// of the wrong JSON type.
func jsonHostiles(w *hWorld) []hHostile {
	out := hostileValues(w)
	return append(out,
		hHostile{"raw-2^63", "9223372036854775808", true},
		hHostile{"raw-1e309", "1e309", true},
		hHostile{"null", "null", true},
		hHostile{"object", `{"x":1}`, true},
		hHostile{"array", `[1,"a"]`, true},
	)
}

// queryNames are every query parameter the handlers read: each GET gets them all at once.
var queryNames = []string{"organization_id", "term_id", "term", "org", "q", "state", "sort", "page", "limit", "offset", "year",
	"slot", "copies", "parent_id", "after", "entity", "subject", "username", "overdue", "confirm", "expect", "next"}

// hForm is a form seen on a page.
type hForm struct {
	page   string // where it was found, to read it again after an accepted change
	action string
	values url.Values
}

var (
	formRe     = regexp.MustCompile(`(?s)<form\b([^>]*)>(.*?)</form>`)
	attrRe     = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	inputRe    = regexp.MustCompile(`<input\b[^>]*>`)
	textareaRe = regexp.MustCompile(`(?s)<textarea\b([^>]*)>(.*?)</textarea>`)
	selectRe   = regexp.MustCompile(`(?s)<select\b([^>]*)>(.*?)</select>`)
	optionRe   = regexp.MustCompile(`<option\b[^>]*>`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = html.UnescapeString(a[2])
	}
	if strings.Contains(tag, " checked") {
		m["checked"] = "1"
	}
	if strings.Contains(tag, " selected") {
		m["selected"] = "1"
	}
	return m
}

// pageForms reads the POST forms of a page with the values they would send untouched.
func pageForms(page, body string) []hForm {
	var out []hForm
	for _, fm := range formRe.FindAllStringSubmatch(body, -1) {
		a := attrs(fm[1])
		if !strings.EqualFold(a["method"], "post") {
			continue
		}
		f := hForm{page: page, action: a["action"], values: url.Values{}}
		if f.action == "" {
			f.action = page
		}
		f.action, _, _ = strings.Cut(f.action, "?")
		for _, in := range inputRe.FindAllString(fm[2], -1) {
			ia := attrs(in)
			name := ia["name"]
			if name == "" || ia["type"] == "file" {
				continue
			}
			if (ia["type"] == "checkbox" || ia["type"] == "radio") && ia["checked"] == "" {
				if _, ok := f.values[name]; !ok {
					f.values[name] = nil // the field exists; unchecked sends nothing
				}
				continue
			}
			f.values[name] = append(f.values[name], ia["value"])
		}
		for _, ta := range textareaRe.FindAllStringSubmatch(fm[2], -1) {
			if name := attrs(ta[1])["name"]; name != "" {
				f.values[name] = append(f.values[name], html.UnescapeString(strings.TrimPrefix(ta[2], "\n")))
			}
		}
		for _, se := range selectRe.FindAllStringSubmatch(fm[2], -1) {
			name := attrs(se[1])["name"]
			if name == "" {
				continue
			}
			chosen, first := "", ""
			for i, op := range optionRe.FindAllString(se[2], -1) {
				oa := attrs(op)
				if i == 0 {
					first = oa["value"]
				}
				if oa["selected"] != "" {
					chosen = oa["value"]
				}
			}
			if chosen == "" {
				chosen = first
			}
			f.values[name] = append(f.values[name], chosen)
		}
		out = append(out, f)
	}
	return out
}

// badInputUser is who sends a route's cases: someone its gate lets through, in the scene's scope.
func badInputUser(rt hRoute) string {
	switch rt.acc {
	case accAdmin:
		return uAdmin
	case accAuditor:
		return uAuditor
	case accStaff, accDecision:
		return uStaff
	}
	return uSecKHCN
}

// hCase is one request of the matrix.
type hCase struct {
	route, name string
	r           req
	mustRefuse  bool // a refusal is the only right answer (malformed, wrong type of body, bad id…)
}

// hRun runs cases and keeps the figures.
type hRun struct {
	w                        *hWorld
	t                        *testing.T
	tried, fivexx, accepted  int
	refusedChanged, badError int
	acceptedBy               map[string]int
	digest                   string
}

func (h *hRun) run(c hCase) (accepted bool) {
	h.t.Helper()
	rec := h.w.do(c.r)
	h.tried++
	label := fmt.Sprintf("%s [%s]", c.route, c.name)
	if rec.Code >= 500 {
		h.fivexx++
		h.t.Errorf("5xx: %s: %d\n%s", label, rec.Code, shorten(rec.Body.String(), 400))
	}
	changed := false
	if h.w.maybeChanged() {
		d := h.w.fullDigest()
		changed = d != h.digest
		h.digest = d
	}
	ok2xx := rec.Code < 400
	switch {
	case ok2xx && c.mustRefuse:
		h.t.Errorf("%s: %d, want a 4xx", label, rec.Code)
	case ok2xx:
		h.accepted++
		h.acceptedBy[c.route]++
		return changed
	case changed:
		h.refusedChanged++
		h.t.Errorf("%s: refused (%d) but the database changed", label, rec.Code)
	}
	if rec.Code >= 400 && rec.Code < 500 {
		if strings.HasPrefix(c.r.path, "/api/") {
			var body apiErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" || body.Error.Message == "" || body.Error.Fields == nil {
				h.badError++
				h.t.Errorf("%s: %d without the error object: %s", label, rec.Code, shorten(rec.Body.String(), 200))
			}
		} else if c.r.method != http.MethodGet && rec.Code == http.StatusUnprocessableEntity && !strings.Contains(rec.Body.String(), `role="alert"`) {
			h.badError++
			h.t.Errorf("%s: 422 page without its messages", label)
		}
	}
	return false
}

// formBody builds a urlencoded request.
func formReq(method, path, user string, v url.Values) req {
	return req{method: method, path: path, as: user, form: v}
}

func jsonReq(method, path, user, body string) req {
	return req{method: method, path: path, bearer: user, json: body}
}

// leafPaths lists the paths of every value in a JSON tree (arrays by their first element).
func leafPaths(v any, prefix []any) [][]any {
	var out [][]any
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := append(append([]any{}, prefix...), k)
			out = append(out, p)
			out = append(out, leafPaths(x[k], p)...)
		}
	case []any:
		if len(x) > 0 {
			p := append(append([]any{}, prefix...), 0)
			out = append(out, p)
			out = append(out, leafPaths(x[0], p)...)
		}
	}
	return out
}

// deepCopy copies a JSON tree through encoding/json.
func deepCopy(v map[string]any) map[string]any {
	b, _ := json.Marshal(v)
	var out map[string]any
	json.Unmarshal(b, &out)
	return out
}

// setPath sets (or with del, removes) the value at path; it returns the body as JSON, where
// a raw value replaces its placeholder unquoted.
func setPath(base map[string]any, path []any, h hHostile, del bool) string {
	root := deepCopy(base)
	var cur any = root
	for i, step := range path {
		last := i == len(path)-1
		var val any = h.v
		if h.raw {
			val = "\x00RAW\x00"
		}
		switch c := cur.(type) {
		case map[string]any:
			k := step.(string)
			if last {
				if del {
					delete(c, k)
				} else {
					c[k] = val
				}
			}
			cur = c[k]
		case []any:
			n := step.(int)
			if last {
				if del {
					c[n] = map[string]any{}
				} else {
					c[n] = val
				}
			}
			cur = c[n]
		}
	}
	b, _ := json.Marshal(root)
	s := string(b)
	if h.raw {
		s = strings.Replace(s, `"\u0000RAW\u0000"`, h.v, 1)
	}
	return s
}

func pathName(p []any) string {
	var b strings.Builder
	for _, s := range p {
		switch x := s.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(x)
		case int:
			fmt.Fprintf(&b, "[%d]", x)
		}
	}
	return b.String()
}

// hMultipart is a file upload of one file under field.
func hMultipart(field, name string, data []byte) (*bytes.Buffer, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	if field != "" {
		fw, _ := mw.CreateFormFile(field, name)
		fw.Write(data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// TestHarnessBadInput sends the matrix. Each answer must be below 500; a refusal (4xx) must leave
// every table as it was and carry the error object (API) or the form's messages (pages, 422); an
// accepted value may change the record, and at the end no stored text may hold invalid UTF-8,
// control characters or non-NFC text.
func TestHarnessBadInput(t *testing.T) {
	w := newHarnessWorld(t)
	table := harnessRoutes()
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sc := w.scenes["khcn"]
	h := &hRun{w: w, t: t, acceptedBy: map[string]int{}, digest: w.fullDigest()}

	// The forms of every page, as the admin sees them.
	forms := map[string][]hForm{}
	readForms := func(page string) {
		rec := w.do(req{method: http.MethodGet, path: page, as: uAdmin})
		for _, f := range pageForms(page, rec.Body.String()) {
			forms[f.action] = append(forms[f.action], f)
		}
	}
	for _, key := range keys {
		method, pattern, _ := strings.Cut(key, " ")
		if method == http.MethodGet && !strings.HasPrefix(pattern, "/api/") && !strings.Contains(pattern, "*") {
			// Each kind of round shows its own forms (tally, close, reopen…).
			seen := map[string]bool{}
			for _, k := range []int{rOpen, rClosed, rTotals} {
				rt := table[key]
				rt.round = k
				if p := w.resolve(pattern, rt, sc); !seen[p] {
					seen[p] = true
					readForms(p)
				}
			}
		}
	}
	// formFor is the largest form posting to the route's path at the scene, read afresh.
	formFor := func(pattern string, rt hRoute) url.Values {
		path := w.resolve(pattern, rt, sc)
		var best *hForm
		for _, f := range forms[path] {
			if best == nil || len(f.values) > len(best.values) {
				f := f
				best = &f
			}
		}
		out := url.Values{}
		if best != nil {
			rec := w.do(req{method: http.MethodGet, path: best.page, as: uAdmin})
			for _, f := range pageForms(best.page, rec.Body.String()) {
				if f.action == path && len(f.values) >= len(out) {
					out = f.values
				}
			}
		}
		for k, v := range rt.form {
			if _, ok := out[k]; !ok {
				out.Set(k, v)
			}
		}
		return out
	}

	hv := hostileValues(w)
	hj := jsonHostiles(w)
	noForm := 0
	for _, key := range keys {
		rt := table[key]
		if rt.exempt["badinput"] != "" {
			continue
		}
		method, pattern, _ := strings.Cut(key, " ")
		path := w.resolve(pattern, rt, sc)
		user := badInputUser(rt)
		api := strings.HasPrefix(pattern, "/api/")
		send := func(r req) req {
			if api {
				r.bearer = user
			} else {
				r.as = user
			}
			if rt.acc == accPublic {
				r.as, r.bearer = "", ""
			}
			return r
		}

		// Hostile ids, with the route's usual body: not found, whatever the body.
		if hasID(pattern) {
			for _, id := range []string{"abc", "0", "-1", "9223372036854775808", "1e309", "999999", "%FF", "%00", "1%2F2"} {
				p := w.resolveWith(pattern, rt, sc, &id)
				h.run(hCase{key, "id=" + id, send(req{method: method, path: p, json: jsonIf(rt.in == inJSON, "{}")}), true})
			}
		}
		// Hostile query parameters, all at once.
		if method == http.MethodGet || rt.in == inNone {
			for _, v := range hv[:5] { // the values that reach a parser: empty, sign, overflow, float, length
				q := url.Values{}
				for _, n := range queryNames {
					q.Set(n, v.v)
				}
				h.run(hCase{key, "query=" + v.name, send(req{method: method, path: path + "?" + q.Encode()}), method != http.MethodGet})
			}
			if method == http.MethodGet {
				continue
			}
		}

		switch rt.in {
		case inForm:
			base := formFor(pattern, rt)
			if len(base) == 0 {
				noForm++
				t.Logf("%s: no form on any page and no fields in the table", key)
			}
			names := make([]string, 0, len(base))
			for k := range base {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, name := range names {
				for _, v := range hv {
					if h.run(hCase{key, name + "=" + v.name, send(formReq(method, path, "", with(base, name, v.v))), false}) {
						base = formFor(pattern, rt) // an accepted change: versions moved on
					}
				}
				if h.run(hCase{key, name + " missing", send(formReq(method, path, "", with(base, name, nil))), false}) {
					base = formFor(pattern, rt)
				}
			}
			h.run(hCase{key, "extra field", send(formReq(method, path, "", with(base, "is_admin", "1", "organization_id", fmt.Sprint(w.scenes["tc"].org.ID)))), false})
			base = formFor(pattern, rt)
			for _, c := range []struct {
				name, body, ct string
			}{
				{"malformed", "a=%zz&b", "application/x-www-form-urlencoded"},
				{"invalid-utf8 body", "name=\xff\xfe&x=%FF", "application/x-www-form-urlencoded"},
				{"json body", `{"a":1}`, "application/json"},
				{"oversized", "notes=" + strings.Repeat("a", maxBody+1), "application/x-www-form-urlencoded"},
			} {
				r := send(req{method: method, path: path, body: strings.NewReader(c.body), contentType: c.ct})
				h.run(hCase{key, c.name, r, c.name == "malformed" || c.name == "oversized"})
			}
			// The same submission twice: the second may not make a second record silently.
			h.run(hCase{key, "first of two", send(formReq(method, path, "", base)), false})
			h.run(hCase{key, "second of two", send(formReq(method, path, "", base)), false})
		case inJSON, inCount:
			var base map[string]any
			if rt.in == inCount {
				rec := w.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/rounds/%d/result", sc.closedRound), bearer: uAdmin})
				var res map[string]any
				json.Unmarshal(rec.Body.Bytes(), &res)
				base, _ = res["request"].(map[string]any)
				if base == nil {
					t.Fatalf("no count request in the round's result: %s", shorten(rec.Body.String(), 300))
				}
			}
			fresh := func() map[string]any {
				if rt.in == inCount {
					return base
				}
				return rt.json(w, sc)
			}
			base = fresh()
			for _, p := range leafPaths(base, nil) {
				for _, v := range hj {
					if h.run(hCase{key, pathName(p) + "=" + v.name, send(jsonReq(method, path, "", setPath(base, p, v, false))), false}) {
						base = fresh()
					}
				}
				if h.run(hCase{key, pathName(p) + " missing", send(jsonReq(method, path, "", setPath(base, p, hHostile{}, true))), false}) {
					base = fresh()
				}
			}
			b, _ := json.Marshal(base)
			good := string(b)
			for _, c := range []struct{ name, body, ct string }{
				{"extra field", strings.Replace(good, "{", `{"is_admin":true,`, 1), "application/json"},
				{"malformed", good[:len(good)/2], "application/json"},
				{"syntax", `{name: 1}`, "application/json"},
				{"empty body", "", "application/json"},
				{"array body", "[" + good + "]", "application/json"},
				{"trailing", good + `{}`, "application/json"},
				{"invalid-utf8 body", "{\"\xff\":\"\xfe\"}", "application/json"},
				{"text/plain", good, "text/plain"},
				{"form type", "a=1", "application/x-www-form-urlencoded"},
				{"no type", good, ""},
				{"oversized", `{"x":"` + strings.Repeat("a", maxBody+1) + `"}`, "application/json"},
			} {
				r := send(req{method: method, path: path, body: strings.NewReader(c.body), contentType: c.ct})
				must := c.name != "no type" && c.name != "text/plain" && c.name != "form type" || rt.in == inJSON
				h.run(hCase{key, c.name, r, must && c.name != "invalid-utf8 body"})
			}
			h.run(hCase{key, "first of two", send(jsonReq(method, path, "", good)), false})
			h.run(hCase{key, "second of two", send(jsonReq(method, path, "", good)), false})
		case inMultipart:
			field := "file"
			for _, c := range []struct {
				name, field, file string
				data              []byte
			}{
				{"no file", "", "", nil},
				{"empty file", field, "a.xlsx", nil},
				{"garbage", field, "a.xlsx", []byte("PK\x03\x04 garbage")},
				{"invalid-utf8 name", field, "\xff\xfe.xlsx", []byte("x")},
				{"control name", field, "a\x00\x1b.xlsx", []byte("x")},
				{"text", field, "a.daihoi", []byte(strings.Repeat("Nguyễn Văn A\n", 1000))},
			} {
				b, ct := hMultipart(c.field, c.file, c.data)
				h.run(hCase{key, c.name, send(req{method: method, path: path, body: b, contentType: ct}), true})
			}
			for _, c := range []struct{ name, body, ct string }{
				{"urlencoded", "file=x", "application/x-www-form-urlencoded"},
				{"bad boundary", "--x\r\nbroken", "multipart/form-data; boundary=y"},
				{"no boundary", "--x\r\n", "multipart/form-data"},
				{"oversized", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n" + strings.Repeat("a", capOf(pattern)+1) + "\r\n--b--\r\n", "multipart/form-data; boundary=b"},
			} {
				h.run(hCase{key, c.name, send(req{method: method, path: path, body: strings.NewReader(c.body), contentType: c.ct}), true})
			}
		case inZip:
			rec := w.do(req{method: http.MethodGet, path: fmt.Sprintf("/api/v1/congresses/%d/package", sc.cg.ID), bearer: uAdmin})
			pkg := rec.Body.Bytes()
			for _, c := range []struct {
				name, ct string
				body     []byte
			}{
				{"empty", "application/zip", nil},
				{"garbage", "application/zip", []byte("not a zip")},
				{"truncated", "application/zip", pkg[:len(pkg)/2]},
				{"json type", "application/json", []byte("{}")},
				{"oversized", "application/zip", bytes.Repeat([]byte{'a'}, capOf(pattern)+1)},
			} {
				h.run(hCase{key, c.name, send(req{method: method, path: path, body: bytes.NewReader(c.body), contentType: c.ct}), true})
			}
		}
	}
	for _, bad := range w.badStoredText() {
		t.Errorf("stored text: %s", bad)
	}
	var acc []string
	for k, n := range h.acceptedBy {
		acc = append(acc, fmt.Sprintf("%s:%d", k, n))
	}
	sort.Strings(acc)
	t.Logf("bad-input matrix: %d cases tried, %d 5xx, %d refusals that changed the database, %d refusals without their error body, %d accepted values (by route: %s), %d form routes without fields",
		h.tried, h.fivexx, h.refusedChanged, h.badError, h.accepted, strings.Join(acc, " "), noForm)
}

func jsonIf(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}

// capOf is the body cap of a route: the server's default or the route's own (uploads).
func capOf(pattern string) int {
	if n, ok := bodyLimits[pattern]; ok {
		return int(n)
	}
	return maxBody
}
