package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// A generated congress elects its committee from a list of invented members (sample data) and then
// its secretary, each election counted from plausible totals and closed through the store, so the
// reports of thousands of congresses have about ten elected persons per congress to compile, and
// `daihoi verify` finds every round consistent.

// committeeSeed keeps the committees' random draws apart from the organizations' and congresses',
// so generating committees does not change the congresses a seed gives.
const committeeSeed = 0x636f6d6d69747465

// generateCommittee records the elections of a generated congress c of an organization of kind
// orgKind: the executive committee (9–15 seats) of a grassroots committee, or the cell committee
// (5–7 seats) of a cell, from a list up to 30% longer; then the secretary, by the new committee's
// first session (a cell's congress elects its secretary itself).
func generateCommittee(ctx context.Context, b *store.Batch, r *rand.Rand, c *congress.Congress, orgKind string) error {
	body, seats := congress.BodyExecutive, 9+r.IntN(7)
	if orgKind == congress.KindCell {
		body, seats = congress.BodyCellCommittee, 5+r.IntN(3)
	}
	extra := max(1, seats*(10+r.IntN(11))/100) // the convening committee prepares 10–20% more
	if seats <= 5 {
		extra = 1 // 3–5 seats allow a surplus of one
	}
	held, err := time.Parse("2006-01-02", c.HeldOn)
	if err != nil {
		return fmt.Errorf("demo: congress %d has no date: %w", c.ID, err)
	}
	persons := make([]congress.Person, 0, seats+extra)
	seen := map[string]bool{}
	for len(persons) < seats+extra {
		p := samplePerson(r, held)
		if key := p.FullName + p.BirthDate; !seen[key] {
			seen[key] = true
			persons = append(persons, p)
		}
	}
	present := c.Present
	invalid := min(r.IntN(3), present)
	valid := present - invalid
	base := c.Base()
	votes := sampleVotes(r, len(persons), seats, valid, base)
	ballots := election.BallotTotals{Issued: present, Collected: present, Valid: valid, Invalid: invalid}
	var reasons map[string]int
	if invalid > 0 {
		reasons = map[string]int{election.ReasonTooManyKept: invalid}
	}
	closed := held.Add(3*time.Hour + time.Duration(r.IntN(120))*time.Minute) // late morning in Vietnam (UTC+7)
	committee := &store.ClosedElection{CongressID: c.ID, Body: body, Seats: seats, ListKind: congress.ListSurplus,
		Decision: fmt.Sprintf("Đại hội biểu quyết thông qua số lượng %d đồng chí và danh sách bầu cử gồm %d đồng chí (dữ liệu mẫu).",
			seats, len(persons)),
		Persons: persons, Votes: votes, Counters: sampleCounters(r), Ballots: ballots, InvalidReasons: reasons, ClosedAt: closed}
	if err := b.CreateClosedElection(ctx, committee); err != nil {
		return fmt.Errorf("demo: committee of congress %d: %w", c.ID, err)
	}
	// The secretary: the committee's first elected, on a one-person agree/disagree ballot.
	if len(committee.Result.Elected) == 0 {
		return nil
	}
	var secretary congress.Person
	for _, p := range persons {
		if p.FullName == committee.Result.Elected[0] {
			secretary = p
		}
	}
	if secretary.ID == 0 { // a name made unique on the ballot: leave the secretary for the record's owner
		return nil
	}
	vote := congress.Attendance{Convened: len(committee.Result.Elected), Present: len(committee.Result.Elected)}
	var att *congress.Attendance
	if congress.FirstSession(orgKind, congress.BodySecretary) {
		att = &vote
	} else {
		vote = c.Attendance
	}
	agree := vote.Present - r.IntN(2)
	sec := &store.ClosedElection{CongressID: c.ID, Body: congress.BodySecretary, Seats: 1, ListKind: congress.ListAgreeDisagree,
		Persons: []congress.Person{secretary}, Votes: []int{agree}, Counters: sampleCounters(r), Attendance: att,
		Ballots:  election.BallotTotals{Issued: vote.Present, Collected: vote.Present, Valid: vote.Present},
		ClosedAt: closed.Add(40 * time.Minute)}
	if err := b.CreateClosedElection(ctx, sec); err != nil {
		return fmt.Errorf("demo: secretary of congress %d: %w", c.ID, err)
	}
	return nil
}

// sampleVotes invents the votes of a surplus list of n names for seats seats from valid ballots:
// the first seats names well over half of the base, the others under it, and no more votes in all than valid × seats (a ballot keeps at most seats names).
func sampleVotes(r *rand.Rand, n, seats, valid, base int) []int {
	votes := make([]int, n)
	floor := base/2 + 1 // the fewest votes that elect
	for i := range votes {
		var v int
		if i < seats {
			// Between the threshold, with a margin, and every valid ballot. Exactly seats names
			// pass the threshold, so equal votes among them never leave a seat undecided.
			lo := min(valid, floor+max(1, valid/10))
			v = lo + r.IntN(max(1, valid-lo+1))
		} else {
			v = valid/10 + r.IntN(max(1, floor-valid/10-1))
		}
		votes[i] = min(max(v, 0), valid)
	}
	// Strike enough names overall: the kept names cannot outnumber valid × seats.
	for sum(votes) > valid*seats {
		for i := seats; i < n && sum(votes) > valid*seats; i++ {
			votes[i] = max(0, votes[i]-1)
		}
	}
	// The list is shuffled so the elected are not always the first on the roll.
	r.Shuffle(n, func(i, j int) { votes[i], votes[j] = votes[j], votes[i] })
	return votes
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

var (
	familyNames   = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Lâm", "Đoàn"}
	maleMiddle    = []string{"Văn", "Minh", "Hữu", "Quốc", "Thanh", "Công", "Đức", "Hoàng", "Tấn", "Chí"}
	femaleMiddle  = []string{"Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Hồng", "Thị Kim", "Thị Ngọc"}
	maleGiven     = []string{"Tuấn", "Hùng", "Dũng", "Hải", "Long", "Nam", "Phúc", "Sơn", "Tài", "Thắng", "Trung", "Vinh", "Khoa", "Bảo", "Hiếu", "Quang", "Thành", "Nghĩa", "Lộc", "Toàn"}
	femaleGiven   = []string{"Lan", "Hạnh", "Mai", "Hoa", "Hương", "Thảo", "Trang", "Nga", "Linh", "Yến", "Phượng", "Thủy", "Tuyết", "Loan", "Nhung", "Diễm"}
	positions     = []string{"Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng Tổ chức – Hành chính", "Phó Trưởng phòng Kế hoạch – Tài chính", "Kế toán trưởng", "Chuyên viên chính", "Chủ tịch Công đoàn cơ sở", "Bí thư Chi đoàn", "Trưởng phòng Nghiệp vụ", "Hiệu trưởng", "Phó Hiệu trưởng", "Trưởng khoa", "Chánh Thanh tra"}
	degreeTitles  = []string{"Cử nhân Luật", "Cử nhân Kinh tế", "Kỹ sư Xây dựng", "Cử nhân Hành chính", "Kỹ sư Nông nghiệp", "Cử nhân Sư phạm", "Bác sĩ đa khoa", "Cử nhân Kế toán"}
	masterTitles  = []string{"Thạc sĩ Quản lý công", "Thạc sĩ Kinh tế", "Thạc sĩ Luật", "Thạc sĩ Quản lý giáo dục"}
	counterNames  = []string{"Nguyễn Văn Hòa", "Trần Thị Mỹ", "Lê Hoàng Nam", "Phạm Thị Thu", "Võ Minh Trí", "Đặng Thị Hồng", "Huỳnh Văn Lực"}
	ethnicMinor   = []string{"Khmer", "Hoa", "Chăm"}
	religionsMore = []string{"Phật giáo", "Phật giáo Hòa Hảo", "Công giáo", "Cao Đài"}
)

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// samplePerson invents a member standing at a congress held on held: aged 30 to 59, a quarter of
// them women, a few of an ethnic minority, about half sitting on the outgoing committee.
func samplePerson(r *rand.Rand, held time.Time) congress.Person {
	p := congress.Person{Gender: "male", Ethnicity: "Kinh", Religion: "Không", Education: "12/12", Sample: true,
		HomeTown: pick(r, districts) + ", Đồng Tháp", Position: pick(r, positions), Incumbent: r.IntN(100) < 55}
	if r.IntN(4) == 0 {
		p.Gender = "female"
		p.FullName = pick(r, familyNames) + " " + pick(r, femaleMiddle) + " " + pick(r, femaleGiven)
	} else {
		p.FullName = pick(r, familyNames) + " " + pick(r, maleMiddle) + " " + pick(r, maleGiven)
	}
	var age int
	switch n := r.IntN(100); {
	case n < 16:
		age = 30 + r.IntN(10)
	case n < 62:
		age = 40 + r.IntN(11)
	default:
		age = 51 + r.IntN(9)
	}
	birth := held.AddDate(-age, -r.IntN(12), -r.IntN(28))
	p.BirthDate = birth.Format("2006-01-02")
	joined := birth.AddDate(22+r.IntN(10), r.IntN(12), r.IntN(28))
	p.JoinedOn, p.OfficialOn = joined.Format("2006-01-02"), joined.AddDate(1, 0, 0).Format("2006-01-02")
	if r.IntN(100) < 7 {
		p.Ethnicity = pick(r, ethnicMinor)
	}
	if r.IntN(100) < 25 {
		p.Religion = pick(r, religionsMore)
	}
	switch n := r.IntN(100); {
	case n < 3:
		p.Degree = "Tiến sĩ Quản lý kinh tế"
	case n < 25:
		p.Degree = pick(r, masterTitles)
	case n < 93:
		p.Degree = pick(r, degreeTitles)
	case n < 97:
		p.Degree = "Cao đẳng Sư phạm"
	default:
		p.Degree = "Trung cấp Kế toán"
	}
	switch n := r.IntN(100); {
	case n < 30:
		p.TheoryLevel = "Cao cấp"
	case n < 85:
		p.TheoryLevel = "Trung cấp"
	default:
		p.TheoryLevel = "Sơ cấp"
	}
	return p
}

// sampleCounters is a counting committee of three, its head first.
func sampleCounters(r *rand.Rand) []congress.CountingMember {
	i := r.IntN(len(counterNames))
	return []congress.CountingMember{
		{Name: counterNames[i] + " (mẫu)", Head: true},
		{Name: counterNames[(i+1)%len(counterNames)] + " (mẫu)"},
		{Name: counterNames[(i+2)%len(counterNames)] + " (mẫu)"},
	}
}
