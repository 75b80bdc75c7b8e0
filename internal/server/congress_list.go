package server

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

// pageSize is the number of congresses on one page of the list.
const pageSize = 50

// congressSorts are the orders the list offers, in the store's whitelist.
var congressSorts = []congress.Option{
	{Code: "", Label: "Ngày đại hội, mới nhất trước"},
	{Code: "-date", Label: "Ngày đại hội, cũ nhất trước"},
	{Code: "org", Label: "Tên tổ chức đảng"},
	{Code: "number", Label: "Lần thứ, lớn nhất trước"},
	{Code: "state", Label: "Trạng thái"},
	{Code: "recent", Label: "Mới cập nhật"},
}

// congressListFilter is the filter as the list page shows it.
type congressListFilter struct {
	TermID         int64
	OrganizationID int64
	State          string
	Q              string
	Sort           string
	Page           int
}

// query returns the filter as a query string for page, keeping only what is set.
func (f congressListFilter) query(page int) string {
	v := url.Values{}
	if f.TermID != 0 {
		v.Set("term_id", strconv.FormatInt(f.TermID, 10))
	}
	if f.OrganizationID != 0 {
		v.Set("organization_id", strconv.FormatInt(f.OrganizationID, 10))
	}
	if f.State != "" {
		v.Set("state", f.State)
	}
	if f.Q != "" {
		v.Set("q", f.Q)
	}
	if f.Sort != "" {
		v.Set("sort", f.Sort)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/congresses"
	}
	return "/congresses?" + v.Encode()
}

// pageLink is one link of the pager; Gap marks an elision between numbers.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool
}

// pager is the page navigation of a list.
type pager struct {
	Page, Pages int
	// Capped is set when the store stopped counting: the total is "more than" Total-1 and the
	// last page is not known.
	Capped      bool
	First, Last int // 1-based positions of the rows shown
	Prev, Next  string
	Links       []pageLink
}

// newPager builds the links around the current page: the first, the last (when known), and two
// either side. shown is the number of rows on this page.
func newPager(f congressListFilter, total, shown int) pager {
	p := pager{Page: f.Page, Capped: total > store.CongressCountCap}
	if p.Capped {
		// Past the count cap the pages go on as long as pages come back full.
		p.Pages = max(store.CongressCountCap/pageSize, f.Page)
		if shown == pageSize {
			p.Pages = max(p.Pages, f.Page+1)
		}
	} else {
		p.Pages = (total + pageSize - 1) / pageSize
	}
	if shown > 0 {
		p.First = (f.Page-1)*pageSize + 1
		p.Last = p.First + shown - 1
	}
	if f.Page > 1 {
		p.Prev = f.query(min(f.Page-1, max(p.Pages, 1)))
	}
	if f.Page < p.Pages {
		p.Next = f.query(f.Page + 1)
	}
	if p.Pages <= 1 {
		return p
	}
	last := 0
	for n := 1; n <= p.Pages; n++ {
		if n != 1 && (n != p.Pages || p.Capped) && (n < f.Page-2 || n > f.Page+2) {
			continue
		}
		if last != 0 && n > last+1 {
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{Number: n, URL: f.query(n), Current: n == f.Page})
		last = n
	}
	if p.Capped && last < p.Pages {
		p.Links = append(p.Links, pageLink{Gap: true})
	}
	return p
}

// congressRow is one line of the list, formatted once in Go: template function calls cost a
// reflective call per cell, which adds up on a list page served all day.
type congressRow struct {
	ID               int64
	OrganizationName string
	Sample           bool
	Ordinal          string
	Term             string
	HeldOn           string
	Kind             string
	State            string
	StateLabel       string
	Attendance       string
}

func newCongressRow(c *congress.Congress) congressRow {
	return congressRow{
		ID: c.ID, OrganizationName: c.OrganizationName, Sample: c.Sample, Ordinal: vn.Roman(c.Ordinal),
		Term: c.TermName(), HeldOn: vn.Date(c.HeldOn), Kind: congress.Label(congress.CongressKinds, c.Kind),
		State: c.State, StateLabel: congress.Label(congress.CongressStates, c.State),
		Attendance: vn.FormatInt(int64(c.Convened)) + " / " + vn.FormatInt(int64(c.Present)),
	}
}

// congressListPage is the data of the congress list.
type congressListPage struct {
	Items []congressRow
	// Total counts the matches up to store.CongressCountCap; above it the page says "more than".
	Total         int
	CountCap      int
	Filter        congressListFilter
	Terms         []congress.Term
	Organizations []congress.Organization
	States        []congress.Option
	Sorts         []congress.Option
	Pager         pager
}

// readListFilter reads the filters of the list from the query string. Values that cannot be
// right (a state that does not exist, a sort not offered) are dropped, not refused: a list
// link that went stale still shows a list.
func readListFilter(c *gin.Context) congressListFilter {
	f := congressListFilter{
		TermID:         queryID(c, "term_id"),
		OrganizationID: queryID(c, "organization_id"),
		State:          c.Query("state"),
		Q:              shorten(strings.TrimSpace(strings.ToValidUTF8(c.Query("q"), "")), 200),
		Sort:           c.Query("sort"),
		Page:           1,
	}
	if congress.Label(congress.CongressStates, f.State) == f.State {
		f.State = ""
	}
	if congress.Label(congressSorts, f.Sort) == f.Sort {
		f.Sort = ""
	}
	if n, err := strconv.Atoi(c.Query("page")); err == nil && n > 1 {
		f.Page = min(n, 1_000_000)
	}
	return f
}

// showCongressList shows the congresses in the user's scope, filtered and paged. Staff open
// the same lists all day during congress season, so a rendered page is kept while the data
// version stays the same (pageCache).
func (s *Server) showCongressList(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	f := readListFilter(c)
	key, version, cacheable := s.listCacheKey(c, u, f)
	if cacheable {
		if p, ok := s.pages.get(key, version); ok {
			writePage(c.Writer, p.status, p.body)
			return
		}
	}
	items, total, err := s.store.FindCongresses(ctx, u, store.CongressFilter{
		TermID: f.TermID, OrganizationID: f.OrganizationID, State: f.State, Query: f.Q, Sort: f.Sort,
		Offset: (f.Page - 1) * pageSize, Limit: pageSize,
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	terms, err := s.store.FindTerms(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	orgs, err := s.filterOrganizations(c, u, f.OrganizationID)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows := make([]congressRow, len(items))
	for i := range items {
		rows[i] = newCongressRow(&items[i])
	}
	body, err := s.execute("congresses", s.layout(c, "congresses", "Danh sách đại hội", congressListPage{
		Items: rows, Total: total, CountCap: store.CongressCountCap, Filter: f, Terms: terms, Organizations: orgs,
		States: congress.CongressStates, Sorts: congressSorts, Pager: newPager(f, total, len(items)),
	}))
	if err != nil {
		s.renderFailed(c.Writer, "congresses", err)
		return
	}
	if cacheable {
		s.pages.put(&cachedPage{key: key, version: version, status: http.StatusOK, body: body})
	}
	writePage(c.Writer, http.StatusOK, body)
}

// listCacheKey is the cache key of a list page and the data version to check it against. A
// request carrying a flash message is not cacheable: the message shows once.
func (s *Server) listCacheKey(c *gin.Context, u *congress.User, f congressListFilter) (string, int64, bool) {
	if _, err := c.Request.Cookie(flashCookie); err == nil {
		return "", 0, false
	}
	version, err := s.store.ListVersion(c.Request.Context())
	if err != nil {
		return "", 0, false
	}
	key := strconv.FormatInt(u.ID, 10) + "|" + u.Role + "|" + strconv.FormatInt(u.OrganizationID, 10) + "|" + f.query(f.Page)
	return key, version, true
}

// maxFilterChoices bounds the organization filter: past it a pick list helps nobody, and the
// tree page links straight to each organization's list instead.
const maxFilterChoices = 200

// filterOrganizations are the choices of the organization filter: the user's organization and
// its direct children (whose subtrees the filter covers), plus the chosen one if it lies deeper.
func (s *Server) filterOrganizations(c *gin.Context, u *congress.User, selected int64) ([]congress.Organization, error) {
	ctx := c.Request.Context()
	own, err := s.store.FindOrganizationByID(ctx, u, u.OrganizationID)
	if err != nil {
		return nil, err
	}
	kids, _, err := s.store.FindChildOrganizations(ctx, u, own.ID, maxFilterChoices)
	if err != nil {
		return nil, err
	}
	list := append([]congress.Organization{*own}, kids...)
	if selected != 0 && !slices.ContainsFunc(list, func(o congress.Organization) bool { return o.ID == selected }) {
		if o, err := s.store.FindOrganizationByID(ctx, u, selected); err == nil {
			list = append(list, *o)
		}
	}
	return list, nil
}
