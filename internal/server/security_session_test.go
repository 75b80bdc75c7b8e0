package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

// apiLogin opens a session through the API and returns its bearer token.
func apiLogin(t *testing.T, f *fixture, username, password string) string {
	t.Helper()
	w := f.do(req{method: http.MethodPost, path: "/api/v1/session",
		json: fmt.Sprintf(`{"username":%q,"password":%q}`, username, password)})
	if w.Code != http.StatusOK {
		t.Fatalf("API login of %s: %d %s", username, w.Code, w.Body.String())
	}
	var got struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Token == "" {
		t.Fatalf("API login body %s", w.Body.String())
	}
	return got.Token
}

// formLogin logs in through the form and returns the new session cookie's value.
func formLogin(t *testing.T, f *fixture, username string, extra ...func(*req)) string {
	t.Helper()
	w, code, _, body := login(f, username, testPassword, extra...)
	var c *http.Cookie // the last one wins: a stale cookie is cleared first, then the new one set
	for _, ck := range w.Result().Cookies() {
		if ck.Name == sessionCookie {
			c = ck
		}
	}
	if code != http.StatusSeeOther || c == nil || c.Value == "" {
		t.Fatalf("form login of %s: %d %s", username, code, body)
	}
	return c.Value
}

// alive tells whether a token still opens the API, as a bearer token or as a cookie.
func alive(t *testing.T, f *fixture, token string, asCookie bool) bool {
	t.Helper()
	r := req{method: http.MethodGet, path: "/api/v1/terms"}
	if asCookie {
		r.cookies = []*http.Cookie{{Name: sessionCookie, Value: token}}
	} else {
		r.header = http.Header{"Authorization": {"Bearer " + token}}
	}
	w := f.do(r)
	switch w.Code {
	case http.StatusOK:
		return true
	case http.StatusUnauthorized:
		return false
	}
	t.Fatalf("probe: %d %s", w.Code, w.Body.String())
	return false
}

// The session cookie cannot be read by script, is not sent on cross-site subrequests, covers the
// whole site, lives only for the browser session, and is cleared with the same attributes.
func TestSecuritySessionCookieFlags(t *testing.T) {
	for _, secure := range []bool{false, true} {
		t.Run(fmt.Sprintf("Secure=%v", secure), func(t *testing.T) {
			f := newFixture(t, func(c *Config) { c.SecureCookies = secure })
			w, _, _, _ := login(f, uSecKHCN, testPassword)
			c := sessionCookieOf(w)
			if c == nil {
				t.Fatal("no session cookie")
			}
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure != secure || c.Domain != "" {
				t.Errorf("session cookie %+v", c)
			}
			if c.MaxAge != 0 || !c.Expires.IsZero() {
				t.Errorf("session cookie outlives the browser: %+v", c)
			}
			// 32 random bytes: not guessable, and not the fixture's tokens.
			if len(c.Value) < 43 {
				t.Errorf("token too short: %d characters", len(c.Value))
			}
			raw := w.Header().Values("Set-Cookie")
			if len(raw) != 1 || !strings.Contains(raw[0], "HttpOnly") || !strings.Contains(raw[0], "SameSite=Lax") {
				t.Errorf("Set-Cookie %q", raw)
			}
			// Logout clears it with the same flags.
			out := f.do(req{method: http.MethodPost, path: "/logout", cookies: []*http.Cookie{{Name: sessionCookie, Value: c.Value}}})
			cl := sessionCookieOf(out)
			if cl == nil || cl.MaxAge >= 0 || cl.Value != "" || !cl.HttpOnly || cl.SameSite != http.SameSiteLaxMode || cl.Path != "/" || cl.Secure != secure {
				t.Errorf("cleared cookie %+v", cl)
			}
			// The flash cookie carries the same flags.
			for _, fc := range out.Result().Cookies() {
				if fc.Name == flashCookie && (!fc.HttpOnly || fc.SameSite != http.SameSiteLaxMode || fc.Secure != secure) {
					t.Errorf("flash cookie %+v", fc)
				}
			}
		})
	}
}

// Session fixation: whatever session id the browser brings to the login form, the login gives a
// new one, and the one brought along is not adopted (nor kept alive, if it was a real session).
func TestSecuritySessionFixation(t *testing.T) {
	f := newFixture(t)
	t.Run("UnknownID", func(t *testing.T) {
		planted := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		tok := formLogin(t, f, uSecKHCN, func(r *req) { r.cookies = []*http.Cookie{{Name: sessionCookie, Value: planted}} })
		if tok == planted {
			t.Fatal("the planted session id was adopted")
		}
		if alive(t, f, planted, true) {
			t.Error("the planted id opens a session")
		}
		if !alive(t, f, tok, true) {
			t.Error("the new session does not work")
		}
	})
	t.Run("AttackersSession", func(t *testing.T) {
		// An attacker plants a cookie of their own live session; the victim logs in on top of it.
		attacker := apiLogin(t, f, uSecTC, testPassword)
		tok := formLogin(t, f, uSecKHCN, func(r *req) { r.cookies = []*http.Cookie{{Name: sessionCookie, Value: attacker}} })
		if tok == attacker {
			t.Fatal("the planted session id was adopted")
		}
		if alive(t, f, attacker, true) {
			t.Error("the planted session survived the login")
		}
		w := f.do(req{method: http.MethodGet, path: "/api/v1/congresses", cookies: []*http.Cookie{{Name: sessionCookie, Value: tok}}})
		if w.Code != http.StatusOK || strings.Contains(w.Body.String(), "Sở Tài chính") {
			t.Errorf("the new session is not the victim's own: %d", w.Code)
		}
	})
	t.Run("EveryLoginNewID", func(t *testing.T) {
		seen := map[string]bool{}
		for range 3 {
			tok := formLogin(t, f, uSecKHCN)
			if seen[tok] {
				t.Fatal("a session id was handed out twice")
			}
			seen[tok] = true
		}
		api := apiLogin(t, f, uSecKHCN, testPassword)
		if seen[api] {
			t.Fatal("the API reused a form session id")
		}
	})
	t.Run("QueryAndHeaderIgnored", func(t *testing.T) {
		// A session id in the URL or a made-up header is never a session.
		tok := f.token(uSecKHCN)
		for _, r := range []req{
			{method: http.MethodGet, path: "/api/v1/terms?" + sessionCookie + "=" + tok},
			{method: http.MethodGet, path: "/api/v1/terms?token=" + tok},
			{method: http.MethodGet, path: "/api/v1/terms", header: http.Header{"X-Session": {tok}}},
			{method: http.MethodGet, path: "/api/v1/terms", header: http.Header{"Authorization": {tok}}},
		} {
			if w := f.do(r); w.Code != http.StatusUnauthorized {
				t.Errorf("%s %v: %d", r.path, r.header, w.Code)
			}
		}
	})
}

// Logging out, by the form or the API, ends every session of the user: cookies on other
// computers and API tokens alike. Other users keep theirs.
func TestSecurityLogoutEndsEverySession(t *testing.T) {
	for _, via := range []string{"form", "api"} {
		t.Run(via, func(t *testing.T) {
			f := newFixture(t)
			cookieA := formLogin(t, f, uSecKHCN)
			cookieB := formLogin(t, f, uSecKHCN)
			bearer := apiLogin(t, f, uSecKHCN, testPassword)
			other := apiLogin(t, f, uSecTC, testPassword)
			r := req{method: http.MethodPost, path: "/logout", cookies: []*http.Cookie{{Name: sessionCookie, Value: cookieA}}}
			if via == "api" {
				r = req{method: http.MethodDelete, path: "/api/v1/session", header: http.Header{"Authorization": {"Bearer " + bearer}}}
			}
			w := f.do(r)
			if w.Code != http.StatusSeeOther && w.Code != http.StatusNoContent {
				t.Fatalf("logout: %d %s", w.Code, w.Body.String())
			}
			for name, tok := range map[string]string{"cookie A": cookieA, "cookie B": cookieB, "fixture": f.token(uSecKHCN)} {
				if alive(t, f, tok, true) {
					t.Errorf("%s still opens pages after logout", name)
				}
			}
			if alive(t, f, bearer, false) {
				t.Error("the API token still works after logout")
			}
			if !alive(t, f, other, false) || !alive(t, f, f.token(uStaff), true) {
				t.Error("another user's session ended")
			}
		})
	}
}

// Changing the password ends every session of the user, cookie and bearer alike.
func TestSecurityPasswordChangeEndsEverySession(t *testing.T) {
	f := newFixture(t)
	cookieB := formLogin(t, f, uSecKHCN)
	bearer := apiLogin(t, f, uSecKHCN, testPassword)
	other := apiLogin(t, f, uSecTC, testPassword)
	w := f.do(req{method: http.MethodPost, path: "/account/password", as: uSecKHCN,
		form: url.Values{"old_password": {testPassword}, "new_password": {"mat-khau-moi-1"}, "confirm_password": {"mat-khau-moi-1"}}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("change: %d %s", w.Code, w.Body.String())
	}
	if c := sessionCookieOf(w); c == nil || c.MaxAge >= 0 {
		t.Errorf("cookie not cleared: %+v", c)
	}
	if alive(t, f, f.token(uSecKHCN), true) || alive(t, f, cookieB, true) {
		t.Error("a cookie session survived the password change")
	}
	if alive(t, f, bearer, false) {
		t.Error("an API token survived the password change")
	}
	if !alive(t, f, other, false) {
		t.Error("another user's session ended")
	}
}

// Five failed logins a minute for one user from one address, then 429 with a Vietnamese message,
// on the form and the API alike; the right password does not get through meanwhile, and other
// users or addresses are not locked out by it.
func TestSecurityLoginThrottle(t *testing.T) {
	f := newFixture(t)
	for i := range 5 {
		if _, code, _, body := login(f, uSecKHCN, "sai"); code != http.StatusUnauthorized || !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng.") {
			t.Fatalf("failure %d: %d", i+1, code)
		}
	}
	check := func(name string, code int, body string) {
		t.Helper()
		if code != http.StatusTooManyRequests {
			t.Errorf("%s: %d, want 429", name, code)
		}
		if !strings.Contains(body, "Đăng nhập sai quá 5 lần trong một phút. Xin thử lại sau") || !strings.Contains(body, "giây") {
			t.Errorf("%s: no Vietnamese throttle message: %.300s", name, body)
		}
	}
	w, code, _, body := login(f, uSecKHCN, "sai")
	check("sixth failure", code, body)
	if sessionCookieOf(w) != nil {
		t.Error("a throttled login set a cookie")
	}
	w, code, _, body = login(f, uSecKHCN, testPassword)
	check("right password while throttled", code, body)
	if sessionCookieOf(w) != nil {
		t.Error("the right password got through the throttle")
	}
	// Case and spaces do not make a new key.
	_, code, _, body = login(f, "  THUKY ", "sai")
	check("same user, other case", code, body)
	api := f.do(req{method: http.MethodPost, path: "/api/v1/session", json: `{"username":"thuky","password":"` + testPassword + `"}`})
	if e := apiErr(t, api); api.Code != http.StatusTooManyRequests || e.Code != congress.ETOOMANY || !strings.Contains(e.Message, "thử lại sau") {
		t.Errorf("API while throttled: %d %+v", api.Code, e)
	}
	// Another user from the same address is not locked out.
	if _, code, _, _ := login(f, uSecTC, testPassword); code != http.StatusSeeOther {
		t.Errorf("another user: %d", code)
	}
	// The same user from another address is not locked out (the key is user and address).
	hr := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"username": {uSecKHCN}, "password": {testPassword}}.Encode()))
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hr.RemoteAddr = "198.51.100.7:4242"
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, hr)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("same user, other address: %d", rec.Code)
	}
}
