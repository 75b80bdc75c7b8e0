package election

import (
	"fmt"
	"strings"
)

// ListKind is how a ballot is marked.
type ListKind string

// List kinds.
const (
	// ListSurplus is a ballot where the voter strikes through the names they do not want and keeps
	// the others (danh sách có dư, gạch tên).
	ListSurplus ListKind = "surplus"
	// ListAgreeDisagree is a ballot with an "đồng ý" and a "không đồng ý" box for each person,
	// used for lists without a surplus and for one-person elections of officers.
	ListAgreeDisagree ListKind = "agree_disagree"
)

// Mark is what a voter marked against one person on an agree/disagree ballot.
type Mark uint8

// Marks on an agree/disagree ballot.
const (
	MarkNone     Mark = iota // neither box
	MarkAgree                // "đồng ý"
	MarkDisagree             // "không đồng ý"
	MarkBoth                 // both boxes
)

var markNames = [...]string{MarkNone: "none", MarkAgree: "agree", MarkDisagree: "disagree", MarkBoth: "both"}

// String returns the mark's stable code: "none", "agree", "disagree" or "both".
func (m Mark) String() string {
	if int(m) < len(markNames) {
		return markNames[m]
	}
	return fmt.Sprintf("Mark(%d)", uint8(m))
}

// MarshalText writes the mark as its code, so that JSON carries ["agree", "both"] rather than
// the base64 string encoding/json would make of a byte slice.
func (m Mark) MarshalText() ([]byte, error) {
	if int(m) >= len(markNames) {
		return nil, fmt.Errorf("election: unknown mark %d", uint8(m))
	}
	return []byte(markNames[m]), nil
}

// UnmarshalText reads a mark code.
func (m *Mark) UnmarshalText(b []byte) error {
	for i, n := range markNames {
		if string(b) == n {
			*m = Mark(i)
			return nil
		}
	}
	return fmt.Errorf("election: unknown mark %q (want none, agree, disagree or both)", b)
}

// Invalid-ballot reasons (rule 3). The engine finds the three structural ones itself; the counting
// committee records the others. The list is open: a congress may rule other defects invalid under
// its own rules and record them with any code (ReasonOther plus a note is the usual one).
const (
	ReasonNotIssued      = "not_issued"              // not issued by the counting committee
	ReasonTooManyKept    = "too_many_kept"           // keeps more names than seats
	ReasonAllStruck      = "all_struck"              // strikes every name on a multi-candidate list
	ReasonOnePersonMarks = "one_person_both_or_none" // one-person list: both boxes or neither
	ReasonAddedName      = "added_name"              // writes in a name not on the list
	ReasonSigned         = "signed"                  // signed or otherwise marked to be identified
	ReasonOther          = "other"                   // anything else, explained in Ballot.Note
)

// Limits on what a clerk may type on one ballot.
const (
	maxReasonLen = 64
	maxNoteLen   = 500
)

var reasonLabels = map[string]string{
	ReasonNotIssued:      "Phiếu không do Ban kiểm phiếu phát ra",
	ReasonTooManyKept:    "Phiếu để lại nhiều tên hơn số lượng cần bầu",
	ReasonAllStruck:      "Phiếu gạch tên tất cả những người trong danh sách",
	ReasonOnePersonMarks: "Danh sách một người: phiếu đánh dấu cả hai ô hoặc không đánh dấu ô nào",
	ReasonAddedName:      "Phiếu ghi thêm tên người ngoài danh sách",
	ReasonSigned:         "Phiếu có ký tên hoặc đánh dấu riêng",
	ReasonOther:          "Lý do khác",
}

// Reasons returns the known invalid-ballot reason codes, in the order a form offers them.
func Reasons() []string {
	return []string{ReasonNotIssued, ReasonTooManyKept, ReasonAllStruck, ReasonOnePersonMarks, ReasonAddedName, ReasonSigned, ReasonOther}
}

// ReasonLabel returns the Vietnamese label of an invalid-ballot reason; a code the congress added
// itself is returned as it is.
func ReasonLabel(reason string) string {
	if l, ok := reasonLabels[reason]; ok {
		return l
	}
	return reason
}

// Ballot is one paper ballot as the counting committee enters it.
type Ballot struct {
	// Kept lists the positions (indices into the candidate list) of the names left standing on a
	// surplus ballot; every other name is struck. Unused on an agree/disagree ballot.
	Kept []int `json:"kept,omitempty"`
	// Marks has one mark per person, in list positions, on an agree/disagree ballot. Unused on a
	// surplus ballot.
	Marks []Mark `json:"marks,omitempty"`
	// Invalid is a reason the committee itself ruled the ballot invalid for (not_issued, added_name,
	// signed, other, or a code of the congress's own); empty when the committee saw nothing wrong.
	// Structural defects (too_many_kept, all_struck, one_person_both_or_none) are found by
	// CheckBallot whatever this says.
	Invalid string `json:"invalid,omitempty"`
	// Note explains an invalid ballot in free text (required with ReasonOther).
	Note string `json:"note,omitempty"`
}

// Struck returns a surplus ballot that strikes the given positions out of a list of n names and
// keeps the others, as a clerk reads a ballot. Positions outside 0..n-1 strike nothing; callers
// that take positions from user input check them first (CheckBallot on the kept form cannot see
// them any more).
func Struck(n int, struck ...int) Ballot {
	gone := make(map[int]bool, len(struck))
	for _, s := range struck {
		gone[s] = true
	}
	b := Ballot{Kept: make([]int, 0, n)}
	for i := 0; i < n; i++ {
		if !gone[i] {
			b.Kept = append(b.Kept, i)
		}
	}
	return b
}

// CheckBallot tells whether one ballot is valid under rule 3, so the counting room can tell the
// clerk at once. It returns the reason code of an invalid ballot, or "" for a valid one. It returns
// an error (code invalid_count) only when the ballot cannot be read as entered: unknown list kind,
// seats ≤ 0, no candidates, a position out of range or repeated, marks that do not match the list,
// ReasonOther without a note.
//
// Rule 3: a surplus ballot keeping more names than seats is invalid (too_many_kept), and so is one
// striking every name of a multi-candidate list (all_struck); on a one-person agree/disagree list,
// both boxes or neither is invalid (one_person_both_or_none); on a multi-person agree/disagree list,
// a person with both boxes or neither just gets no vote and the ballot stays valid, but agreeing to
// more people than seats is too_many_kept. A reason the committee recorded wins over the engine's.
func CheckBallot(list ListKind, candidates, seats int, b Ballot) (reason string, err error) {
	fe := newFieldErrs()
	if err := checkList(list, candidates, seats); err != nil {
		return "", err
	}
	reason, _ = checkBallot(fe, -1, list, candidates, seats, b, nil)
	if err := fe.err(); err != nil {
		return "", err
	}
	return reason, nil
}

func checkList(list ListKind, candidates, seats int) error {
	fe := newFieldErrs()
	if list != ListSurplus && list != ListAgreeDisagree {
		fe.add("list", fmt.Sprintf(`Loại phiếu %q không hợp lệ: chỉ nhận "surplus" (gạch tên) hoặc "agree_disagree" (đồng ý/không đồng ý)`, string(list)))
	}
	if candidates <= 0 {
		fe.add("candidates", "Danh sách bầu cử chưa có ai")
	}
	if seats <= 0 || seats > MaxFigure {
		fe.add("seats", fmt.Sprintf("Số lượng cần bầu phải từ 1 đến %d (đang là %d)", MaxFigure, seats))
	}
	return fe.err()
}

// ballotPath is the JSON path prefix of ballot idx ("" for a ballot checked alone); built only when
// a message needs it, so that counting valid ballots allocates nothing per ballot.
func ballotPath(idx int) string {
	if idx < 0 {
		return ""
	}
	return fmt.Sprintf("ballots[%d].", idx)
}

// checkBallot checks ballot idx; seen is scratch space of length n (nil to allocate), cleared again
// before return so a tally can reuse it.
// ok is false when the ballot cannot be read; the problems are then in fe and reason is "".
func checkBallot(fe *fieldErrs, idx int, list ListKind, n, seats int, b Ballot, seen []bool) (reason string, ok bool) {
	if seen == nil {
		seen = make([]bool, n)
	}
	bad := false
	switch list {
	case ListSurplus:
		if len(b.Marks) > 0 {
			fe.add(ballotPath(idx)+"marks", "Phiếu gạch tên không có ô đồng ý/không đồng ý (marks)")
			bad = true
		}
		for j, k := range b.Kept {
			switch {
			case k < 0 || k >= n:
				fe.add(fmt.Sprintf("%skept[%d]", ballotPath(idx), j), fmt.Sprintf("Không có người thứ %d trong danh sách %d người", k+1, n))
				bad = true
			case seen[k]:
				fe.add(fmt.Sprintf("%skept[%d]", ballotPath(idx), j), fmt.Sprintf("Người thứ %d được ghi hai lần trên cùng một phiếu", k+1))
				bad = true
			default:
				seen[k] = true
			}
		}
		for _, k := range b.Kept {
			if k >= 0 && k < n {
				seen[k] = false
			}
		}
	case ListAgreeDisagree:
		if len(b.Kept) > 0 {
			fe.add(ballotPath(idx)+"kept", "Phiếu đồng ý/không đồng ý không ghi tên để lại (kept)")
			bad = true
		}
		if len(b.Marks) != n {
			fe.add(ballotPath(idx)+"marks", fmt.Sprintf("Phiếu phải có đúng %d ô đánh dấu, một cho mỗi người (đang có %d)", n, len(b.Marks)))
			bad = true
		}
		for j, m := range b.Marks {
			if m > MarkBoth {
				fe.add(fmt.Sprintf("%smarks[%d]", ballotPath(idx), j), fmt.Sprintf("Dấu %d không hợp lệ (0 không đánh, 1 đồng ý, 2 không đồng ý, 3 cả hai)", m))
				bad = true
			}
		}
	}
	if len(b.Invalid) > maxReasonLen {
		fe.add(ballotPath(idx)+"invalid", fmt.Sprintf("Mã lý do quá dài (tối đa %d ký tự)", maxReasonLen))
		bad = true
	}
	if b.Invalid == ReasonOther && b.Note == "" {
		fe.add(ballotPath(idx)+"note", "Lý do khác: cần ghi rõ lý do phiếu không hợp lệ")
		bad = true
	}
	if len(b.Note) > maxNoteLen {
		fe.add(ballotPath(idx)+"note", fmt.Sprintf("Ghi chú quá dài (tối đa %d byte)", maxNoteLen))
		bad = true
	}
	if bad {
		return "", false
	}
	if b.Invalid != "" {
		return b.Invalid, true
	}
	switch list {
	case ListSurplus:
		switch {
		case len(b.Kept) > seats:
			return ReasonTooManyKept, true
		case len(b.Kept) == 0 && n > 1:
			return ReasonAllStruck, true
		}
	case ListAgreeDisagree:
		if n == 1 {
			if m := b.Marks[0]; m == MarkNone || m == MarkBoth {
				return ReasonOnePersonMarks, true
			}
			return "", true
		}
		agree := 0
		for _, m := range b.Marks {
			if m == MarkAgree {
				agree++
			}
		}
		if agree > seats {
			return ReasonTooManyKept, true
		}
	}
	return "", true
}

// Tally is what the counting committee's entry of every ballot adds up to.
type Tally struct {
	// Issued is set to Collected: the ballots alone cannot tell how many were handed out, so the
	// caller overwrites it with the committee's figure before counting.
	Issued    int `json:"issued"`
	Collected int `json:"collected"`
	Valid     int `json:"valid"`
	Invalid   int `json:"invalid"`
	// InvalidByReason counts invalid ballots per reason code. Never nil.
	InvalidByReason map[string]int `json:"invalid_by_reason"`
	// Names are the candidates, in the order the ballots index them.
	Names []string `json:"names"`
	// Votes holds each candidate's votes, indexed like Names.
	Votes []int `json:"votes"`
}

// TallyBallots counts a round from its individual ballots (rule 1: only valid ballots count). candidates
// are the names in ballot order, which ballots index; seats is the number to elect. Each ballot is
// checked as CheckBallot does; an invalid one counts under its reason and gives no vote. A ballot
// that cannot be read fails the whole tally with an *congress.Error (code invalid_count) whose fields
// name it ("ballots[12].kept[3]"), so nothing is half-counted.
func TallyBallots(list ListKind, candidates []string, seats int, ballots []Ballot) (Tally, error) {
	if err := checkList(list, len(candidates), seats); err != nil {
		return Tally{}, err
	}
	if len(ballots) > MaxFigure {
		return Tally{}, invalid(fmt.Sprintf("Quá nhiều phiếu (%d, tối đa %d)", len(ballots), MaxFigure))
	}
	n := len(candidates)
	t := Tally{
		Issued:          len(ballots),
		Collected:       len(ballots),
		InvalidByReason: map[string]int{},
		Names:           make([]string, n),
		Votes:           make([]int, n),
	}
	fe := newFieldErrs()
	seenName := make(map[string]int, n)
	for i, c := range candidates {
		t.Names[i] = NormalizeName(c)
		// Paths are formatted only for a message: a clean list allocates nothing for them.
		if msg := nameProblem(t.Names[i]); msg != "" {
			fe.add(fmt.Sprintf("candidates[%d].name", i), msg)
			continue
		}
		key := strings.ToLower(t.Names[i])
		if j, dup := seenName[key]; dup {
			fe.add(fmt.Sprintf("candidates[%d].name", i), fmt.Sprintf("Họ tên %s trùng với người thứ %d trong danh sách (candidates[%d])", t.Names[i], j+1, j))
		} else {
			seenName[key] = i
		}
	}
	if err := fe.err(); err != nil {
		return Tally{}, err
	}
	seen := make([]bool, n)
	for i, b := range ballots {
		if len(fe.fields) >= 20 { // enough to show what is wrong; stop building messages
			break
		}
		reason, ok := checkBallot(fe, i, list, n, seats, b, seen)
		switch {
		case !ok:
			continue // reported in fe; the tally fails as a whole
		case reason != "":
			t.Invalid++
			t.InvalidByReason[reason]++
			continue
		}
		t.Valid++
		if list == ListSurplus {
			for _, k := range b.Kept {
				t.Votes[k]++
			}
		} else {
			for k, m := range b.Marks {
				if m == MarkAgree {
					t.Votes[k]++
				}
			}
		}
	}
	if err := fe.err(); err != nil {
		return Tally{}, err
	}
	return t, nil
}

// Totals returns the tally's ballot totals for a Request.
func (t Tally) Totals() BallotTotals {
	return BallotTotals{Issued: t.Issued, Collected: t.Collected, Valid: t.Valid, Invalid: t.Invalid}
}

// CandidateVotes returns each candidate with their votes, in ballot order, for a Request.
func (t Tally) CandidateVotes() []CandidateVotes {
	cs := make([]CandidateVotes, len(t.Names))
	for i, name := range t.Names {
		cs[i] = CandidateVotes{Name: name, Votes: t.Votes[i]}
	}
	return cs
}
