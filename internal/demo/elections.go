package demo

import (
	"context"
	"fmt"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// seedPersons are the candidates of the seed congress. Only Huỳnh Minh Tuấn, the Director, is
// named by the article; the others are invented and flagged as sample data.
var seedPersons = []congress.Person{
	{FullName: "Huỳnh Minh Tuấn", BirthDate: "1968-03-12", Gender: "male", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Cao Lãnh, Đồng Tháp",
		Position: "Giám đốc Sở Khoa học và Công nghệ", JoinedOn: "1993-05-19", OfficialOn: "1994-05-19", Education: "12/12",
		Degree: "Tiến sĩ Nông nghiệp", TheoryLevel: "Cao cấp", Incumbent: true},
	{FullName: "Nguyễn Thị Lan", BirthDate: "1975-08-02", Gender: "female", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Sa Đéc, Đồng Tháp",
		Position: "Phó Giám đốc Sở", JoinedOn: "2001-09-02", OfficialOn: "2002-09-02", Education: "12/12", Degree: "Thạc sĩ Quản lý khoa học",
		TheoryLevel: "Cao cấp", Incumbent: true},
	{FullName: "Trần Văn Bình", BirthDate: "1979-11-20", Gender: "male", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Lấp Vò, Đồng Tháp",
		Position: "Chánh Văn phòng Sở", JoinedOn: "2005-02-03", OfficialOn: "2006-02-03", Education: "12/12", Degree: "Cử nhân Luật",
		TheoryLevel: "Trung cấp", Incumbent: true},
	{FullName: "Lê Thị Hạnh", BirthDate: "1983-04-30", Gender: "female", Ethnicity: "Kinh", Religion: "Phật giáo", HomeTown: "Châu Thành, Đồng Tháp",
		Position: "Trưởng phòng Quản lý khoa học", JoinedOn: "2009-12-22", OfficialOn: "2010-12-22", Education: "12/12", Degree: "Thạc sĩ Sinh học",
		TheoryLevel: "Trung cấp"},
	{FullName: "Phạm Quốc Dũng", BirthDate: "1972-06-15", Gender: "male", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Tháp Mười, Đồng Tháp",
		Position: "Chi cục trưởng Chi cục Tiêu chuẩn Đo lường Chất lượng", JoinedOn: "1998-07-27", OfficialOn: "1999-07-27", Education: "12/12",
		Degree: "Kỹ sư Điện", TheoryLevel: "Cao cấp", Incumbent: true},
	{FullName: "Võ Thanh Sơn", BirthDate: "1986-01-09", Gender: "male", Ethnicity: "Khmer", Religion: "Phật giáo", HomeTown: "Hồng Ngự, Đồng Tháp",
		Position: "Giám đốc Trung tâm Ứng dụng tiến bộ KH&CN", JoinedOn: "2012-03-26", OfficialOn: "2013-03-26", Education: "12/12",
		Degree: "Thạc sĩ Công nghệ thông tin", TheoryLevel: "Trung cấp"},
	{FullName: "Đặng Thị Mai", BirthDate: "1977-09-05", Gender: "female", Ethnicity: "Kinh", Religion: "Công giáo", HomeTown: "Thanh Bình, Đồng Tháp",
		Position: "Chánh Thanh tra Sở", JoinedOn: "2003-05-19", OfficialOn: "2004-05-19", Education: "12/12", Degree: "Cử nhân Kinh tế",
		TheoryLevel: "Cao cấp", Incumbent: true},
	{FullName: "Bùi Văn Nam", BirthDate: "1990-12-01", Gender: "male", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Lai Vung, Đồng Tháp",
		Position: "Phó Chánh Văn phòng Sở", JoinedOn: "2015-06-12", OfficialOn: "2016-06-12", Education: "12/12", Degree: "Cử nhân Hành chính",
		TheoryLevel: "Trung cấp"},
	{FullName: "Ngô Thị Thu", BirthDate: "1981-02-14", Gender: "female", Ethnicity: "Kinh", Religion: "Không", HomeTown: "Cao Lãnh, Đồng Tháp",
		Position: "Kế toán trưởng, Văn phòng Sở", JoinedOn: "2008-10-10", OfficialOn: "2009-10-10", Education: "12/12", Degree: "Cử nhân Kế toán",
		TheoryLevel: "Trung cấp"},
	{FullName: "Lý Hoàng Phúc", BirthDate: "1988-07-07", Gender: "male", Ethnicity: "Hoa", Religion: "Không", HomeTown: "Sa Đéc, Đồng Tháp",
		Position: "Phó Trưởng phòng Quản lý công nghệ", JoinedOn: "2014-02-03", OfficialOn: "2015-02-03", Education: "12/12",
		Degree: "Thạc sĩ Kỹ thuật", TheoryLevel: "Trung cấp"},
}

var seedCounters = []congress.CountingMember{{Name: "Trương Văn Hải", Head: true}, {Name: "Mai Thị Hoa"}, {Name: "Đinh Công Lý"}}

// seedElections records the seed congress's elections, all closed, with consistent figures: the
// executive committee of 7 from a list of 8, entered ballot by ballot (so the entry log exists);
// the first session (secretary Huỳnh Minh Tuấn, a deputy, an inspection committee of 3 and its
// chair); and the 3 delegates to the Khối's congress, 2 official and 1 alternate. The figures are
// invented (the article gives none) and the persons other than Huỳnh Minh Tuấn are sample data.
func seedElections(ctx context.Context, s *store.Store, c *congress.Congress) error {
	ids := map[string]int64{}
	for _, p := range seedPersons {
		p.CongressID, p.Sample = c.ID, p.FullName != "Huỳnh Minh Tuấn"
		if err := s.CreatePerson(ctx, congress.System, &p); err != nil {
			return fmt.Errorf("demo: person %s: %w", p.FullName, err)
		}
		ids[p.FullName] = p.ID
	}
	pick := func(names ...string) []int64 {
		out := make([]int64, len(names))
		for i, n := range names {
			out[i] = ids[n]
		}
		return out
	}
	congressVote := c.Attendance // 61 convened, 58 present, 3 absent with reason: base 58
	bch := congress.Attendance{Convened: 7, Present: 7}

	// Executive committee: 7 of 8, ballot by ballot.
	exec := &store.ElectionInput{Election: congress.Election{CongressID: c.ID, Body: congress.BodyExecutive, Seats: 7,
		ListKind: congress.ListSurplus, Decision: "Đại hội biểu quyết thông qua số lượng Ban Chấp hành khóa II là 7 đồng chí và danh sách bầu cử gồm 8 đồng chí (dư 1 người, 14,29%)."},
		CandidateIDs: pick("Huỳnh Minh Tuấn", "Nguyễn Thị Lan", "Trần Văn Bình", "Lê Thị Hạnh", "Phạm Quốc Dũng", "Võ Thanh Sơn", "Đặng Thị Mai", "Bùi Văn Nam")}
	if err := s.CreateElection(ctx, congress.System, exec); err != nil {
		return fmt.Errorf("demo: executive: %w", err)
	}
	r := &congress.Round{Attendance: congressVote, EntryMode: congress.EntryBallots, Issued: 58, Counters: seedCounters}
	if err := s.CreateRound(ctx, congress.System, exec.ID, r); err != nil {
		return fmt.Errorf("demo: executive round: %w", err)
	}
	rv, err := s.FindRoundByID(ctx, congress.System, r.ID)
	if err != nil {
		return err
	}
	// Ballot order is A-B-C order of given name; strike counts by position in that order.
	strikes := map[string]int{"Bùi Văn Nam": 37, "Lê Thị Hạnh": 6, "Võ Thanh Sơn": 5, "Đặng Thị Mai": 3, "Phạm Quốc Dũng": 2, "Trần Văn Bình": 2, "Nguyễn Thị Lan": 1}
	var queue []int // one position struck per valid ballot
	for i, cd := range rv.Candidates {
		for k := 0; k < strikes[cd.FullName]; k++ {
			queue = append(queue, i)
		}
	}
	n := len(rv.Candidates)
	for b := 0; b < 58; b++ {
		var ballot election.Ballot
		switch {
		case b == 17: // keeps all eight names: more than the seats, invalid
			ballot = election.Struck(n)
		case b == 41:
			ballot = election.Struck(n, 0)
			ballot.Invalid, ballot.Note = election.ReasonSigned, "Phiếu có chữ ký"
		case len(queue) > 0:
			ballot = election.Struck(n, queue[0])
			queue = queue[1:]
		default:
			ballot = election.Struck(n, 0) // strikes the first name only
		}
		if _, err := s.AddBallot(ctx, congress.System, r.ID, 1, 0, "Mai Thị Hoa", ballot); err != nil {
			return fmt.Errorf("demo: ballot %d: %w", b+1, err)
		}
	}
	if _, err := s.CloseRound(ctx, congress.System, r.ID); err != nil {
		return fmt.Errorf("demo: close executive round: %w", err)
	}

	// totals records and closes a one-round election counted by totals.
	totals := func(body, kind string, seats int, att congress.Attendance, votes map[string]int, valid, invalid int) error {
		names := make([]string, 0, len(votes))
		for n := range votes {
			names = append(names, n)
		}
		e := &store.ElectionInput{Election: congress.Election{CongressID: c.ID, Body: body, Seats: seats, ListKind: kind}, CandidateIDs: pick(names...)}
		if err := s.CreateElection(ctx, congress.System, e); err != nil {
			return fmt.Errorf("demo: %s: %w", body, err)
		}
		r := &congress.Round{Attendance: att, EntryMode: congress.EntryTotals, Issued: valid + invalid, Counters: seedCounters}
		if err := s.CreateRound(ctx, congress.System, e.ID, r); err != nil {
			return fmt.Errorf("demo: %s round: %w", body, err)
		}
		t := &store.Tally{Version: 1, Issued: valid + invalid, Collected: valid + invalid, Valid: valid, Invalid: invalid}
		if invalid > 0 {
			t.InvalidReasons = map[string]int{election.ReasonTooManyKept: invalid}
		}
		for n, v := range votes {
			t.VotesList = append(t.VotesList, store.CandidateTally{PersonID: ids[n], Votes: v})
		}
		if err := s.SetTally(ctx, congress.System, r.ID, t); err != nil {
			return fmt.Errorf("demo: %s tally: %w", body, err)
		}
		if _, err := s.CloseRound(ctx, congress.System, r.ID); err != nil {
			return fmt.Errorf("demo: close %s: %w", body, err)
		}
		return nil
	}
	steps := []func() error{
		// Delegates, by the congress: one list of 4 for 2 official, then the alternate from the rest.
		func() error {
			return totals(congress.BodyDelegateOfficial, congress.ListSurplus, 2, congressVote,
				map[string]int{"Huỳnh Minh Tuấn": 55, "Nguyễn Thị Lan": 48, "Võ Thanh Sơn": 6, "Lý Hoàng Phúc": 5}, 57, 1)
		},
		func() error {
			return totals(congress.BodyDelegateAlternate, congress.ListSurplus, 1, congressVote,
				map[string]int{"Võ Thanh Sơn": 41, "Lý Hoàng Phúc": 16}, 57, 1)
		},
		// The first session of the new committee.
		func() error {
			return totals(congress.BodySecretary, congress.ListAgreeDisagree, 1, bch, map[string]int{"Huỳnh Minh Tuấn": 7}, 7, 0)
		},
		func() error {
			return totals(congress.BodyDeputySecretary, congress.ListAgreeDisagree, 1, bch, map[string]int{"Nguyễn Thị Lan": 7}, 7, 0)
		},
		func() error {
			return totals(congress.BodyInspection, congress.ListAgreeDisagree, 3, bch,
				map[string]int{"Đặng Thị Mai": 7, "Trần Văn Bình": 6, "Ngô Thị Thu": 6}, 7, 0)
		},
		func() error {
			return totals(congress.BodyInspectionChair, congress.ListAgreeDisagree, 1, bch, map[string]int{"Đặng Thị Mai": 7}, 7, 0)
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
