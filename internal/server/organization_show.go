package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// organizationPage is the data of the tree browse: one organization, the way up to it, its
// children with the congresses of their subtrees counted by state, and the admin's forms.
type organizationPage struct {
	Org         *congress.Organization
	Breadcrumbs []congress.Organization
	Children    []store.OrganizationNode
	Terms       []congress.Term
	TermID      int64
	States      []congress.Option
	Totals      map[string]int
	Total       int
	ChildForm   organizationForm
	EditForm    organizationForm
}

// organizationForm is what the admin typed into the add or edit form.
type organizationForm struct {
	// Prefix keeps the ids of the two forms on one page apart.
	Prefix  string
	Kinds   []congress.Option
	Kind    string
	Name    string
	Place   string
	Version string
	Errors  map[string]string
	Message string
}

// showDashboard is the start page: secretaries and auditors go to their congresses; staff and
// admins browse the tree of their organization.
func (s *Server) showDashboard(c *gin.Context) {
	u := currentUser(c)
	if u.Role == congress.RoleStaff || u.IsAdmin() {
		s.renderOrganizationPage(c, http.StatusOK, 0, nil, nil)
		return
	}
	c.Redirect(http.StatusSeeOther, "/congresses")
}

// showOrganizationPage shows /organizations (the user's own organization) or /organizations/:id.
func (s *Server) showOrganizationPage(c *gin.Context) {
	var id int64
	if c.Param("id") != "" {
		var ok bool
		if id, ok = parseID(c, "id"); !ok {
			s.fail(c, errNotFound)
			return
		}
	}
	s.renderOrganizationPage(c, http.StatusOK, id, nil, nil)
}

// renderOrganizationPage renders the tree browse of organization id (0: the user's own), with
// the forms as typed when an admin's change was refused.
func (s *Server) renderOrganizationPage(c *gin.Context, status int, id int64, child, edit *organizationForm) {
	ctx := c.Request.Context()
	u := currentUser(c)
	termID := queryID(c, "term_id")
	org, kids, err := s.store.FindOrganizationChildren(ctx, u, id, termID)
	if err != nil {
		s.fail(c, err)
		return
	}
	terms, err := s.store.FindTerms(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := organizationPage{Org: org, Children: kids, Terms: terms, TermID: termID, States: congress.CongressStates,
		Totals: map[string]int{}}
	for _, k := range kids {
		for st, n := range k.ByState {
			p.Totals[st] += n
		}
		p.Total += k.Total
	}
	// The way up, as far as the user may see: ancestors outside the scope are left out.
	for _, part := range strings.Split(strings.Trim(org.Path, "/"), "/") {
		aid, err := strconv.ParseInt(part, 10, 64)
		if err != nil || aid == org.ID {
			continue
		}
		a, err := s.store.FindOrganizationByID(ctx, u, aid)
		if err == nil {
			p.Breadcrumbs = append(p.Breadcrumbs, *a)
		} else if congress.ErrorCode(err) != congress.ENOTFOUND {
			s.fail(c, err)
			return
		}
	}
	if child != nil {
		p.ChildForm = *child
	} else {
		p.ChildForm = organizationForm{Kind: defaultChildKind(org.Kind)}
	}
	if edit != nil {
		p.EditForm = *edit
	} else {
		p.EditForm = organizationForm{Kind: org.Kind, Name: org.Name, Place: org.Place,
			Version: strconv.FormatInt(org.Version, 10)}
	}
	p.ChildForm.Prefix, p.ChildForm.Kinds = "child", congress.OrganizationKinds
	p.EditForm.Prefix, p.EditForm.Kinds = "edit", congress.OrganizationKinds
	s.render(c, status, "organizations", org.Name, p)
}

// defaultChildKind suggests the usual kind of a new child organization.
func defaultChildKind(parentKind string) string {
	if parentKind == congress.KindSuperior {
		return congress.KindGrassroots
	}
	return congress.KindCell
}
