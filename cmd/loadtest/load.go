package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// load is one run: the server, its users and what they found at setup.
type load struct {
	base  string
	cfg   Config
	tr    *http.Transport
	stats *stats

	staff   []*client
	clerks  []*clerk
	auditor *client

	congressIDs      []int64
	totalCongresses  int
	listPages        int
	orgIDs, superior []int64
	termIDs          []int64
	term2020         int64
}

// client is one logged-in user: a cookie session for the pages, a bearer token for the API.
type client struct {
	l      *load
	name   string
	hc     *http.Client
	token  string
	rnd    *rand.Rand
	record bool // false during setup: failures are returned, not counted
}

// clerk enters the ballots of one pile of one round.
type clerk struct {
	*client
	round, issued, candidates int
	slot                      int
	next                      int
	// undone is the last number undone, typed again once and not undone a second time.
	undone int
}

func newLoad(base string, cfg Config) *load {
	tr := &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}
	return &load{base: strings.TrimRight(base, "/"), cfg: cfg, tr: tr, stats: newStats()}
}

func (l *load) newClient(name string, seed uint64) *client {
	jar, _ := cookiejar.New(nil)
	return &client{l: l, name: name, rnd: rand.New(rand.NewPCG(seed, 0x6c6f6164)),
		hc: &http.Client{Transport: l.tr, Jar: jar, Timeout: 2 * time.Minute,
			// A redirect is an answer to check (a login lands on 303), not one to follow.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do makes one request and checks its status against want (200 when none is given). During the
// run it is recorded under kind; a status not wanted, or a transport error, is an error.
func (c *client) do(ctx context.Context, kind, method, path string, body any, want ...int) ([]byte, error) {
	if len(want) == 0 {
		want = []int{http.StatusOK}
	}
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		js, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd, ctype = bytes.NewReader(js), "application/json"
	}
	req, err := http.NewRequestWithContext(ctx, method, c.l.base+path, rd)
	if err != nil {
		return nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if c.token != "" && strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	var out []byte
	if err == nil {
		out, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	took := time.Since(start)
	if err == nil && !slices.Contains(want, resp.StatusCode) {
		err = fmt.Errorf("%s %s: %d, want %v: %.300s", method, path, resp.StatusCode, want, out)
	}
	// An Excel download is a zip file; a page cut short or an error page in its place is a failure.
	if err == nil && strings.HasSuffix(strings.SplitN(path, "?", 2)[0], ".xlsx") && !bytes.HasPrefix(out, []byte("PK")) {
		err = fmt.Errorf("%s %s: not an xlsx file (%d bytes)", method, path, len(out))
	}
	if ctx.Err() != nil {
		return out, ctx.Err() // the run was interrupted: not the server's failure
	}
	if c.record {
		c.l.stats.add(kind, took, int64(len(out)), err)
	}
	return out, err
}

// loginForm logs in through the login form, as a browser does, keeping the session cookie.
func (c *client) loginForm(ctx context.Context, user string) error {
	c.name = user
	_, err := c.do(ctx, "POST /login", http.MethodPost, "/login",
		url.Values{"username": {user}, "password": {c.l.cfg.Password}, "next": {"/"}}, http.StatusSeeOther)
	return err
}

// loginAPI logs in through the API and keeps the bearer token.
func (c *client) loginAPI(ctx context.Context, user string) error {
	c.name = user
	out, err := c.do(ctx, "POST /api/v1/session", http.MethodPost, "/api/v1/session",
		map[string]string{"username": user, "password": c.l.cfg.Password})
	if err != nil {
		return err
	}
	var s struct{ Token string }
	if err := json.Unmarshal(out, &s); err != nil || s.Token == "" {
		return fmt.Errorf("session answer %.200s", out)
	}
	c.token = s.Token
	return nil
}

// getJSON reads an API answer into v.
func (c *client) getJSON(ctx context.Context, path string, v any) error {
	out, err := c.do(ctx, "setup", http.MethodGet, path, nil)
	if err != nil {
		return err
	}
	return json.Unmarshal(out, v)
}

func (c *client) postJSON(ctx context.Context, path string, body, v any) error {
	out, err := c.do(ctx, "setup", http.MethodPost, path, body, http.StatusCreated)
	if err != nil {
		return err
	}
	return json.Unmarshal(out, v)
}

type item struct {
	ID        int64  `json:"id"`
	ParentID  *int64 `json:"parent_id"`
	Kind      string `json:"kind"`
	Name      string `json:"name"`
	StartYear int    `json:"start_year"`
	Body      string `json:"body"`
	EntryMode string `json:"entry_mode"`
	Double    bool   `json:"double_entry"`
	Closed    bool   `json:"closed"`
	Issued    int    `json:"issued"`
}

type list struct {
	Items []item `json:"items"`
	Total int    `json:"total"`
	Limit int    `json:"limit"`
}

// setup logs the users in (adding them first on a server started here), reads what the staff
// will browse and opens the rounds the clerks fill.
func (l *load) setup(ctx context.Context, srv *server) error {
	admin := l.newClient("admin", 1)
	if err := admin.loginAPI(ctx, "admin"); err != nil {
		return err
	}
	var orgs, terms list
	if err := admin.getJSON(ctx, "/api/v1/organizations", &orgs); err != nil {
		return err
	}
	if err := admin.getJSON(ctx, "/api/v1/terms", &terms); err != nil {
		return err
	}
	var root, so int64
	var cells []int64
	for _, o := range orgs.Items {
		l.orgIDs = append(l.orgIDs, o.ID)
		switch {
		case o.ParentID == nil:
			root = o.ID
		case o.Kind == "superior":
			l.superior = append(l.superior, o.ID)
		case strings.Contains(o.Name, "Sở Khoa học và Công nghệ"):
			so = o.ID
		}
	}
	for _, o := range orgs.Items {
		if o.ParentID != nil && *o.ParentID == so && o.Kind == "cell" {
			cells = append(cells, o.ID)
		}
	}
	var term2025 int64
	for _, t := range terms.Items {
		l.termIDs = append(l.termIDs, t.ID)
		switch t.StartYear {
		case 2025:
			term2025 = t.ID
		case 2020:
			l.term2020 = t.ID
		}
	}
	if root == 0 || so == 0 || len(cells) == 0 || term2025 == 0 || l.term2020 == 0 {
		return fmt.Errorf("the demo data is not there (organizations %d, cells %d, terms %d)", len(orgs.Items), len(cells), len(terms.Items))
	}

	// On a started server each person has an account; on a running one the demo users log in
	// several times over, each login its own session.
	staffName, clerkName := func(i int) string { return "bantochuc" }, func(i int) string { return "thuky" }
	if srv != nil {
		start := time.Now()
		for i := range l.cfg.Staff {
			if err := srv.addUser(ctx, fmt.Sprintf("canbo%02d", i+1), "staff", fmt.Sprintf("Cán bộ tổ chức %02d (thử tải)", i+1), root, l.cfg.Password); err != nil {
				return err
			}
		}
		for i := range l.cfg.Clerks {
			if err := srv.addUser(ctx, fmt.Sprintf("kiemphieu%02d", i+1), "secretary", fmt.Sprintf("Thành viên Ban kiểm phiếu %02d (thử tải)", i+1), so, l.cfg.Password); err != nil {
				return err
			}
		}
		fmt.Fprintf(l.cfg.Log, "loadtest: %d users added in %.1fs\n", l.cfg.Staff+l.cfg.Clerks, time.Since(start).Seconds())
		staffName = func(i int) string { return fmt.Sprintf("canbo%02d", i+1) }
		clerkName = func(i int) string { return fmt.Sprintf("kiemphieu%02d", i+1) }
	}
	for i := range l.cfg.Staff {
		c := l.newClient("", uint64(100+i))
		if err := c.loginForm(ctx, staffName(i)); err != nil {
			return err
		}
		l.staff = append(l.staff, c)
	}
	l.auditor = l.newClient("", 99)
	if err := l.auditor.loginForm(ctx, "kiemtra"); err != nil {
		return err
	}
	if err := l.auditor.loginAPI(ctx, "kiemtra"); err != nil {
		return err
	}

	// What the staff browse: congress ids of the first pages of the list, and how many pages it has.
	if len(l.staff) > 0 {
		s := l.staff[0]
		s.token = ""
		if err := s.loginAPI(ctx, s.name); err != nil {
			return err
		}
		for off := 0; off < 2000; off += 500 {
			var page list
			if err := s.getJSON(ctx, fmt.Sprintf("/api/v1/congresses?limit=500&offset=%d", off), &page); err != nil {
				return err
			}
			for _, it := range page.Items {
				l.congressIDs = append(l.congressIDs, it.ID)
			}
			l.totalCongresses = page.Total
			if len(page.Items) < 500 {
				break
			}
		}
		l.listPages = max(1, (l.totalCongresses+49)/50)
		if len(l.congressIDs) == 0 {
			return fmt.Errorf("the staff see no congress")
		}
	}

	// The clerks: two per round (double entry), rounds of the Sở's cells' congresses of 2025–2030.
	var bodies []struct {
		cell int64
		body string
	}
	for _, body := range []string{"cell_committee", "delegate_official"} {
		for _, cell := range cells {
			bodies = append(bodies, struct {
				cell int64
				body string
			}{cell, body})
		}
	}
	if (l.cfg.Clerks+1)/2 > len(bodies) {
		return fmt.Errorf("at most %d clerks (%d rounds of two piles)", 2*len(bodies), len(bodies))
	}
	for i := range l.cfg.Clerks {
		c := &clerk{client: l.newClient("", uint64(200+i)), slot: i%2 + 1}
		// The counting room is a page (cookie session) that posts to the API (here with a token).
		if err := c.loginForm(ctx, clerkName(i)); err != nil {
			return err
		}
		if err := c.loginAPI(ctx, clerkName(i)); err != nil {
			return err
		}
		if i%2 == 0 {
			b := bodies[i/2]
			if err := c.openRound(ctx, b.cell, term2025, b.body); err != nil {
				return fmt.Errorf("open a round for the clerks: %w", err)
			}
		} else {
			prev := l.clerks[i-1]
			c.round, c.issued, c.candidates = prev.round, prev.issued, prev.candidates
		}
		// A round left by an earlier run against the same server goes on from its last ballot.
		var st struct {
			Piles [2]int `json:"piles"`
		}
		if err := c.getJSON(ctx, fmt.Sprintf("/api/v1/rounds/%d/ballots?slot=%d", c.round, c.slot), &st); err != nil {
			return err
		}
		c.next = st.Piles[c.slot-1] + 1
		l.clerks = append(l.clerks, c)
	}
	for _, c := range l.allClients() {
		c.record = true
	}
	return nil
}

func (l *load) allClients() []*client {
	out := slices.Clone(l.staff)
	for _, c := range l.clerks {
		out = append(out, c.client)
	}
	if l.auditor != nil {
		out = append(out, l.auditor)
	}
	return out
}

// roundSize is the pile a round of the run allows: more ballots than a run enters.
const roundSize = 20000

// openRound finds, or makes, the congress of cell for the term, an election of body with five
// candidates and an open double-entry round entered ballot by ballot.
func (c *clerk) openRound(ctx context.Context, cell, term int64, body string) error {
	var cgs list
	if err := c.getJSON(ctx, fmt.Sprintf("/api/v1/congresses?organization_id=%d&term_id=%d", cell, term), &cgs); err != nil {
		return err
	}
	var congressID int64
	if len(cgs.Items) > 0 {
		congressID = cgs.Items[0].ID
	} else {
		var cg item
		if err := c.postJSON(ctx, "/api/v1/congresses", map[string]any{"organization_id": cell, "term_id": term, "ordinal": 1,
			"kind": "members", "ruleset": "qd190-2024", "held_on": "2025-06-20", "place": "Hội trường Sở (thử tải)",
			"attendance": map[string]int{"convened": roundSize, "present": roundSize}, "state": "held",
			"notes": "Đại hội tạo bởi cmd/loadtest."}, &cg); err != nil {
			return err
		}
		congressID = cg.ID
	}
	var els list
	if err := c.getJSON(ctx, fmt.Sprintf("/api/v1/congresses/%d/elections", congressID), &els); err != nil {
		return err
	}
	for _, e := range els.Items {
		if e.Body != body {
			continue
		}
		var rounds list
		if err := c.getJSON(ctx, fmt.Sprintf("/api/v1/elections/%d/rounds", e.ID), &rounds); err != nil {
			return err
		}
		if n := len(rounds.Items); n > 0 && !rounds.Items[n-1].Closed && rounds.Items[n-1].EntryMode == "ballots" && rounds.Items[n-1].Double {
			r := rounds.Items[n-1]
			c.round, c.issued, c.candidates = int(r.ID), r.Issued, 5
			return nil
		}
		return fmt.Errorf("congress %d already has a %s election without an open double-entry round: load a fresh server", congressID, body)
	}
	var people []map[string]any
	for i := range 5 {
		var p item
		name := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"}[i]
		if err := c.postJSON(ctx, fmt.Sprintf("/api/v1/congresses/%d/persons", congressID), map[string]any{
			"full_name": name, "birth_date": fmt.Sprintf("19%d-03-1%d", 70+i, i), "gender": []string{"male", "female"}[i%2]}, &p); err != nil {
			return err
		}
		people = append(people, map[string]any{"person_id": p.ID})
	}
	var e item
	if err := c.postJSON(ctx, fmt.Sprintf("/api/v1/congresses/%d/elections", congressID), map[string]any{
		"body": body, "seats": 3, "list_kind": "surplus", "candidates": people}, &e); err != nil {
		return err
	}
	var r item
	if err := c.postJSON(ctx, fmt.Sprintf("/api/v1/elections/%d/rounds", e.ID), map[string]any{
		"entry_mode": "ballots", "double_entry": true, "issued": roundSize,
		"counting_committee": []map[string]any{{"name": "Hồ Văn Kiểm", "head": true}, {"name": "Đỗ Thị Phiếu"}}}, &r); err != nil {
		return err
	}
	c.round, c.issued, c.candidates = int(r.ID), roundSize, 5
	return nil
}

// run lets every user loose until the duration is over and collects the figures.
func (l *load) run(ctx context.Context) *Report {
	ctx, cancel := context.WithTimeout(ctx, l.cfg.Duration)
	defer cancel()
	fmt.Fprintf(l.cfg.Log, "loadtest: %d staff, %d clerks, 1 auditor for %s against %s\n", len(l.staff), len(l.clerks), l.cfg.Duration, l.base)
	start := time.Now()
	var wg sync.WaitGroup
	for _, c := range l.staff {
		wg.Go(func() { loop(ctx, c, c.browse) })
	}
	for _, c := range l.clerks {
		wg.Go(func() { loop(ctx, c.client, c.enter) })
	}
	if l.auditor != nil {
		wg.Go(func() { loop(ctx, l.auditor, l.auditor.audit) })
	}
	wg.Wait()
	return l.stats.report(time.Since(start), len(l.staff), len(l.clerks))
}

// loop repeats act with a think pause until ctx ends. An error is counted where it happened;
// the user carries on, as a person would after an error page.
func loop(ctx context.Context, c *client, act func(context.Context) error) {
	for ctx.Err() == nil {
		act(ctx)
		if t := c.l.cfg.Think; t > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(c.rnd.Int64N(int64(2 * t)))):
			}
		}
	}
}

var (
	searches = []string{"dong thap", "chi bo", "tuan", "khoa hoc", "Sở", "cao lanh", "truong", "Nguyễn", "xyz không có"}
	states   = []string{"planned", "held", "reported", "approved", "rejected"}
	sorts    = []string{"-date", "org", "number", "state", "recent"}
)

func (c *client) pick(ids []int64) int64 { return ids[c.rnd.IntN(len(ids))] }

// browse is one action of a staff member of the higher committee.
func (c *client) browse(ctx context.Context) error {
	l := c.l
	switch n := c.rnd.IntN(100); {
	case n < 25: // the congress list, as people use it: pages, filters, search, sorting
		q := url.Values{}
		switch c.rnd.IntN(6) {
		case 0:
		case 1:
			// Mostly the first pages, sometimes deep in the list.
			p := 2 + c.rnd.IntN(min(l.listPages, 10))
			if c.rnd.IntN(5) == 0 {
				p = 1 + c.rnd.IntN(l.listPages)
			}
			q.Set("page", fmt.Sprint(p))
		case 2:
			q.Set("state", states[c.rnd.IntN(len(states))])
			q.Set("term_id", fmt.Sprint(l.term2020))
		case 3:
			q.Set("q", searches[c.rnd.IntN(len(searches))])
		case 4:
			q.Set("sort", sorts[c.rnd.IntN(len(sorts))])
			q.Set("page", fmt.Sprint(1+c.rnd.IntN(min(l.listPages, 5))))
		case 5:
			if len(l.superior) > 0 {
				q.Set("organization_id", fmt.Sprint(c.pick(l.superior)))
			}
			q.Set("state", states[c.rnd.IntN(len(states))])
		}
		path := "/congresses"
		if len(q) > 0 {
			path += "?" + q.Encode()
		}
		_, err := c.do(ctx, "GET /congresses (list)", http.MethodGet, path, nil)
		return err
	case n < 50:
		_, err := c.do(ctx, "GET /congresses/:id", http.MethodGet, fmt.Sprintf("/congresses/%d", c.pick(l.congressIDs)), nil)
		return err
	case n < 62:
		path := "/organizations"
		if c.rnd.IntN(2) == 0 {
			path = fmt.Sprintf("/organizations/%d", c.pick(l.orgIDs))
		}
		_, err := c.do(ctx, "GET /organizations", http.MethodGet, path, nil)
		return err
	case n < 74:
		_, err := c.do(ctx, "GET /reports (dashboard)", http.MethodGet, "/reports", nil)
		return err
	case n < 80:
		_, err := c.do(ctx, "GET / (home)", http.MethodGet, "/", nil)
		return err
	case n < 86:
		id := c.pick(l.congressIDs)
		if c.rnd.IntN(2) == 0 {
			_, err := c.do(ctx, "GET /congresses/:id/report.xlsx", http.MethodGet, fmt.Sprintf("/congresses/%d/report.xlsx", id), nil)
			return err
		}
		_, err := c.do(ctx, "GET /congresses/:id/committee.xlsx", http.MethodGet, fmt.Sprintf("/congresses/%d/committee.xlsx", id), nil)
		return err
	default: // the list reports: of one cluster, or of the whole committee for the term
		q := url.Values{"term": {fmt.Sprint(l.term2020)}}
		if len(l.superior) > 0 && c.rnd.IntN(3) > 0 {
			q.Set("org", fmt.Sprint(c.pick(l.superior)))
		}
		name := []string{"congresses", "structure", "targets-summary"}[c.rnd.IntN(3)]
		_, err := c.do(ctx, "GET /reports/"+name+".xlsx", http.MethodGet, "/reports/"+name+".xlsx?"+q.Encode(), nil)
		return err
	}
}

// ballot is the content of ballot n of a round, the same on both piles so the round could close:
// two or three of the five names struck, now and then one ruled invalid.
func (c *clerk) ballot(n int) map[string]any {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d", c.round, n)
	v := h.Sum64()
	if v%37 == 0 {
		return map[string]any{"slot": c.slot, "number": n, "invalid": "signed"}
	}
	var struck []int
	for p := 1; p <= c.candidates && len(struck) < 2+int(v%2); p++ {
		if (v>>p)%2 == 1 {
			struck = append(struck, p)
		}
	}
	for p := c.candidates; len(struck) < 2; p-- {
		if !slices.Contains(struck, p) {
			struck = append(struck, p)
		}
	}
	return map[string]any{"slot": c.slot, "number": n, "struck": struck}
}

// enter is one ballot of a clerk; now and then the clerk undoes it and types it again, reloads
// the counting room, or looks at the other pile, as the room does.
func (c *clerk) enter(ctx context.Context) error {
	if c.next > c.issued {
		return nil // the pile is complete
	}
	path := fmt.Sprintf("/api/v1/rounds/%d/ballots", c.round)
	if _, err := c.do(ctx, "POST /api/v1/rounds/:id/ballots", http.MethodPost, path, c.ballot(c.next), http.StatusCreated); err != nil {
		return err
	}
	n := c.next
	c.next++
	switch {
	case n%20 == 0 && n != c.undone:
		c.undone = n
		if _, err := c.do(ctx, "DELETE /api/v1/rounds/:id/ballots/last", http.MethodDelete, fmt.Sprintf("%s/last?slot=%d", path, c.slot), nil); err != nil {
			return err
		}
		c.next--
	case n%10 == 5:
		_, err := c.do(ctx, "GET /api/v1/rounds/:id/ballots (other pile)", http.MethodGet,
			fmt.Sprintf("%s?slot=%d&after=%d", path, 3-c.slot, max(0, n-10)), nil)
		return err
	case n%50 == 1:
		_, err := c.do(ctx, "GET /rounds/:id/count (room)", http.MethodGet, fmt.Sprintf("/rounds/%d/count?slot=%d", c.round, c.slot), nil)
		return err
	}
	return nil
}

// audit is one action of the auditor: the trail on screen (first pages, a user's entries) or
// through the API.
func (c *client) audit(ctx context.Context) error {
	switch n := c.rnd.IntN(10); {
	case n < 4:
		_, err := c.do(ctx, "GET /audit", http.MethodGet, "/audit", nil)
		return err
	case n < 6:
		path := fmt.Sprintf("/audit?page=%d", 2+c.rnd.IntN(5))
		if c.rnd.IntN(2) == 0 {
			path = "/audit?username=kiemphieu01"
		}
		_, err := c.do(ctx, "GET /audit (filtered, paged)", http.MethodGet, path, nil)
		return err
	default:
		_, err := c.do(ctx, "GET /api/v1/audit", http.MethodGet, fmt.Sprintf("/api/v1/audit?limit=50&offset=%d", 50*c.rnd.IntN(4)), nil)
		return err
	}
}
