package store

import (
	"context"

	"daihoi/internal/congress"
)

// CommitteeMember is a member of a body the congress elected, with their profile.
type CommitteeMember struct {
	congress.Person
	Votes             int   `json:"votes"`
	PercentHundredths int64 `json:"percent_hundredths"`
	// Reelected is "tái cử": the person sat on the outgoing committee.
	Reelected bool `json:"reelected"`
	// Offices are the posts the first session gave them (Bí thư, Phó Bí thư, Ủy viên BTV …).
	Offices []string `json:"offices"`
	Rank    int      `json:"rank"`
	// Appointed marks a secretary appointed by the higher committee (rule 5), not elected.
	Appointed bool `json:"appointed"`
}

// Committee is what a congress's elections produced.
type Committee struct {
	// Body is executive or cell_committee ("" for a small cell that elects only officers).
	Body    string            `json:"body"`
	Members []CommitteeMember `json:"members"`
	// Officers maps a body (secretary, deputy_secretary, standing, inspection, inspection_chair)
	// to who holds it.
	Officers  map[string][]CommitteeMember `json:"officers"`
	Delegates struct {
		Official  []CommitteeMember `json:"official"`
		Alternate []CommitteeMember `json:"alternate"` // ranked: they replace officials in this order
	} `json:"delegates"`
	// Vacant maps a body to the seats left unfilled.
	Vacant map[string]int `json:"vacant_seats"`
}

// FindCommittee returns the new committee, its officers and the delegates of a congress in scope.
func (s *Store) FindCommittee(ctx context.Context, u *congress.User, congressID int64) (*Committee, error) {
	elections, err := s.FindElections(ctx, u, congressID)
	if err != nil {
		return nil, err
	}
	persons, err := findPersons(ctx, s.db.R, congressID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]congress.Person{}
	for _, p := range persons {
		byID[p.ID] = p
	}
	out := &Committee{Members: []CommitteeMember{}, Officers: map[string][]CommitteeMember{}, Vacant: map[string]int{}}
	out.Delegates.Official, out.Delegates.Alternate = []CommitteeMember{}, []CommitteeMember{}
	member := func(e ElectedPerson) CommitteeMember {
		p := byID[e.PersonID]
		return CommitteeMember{Person: p, Votes: e.Votes, PercentHundredths: e.PercentHundredths, Reelected: p.Incumbent,
			Offices: []string{}, Rank: e.Rank}
	}
	for _, ev := range elections {
		list := make([]CommitteeMember, 0, len(ev.Elected)+1)
		for _, e := range ev.Elected {
			list = append(list, member(e))
		}
		if ev.AppointedPersonID != nil {
			m := CommitteeMember{Person: byID[*ev.AppointedPersonID], Offices: []string{}, Appointed: true, Rank: len(list) + 1}
			list = append(list, m)
		}
		if ev.State == "done" && ev.Remaining > 0 {
			out.Vacant[ev.Body] = ev.Remaining
		}
		switch ev.Body {
		case congress.BodyExecutive, congress.BodyCellCommittee:
			out.Body, out.Members = ev.Body, list
		case congress.BodyDelegateOfficial:
			out.Delegates.Official = list
		case congress.BodyDelegateAlternate:
			out.Delegates.Alternate = list
		default:
			out.Officers[ev.Body] = list
		}
	}
	// Offices, in the order the party lists them.
	titles := []struct{ body, title string }{
		{congress.BodySecretary, "Bí thư"}, {congress.BodyDeputySecretary, "Phó Bí thư"},
		{congress.BodyStanding, "Ủy viên Ban Thường vụ"}, {congress.BodyInspectionChair, "Chủ nhiệm Ủy ban Kiểm tra"},
		{congress.BodyInspection, "Ủy viên Ủy ban Kiểm tra"},
	}
	index := map[int64]int{}
	for i, m := range out.Members {
		index[m.ID] = i
	}
	for _, t := range titles {
		for _, m := range out.Officers[t.body] {
			i, ok := index[m.ID]
			if !ok {
				continue
			}
			if t.body == congress.BodyInspection && hasOffice(out.Members[i], "Chủ nhiệm Ủy ban Kiểm tra") {
				continue
			}
			out.Members[i].Offices = append(out.Members[i].Offices, t.title)
		}
	}
	return out, nil
}

func hasOffice(m CommitteeMember, title string) bool {
	for _, o := range m.Offices {
		if o == title {
			return true
		}
	}
	return false
}
