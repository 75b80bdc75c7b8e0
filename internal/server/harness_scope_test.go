package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// harnessUsers are the users of the scope matrix: every role at the top of the tree and in the
// subtree of a grassroots committee, and the secretaries of a cell and of another committee.
var harnessUsers = []string{uAdmin, uStaff, uAuditor, uSecKHCN, uAuditorKHCN, uStaffKHCN, uSecCell, uSecTC}

// hWant is the expected answer of a scope case.
type hWant int

const (
	wantRead        hWant = iota // 200
	wantAccepted                 // a write let through: anything but 403, 404 and 5xx (the probe's empty body is refused later, 4xx)
	wantForbid                   // 403
	wantNotFound                 // 404
	wantRefused                  // 403 or 404: a store rule, which may look the object up first
	wantOwnDecision              // 403, or 409 for the probe's stale version, which the store checks first
)

func (x hWant) String() string {
	return [...]string{"200/302/303", "let through (not 403/404/5xx)", "403", "404", "403 or 404", "403 or 409"}[x]
}

// scopeWant is the answer the rules give: the role gate first (403 before anything is read),
// then the scope of the object (404, as for an unknown id), then the store's own rules.
func (w *hWorld) scopeWant(method, pattern string, rt hRoute, user string, sc *hScene) hWant {
	u := w.users[user]
	if !rt.acc.allows(u) {
		if (rt.acc == accReported || rt.acc == accDecision) && hasID(pattern) && !w.inScope(user, sc) {
			return wantRefused
		}
		return wantForbid
	}
	if hasID(pattern) && !w.inScope(user, sc) {
		return wantNotFound
	}
	if rt.acc == accDecision && sc.org.ID == u.OrganizationID {
		return wantOwnDecision // a committee does not approve its own congress
	}
	if method == http.MethodGet {
		return wantRead
	}
	return wantAccepted
}

// scopeProbe is the request of a scope case: reads as they are, writes with an empty body, which
// every write refuses after its gates (so the matrix changes nothing).
func (w *hWorld) scopeProbe(method, path string, rt hRoute, user string, sc *hScene) req {
	r := req{method: method, path: path + rt.probeQuery}
	if strings.HasPrefix(path, "/api/") {
		r.bearer = user
	} else {
		r.as = user
	}
	if method == http.MethodGet {
		return r
	}
	switch {
	case rt.probeForm != nil:
		r.form = rt.probeForm(w, sc)
		return r
	case rt.probeJSON != "":
		r.json = rt.probeJSON
		return r
	}
	switch rt.in {
	case inJSON, inCount:
		r.json = "{}"
	case inZip:
		r.body, r.contentType = strings.NewReader(""), "application/zip"
	case inMultipart:
		r.body, r.contentType = strings.NewReader("--b--\r\n"), "multipart/form-data; boundary=b"
	default:
		r.form = map[string][]string{}
	}
	return r
}

// ancestorOf reports whether sc's organization is the user's own or above it: its name may show
// on the user's pages (the tree, breadcrumbs).
func (w *hWorld) ancestorOf(user string, sc *hScene) bool {
	return strings.HasPrefix(w.path(w.orgByID(w.users[user].OrganizationID)), w.path(sc.org))
}

// bodyText is the answer's text for the leak check: an Excel file is read cell by cell.
func bodyText(rec *httptest.ResponseRecorder) string {
	if strings.Contains(rec.Header().Get("Content-Type"), "spreadsheetml") {
		x, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
		if err != nil {
			return "unreadable xlsx"
		}
		defer x.Close()
		var b strings.Builder
		for _, sheet := range x.GetSheetList() {
			rows, _ := x.GetRows(sheet)
			for _, r := range rows {
				b.WriteString(strings.Join(r, "\t"))
				b.WriteByte('\n')
			}
		}
		return b.String()
	}
	return rec.Body.String()
}

// TestHarnessScope runs every route × method against every user × organization: the code is the
// rule's, no answer names an organization outside the user's subtree, and nothing changes.
func TestHarnessScope(t *testing.T) {
	w := newHarnessWorld(t)
	table := harnessRoutes()
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var cases, leaks, fails int
	byRel := map[string]int{}
	byWant := map[hWant]int{}
	for _, key := range keys {
		rt := table[key]
		if why := rt.exempt["scope"]; why != "" {
			continue
		}
		method, pattern, _ := strings.Cut(key, " ")
		scenes := w.keys
		if !hasID(pattern) {
			scenes = []string{"khcn"} // no object: one request per user
		}
		before := w.fullDigest()
		for _, user := range harnessUsers {
			for _, sk := range scenes {
				sc := w.scenes[sk]
				path := w.resolve(pattern, rt, sc)
				want := w.scopeWant(method, pattern, rt, user, sc)
				rec := w.do(w.scopeProbe(method, path, rt, user, sc))
				cases++
				byWant[want]++
				if hasID(pattern) {
					byRel[w.relation(user, sc)]++
				}
				ok := false
				switch want {
				case wantRead:
					ok = rec.Code == http.StatusOK || rec.Code == http.StatusFound || rec.Code == http.StatusSeeOther
				case wantAccepted:
					ok = rec.Code != 403 && rec.Code != 404 && rec.Code < 500
				case wantForbid:
					ok = rec.Code == http.StatusForbidden
				case wantNotFound:
					ok = rec.Code == http.StatusNotFound
				case wantOwnDecision:
					ok = rec.Code == http.StatusForbidden || rec.Code == http.StatusConflict
				case wantRefused:
					ok = rec.Code == http.StatusForbidden || rec.Code == http.StatusNotFound
				}
				if !ok {
					fails++
					t.Errorf("%s %s as %s (%s, %s): %d, want %s\n%s", method, path, user, sk, w.relation(user, sc), rec.Code, want, shorten(rec.Body.String(), 300))
				}
				// No answer names an organization the user may not see.
				text := bodyText(rec)
				for _, ok := range w.keys {
					other := w.scenes[ok]
					if w.inScope(user, other) || w.ancestorOf(user, other) {
						continue
					}
					if strings.Contains(text, other.org.Name) {
						leaks++
						t.Errorf("LEAK: %s %s as %s (%d) names %q", method, path, user, rec.Code, other.org.Name)
					}
				}
			}
		}
		if w.fullDigest() != before {
			t.Errorf("%s: the scope probes changed the database", key)
			before = w.fullDigest()
		}
	}
	t.Logf("scope matrix: %d cases (%d want 200, %d let through, %d want 403, %d want 404); by organization: %v; %d wrong answers, %d leaks",
		cases, byWant[wantRead], byWant[wantAccepted], byWant[wantForbid], byWant[wantNotFound], byRel, fails, leaks)
}

// TestHarnessMethods: on every path of the engine, each method it does not serve answers 404 or
// 405 and changes nothing; every GET, logged in or not, changes nothing either.
func TestHarnessMethods(t *testing.T) {
	w := newHarnessWorld(t)
	table := harnessRoutes()
	served := map[string]map[string]bool{}
	for key := range table {
		method, pattern, _ := strings.Cut(key, " ")
		if served[pattern] == nil {
			served[pattern] = map[string]bool{}
		}
		served[pattern][method] = true
	}
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions}
	sc := w.scenes["khcn"]
	before := w.fullDigest()
	var cases, gets, fivexx int
	for pattern, ms := range served {
		path := w.resolve(pattern, hRoute{}, sc)
		for _, m := range methods {
			for _, user := range []string{"", uAdmin} {
				r := req{method: m, path: path}
				if user != "" {
					r.as = user
				}
				if m != http.MethodGet && m != http.MethodHead {
					r.json = "{}"
				}
				if !ms[m] && servedElsewhere(table, m, path) {
					continue // "/congresses/new" is also "/congresses/:id": that route answers
				}
				if ms[m] {
					if m != http.MethodGet {
						continue // a served write: the other matrices
					}
					gets++
				}
				rec := w.do(r)
				cases++
				if rec.Code >= 500 {
					fivexx++
				}
				switch {
				case ms[m] && rec.Code >= 500:
					t.Errorf("GET %s as %q: %d", path, user, rec.Code)
				case !ms[m] && rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed:
					t.Errorf("%s %s (not served) as %q: %d, want 404 or 405", m, path, user, rec.Code)
				}
			}
		}
		// One digest per path keeps the check fast; a change names the path, whose methods then
		// need a look one by one.
		if d := w.fullDigest(); d != before {
			t.Errorf("a method of %s changed the database", path)
			before = d
		}
	}
	t.Logf("method check: %d paths, %d requests (%d GETs of served routes), %d 5xx", len(served), cases, gets, fivexx)
}

// servedElsewhere reports whether another route of the method matches the path.
func servedElsewhere(table map[string]hRoute, method, path string) bool {
	for key := range table {
		m, pattern, _ := strings.Cut(key, " ")
		if m == method && !strings.Contains(pattern, "*") && patternRe(pattern).MatchString(path) {
			return true
		}
	}
	return false
}
