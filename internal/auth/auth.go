// Package auth holds password hashing, session tokens and login throttling. Sessions and users are
// stored by package store; this package never writes SQL.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// argon2id parameters: OWASP's minimum (19 MiB, 2 passes), which keeps a login under ~50 ms on
// this project's 2-core machines while costing an attacker the memory per guess.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an encoded argon2id hash of password.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches an encoded hash.
func VerifyPassword(encoded, password string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m > 1<<20 || t > 10 || p == 0 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken returns a random session token and the hash that is stored for it.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the stored form of a token.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Limiter throttles failed logins per key (user and address) over a sliding window.
type Limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewLimiter allows max failures per window for each key.
func NewLimiter(max int, window time.Duration) *Limiter {
	return &Limiter{max: max, window: window, now: time.Now, fails: map[string][]time.Time{}}
}

// recent drops failures older than the window; the caller holds mu.
func (l *Limiter) recent(key string) []time.Time {
	cut := l.now().Add(-l.window)
	list := l.fails[key]
	i := 0
	for i < len(list) && list[i].Before(cut) {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(l.fails, key)
	} else {
		l.fails[key] = list
	}
	return list
}

// Blocked reports whether key has used up its failures, and when it may try again.
func (l *Limiter) Blocked(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	list := l.recent(key)
	if len(list) < l.max {
		return false, 0
	}
	return true, list[0].Add(l.window).Sub(l.now())
}

// Fail records a failure for key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[key] = append(l.recent(key), l.now())
	if len(l.fails) > 100_000 { // a flood of distinct keys must not grow memory without bound
		for k := range l.fails {
			l.recent(k)
		}
	}
}

// Reset forgets the failures of key (after a successful login).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// SessionTTL is how long a session lives.
const SessionTTL = 12 * time.Hour

// Service logs users in and out.
type Service struct {
	Store   *store.Store
	Limiter *Limiter
}

// NewService returns a service that allows 5 failed logins a minute per user and address.
func NewService(s *store.Store) *Service {
	return &Service{Store: s, Limiter: NewLimiter(5, time.Minute)}
}

// dummyHash is verified against when the user does not exist, so that timing does not tell
// which usernames exist.
var dummyHash, _ = HashPassword("daihoi-dummy-password")

// Login checks credentials and opens a session, returning its token. EUNAUTHORIZED for wrong
// credentials, ETOOMANY when throttled.
func (s *Service) Login(ctx context.Context, username, password, address, userAgent string) (string, *congress.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	key := username + "|" + address
	if blocked, wait := s.Limiter.Blocked(key); blocked {
		secs := int(wait.Seconds()) + 1
		return "", nil, congress.Errorf(congress.ETOOMANY,
			"Đăng nhập sai quá 5 lần trong một phút. Xin thử lại sau %d giây.", secs)
	}
	fail := func() (string, *congress.User, error) {
		s.Limiter.Fail(key)
		return "", nil, &congress.Error{Code: congress.EUNAUTHORIZED, Message: "Tên đăng nhập hoặc mật khẩu không đúng.",
			Fields: map[string]string{"password": "Tên đăng nhập hoặc mật khẩu không đúng."}}
	}
	if username == "" || password == "" || len(username) > 64 || len(password) > 200 {
		return fail()
	}
	u, hash, err := s.Store.FindUserByUsername(ctx, username)
	if err != nil {
		if congress.ErrorCode(err) != congress.ENOTFOUND {
			return "", nil, err
		}
		VerifyPassword(dummyHash, password)
		return fail()
	}
	if !VerifyPassword(hash, password) || u.Disabled {
		return fail()
	}
	s.Limiter.Reset(key)
	token, tokenHash, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	if err := s.Store.CreateSession(ctx, u, tokenHash, SessionTTL, address, userAgent); err != nil {
		return "", nil, err
	}
	return token, u, nil
}

// Authenticate returns the user of a session token. EUNAUTHORIZED if it is not a live session.
func (s *Service) Authenticate(ctx context.Context, token string) (*congress.User, error) {
	if token == "" || len(token) > 100 {
		return nil, congress.Errorf(congress.EUNAUTHORIZED, "Chưa đăng nhập.")
	}
	return s.Store.FindSessionUser(ctx, HashToken(token))
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, u *congress.User, token string) error {
	return s.Store.DeleteSession(ctx, u, HashToken(token))
}

// LogoutAll ends every session of u, cookie and bearer alike.
func (s *Service) LogoutAll(ctx context.Context, u *congress.User) error {
	return s.Store.DeleteUserSessions(ctx, u)
}

// ChangePassword checks the old password, stores the new one and ends every session of the user.
func (s *Service) ChangePassword(ctx context.Context, u *congress.User, oldPassword, newPassword string) error {
	_, hash, err := s.Store.FindUserByUsername(ctx, u.Username)
	if err != nil {
		return err
	}
	if !VerifyPassword(hash, oldPassword) {
		return &congress.Error{Code: congress.EINVALID, Message: "Mật khẩu hiện tại không đúng.",
			Fields: map[string]string{"old_password": "Mật khẩu hiện tại không đúng."}}
	}
	if err := congress.ValidatePassword(newPassword); err != nil {
		return &congress.Error{Code: congress.EINVALID, Message: congress.ErrorMessage(err),
			Fields: map[string]string{"new_password": congress.ErrorMessage(err)}}
	}
	newHash, err := HashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, u, u.ID, newHash)
}
