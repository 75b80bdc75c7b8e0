package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

const personColumns = `p.id, p.congress_id, p.full_name, p.birth_date, p.gender, p.ethnicity, p.religion, p.home_town,
	p.position, p.joined_on, p.official_on, p.education, p.degree, p.theory_level, p.incumbent, p.sample, p.version`

// FindPersons returns the persons of a congress in Vietnamese A-B-C order of given name.
func (s *Store) FindPersons(ctx context.Context, u *congress.User, congressID int64) ([]congress.Person, error) {
	if _, err := s.FindCongressByID(ctx, u, congressID); err != nil {
		return nil, err
	}
	return findPersons(ctx, s.db.R, congressID)
}

func findPersons(ctx context.Context, q sqlx.QueryerContext, congressID int64) ([]congress.Person, error) {
	list := []congress.Person{}
	if err := sqlx.SelectContext(ctx, q, &list, `SELECT `+personColumns+` FROM persons p WHERE p.congress_id = ?`, congressID); err != nil {
		return nil, mapErr(err, "đảng viên")
	}
	vn.SortBy(list, func(p congress.Person) string { return p.FullName })
	return list, nil
}

// FindPersonByID returns a person of a congress in scope.
func (s *Store) FindPersonByID(ctx context.Context, u *congress.User, id int64) (*congress.Person, error) {
	return findPerson(ctx, s.db.R, u, id)
}

func findPerson(ctx context.Context, q sqlx.QueryerContext, u *congress.User, id int64) (*congress.Person, error) {
	lo, hi := scopeRange(u)
	var p congress.Person
	if err := sqlx.GetContext(ctx, q, &p, `SELECT `+personColumns+` FROM persons p
		JOIN congresses c ON c.id = p.congress_id JOIN organizations o ON o.id = c.organization_id
		WHERE p.id = ? AND o.path >= ? AND o.path < ?`, id, lo, hi); err != nil {
		return nil, mapErr(err, "đảng viên")
	}
	return &p, nil
}

// writableCongress loads a congress in scope for a write by u: EFORBIDDEN for read-only roles.
func writableCongress(ctx context.Context, tx *Tx, id int64) (*congress.Congress, error) {
	if !tx.actor.CanWriteCongress() {
		return nil, congress.Errorf(congress.EFORBIDDEN, "Vai trò của bạn chỉ được xem, không được ghi hồ sơ đại hội.")
	}
	return findCongress(ctx, tx, tx.actor, id)
}

// CreatePerson adds a person to a congress's roll of candidates.
func (s *Store) CreatePerson(ctx context.Context, u *congress.User, p *congress.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createPerson(ctx, tx, p); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "đảng viên")
}

func createPerson(ctx context.Context, tx *Tx, p *congress.Person) error {
	c, err := writableCongress(ctx, tx, p.CongressID)
	if err != nil {
		return err
	}
	p.Version = 1
	newID, err := insertID(ctx, tx, `INSERT INTO persons (congress_id, full_name, birth_date, gender, ethnicity, religion, home_town,
		position, joined_on, official_on, education, degree, theory_level, incumbent, name_fold, sample, version, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		p.CongressID, p.FullName, p.BirthDate, p.Gender, p.Ethnicity, p.Religion, p.HomeTown, p.Position, p.JoinedOn,
		p.OfficialOn, p.Education, p.Degree, p.TheoryLevel, p.Incumbent, vn.Fold(p.FullName), p.Sample, tx.nowText())
	if err != nil {
		e := mapErr(err, "đảng viên")
		if congress.ErrorCode(e) == congress.ECONFLICT {
			msg := fmt.Sprintf("Đại hội đã có đảng viên %s cùng ngày sinh.", p.FullName)
			return &congress.Error{Code: congress.ECONFLICT, Message: msg, Fields: map[string]string{"full_name": msg}}
		}
		return e
	}
	p.ID = newID
	if err := rebuildCongressSearch(ctx, tx, c, c.OrganizationName); err != nil {
		return err
	}
	return tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "person", entityID: p.ID, action: "create", new: p})
}

// UpdatePerson changes a person's profile; a stale version is ECONFLICT.
func (s *Store) UpdatePerson(ctx context.Context, u *congress.User, p *congress.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	old, err := findPerson(ctx, tx, u, p.ID)
	if err != nil {
		return err
	}
	c, err := writableCongress(ctx, tx, old.CongressID)
	if err != nil {
		return err
	}
	if old.Version != p.Version {
		return staleErr("đảng viên", p.Version, old.Version)
	}
	// A locked count names the elected by their names at closing; renaming one of its candidates
	// would leave the result naming nobody (reports failed, verify flagged it). Reopen the round first.
	if p.FullName != old.FullName {
		var closed []struct {
			Number int    `db:"number"`
			Body   string `db:"body"`
		}
		if err := tx.SelectContext(ctx, &closed, `SELECT r.number, e.body FROM round_candidates rc
			JOIN rounds r ON r.id = rc.round_id JOIN elections e ON e.id = r.election_id
			WHERE rc.person_id = ? AND r.closed = TRUE ORDER BY r.id LIMIT 1`, p.ID); err != nil {
			return mapErr(err, "đảng viên")
		}
		if len(closed) > 0 {
			msg := fmt.Sprintf("Không đổi được họ tên %q thành %q: biên bản kiểm phiếu đã khóa của vòng %d bầu %s ghi tên này. Mở lại vòng bầu trước nếu cần sửa tên.",
				old.FullName, p.FullName, closed[0].Number, congress.Label(congress.Bodies, closed[0].Body))
			return &congress.Error{Code: congress.ECONFLICT, Message: msg, Fields: map[string]string{"full_name": msg}}
		}
	}
	p.CongressID, p.Sample, p.Version = old.CongressID, old.Sample, old.Version+1
	if _, err := tx.ExecContext(ctx, `UPDATE persons SET full_name = ?, birth_date = ?, gender = ?, ethnicity = ?, religion = ?,
		home_town = ?, position = ?, joined_on = ?, official_on = ?, education = ?, degree = ?, theory_level = ?, incumbent = ?,
		name_fold = ?, version = ? WHERE id = ?`, p.FullName, p.BirthDate, p.Gender, p.Ethnicity, p.Religion, p.HomeTown,
		p.Position, p.JoinedOn, p.OfficialOn, p.Education, p.Degree, p.TheoryLevel, p.Incumbent, vn.Fold(p.FullName), p.Version, p.ID); err != nil {
		return mapErr(err, "đảng viên")
	}
	if err := tx.writeAudit(ctx, audit{orgID: c.OrganizationID, congressID: c.ID, entity: "person", entityID: p.ID, action: "update", old: old, new: p}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "đảng viên")
}
