package server

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// liveRefreshSeconds is how often the projector's page reloads itself (a meta refresh: no script).
const liveRefreshSeconds = 5

// liveContentSecurityPolicy is the policy of the live view. It differs from the rest of the site
// only in frame-ancestors: a projector is often driven from a page of the same site that frames
// the live view (a kiosk page beside the agenda, say), so 'self' may frame it. Other sites may
// not: the page shows figures only to a logged-in user, and its session cookie is SameSite=Lax,
// so a frame on another site would show the login form — a page that must never be framed.
const liveContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"frame-ancestors 'self'; form-action 'self'; base-uri 'none'"

// liveElected is one person elected, as the hall sees it.
type liveElected struct {
	Rank    int
	Name    string
	Votes   int
	Percent string
}

// liveElection is the state of one election of the congress, for the strip of all of them.
type liveElection struct {
	Label   string
	State   string
	Current bool
}

// livePage is the data of the live view.
type livePage struct {
	Congress *congress.Congress
	Heading  string
	Refresh  int
	// Current is the election shown: the one with an open round, else the last round closed.
	Current   *store.ElectionView
	Round     *congress.Round
	BodyLabel string
	// Counting: the round is open. Counted and Counted2 are the ballots entered in piles 1 and 2.
	Counting    bool
	ByBallots   bool
	DoubleEntry bool
	Counted     int
	Counted2    int
	Issued      int
	Present     int
	// Closed round.
	Result     *election.Result
	Totals     election.BallotTotals
	Elected    []liveElected
	Runoff     []string
	Base       int
	Threshold  int
	Elections  []liveElection
	UpdatedAt  string
	BaseWords  string
	SeatsTotal int
}

// currentRound picks the round the hall cares about: an open round (the latest started, if
// several), else the round closed last.
func currentRound(list []store.ElectionView) (*store.ElectionView, *congress.Round) {
	var ev *store.ElectionView
	var round *congress.Round
	better := func(r *congress.Round) bool {
		switch {
		case round == nil:
			return true
		case !r.Closed && round.Closed:
			return true
		case r.Closed && !round.Closed:
			return false
		case !r.Closed:
			return r.StartedAt > round.StartedAt || (r.StartedAt == round.StartedAt && r.ID > round.ID)
		default:
			return r.ClosedAt > round.ClosedAt || (r.ClosedAt == round.ClosedAt && r.ID > round.ID)
		}
	}
	for i := range list {
		for j := range list[i].Rounds {
			if r := &list[i].Rounds[j]; better(r) {
				ev, round = &list[i], r
			}
		}
	}
	return ev, round
}

// showLiveView is GET /congresses/{id}/live: the hall's projector. Read-only, large type, reloads
// itself every few seconds. While a round is counted it shows how many ballots are in (never the
// running votes: the counting committee announces the result); once closed, the elected in vote
// order with their percentages of the base.
func (s *Server) showLiveView(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	cg, err := s.store.FindCongressByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	elections, err := s.store.FindElections(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := livePage{Congress: cg, Heading: congressHeading(cg), Refresh: liveRefreshSeconds,
		UpdatedAt: time.Now().In(vietnamTime).Format("15:04:05")}
	p.BaseWords = "đảng viên chính thức"
	if cg.Kind == congress.CongressDelegates {
		p.BaseWords = "đại biểu được triệu tập"
	}
	p.Current, p.Round = currentRound(elections)
	for i := range elections {
		ev := &elections[i]
		state := "đang bầu"
		switch {
		case ev.State == "done":
			state = "đã xong"
		case len(ev.Rounds) == 0:
			state = "chưa bầu"
		}
		p.Elections = append(p.Elections, liveElection{Label: ev.BodyLabel(), State: state, Current: ev == p.Current})
	}
	if p.Round != nil {
		p.BodyLabel = p.Current.BodyLabel()
		rc, rv, err := s.store.CountRound(ctx, u, p.Round.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		p.Counting, p.ByBallots, p.DoubleEntry = !rv.Closed, rv.EntryMode == congress.EntryBallots, rv.DoubleEntry
		p.Counted, p.Counted2, p.Issued, p.Present, p.SeatsTotal = rc.Ballots[0], rc.Ballots[1], rv.Issued, rv.Present, rv.Seats
		if rv.Closed && rc.Result != nil {
			p.Result, p.Totals, p.Base, p.Threshold = rc.Result, rc.Request.Ballots, rc.Result.Base, rc.Result.Threshold
			names := map[string]string{}
			for _, cd := range rv.Candidates {
				names[cd.BallotName] = cd.FullName
			}
			display := func(n string) string {
				if full, ok := names[n]; ok {
					return full
				}
				return n
			}
			for _, name := range rc.Result.Elected {
				for _, cr := range rc.Result.Candidates {
					if cr.Name == name {
						p.Elected = append(p.Elected, liveElected{Rank: len(p.Elected) + 1, Name: display(name), Votes: cr.Votes,
							Percent: cr.Percent.String()})
					}
				}
			}
			if rc.Result.Runoff != nil {
				for _, n := range rc.Result.Runoff.Candidates {
					p.Runoff = append(p.Runoff, display(n))
				}
			}
		}
	}
	c.Header("Content-Security-Policy", liveContentSecurityPolicy)
	c.Header("X-Frame-Options", "SAMEORIGIN")
	s.renderDocument(c, "live", "live_document", layoutData{Title: "Màn hình hội trường", User: u, Section: sections["live"], Page: p})
}

// vietnamTime is the hall's clock (UTC+7, no daylight saving), fixed so that a server set to UTC
// still shows the time the hall reads on the wall.
var vietnamTime = time.FixedZone("ICT", 7*60*60)

// renderDocument renders a page whose template set has its own whole document (tmpl) instead of
// the shared layout, as the projector's page does; into a buffer first, like render.
func (s *Server) renderDocument(c *gin.Context, page, tmpl string, d layoutData) {
	t, ok := s.views.sets[page]
	var buf bytes.Buffer
	err := fmt.Errorf("unknown page %q", page)
	if ok {
		err = t.ExecuteTemplate(&buf, tmpl, d)
	}
	if err != nil {
		s.logInternal(c, err)
		s.fail(c, errInternal)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
}
