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
	return &DB{Engine: SQLite, W: &Pool{x: w}, R: &Pool{x: r}, Path: path}, nil
}
