package election

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"daihoi/internal/congress"
)

// TestCheckBallot covers rule 3 (Điều 15 QĐ 190-QĐ/TW; Điều 17 QĐ 244-QĐ/TW).
func TestCheckBallot(t *testing.T) {
	A, D, B, N := MarkAgree, MarkDisagree, MarkBoth, MarkNone
	cases := []struct {
		name       string
		list       ListKind
		n, seats   int
		ballot     Ballot
		wantReason string
	}{
		{"surplus: keeps exactly the seats", ListSurplus, 5, 3, Ballot{Kept: []int{0, 2, 4}}, ""},
		{"surplus: keeps fewer than the seats", ListSurplus, 5, 3, Ballot{Kept: []int{1}}, ""},
		{"surplus: keeps more names than seats is invalid", ListSurplus, 5, 3, Ballot{Kept: []int{0, 1, 2, 3}}, ReasonTooManyKept},
		{"surplus: strikes every name on a multi-candidate list is invalid", ListSurplus, 5, 3, Ballot{}, ReasonAllStruck},
		{"surplus: Struck helper strikes every name", ListSurplus, 3, 2, Struck(3, 0, 1, 2), ReasonAllStruck},
		{"surplus: Struck helper strikes two of five", ListSurplus, 5, 3, Struck(5, 1, 3), ""},
		{"surplus: Struck helper strikes one of five for three seats", ListSurplus, 5, 3, Struck(5, 1), ReasonTooManyKept},
		{"surplus: one name struck on a one-name list is a vote against, valid", ListSurplus, 1, 1, Ballot{}, ""},
		{"not issued by the counting committee", ListSurplus, 5, 3, Ballot{Kept: []int{0}, Invalid: ReasonNotIssued}, ReasonNotIssued},
		{"congress's own reason: added a name", ListSurplus, 5, 3, Ballot{Kept: []int{0}, Invalid: ReasonAddedName}, ReasonAddedName},
		{"congress's own reason: signed", ListSurplus, 5, 3, Ballot{Kept: []int{0}, Invalid: ReasonSigned}, ReasonSigned},
		{"free text reason", ListSurplus, 5, 3, Ballot{Kept: []int{0}, Invalid: ReasonOther, Note: "rách đôi"}, ReasonOther},
		{"a code the congress added", ListSurplus, 5, 3, Ballot{Kept: []int{0}, Invalid: "wrong_pen"}, "wrong_pen"},
		{"one-person list: agree", ListAgreeDisagree, 1, 1, Ballot{Marks: []Mark{A}}, ""},
		{"one-person list: disagree", ListAgreeDisagree, 1, 1, Ballot{Marks: []Mark{D}}, ""},
		{"one-person list: both boxes is invalid", ListAgreeDisagree, 1, 1, Ballot{Marks: []Mark{B}}, ReasonOnePersonMarks},
		{"one-person list: neither box is invalid", ListAgreeDisagree, 1, 1, Ballot{Marks: []Mark{N}}, ReasonOnePersonMarks},
		{"multi-person list: both or neither for a person stays valid", ListAgreeDisagree, 3, 3, Ballot{Marks: []Mark{A, B, N}}, ""},
		{"multi-person list: disagree with everyone stays valid", ListAgreeDisagree, 3, 3, Ballot{Marks: []Mark{D, D, D}}, ""},
		{"multi-person list: agree with more than the seats is invalid", ListAgreeDisagree, 3, 2, Ballot{Marks: []Mark{A, A, A}}, ReasonTooManyKept},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckBallot(tc.list, tc.n, tc.seats, tc.ballot)
			if err != nil {
				t.Fatalf("CheckBallot: %v %v", err, congress.ErrorFields(err))
			}
			if got != tc.wantReason {
				t.Fatalf("reason = %q, want %q", got, tc.wantReason)
			}
		})
	}
}

func TestCheckBallotUnreadable(t *testing.T) {
	cases := []struct {
		name     string
		list     ListKind
		n, seats int
		ballot   Ballot
		field    string
	}{
		{"unknown list kind", "ranked", 3, 1, Ballot{}, "list"},
		{"no candidates", ListSurplus, 0, 1, Ballot{}, "candidates"},
		{"no seats", ListSurplus, 3, 0, Ballot{}, "seats"},
		{"position out of range", ListSurplus, 3, 2, Ballot{Kept: []int{0, 3}}, "kept[1]"},
		{"negative position", ListSurplus, 3, 2, Ballot{Kept: []int{-1}}, "kept[0]"},
		{"position twice", ListSurplus, 3, 2, Ballot{Kept: []int{1, 1}}, "kept[1]"},
		{"marks on a surplus ballot", ListSurplus, 3, 2, Ballot{Marks: []Mark{MarkAgree}}, "marks"},
		{"kept on an agree/disagree ballot", ListAgreeDisagree, 3, 3, Ballot{Kept: []int{0}, Marks: make([]Mark, 3)}, "kept"},
		{"too few marks", ListAgreeDisagree, 3, 3, Ballot{Marks: make([]Mark, 2)}, "marks"},
		{"unknown mark", ListAgreeDisagree, 2, 2, Ballot{Marks: []Mark{MarkAgree, 7}}, "marks[1]"},
		{"other without a note", ListSurplus, 3, 2, Ballot{Invalid: ReasonOther}, "note"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CheckBallot(tc.list, tc.n, tc.seats, tc.ballot)
			if _, ok := congress.ErrorFields(err)[tc.field]; !ok || congress.ErrorCode(err) != congress.EINVALIDCOUNT {
				t.Fatalf("want invalid_count on %q, got %v %v", tc.field, err, congress.ErrorFields(err))
			}
		})
	}
}

// TestTallyBallots: rule 1 (only valid ballots count) and rule 3 together; the tally feeds Count.
func TestTallyBallots(t *testing.T) {
	cands := []string{"Lê Văn An", "Lê Văn Bình", "Lê Văn Cường", "Lê Văn Dũng"}
	ballots := []Ballot{
		{Kept: []int{0, 1}},
		{Kept: []int{0, 2}},
		Struck(4, 3, 2),
		{Kept: []int{0}},
		{Kept: []int{0, 1, 2}}, // too many kept
		{},                     // all struck
		{Kept: []int{3}, Invalid: ReasonNotIssued}, // not issued
		{Kept: []int{1}, Invalid: ReasonOther, Note: "ký tên"},
	}
	tl, err := TallyBallots(ListSurplus, cands, 2, ballots)
	if err != nil {
		t.Fatal(err)
	}
	if tl.Collected != 8 || tl.Issued != 8 || tl.Valid != 4 || tl.Invalid != 4 {
		t.Fatalf("totals %+v", tl)
	}
	if want := []int{4, 2, 1, 0}; !slices.Equal(tl.Votes, want) {
		t.Fatalf("votes %v, want %v", tl.Votes, want)
	}
	wantReasons := map[string]int{ReasonTooManyKept: 1, ReasonAllStruck: 1, ReasonNotIssued: 1, ReasonOther: 1}
	if !maps.Equal(tl.InvalidByReason, wantReasons) {
		t.Fatalf("reasons %v, want %v", tl.InvalidByReason, wantReasons)
	}
	req := members(2, 8)
	req.Ballots = tl.Totals()
	req.Candidates = tl.CandidateVotes()
	res := mustCount(t, req)
	if len(res.Elected) != 0 || res.VacantSeats != 2 { // 4 of 8 is exactly half: not elected (rule 2)
		t.Fatalf("result %+v", res)
	}
}

func TestTallyAgreeDisagree(t *testing.T) {
	A, D, B, N := MarkAgree, MarkDisagree, MarkBoth, MarkNone
	t.Run("multi-person list: both or neither gives no vote, ballot valid", func(t *testing.T) {
		tl, err := TallyBallots(ListAgreeDisagree, []string{"Lê Văn An", "Lê Văn Bình"}, 2, []Ballot{
			{Marks: []Mark{A, A}}, {Marks: []Mark{A, B}}, {Marks: []Mark{N, D}}, {Marks: []Mark{D, A}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if tl.Valid != 4 || tl.Invalid != 0 || !slices.Equal(tl.Votes, []int{2, 2}) {
			t.Fatalf("%+v", tl)
		}
	})
	t.Run("one-person list: both or neither invalidates the ballot", func(t *testing.T) {
		tl, err := TallyBallots(ListAgreeDisagree, []string{"Huỳnh Minh Tuấn"}, 1, []Ballot{
			{Marks: []Mark{A}}, {Marks: []Mark{A}}, {Marks: []Mark{D}}, {Marks: []Mark{B}}, {Marks: []Mark{N}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if tl.Valid != 3 || tl.Invalid != 2 || tl.InvalidByReason[ReasonOnePersonMarks] != 2 || tl.Votes[0] != 2 {
			t.Fatalf("%+v", tl)
		}
		// Secretary elected by the congress of a cell of 5 official members: 2 of 5 is not over half.
		req := members(1, 5)
		req.Ballots = tl.Totals()
		req.Candidates = tl.CandidateVotes()
		if res := mustCount(t, req); len(res.Elected) != 0 || res.VacantSeats != 1 {
			t.Fatalf("%+v", res)
		}
	})
}

func TestTallyBallotsErrors(t *testing.T) {
	_, err := TallyBallots(ListSurplus, []string{"Lê Văn An", "Lê Văn Bình"}, 1, []Ballot{{Kept: []int{0}}, {Kept: []int{5}}})
	if _, ok := congress.ErrorFields(err)["ballots[1].kept[0]"]; !ok {
		t.Fatalf("want the bad ballot named, got %v %v", err, congress.ErrorFields(err))
	}
	_, err = TallyBallots(ListSurplus, []string{"Lê Văn An", "lê văn an"}, 1, nil)
	if _, ok := congress.ErrorFields(err)["candidates[1].name"]; !ok {
		t.Fatalf("duplicate names: %v %v", err, congress.ErrorFields(err))
	}
	_, err = TallyBallots(ListSurplus, nil, 1, nil)
	if congress.ErrorCode(err) != congress.EINVALIDCOUNT {
		t.Fatalf("empty list: %v", err)
	}
	// Many bad ballots: the error stays bounded.
	bad := make([]Ballot, 1000)
	for i := range bad {
		bad[i] = Ballot{Kept: []int{9}}
	}
	_, err = TallyBallots(ListSurplus, []string{"Lê Văn An"}, 1, bad)
	if n := len(congress.ErrorFields(err)); n == 0 || n > 20 {
		t.Fatalf("fields: %d", n)
	}
}

func TestReasons(t *testing.T) {
	for _, r := range Reasons() {
		if ReasonLabel(r) == r || ReasonLabel(r) == "" {
			t.Errorf("reason %q has no Vietnamese label", r)
		}
	}
	if ReasonLabel("wrong_pen") != "wrong_pen" {
		t.Error("a congress's own code is shown as it is")
	}
}

func TestBallotJSON(t *testing.T) {
	b := Ballot{Marks: []Mark{MarkAgree, MarkDisagree, MarkBoth, MarkNone}}
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"marks":["agree","disagree","both","none"]}`; string(data) != want {
		t.Fatalf("json = %s, want %s", data, want)
	}
	var back Ballot
	if err := json.Unmarshal(data, &back); err != nil || !slices.Equal(back.Marks, b.Marks) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"marks":["yes"]}`), &back); err == nil {
		t.Fatal("unknown mark accepted")
	}
	if _, err := json.Marshal(Ballot{Marks: []Mark{9}}); err == nil {
		t.Fatal("unknown mark marshalled")
	}
	if MarkAgree.String() != "agree" || Mark(9).String() != "Mark(9)" {
		t.Fatal("String")
	}
}
