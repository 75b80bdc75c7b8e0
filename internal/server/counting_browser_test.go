package server

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

// countingChromium is Debian's browser. The browser tests skip without it, except in CI (CI=true),
// where a missing browser is a failure: .ci/run installs it.
const countingChromium = "/usr/bin/chromium"

// countingShots, when set, is a folder where TestCountingScreenshots writes its PNG files:
//
//	go test ./internal/server -run TestCountingScreenshots -screenshots /tmp/shots
var countingShots = flag.String("screenshots", "", "write screenshots of the counting room and the live view to this folder")

// countingBrowser starts a headless chromium with a window of w×h and returns its context.
func countingBrowser(t *testing.T, w, h int) context.Context {
	t.Helper()
	if _, err := os.Stat(countingChromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI needs %s: %v", countingChromium, err)
		}
		t.Skipf("no %s", countingChromium)
	}
	// Chromium may still write its profile for a moment after it is told to stop, which makes
	// t.TempDir's strict cleanup fail the test; the profile is removed best-effort instead.
	profile, err := os.MkdirTemp("", "daihoi-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(countingChromium), chromedp.NoSandbox, chromedp.WindowSize(w, h),
		chromedp.Flag("lang", "vi-VN"), chromedp.UserDataDir(profile))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// The protocol definitions lag behind Debian's browser, whose newer event fields they cannot
	// decode; those events are not ones the tests use, so their complaints are dropped.
	logf := func(format string, args ...any) {
		if msg := fmt.Sprintf(format, args...); !strings.Contains(msg, "could not unmarshal event") {
			t.Log(msg)
		}
	}
	ctx, cancelCtx := chromedp.NewContext(actx, chromedp.WithErrorf(logf), chromedp.WithLogf(logf))
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() {
		cancelTime()
		cancelCtx()
		cancelAlloc()
		for i := 0; i < 5 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(200 * time.Millisecond)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// countingLogin logs user in through the login form and lands on next.
func countingLogin(t *testing.T, ctx context.Context, base, user, next string) {
	t.Helper()
	if err := chromedp.Run(ctx,
		chromedp.Navigate(base+"/login?next="+url.QueryEscape(next)),
		chromedp.WaitVisible("#username", chromedp.ByID),
		chromedp.SendKeys("#username", user, chromedp.ByID),
		chromedp.SendKeys("#password", testPassword, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
	); err != nil {
		t.Fatalf("login: %v", err)
	}
}

// roomState is what the counting room shows.
type roomState struct {
	Number  string   `json:"number"`
	LastKey string   `json:"lastKeys"`
	Pending string   `json:"pending"`
	Valid   string   `json:"valid"`
	Invalid string   `json:"invalid"`
	Votes   []string `json:"votes"`
	Over    []bool   `json:"over"`
	Message string   `json:"message"`
	Locked  bool     `json:"locked"`
}

const roomStateJS = `(() => {
  const root = document.getElementById("count-room");
  const rows = [...document.querySelectorAll("tr[data-pos]")];
  return {
    number: document.querySelector("[data-number]").textContent,
    lastKeys: root.dataset.lastKeys,
    pending: document.querySelector("[data-count-pending]").textContent,
    valid: document.querySelector("[data-count-valid]").textContent,
    invalid: document.querySelector("[data-count-invalid]").textContent,
    votes: rows.map(r => r.querySelector("[data-votes]").textContent),
    over: rows.map(r => r.classList.contains("is-over")),
    message: document.querySelector("[data-message]").textContent,
    locked: root.classList.contains("is-locked"),
  };
})()`

// waitNumber waits until the room offers ballot number n, that is, until the ballot before it is
// acknowledged (or queued) and the editor is free.
func waitNumber(t *testing.T, ctx context.Context, n int) roomState {
	t.Helper()
	cond := fmt.Sprintf(`(() => { const r = document.getElementById("count-room"), n = document.querySelector("[data-number]");
		return !!r && !!n && n.textContent === "%d" && !r.classList.contains("is-locked"); })()`, n)
	if err := chromedp.Run(ctx, chromedp.WaitVisible("#count-room", chromedp.ByID),
		chromedp.Poll(cond, nil, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		var st roomState
		chromedp.Run(ctx, chromedp.Evaluate(roomStateJS, &st))
		t.Fatalf("waiting for ballot number %d: %v; room %+v", n, err, st)
	}
	var st roomState
	if err := chromedp.Run(ctx, chromedp.Evaluate(roomStateJS, &st)); err != nil {
		t.Fatal(err)
	}
	return st
}

// A clerk enters 20 ballots keyboard-only, undoes one, marks one invalid, loses the connection
// for one; the round is closed through the API; the live view shows the elected and the minutes
// print view exists.
func TestCountingRoomBrowser(t *testing.T) {
	f := newFixture(t)
	// 20 present, 1 absent with reason: base 20, threshold 11.
	rv := f.mustBallotRound(roundSpec{issued: 20, att: &congress.Attendance{Convened: 21, Present: 20, AbsentWithReason: 1}})
	ts := httptest.NewServer(f.srv.Handler())
	defer ts.Close()
	ctx := countingBrowser(t, 1366, 768)
	room := fmt.Sprintf("/rounds/%d/count?slot=1", rv.ID)
	countingLogin(t, ctx, ts.URL, uSecKHCN, room)
	if err := chromedp.Run(ctx, chromedp.WaitVisible("#count-room", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	waitNumber(t, ctx, 1)

	// The list in ballot order: 1 Bình, 2 Dũng, 3 Hạnh, 4 Lan, 5 Mai, 6 Nam, 7 Sơn, 8 Tuấn.
	// Each ballot is the keys of the names it strikes, then Enter: k + 1 keystrokes.
	keys := map[int]string{1: "6", 2: "6", 3: "68", 4: "6", 5: "7", 6: "6", 7: "62", 8: "6", 9: "5", 10: "6", 11: "6",
		12: "61", 13: "6", 14: "8", 15: "6", 16: "64", 17: "6", 18: "63", 20: "6"}
	keystrokes := map[int]int{}
	enter := func(n int, typed string) roomState {
		t.Helper()
		if err := chromedp.Run(ctx, chromedp.KeyEvent(typed+"\r")); err != nil {
			t.Fatal(err)
		}
		st := waitNumber(t, ctx, n+1)
		keystrokes[n] = len([]rune(typed)) + 1
		if st.LastKey != fmt.Sprint(keystrokes[n]) {
			t.Errorf("ballot %d: the room counted %s keystrokes, %d were typed", n, st.LastKey, keystrokes[n])
		}
		return st
	}
	for n := 1; n <= 9; n++ {
		enter(n, keys[n])
	}

	// Ballot 10 entered wrongly (strikes Hạnh), undone with "-" and its confirmation "-", entered again.
	enter(10, "3")
	if err := chromedp.Run(ctx, chromedp.KeyEvent("-")); err != nil {
		t.Fatal(err)
	}
	var confirm string
	if err := chromedp.Run(ctx, chromedp.Text("[data-confirm]", &confirm, chromedp.ByQuery)); err != nil || !strings.Contains(confirm, "Hoàn tác phiếu số 10 (gạch 3)") {
		t.Fatalf("confirmation %q %v", confirm, err)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent("-")); err != nil {
		t.Fatal(err)
	}
	waitNumber(t, ctx, 10)
	if n := f.ballotCount(rv.ID, 1); n != 9 {
		t.Fatalf("after the undo %d ballots are stored", n)
	}
	enter(10, keys[10])

	// Backspace takes back the last change of the ballot being entered: "7", "8", Backspace
	// leaves only Sơn struck (4 keystrokes for a ballot striking 1; not counted below).
	for n := 11; n <= 16; n++ {
		enter(n, keys[n])
	}
	enter(17, "78\b")
	keystrokes[17] = 0
	keys[17] = "7"

	// Ballot 18 while the connection is down: kept in the browser, sent when it is back.
	if err := chromedp.Run(ctx, network.Enable(), network.EmulateNetworkConditions(true, 0, -1, -1)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent(keys[18]+"\r")); err != nil {
		t.Fatal(err)
	}
	st := waitNumber(t, ctx, 19)
	var saved string
	if err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`localStorage.getItem("daihoi.ballots.r%d.s1") || ""`, rv.ID), &saved)); err != nil {
		t.Fatal(err)
	}
	if st.Pending != "1" || !strings.Contains(saved, `"number":18`) || f.ballotCount(rv.ID, 1) != 17 {
		t.Fatalf("offline: pending %s, stored %d, local %q", st.Pending, f.ballotCount(rv.ID, 1), saved)
	}
	keystrokes[18] = 3
	if err := chromedp.Run(ctx, network.EmulateNetworkConditions(false, 0, -1, -1)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.Poll(`document.querySelector("[data-count-pending]").textContent === "0"`, nil,
		chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the queued ballot was not sent again: %v", err)
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(fmt.Sprintf(`localStorage.getItem("daihoi.ballots.r%d.s1") || ""`, rv.ID), &saved)); err != nil || saved != "" {
		t.Fatalf("queue left in storage: %q %v", saved, err)
	}

	// Ballot 19 is invalid: "*" then the digit of "signed" (6), then Enter.
	signed := slices.Index(election.Reasons(), election.ReasonSigned) + 1
	enter(19, fmt.Sprintf("*%d", signed))
	st = enter(20, keys[20])

	// A 21st ballot is more than were issued: refused (422), said in Vietnamese, kept in the editor.
	if err := chromedp.Run(ctx, chromedp.KeyEvent("5\r")); err != nil {
		t.Fatal(err)
	}
	cond := `document.querySelector("[data-message]").textContent.includes("phát ra")`
	if err := chromedp.Run(ctx, chromedp.Poll(cond, nil, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("no refusal shown: %v", err)
	}
	var struck bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('tr[data-pos="5"]').classList.contains("is-struck")`, &struck)); err != nil || !struck {
		t.Errorf("the refused ballot left the editor: %v", err)
	}
	if n := f.ballotCount(rv.ID, 1); n != 20 {
		t.Fatalf("%d ballots stored", n)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent("\u001b")); err != nil { // Esc: the clerk drops it
		t.Fatal(err)
	}

	// What was stored is what was typed.
	list, err := f.store.FindBallots(context.Background(), congress.System, rv.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 20 {
		t.Fatalf("%d ballots stored", len(list))
	}
	votes := make([]int, 8)
	for i, b := range list {
		n := i + 1
		if b.Number != n {
			t.Fatalf("ballot %d numbered %d", n, b.Number)
		}
		if n == 19 {
			if b.Reason != election.ReasonSigned {
				t.Errorf("ballot 19: reason %q", b.Reason)
			}
			continue
		}
		var struck []int
		for _, r := range keys[n] {
			struck = append(struck, int(r-'0')-1)
		}
		want := election.Struck(8, struck...)
		if !slices.Equal(b.Ballot.Kept, want.Kept) || b.Reason != "" {
			t.Errorf("ballot %d: kept %v reason %q, want kept %v", n, b.Ballot.Kept, b.Reason, want.Kept)
		}
		for _, k := range b.Ballot.Kept {
			votes[k]++
		}
	}
	// The running totals the room computed from the acknowledged ballots agree.
	for i, v := range votes {
		if st.Votes[i] != fmt.Sprint(v) || st.Over[i] != (v >= 11) {
			t.Errorf("room shows %s votes (over: %v) for position %d, stored %d", st.Votes[i], st.Over[i], i+1, v)
		}
	}
	if st.Valid != "19" || st.Invalid != "1" || st.Pending != "0" {
		t.Errorf("room: %+v", st)
	}
	perK := map[string][]int{}
	for n, k := range keystrokes {
		switch {
		case n == 19:
			perK["invalid (* then a digit)"] = append(perK["invalid (* then a digit)"], k)
		case k != 0:
			what := fmt.Sprintf("k=%d struck", len(keys[n]))
			perK[what] = append(perK[what], k)
		}
	}
	for what, ks := range perK {
		t.Logf("keystrokes per ballot, %s: %v", what, ks)
	}

	// Close the round through the API, as the round page does.
	status, body, err := bearerCall(loopbackClient(), http.MethodPost, ts.URL+fmt.Sprintf("/api/v1/rounds/%d/close", rv.ID), f.token(uSecKHCN), []byte(`{}`))
	switch {
	case err == nil && status == http.StatusNotFound:
		// The round exists and is in scope: a 404 means the close route is not registered.
		t.Log("POST /api/v1/rounds/{id}/close is not there: closing through the store")
		if _, err := f.store.CloseRound(context.Background(), f.users[uSecKHCN], rv.ID); err != nil {
			t.Fatal(err)
		}
	case err != nil || status != http.StatusOK:
		t.Fatalf("close: %d %s %v", status, body, err)
	}
	// The live view shows the elected in vote order: the five with 18 votes (90,00% of 20) in list
	// order, then Võ Thanh Sơn and Huỳnh Minh Tuấn with 17 (85,00%); Bùi Văn Nam has 4.
	var live string
	if err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+fmt.Sprintf("/congresses/%d/live", f.cKHCN.ID)),
		chromedp.Text("main", &live, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Kết quả bầu cử", "Bầu Ban Chấp hành", "Trúng cử (7/7)", "Trần Văn Bình", "Huỳnh Minh Tuấn", "90,00%", "85,00%"} {
		// innerText applies the style sheet's capitals.
		if !strings.Contains(strings.ToUpper(live), strings.ToUpper(want)) {
			t.Errorf("live view lacks %q:\n%s", want, live)
		}
	}
	if strings.Contains(live, "Bùi Văn Nam") || strings.Index(live, "Võ Thanh Sơn") > strings.Index(live, "Huỳnh Minh Tuấn") {
		t.Errorf("live view order:\n%s", live)
	}
	// The minutes print view of the round (routes_election.go) exists and carries the
	// fingerprint of the closed round.
	rc, _, err := f.store.CountRound(context.Background(), congress.System, rv.ID)
	if err != nil || !rc.Closed || rc.Fingerprint == "" {
		t.Fatalf("round not closed: %v", err)
	}
	minutesURL := ts.URL + fmt.Sprintf("/congresses/%d/rounds/%d/minutes", f.cKHCN.ID, rv.ID)
	status, _, err = bearerCall(loopbackClient(), http.MethodGet, minutesURL, f.token(uSecKHCN), nil)
	if err == nil && status == http.StatusNotFound {
		t.Log("the minutes print view is not there: checked the round's result instead")
	} else {
		var minutes string
		if err := chromedp.Run(ctx, chromedp.Navigate(minutesURL), chromedp.Text("body", &minutes, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.ToUpper(minutes), "BIÊN BẢN KIỂM PHIẾU") || !strings.Contains(minutes, rc.Fingerprint) || !strings.Contains(minutes, "Huỳnh Minh Tuấn") {
			t.Errorf("minutes print view (%d):\n%.3000s", status, minutes)
		}
	}
	// The stable result API (or, without it, the store) has the result the room was heading to.
	status, body, err = bearerCall(loopbackClient(), http.MethodGet, ts.URL+fmt.Sprintf("/api/v1/rounds/%d/result", rv.ID), f.token(uSecKHCN), nil)
	var res struct {
		Closed      bool            `json:"closed"`
		Fingerprint string          `json:"fingerprint"`
		Result      election.Result `json:"result"`
	}
	if err == nil && status == http.StatusNotFound {
		t.Log("GET /api/v1/rounds/{id}/result is not there: checked the store's count")
		res.Closed, res.Fingerprint, res.Result = rc.Closed, rc.Fingerprint, *rc.Result
	} else if err != nil || status != http.StatusOK || json.Unmarshal(body, &res) != nil {
		t.Fatalf("result: %d %s %v", status, body, err)
	}
	if !res.Closed || res.Fingerprint != rc.Fingerprint || !slices.Equal(res.Result.Elected, []string{"Trần Văn Bình", "Phạm Quốc Dũng",
		"Lê Thị Hạnh", "Nguyễn Thị Lan", "Đặng Thị Mai", "Võ Thanh Sơn", "Huỳnh Minh Tuấn"}) {
		t.Errorf("result %+v", res)
	}
}

// TestCountingScreenshots writes PNG countingShots of the counting room mid-count and of the live
// view, at 1366×768 and at 390 px wide, for a person to look at.
func TestCountingScreenshots(t *testing.T) {
	if *countingShots == "" {
		t.Skip("run with -screenshots DIR")
	}
	if err := os.MkdirAll(*countingShots, 0o755); err != nil {
		t.Fatal(err)
	}
	f := newFixture(t)
	names := append(slices.Clone(countingNames), "Ngô Thị Thu", "Lý Hoàng Phúc")
	rv := f.mustBallotRound(roundSpec{seats: 9, names: names, issued: 43})
	for n := 1; n <= 23; n++ {
		f.mustAddBallot(rv, 1, n, []int{8, 6, 3}[n%3])
	}
	if _, err := f.store.AddBallot(context.Background(), congress.System, rv.ID, 1, 24, "test",
		election.Ballot{Kept: []int{0, 1, 2}, Invalid: election.ReasonSigned}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(f.srv.Handler())
	defer ts.Close()
	shoot := func(ctx context.Context, name string, w, h int64) {
		t.Helper()
		var png []byte
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(w, h), chromedp.Sleep(300*time.Millisecond), chromedp.FullScreenshot(&png, 100)); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(*countingShots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
	ctx := countingBrowser(t, 1366, 768)
	room := fmt.Sprintf("/rounds/%d/count", rv.ID)
	countingLogin(t, ctx, ts.URL, uSecKHCN, room)
	waitNumber(t, ctx, 25)
	// A ballot half entered: two names struck.
	if err := chromedp.Run(ctx, chromedp.KeyEvent("26")); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		name string
		w, h int64
	}{{"1366", 1366, 768}, {"390", 390, 844}} {
		var png []byte
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(size.w, size.h), chromedp.Sleep(300*time.Millisecond), chromedp.CaptureScreenshot(&png)); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(*countingShots, "counting-"+size.name+"-screen.png"), png, 0o644)
		shoot(ctx, "counting-"+size.name+"-full", size.w, size.h)
	}
	// The key help and the reason picker.
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1366, 768), chromedp.KeyEvent("*")); err != nil {
		t.Fatal(err)
	}
	shoot(ctx, "counting-1366-reasons", 1366, 768)
	if err := chromedp.Run(ctx, chromedp.KeyEvent("\u001b?")); err != nil {
		t.Fatal(err)
	}
	shoot(ctx, "counting-1366-help", 1366, 768)

	// A double entry where the second clerk read ballot 3 differently and is one ballot behind.
	double := f.mustBallotRound(roundSpec{body: congress.BodyDelegateOfficial, seats: 2, names: countingNames[:4], double: true})
	for n := 1; n <= 6; n++ {
		f.mustAddBallot(double, 1, n, 1, 2)
		if n == 3 {
			f.mustAddBallot(double, 2, n, 1, 4)
		} else if n < 6 {
			f.mustAddBallot(double, 2, n, 1, 2)
		}
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+fmt.Sprintf("/rounds/%d/count?slot=2", double.ID))); err != nil {
		t.Fatal(err)
	}
	waitNumber(t, ctx, 6)
	shoot(ctx, "counting-double-1366", 1366, 768)

	live := fmt.Sprintf("%s/congresses/%d/live", ts.URL, f.cKHCN.ID)
	if err := chromedp.Run(ctx, chromedp.Navigate(live)); err != nil {
		t.Fatal(err)
	}
	shoot(ctx, "live-counting-1366", 1366, 768)
	shoot(ctx, "live-counting-390", 390, 844)
	for n := 25; n <= 43; n++ {
		f.mustAddBallot(rv, 1, n, 10)
	}
	if _, err := f.store.CloseRound(context.Background(), congress.System, rv.ID); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(live)); err != nil {
		t.Fatal(err)
	}
	shoot(ctx, "live-closed-1366", 1366, 768)
	shoot(ctx, "live-closed-390", 390, 844)
}

// The agree/disagree list: every person starts "agree" and a key cycles disagree → none → both;
// and a list longer than the keys, where a position is typed as a number and a separator.
func TestCountingRoomBrowserMarksAndLongList(t *testing.T) {
	f := newFixture(t)
	marks := f.mustBallotRound(roundSpec{body: congress.BodyDelegateOfficial, kind: congress.ListAgreeDisagree, seats: 3,
		names: countingNames[:3]})
	var names []string
	for i := 1; i <= 40; i++ {
		names = append(names, fmt.Sprintf("Nguyễn Văn Số%02d", i))
	}
	long := f.mustBallotRound(roundSpec{seats: 38, names: names})
	ts := httptest.NewServer(f.srv.Handler())
	defer ts.Close()
	ctx := countingBrowser(t, 1366, 768)
	countingLogin(t, ctx, ts.URL, uSecKHCN, fmt.Sprintf("/rounds/%d/count", marks.ID))
	waitNumber(t, ctx, 1)

	// Persons 1 and 3 disagree: k = 2 non-agree marks, 3 keystrokes.
	if err := chromedp.Run(ctx, chromedp.KeyEvent("13\r")); err != nil {
		t.Fatal(err)
	}
	if st := waitNumber(t, ctx, 2); st.LastKey != "3" {
		t.Errorf("keystrokes %s, want 3", st.LastKey)
	}
	// Person 2 pressed twice: neither box; person 3 three times: both boxes.
	if err := chromedp.Run(ctx, chromedp.KeyEvent("22333\r")); err != nil {
		t.Fatal(err)
	}
	st := waitNumber(t, ctx, 3)
	list, err := f.store.FindBallots(context.Background(), congress.System, marks.ID, 1)
	if err != nil || len(list) != 2 {
		t.Fatalf("%d ballots, %v", len(list), err)
	}
	want := [][]election.Mark{{election.MarkDisagree, election.MarkAgree, election.MarkDisagree},
		{election.MarkAgree, election.MarkNone, election.MarkBoth}}
	for i, b := range list {
		if !slices.Equal(b.Ballot.Marks, want[i]) || b.Reason != "" {
			t.Errorf("ballot %d: marks %v reason %q, want %v", i+1, b.Ballot.Marks, b.Reason, want[i])
		}
	}
	// Only "agree" counts: person 1 has 1, person 2 has 1, person 3 none.
	if !slices.Equal(st.Votes, []string{"1", "1", "0"}) {
		t.Errorf("room totals %v", st.Votes)
	}

	// Another device stores ballot 3 behind the room's back: the room's ballot 3 is refused (409),
	// the room reloads the pile and offers the same ballot as number 4, still in the editor.
	if _, err := f.store.AddBallot(context.Background(), congress.System, marks.ID, 1, 3, "máy khác",
		election.Ballot{Marks: []election.Mark{election.MarkAgree, election.MarkAgree, election.MarkAgree}}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent("1\r")); err != nil {
		t.Fatal(err)
	}
	st = waitNumber(t, ctx, 4)
	if !strings.Contains(st.Message, "Phiếu số 3 đã được nhập") || !strings.Contains(st.Message, "số 4") {
		t.Errorf("conflict message %q", st.Message)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	waitNumber(t, ctx, 5)
	list, err = f.store.FindBallots(context.Background(), congress.System, marks.ID, 1)
	if err != nil || len(list) != 4 || !slices.Equal(list[3].Ballot.Marks, []election.Mark{election.MarkDisagree, election.MarkAgree, election.MarkAgree}) {
		t.Fatalf("after the conflict: %d ballots, %v", len(list), err)
	}

	// The long list: "12", a space, "3", a space, Enter strikes 12 and 3.
	if err := chromedp.Run(ctx, chromedp.Navigate(ts.URL+fmt.Sprintf("/rounds/%d/count", long.ID))); err != nil {
		t.Fatal(err)
	}
	waitNumber(t, ctx, 1)
	if err := chromedp.Run(ctx, chromedp.KeyEvent("12 3 \r")); err != nil {
		t.Fatal(err)
	}
	waitNumber(t, ctx, 2)
	list, err = f.store.FindBallots(context.Background(), congress.System, long.ID, 1)
	if err != nil || len(list) != 1 {
		t.Fatalf("%d ballots, %v", len(list), err)
	}
	if b := list[0]; len(b.Ballot.Kept) != 38 || slices.Contains(b.Ballot.Kept, 2) || slices.Contains(b.Ballot.Kept, 11) || b.Reason != "" {
		t.Errorf("long list ballot: kept %v reason %q", b.Ballot.Kept, b.Reason)
	}
}
