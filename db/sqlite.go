package db

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	"github.com/jmoiron/sqlx"
	_ "github.com/mattn/go-sqlite3" // the embedded engine
)

// openSQLite opens (creating if needed) the SQLite database file at path. All writes go through
// W, a single connection whose transactions begin IMMEDIATE, so that SQLite writers queue on the
// busy timeout instead of failing with "database is locked" on a read-then-write upgrade; reads
// go through R, a query-only pool.
func openSQLite(path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("db: empty database path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("db: %w", err)
		}
	}
	// Settings live in the DSN so that every pooled connection gets them (DESIGN.md "Storage").
	// Each connection keeps its 64 most recent prepared statements: the same few queries (the
	// session lookup above all) run on every request, and preparing them cost more than running.
	base := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_foreign_keys=on&_busy_timeout=10000&_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-16000" +
		"&_stmt_cache_size=64"
	w, err := sqlx.Open("sqlite3", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.Ping(); err != nil {
		w.Close()
		// A WAL database whose directory cannot be written has no -shm to create: SQLite says only
		// "unable to open database file", which hides the cause.
		if notWritable(path) {
			return nil, fmt.Errorf("db: open %s: %w (%v)", path, ErrReadOnly, err)
		}
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	readOnly, err := sqliteReadOnly(w)
	if err != nil {
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
	return &DB{Engine: SQLite, W: &Pool{x: w}, R: &Pool{x: r}, Path: path, ReadOnly: readOnly}, nil
}

// sqliteReadOnly tells whether SQLite refuses to write the database: a file it could open for
// reading only (permissions, an immutable file, a read-only mount) opens without complaint and
// fails at the first write, which for the server is a login. It tries a write and rolls it back.
func sqliteReadOnly(w *sqlx.DB) (bool, error) {
	tx, err := w.Begin()
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var v int64
	if err := tx.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		return false, err
	}
	_, err = tx.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, v))
	if isReadOnlyErr(err) {
		return true, nil
	}
	return false, err
}

// notWritable tells whether the database file exists but it or its directory cannot be written.
func notWritable(path string) bool {
	if _, err := os.Stat(path); err != nil {
		return false
	}
	return !writable(path) || !writable(filepath.Dir(path))
}
