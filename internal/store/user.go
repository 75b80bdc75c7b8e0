package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"

	"daihoi/internal/congress"
)

const userColumns = `u.id, u.username, u.full_name, u.role, u.organization_id, u.disabled, u.version, u.created_at,
	o.name AS organization_name, o.path AS org_path`

// FindUserByID returns a user. ENOTFOUND if there is none.
func (s *Store) FindUserByID(ctx context.Context, id int64) (*congress.User, error) {
	var u congress.User
	if err := s.db.R.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users u JOIN organizations o ON o.id = u.organization_id
		WHERE u.id = ?`, id); err != nil {
		return nil, mapErr(err, "người dùng")
	}
	return &u, nil
}

// FindUserByUsername returns a user and their password hash. ENOTFOUND if there is none.
func (s *Store) FindUserByUsername(ctx context.Context, username string) (*congress.User, string, error) {
	var row struct {
		congress.User
		PasswordHash string `db:"password_hash"`
	}
	// No stored username holds a NUL byte or invalid UTF-8, and PostgreSQL refuses both in a
	// query (a 500 at login): such a name is simply not found.
	if strings.ContainsRune(username, 0) || !utf8.ValidString(username) {
		return nil, "", mapErr(sql.ErrNoRows, "người dùng")
	}
	if err := s.db.R.GetContext(ctx, &row, `SELECT `+userColumns+`, u.password_hash FROM users u
		JOIN organizations o ON o.id = u.organization_id WHERE u.username = ?`, username); err != nil {
		return nil, "", mapErr(err, "người dùng")
	}
	return &row.User, row.PasswordHash, nil
}

// FindUsers returns the users whose organization lies in the actor's scope.
func (s *Store) FindUsers(ctx context.Context, actor *congress.User) ([]congress.User, error) {
	lo, hi := scopeRange(actor)
	list := []congress.User{}
	err := s.db.R.SelectContext(ctx, &list, `SELECT `+userColumns+` FROM users u JOIN organizations o ON o.id = u.organization_id
		WHERE o.path >= ? AND o.path < ? ORDER BY o.path, u.username`, lo, hi)
	return list, mapErr(err, "người dùng")
}

// CreateUser adds a user with an already hashed password (admin or the system actor).
// ECONFLICT if the username is taken.
func (s *Store) CreateUser(ctx context.Context, actor *congress.User, u *congress.User, passwordHash string) error {
	if !actor.IsAdmin() {
		return congress.Errorf(congress.EFORBIDDEN, "Chỉ quản trị viên được thêm người dùng.")
	}
	if err := u.Validate(); err != nil {
		return err
	}
	tx, err := s.begin(ctx, actor)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	org, err := findOrganization(ctx, tx, actor, u.OrganizationID)
	if err != nil {
		if congress.ErrorCode(err) == congress.ENOTFOUND {
			return &congress.Error{Code: congress.EINVALID, Message: fmt.Sprintf("Không tìm thấy tổ chức đảng số %d.", u.OrganizationID),
				Fields: map[string]string{"organization_id": fmt.Sprintf("Không tìm thấy tổ chức đảng số %d.", u.OrganizationID)}}
		}
		return err
	}
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM users WHERE username = ?`, u.Username); err != nil {
		return mapErr(err, "người dùng")
	}
	if n > 0 {
		return &congress.Error{Code: congress.ECONFLICT, Message: fmt.Sprintf("Tên đăng nhập %q đã có người dùng.", u.Username),
			Fields: map[string]string{"username": fmt.Sprintf("Tên đăng nhập %q đã có người dùng.", u.Username)}}
	}
	u.Version, u.CreatedAt = 1, tx.nowText()
	newID, err := insertID(ctx, tx, `INSERT INTO users (username, full_name, role, organization_id, password_hash, version, created_at, password_changed_at)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?)`, u.Username, u.FullName, u.Role, u.OrganizationID, passwordHash, u.CreatedAt, u.CreatedAt)
	if err != nil {
		return mapErr(err, "người dùng")
	}
	u.ID = newID
	u.OrganizationName, u.OrgPath = org.Name, org.Path
	// The audit row never holds the password hash.
	if err := tx.writeAudit(ctx, audit{orgID: u.OrganizationID, entity: "user", entityID: u.ID, action: "create", new: u}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "người dùng")
}

// SetPassword replaces a user's password hash and ends all their sessions. The actor is the user
// themself, an admin in scope, or the system.
func (s *Store) SetPassword(ctx context.Context, actor *congress.User, userID int64, passwordHash string) error {
	if actor.ID != userID && !actor.IsAdmin() {
		return congress.Errorf(congress.EFORBIDDEN, "Bạn chỉ được đổi mật khẩu của mình.")
	}
	tx, err := s.begin(ctx, actor)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var u congress.User
	lo, hi := scopeRange(actor)
	if actor.ID == userID {
		lo, hi = scopeRange(nil)
	}
	if err := tx.GetContext(ctx, &u, `SELECT `+userColumns+` FROM users u JOIN organizations o ON o.id = u.organization_id
		WHERE u.id = ? AND o.path >= ? AND o.path < ?`, userID, lo, hi); err != nil {
		return mapErr(err, "người dùng")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, version = version + 1 WHERE id = ?`,
		passwordHash, tx.nowText(), userID); err != nil {
		return mapErr(err, "người dùng")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return mapErr(err, "phiên đăng nhập")
	}
	if err := tx.writeAudit(ctx, audit{orgID: u.OrganizationID, entity: "user", entityID: userID, action: "password"}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "người dùng")
}

// Session is a logged-in session; only the hash of its token is stored.
type Session struct {
	ID        int64  `db:"id"`
	TokenHash string `db:"token_hash"`
	UserID    int64  `db:"user_id"`
	CreatedAt string `db:"created_at"`
	ExpiresAt string `db:"expires_at"`
}

// CreateSession stores a new session for a user. Logging in is audited.
func (s *Store) CreateSession(ctx context.Context, u *congress.User, tokenHash string, ttl time.Duration, address, userAgent string) error {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	// Expired sessions are swept here, at the one place sessions are made, instead of by a timer.
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, tx.nowText()); err != nil {
		return mapErr(err, "phiên đăng nhập")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, address, user_agent)
		VALUES (?, ?, ?, ?, ?, ?)`, tokenHash, u.ID, tx.nowText(), tx.now.Add(ttl).UTC().Format(time.RFC3339), address, userAgent); err != nil {
		return mapErr(err, "phiên đăng nhập")
	}
	if err := tx.writeAudit(ctx, audit{orgID: u.OrganizationID, entity: "session", entityID: u.ID, action: "login",
		new: map[string]string{"address": address}}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "phiên đăng nhập")
}

// FindSessionUser returns the user of a live session. EUNAUTHORIZED if the session is unknown,
// expired, or its user disabled.
func (s *Store) FindSessionUser(ctx context.Context, tokenHash string) (*congress.User, error) {
	var u congress.User
	err := s.db.R.GetContext(ctx, &u, `SELECT `+userColumns+` FROM sessions se
		JOIN users u ON u.id = se.user_id JOIN organizations o ON o.id = u.organization_id
		WHERE se.token_hash = ? AND se.expires_at > ? AND u.disabled = FALSE`, tokenHash, s.Now().UTC().Format(time.RFC3339))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, congress.Errorf(congress.EUNAUTHORIZED, "Phiên đăng nhập đã hết hạn, xin đăng nhập lại.")
	}
	if err != nil {
		return nil, mapErr(err, "phiên đăng nhập")
	}
	return &u, nil
}

// DeleteSession ends one session (logout).
func (s *Store) DeleteSession(ctx context.Context, u *congress.User, tokenHash string) error {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return mapErr(err, "phiên đăng nhập")
	}
	if err := tx.writeAudit(ctx, audit{orgID: u.OrganizationID, entity: "session", entityID: u.ID, action: "logout"}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "phiên đăng nhập")
}

// DeleteUserSessions ends every session of u (logout): a token left on another computer or in
// a script stops working with the one the user logged out of.
func (s *Store) DeleteUserSessions(ctx context.Context, u *congress.User) error {
	tx, err := s.begin(ctx, u)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
		return mapErr(err, "phiên đăng nhập")
	}
	if err := tx.writeAudit(ctx, audit{orgID: u.OrganizationID, entity: "session", entityID: u.ID, action: "logout"}); err != nil {
		return err
	}
	return mapErr(tx.Commit(), "phiên đăng nhập")
}

// CountUsers returns how many users exist (first start detection).
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.R.GetContext(ctx, &n, `SELECT COUNT(*) FROM users`)
	return n, mapErr(err, "người dùng")
}

var _ sqlx.QueryerContext = (*Tx)(nil)
