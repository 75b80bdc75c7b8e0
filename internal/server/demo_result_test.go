package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"daihoi/internal/auth"
	"daihoi/internal/congress"
	"daihoi/internal/demo"
	"daihoi/internal/election"
	"daihoi/internal/store"
	"daihoi/internal/testdb"
)

// demoServer seeds the demo into a new database and returns a server over it, the seed congress's
// id and a bearer token of the higher committee's staff (who read everything and write nothing).
func demoServer(t *testing.T) (*Server, *store.Store, int64, string) {
	t.Helper()
	ctx := context.Background()
	d := testdb.Open(t)
	st := store.New(d)
	res, err := demo.Seed(ctx, st, "mat-khau-demo-thu")
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := st.FindUserByUsername(ctx, "bantochuc")
	if err != nil {
		t.Fatal(err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, u, hash, auth.SessionTTL, "192.0.2.1", "test"); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: st, Auth: auth.NewService(st)})
	if err != nil {
		t.Fatal(err)
	}
	return srv, st, res.SeedCongressID, token
}

// getAs sends a GET with a bearer token.
func getAs(srv *Server, token, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r.Header.Set("Authorization", "Bearer "+token)
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, r)
	return w
}

// TestDemoResultsRecompute is what the higher committee can do with the API: for every round of
// the seed congress, take GET /api/v1/rounds/{id}/result's request, count it again with
// internal/election, and compare with the stored result; then recompute the fingerprint printed
// on the minutes.
func TestDemoResultsRecompute(t *testing.T) {
	srv, _, congressID, token := demoServer(t)
	w := getAs(srv, token, fmt.Sprintf("/api/v1/congresses/%d/elections", congressID))
	if w.Code != http.StatusOK {
		t.Fatalf("elections: %d %s", w.Code, w.Body.String())
	}
	var list struct {
		Items []store.ElectionView `json:"items"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	rounds, ballotRounds := 0, 0
	for _, ev := range list.Items {
		for _, r := range ev.Rounds {
			rounds++
			w := getAs(srv, token, fmt.Sprintf("/api/v1/rounds/%d/result", r.ID))
			if w.Code != http.StatusOK {
				t.Fatalf("result of round %d: %d", r.ID, w.Code)
			}
			// The answer has exactly the stable keys.
			var keys map[string]json.RawMessage
			if err := json.Unmarshal(w.Body.Bytes(), &keys); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"request", "result", "closed", "fingerprint", "ballots_digest"} {
				if _, ok := keys[k]; !ok {
					t.Errorf("round %d: no %q in the answer", r.ID, k)
				}
			}
			if len(keys) != 5 {
				t.Errorf("round %d: keys %v", r.ID, reflect.ValueOf(keys).MapKeys())
			}
			var got struct {
				Request       json.RawMessage  `json:"request"`
				Result        *election.Result `json:"result"`
				Closed        bool             `json:"closed"`
				Fingerprint   string           `json:"fingerprint"`
				BallotsDigest string           `json:"ballots_digest"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if !got.Closed || got.Result == nil {
				t.Fatalf("round %d (%s) is not closed with a result", r.ID, ev.Body)
			}
			// The request is read as any outside client reads it: through the count contract's
			// decoder, the one `daihoi count` uses.
			req, err := election.DecodeRequest(bytes.NewReader(got.Request))
			if err != nil {
				t.Fatalf("round %d: request does not decode: %v", r.ID, err)
			}
			again, err := election.Count(req)
			if err != nil {
				t.Fatalf("round %d: count: %v", r.ID, err)
			}
			if !reflect.DeepEqual(again, *got.Result) {
				t.Errorf("round %d (%s): recomputed %+v\nstored %+v", r.ID, ev.Body, again, *got.Result)
			}
			if fp := store.Fingerprint(req, again, got.BallotsDigest); fp != got.Fingerprint {
				t.Errorf("round %d (%s): fingerprint %s, recomputed %s", r.ID, ev.Body, got.Fingerprint, fp)
			}
			if got.BallotsDigest != "" {
				ballotRounds++
			}
		}
	}
	if rounds != 7 || ballotRounds != 1 {
		t.Errorf("%d rounds, %d entered ballot by ballot; the seed has 7 and 1", rounds, ballotRounds)
	}
}

// TestMinutesAssembly: the number to elect is voted by the congress, except at the new
// committee's first session, where the committee's conference votes it (rule 8).
func TestMinutesAssembly(t *testing.T) {
	srv, st, congressID, token := demoServer(t)
	var rounds []struct {
		ID   int64  `db:"id"`
		Body string `db:"body"`
	}
	if err := st.DB().R.Select(&rounds, `SELECT r.id, e.body FROM rounds r JOIN elections e ON e.id = r.election_id
		WHERE e.congress_id = ? AND r.closed_at <> '' ORDER BY r.id`, congressID); err != nil {
		t.Fatal(err)
	}
	seen := map[bool]bool{}
	for _, r := range rounds {
		want := "Đại hội đã biểu quyết bầu"
		if congress.FirstSession(congress.KindGrassroots, r.Body) {
			want = "Hội nghị đã biểu quyết bầu"
		}
		seen[want == "Hội nghị đã biểu quyết bầu"] = true
		base := fmt.Sprintf("/congresses/%d/rounds/%d/minutes", congressID, r.ID)
		if w := getAs(srv, token, base); w.Code != http.StatusOK || !bytes.Contains(w.Body.Bytes(), []byte(want)) {
			t.Errorf("%s (%s): status %d, want %q in the print view", base, r.Body, w.Code, want)
		}
		w := getAs(srv, token, base+".xlsx")
		x, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
		if err != nil {
			t.Fatalf("%s.xlsx: %v", base, err)
		}
		all, _ := sheetText(t, x, x.GetSheetList()[0])
		if !slices.ContainsFunc(all, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("%s.xlsx (%s): no %q", base, r.Body, want)
		}
		x.Close()
	}
	if !seen[true] || !seen[false] {
		t.Fatalf("the demo should have rounds of both kinds, saw %v", seen)
	}
}
