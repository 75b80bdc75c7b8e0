package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// pageNames lists every page template (web/templates/pages/NAME.html). Each page gets its own
// template set — layout, partials and the page — so no page can overwrite another's blocks.
var pageNames = []string{
	"congress",
	"congress_form",
	"congresses",
	"error",
	"login",
	"organizations",
	"password",
	"terms",
}

// views holds the parsed template set of each page.
type views struct {
	sets map[string]*template.Template
}

// optionLists are the code lists the templates may label by name.
var optionLists = map[string][]congress.Option{
	"state":     congress.CongressStates,
	"kind":      congress.CongressKinds,
	"orgkind":   congress.OrganizationKinds,
	"ruleset":   congress.Rulesets,
	"guestrole": congress.GuestRoles,
	"role":      congress.Roles,
}

// templateFuncs is the small vocabulary of the templates: formatting from vn, labels of codes
// and the address of static files.
func templateFuncs(assetVersion string) template.FuncMap {
	return template.FuncMap{
		"date":  vn.Date,
		"roman": vn.Roman,
		"num":   func(n int) string { return vn.FormatInt(int64(n)) },
		"label": func(list, code string) string { return congress.Label(optionLists[list], code) },
		"asset": func(path string) string { return "/static/" + path + "?v=" + assetVersion },
	}
}

// loadViews parses the layout, partials and each page. Any parse error, or a page file that
// is missing, fails here so a broken template stops the start.
func loadViews(fsys fs.FS, assetVersion string) (*views, error) {
	v := &views{sets: map[string]*template.Template{}}
	funcs := templateFuncs(assetVersion)
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(fsys,
			"templates/layout.html", "templates/partials/*.html", "templates/pages/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("server: templates of page %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("server: page %s defines no \"content\" block", name)
		}
		v.sets[name] = t
	}
	return v, nil
}

// layoutData is what every page receives: the layout's fields and the page's own data in Page.
type layoutData struct {
	Title string
	User  *congress.User
	Flash string
	// Section is the navigation item to mark current.
	Section    string
	DemoNotice string
	Page       any
}

// sections maps pages to the navigation item they belong to.
var sections = map[string]string{
	"congress": "congresses", "congress_form": "congresses", "congresses": "congresses",
	"organizations": "organizations", "terms": "terms", "password": "account",
}

// render executes a page into a buffer, then writes it: a template error never sends half a page.
func (s *Server) render(c *gin.Context, status int, page, title string, data any) {
	s.renderTo(c.Writer, status, page, s.layout(c, page, title, data))
}

// layout wraps a page's data in what every page shows.
func (s *Server) layout(c *gin.Context, page, title string, data any) layoutData {
	return layoutData{Title: title, User: currentUser(c), Flash: s.takeFlash(c), Section: sections[page],
		DemoNotice: s.cfg.DemoNotice, Page: data}
}

// renderTo is render for handlers outside Gin (the cross-origin refusal).
func (s *Server) renderTo(w http.ResponseWriter, status int, page string, d layoutData) {
	body, err := s.execute(page, d)
	if err != nil {
		s.renderFailed(w, page, err)
		return
	}
	writePage(w, status, body)
}

// execute runs a page's template set into bytes.
func (s *Server) execute(page string, d layoutData) ([]byte, error) {
	t, ok := s.views.sets[page]
	if !ok {
		return nil, fmt.Errorf("unknown page %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderFailed answers a page whose template failed: logged in full, a plain message to the user.
func (s *Server) renderFailed(w http.ResponseWriter, page string, err error) {
	s.log.Error("render", "page", page, "error", err.Error())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write([]byte("Lỗi hệ thống."))
}

// writePage sends a rendered page. Pages are never stored by browsers or proxies: they carry
// party records, and the back button after logout must not show them.
func writePage(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// A known length spares net/http the chunked encoding: the page leaves in fewer writes.
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
