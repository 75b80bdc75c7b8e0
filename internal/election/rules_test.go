package election

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestBase checks rule 2's base for both congress kinds, each exclusion alone and all together
// (Điều 30, QĐ 190-QĐ/TW; Điều 32, QĐ 244-QĐ/TW).
func TestBase(t *testing.T) {
	cases := []struct {
		name string
		kind string
		b    BaseFigures
		want int
	}{
		{"members: convened only", KindMembers, BaseFigures{Convened: 50}, 50},
		{"members: temporarily attached elsewhere and absent", KindMembers, BaseFigures{Convened: 50, TemporarilyAttachedAbsent: 2}, 48},
		{"members: exempt and absent", KindMembers, BaseFigures{Convened: 50, ExemptAbsent: 3}, 47},
		{"members: suspended, prosecuted, detained", KindMembers, BaseFigures{Convened: 50, Suspended: 1}, 49},
		{"members: absent all congress with accepted reason", KindMembers, BaseFigures{Convened: 50, AbsentWithReason: 4}, 46},
		{"members: all exclusions together", KindMembers, BaseFigures{Convened: 50, TemporarilyAttachedAbsent: 2, ExemptAbsent: 3, Suspended: 1, AbsentWithReason: 4}, 40},
		{"members: Q&A dangcongsan, 11 official, 1 absent with reason", KindMembers, BaseFigures{Convened: 11, AbsentWithReason: 1}, 10},
		{"delegates: convened only", KindDelegates, BaseFigures{Convened: 150}, 150},
		{"delegates: convening committee member absent", KindDelegates, BaseFigures{Convened: 150, CommitteeAbsent: 1}, 149},
		{"delegates: absent and not replaced by an alternate", KindDelegates, BaseFigures{Convened: 150, AbsentNotReplaced: 2}, 148},
		{"delegates: all exclusions together", KindDelegates, BaseFigures{Convened: 150, CommitteeAbsent: 1, AbsentNotReplaced: 2}, 147},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Base(tc.kind, tc.b)
			if err != nil || got != tc.want {
				t.Fatalf("Base = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

// TestBaseExcludesAttachedAndExemptOnlyIfAbsent: members temporarily attached elsewhere and exempt
// members who attend and vote stay in the base; the contract has fields only for the absent ones,
// so a congress where they all attend has the full base and a threshold over half of it.
func TestBaseExcludesAttachedAndExemptOnlyIfAbsent(t *testing.T) {
	// 20 convened, 2 attached elsewhere and 1 exempt all attend: base 20, threshold 11.
	attend := members(1, 20, 11)
	if res := mustCount(t, attend); res.Base != 20 || res.Threshold != 11 || len(res.Elected) != 1 {
		t.Fatalf("attending attached/exempt members stay in the base: %+v", res)
	}
	// The same members absent: base 17, threshold 9; 9 votes now elect.
	absent := members(1, 20, 9)
	absent.Base.TemporarilyAttachedAbsent, absent.Base.ExemptAbsent = 2, 1
	p := 17
	absent.Present = &p
	absent.Ballots = BallotTotals{Issued: 17, Collected: 17, Valid: 17}
	if res := mustCount(t, absent); res.Base != 17 || res.Threshold != 9 || len(res.Elected) != 1 {
		t.Fatalf("absent attached/exempt members leave the base: %+v", res)
	}
}

func TestBaseErrors(t *testing.T) {
	cases := []struct {
		name, kind string
		b          BaseFigures
		field      string
		contains   string
	}{
		{"unknown kind", "congress", BaseFigures{Convened: 10}, "congress_kind", `"congress"`},
		{"zero convened", KindMembers, BaseFigures{}, "base.convened", "phải lớn hơn 0"},
		{"exclusions eat the base", KindMembers, BaseFigures{Convened: 5, AbsentWithReason: 3, Suspended: 2}, "base.convened", "còn 0"},
		{"delegates' exclusion on a members' congress", KindMembers, BaseFigures{Convened: 10, CommitteeAbsent: 1}, "base.committee_absent", "đại hội đại biểu"},
		{"members' exclusion on a delegates' congress", KindDelegates, BaseFigures{Convened: 10, ExemptAbsent: 1}, "base.exempt_absent", "đại hội đảng viên"},
		{"negative exclusion", KindMembers, BaseFigures{Convened: 10, Suspended: -1}, "base.suspended", "không được âm"},
		{"huge convened", KindDelegates, BaseFigures{Convened: MaxFigure + 1}, "base.convened", "quá lớn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Base(tc.kind, tc.b)
			errField(t, err, tc.field, tc.contains)
		})
	}
}

// TestThreshold: elected means strictly more than half of the base ("quá một nửa", rule 2).
func TestThreshold(t *testing.T) {
	cases := map[int]int{1: 1, 2: 2, 3: 2, 10: 6, 11: 6, 40: 21, 41: 21, 147: 74, 800: 401}
	for base, want := range cases {
		if got := Threshold(base); got != want {
			t.Errorf("Threshold(%d) = %d, want %d", base, got, want)
		}
		if got := Threshold(base); (got-1)*2 > base || got*2 <= base {
			t.Errorf("Threshold(%d) = %d is not the least number over half", base, got)
		}
	}
}

// TestPercent: votes × 100 ÷ base, half-up to two decimals, computed in integers (rule 2).
func TestPercent(t *testing.T) {
	cases := []struct {
		votes, base int
		hundredths  int64
		json        string
		vn          string
	}{
		{699, 800, 8738, "87.38", "87,38%"}, // 87.375 exactly: half-up, where float rounding gives 87.37
		{1, 800, 13, "0.13", "0,13%"},       // 0.125 exactly
		{5, 10, 5000, "50.0", "50,00%"},
		{1, 3, 3333, "33.33", "33,33%"},
		{2, 3, 6667, "66.67", "66,67%"},
		{74, 147, 5034, "50.34", "50,34%"},
		{73, 147, 4966, "49.66", "49,66%"},
		{21, 40, 5250, "52.5", "52,50%"},
		{40, 40, 10000, "100.0", "100,00%"},
		{0, 40, 0, "0.0", "0,00%"},
		{1, 1_000_000, 0, "0.0", "0,00%"},
		{50, 1_000_000, 1, "0.01", "0,01%"}, // 0.005% exactly: half-up
		{1_000_000, 1_000_000, 10000, "100.0", "100,00%"},
	}
	for _, tc := range cases {
		h := PercentHundredths(tc.votes, tc.base)
		if h != tc.hundredths {
			t.Errorf("PercentHundredths(%d, %d) = %d, want %d", tc.votes, tc.base, h, tc.hundredths)
		}
		p := PercentOf(tc.votes, tc.base)
		j, err := json.Marshal(p)
		if err != nil || string(j) != tc.json {
			t.Errorf("json(PercentOf(%d, %d)) = %s, %v; want %s", tc.votes, tc.base, j, err, tc.json)
		}
		if p.String() != tc.vn {
			t.Errorf("PercentOf(%d, %d).String() = %q, want %q", tc.votes, tc.base, p.String(), tc.vn)
		}
	}
	if PercentHundredths(3, 0) != 0 {
		t.Error("a zero base gives 0, not a panic")
	}
}

// TestCountRules covers rules 2, 4 and 5 on totals (Điều 30 QĐ 190 / Điều 32 QĐ 244).
func TestCountRules(t *testing.T) {
	type want struct {
		elected     []string
		runoff      []string
		runoffSeats int
		vacant      int
	}
	qa := func(votes ...int) Request {
		r := members(1, 11, votes...)
		r.Base.AbsentWithReason = 1
		p := 10
		r.Present = &p
		r.Ballots = BallotTotals{Issued: 10, Collected: 10, Valid: 10}
		return r
	}
	cases := []struct {
		name string
		req  Request
		want want
	}{
		{"rule 2 Q&A dangcongsan: base 10, 5 votes is not elected", qa(5), want{vacant: 1}},
		{"rule 2 Q&A dangcongsan: base 10, 6 votes is elected", qa(6), want{elected: names(0)}},
		{"rule 2 exactly half of an even base is not elected (20 of 40)", members(1, 40, 20), want{vacant: 1}},
		{"rule 2 one over half of an even base is elected (21 of 40)", members(1, 40, 21), want{elected: names(0)}},
		{"rule 2 odd base 41: 21 elects", members(1, 41, 21), want{elected: names(0)}},
		{"rule 2 odd base 41: 20 does not", members(1, 41, 20), want{vacant: 1}},
		{"rule 4 seats go by votes, highest first", members(2, 40, 22, 26, 30), want{elected: names(2, 1)}},
		{"rule 4 elected in vote order, equal votes keep list order", members(3, 40, 30, 35, 30, 10), want{elected: names(1, 0, 2)}},
		{"rule 4 two tied for the one last seat: runoff among them", members(2, 40, 25, 22, 22), want{elected: names(0), runoff: names(1, 2), runoffSeats: 1}},
		{"rule 4 two tied for the last of three seats", members(3, 40, 32, 31, 28, 28), want{elected: names(0, 1), runoff: names(2, 3), runoffSeats: 1}},
		{"rule 4 three tied for two seats", members(3, 40, 35, 25, 25, 25, 5), want{elected: names(0), runoff: names(1, 2, 3), runoffSeats: 2}},
		{"rule 4 three tied for all three seats with a fourth: runoff for all", members(3, 40, 25, 25, 25, 25), want{runoff: names(0, 1, 2, 3), runoffSeats: 3}},
		{"rule 4 a tie inside the seats decides nothing", members(3, 40, 30, 25, 25, 20), want{elected: names(0, 1, 2)}},
		{"rule 4 tied candidates who all fit are all elected", members(2, 40, 30, 30, 10), want{elected: names(0, 1)}},
		{"rule 4 a tie below the threshold is irrelevant", members(2, 40, 30, 15, 15), want{elected: names(0), vacant: 1}},
		{"rule 4 a tie at exactly half is irrelevant", members(1, 40, 20, 20), want{vacant: 1}},
		{"rule 4 a tie over the threshold that fits with a shortfall", members(4, 40, 30, 30, 10), want{elected: names(0, 1), vacant: 2}},
		{"rule 4 more candidates than seats over the threshold, no tie", members(2, 40, 27, 26, 25), want{elected: names(0, 1)}},
		{"rule 5 shortfall leaves seats vacant", members(7, 40, 39, 38, 37, 36, 35, 20, 18, 10), want{elected: names(0, 1, 2, 3, 4), vacant: 2}},
		{"rule 5 nobody over the threshold", members(3, 40, 10, 12, 14), want{vacant: 3}},
		{"rule 5 fewer candidates than seats", members(5, 40, 39, 38), want{elected: names(0, 1), vacant: 3}},
		{"one-person agree/disagree list: secretary with 30 of 40", members(1, 40, 30), want{elected: names(0)}},
		{"one-person agree/disagree list: secretary with 20 of 40 (half)", members(1, 40, 20), want{vacant: 1}},
	}
	for _, tc := range cases {
		for _, rs := range []string{RulesetQD190, RulesetQD244, ""} {
			t.Run(tc.name+"/"+rs, func(t *testing.T) {
				req := tc.req
				req.Ruleset = rs
				res := mustCount(t, req)
				if !slices.Equal(res.Elected, nonNil(tc.want.elected)) {
					t.Errorf("elected = %q, want %q", res.Elected, tc.want.elected)
				}
				var runoff []string
				seats := 0
				if res.Runoff != nil {
					runoff, seats = res.Runoff.Candidates, res.Runoff.Seats
				}
				if !slices.Equal(runoff, tc.want.runoff) || seats != tc.want.runoffSeats {
					t.Errorf("runoff = %q for %d seats, want %q for %d", runoff, seats, tc.want.runoff, tc.want.runoffSeats)
				}
				if res.VacantSeats != tc.want.vacant {
					t.Errorf("vacant = %d, want %d", res.VacantSeats, tc.want.vacant)
				}
			})
		}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestCountListOrder: candidates come out in Vietnamese A-B-C order of given name, then middle,
// then family name, whatever the order they were sent in (DESIGN.md "Text and locale").
func TestCountListOrder(t *testing.T) {
	req := members(3, 40)
	for _, n := range []string{"Trần Thị Ánh", "Nguyễn Văn Dương", "Thái Minh Ánh", "Lê Minh Đức", "Vũ Văn Ân", "Hoàng  Anh"} {
		req.Candidates = append(req.Candidates, CandidateVotes{Name: n, Votes: 10})
	}
	res := mustCount(t, req)
	var got []string
	for _, c := range res.Candidates {
		got = append(got, c.Name)
	}
	want := []string{"Hoàng Anh", "Thái Minh Ánh", "Trần Thị Ánh", "Vũ Văn Ân", "Nguyễn Văn Dương", "Lê Minh Đức"}
	if !slices.Equal(got, want) {
		t.Fatalf("list order = %q, want %q", got, want)
	}
}

// TestCountConsistency: every consistency check of DOMAIN.md fails with a message naming the
// figures, on the field of the contract.
func TestCountConsistency(t *testing.T) {
	ok := func() Request { return members(2, 40, 30, 25, 20) }
	intp := func(n int) *int { return &n }
	cases := []struct {
		name     string
		mutate   func(*Request)
		field    string
		contains string
	}{
		{"present ≤ convened", func(r *Request) { r.Present = intp(41) }, "present", "Số có mặt (41) không được lớn hơn số đảng viên chính thức được triệu tập (40)"},
		{"collected ≤ issued", func(r *Request) { r.Ballots.Collected = 41; r.Ballots.Valid = 41 }, "ballots.collected", "Số phiếu thu vào (41) không được lớn hơn số phiếu phát ra (40)"},
		{"issued ≤ present", func(r *Request) { r.Present = intp(39) }, "ballots.issued", "Số phiếu phát ra (40) không được lớn hơn số có mặt (39)"},
		{"issued ≤ convened without present", func(r *Request) {
			r.Present = nil
			r.Ballots = BallotTotals{Issued: 41, Collected: 40, Valid: 40}
		}, "ballots.issued", "Số phiếu phát ra (41) không được lớn hơn số đảng viên chính thức được triệu tập (40)"},
		{"valid + invalid = collected", func(r *Request) { r.Ballots.Valid = 39; r.Ballots.Invalid = 2 }, "ballots.valid", "Số phiếu hợp lệ (39) cộng không hợp lệ (2) phải bằng số phiếu thu vào (40)"},
		{"valid + invalid = collected, invalid field too", func(r *Request) { r.Ballots.Valid = 38; r.Ballots.Invalid = 1 }, "ballots.invalid", "(38) cộng không hợp lệ (1)"},
		{"votes ≤ valid", func(r *Request) { r.Ballots.Valid = 29; r.Ballots.Invalid = 11 }, "candidates[0].votes", "Số phiếu bầu cho Lê Văn An (30) không được lớn hơn số phiếu hợp lệ (29)"},
		{"sum of votes ≤ valid × seats", func(r *Request) { r.Seats = 1 }, "candidates", "Tổng số phiếu bầu của danh sách (75) không được lớn hơn số phiếu hợp lệ (40) nhân số lượng cần bầu (1), tức 40"},
		{"seats > 0", func(r *Request) { r.Seats = 0 }, "seats", "Số lượng cần bầu phải lớn hơn 0 (đang là 0)"},
		{"base > 0", func(r *Request) { r.Base.AbsentWithReason = 40 }, "base.convened", "còn 0"},
		{"base > 0 cites the results article of QĐ 244", func(r *Request) { r.Ruleset = RulesetQD244; r.Base.AbsentWithReason = 40 }, "base.convened", "Điều 32, Quyết định 244-QĐ/TW"},
		{"base > 0 cites the results article of QĐ 190", func(r *Request) { r.Base.AbsentWithReason = 41 }, "base.convened", "Điều 30, Quyết định 190-QĐ/TW"},
		{"unknown congress kind", func(r *Request) { r.CongressKind = "party" }, "congress_kind", `"party"`},
		{"unknown ruleset", func(r *Request) { r.Ruleset = "qd999" }, "ruleset", `"qd999"`},
		{"unknown body", func(r *Request) { r.Body = "politburo" }, "body", `"politburo"`},
		{"negative votes", func(r *Request) { r.Candidates[1].Votes = -1 }, "candidates[1].votes", "không được âm (đang là -1)"},
		{"negative ballots", func(r *Request) { r.Ballots.Invalid = -1 }, "ballots.invalid", "không được âm"},
		{"empty list", func(r *Request) { r.Candidates = nil }, "candidates", "chưa có ai"},
		{"empty name", func(r *Request) { r.Candidates[2].Name = "  " }, "candidates[2].name", "không được để trống"},
		{"duplicate name", func(r *Request) { r.Candidates[2].Name = r.Candidates[0].Name }, "candidates[2].name", "trùng với người thứ 1"},
		{"duplicate name after case and space folding", func(r *Request) { r.Candidates[2].Name = " lê  văn AN " }, "candidates[2].name", "trùng"},
		{"name with a newline", func(r *Request) { r.Candidates[2].Name = "Lê Văn\x00Ba" }, "candidates[2].name", "ký tự điều khiển"},
		{"name too long", func(r *Request) { r.Candidates[2].Name = strings.Repeat("Á", MaxNameLen+1) }, "candidates[2].name", "quá dài"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ok()
			tc.mutate(&r)
			_, err := Count(r)
			errField(t, err, tc.field, tc.contains)
			if err := r.Validate(); err == nil {
				t.Fatal("Validate accepted what Count refused")
			}
		})
	}
	if err := ok().Validate(); err != nil {
		t.Fatalf("the base case must be valid: %v", err)
	}
}

// TestCountDelegates: a delegates' congress uses its own exclusions and words (Điều 18 QĐ 190).
func TestCountDelegates(t *testing.T) {
	p := 140
	req := Request{
		CongressKind: KindDelegates, Seats: 2,
		Base:    BaseFigures{Convened: 150, CommitteeAbsent: 1, AbsentNotReplaced: 2},
		Present: &p, Ballots: BallotTotals{Issued: 140, Collected: 140, Valid: 140},
		Candidates: []CandidateVotes{{"Hồ Văn Long", 74}, {"Hồ Văn Minh", 73}, {"Hồ Thị Ngọc", 133}},
	}
	res := mustCount(t, req)
	if res.Base != 147 || res.Threshold != 74 || !slices.Equal(res.Elected, []string{"Hồ Thị Ngọc", "Hồ Văn Long"}) {
		t.Fatalf("got %+v", res)
	}
	req.Present = nil
	req.Ballots.Issued = 151
	_, err := Count(req)
	errField(t, err, "ballots.issued", "đại biểu chính thức được triệu tập (150)")
}

// TestCountNormalizesNames: names are printed in NFC with single spaces.
func TestCountNormalizesNames(t *testing.T) {
	req := members(1, 10, 6)
	req.Candidates[0].Name = "  Nguye\u0302\u0303n   Văn Hùng "
	res := mustCount(t, req)
	if res.Elected[0] != "Nguyễn Văn Hùng" || res.Candidates[0].Name != "Nguyễn Văn Hùng" {
		t.Fatalf("name not normalized: %q", res.Elected[0])
	}
}

// TestWarnings: rule 6's list limits warn and never refuse (Điều 14, QĐ 190-QĐ/TW).
func TestWarnings(t *testing.T) {
	cases := []struct {
		name          string
		body          string
		seats, listed int
		want          string
	}{
		{"executive 7 seats, 9 on the list: fine", BodyExecutive, 7, 9, ""},
		{"executive 7 seats, 10 on the list: over 30%", BodyExecutive, 7, 10, WarnSurplusOver30Percent},
		{"executive 10 seats, 13 on the list: exactly 30% is fine", BodyExecutive, 10, 13, ""},
		{"executive 10 seats, 14 on the list: over 30%", BodyExecutive, 10, 14, WarnSurplusOver30Percent},
		{"standing 5 seats, 6 on the list: surplus of one is fine", BodyStanding, 5, 6, ""},
		{"standing 5 seats, 7 on the list: small committee surplus over one", BodyStanding, 5, 7, WarnSurplusOverOne},
		{"executive 3 seats, 5 on the list", BodyExecutive, 3, 5, WarnSurplusOverOne},
		{"cell committee 3 seats, 4 on the list", BodyCellCommittee, 3, 4, ""},
		{"executive 7 seats, 7 on the list: not longer than the seats", BodyExecutive, 7, 7, WarnListNotLongerThanSeats},
		{"standing 3 seats, 2 on the list", BodyStanding, 3, 2, WarnListNotLongerThanSeats},
		{"secretary alone on the list is fine", BodySecretary, 1, 1, ""},
		{"delegates: number allocated from above, no list rule", BodyDelegateOfficial, 2, 5, ""},
		{"no body: no list warning", "", 7, 20, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws := ListWarnings(RulesetQD190, tc.body, tc.seats, tc.listed)
			got := ""
			if len(ws) > 0 {
				got = ws[0].Code
				if !strings.Contains(ws[0].Message, "Điều 14, Quyết định 190-QĐ/TW") {
					t.Errorf("message does not cite Điều 14: %q", ws[0].Message)
				}
			}
			if got != tc.want || len(ws) > 1 {
				t.Fatalf("warnings = %+v, want code %q", ws, tc.want)
			}
			// The same list in a count: counted all the same, with the warning attached.
			votes := make([]int, tc.listed)
			req := members(tc.seats, 40, votes...)
			req.Body = tc.body
			res := mustCount(t, req)
			if len(res.Warnings) != len(ws) {
				t.Fatalf("Count warnings = %+v, want %+v", res.Warnings, ws)
			}
		})
	}
	if ws := ListWarnings(RulesetQD244, BodyExecutive, 7, 7); len(ws) != 1 || !strings.Contains(ws[0].Message, "Quyết định 244-QĐ/TW") {
		t.Fatalf("QĐ 244 warning should cite its decision: %+v", ws)
	}
}

func TestWarningPresentOverBase(t *testing.T) {
	req := members(1, 40, 30)
	req.Base.AbsentWithReason = 5 // base 35, yet 40 present
	res := mustCount(t, req)
	if len(res.Warnings) != 1 || res.Warnings[0].Code != WarnPresentOverBase || !strings.Contains(res.Warnings[0].Message, "(40)") {
		t.Fatalf("warnings = %+v", res.Warnings)
	}
}

// TestRankAlternates: alternates replace absent officials in vote order (rule 7; Điều 18 QĐ 190,
// Điều 20 QĐ 244).
func TestRankAlternates(t *testing.T) {
	res := mustCount(t, members(4, 40, 25, 38, 30, 30, 22, 10))
	got := RankAlternates(res)
	want := []RankedAlternate{
		{person(1), 38, 1},
		{person(2), 30, 2},
		{person(3), 30, 2}, // equal votes share a rank; list order inside it
		{person(0), 25, 4},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("RankAlternates = %+v, want %+v", got, want)
	}
	if rest := AlternateCandidates(res); !slices.Equal(rest, names(4, 5)) {
		t.Fatalf("AlternateCandidates = %q", rest)
	}
	// A runoff is not finished: the tied are neither ranked nor offered to the alternate list.
	tied := mustCount(t, members(2, 40, 25, 22, 22, 10))
	if len(RankAlternates(tied)) != 1 || !slices.Equal(AlternateCandidates(tied), names(3)) {
		t.Fatalf("runoff round: %+v / %q", RankAlternates(tied), AlternateCandidates(tied))
	}
}

func TestCite(t *testing.T) {
	cases := []struct {
		ruleset string
		topic   Topic
		want    string
	}{
		{RulesetQD244, TopicResults, "Điều 32, Quyết định 244-QĐ/TW"},
		{RulesetQD190, TopicResults, "Điều 30, Quyết định 190-QĐ/TW"},
		{RulesetQD244, TopicBallots, "Điều 17, Quyết định 244-QĐ/TW"},
		{RulesetQD190, TopicBallots, "Điều 15, Quyết định 190-QĐ/TW"},
		{RulesetQD244, TopicDelegates, "Điều 20, Quyết định 244-QĐ/TW"},
		{RulesetQD190, TopicDelegates, "Điều 18, Quyết định 190-QĐ/TW"},
		{RulesetQD190, TopicCandidateList, "Điều 14, Quyết định 190-QĐ/TW"},
		{RulesetQD244, TopicCandidateList, "Quyết định 244-QĐ/TW"},
		{"", TopicResults, "Điều 30, Quyết định 190-QĐ/TW"},
	}
	for _, tc := range cases {
		if got := Cite(tc.ruleset, tc.topic); got != tc.want {
			t.Errorf("Cite(%q, %d) = %q, want %q", tc.ruleset, tc.topic, got, tc.want)
		}
	}
}

// TestSingleSeatTie: two candidates over half of the base tied for a single seat can only happen
// when more valid ballots were cast than the base counts (a base exclusion entered wrongly, which
// Count warns about); then nobody is elected and both go to the runoff (rule 4). With valid ≤ base
// the sum check refuses such figures: each ballot keeps at most one name.
func TestSingleSeatTie(t *testing.T) {
	req := members(1, 40, 20, 20)
	req.Base.AbsentWithReason = 10 // base 30, threshold 16, yet 40 present and voting
	res := mustCount(t, req)
	if len(res.Elected) != 0 || res.Runoff == nil || res.Runoff.Seats != 1 || !slices.Equal(res.Runoff.Candidates, names(0, 1)) {
		t.Fatalf("got %+v", res)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Code != WarnPresentOverBase {
		t.Fatalf("warnings = %+v", res.Warnings)
	}
	_, err := Count(members(1, 40, 21, 21))
	errField(t, err, "candidates", "(42)")
}
