package store

import (
	"context"

	"daihoi/internal/congress"
)

// FindTerms returns every term, newest first.
func (s *Store) FindTerms(ctx context.Context) ([]congress.Term, error) {
	var list []congress.Term
	err := s.db.R.SelectContext(ctx, &list, `SELECT id, start_year, end_year FROM terms ORDER BY start_year DESC`)
	return list, mapErr(err, "nhiệm kỳ")
}

// FindTermByID returns a term. ENOTFOUND if there is none.
func (s *Store) FindTermByID(ctx context.Context, id int64) (*congress.Term, error) {
	var t congress.Term
	if err := s.db.R.GetContext(ctx, &t, `SELECT id, start_year, end_year FROM terms WHERE id = ?`, id); err != nil {
		return nil, mapErr(err, "nhiệm kỳ")
	}
	return &t, nil
}

// FindTermByYears returns the term with these years. ENOTFOUND if there is none.
func (s *Store) FindTermByYears(ctx context.Context, start, end int) (*congress.Term, error) {
	var t congress.Term
	if err := s.db.R.GetContext(ctx, &t, `SELECT id, start_year, end_year FROM terms WHERE start_year = ? AND end_year = ?`, start, end); err != nil {
		return nil, mapErr(err, "nhiệm kỳ")
	}
	return &t, nil
}

// CreateTerm adds a term (admin only). ECONFLICT if it exists.
func (s *Store) CreateTerm(ctx context.Context, u *congress.User, t *congress.Term) error {
	if !u.IsAdmin() {
		return congress.Errorf(congress.EFORBIDDEN, "Chỉ quản trị viên được thêm nhiệm kỳ.")
	}
	if err := t.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := createTerm(ctx, tx, t); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "nhiệm kỳ")
}

func createTerm(ctx context.Context, tx *Tx, t *congress.Term) error {
	newID, err := insertID(ctx, tx, `INSERT INTO terms (start_year, end_year) VALUES (?, ?)`, t.StartYear, t.EndYear)
	if err != nil {
		return mapErr(err, "nhiệm kỳ "+t.Name())
	}
	t.ID = newID
	return tx.writeAudit(ctx, audit{entity: "term", entityID: t.ID, action: "create", new: t})
}
