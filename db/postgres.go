package db

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/jmoiron/sqlx"
)

// writeLockKey is the PostgreSQL advisory lock every write transaction holds (BeginWrite): the
// bytes of "daihoi", so that it does not collide with another application's keys by accident.
const writeLockKey int64 = 0x646169686f69

// openPostgres opens the PostgreSQL database a postgres:// URL names, through pgx's database/sql
// driver. W and R are two pools on the same database: W for write transactions, which queue on
// the write lock (BeginWrite) so a few connections are plenty; R for reads, with every transaction
// read-only by default, as SQLite's query-only read pool is, so that a write sent to the wrong pool
// fails on both engines alike.
func openPostgres(dsn string) (*DB, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return nil, fmt.Errorf("db: PostgreSQL URL: %w", err)
	}
	shown := u.Redacted()
	w, err := sqlx.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open %s: %w", shown, err)
	}
	nw := max(4, runtime.NumCPU())
	w.SetMaxOpenConns(nw)
	w.SetMaxIdleConns(nw)
	w.SetConnMaxIdleTime(5 * time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", shown, err)
	}
	ru := *u
	q := ru.Query()
	q.Set("default_transaction_read_only", "on") // a run-time parameter pgx sends at connect
	ru.RawQuery = q.Encode()
	r, err := sqlx.Open("pgx", ru.String())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open %s: %w", shown, err)
	}
	nr := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(nr)
	r.SetMaxIdleConns(nr)
	r.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{Engine: Postgres, W: &Pool{x: w}, R: &Pool{x: r}, Path: shown}, nil
}
