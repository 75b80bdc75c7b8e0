package election

// RankedAlternate is an elected alternate delegate with their place in the order of replacement.
type RankedAlternate struct {
	Name  string `json:"name"`
	Votes int    `json:"votes"`
	// Rank is 1 for the first to replace an absent official delegate. Equal votes share a rank
	// (1, 2, 2, 4): the regulation does not break such a tie, so the congress's decision is
	// recorded rather than invented; within a shared rank the order is the list order.
	Rank int `json:"rank"`
}

// RankAlternates returns the alternates elected in an alternate-delegate round, ranked by votes,
// highest first: the order in which they replace official delegates who cannot attend the higher
// congress (rule 7; Điều 18, Quyết định 190-QĐ/TW; Điều 20, Quyết định 244-QĐ/TW). Names tied for
// a runoff are not elected yet and are not ranked.
func RankAlternates(r Result) []RankedAlternate {
	votes := make(map[string]int, len(r.Candidates))
	for _, c := range r.Candidates {
		votes[c.Name] = c.Votes
	}
	out := make([]RankedAlternate, 0, len(r.Elected))
	for i, name := range r.Elected { // Elected is in vote order, equal votes in list order
		a := RankedAlternate{Name: name, Votes: votes[name], Rank: i + 1}
		if i > 0 && out[i-1].Votes == a.Votes {
			a.Rank = out[i-1].Rank
		}
		out = append(out, a)
	}
	return out
}

// AlternateCandidates returns, in list order, the names an official-delegate round did not elect
// (status not_elected): rule 7 elects the officials first and the alternates from the rest of the
// same combined list. Names still in a runoff are left out; that round is not finished.
func AlternateCandidates(official Result) []string {
	out := []string{}
	for _, c := range official.Candidates {
		if c.Status == StatusNotElected {
			out = append(out, c.Name)
		}
	}
	return out
}
