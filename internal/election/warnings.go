package election

import "fmt"

// Warning codes. Warnings never refuse a count; they point at what the congress should check.
const (
	// WarnSurplusOver30Percent: the list exceeds the seats by more than 30% (rule 6).
	WarnSurplusOver30Percent = "surplus_over_30_percent"
	// WarnSurplusOverOne: a committee of 3–5 seats (or fewer) has a list more than one longer than
	// the seats (rule 6).
	WarnSurplusOverOne = "surplus_over_one"
	// WarnListNotLongerThanSeats: the list of an executive, standing or cell committee is not
	// longer than the seats (rule 6: it must be).
	WarnListNotLongerThanSeats = "list_not_longer_than_seats"
	// WarnPresentOverBase: more are present than the base counts, so some exclusion from the base
	// was probably entered wrongly (rule 2).
	WarnPresentOverBase = "present_over_base"
)

// surplusRuled reports whether rule 6's list length limits apply to a body: the committees the
// congress (or the committee) elects as a collective — executive, standing and, for a cell, its
// cell committee. Officers may stand alone; the number of delegates is allocated from above.
func surplusRuled(body string) bool {
	return body == BodyExecutive || body == BodyStanding || body == BodyCellCommittee
}

// ListWarnings returns the warnings of rule 6 for a list of listLen names electing seats for body
// (one of the Body… codes, or "" when unknown, which gives no warning). For an executive, standing
// or cell committee the list must be longer than the seats; by at most 30% of the seats, or by at
// most one on a committee of five seats or fewer (30% of 3–5 seats is less than one person, so the
// regulation allows one there). The counting room may call it while the list is being made.
func ListWarnings(ruleset, body string, seats, listLen int) []Warning {
	if !surplusRuled(body) || seats <= 0 {
		return nil
	}
	cite := Cite(ruleset, TopicCandidateList)
	name := BodyName(body)
	surplus := listLen - seats
	switch {
	case surplus <= 0:
		return []Warning{{WarnListNotLongerThanSeats, fmt.Sprintf(
			"Danh sách bầu cử %s phải nhiều hơn số lượng cần bầu: danh sách có %d người cho %d chỗ (%s)",
			name, listLen, seats, cite)}}
	case seats <= 5 && surplus > 1:
		return []Warning{{WarnSurplusOverOne, fmt.Sprintf(
			"%s có từ 5 thành viên trở xuống chỉ được dư tối đa 1 người: danh sách có %d người cho %d chỗ, dư %d (%s)",
			name, listLen, seats, surplus, cite)}}
	case seats > 5 && surplus*10 > seats*3:
		return []Warning{{WarnSurplusOver30Percent, fmt.Sprintf(
			"Danh sách bầu cử %s dư %d người so với %d chỗ, vượt quá 30%% số lượng cần bầu (tối đa %d người) (%s)",
			name, surplus, seats, seats*3/10, cite)}}
	}
	return nil
}

func presentOverBase(req Request, base int) Warning {
	return Warning{WarnPresentOverBase, fmt.Sprintf(
		"Số có mặt (%d) lớn hơn số làm căn cứ tính kết quả (%d): xin kiểm tra lại các trường hợp không tính vào căn cứ (%s)",
		*req.Present, base, Cite(req.ruleset(), TopicResults))}
}
