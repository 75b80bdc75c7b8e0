// Package store persists the congress record with sqlx. It is the only package with SQL. Every
// exported method runs in one transaction and writes its audit row in that same transaction;
// every query of congress data is filtered by the acting user's organization subtree.
package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"daihoi/db"
	"daihoi/internal/congress"
)

// Store is the persistence of daihoi.
type Store struct {
	db *db.DB
	// Now is the clock; tests replace it.
	Now func() time.Time
}

// New returns a store over an open, migrated database.
func New(d *db.DB) *Store {
	return &Store{db: d, Now: time.Now}
}

// DB returns the underlying database.
func (s *Store) DB() *db.DB { return s.db }

// Tx is a write transaction with the time fixed once, so every row written together carries the
// same timestamp (WTF's Tx.now). Its queries are rebound to the engine's placeholders by db.Tx.
type Tx struct {
	*db.Tx
	now   time.Time
	actor *congress.User
}

// nowText is the transaction time as stored: UTC, RFC 3339.
func (tx *Tx) nowText() string { return tx.now.UTC().Format(time.RFC3339) }

// begin starts a write transaction that excludes every other writer until it ends (SQLite's BEGIN
// IMMEDIATE, PostgreSQL's write lock: db.BeginWrite), so the audit chain and the numbers taken as
// max+1 stay consistent.
func (s *Store) begin(ctx context.Context, actor *congress.User) (*Tx, error) {
	tx, err := s.db.BeginWrite(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	return &Tx{Tx: tx, now: s.Now(), actor: actor}, nil
}

// Ping checks that the database answers (for /healthz).
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.R.GetContext(ctx, &one, `SELECT 1`)
}

// scopeRange turns a materialized path into a half-open range [lo, hi) over organization paths:
// every path with the prefix sorts inside it, so the query can use the path index.
func scopeRange(u *congress.User) (lo, hi string) {
	if u == nil || u.OrgPath == "" {
		return "", "\U0010FFFF"
	}
	// '/' + 1 = '0': the smallest string greater than every string with the prefix.
	return u.OrgPath, u.OrgPath[:len(u.OrgPath)-1] + "0"
}

// insertID runs an INSERT and returns the id of the new row, through RETURNING (SQLite since 3.35,
// and PostgreSQL, whose driver has no LastInsertId).
func insertID(ctx context.Context, tx *Tx, query string, args ...any) (int64, error) {
	var id int64
	err := tx.GetContext(ctx, &id, query+` RETURNING id`, args...)
	return id, err
}

// insertNamedID is insertID for an INSERT with ":name" parameters taken from arg.
func insertNamedID(ctx context.Context, tx *Tx, query string, arg any) (int64, error) {
	q, args, err := tx.BindNamed(query+` RETURNING id`, arg)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.GetContext(ctx, &id, q, args...)
	return id, err
}

// PostgreSQL's SQLSTATE codes that mapErr turns into the vocabulary, as it does SQLite's
// extended codes.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
	pgCheckViolation      = "23514"
	pgReadOnlyTransaction = "25006"
	pgDiskFull            = "53100"
)

// mapErr turns driver errors into the error vocabulary.
func mapErr(err error, what string) error {
	if err == nil {
		return nil
	}
	var ce *congress.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return congress.Errorf(congress.ENOTFOUND, "Không tìm thấy %s.", what)
	}
	if f := StorageFault(err); f != nil {
		return f
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return congress.Errorf(congress.ECONFLICT, "Đã có %s này.", what)
		case sqlite3.ErrConstraintForeignKey:
			return congress.Errorf(congress.ECONFLICT, "Dữ liệu %s đang được tham chiếu hoặc tham chiếu tới mục không tồn tại.", what)
		case sqlite3.ErrConstraintCheck:
			return congress.Errorf(congress.EINVALID, "Số liệu %s không thỏa ràng buộc của cơ sở dữ liệu.", what)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return congress.Errorf(congress.ECONFLICT, "Đã có %s này.", what)
		case pgForeignKeyViolation:
			return congress.Errorf(congress.ECONFLICT, "Dữ liệu %s đang được tham chiếu hoặc tham chiếu tới mục không tồn tại.", what)
		case pgCheckViolation:
			return congress.Errorf(congress.EINVALID, "Số liệu %s không thỏa ràng buộc của cơ sở dữ liệu.", what)
		}
	}
	return fmt.Errorf("store: %s: %w", what, err)
}

// The messages of the storage faults: what happened, that nothing was saved, who can fix it.
const (
	msgDiskFull = "Ổ đĩa của máy chủ đã đầy; chưa lưu được. Hãy báo quản trị viên giải phóng dung lượng rồi gửi lại."
	msgReadOnly = "Cơ sở dữ liệu đang ở chế độ chỉ đọc; chưa lưu được. Hãy báo quản trị viên cấp quyền ghi rồi gửi lại."
)

// StorageFault returns the EUNAVAILABLE error of a storage fault the user can only report — the
// disk full (or the file size limit reached), the database read-only — or nil for any other
// error. Such a fault is the server's (503), not the request's, and must not read "Lỗi hệ thống".
func StorageFault(err error) error {
	if err == nil {
		return nil
	}
	var ce *congress.Error
	if errors.As(err, &ce) {
		return nil
	}
	full := errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || errors.Is(err, syscall.EFBIG)
	readOnly := errors.Is(err, syscall.EROFS)
	var se sqlite3.Error
	if errors.As(err, &se) {
		// SQLite says SQLITE_FULL only for ENOSPC; a write refused for the file size limit or a
		// quota is an I/O error whose errno tells.
		switch errno := se.SystemErrno; {
		case se.Code == sqlite3.ErrFull || errno == syscall.ENOSPC || errno == syscall.EDQUOT || errno == syscall.EFBIG:
			full = true
		case se.Code == sqlite3.ErrReadonly || errno == syscall.EROFS:
			readOnly = true
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		full = full || pe.Code == pgDiskFull
		readOnly = readOnly || pe.Code == pgReadOnlyTransaction
	}
	switch {
	case full:
		return congress.Errorf(congress.EUNAVAILABLE, msgDiskFull)
	case readOnly:
		return congress.Errorf(congress.EUNAVAILABLE, msgReadOnly)
	}
	return nil
}

// AuditEntry is one row of the audit trail.
type AuditEntry struct {
	ID             int64  `json:"id" db:"id"`
	At             string `json:"at" db:"at"`
	UserID         *int64 `json:"user_id" db:"user_id"`
	Username       string `json:"username" db:"username"`
	OrganizationID *int64 `json:"organization_id" db:"organization_id"`
	CongressID     *int64 `json:"congress_id" db:"congress_id"`
	Entity         string `json:"entity" db:"entity"`
	EntityID       *int64 `json:"entity_id" db:"entity_id"`
	Action         string `json:"action" db:"action"`
	OldValue       string `json:"old_value" db:"old_value"`
	NewValue       string `json:"new_value" db:"new_value"`
	Reason         string `json:"reason" db:"reason"`
	PrevHash       string `json:"prev_hash" db:"prev_hash"`
	Hash           string `json:"hash" db:"hash"`
}

// audit is what a write says about itself.
type audit struct {
	orgID, congressID int64
	entity            string
	entityID          int64
	action            string
	old, new          any
	reason            string
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// writeAudit appends the audit row of a change inside its transaction, chained to the row before.
func (tx *Tx) writeAudit(ctx context.Context, a audit) error {
	e := AuditEntry{
		At: tx.nowText(), Username: "system",
		OrganizationID: nullID(a.orgID), CongressID: nullID(a.congressID),
		Entity: a.entity, EntityID: nullID(a.entityID), Action: a.action, Reason: a.reason,
	}
	if tx.actor != nil && tx.actor.ID != 0 {
		e.UserID, e.Username = &tx.actor.ID, tx.actor.Username
	}
	var err error
	if e.OldValue, err = jsonText(a.old); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	if e.NewValue, err = jsonText(a.new); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	var prev struct {
		ID   int64  `db:"id"`
		Hash string `db:"hash"`
	}
	err = tx.GetContext(ctx, &prev, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: audit: %w", err)
	}
	e.ID, e.PrevHash = prev.ID+1, prev.Hash
	e.Hash = AuditHash(e)
	_, err = tx.NamedExecContext(ctx, `INSERT INTO audit_log
		(id, at, user_id, username, organization_id, congress_id, entity, entity_id, action, old_value, new_value, reason, prev_hash, hash)
		VALUES (:id, :at, :user_id, :username, :organization_id, :congress_id, :entity, :entity_id, :action, :old_value, :new_value, :reason, :prev_hash, :hash)`, e)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// AuditHash is the SHA-256 of a row's canonical encoding together with the previous row's hash:
// the link of the chain. The id is inside, so a deleted row breaks the sequence too.
func AuditHash(e AuditEntry) string {
	canon := struct {
		ID             int64  `json:"id"`
		At             string `json:"at"`
		UserID         *int64 `json:"user_id"`
		Username       string `json:"username"`
		OrganizationID *int64 `json:"organization_id"`
		CongressID     *int64 `json:"congress_id"`
		Entity         string `json:"entity"`
		EntityID       *int64 `json:"entity_id"`
		Action         string `json:"action"`
		OldValue       string `json:"old_value"`
		NewValue       string `json:"new_value"`
		Reason         string `json:"reason"`
		PrevHash       string `json:"prev_hash"`
	}{e.ID, e.At, e.UserID, e.Username, e.OrganizationID, e.CongressID, e.Entity, e.EntityID, e.Action,
		e.OldValue, e.NewValue, e.Reason, e.PrevHash}
	b, _ := json.Marshal(canon) // a struct of strings and ints always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
