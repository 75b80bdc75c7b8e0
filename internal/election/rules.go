package election

import "strconv"

// Rule sets: the party's election regulation a congress ran under. The counting rules are the same
// in both; what differs is the article a minute or a message cites.
const (
	// RulesetQD244 is Quyết định 244-QĐ/TW (09/6/2014), in force for the 2020–2025 congresses.
	RulesetQD244 = "qd244-2014"
	// RulesetQD190 is Quyết định 190-QĐ/TW (10/10/2024), which replaced it for 2025–2030.
	RulesetQD190 = "qd190-2024"
	// DefaultRuleset is used when a request names none (the count contract).
	DefaultRuleset = RulesetQD190
)

// Congress kinds (DOMAIN.md glossary).
const (
	// KindMembers is a members' congress (đại hội đảng viên): every official member is convened.
	KindMembers = "members"
	// KindDelegates is a delegates' congress (đại hội đại biểu): elected delegates are convened.
	KindDelegates = "delegates"
)

// Bodies an election fills. The count contract carries one optionally (field "body") only so that
// the list warnings of rule 6 can be given; the count itself does not depend on it.
const (
	BodyExecutive         = "executive"          // Ban Chấp hành
	BodyStanding          = "standing"           // Ban Thường vụ
	BodySecretary         = "secretary"          // Bí thư
	BodyDeputySecretary   = "deputy_secretary"   // Phó Bí thư
	BodyInspection        = "inspection"         // Ủy ban Kiểm tra
	BodyInspectionChair   = "inspection_chair"   // Chủ nhiệm Ủy ban Kiểm tra
	BodyCellCommittee     = "cell_committee"     // Chi ủy
	BodyDelegateOfficial  = "delegate_official"  // đại biểu chính thức dự Đại hội cấp trên
	BodyDelegateAlternate = "delegate_alternate" // đại biểu dự khuyết dự Đại hội cấp trên
)

// bodyNames are the Vietnamese names of the bodies, as messages print them.
var bodyNames = map[string]string{
	BodyExecutive:         "Ban Chấp hành",
	BodyStanding:          "Ban Thường vụ",
	BodySecretary:         "Bí thư",
	BodyDeputySecretary:   "Phó Bí thư",
	BodyInspection:        "Ủy ban Kiểm tra",
	BodyInspectionChair:   "Chủ nhiệm Ủy ban Kiểm tra",
	BodyCellCommittee:     "Chi ủy",
	BodyDelegateOfficial:  "đại biểu chính thức dự Đại hội cấp trên",
	BodyDelegateAlternate: "đại biểu dự khuyết dự Đại hội cấp trên",
}

// BodyName returns the Vietnamese name of a body code, or "" for an unknown code.
func BodyName(body string) string { return bodyNames[body] }

// ValidRuleset reports whether r is a known rule set code.
func ValidRuleset(r string) bool { return r == RulesetQD244 || r == RulesetQD190 }

// ValidKind reports whether k is a known congress kind.
func ValidKind(k string) bool { return k == KindMembers || k == KindDelegates }

// ValidBody reports whether b is a known body code.
func ValidBody(b string) bool { _, ok := bodyNames[b]; return ok }

// Topic is what a citation is about; each rule set puts it in a different article.
type Topic int

// Topics that minutes and messages cite.
const (
	TopicResults       Topic = iota // the threshold and who is elected
	TopicBallots                    // valid and invalid ballots
	TopicCandidateList              // the length of the list
	TopicDelegates                  // delegates to the higher congress
)

// articles maps a rule set and topic to the article number. QĐ 244's article on the candidate list
// is not stated in DOMAIN.md, so it is cited by the decision alone (Article returns 0).
var articles = map[string]map[Topic]int{
	RulesetQD244: {TopicResults: 32, TopicBallots: 17, TopicDelegates: 20},
	RulesetQD190: {TopicResults: 30, TopicBallots: 15, TopicCandidateList: 14, TopicDelegates: 18},
}

// Article returns the article of the rule set's regulation that governs topic, or 0 if unknown.
func Article(ruleset string, t Topic) int { return articles[ruleset][t] }

// Decision returns the short name of the rule set's decision, e.g. "Quyết định 190-QĐ/TW", or ""
// for an unknown rule set.
func Decision(ruleset string) string {
	switch ruleset {
	case RulesetQD244:
		return "Quyết định 244-QĐ/TW"
	case RulesetQD190:
		return "Quyết định 190-QĐ/TW"
	}
	return ""
}

// Cite returns the citation a minute or message prints for topic, e.g. "Điều 30, Quyết định
// 190-QĐ/TW". An empty or unknown rule set is cited as the default one.
func Cite(ruleset string, t Topic) string {
	if !ValidRuleset(ruleset) {
		ruleset = DefaultRuleset
	}
	if a := Article(ruleset, t); a > 0 {
		return "Điều " + strconv.Itoa(a) + ", " + Decision(ruleset)
	}
	return Decision(ruleset)
}
