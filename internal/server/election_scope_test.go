package server

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"daihoi/internal/congress"
)

// electionScene is a congress with a person, an open round and a closed round, and the paths of
// every election route about them.
type electionScene struct {
	reads, pageWrites, apiWrites []req
}

// newElectionScene builds the records in congress cg and lists each route once, without a user:
// for sets one.
func newElectionScene(f *fixture, cg *congress.Congress) electionScene {
	f.t.Helper()
	p := f.mustPersons(cg.ID, "Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường")
	an, bich, cuong := p["Lê Văn An"], p["Trần Thị Bích"], p["Phạm Văn Cường"]
	body := congress.BodyExecutive
	if cg.OrganizationKind == congress.KindCell {
		body = congress.BodyCellCommittee
	}
	ev := f.mustElection(cg.ID, body, congress.ListSurplus, 2, an, bich, cuong)
	closed := f.mustTotalsRound(ev.ID, cg.Attendance)
	f.mustTally(closed, 0, map[int64]int{an: cg.Present, bich: 1, cuong: 1})
	f.mustClose(closed.ID)
	open := f.mustTotalsRound(ev.ID, cg.Attendance, bich, cuong)

	c, e, r, rc := fmt.Sprint(cg.ID), fmt.Sprint(ev.ID), fmt.Sprint(open.ID), fmt.Sprint(closed.ID)
	person := fmt.Sprint(an)
	page := func(method, path string, form url.Values) req {
		return req{method: method, path: path, form: form}
	}
	api := func(method, path, body string) req {
		return req{method: method, path: "/api/v1" + path, json: body}
	}
	s := electionScene{}
	for _, path := range []string{"/congresses/" + c, "/congresses/" + c + "/persons", "/elections/" + e, "/rounds/" + r, "/rounds/" + rc,
		"/congresses/" + c + "/rounds/" + rc + "/minutes", "/congresses/" + c + "/rounds/" + rc + "/minutes.xlsx",
		"/congresses/" + c + "/rounds/" + r + "/ballots/print"} {
		s.reads = append(s.reads, page(http.MethodGet, path, nil))
	}
	for _, path := range []string{"/congresses/" + c + "/persons", "/persons/" + person, "/congresses/" + c + "/elections",
		"/elections/" + e, "/elections/" + e + "/rounds", "/rounds/" + r, "/rounds/" + r + "/result", "/rounds/" + rc + "/result",
		"/congresses/" + c + "/committee", "/congresses/" + c + "/delegates"} {
		s.reads = append(s.reads, api(http.MethodGet, path, ""))
	}
	form := url.Values{"version": {"1"}, "full_name": {"X"}, "seats": {"1"}, "reason": {"Lý do mở lại"}}
	for _, w := range []struct{ method, path string }{
		{http.MethodGet, "/persons/" + person + "/edit"}, {http.MethodGet, "/congresses/" + c + "/elections/new"},
		{http.MethodGet, "/elections/" + e + "/edit"},
		{http.MethodPost, "/congresses/" + c + "/persons"}, {http.MethodPost, "/persons/" + person},
		{http.MethodPost, "/congresses/" + c + "/elections"}, {http.MethodPost, "/elections/" + e},
		{http.MethodPost, "/elections/" + e + "/rounds"}, {http.MethodPost, "/elections/" + e + "/end"},
		{http.MethodPost, "/elections/" + e + "/appoint"}, {http.MethodPost, "/rounds/" + r + "/setup"},
		{http.MethodPost, "/rounds/" + r + "/tally"}, {http.MethodPost, "/rounds/" + r + "/close"},
		{http.MethodPost, "/rounds/" + rc + "/reopen"},
	} {
		s.pageWrites = append(s.pageWrites, page(w.method, w.path, form))
	}
	for _, w := range []struct{ method, path, body string }{
		{http.MethodPost, "/congresses/" + c + "/persons", `{"full_name":"X"}`},
		{http.MethodPut, "/persons/" + person, `{"full_name":"X","version":1}`},
		{http.MethodPost, "/congresses/" + c + "/elections", `{"body":"standing","seats":1,"candidates":[]}`},
		{http.MethodPut, "/elections/" + e, `{"seats":2,"version":3,"candidates":[]}`},
		{http.MethodPost, "/elections/" + e + "/end", `{}`},
		{http.MethodPost, "/elections/" + e + "/appoint", `{"person_id":1}`},
		{http.MethodPost, "/elections/" + e + "/rounds", `{}`},
		{http.MethodPut, "/rounds/" + r, `{"version":1}`},
		{http.MethodPut, "/rounds/" + r + "/tally", `{"version":1}`},
		{http.MethodPost, "/rounds/" + r + "/close", ``},
		{http.MethodPost, "/rounds/" + rc + "/reopen", `{"reason":"Lý do mở lại"}`},
		{http.MethodPost, "/rounds/" + r + "/reopen", `{broken`},
	} {
		s.apiWrites = append(s.apiWrites, api(w.method, w.path, w.body))
	}
	return s
}

// forUser returns the scene's requests sent by user: pages with the session cookie, the API with the
// bearer token.
func (s electionScene) forUser(user string) electionScene {
	set := func(list []req) []req {
		out := make([]req, len(list))
		for i, r := range list {
			if isAPI(httpReq(r.path)) {
				r.bearer = user
			} else {
				r.as = user
			}
			out[i] = r
		}
		return out
	}
	return electionScene{reads: set(s.reads), pageWrites: set(s.pageWrites), apiWrites: set(s.apiWrites)}
}

// TestElectionRoles: staff and auditors read every election page and API answer, and every write
// of theirs is 403 before the input is read, changing nothing.
func TestElectionRoles(t *testing.T) {
	for _, user := range []string{uStaff, uAuditor} {
		t.Run(user, func(t *testing.T) {
			f := newFixture(t)
			s := newElectionScene(f, f.cKHCN).forUser(user)
			for _, r := range s.reads {
				if w := f.do(r); w.Code != http.StatusOK {
					t.Errorf("%s %s: %d, want 200", r.method, r.path, w.Code)
				}
			}
			before := f.electionDigest()
			for _, r := range append(s.pageWrites, s.apiWrites...) {
				w := f.do(r)
				if w.Code != http.StatusForbidden {
					t.Errorf("%s %s: %d, want 403", r.method, r.path, w.Code)
					continue
				}
				if isAPI(httpReq(r.path)) && apiErr(t, w).Code != congress.EFORBIDDEN {
					t.Errorf("%s %s: code %s", r.method, r.path, apiErr(t, w).Code)
				}
			}
			if f.electionDigest() != before {
				t.Error("a read-only role changed the record")
			}
		})
	}
}

// TestElectionScope: another organization's persons, elections, rounds, minutes and committee
// answer 404 to a secretary, for reads and writes alike, and nothing changes; the secretary of the
// committee above sees a cell's records.
func TestElectionScope(t *testing.T) {
	f := newFixture(t)
	scene := newElectionScene(f, f.cKHCN)
	khcn := scene.forUser(uSecTC) // the Sở Tài chính's secretary on the Sở KH&CN's records
	before := f.electionDigest()
	for _, r := range append(append(khcn.reads, khcn.pageWrites...), khcn.apiWrites...) {
		if w := f.do(r); w.Code != http.StatusNotFound {
			t.Errorf("other organization %s %s: %d, want 404", r.method, r.path, w.Code)
		}
	}
	// A cell's secretary does not see the committee above.
	for _, r := range scene.forUser(uSecCell).reads {
		if w := f.do(r); w.Code != http.StatusNotFound {
			t.Errorf("committee above %s %s: %d, want 404", r.method, r.path, w.Code)
		}
	}
	if f.electionDigest() != before {
		t.Error("out-of-scope requests changed the record")
	}
	// The Sở KH&CN's secretary reads the records of its cell.
	cell := newElectionScene(f, f.cCell).forUser(uSecKHCN)
	for _, r := range cell.reads {
		if w := f.do(r); w.Code != http.StatusOK {
			t.Errorf("own subtree %s %s: %d, want 200", r.method, r.path, w.Code)
		}
	}
}
