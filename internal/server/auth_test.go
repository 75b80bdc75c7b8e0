package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

// sessionCookieOf returns the session cookie a response sets, or nil.
func sessionCookieOf(w *httptest.ResponseRecorder) *http.Cookie {
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

// login posts the login form, adjusted by extra.
func login(f *fixture, username, password string, extra ...func(*req)) (w *httptest.ResponseRecorder, code int, location, body string) {
	r := req{method: http.MethodPost, path: "/login", form: url.Values{"username": {username}, "password": {password}}}
	for _, e := range extra {
		e(&r)
	}
	rec := f.do(r)
	return rec, rec.Code, rec.Header().Get("Location"), rec.Body.String()
}

func TestLogin(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		w, code, loc, _ := login(f, uSecKHCN, testPassword)
		if code != http.StatusSeeOther || loc != "/" {
			t.Fatalf("status %d location %q", code, loc)
		}
		c := sessionCookieOf(w)
		if c == nil || c.Value == "" {
			t.Fatal("no session cookie")
		}
		if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Errorf("cookie flags: %+v", c)
		}
		// The cookie opens the pages.
		page := f.do(req{method: http.MethodGet, path: "/congresses", cookies: []*http.Cookie{{Name: sessionCookie, Value: c.Value}}})
		if page.Code != http.StatusOK {
			t.Errorf("with the new cookie: %d", page.Code)
		}
	})
	t.Run("SecureCookies", func(t *testing.T) {
		f := newFixture(t, func(c *Config) { c.SecureCookies = true })
		w, _, _, _ := login(f, uSecKHCN, testPassword)
		if c := sessionCookieOf(w); c == nil || !c.Secure || !c.HttpOnly {
			t.Errorf("cookie %+v", c)
		}
	})
	t.Run("Next", func(t *testing.T) {
		f := newFixture(t)
		for next, want := range map[string]string{
			"/congresses/1?x=1": "/congresses/1?x=1", "//evil.example/": "/", "https://evil.example/": "/",
			"/\\evil.example": "/", "javascript:alert(1)": "/", "": "/", "/logout": "/",
		} {
			_, code, loc, _ := login(f, uSecKHCN, testPassword, func(r *req) { r.form.Set("next", next) })
			if code != http.StatusSeeOther || loc != want {
				t.Errorf("next %q: %d %q, want %q", next, code, loc, want)
			}
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		f := newFixture(t)
		w, code, _, body := login(f, uSecKHCN, "sai-mat-khau")
		if code != http.StatusUnauthorized {
			t.Fatalf("status %d", code)
		}
		if !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng.") || !strings.Contains(body, `value="thuky"`) {
			t.Errorf("message or username missing:\n%s", body)
		}
		if sessionCookieOf(w) != nil {
			t.Error("a failed login set a cookie")
		}
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		f := newFixture(t)
		_, code, _, body := login(f, "khongco", "abc")
		if code != http.StatusUnauthorized || !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Fatalf("status %d", code)
		}
	})
	t.Run("ErrThrottled", func(t *testing.T) {
		f := newFixture(t)
		for i := range 5 {
			if _, code, _, _ := login(f, uSecKHCN, "sai"); code != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d", i+1, code)
			}
		}
		// Even the right password is refused while throttled.
		w, code, _, body := login(f, uSecKHCN, testPassword)
		if code != http.StatusTooManyRequests || !strings.Contains(body, "Đăng nhập sai quá 5 lần") {
			t.Fatalf("status %d\n%s", code, body)
		}
		if sessionCookieOf(w) != nil {
			t.Error("throttled login set a cookie")
		}
		// The API shares the throttle.
		rec := f.do(req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":"thuky","password":"` + testPassword + `"}`})
		if rec.Code != http.StatusTooManyRequests || apiErr(t, rec).Code != congress.ETOOMANY {
			t.Fatalf("API: %d %s", rec.Code, rec.Body.String())
		}
	})
	t.Run("NoFixation", func(t *testing.T) {
		f := newFixture(t)
		planted := f.token(uSecKHCN) // a live token someone else knows
		w, code, _, _ := login(f, uSecKHCN, testPassword, func(r *req) {
			r.cookies = []*http.Cookie{{Name: sessionCookie, Value: planted}}
		})
		c := sessionCookieOf(w)
		if code != http.StatusSeeOther || c == nil || c.Value == planted || c.Value == "" {
			t.Fatalf("status %d cookie %+v", code, c)
		}
		if w := f.get(uSecKHCN, "/congresses"); w.Code != http.StatusSeeOther {
			t.Errorf("the planted token still works: %d", w.Code)
		}
		// An unknown planted value is simply replaced.
		w, _, _, _ = login(f, uSecKHCN, testPassword, func(r *req) {
			r.cookies = []*http.Cookie{{Name: sessionCookie, Value: "attacker-chosen"}}
		})
		if c2 := sessionCookieOf(w); c2 == nil || c2.Value == "attacker-chosen" || c2.Value == c.Value {
			t.Errorf("cookie %+v", c2)
		}
	})
}

func TestLogout(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodPost, path: "/logout", as: uSecKHCN})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
		t.Fatalf("status %d %q", w.Code, w.Header().Get("Location"))
	}
	if c := sessionCookieOf(w); c == nil || c.MaxAge >= 0 {
		t.Errorf("cookie not cleared: %+v", c)
	}
	if w := f.get(uSecKHCN, "/congresses"); w.Code != http.StatusSeeOther {
		t.Errorf("session still alive: %d", w.Code)
	}
	// The login page shows the flash once.
	var flash *http.Cookie
	for _, c := range w.Result().Cookies() {
		if c.Name == flashCookie {
			flash = c
		}
	}
	if flash == nil {
		t.Fatal("no flash")
	}
	page := f.do(req{method: http.MethodGet, path: "/login", cookies: []*http.Cookie{flash}})
	if !strings.Contains(page.Body.String(), "Bạn đã đăng xuất.") {
		t.Errorf("flash not shown")
	}
}

func TestUnauthenticated(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodGet, path: "/congresses?state=held"})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login?next="+url.QueryEscape("/congresses?state=held") {
		t.Errorf("HTML: %d %q", w.Code, w.Header().Get("Location"))
	}
	for _, r := range []req{
		{method: http.MethodGet, path: "/api/v1/congresses"},
		{method: http.MethodGet, path: "/api/v1/congresses", header: http.Header{"Authorization": {"Bearer nonsense"}}},
		{method: http.MethodGet, path: "/api/v1/congresses", header: http.Header{"Authorization": {"Basic dGh1a3k6eA=="}}},
		{method: http.MethodPost, path: "/api/v1/congresses", json: `{}`},
		{method: http.MethodDelete, path: "/api/v1/session"},
	} {
		w := f.do(r)
		if w.Code != http.StatusUnauthorized || apiErr(t, w).Code != congress.EUNAUTHORIZED {
			t.Errorf("%s %s: %d %s", r.method, r.path, w.Code, w.Body.String())
		}
	}
	// A stale cookie is cleared on the way to the login page.
	w = f.do(req{method: http.MethodGet, path: "/congresses", cookies: []*http.Cookie{{Name: sessionCookie, Value: "het-han"}}})
	if c := sessionCookieOf(w); w.Code != http.StatusSeeOther || c == nil || c.MaxAge >= 0 {
		t.Errorf("stale cookie: %d %+v", w.Code, c)
	}
}

func TestAPISession(t *testing.T) {
	f := newFixture(t)
	w := f.do(req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":"thuky","password":"` + testPassword + `"}`})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d %s", w.Code, w.Body.String())
	}
	var got struct {
		Token string         `json:"token"`
		User  map[string]any `json:"user"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Token == "" || got.User["username"] != "thuky" || got.User["role"] != "secretary" {
		t.Fatalf("body %s", w.Body.String())
	}
	if strings.Contains(w.Body.String(), "password") {
		t.Error("the answer mentions a password")
	}
	bearer := http.Header{"Authorization": {"Bearer " + got.Token}}
	if w := f.do(req{method: http.MethodGet, path: "/api/v1/congresses", header: bearer}); w.Code != http.StatusOK {
		t.Fatalf("bearer: %d", w.Code)
	}
	if w := f.do(req{method: http.MethodDelete, path: "/api/v1/session", header: bearer}); w.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", w.Code)
	}
	if w := f.do(req{method: http.MethodGet, path: "/api/v1/congresses", header: bearer}); w.Code != http.StatusUnauthorized {
		t.Fatalf("after delete: %d", w.Code)
	}
	// The session cookie works for the API too.
	if w := f.do(req{method: http.MethodGet, path: "/api/v1/terms", as: uStaff}); w.Code != http.StatusOK {
		t.Fatalf("cookie: %d", w.Code)
	}
	w = f.do(req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":"thuky","password":"sai"}`})
	if w.Code != http.StatusUnauthorized || apiErr(t, w).Code != congress.EUNAUTHORIZED {
		t.Fatalf("wrong password: %d %s", w.Code, w.Body.String())
	}
}

func TestChangePassword(t *testing.T) {
	f := newFixture(t)
	bad := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"ErrOldWrong", url.Values{"old_password": {"sai"}, "new_password": {"mat-khau-moi-1"}, "confirm_password": {"mat-khau-moi-1"}}, "old_password"},
		{"ErrMismatch", url.Values{"old_password": {testPassword}, "new_password": {"mat-khau-moi-1"}, "confirm_password": {"mat-khau-moi-2"}}, "confirm_password"},
		{"ErrShort", url.Values{"old_password": {testPassword}, "new_password": {"ngan"}, "confirm_password": {"ngan"}}, "new_password"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := f.digest()
			w := f.do(req{method: http.MethodPost, path: "/account/password", as: uSecKHCN, form: tc.form})
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `class="field has-error"`) {
				t.Fatalf("status %d\n%s", w.Code, w.Body.String())
			}
			if strings.Contains(w.Body.String(), "mat-khau-moi") || strings.Contains(w.Body.String(), testPassword) {
				t.Error("a password was shown back")
			}
			if f.digest() != before {
				t.Error("something changed")
			}
		})
	}
	t.Run("OK", func(t *testing.T) {
		w := f.do(req{method: http.MethodPost, path: "/account/password", as: uSecKHCN,
			form: url.Values{"old_password": {testPassword}, "new_password": {"mat-khau-moi-1"}, "confirm_password": {"mat-khau-moi-1"}}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/login" {
			t.Fatalf("status %d %s", w.Code, w.Body.String())
		}
		if w := f.get(uSecKHCN, "/congresses"); w.Code != http.StatusSeeOther {
			t.Errorf("old session alive after password change: %d", w.Code)
		}
		if _, code, _, _ := login(f, uSecKHCN, testPassword); code != http.StatusUnauthorized {
			t.Errorf("old password still works: %d", code)
		}
		if _, code, _, _ := login(f, uSecKHCN, "mat-khau-moi-1"); code != http.StatusSeeOther {
			t.Errorf("new password refused: %d", code)
		}
	})
}
