package store

import (
	"context"

	"daihoi/internal/congress"
)

// Batch writes many records in one transaction, each with its audit row, for the demo seed and
// imports: one commit for a thousand rows instead of a thousand commits.
type Batch struct {
	tx *Tx
}

// InBatch runs fn in one write transaction as actor; an error from fn rolls everything back.
func (s *Store) InBatch(ctx context.Context, actor *congress.User, fn func(b *Batch) error) error {
	tx, err := s.begin(ctx, actor)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(&Batch{tx: tx}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "dữ liệu")
}

// CreateTerm adds a term.
func (b *Batch) CreateTerm(ctx context.Context, t *congress.Term) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return createTerm(ctx, b.tx, t)
}

// CreateOrganization adds an organization.
func (b *Batch) CreateOrganization(ctx context.Context, o *congress.Organization) error {
	if err := o.Validate(); err != nil {
		return err
	}
	return createOrganization(ctx, b.tx, o)
}

// CreateCongress adds a congress.
func (b *Batch) CreateCongress(ctx context.Context, c *congress.Congress) error {
	return createCongress(ctx, b.tx, c)
}
