package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

func TestBallotAPI(t *testing.T) {
	f := newFixture(t)
	rv := f.mustBallotRound(roundSpec{})
	url := ballotsURL(rv.ID)

	t.Run("Created", func(t *testing.T) {
		w := f.postBallot(uSecKHCN, rv.ID, `{"slot": 1, "number": 1, "struck": [2, 5]}`)
		if w.Code != http.StatusCreated {
			t.Fatalf("status %d\n%s", w.Code, w.Body.String())
		}
		var b ballotJSON
		decodeAnswer(t, w, &b)
		if b.Number != 1 || b.Slot != 1 || !b.Valid || b.Reason != "" || !slices.Equal(b.Struck, []int{2, 5}) ||
			!slices.Equal(b.Kept, []int{1, 3, 4, 6, 7, 8}) || b.Marks != nil {
			t.Errorf("ballot %+v", b)
		}
		if b.Clerk != f.users[uSecKHCN].FullName {
			t.Errorf("clerk %q", b.Clerk)
		}
	})
	t.Run("ResentIsTheStoredOne", func(t *testing.T) {
		before := f.tableDigest(countingTables...)
		w := f.postBallot(uSecKHCN, rv.ID, `{"slot": 1, "number": 1, "struck": [5, 2]}`)
		if w.Code != http.StatusOK {
			t.Fatalf("status %d\n%s", w.Code, w.Body.String())
		}
		if f.tableDigest(countingTables...) != before {
			t.Error("a resend changed the record")
		}
	})
	t.Run("NumberTwiceOtherContent", func(t *testing.T) {
		before := f.tableDigest(countingTables...)
		w := f.postBallot(uSecKHCN, rv.ID, `{"slot": 1, "number": 1, "struck": [3]}`)
		if w.Code != http.StatusConflict {
			t.Fatalf("status %d\n%s", w.Code, w.Body.String())
		}
		e := apiErr(t, w)
		if !strings.Contains(e.Message, "Phiếu số 1 đã được nhập") || e.Fields["number"] == "" {
			t.Errorf("error %+v", e)
		}
		if f.tableDigest(countingTables...) != before {
			t.Error("a conflicting ballot changed the record")
		}
	})
	t.Run("ClerkNameCutBetweenLetters", func(t *testing.T) {
		w := f.postBallot(uSecKHCN, rv.ID, `{"struck": [1], "clerk": "`+strings.Repeat("Đặng Thị Mai ", 12)+`"}`)
		var b ballotJSON
		decodeAnswer(t, w, &b)
		if w.Code != http.StatusCreated || len(b.Clerk) > 100 || !utf8.ValidString(b.Clerk) || !strings.HasPrefix(b.Clerk, "Đặng Thị Mai Đặng") {
			t.Fatalf("status %d, clerk %q", w.Code, b.Clerk)
		}
		if w := f.do(req{method: http.MethodDelete, path: url + "/last", as: uSecKHCN}); w.Code != http.StatusOK {
			t.Fatalf("undo: %d", w.Code)
		}
	})
	t.Run("ServerNumbers", func(t *testing.T) {
		w := f.postBallot(uSecKHCN, rv.ID, `{"struck": [8]}`)
		var b ballotJSON
		decodeAnswer(t, w, &b)
		if w.Code != http.StatusCreated || b.Number != 2 || b.Slot != 1 {
			t.Fatalf("status %d, ballot %+v", w.Code, b)
		}
	})
	t.Run("KeptForm", func(t *testing.T) {
		w := f.postBallot(uSecKHCN, rv.ID, `{"number": 3, "kept": [1, 2, 3, 4, 5, 6, 7]}`)
		var b ballotJSON
		decodeAnswer(t, w, &b)
		if w.Code != http.StatusCreated || !b.Valid || !slices.Equal(b.Struck, []int{8}) {
			t.Fatalf("status %d, ballot %+v", w.Code, b)
		}
	})
	t.Run("TooManyKeptIsInvalidNotAnError", func(t *testing.T) {
		w := f.postBallot(uSecKHCN, rv.ID, `{"number": 4, "struck": []}`)
		var b ballotJSON
		decodeAnswer(t, w, &b)
		if w.Code != http.StatusCreated || b.Valid || b.Reason != election.ReasonTooManyKept || b.ReasonLabel == "" || len(b.Kept) != 8 {
			t.Fatalf("status %d, ballot %+v", w.Code, b)
		}
	})
	t.Run("InvalidWithReason", func(t *testing.T) {
		w := f.postBallot(uSecKHCN, rv.ID, `{"number": 5, "struck": [1], "invalid": "signed", "note": "Có chữ ký"}`)
		var b ballotJSON
		decodeAnswer(t, w, &b)
		if w.Code != http.StatusCreated || b.Valid || b.Reason != election.ReasonSigned || b.Invalid != "signed" || b.Note != "Có chữ ký" {
			t.Fatalf("status %d, ballot %+v", w.Code, b)
		}
		// A ballot ruled invalid may be entered without its names.
		w = f.postBallot(uSecKHCN, rv.ID, `{"number": 6, "invalid": "not_issued"}`)
		decodeAnswer(t, w, &b)
		if w.Code != http.StatusCreated || b.Reason != election.ReasonNotIssued {
			t.Fatalf("status %d, ballot %+v", w.Code, b)
		}
	})

	// Bad input: a 4xx naming the field, and nothing changed.
	other := f.mustBallotRound(roundSpec{cg: f.cTC})
	cross := map[string][]string{"Origin": {"http://evil.example"}, "Sec-Fetch-Site": {"cross-site"}}
	for _, tc := range []struct {
		name   string
		r      req
		status int
		field  string
	}{
		{"PositionOutsideList", req{json: `{"number": 7, "struck": [9]}`}, 422, "struck[0]"},
		{"PositionZero", req{json: `{"number": 7, "struck": [0]}`}, 422, "struck[0]"},
		{"PositionTwice", req{json: `{"number": 7, "struck": [2, 2]}`}, 422, "struck[1]"},
		{"KeptOutsideList", req{json: `{"number": 7, "kept": [1, 12]}`}, 422, "kept[1]"},
		{"StruckAndKept", req{json: `{"number": 7, "struck": [1], "kept": [2]}`}, 422, "struck"},
		{"MarksOnSurplus", req{json: `{"number": 7, "marks": ["agree"]}`}, 422, "marks"},
		{"NothingSaid", req{json: `{"number": 7}`}, 422, "struck"},
		{"OtherWithoutNote", req{json: `{"number": 7, "struck": [1], "invalid": "other"}`}, 422, "note"},
		{"WrongSlot", req{json: `{"slot": 2, "number": 7, "struck": [1]}`}, 422, "slot"},
		{"SlotThree", req{json: `{"slot": 3, "number": 7, "struck": [1]}`}, 422, "slot"},
		{"NegativeNumber", req{json: `{"number": -1, "struck": [1]}`}, 422, "number"},
		{"HugeNumber", req{json: `{"number": 99999999999, "struck": [1]}`}, 422, "number"},
		{"StruckNotNumbers", req{json: `{"number": 7, "struck": ["a"]}`}, 422, "struck"},
		{"UnknownField", req{json: `{"number": 7, "struck": [1], "votes": 3}`}, 422, "votes"},
		{"MalformedJSON", req{json: `{"number": 7, "struck": [1}`}, 400, ""},
		{"TwoObjects", req{json: `{"number": 7, "struck": [1]} {}`}, 400, ""},
		{"NotJSON", req{body: strings.NewReader("number=7"), contentType: "application/x-www-form-urlencoded"}, 415, ""},
		{"BadRoundID", req{path: "/api/v1/rounds/abc/ballots", json: `{"struck": [1]}`}, 404, ""},
		{"UnknownRound", req{path: "/api/v1/rounds/999999/ballots", json: `{"struck": [1]}`}, 404, ""},
		{"OtherOrganization", req{path: ballotsURL(other.ID), json: `{"struck": [1]}`}, 404, ""},
		{"OtherOrganizationSecretary", req{as: uSecTC, json: `{"struck": [1]}`}, 404, ""},
		{"Staff", req{as: uStaff, json: `{"struck": [1]}`}, 403, ""},
		{"Auditor", req{as: uAuditor, json: `{"struck": [1]}`}, 403, ""},
		{"NotLoggedIn", req{as: "-", json: `{"struck": [1]}`}, 401, ""},
		{"CrossOrigin", req{json: `{"struck": [1]}`, header: cross}, 403, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.method = http.MethodPost
			if r.path == "" {
				r.path = url
			}
			switch r.as {
			case "":
				r.as = uSecKHCN
			case "-":
				r.as = ""
			}
			before := f.tableDigest(countingTables...)
			w := f.do(r)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d\n%s", w.Code, tc.status, w.Body.String())
			}
			e := apiErr(t, w)
			if tc.field != "" && e.Fields[tc.field] == "" {
				t.Errorf("no message for %s: %+v", tc.field, e)
			}
			if f.tableDigest(countingTables...) != before {
				t.Error("a refused ballot changed the record")
			}
		})
	}

	t.Run("List", func(t *testing.T) {
		for _, user := range []string{uSecKHCN, uStaff, uAuditor, uAdmin} {
			w := f.get(user, url+"?slot=1")
			var resp ballotsResponse
			decodeAnswer(t, w, &resp)
			if w.Code != http.StatusOK || len(resp.Ballots) != 6 || resp.Piles != [2]int{6, 0} || resp.Threshold != 22 || resp.Base != 43 ||
				len(resp.Candidates) != 8 || resp.Candidates[0].Position != 1 || len(resp.Reasons) != len(election.Reasons()) ||
				resp.Differences == nil || resp.Round.Seats != 7 || resp.Round.ListKind != "surplus" {
				t.Fatalf("%s: status %d, %+v", user, w.Code, resp)
			}
		}
		// Names come in ballot order, A-B-C by given name: Bình, Dũng, Hạnh, Lan, Mai, Nam, Sơn, Tuấn.
		var resp ballotsResponse
		decodeAnswer(t, f.get(uSecKHCN, url+"?after=4"), &resp)
		if len(resp.Ballots) != 2 || resp.Ballots[0].Number != 5 || resp.Candidates[0].Name != "Trần Văn Bình" || resp.Candidates[7].Name != "Huỳnh Minh Tuấn" {
			t.Fatalf("%+v", resp)
		}
		for path, status := range map[string]int{url + "?slot=2": 422, url + "?slot=x": 422, url + "?after=-1": 422,
			ballotsURL(other.ID): 404, "/api/v1/rounds/0/ballots": 404} {
			if w := f.get(uSecKHCN, path); w.Code != status {
				t.Errorf("%s: %d, want %d", path, w.Code, status)
			} else {
				apiErr(t, w)
			}
		}
	})

	t.Run("DeleteLast", func(t *testing.T) {
		for _, tc := range []struct {
			as, path string
			status   int
		}{
			{uStaff, url + "/last", 403}, {uAuditor, url + "/last", 403}, {uSecTC, url + "/last", 404},
			{uSecKHCN, url + "/last?slot=2", 422}, {uSecKHCN, url + "/last?slot=abc", 422},
			{uSecKHCN, ballotsURL(other.ID) + "/last", 404}, {"", url + "/last", 401},
		} {
			before := f.tableDigest(countingTables...)
			w := f.do(req{method: http.MethodDelete, path: tc.path, as: tc.as})
			if w.Code != tc.status {
				t.Errorf("%s %s: %d, want %d", tc.as, tc.path, w.Code, tc.status)
			}
			apiErr(t, w)
			if f.tableDigest(countingTables...) != before {
				t.Errorf("%s %s changed the record", tc.as, tc.path)
			}
		}
		w := f.do(req{method: http.MethodDelete, path: url + "/last?slot=1", as: uSecKHCN})
		var resp struct{ Deleted ballotJSON }
		decodeAnswer(t, w, &resp)
		if w.Code != http.StatusOK || resp.Deleted.Number != 6 || f.ballotCount(rv.ID, 1) != 5 {
			t.Fatalf("status %d, %+v", w.Code, resp)
		}
		// The undone number is free again, for another content.
		if w := f.postBallot(uSecKHCN, rv.ID, `{"number": 6, "struck": [4]}`); w.Code != http.StatusCreated {
			t.Fatalf("re-entry: %d %s", w.Code, w.Body.String())
		}
	})

	t.Run("ClosedRound", func(t *testing.T) {
		if _, err := f.store.CloseRound(context.Background(), congress.System, rv.ID); err != nil {
			t.Fatal(err)
		}
		before := f.tableDigest(countingTables...)
		for _, r := range []req{
			{method: http.MethodPost, path: url, as: uSecKHCN, json: `{"number": 7, "struck": [1]}`},
			{method: http.MethodPost, path: url, as: uSecKHCN, json: `{"number": 1, "struck": [2, 5]}`},
			{method: http.MethodDelete, path: url + "/last", as: uSecKHCN},
		} {
			w := f.do(r)
			if w.Code != http.StatusConflict {
				t.Errorf("%s %s: %d\n%s", r.method, r.json, w.Code, w.Body.String())
			}
			if e := apiErr(t, w); !strings.Contains(e.Message, "đã kết thúc") {
				t.Errorf("message %q", e.Message)
			}
		}
		if f.tableDigest(countingTables...) != before {
			t.Error("a closed round changed")
		}
		var resp ballotsResponse
		decodeAnswer(t, f.get(uSecKHCN, url), &resp)
		if !resp.Round.Closed || len(resp.Ballots) != 6 {
			t.Errorf("%+v", resp.Round)
		}
	})
}

func TestBallotAPILimitsAndModes(t *testing.T) {
	f := newFixture(t)
	t.Run("NoMoreThanIssued", func(t *testing.T) {
		rv := f.mustBallotRound(roundSpec{issued: 2})
		for i := 0; i < 2; i++ {
			if w := f.postBallot(uSecKHCN, rv.ID, `{"struck": [1]}`); w.Code != http.StatusCreated {
				t.Fatalf("ballot %d: %d", i+1, w.Code)
			}
		}
		before := f.tableDigest(countingTables...)
		w := f.postBallot(uSecKHCN, rv.ID, `{"struck": [1]}`)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(apiErr(t, w).Message, "phát ra (2)") {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		if f.tableDigest(countingTables...) != before {
			t.Error("changed")
		}
	})
	t.Run("TotalsRound", func(t *testing.T) {
		rv := f.mustBallotRound(roundSpec{body: congress.BodyDelegateOfficial, seats: 2, totals: true})
		before := f.tableDigest(countingTables...)
		w := f.postBallot(uSecKHCN, rv.ID, `{"struck": [1]}`)
		if w.Code != http.StatusConflict || !strings.Contains(apiErr(t, w).Message, "nhập tổng số") {
			t.Fatalf("%d %s", w.Code, w.Body.String())
		}
		if f.tableDigest(countingTables...) != before {
			t.Error("changed")
		}
	})
}

func TestBallotAPIMarks(t *testing.T) {
	f := newFixture(t)
	rv := f.mustBallotRound(roundSpec{kind: congress.ListAgreeDisagree, seats: 3, names: countingNames[:3]})
	ok := func(body string) ballotJSON {
		t.Helper()
		w := f.postBallot(uSecKHCN, rv.ID, body)
		if w.Code != http.StatusCreated {
			t.Fatalf("%s: %d %s", body, w.Code, w.Body.String())
		}
		var b ballotJSON
		decodeAnswer(t, w, &b)
		return b
	}
	b := ok(`{"marks": ["agree", "disagree", "both"]}`)
	if !b.Valid || !slices.Equal(b.Marks, []string{"agree", "disagree", "both"}) || b.Kept != nil || b.Struck != nil {
		t.Errorf("%+v", b)
	}
	// An invalid ballot needs no marks: every box is taken as empty.
	b = ok(`{"invalid": "added_name"}`)
	if b.Valid || b.Reason != "added_name" || !slices.Equal(b.Marks, []string{"none", "none", "none"}) {
		t.Errorf("%+v", b)
	}
	for body, field := range map[string]string{
		`{"marks": ["agree", "agree"]}`:          "marks",
		`{"marks": ["agree", "maybe", "agree"]}`: "marks[1]",
		`{"struck": [1]}`:                        "marks",
		`{}`:                                     "marks",
		`{"marks": ["agree", "agree", "agree"], "invalid": "` + strings.Repeat("x", 65) + `"}`: "invalid",
	} {
		before := f.tableDigest(countingTables...)
		w := f.postBallot(uSecKHCN, rv.ID, body)
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", body, w.Code)
			continue
		}
		if e := apiErr(t, w); e.Fields[field] == "" {
			t.Errorf("%s: no message for %s: %+v", body, field, e)
		}
		if f.tableDigest(countingTables...) != before {
			t.Errorf("%s changed the record", body)
		}
	}
}

func TestDoubleEntry(t *testing.T) {
	f := newFixture(t)
	rv := f.mustBallotRound(roundSpec{double: true})
	for n := 1; n <= 3; n++ {
		f.mustAddBallot(rv, 1, n, n)
	}
	f.mustAddBallot(rv, 2, 1, 1)
	f.mustAddBallot(rv, 2, 2, 5) // the second clerk read ballot 2 differently
	var resp ballotsResponse
	w := f.get(uSecKHCN, ballotsURL(rv.ID)+"?slot=2")
	decodeAnswer(t, w, &resp)
	if w.Code != http.StatusOK || resp.Slot != 2 || resp.Piles != [2]int{3, 2} || len(resp.Ballots) != 2 {
		t.Fatalf("%d %+v", w.Code, resp)
	}
	var nums []int
	for _, d := range resp.Differences {
		nums = append(nums, d.Number)
	}
	if !slices.Equal(nums, []int{2, 3}) || resp.Differences[0].First != "gạch 2" || resp.Differences[0].Second != "gạch 5" {
		t.Fatalf("differences %+v", resp.Differences)
	}
	// Slot 2 through the API, and the room of each pile.
	if w := f.postBallot(uSecKHCN, rv.ID, `{"slot": 2, "number": 3, "struck": [3]}`); w.Code != http.StatusCreated {
		t.Fatalf("%d %s", w.Code, w.Body.String())
	}
	for _, slot := range []int{1, 2} {
		w := f.get(uSecKHCN, fmt.Sprintf("/rounds/%d/count?slot=%d", rv.ID, slot))
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`data-slot="%d"`, slot)) || !strings.Contains(body, "Nhập hai lần") ||
			!strings.Contains(body, "?slot=2") {
			t.Fatalf("slot %d: %d", slot, w.Code)
		}
	}
	// The round cannot close while the piles differ.
	if _, err := f.store.CloseRound(context.Background(), congress.System, rv.ID); congress.ErrorCode(err) != congress.EINVALID {
		t.Fatalf("close with differences: %v", err)
	}
}
