package store

import (
	"context"
	"fmt"
	"strings"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/vn"
)

// PersonImport says what ImportPersons did.
type PersonImport struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ImportPersons writes a list of persons (a committee list read from a workbook) into the roll of
// a congress in the user's scope, in one transaction with an audit row per person written: a
// person already on the roll with the same full name and birth date has their profile updated
// when it differs and is left alone otherwise, so importing the same list twice changes nothing;
// anyone else is added. Every person is checked with Person.Validate first: one invalid person
// refuses the whole list (EINVALID naming the person). EFORBIDDEN for read-only roles, ENOTFOUND
// for a congress outside the scope.
func (s *Store) ImportPersons(ctx context.Context, u *congress.User, congressID int64, persons []congress.Person) (*PersonImport, error) {
	for i := range persons {
		if err := persons[i].Validate(); err != nil {
			return nil, congress.Errorf(congress.EINVALID, "Đảng viên thứ %d (%s): %s", i+1, persons[i].FullName, congress.ErrorMessage(err))
		}
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := writableCongress(ctx, tx, congressID)
	if err != nil {
		return nil, err
	}
	existing, err := findPersons(ctx, tx, c.ID)
	if err != nil {
		return nil, err
	}
	byKey := map[string]congress.Person{}
	for _, p := range existing {
		byKey[p.FullName+"|"+p.BirthDate] = p
	}
	res := &PersonImport{}
	for _, p := range persons {
		p.CongressID = c.ID
		old, ok := byKey[p.FullName+"|"+p.BirthDate]
		if !ok {
			if err := tx.QueryRowxContext(ctx, `INSERT INTO persons (congress_id, full_name, birth_date, gender, ethnicity, religion,
				home_town, position, joined_on, official_on, education, degree, theory_level, incumbent, name_fold, sample, version,
				created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				c.ID, p.FullName, p.BirthDate, p.Gender, p.Ethnicity, p.Religion, p.HomeTown, p.Position, p.JoinedOn, p.OfficialOn,
				p.Education, p.Degree, p.TheoryLevel, p.Incumbent, vn.Fold(p.FullName), false, 1, tx.nowText()).Scan(&p.ID); err != nil {
				return nil, mapErr(err, "đảng viên "+p.FullName)
			}
			p.Version = 1
			if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "person", entityID: p.ID,
				action: "create", new: p, reason: "Nhập từ danh sách trích ngang (Excel)."}); err != nil {
				return nil, err
			}
			byKey[p.FullName+"|"+p.BirthDate] = p
			res.Created++
			continue
		}
		p.ID, p.Sample, p.Version = old.ID, old.Sample, old.Version
		if p == old {
			res.Unchanged++
			continue
		}
		p.Version = old.Version + 1
		if _, err := tx.ExecContext(ctx, `UPDATE persons SET gender = ?, ethnicity = ?, religion = ?, home_town = ?, position = ?,
			joined_on = ?, official_on = ?, education = ?, degree = ?, theory_level = ?, incumbent = ?, version = ? WHERE id = ?`,
			p.Gender, p.Ethnicity, p.Religion, p.HomeTown, p.Position, p.JoinedOn, p.OfficialOn, p.Education, p.Degree,
			p.TheoryLevel, p.Incumbent, p.Version, p.ID); err != nil {
			return nil, mapErr(err, "đảng viên "+p.FullName)
		}
		if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "person", entityID: p.ID,
			action: "update", old: old, new: p, reason: "Nhập từ danh sách trích ngang (Excel)."}); err != nil {
			return nil, err
		}
		byKey[p.FullName+"|"+p.BirthDate] = p
		res.Updated++
	}
	if res.Created+res.Updated > 0 {
		if err := rebuildCongressSearch(ctx, tx, c, c.OrganizationName); err != nil {
			return nil, err
		}
	}
	return res, mapErr(tx.Commit(), "đảng viên")
}

// NamedTally is the totals of a round with each candidate's votes given by name, as a workbook in
// the layout of the counting minutes gives them.
type NamedTally struct {
	Issued, Collected, Valid, Invalid int
	InvalidReasons                    map[string]int
	Votes                             []NamedVote
}

// NamedVote is one candidate's votes by name; Row is where it was read, for messages.
type NamedVote struct {
	Row   int
	Name  string
	Votes int
}

// SetTallyByName stores the totals of a round entered by totals, the candidates named as on the
// ballot (or by full name), through SetTally and so through every one of its checks. A name not on
// the round's list, a name twice, or a candidate of the list without a line is EINVALID with a
// field per line ("dòng 12") and nothing is stored.
func (s *Store) SetTallyByName(ctx context.Context, u *congress.User, roundID int64, t *NamedTally) error {
	rv, err := s.FindRoundByID(ctx, u, roundID)
	if err != nil {
		return err
	}
	key := func(name string) string { return strings.ToLower(election.NormalizeName(name)) }
	byName := map[string]int64{}
	for _, c := range rv.Candidates {
		byName[key(c.BallotName)] = c.PersonID
		if _, dup := byName[key(c.FullName)]; !dup {
			byName[key(c.FullName)] = c.PersonID
		}
	}
	f := congress.FieldErrors{}
	tally := &Tally{Version: rv.Version, Issued: t.Issued, Collected: t.Collected, Valid: t.Valid, Invalid: t.Invalid,
		InvalidReasons: t.InvalidReasons}
	got := map[int64]bool{}
	for _, v := range t.Votes {
		field := fmt.Sprintf("dòng %d", v.Row)
		id, ok := byName[key(v.Name)]
		switch {
		case !ok:
			f.Add(field, fmt.Sprintf("%s không có trong danh sách bầu cử của vòng %d.", v.Name, rv.Number))
		case got[id]:
			f.Add(field, fmt.Sprintf("%s có hai dòng số phiếu.", v.Name))
		default:
			got[id] = true
			tally.VotesList = append(tally.VotesList, CandidateTally{PersonID: id, Votes: v.Votes})
		}
	}
	for _, c := range rv.Candidates {
		if !got[c.PersonID] {
			f.Add("votes["+c.BallotName+"]", fmt.Sprintf("Thiếu số phiếu của %s (có trong danh sách vòng %d).", c.BallotName, rv.Number))
		}
	}
	if err := f.Err(congress.EINVALID, ""); err != nil {
		return err
	}
	return s.SetTally(ctx, u, roundID, tally)
}
