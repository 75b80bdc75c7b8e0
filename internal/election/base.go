package election

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"daihoi/internal/vn"
)

// MaxFigure is the largest count the engine accepts for any figure (members, ballots, votes, seats).
// The largest party congresses convene a few thousand; the bound keeps every product the engine
// forms (votes × 10 000, valid × seats) far inside int64 and rejects typing accidents early.
const MaxFigure = 1_000_000

// BaseFigures are the attendance figures the base is computed from (rule 2). Fields that do not
// apply to the congress kind must be zero; omitted fields are zero.
type BaseFigures struct {
	// Convened is the number of official members (members' congress) or official delegates
	// (delegates' congress) convened. Probationary members never count.
	Convened int `json:"convened"`

	// Members' congress exclusions.

	// TemporarilyAttachedAbsent: members introduced to live temporarily in another committee who
	// do not attend (those who attend and vote stay in the base).
	TemporarilyAttachedAbsent int `json:"temporarily_attached_absent,omitempty"`
	// ExemptAbsent: members exempted from work and party activities who do not attend.
	ExemptAbsent int `json:"exempt_absent,omitempty"`
	// Suspended: members suspended, prosecuted or detained.
	Suspended int `json:"suspended,omitempty"`
	// AbsentWithReason: official members absent for the whole congress with a reason the
	// convening committee accepted.
	AbsentWithReason int `json:"absent_with_reason,omitempty"`

	// Delegates' congress exclusions.

	// CommitteeAbsent: members of the convening committee absent for the whole congress.
	CommitteeAbsent int `json:"committee_absent,omitempty"`
	// AbsentNotReplaced: official delegates absent for the whole congress and not replaced by an
	// alternate.
	AbsentNotReplaced int `json:"absent_not_replaced,omitempty"`
}

// baseField is one exclusion of the base: its JSON path, its value and the Vietnamese words for it.
type baseField struct {
	path  string
	value int
	words string
	kind  string
}

func (b BaseFigures) exclusions() []baseField {
	return []baseField{
		{"base.temporarily_attached_absent", b.TemporarilyAttachedAbsent, "giới thiệu sinh hoạt tạm thời nơi khác không dự", KindMembers},
		{"base.exempt_absent", b.ExemptAbsent, "miễn công tác và sinh hoạt đảng không dự", KindMembers},
		{"base.suspended", b.Suspended, "bị đình chỉ sinh hoạt, khởi tố, tạm giam", KindMembers},
		{"base.absent_with_reason", b.AbsentWithReason, "vắng mặt suốt thời gian đại hội có lý do được chấp nhận", KindMembers},
		{"base.committee_absent", b.CommitteeAbsent, "cấp ủy viên triệu tập vắng mặt suốt thời gian đại hội", KindDelegates},
		{"base.absent_not_replaced", b.AbsentNotReplaced, "đại biểu chính thức vắng mặt suốt thời gian đại hội không có người thay", KindDelegates},
	}
}

// convenedWords names what Convened counts for a congress kind.
func convenedWords(kind string) string {
	if kind == KindDelegates {
		return "đại biểu chính thức được triệu tập"
	}
	return "đảng viên chính thức được triệu tập"
}

// Base returns the base of rule 2 — the number that "more than half" is taken of — for a congress
// kind ("members" or "delegates"): the convened official members or delegates minus the exclusions
// that apply to that kind. It fails with an *congress.Error (code invalid_count, fields keyed by the
// JSON paths of the count contract) when the kind is unknown, a figure is negative or too large, an
// exclusion of the other kind is not zero, or the base is not positive.
func Base(kind string, b BaseFigures) (int, error) {
	fe := newFieldErrs()
	base := checkBase(fe, kind, b, DefaultRuleset)
	if err := fe.err(); err != nil {
		return 0, err
	}
	return base, nil
}

// checkBase computes the base, recording every problem in fe; the value is meaningful only when fe
// stays empty.
func checkBase(fe *fieldErrs, kind string, b BaseFigures, ruleset string) int {
	if !ValidKind(kind) {
		fe.add("congress_kind", kindMessage(kind))
		return 0
	}
	fe.figure("base.convened", b.Convened, "Số "+convenedWords(kind))
	base := b.Convened
	var parts []string
	excluded := 0
	for _, x := range b.exclusions() {
		if x.kind != kind {
			if x.value != 0 {
				fe.add(x.path, fmt.Sprintf("Trường này chỉ dùng cho %s, không dùng cho %s (đang là %d)",
					kindWords(x.kind), kindWords(kind), x.value))
			}
			continue
		}
		fe.figure(x.path, x.value, "Số "+x.words)
		if x.value != 0 {
			parts = append(parts, fmt.Sprintf("%s %d", x.words, x.value))
		}
		excluded += x.value
		base -= x.value
	}
	if fe.empty() && base <= 0 {
		msg := fmt.Sprintf("Số làm căn cứ tính kết quả bầu cử phải lớn hơn 0: %s là %d", convenedWords(kind), b.Convened)
		if excluded > 0 {
			msg += fmt.Sprintf(", trừ %d (%s), còn %d", excluded, strings.Join(parts, "; "), base)
		}
		msg += " (" + Cite(ruleset, TopicResults) + ")"
		fe.add("base.convened", msg)
	}
	return base
}

func kindWords(kind string) string {
	if kind == KindDelegates {
		return "đại hội đại biểu"
	}
	return "đại hội đảng viên"
}

func kindMessage(kind string) string {
	if kind == "" {
		return `Thiếu loại đại hội (congress_kind): "members" (đại hội đảng viên) hoặc "delegates" (đại hội đại biểu)`
	}
	return fmt.Sprintf(`Loại đại hội %q không hợp lệ: chỉ nhận "members" (đại hội đảng viên) hoặc "delegates" (đại hội đại biểu)`, kind)
}

// Threshold returns the fewest votes that elect for a base: more than half of the base ("quá một
// nửa"), i.e. base ÷ 2 rounded down, plus one. Exactly half never elects: base 10 → 6, base 41 → 21.
func Threshold(base int) int { return base/2 + 1 }

// PercentHundredths returns votes × 100 ÷ base in hundredths of a percent, rounded half-up, in
// integer arithmetic so that no binary fraction can round 87.375 down: 699 of 800 → 8738, 1 of
// 800 → 13. It returns 0 when base is not positive.
func PercentHundredths(votes, base int) int64 {
	if base <= 0 {
		return 0
	}
	// votes × 10 000 / base, half-up: (2 × votes × 10 000 + base) / (2 × base).
	return (2*int64(votes)*10_000 + int64(base)) / (2 * int64(base))
}

// Percent is a percentage of the base, exact to two decimals (PercentHundredths ÷ 100). It marshals
// to JSON with at least one decimal, as the count contract's examples print it (50.0, 52.5, 50.34).
type Percent float64

// PercentOf returns votes as a percentage of base, rounded half-up to two decimals.
func PercentOf(votes, base int) Percent {
	return Percent(float64(PercentHundredths(votes, base)) / 100)
}

// MarshalJSON writes the percentage with two decimals, trailing zeros trimmed down to one.
func (p Percent) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(p)) || math.IsInf(float64(p), 0) {
		return nil, fmt.Errorf("election: percent %v has no JSON form", float64(p))
	}
	s := strconv.FormatFloat(float64(p), 'f', 2, 64)
	s = strings.TrimSuffix(s, "0")
	return []byte(s), nil
}

// String formats the percentage the Vietnamese way, "95,24%".
func (p Percent) String() string { return vn.Percent(float64(p)) }
