package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
)

// readOrganizationForm reads the add or edit form of an organization.
func readOrganizationForm(c *gin.Context) organizationForm {
	return organizationForm{Kind: formText(c, "kind"), Name: formText(c, "name"), Place: formText(c, "place"),
		Version: formText(c, "version")}
}

// createOrganization adds a child organization (admin): POST /organizations with parent_id.
func (s *Server) createOrganization(c *gin.Context) {
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	parentID, err := strconv.ParseInt(strings.TrimSpace(formText(c, "parent_id")), 10, 64)
	if err != nil || parentID <= 0 {
		s.fail(c, errNotFound)
		return
	}
	parent, err := s.store.FindOrganizationByID(c.Request.Context(), currentUser(c), parentID)
	if err != nil {
		s.fail(c, err)
		return
	}
	form := readOrganizationForm(c)
	o := &congress.Organization{ParentID: &parent.ID, Kind: form.Kind, Name: form.Name, Place: form.Place}
	if err := s.store.CreateOrganization(c.Request.Context(), currentUser(c), o); err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		form.Errors, form.Message = congress.ErrorFields(err), congress.ErrorMessage(err)
		s.renderOrganizationPage(c, statusOf(err), parent.ID, &form, nil)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/organizations/%d", parent.ID), "Đã thêm "+o.Name+".")
}

// updateOrganization renames an organization or changes its kind or place (admin), checking
// the version the form was made from.
func (s *Server) updateOrganization(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readOrganizationForm(c)
	version, _ := strconv.ParseInt(strings.TrimSpace(form.Version), 10, 64)
	o := &congress.Organization{ID: id, Kind: form.Kind, Name: form.Name, Place: form.Place, Version: version}
	if err := s.store.UpdateOrganization(c.Request.Context(), currentUser(c), o); err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		form.Errors, form.Message = congress.ErrorFields(err), congress.ErrorMessage(err)
		s.renderOrganizationPage(c, statusOf(err), id, nil, &form)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/organizations/%d", id), "Đã lưu "+o.Name+".")
}

// isFormError tells whether err goes back to the form (invalid input or a conflict) rather than
// to the error page.
func isFormError(err error) bool {
	switch congress.ErrorCode(err) {
	case congress.EINVALID, congress.ECONFLICT:
		return true
	}
	return false
}
