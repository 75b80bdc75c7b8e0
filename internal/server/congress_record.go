package server

import (
	"context"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

// congressRecord is the part of the congress page the elections produce: the elections in rule 8's
// order with their rounds, the new committee with its officers, and the delegates.
type congressRecord struct {
	CongressID int64
	CanWrite   bool
	CanAdd     bool
	Persons    int
	// Congress are the elections of the congress itself; Session those of the new committee's first
	// session (rule 8).
	Congress  []electionSummary
	Session   []electionSummary
	Committee committeeView
}

// electionSummary is one election on the congress page.
type electionSummary struct {
	ID         int64
	Title      string
	Seats      int
	Candidates int
	Done       bool
	Remaining  int
	Elected    string
	Rounds     []roundLink
}

// roundLink is a round of an election on the congress page.
type roundLink struct {
	ID, CongressID int64
	Number         int
	Closed         bool
	Document       string
}

// committeeView is the new committee, its officers and the delegates, formatted.
type committeeView struct {
	Title     string
	Members   []memberLine
	Reelected int
	FirstTime int
	Officers  []officerLine
	Official  []memberLine
	Alternate []memberLine
	Vacant    []string
}

// memberLine is one elected person.
type memberLine struct {
	No                          int
	Name, Offices, Votes, Share string
	Term                        string // "Tái cử" or "Lần đầu"
	Position, BirthYear         string
	Appointed                   bool
}

// officerLine is an office and who holds it.
type officerLine struct {
	Title string
	Names string
}

// officerBodies are the offices the first session fills, in the order the party lists them.
var officerBodies = []struct{ body, title string }{
	{congress.BodyStanding, "Ủy viên Ban Thường vụ"},
	{congress.BodySecretary, "Bí thư"},
	{congress.BodyDeputySecretary, "Phó Bí thư"},
	{congress.BodyInspection, "Ủy viên Ủy ban Kiểm tra"},
	{congress.BodyInspectionChair, "Chủ nhiệm Ủy ban Kiểm tra"},
}

// congressRecord reads what a congress's elections produced, for its page.
func (s *Server) congressRecord(ctx context.Context, u *congress.User, cg *congress.Congress) (congressRecord, error) {
	rec := congressRecord{CongressID: cg.ID, CanWrite: u.CanWriteCongress()}
	elections, err := s.store.FindElections(ctx, u, cg.ID)
	if err != nil {
		return rec, err
	}
	persons, err := s.store.FindPersons(ctx, u, cg.ID)
	if err != nil {
		return rec, err
	}
	rec.Persons = len(persons)
	rec.CanAdd = rec.CanWrite && len(bodiesWithout(cg, elections)) > 0
	for _, ev := range elections {
		sum := electionSummary{ID: ev.ID, Title: "Bầu " + ev.BodyLabel(), Seats: ev.Seats, Candidates: len(ev.Candidates),
			Done: ev.State == "done", Remaining: ev.Remaining}
		names := make([]string, len(ev.Elected))
		for i, e := range ev.Elected {
			names[i] = e.FullName
		}
		sum.Elected = strings.Join(names, ", ")
		for _, r := range ev.Rounds {
			sum.Rounds = append(sum.Rounds, roundLink{ID: r.ID, CongressID: cg.ID, Number: r.Number, Closed: r.Closed,
				Document: documentNumber(r.DocumentNumber)})
		}
		if congress.FirstSession(cg.OrganizationKind, ev.Body) {
			rec.Session = append(rec.Session, sum)
		} else {
			rec.Congress = append(rec.Congress, sum)
		}
	}
	if len(elections) == 0 {
		return rec, nil
	}
	cm, err := s.store.FindCommittee(ctx, u, cg.ID)
	if err != nil {
		return rec, err
	}
	rec.Committee = newCommitteeView(cg, cm)
	return rec, nil
}

// newCommitteeView formats the committee: members in vote order with "tái cử" or "lần đầu",
// their votes and percentages and offices; officers; delegates, alternates ranked.
func newCommitteeView(cg *congress.Congress, cm *store.Committee) committeeView {
	v := committeeView{}
	switch cm.Body {
	case congress.BodyExecutive:
		v.Title = "Ban Chấp hành khóa " + vn.Roman(cg.Ordinal)
	case congress.BodyCellCommittee:
		v.Title = "Chi ủy nhiệm kỳ " + cg.TermName()
	}
	line := func(i int, m store.CommitteeMember) memberLine {
		l := memberLine{No: i + 1, Name: m.FullName, Offices: strings.Join(m.Offices, ", "), Position: m.Position,
			Appointed: m.Appointed}
		if !m.Appointed {
			l.Votes, l.Share = vn.FormatInt(int64(m.Votes)), percentText(m.PercentHundredths)
		}
		l.Term = "Lần đầu"
		if m.Reelected {
			l.Term = "Tái cử"
		}
		if len(m.BirthDate) >= 4 {
			l.BirthYear = m.BirthDate[:4]
		}
		return l
	}
	for i, m := range cm.Members {
		l := line(i, m)
		if m.Reelected {
			v.Reelected++
		} else {
			v.FirstTime++
		}
		v.Members = append(v.Members, l)
	}
	for _, o := range officerBodies {
		list := cm.Officers[o.body]
		if len(list) == 0 {
			continue
		}
		names := make([]string, len(list))
		for i, m := range list {
			names[i] = m.FullName
			if m.Appointed {
				names[i] += " (cấp trên chỉ định)"
			}
		}
		v.Officers = append(v.Officers, officerLine{Title: o.title, Names: strings.Join(names, ", ")})
	}
	for i, m := range cm.Delegates.Official {
		v.Official = append(v.Official, line(i, m))
	}
	// Alternates replace absent officials in vote order; equal votes share a place (1, 2, 2, 4):
	// the regulation does not break that tie, the congress does.
	for i, m := range cm.Delegates.Alternate {
		l := line(i, m)
		if i > 0 && m.Votes == cm.Delegates.Alternate[i-1].Votes && !m.Appointed {
			l.No = v.Alternate[i-1].No
		}
		v.Alternate = append(v.Alternate, l)
	}
	for _, b := range congress.Bodies {
		if n := cm.Vacant[b.Code]; n > 0 {
			v.Vacant = append(v.Vacant, b.Label+": khuyết "+countWord(n, "chỗ")+" (đại hội quyết định không bầu tiếp)")
		}
	}
	return v
}
