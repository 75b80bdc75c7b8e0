package server

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"daihoi/internal/congress"
	"daihoi/internal/election"
)

// clearField empties an input or a textarea, as selecting its text and deleting it would.
func clearField(sel string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q).value = ""`, sel), nil)
}

// TestBrowserJourneys walks the main journeys in chromium over the demo data: logging in (a wrong
// password first), recording a congress through its form (a refused figure first) and editing it,
// reaching the counting room and counting keyboard-only, downloading a report, and an auditor
// reviewing the targets. The full counting room is TestCountingRoomBrowser's.
func TestBrowserJourneys(t *testing.T) {
	site := newDemoSite(t)
	ctx := countingBrowser(t, 1366, 768)
	base := site.ts.URL
	run := func(t *testing.T, what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	path := func(t *testing.T) string {
		t.Helper()
		var loc string
		run(t, "location", chromedp.Location(&loc))
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		return u.Path
	}
	switchUser := func(t *testing.T, user, next string) {
		t.Helper()
		run(t, "clear cookies", network.ClearBrowserCookies())
		browserLogin(t, ctx, base, user, next)
	}

	t.Run("login", func(t *testing.T) {
		// A page asked for without a session leads to the login form, which leads back to it.
		run(t, "open", chromedp.Navigate(base+"/congresses"), chromedp.WaitVisible("#username", chromedp.ByID))
		var next string
		run(t, "next", chromedp.Value(`input[name="next"]`, &next, chromedp.ByQuery))
		if next != "/congresses" {
			t.Errorf("next = %q", next)
		}
		run(t, "wrong password", chromedp.SendKeys("#username", uStaff, chromedp.ByID), chromedp.SendKeys("#password", "sai-mat-khau", chromedp.ByID),
			chromedp.Submit("#password", chromedp.ByID), chromedp.WaitVisible(".alert-error", chromedp.ByQuery))
		var user, focused string
		run(t, "kept", chromedp.Value("#username", &user, chromedp.ByID), chromedp.Evaluate(`document.activeElement.id`, &focused))
		if user != uStaff || focused != "password" {
			t.Errorf("after a wrong password: username %q, focus on %q", user, focused)
		}
		// Typed into the focused field, as a person does after the error.
		run(t, "right password", chromedp.KeyEvent(testPassword+"\r"), chromedp.WaitVisible(`.nav a[href="/congresses"]`, chromedp.ByQuery))
		if p := path(t); p != "/congresses" {
			t.Errorf("landed on %s", p)
		}
		browserLogout(t, ctx)
		run(t, "after logout", chromedp.Navigate(base+"/"), chromedp.WaitVisible("#username", chromedp.ByID))
	})

	t.Run("record a congress", func(t *testing.T) {
		var cell, term int64
		if err := site.db.R.Get(&cell, `SELECT id FROM organizations WHERE parent_id = ? AND kind = 'cell' ORDER BY id LIMIT 1 OFFSET 1`, site.so); err != nil {
			t.Fatal(err)
		}
		if err := site.db.R.Get(&term, `SELECT id FROM terms WHERE start_year = 2025`); err != nil {
			t.Fatal(err)
		}
		switchUser(t, uSecKHCN, "/congresses/new")
		run(t, "fill", chromedp.WaitVisible("#organization_id", chromedp.ByID),
			chromedp.SetValue("#organization_id", fmt.Sprint(cell), chromedp.ByID),
			chromedp.SendKeys("#ordinal", "4", chromedp.ByID),
			chromedp.SetValue("#term_id", fmt.Sprint(term), chromedp.ByID),
			chromedp.SendKeys("#held_on", "20/05/2025", chromedp.ByID),
			chromedp.SendKeys("#place", "Phòng họp Chi bộ", chromedp.ByID),
			chromedp.SendKeys("#convened", "15", chromedp.ByID),
			chromedp.SendKeys("#present", "16", chromedp.ByID),
			chromedp.Click(`form.congress-form button[type="submit"]`, chromedp.ByQuery),
			chromedp.WaitVisible(".has-error", chromedp.ByQuery))
		// More present than convened: refused beside the field, with what was typed kept.
		var present, place, errText string
		run(t, "refused", chromedp.Value("#present", &present, chromedp.ByID), chromedp.Value("#place", &place, chromedp.ByID),
			chromedp.Text(".has-error", &errText, chromedp.ByQuery))
		if present != "16" || place != "Phòng họp Chi bộ" || errText == "" {
			t.Errorf("refused form: present %q place %q error %q", present, place, errText)
		}
		run(t, "fix", clearField("#present"), chromedp.SendKeys("#present", "15", chromedp.ByID),
			chromedp.Click(`form.congress-form button[type="submit"]`, chromedp.ByQuery),
			chromedp.WaitVisible(".flash", chromedp.ByQuery))
		var id int64
		if err := site.db.R.Get(&id, `SELECT id FROM congresses WHERE organization_id = ? AND term_id = ? AND ordinal = 4`, cell, term); err != nil {
			t.Fatalf("the congress was not stored: %v", err)
		}
		if p := path(t); p != fmt.Sprintf("/congresses/%d", id) {
			t.Errorf("after saving: %s", p)
		}
		// Edit: the place changes, the rest stays.
		run(t, "edit", chromedp.Click(fmt.Sprintf(`a[href="/congresses/%d/edit"]`, id), chromedp.ByQuery), chromedp.WaitVisible("#place", chromedp.ByID),
			clearField("#place"), chromedp.SendKeys("#place", "Hội trường Sở", chromedp.ByID),
			chromedp.Click(`form.congress-form button[type="submit"]`, chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery))
		var stored congress.Congress
		if err := site.db.R.Get(&stored, `SELECT id, place, convened, present, version FROM congresses WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
		var body string
		run(t, "page", chromedp.Text("main", &body, chromedp.ByQuery))
		if stored.Place != "Hội trường Sở" || stored.Attendance.Present != 15 || stored.Version != 2 || !strings.Contains(body, "Hội trường Sở") {
			t.Errorf("after the edit: %+v; page:\n%.1000s", stored, body)
		}
	})

	t.Run("count keyboard-only", func(t *testing.T) {
		rv := site.openRound
		switchUser(t, uSecKHCN, fmt.Sprintf("/rounds/%d", rv.ID))
		// From the round page to the counting room with Tab and Enter only.
		link := fmt.Sprintf(`/rounds/%d/count`, rv.ID)
		found := false
		for range 80 {
			var href string
			run(t, "tab", chromedp.KeyEvent("\t"), chromedp.Evaluate(`document.activeElement.getAttribute("href") || ""`, &href))
			if href == link {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("the link to the counting room is not reachable with Tab")
		}
		run(t, "enter", chromedp.KeyEvent("\r"))
		waitNumber(t, ctx, 1)
		// Ballot 1 strikes names 1 and 2; ballot 2 is invalid (signed); ballot 3 strikes names 4 and 5.
		signed := slices.Index(election.Reasons(), election.ReasonSigned) + 1
		run(t, "ballot 1", chromedp.KeyEvent("12\r"))
		waitNumber(t, ctx, 2)
		run(t, "ballot 2", chromedp.KeyEvent(fmt.Sprintf("*%d\r", signed)))
		waitNumber(t, ctx, 3)
		run(t, "ballot 3", chromedp.KeyEvent("45\r"))
		st := waitNumber(t, ctx, 4)
		list, err := site.store.FindBallots(context.Background(), congress.System, rv.ID, 1)
		if err != nil || len(list) != 3 {
			t.Fatalf("%d ballots stored, %v", len(list), err)
		}
		if !slices.Equal(list[0].Ballot.Kept, []int{2, 3, 4}) || list[1].Reason != election.ReasonSigned || !slices.Equal(list[2].Ballot.Kept, []int{0, 1, 2}) {
			t.Errorf("stored %+v", list)
		}
		if st.Valid != "2" || st.Invalid != "1" {
			t.Errorf("room %+v", st)
		}
	})

	t.Run("download a report", func(t *testing.T) {
		dir := t.TempDir()
		done := make(chan string, 1)
		chromedp.ListenTarget(ctx, func(ev any) {
			if e, ok := ev.(*browser.EventDownloadProgress); ok && e.State == browser.DownloadProgressStateCompleted {
				select {
				case done <- e.GUID:
				default:
				}
			}
		})
		switchUser(t, uStaff, fmt.Sprintf("/congresses/%d", site.seed))
		run(t, "allow downloads", browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllowAndName).WithDownloadPath(dir).WithEventsEnabled(true))
		link := fmt.Sprintf(`a[href="/congresses/%d/report.xlsx"]`, site.seed)
		run(t, "click", chromedp.WaitVisible(link, chromedp.ByQuery), chromedp.Click(link, chromedp.ByQuery))
		select {
		case guid := <-done:
			b, err := os.ReadFile(filepath.Join(dir, guid))
			if err != nil || len(b) < 1000 || !bytes.HasPrefix(b, []byte("PK")) {
				t.Errorf("downloaded %d bytes, not an xlsx file: %v", len(b), err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("the report was not downloaded within 30 s")
		}
		// The page is still there: a download does not navigate away.
		if p := path(t); p != fmt.Sprintf("/congresses/%d", site.seed) {
			t.Errorf("after the download: %s", p)
		}
	})

	t.Run("review targets", func(t *testing.T) {
		switchUser(t, uAuditor, fmt.Sprintf("/congresses/%d/targets", site.seed))
		var body string
		run(t, "targets", chromedp.WaitVisible(".nav", chromedp.ByQuery), chromedp.Text("main", &body, chromedp.ByQuery))
		if !strings.Contains(body, "Các chỉ tiêu") {
			t.Errorf("targets page:\n%.1500s", body)
		}
		run(t, "term review", chromedp.Click(fmt.Sprintf(`a[href="/congresses/%d/targets/review"]`, site.seed), chromedp.ByQuery),
			chromedp.WaitVisible("main h1", chromedp.ByQuery), chromedp.Text("main", &body, chromedp.ByQuery))
		if p := path(t); p != fmt.Sprintf("/congresses/%d/targets/review", site.seed) || !strings.Contains(body, "đạt và vượt") {
			t.Errorf("term review %s:\n%.1500s", p, body)
		}
		// The auditor's note on one year's figures.
		open(t, ctx, base, fmt.Sprintf("/congresses/%d/targets", site.seed))
		note := "Số liệu khớp báo cáo xếp loại (kiểm tra bằng trình duyệt)."
		run(t, "note", chromedp.Click(fmt.Sprintf(`a[href="/reviews/%d/note"]`, site.rev), chromedp.ByQuery), chromedp.WaitVisible("#note", chromedp.ByID),
			clearField("#note"), chromedp.SendKeys("#note", note, chromedp.ByID),
			chromedp.Click(`main form button[type="submit"]`, chromedp.ByQuery), chromedp.WaitVisible(".flash", chromedp.ByQuery),
			chromedp.Text("main", &body, chromedp.ByQuery))
		var stored string
		if err := site.db.R.Get(&stored, `SELECT note FROM target_reviews WHERE id = ?`, site.rev); err != nil || stored != note {
			t.Errorf("note stored %q, %v", stored, err)
		}
		if !strings.Contains(body, note) {
			t.Errorf("the targets page does not show the note:\n%.2000s", body)
		}
	})
}
