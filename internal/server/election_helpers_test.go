package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// electionTables are the tables elections write; electionDigest hashes them with the audit trail.
var electionTables = []string{"persons", "elections", "candidates", "rounds", "round_candidates", "ballots", "documents", "audit_log"}

// electionDigest hashes every row of the election tables and the audit trail: equal digests mean
// a request changed nothing.
func (f *fixture) electionDigest() string {
	f.t.Helper()
	h := sha256.New()
	for _, table := range electionTables {
		// Every table's first two columns identify a row (its id, or the key of a list row).
		rows, err := f.db.R.Queryx(`SELECT * FROM ` + table + ` ORDER BY 1, 2`)
		if err != nil {
			f.t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n", table)
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				f.t.Fatal(err)
			}
			for _, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(h, "%v\x1f", v)
			}
			h.Write([]byte{'\n'})
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil)) + f.digest()
}

// mustPersons adds persons to a congress's roll and returns their ids by name.
func (f *fixture) mustPersons(congressID int64, names ...string) map[string]int64 {
	f.t.Helper()
	ids := map[string]int64{}
	for i, n := range names {
		p := &congress.Person{CongressID: congressID, FullName: n, BirthDate: fmt.Sprintf("197%d-0%d-1%d", i%10, i%9+1, i%9),
			Gender: "male", Position: "Trưởng phòng", Incumbent: i%2 == 0}
		if err := f.store.CreatePerson(context.Background(), congress.System, p); err != nil {
			f.t.Fatalf("person %s: %v", n, err)
		}
		ids[n] = p.ID
	}
	return ids
}

// mustElection records an election of the congress through the store.
func (f *fixture) mustElection(congressID int64, body, kind string, seats int, ids ...int64) *store.ElectionView {
	f.t.Helper()
	in := &store.ElectionInput{Election: congress.Election{CongressID: congressID, Body: body, Seats: seats, ListKind: kind},
		CandidateIDs: ids}
	if err := f.store.CreateElection(context.Background(), congress.System, in); err != nil {
		f.t.Fatalf("election %s: %v", body, err)
	}
	ev, err := f.store.FindElectionByID(context.Background(), congress.System, in.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return ev
}

// mustTotalsRound opens the next round of an election by totals, with a counting committee and
// the attendance given, and returns it.
func (f *fixture) mustTotalsRound(electionID int64, att congress.Attendance, ids ...int64) *store.RoundView {
	f.t.Helper()
	r := &congress.Round{Attendance: att, EntryMode: congress.EntryTotals, Issued: att.Present, CandidateIDs: ids,
		Counters: []congress.CountingMember{{Name: "Trưởng Ban Kiểm", Head: true}, {Name: "Thành Viên Một"}}}
	if err := f.store.CreateRound(context.Background(), congress.System, electionID, r); err != nil {
		f.t.Fatalf("round of election %d: %v", electionID, err)
	}
	return f.round(r.ID)
}

// mustTally stores the totals of a round: everyone present voted, invalid ballots as given, votes
// by person id.
func (f *fixture) mustTally(rv *store.RoundView, invalid int, votes map[int64]int) {
	f.t.Helper()
	t := &store.Tally{Version: rv.Version, Issued: rv.Present, Collected: rv.Present, Valid: rv.Present - invalid, Invalid: invalid}
	for id, v := range votes {
		t.VotesList = append(t.VotesList, store.CandidateTally{PersonID: id, Votes: v})
	}
	if err := f.store.SetTally(context.Background(), congress.System, rv.ID, t); err != nil {
		f.t.Fatalf("tally of round %d: %v", rv.ID, err)
	}
}

// mustClose closes a round through the store.
func (f *fixture) mustClose(roundID int64) {
	f.t.Helper()
	if _, err := f.store.CloseRound(context.Background(), congress.System, roundID); err != nil {
		f.t.Fatalf("close round %d: %v", roundID, err)
	}
}

// round reads a round as stored.
func (f *fixture) round(id int64) *store.RoundView {
	f.t.Helper()
	rv, err := f.store.FindRoundByID(context.Background(), congress.System, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return rv
}

// election reads an election as stored.
func (f *fixture) election(id int64) *store.ElectionView {
	f.t.Helper()
	ev, err := f.store.FindElectionByID(context.Background(), congress.System, id)
	if err != nil {
		f.t.Fatal(err)
	}
	return ev
}

// post sends a form as user.
func (f *fixture) post(user, path string, form url.Values) *httptest.ResponseRecorder {
	f.t.Helper()
	return f.do(req{method: http.MethodPost, path: path, as: user, form: form})
}

// api sends a JSON body with user's bearer token.
func (f *fixture) api(method, path, user string, body any) *httptest.ResponseRecorder {
	f.t.Helper()
	r := req{method: method, path: path, bearer: user}
	switch b := body.(type) {
	case nil:
	case string:
		r.json = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			f.t.Fatal(err)
		}
		r.json = string(data)
	}
	return f.do(r)
}

// wantStatus fails the test unless w has the status.
func wantStatus(t testing.TB, w *httptest.ResponseRecorder, status int, what string) {
	t.Helper()
	if w.Code != status {
		body := w.Body.String()
		if len(body) > 3000 {
			body = body[:3000]
		}
		t.Fatalf("%s: status %d, want %d\n%s", what, w.Code, status, body)
	}
}

// wantRedirect fails the test unless w is a 303 to a path starting with prefix; it returns the
// path.
func wantRedirect(t testing.TB, w *httptest.ResponseRecorder, prefix, what string) string {
	t.Helper()
	wantStatus(t, w, http.StatusSeeOther, what)
	loc := w.Header().Get("Location")
	if !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s: redirect to %q, want %q…", what, loc, prefix)
	}
	return loc
}

// idAfter returns the number after prefix in a path: "/rounds/12#setup" → 12.
func idAfter(t testing.TB, path, prefix string) int64 {
	t.Helper()
	m := regexp.MustCompile(regexp.QuoteMeta(prefix) + `(\d+)`).FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("no id after %q in %q", prefix, path)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// wantText fails unless the page contains each text (HTML-escaped as templates write it). The
// no-break spaces and word joiners that keep headings together read as plain spaces.
func wantText(t testing.TB, w *httptest.ResponseRecorder, texts ...string) {
	t.Helper()
	body := strings.NewReplacer("\u00a0", " ", "\u2060", "").Replace(w.Body.String())
	for _, s := range texts {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

// decode unmarshals a JSON answer.
func decode[T any](t testing.TB, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, w.Body.String())
	}
	return v
}

// ids lists person ids as form values.
func idValues(ids ...int64) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return out
}
