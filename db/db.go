// Package db opens the database — an embedded SQLite file, or PostgreSQL for deployments that
// outgrow one machine — with the engine's settings, and applies the engine's embedded migrations.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrations embed.FS

// The engines Open knows.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB holds the two pools of one database: writes go through W, reads through R. The store runs
// the same SQL on both engines; what differs between them (how a writer excludes the others, how
// a read sees one snapshot, statistics upkeep, the migrations) is decided here.
type DB struct {
	Engine string // SQLite or Postgres
	W      *Pool
	R      *Pool
	// Path is the SQLite file, or for PostgreSQL the connection URL with its password hidden: what
	// may be printed.
	Path string
	// ReadOnly is set when the SQLite file opened can be read but not written (its permissions, an
	// immutable flag, a read-only mount): every write would fail.
	ReadOnly bool
}

// ErrReadOnly is wrapped by Open's error when the database cannot even be opened because it, or
// the directory SQLite must create its WAL files in, is read-only.
var ErrReadOnly = errors.New("the database or its directory is read-only")

// IsPostgres reports whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database dsn names: a postgres:// or postgresql:// URL opens PostgreSQL, anything
// else is a SQLite file, created if needed.
func Open(dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(dsn)
	}
	return openSQLite(dsn)
}

// BeginWrite starts a write transaction that excludes every other writer of the database until
// it ends, on either engine. The audit chain needs it (each row links the one before, so two
// writers must not read the same chain head), and so do the numbers taken as max+1 (ballots in a
// pile, a congress's running document numbers): SQLite gets it from BEGIN IMMEDIATE on the single
// write connection; PostgreSQL, where several app servers may write at once, from a
// transaction-scoped advisory lock taken first, before anything is read. Under READ COMMITTED
// every later statement then sees what the previous writer committed.
func (db *DB) BeginWrite(ctx context.Context) (*Tx, error) {
	tx, err := db.W.beginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	if db.Engine == Postgres {
		if _, err := tx.x.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLockKey); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	return tx, nil
}

// BeginRead starts a read-only transaction whose statements all see one snapshot, for checks that
// read many rows and must not see a write land half-way. A SQLite read transaction is a snapshot
// already; PostgreSQL's default READ COMMITTED takes a new one per statement, so it asks for
// REPEATABLE READ.
func (db *DB) BeginRead(ctx context.Context) (*Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Engine == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return db.R.beginTx(ctx, opts)
}

// Analyze refreshes SQLite's planner statistics; after a bulk load its planner otherwise guesses
// which index narrows a query best. On PostgreSQL it does nothing: autovacuum keeps the statistics
// there, re-analyzing each table as it changes.
func (db *DB) Analyze(ctx context.Context) error {
	if db.Engine != SQLite {
		return nil
	}
	_, err := db.W.x.ExecContext(ctx, `ANALYZE`)
	return err
}

// Close closes both pools; on SQLite it first runs the recommended PRAGMA optimize.
func (db *DB) Close() error {
	if db.Engine == SQLite {
		db.W.x.Exec(`PRAGMA optimize`) // best effort: statistics only
	}
	err1 := db.R.Close()
	err2 := db.W.Close()
	if err1 != nil {
		return err1
	}
	return err2
}

// Migration is one embedded schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the engine's migrations in order.
func (db *DB) Migrations() ([]Migration, error) { return loadMigrations(db.Engine) }

func loadMigrations(engine string) ([]Migration, error) {
	dir := "migrations/" + engine
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("db: migrations: %w", err)
	}
	var list []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("db: migration %s: name must be NNNN_name.sql", name)
		}
		body, err := fs.ReadFile(migrations, dir+"/"+name)
		if err != nil {
			return nil, err
		}
		list = append(list, Migration{Version: v, Name: strings.TrimSuffix(name, ".sql"), SQL: string(body)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Version < list[j].Version })
	for i, m := range list {
		if m.Version != i+1 {
			return nil, fmt.Errorf("db: migration %s: expected number %04d", m.Name, i+1)
		}
	}
	return list, nil
}

// Migrate applies every migration not applied yet, each in its own transaction. It returns how
// many it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) { return db.MigrateTo(ctx, -1) }

// MigrateTo applies migrations up to and including version to (-1: all). Each runs in a write
// transaction (BeginWrite), so that app servers starting together on one PostgreSQL database apply
// each migration once, one after the other.
func (db *DB) MigrateTo(ctx context.Context, to int) (int, error) {
	list, err := db.Migrations()
	if err != nil {
		return 0, err
	}
	if err := db.createMigrationsTable(ctx); err != nil {
		return 0, err
	}
	applied := 0
	for _, m := range list {
		if to >= 0 && m.Version > to {
			break
		}
		done, err := db.applyOne(ctx, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied++
		}
	}
	return applied, nil
}

// createMigrationsTable makes the runner's own table, the same on both engines.
func (db *DB) createMigrationsTable(ctx context.Context) error {
	tx, err := db.BeginWrite(ctx)
	if err != nil {
		return fmt.Errorf("db: schema_migrations: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("db: schema_migrations: %w", err)
	}
	return tx.Commit()
}

func (db *DB) applyOne(ctx context.Context, m Migration) (bool, error) {
	tx, err := db.BeginWrite(ctx)
	if err != nil {
		return false, fmt.Errorf("db: migrate: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, m.Version); err != nil {
		return false, fmt.Errorf("db: migrate: %w", err)
	}
	if n > 0 {
		return false, nil
	}
	// The migration is the engine's own SQL, run as written: never rebound.
	if _, err := tx.x.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("db: migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return false, fmt.Errorf("db: migrate: %w", err)
	}
	return true, tx.Commit()
}

// Version returns the highest applied migration, 0 for a new database.
func (db *DB) Version(ctx context.Context) (int, error) {
	exists := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`
	if db.Engine == Postgres {
		exists = `SELECT COUNT(*) FROM (SELECT to_regclass('schema_migrations') AS t) r WHERE t IS NOT NULL`
	}
	var n int
	if err := db.R.GetContext(ctx, &n, exists); err != nil || n == 0 {
		return 0, err
	}
	var v int
	err := db.R.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
	return v, err
}
