package election

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"daihoi/internal/vn"
)

// MaxNameLen is the longest candidate name accepted, in characters.
const MaxNameLen = 200

// Request is one counting round as the count contract (DOMAIN.md) describes it: the request body of
// `daihoi count` and `POST /api/v1/count`.
type Request struct {
	// Ruleset is RulesetQD244 or RulesetQD190; empty means DefaultRuleset.
	Ruleset string `json:"ruleset,omitempty"`
	// CongressKind is KindMembers or KindDelegates.
	CongressKind string `json:"congress_kind"`
	// Body is the body being elected (BodyExecutive …). Optional, an additive extension of the
	// contract: it only enables the list warnings of rule 6.
	Body string `json:"body,omitempty"`
	// Seats is the number to elect, as the congress voted it.
	Seats int `json:"seats"`
	// Base holds the attendance figures the base is computed from.
	Base BaseFigures `json:"base"`
	// Present is the number of official members or delegates present at the vote; nil if not given.
	Present *int `json:"present,omitempty"`
	// Ballots are the counting committee's ballot totals.
	Ballots BallotTotals `json:"ballots"`
	// Candidates are the names on the list with their votes, in any order.
	Candidates []CandidateVotes `json:"candidates"`
}

// BallotTotals are the ballots of one round: issued (phát ra), collected (thu vào), valid (hợp lệ)
// and invalid (không hợp lệ).
type BallotTotals struct {
	Issued    int `json:"issued"`
	Collected int `json:"collected"`
	Valid     int `json:"valid"`
	Invalid   int `json:"invalid"`
}

// CandidateVotes is one name on the list and the valid ballots that keep it (or mark "đồng ý").
type CandidateVotes struct {
	Name  string `json:"name"`
	Votes int    `json:"votes"`
}

// NormalizeName returns a candidate name as the engine stores and compares it: NFC, white space
// runs collapsed to one space, ends trimmed.
func NormalizeName(name string) string {
	return strings.Join(strings.Fields(vn.NFC(name)), " ")
}

// nameKey is what makes two names the same person on one list: the normalized name, case-folded
// (but keeping diacritics: "Anh" and "Ánh" are different names).
func nameKey(name string) string { return strings.ToLower(NormalizeName(name)) }

// checkName records why a name cannot stand on a list, if it cannot.
func checkName(fe *fieldErrs, path, name string) {
	if msg := nameProblem(name); msg != "" {
		fe.add(path, msg)
	}
}

// nameProblem says why a normalized name cannot stand on a list, or "" if it can.
func nameProblem(name string) string {
	switch {
	case !utf8.ValidString(name):
		return "Họ tên có ký tự không hợp lệ (không phải UTF-8)"
	case name == "":
		return "Họ tên không được để trống"
	case utf8.RuneCountInString(name) > MaxNameLen:
		return fmt.Sprintf("Họ tên quá dài (%d ký tự, tối đa %d)", utf8.RuneCountInString(name), MaxNameLen)
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "Họ tên có ký tự điều khiển (xuống dòng, tab…)"
	}
	return ""
}

// validateCodes checks the request's codes: ruleset, congress_kind and body.
func (r Request) validateCodes(fe *fieldErrs) {
	if r.Ruleset != "" && !ValidRuleset(r.Ruleset) {
		fe.add("ruleset", fmt.Sprintf(`Quy chế bầu cử %q không hợp lệ: chỉ nhận "qd244-2014" (Quyết định 244-QĐ/TW) hoặc "qd190-2024" (Quyết định 190-QĐ/TW)`, r.Ruleset))
	}
	if !ValidKind(r.CongressKind) {
		fe.add("congress_kind", kindMessage(r.CongressKind))
	}
	if r.Body != "" && !ValidBody(r.Body) {
		fe.add("body", fmt.Sprintf("Cơ quan bầu %q không hợp lệ: chỉ nhận executive, standing, secretary, deputy_secretary, inspection, inspection_chair, cell_committee, delegate_official, delegate_alternate", r.Body))
	}
}

// validateShape checks what a request must satisfy before anything can be computed: known codes,
// figures in range, a positive number of seats, a non-empty list of distinct, well-formed names.
// It records problems in fe and returns the normalized candidate names.
func (r Request) validateShape(fe *fieldErrs) []string {
	r.validateCodes(fe)
	switch {
	case r.Seats <= 0:
		fe.add("seats", fmt.Sprintf("Số lượng cần bầu phải lớn hơn 0 (đang là %d)", r.Seats))
	case r.Seats > MaxFigure:
		fe.figure("seats", r.Seats, "Số lượng cần bầu")
	}
	if r.Present != nil {
		fe.figure("present", *r.Present, "Số có mặt")
	}
	fe.figure("ballots.issued", r.Ballots.Issued, "Số phiếu phát ra")
	fe.figure("ballots.collected", r.Ballots.Collected, "Số phiếu thu vào")
	fe.figure("ballots.valid", r.Ballots.Valid, "Số phiếu hợp lệ")
	fe.figure("ballots.invalid", r.Ballots.Invalid, "Số phiếu không hợp lệ")
	if len(r.Candidates) == 0 {
		fe.add("candidates", "Danh sách bầu cử chưa có ai")
	}
	names := make([]string, len(r.Candidates))
	seen := make(map[string]int, len(r.Candidates))
	for i, c := range r.Candidates {
		path := fmt.Sprintf("candidates[%d]", i)
		names[i] = NormalizeName(c.Name)
		checkName(fe, path+".name", names[i])
		if names[i] != "" {
			k := nameKey(names[i])
			if j, ok := seen[k]; ok {
				fe.add(path+".name", fmt.Sprintf("Họ tên %s trùng với người thứ %d trong danh sách (candidates[%d])", names[i], j+1, j))
			} else {
				seen[k] = i
			}
		}
		fe.figure(path+".votes", c.Votes, "Số phiếu bầu cho "+displayName(names[i], i))
	}
	return names
}

// displayName names a candidate in a message, falling back to the position for an empty name.
func displayName(name string, i int) string {
	if name == "" {
		return fmt.Sprintf("người thứ %d", i+1)
	}
	return name
}

// checkConsistency runs the consistency checks of DOMAIN.md on a request whose shape is valid:
// present ≤ convened; collected ≤ issued ≤ present (issued ≤ convened when present is not given);
// valid + invalid = collected; each candidate's votes ≤ valid; the sum of votes ≤ valid × seats.
// base > 0 and seats > 0 are checked with the shape.
func (r Request) checkConsistency(fe *fieldErrs, names []string) {
	convened := r.Base.Convened
	if r.Present != nil && *r.Present > convened {
		fe.add("present", fmt.Sprintf("Số có mặt (%d) không được lớn hơn số %s (%d)", *r.Present, convenedWords(r.CongressKind), convened))
	}
	b := r.Ballots
	if b.Collected > b.Issued {
		fe.add("ballots.collected", fmt.Sprintf("Số phiếu thu vào (%d) không được lớn hơn số phiếu phát ra (%d)", b.Collected, b.Issued))
	}
	if r.Present != nil {
		if b.Issued > *r.Present {
			fe.add("ballots.issued", fmt.Sprintf("Số phiếu phát ra (%d) không được lớn hơn số có mặt (%d)", b.Issued, *r.Present))
		}
	} else if b.Issued > convened {
		fe.add("ballots.issued", fmt.Sprintf("Số phiếu phát ra (%d) không được lớn hơn số %s (%d)", b.Issued, convenedWords(r.CongressKind), convened))
	}
	if b.Valid+b.Invalid != b.Collected {
		msg := fmt.Sprintf("Số phiếu hợp lệ (%d) cộng không hợp lệ (%d) phải bằng số phiếu thu vào (%d)", b.Valid, b.Invalid, b.Collected)
		fe.add("ballots.valid", msg)
		fe.add("ballots.invalid", msg)
	}
	sum := int64(0)
	for i, c := range r.Candidates {
		sum += int64(c.Votes)
		if c.Votes > b.Valid {
			fe.add(fmt.Sprintf("candidates[%d].votes", i), fmt.Sprintf("Số phiếu bầu cho %s (%d) không được lớn hơn số phiếu hợp lệ (%d)", displayName(names[i], i), c.Votes, b.Valid))
		}
	}
	// Each valid ballot keeps at most as many names as the seats (rule 3).
	if most := int64(b.Valid) * int64(r.Seats); sum > most {
		fe.add("candidates", fmt.Sprintf("Tổng số phiếu bầu của danh sách (%d) không được lớn hơn số phiếu hợp lệ (%d) nhân số lượng cần bầu (%d), tức %d", sum, b.Valid, r.Seats, most))
	}
}

// Validate checks a request completely — the shape (codes, ranges, names) and the consistency
// checks of DOMAIN.md — and returns nil or an *congress.Error with code invalid_count whose fields
// are keyed by the JSON paths of the count contract ("ballots.valid", "candidates[2].votes").
func (r Request) Validate() error {
	fe := newFieldErrs()
	r.validate(fe)
	return fe.err()
}

// validate runs every check and returns the base and the normalized names; they are meaningful
// only when fe stays empty.
func (r Request) validate(fe *fieldErrs) (base int, names []string) {
	names = r.validateShape(fe)
	if ValidKind(r.CongressKind) {
		base = checkBase(fe, r.CongressKind, r.Base, r.ruleset())
	}
	if fe.empty() {
		r.checkConsistency(fe, names)
	}
	return base, names
}

// ruleset returns the request's rule set with the default applied.
func (r Request) ruleset() string {
	if r.Ruleset == "" {
		return DefaultRuleset
	}
	return r.Ruleset
}
