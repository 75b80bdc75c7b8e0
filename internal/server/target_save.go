package server

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// targetFormPage is the data of the new and edit target forms.
type targetFormPage struct {
	New     bool
	C       *congress.Congress
	Heading string
	// Target is the stored target being edited; nil on the new form.
	Target         *store.TargetRecord
	Action, Cancel string
	Form           targetForm
	Errors         map[string]string
	Summary        []string
	Message        string
	Conflict       bool
	// Parents are the main targets a sub-target may belong to.
	Parents        []targetView
	Comparators    []congress.Option
	Units          []congress.Option
	Periods        []congress.Option
	Categories     []congress.Option
	ShareOfs       []congress.Option
	RatingSubjects []congress.Option
	Measures       []congress.Option
}

// showTargetCreatePage shows an empty target form (secretary, admin). ?parent_id= starts a
// sub-target of that target, with its sentence.
func (s *Server) showTargetCreatePage(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	form := targetForm{Comparator: string(targets.AtLeast), Unit: string(targets.Percent), Period: string(targets.Yearly),
		Category: string(targets.PartyBuilding)}
	if pid := queryID(c, "parent_id"); pid != 0 {
		if p, err := s.store.FindTargetByID(c.Request.Context(), currentUser(c), pid); err == nil && p.CongressID == cg.ID && p.ParentID == nil {
			form.ParentID, form.Sentence, form.Category = strconv.FormatInt(p.ID, 10), p.Sentence, string(p.Category)
			form.Period = string(p.Period)
			if p.Unit.IsShare() {
				form.ShareOf = string(targets.ShareOfParentNumerator)
			}
		}
	}
	s.renderTargetForm(c, http.StatusOK, cg, nil, form, nil)
}

// showTargetEditPage shows the form of a stored target.
func (s *Server) showTargetEditPage(c *gin.Context) {
	t, cg, ok := s.targetOfPath(c)
	if !ok {
		return
	}
	s.renderTargetForm(c, http.StatusOK, cg, t, targetFormOf(t), nil)
}

// createTarget adds a target to the resolution from the form.
func (s *Server) createTarget(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	form := readTargetForm(c)
	fe := congress.FieldErrors{}
	t := form.target(fe, cg.ID)
	err := targetTypingErrors(t, fe)
	if err == nil {
		err = s.store.CreateTarget(ctx, currentUser(c), t)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderTargetForm(c, statusOf(err), cg, nil, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID), "Đã thêm chỉ tiêu “"+t.Subject+"”.")
}

// updateTarget saves the edit form. A stale version is 409 with everything typed kept.
func (s *Server) updateTarget(c *gin.Context) {
	old, cg, ok := s.targetOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readTargetForm(c)
	fe := congress.FieldErrors{}
	t := form.target(fe, cg.ID)
	t.ID = old.ID
	err := targetTypingErrors(t, fe)
	if err == nil {
		err = s.store.UpdateTarget(c.Request.Context(), currentUser(c), t)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderTargetForm(c, statusOf(err), cg, old, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID), "Đã lưu chỉ tiêu “"+t.Subject+"”.")
}

// targetTypingErrors completes typing errors, if any, with the domain's messages on the other
// fields, so one round trip shows every problem; nil when nothing was mistyped.
func targetTypingErrors(t *store.TargetRecord, fe congress.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	check := t.Target
	for k, v := range congress.ErrorFields(check.Validate()) {
		fe.Add(k, v)
	}
	return fe.Err(congress.EINVALID, "")
}

// renderTargetForm renders the new form (old is nil) or the edit form of old with what was typed
// and, after a refused save, the messages beside the fields and in a summary at the top.
func (s *Server) renderTargetForm(c *gin.Context, status int, cg *congress.Congress, old *store.TargetRecord, form targetForm, saveErr error) {
	p := targetFormPage{New: old == nil, C: cg, Heading: congressHeading(cg), Target: old, Form: form,
		Errors: congress.ErrorFields(saveErr), Comparators: targets.Comparators, Units: targets.Units,
		Periods: targets.Periods, Categories: targets.Categories, ShareOfs: targets.ShareOfs,
		RatingSubjects: store.RatingSubjects, Measures: targets.Measures}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if saveErr != nil {
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = targetSummary(p.Errors, targetFieldOrder)
	}
	list, err := s.store.FindTargets(c.Request.Context(), currentUser(c), cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, t := range numberTargets(list) {
		if !t.Sub && (old == nil || t.ID != old.ID) {
			p.Parents = append(p.Parents, t)
		}
	}
	p.Cancel = fmt.Sprintf("/congresses/%d/targets", cg.ID)
	title := "Thêm chỉ tiêu"
	if p.New {
		p.Action = fmt.Sprintf("/congresses/%d/targets", cg.ID)
	} else {
		p.Action = fmt.Sprintf("/targets/%d", old.ID)
		p.Cancel += fmt.Sprintf("#target-%d", old.ID)
		title = "Sửa chỉ tiêu: " + old.Subject
	}
	s.render(c, status, "target_form", title, p)
}

// congressOfPath loads the congress named by the :id of the path in the user's scope; on failure
// it has already answered.
func (s *Server) congressOfPath(c *gin.Context) (*congress.Congress, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	cg, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return cg, true
}

// targetOfPath loads the target named by the :id of the path and its congress, in the user's
// scope; on failure it has already answered.
func (s *Server) targetOfPath(c *gin.Context) (*store.TargetRecord, *congress.Congress, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, nil, false
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	t, err := s.store.FindTargetByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	cg, err := s.store.FindCongressByID(ctx, u, t.CongressID)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	return t, cg, true
}
