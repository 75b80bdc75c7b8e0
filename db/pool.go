package db

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Pool is one connection pool of the database. Every query given to it is written with '?'
// placeholders, as the store writes them for SQLite, and is rebound here — in this one place —
// to the engine's own ("$1, $2 …" for PostgreSQL; unchanged for SQLite). Pool deliberately does
// not embed *sqlx.DB: a query method it did not wrap would silently skip the rebinding.
//
// Named queries (":name") are bound by sqlx from the driver's name and need no rebinding.
type Pool struct {
	x *sqlx.DB
}

// Tx is a transaction on a Pool, rebinding its queries as the Pool does.
type Tx struct {
	x *sqlx.Tx
}

// DriverName is the name of the database/sql driver ("sqlite3" or "pgx").
func (p *Pool) DriverName() string { return p.x.DriverName() }

// Rebind turns a query written with '?' placeholders into the engine's placeholders.
func (p *Pool) Rebind(query string) string { return p.x.Rebind(query) }

// BindNamed turns a query with ":name" parameters into the engine's placeholders and arguments.
func (p *Pool) BindNamed(query string, arg any) (string, []any, error) {
	return p.x.BindNamed(query, arg)
}

// ExecContext runs a statement.
func (p *Pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return p.x.ExecContext(ctx, p.x.Rebind(query), args...)
}

// Exec runs a statement without a context.
func (p *Pool) Exec(query string, args ...any) (sql.Result, error) {
	return p.ExecContext(context.Background(), query, args...)
}

// QueryContext runs a query.
func (p *Pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return p.x.QueryContext(ctx, p.x.Rebind(query), args...)
}

// QueryxContext runs a query whose rows scan into structs.
func (p *Pool) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	return p.x.QueryxContext(ctx, p.x.Rebind(query), args...)
}

// Queryx runs a query without a context.
func (p *Pool) Queryx(query string, args ...any) (*sqlx.Rows, error) {
	return p.QueryxContext(context.Background(), query, args...)
}

// QueryRowxContext runs a query that returns at most one row.
func (p *Pool) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	return p.x.QueryRowxContext(ctx, p.x.Rebind(query), args...)
}

// GetContext scans the one row of a query into dest; sql.ErrNoRows when there is none.
func (p *Pool) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return p.x.GetContext(ctx, dest, p.x.Rebind(query), args...)
}

// Get is GetContext without a context.
func (p *Pool) Get(dest any, query string, args ...any) error {
	return p.GetContext(context.Background(), dest, query, args...)
}

// SelectContext scans every row of a query into the slice dest.
func (p *Pool) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return p.x.SelectContext(ctx, dest, p.x.Rebind(query), args...)
}

// Select is SelectContext without a context.
func (p *Pool) Select(dest any, query string, args ...any) error {
	return p.SelectContext(context.Background(), dest, query, args...)
}

// NamedExecContext runs a statement with ":name" parameters taken from arg.
func (p *Pool) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	return p.x.NamedExecContext(ctx, query, arg)
}

// beginTx starts a transaction. It is unexported so that every transaction is one of the two the
// engines are set up for: DB.BeginWrite or DB.BeginRead.
func (p *Pool) beginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	tx, err := p.x.BeginTxx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &Tx{x: tx}, nil
}

// PingContext checks that the database answers.
func (p *Pool) PingContext(ctx context.Context) error { return p.x.PingContext(ctx) }

// Stats returns the pool's statistics.
func (p *Pool) Stats() sql.DBStats { return p.x.Stats() }

// Close closes the pool's connections.
func (p *Pool) Close() error { return p.x.Close() }

// DriverName is the name of the database/sql driver.
func (t *Tx) DriverName() string { return t.x.DriverName() }

// Rebind turns a query written with '?' placeholders into the engine's placeholders.
func (t *Tx) Rebind(query string) string { return t.x.Rebind(query) }

// BindNamed turns a query with ":name" parameters into the engine's placeholders and arguments.
func (t *Tx) BindNamed(query string, arg any) (string, []any, error) {
	return t.x.BindNamed(query, arg)
}

// ExecContext runs a statement.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.x.ExecContext(ctx, t.x.Rebind(query), args...)
}

// QueryContext runs a query.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.x.QueryContext(ctx, t.x.Rebind(query), args...)
}

// QueryxContext runs a query whose rows scan into structs.
func (t *Tx) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	return t.x.QueryxContext(ctx, t.x.Rebind(query), args...)
}

// QueryRowxContext runs a query that returns at most one row.
func (t *Tx) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	return t.x.QueryRowxContext(ctx, t.x.Rebind(query), args...)
}

// GetContext scans the one row of a query into dest; sql.ErrNoRows when there is none.
func (t *Tx) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return t.x.GetContext(ctx, dest, t.x.Rebind(query), args...)
}

// SelectContext scans every row of a query into the slice dest.
func (t *Tx) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return t.x.SelectContext(ctx, dest, t.x.Rebind(query), args...)
}

// NamedExecContext runs a statement with ":name" parameters taken from arg.
func (t *Tx) NamedExecContext(ctx context.Context, query string, arg any) (sql.Result, error) {
	return t.x.NamedExecContext(ctx, query, arg)
}

// Commit commits the transaction.
func (t *Tx) Commit() error { return t.x.Commit() }

// Rollback abandons the transaction; after a Commit it does nothing and returns sql.ErrTxDone.
func (t *Tx) Rollback() error { return t.x.Rollback() }

// Both satisfy the interfaces the sqlx helpers (sqlx.GetContext, sqlx.SelectContext …) take, so
// the store's helpers run unchanged on a pool or inside a transaction.
var (
	_ sqlx.ExtContext = (*Pool)(nil)
	_ sqlx.ExtContext = (*Tx)(nil)
)
