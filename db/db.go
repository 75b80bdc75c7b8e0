// Package db opens the database with the engine's settings and applies the embedded migrations.
package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // the embedded engine
)

//go:embed migrations
var migrations embed.FS

// DB holds the two pools of one database: all writes go through W, a single connection whose
// transactions begin IMMEDIATE, so that SQLite writers queue on the busy timeout instead of failing
// with "database is locked" on a read-then-write upgrade; reads go through R.
type DB struct {
	Engine string // "sqlite"
	W      *sqlx.DB
	R      *sqlx.DB
	Path   string
}

// Open opens (creating if needed) the SQLite database file at path.
func Open(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("db: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("db: %w", err)
		}
	}
	// Settings live in the DSN so that every pooled connection gets them (DESIGN.md "Storage").
	base := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_foreign_keys=on&_busy_timeout=10000&_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-16000"
	w, err := sqlx.Open("sqlite3", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.Ping(); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	r, err := sqlx.Open("sqlite3", base+"&_query_only=true")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open: %w", err)
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{Engine: "sqlite", W: w, R: r, Path: path}, nil
}

// Analyze refreshes the planner's statistics; after a bulk load the planner otherwise guesses
// which index narrows a query best.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.W.ExecContext(ctx, `ANALYZE`)
	return err
}

// Close runs SQLite's recommended PRAGMA optimize, then closes both pools.
func (db *DB) Close() error {
	db.W.Exec(`PRAGMA optimize`) // best effort: statistics only
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

// MigrateTo applies migrations up to and including version to (-1: all).
func (db *DB) MigrateTo(ctx context.Context, to int) (int, error) {
	list, err := db.Migrations()
	if err != nil {
		return 0, err
	}
	if _, err := db.W.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("db: schema_migrations: %w", err)
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

func (db *DB) applyOne(ctx context.Context, m Migration) (bool, error) {
	tx, err := db.W.BeginTxx(ctx, nil)
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
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
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
	var v int
	err := db.R.GetContext(ctx, &v, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`)
	if err != nil && strings.Contains(err.Error(), "no such table") {
		return 0, nil
	}
	return v, err
}
