package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// organizationInput is the body of POST /api/v1/organizations.
type organizationInput struct {
	ParentID *int64 `json:"parent_id"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Place    string `json:"place"`
}

// listResponse wraps a list answer.
type listResponse[T any] struct {
	Items []T `json:"items"`
}

// queryInt reads an optional integer query parameter for the API; a value that is not an
// integer is a 422 naming the parameter.
func queryInt(c *gin.Context, f congress.FieldErrors, name string, min, max int64) (int64, bool) {
	s := strings.TrimSpace(c.Query(name))
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < min || n > max {
		f.Add(name, "Tham số "+name+" phải là số nguyên từ "+strconv.FormatInt(min, 10)+" đến "+strconv.FormatInt(max, 10)+".")
		return 0, false
	}
	return n, true
}

// apiListOrganizations lists organizations in scope: ?parent_id= for the children of one, ?q=
// for an accent-insensitive match on the name.
func (s *Server) apiListOrganizations(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	fe := congress.FieldErrors{}
	filter := store.OrganizationFilter{Query: shorten(c.Query("q"), 200)}
	if id, ok := queryInt(c, fe, "parent_id", 1, 1<<53); ok {
		filter.ParentID = &id
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	if filter.ParentID != nil {
		if _, err := s.store.FindOrganizationByID(ctx, u, *filter.ParentID); err != nil {
			s.apiError(c, err)
			return
		}
	}
	list, err := s.store.FindOrganizations(ctx, u, filter)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if list == nil {
		list = []congress.Organization{}
	}
	writeJSON(c, http.StatusOK, listResponse[congress.Organization]{Items: list})
}

// organizationResponse is an organization with its children and their congresses by state.
type organizationResponse struct {
	*congress.Organization
	Children []store.OrganizationNode `json:"children"`
}

// apiShowOrganization answers one organization with its children's congress counts.
func (s *Server) apiShowOrganization(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	fe := congress.FieldErrors{}
	termID, _ := queryInt(c, fe, "term_id", 1, 1<<53)
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	org, kids, err := s.store.FindOrganizationChildren(c.Request.Context(), currentUser(c), id, termID)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if kids == nil {
		kids = []store.OrganizationNode{}
	}
	writeJSON(c, http.StatusOK, organizationResponse{Organization: org, Children: kids})
}

// apiCreateOrganization adds an organization under parent_id (admin).
func (s *Server) apiCreateOrganization(c *gin.Context) {
	var in organizationInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	if in.ParentID == nil {
		missing(fe, "parent_id")
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	o := &congress.Organization{ParentID: in.ParentID, Kind: in.Kind, Name: in.Name, Place: in.Place}
	if err := s.store.CreateOrganization(c.Request.Context(), currentUser(c), o); err != nil {
		s.apiError(c, err)
		return
	}
	c.Header("Location", "/api/v1/organizations/"+strconv.FormatInt(o.ID, 10))
	writeJSON(c, http.StatusCreated, o)
}
