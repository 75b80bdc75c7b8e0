package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// axePage is a main page of the app: who opens it, and the controls a person must be able to
// reach on a phone.
type axePage struct {
	name, user, path string
	// submit, when set, is a form button clicked before checking (the form with its errors).
	submit string
	// wait is what shows the page is ready (the counting room loads its state by script).
	wait     string
	controls []string
	// exempt are axe rules not applied to this page, each with its reason.
	exempt map[string]string
}

// TestBrowserAxe injects axe-core into each main page, at 1366×768 and at 390×844, and requires
// no violation of serious or critical impact; at phone width the page must not be wider than the
// window and its key controls must lie within it.
func TestBrowserAxe(t *testing.T) {
	site := newDemoSite(t)
	ctx := countingBrowser(t, 1366, 768)
	nav := []string{`.nav a[href="/congresses"]`, `form[action="/logout"] button`}
	seed := fmt.Sprintf("/congresses/%d", site.seed)
	pages := []axePage{
		{name: "login", path: "/login", controls: []string{"#username", "#password", `button[type="submit"]`}},
		{name: "dashboard", user: uSecKHCN, path: "/", controls: nav},
		{name: "congress-list", user: uStaff, path: "/congresses", controls: append([]string{`main form button[type="submit"]`, "main table a, main .congress-list a"}, nav...)},
		{name: "congress-list-filtered", user: uStaff, path: "/congresses?q=dong+thap&state=approved", controls: nav},
		{name: "congress", user: uSecKHCN, path: seed, controls: append([]string{fmt.Sprintf(`a[href="%s/edit"]`, seed)}, nav...)},
		{name: "congress-new", user: uSecKHCN, path: "/congresses/new", controls: []string{"#organization_id", "#ordinal", "#term_id", "#held_on", "#notes", `form.congress-form button[type="submit"]`}},
		{name: "congress-new-errors", user: uSecKHCN, path: "/congresses/new", submit: `form.congress-form button[type="submit"]`, controls: []string{"#organization_id", `form.congress-form button[type="submit"]`}},
		{name: "congress-edit", user: uSecKHCN, path: seed + "/edit", controls: []string{"#held_on", `form.congress-form button[type="submit"]`}},
		{name: "persons", user: uSecKHCN, path: seed + "/persons", controls: nav},
		{name: "organizations", user: uStaff, path: "/organizations", controls: nav},
		{name: "organization", user: uStaff, path: fmt.Sprintf("/organizations/%d", site.so), controls: nav},
		{name: "election", user: uSecKHCN, path: fmt.Sprintf("/elections/%d", site.election), controls: nav},
		{name: "round-closed", user: uSecKHCN, path: fmt.Sprintf("/rounds/%d", site.closedRound), controls: nav},
		{name: "round-open", user: uSecKHCN, path: fmt.Sprintf("/rounds/%d", site.openRound.ID), controls: []string{fmt.Sprintf(`a[href="/rounds/%d/count"]`, site.openRound.ID)}},
		{name: "counting-room", user: uSecKHCN, path: fmt.Sprintf("/rounds/%d/count", site.openRound.ID), wait: "#count-room", controls: []string{"#count-room", `tr[data-pos="1"]`, `tr[data-pos="5"]`}},
		// The hall's projector reloads itself with a meta refresh by design: a read-only display
		// needing no script (TestLiveView); nobody reads it with a screen reader at a desk.
		{name: "live", user: uSecKHCN, path: seed + "/live", exempt: map[string]string{
			"meta-refresh": "the projector view reloads every few seconds on purpose, without script"}},
		{name: "targets", user: uAuditor, path: seed + "/targets", controls: append([]string{fmt.Sprintf(`a[href="/reviews/%d/note"]`, site.rev)}, nav...)},
		{name: "targets-review", user: uAuditor, path: seed + "/targets/review", controls: nav},
		{name: "review-note", user: uAuditor, path: fmt.Sprintf("/reviews/%d/note", site.rev), controls: []string{"#note", `main form button[type="submit"]`}},
		{name: "targets-secretary", user: uSecKHCN, path: seed + "/targets", controls: nav},
		{name: "reports", user: uStaff, path: "/reports", controls: nav},
		{name: "audit", user: uAuditor, path: "/audit", controls: append([]string{`main form button[type="submit"]`}, nav...)},
		{name: "terms", user: uStaff, path: "/terms", controls: nav},
	}
	user := ""
	serious, total := 0, 0
	for _, p := range pages {
		if p.user != user {
			if err := chromedp.Run(ctx, network.ClearBrowserCookies()); err != nil {
				t.Fatal(err)
			}
			if p.user != "" {
				browserLogin(t, ctx, site.ts.URL, p.user, "/")
			}
			user = p.user
		}
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
			t.Fatal(err)
		}
		open(t, ctx, site.ts.URL, p.path)
		if p.submit != "" {
			if err := chromedp.Run(ctx, chromedp.Click(p.submit, chromedp.ByQuery), chromedp.WaitVisible(".has-error", chromedp.ByQuery)); err != nil {
				t.Fatalf("%s: submit: %v", p.name, err)
			}
		}
		if p.wait != "" {
			if err := chromedp.Run(ctx, chromedp.WaitVisible(p.wait, chromedp.ByQuery)); err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
		}
		var title string
		if err := chromedp.Run(ctx, chromedp.Title(&title)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(title, "Đăng nhập") && p.user != "" || strings.Contains(title, "Không tìm thấy") || strings.Contains(title, "Lỗi") {
			t.Errorf("%s: %s shows %q", p.name, p.path, title)
			continue
		}
		screenshot(t, ctx, "axe-"+p.name+"-1366")
		for _, width := range []int64{1366, 390} {
			if width == 390 {
				if err := chromedp.Run(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
					t.Fatal(err)
				}
				lay := checkPhone(t, ctx, p.controls)
				if lay.ScrollWidth > lay.InnerWidth {
					t.Errorf("%s at 390 px: the page is %d px wide: %s", p.name, lay.ScrollWidth, strings.Join(lay.Wide, "; "))
				}
				for _, u := range lay.Unreachable {
					t.Errorf("%s at 390 px: key control %s", p.name, u)
				}
				screenshot(t, ctx, "axe-"+p.name+"-390")
			}
			for _, v := range runAxe(t, ctx) {
				if why, ok := p.exempt[v.ID]; ok {
					t.Logf("%s at %d px: axe %s (%s) exempt: %s", p.name, width, v.ID, v.Impact, why)
					continue
				}
				total++
				msg := fmt.Sprintf("%s at %d px: axe %s (%s, %d elements): %s\n\t%s", p.name, width, v.ID, v.Impact, v.Count, v.Help, strings.Join(v.Nodes, "\n\t"))
				if v.Impact == "serious" || v.Impact == "critical" {
					serious++
					t.Error(msg)
				} else {
					t.Log(msg)
				}
			}
		}
	}
	t.Logf("%d pages checked at two widths: %d axe violations, %d of them serious or critical", len(pages), total, serious)
}
