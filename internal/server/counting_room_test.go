package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"daihoi/internal/congress"
)

// assertNoInline fails when a page carries an inline script, style or handler: the policy would block it.
func assertNoInline(t *testing.T, body string) {
	t.Helper()
	for _, bad := range []string{"<script>", " style=", "<style", " onclick", " onkeydown", " onload", "javascript:"} {
		if strings.Contains(body, bad) {
			t.Errorf("page has inline %q", bad)
		}
	}
}

func TestCountingRoomPage(t *testing.T) {
	f := newFixture(t)
	rv := f.mustBallotRound(roundSpec{})
	path := fmt.Sprintf("/rounds/%d/count", rv.ID)

	for _, user := range []string{uSecKHCN, uAdmin} {
		w := f.get(user, path+"?slot=1")
		body := w.Body.String()
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d", user, w.Code)
		}
		for _, want := range []string{
			"Kiểm phiếu bầu Ban Chấp hành", "Phiếu gạch tên", "bầu 7 trong 8 người", "trúng cử từ <strong>22</strong> phiếu",
			`data-pos="1" data-key="1"`, `data-pos="8" data-key="8"`, "<kbd>1</kbd>", "Trần Văn Bình", "Huỳnh Minh Tuấn",
			`data-api="/api/v1/rounds/` + fmt.Sprint(rv.ID) + `/ballots"`, `data-slot="1"`, `data-list-kind="surplus"`,
			`data-reason="signed"`, `data-reason="other" data-digit="7"`, "js/counting.js", "css/counting.css",
			fmt.Sprintf(`href="/rounds/%d"`, rv.ID), fmt.Sprintf(`/congresses/%d/live`, f.cKHCN.ID),
			"k + 1 phím", `aria-current="page">Đại hội`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: page lacks %q", user, want)
			}
		}
		if strings.Contains(body, "Người nhập 2") {
			t.Error("a single entry offers a second pile")
		}
		assertNoInline(t, body)
	}
	// Refusals: before anything is read, and nothing outside the scope is revealed.
	totals := f.mustBallotRound(roundSpec{body: congress.BodyDelegateOfficial, seats: 2, totals: true})
	for _, tc := range []struct {
		user, path string
		status     int
	}{
		{uStaff, path, 403}, {uAuditor, path, 403}, {uSecTC, path, 404}, {uSecCell, path, 404},
		{uSecKHCN, path + "?slot=2", 422}, {uSecKHCN, path + "?slot=x", 422},
		{uSecKHCN, "/rounds/abc/count", 404}, {uSecKHCN, "/rounds/999999/count", 404},
		{uSecKHCN, fmt.Sprintf("/rounds/%d/count", totals.ID), 409},
	} {
		w := f.get(tc.user, tc.path)
		if w.Code != tc.status {
			t.Errorf("%s %s: %d, want %d", tc.user, tc.path, w.Code, tc.status)
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("%s %s: content type %q", tc.user, tc.path, ct)
		}
	}
	if w := f.do(req{method: http.MethodGet, path: path}); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/login?next=") {
		t.Errorf("not logged in: %d %s", w.Code, w.Header().Get("Location"))
	}

	t.Run("Closed", func(t *testing.T) {
		f.mustAddBallot(rv, 1, 1, 8)
		if _, err := f.store.CloseRound(context.Background(), congress.System, rv.ID); err != nil {
			t.Fatal(err)
		}
		w := f.get(uSecKHCN, path)
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `data-closed="1"`) || !strings.Contains(w.Body.String(), "đã kết thúc và được khóa") ||
			strings.Contains(w.Body.String(), `data-action="save"`) {
			t.Fatalf("%d", w.Code)
		}
	})
}

func TestCountingRoomLongList(t *testing.T) {
	f := newFixture(t)
	var names []string
	for i := 1; i <= 40; i++ {
		names = append(names, fmt.Sprintf("Nguyễn Văn Số%02d", i))
	}
	cg := f.cKHCN
	rv := f.mustBallotRound(roundSpec{cg: cg, seats: 35, names: names})
	w := f.get(uSecKHCN, fmt.Sprintf("/rounds/%d/count", rv.ID))
	body := w.Body.String()
	if w.Code != http.StatusOK || !strings.Contains(body, `data-long="1"`) || !strings.Contains(body, "gõ số thứ tự của người rồi nhấn dấu cách") {
		t.Fatalf("%d", w.Code)
	}
	// One key each for the first 36, in the order 1…9, 0, a…z; none after.
	for pos, key := range map[int]string{1: "1", 9: "9", 10: "0", 11: "a", 36: "z", 37: "", 40: ""} {
		if want := fmt.Sprintf(`data-pos="%d" data-key="%s"`, pos, key); !strings.Contains(body, want) {
			t.Errorf("lacks %s", want)
		}
	}
}

func TestLiveView(t *testing.T) {
	f := newFixture(t)
	path := fmt.Sprintf("/congresses/%d/live", f.cKHCN.ID)
	get := func(user string) string {
		t.Helper()
		w := f.get(user, path)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: %d\n%s", user, w.Code, w.Body.String())
		}
		h := w.Header()
		if csp := h.Get("Content-Security-Policy"); csp != liveContentSecurityPolicy || !strings.Contains(csp, "frame-ancestors 'self'") ||
			h.Get("X-Frame-Options") != "SAMEORIGIN" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("headers %v", h)
		}
		body := w.Body.String()
		if !strings.Contains(body, `<meta http-equiv="refresh" content="5">`) || !strings.Contains(body, "css/live.css") {
			t.Error("no self-refresh or style sheet")
		}
		if strings.Contains(body, "<script") || strings.Contains(body, "<form") {
			t.Error("the projector's page is read-only and needs no script")
		}
		assertNoInline(t, body)
		return body
	}
	if body := get(uStaff); !strings.Contains(body, "Đại hội chưa bắt đầu bầu cử") {
		t.Error("no idle message")
	}
	rv := f.mustBallotRound(roundSpec{issued: 43})
	for n := 1; n <= 12; n++ {
		f.mustAddBallot(rv, 1, n, 8)
	}
	body := get(uAuditor)
	for _, want := range []string{"Đang kiểm phiếu", "Bầu Ban Chấp hành", ">12<", "/ 43 phiếu phát ra", `<progress class="live-progress" value="12" max="43">`} {
		if !strings.Contains(body, want) {
			t.Errorf("counting: lacks %q", want)
		}
	}
	if strings.Contains(body, "Trần Văn Bình") {
		t.Error("running votes shown before the committee announces them")
	}
	// Close with 43 ballots: 31 strike Bùi Văn Nam (list position 6), 12 strike Huỳnh Minh Tuấn (8).
	for n := 13; n <= 43; n++ {
		f.mustAddBallot(rv, 1, n, 6)
	}
	if _, err := f.store.CloseRound(context.Background(), congress.System, rv.ID); err != nil {
		t.Fatal(err)
	}
	body = get(uSecKHCN)
	for _, want := range []string{"Kết quả bầu cử", "Trúng cử (7/7), theo số phiếu", "hợp lệ 43", "Tỷ lệ tính trên 43 đảng viên chính thức",
		"ít nhất 22 phiếu", "100,00%", "72,09%"} {
		if !strings.Contains(body, want) {
			t.Errorf("closed: lacks %q", want)
		}
	}
	// Vote order: the six with 43 votes in list order, then Huỳnh Minh Tuấn with 31 (72,09%).
	order := regexp.MustCompile(`<span class="live-name">([^<]+)</span>`).FindAllStringSubmatch(body, -1)
	var got []string
	for _, m := range order {
		got = append(got, m[1])
	}
	want := []string{"Trần Văn Bình", "Phạm Quốc Dũng", "Lê Thị Hạnh", "Nguyễn Thị Lan", "Đặng Thị Mai", "Võ Thanh Sơn", "Huỳnh Minh Tuấn"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("elected %v, want %v", got, want)
	}
	if strings.Contains(body, "Bùi Văn Nam") {
		t.Error("a person not elected is listed")
	}
	for user, status := range map[string]int{uSecTC: 404, uSecCell: 404} {
		if w := f.get(user, path); w.Code != status {
			t.Errorf("%s: %d", user, w.Code)
		}
	}
	if w := f.get(uSecKHCN, "/congresses/x/live"); w.Code != http.StatusNotFound {
		t.Errorf("bad id: %d", w.Code)
	}
	if w := f.do(req{method: http.MethodGet, path: path}); w.Code != http.StatusSeeOther {
		t.Errorf("not logged in: %d", w.Code)
	}
}

func TestCountAPI(t *testing.T) {
	f := newFixture(t)
	dir := filepath.Join("..", "election", "testdata", "contract")
	files, err := filepath.Glob(filepath.Join(dir, "*.request.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	before := f.digest()
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".request.json")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			w := f.do(req{method: http.MethodPost, path: "/api/v1/count", bearer: uAuditor, body: bytes.NewReader(body), contentType: "application/json"})
			if strings.HasPrefix(name, "err-") {
				if w.Code != http.StatusUnprocessableEntity {
					t.Fatalf("status %d\n%s", w.Code, w.Body.String())
				}
				if e := apiErr(t, w); e.Code != congress.EINVALIDCOUNT || len(e.Fields) == 0 {
					t.Errorf("%+v", e)
				}
				return
			}
			if w.Code != http.StatusOK {
				t.Fatalf("status %d\n%s", w.Code, w.Body.String())
			}
			wantText, err := os.ReadFile(filepath.Join(dir, name+".result.json"))
			if err != nil {
				t.Fatal(err)
			}
			var got, want map[string]any
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(wantText, &want); err != nil {
				t.Fatal(err)
			}
			// Warnings may hold entries where the rules call for one (contract README).
			delete(got, "warnings")
			delete(want, "warnings")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("result\n%s\nwant\n%s", w.Body.String(), wantText)
			}
		})
	}
	for _, tc := range []struct {
		name, body, ct string
		field          string
	}{
		{"Malformed", `{"seats": 1,`, "application/json", ""},
		{"Empty", ``, "application/json", ""},
		{"UnknownField", `{"seats": 1, "sits": 2}`, "application/json", "sits"},
		{"DuplicateKey", `{"seats": 1, "seats": 2}`, "application/json", ""},
		{"FormEncodedBodyIsStillJudgedAsARound", `seats=1`, "application/x-www-form-urlencoded", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := f.do(req{method: http.MethodPost, path: "/api/v1/count", as: uStaff, body: strings.NewReader(tc.body), contentType: tc.ct})
			if w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", w.Code, w.Body.String())
			}
			e := apiErr(t, w)
			if e.Code != congress.EINVALIDCOUNT || (tc.field != "" && e.Fields[tc.field] == "") {
				t.Errorf("%+v", e)
			}
		})
	}
	if w := f.do(req{method: http.MethodPost, path: "/api/v1/count", json: `{}`}); w.Code != http.StatusUnauthorized {
		t.Errorf("not logged in: %d", w.Code)
	}
	big := `{"candidates": [` + strings.Repeat(`{"name": "x", "votes": 1},`, 60000) + `]}`
	if w := f.do(req{method: http.MethodPost, path: "/api/v1/count", as: uStaff, json: big}); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %d", w.Code)
	}
	if f.digest() != before {
		t.Error("the calculator stored something")
	}
}
