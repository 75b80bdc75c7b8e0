package server

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

// resolutionForm is the resolution form exactly as typed.
type resolutionForm struct {
	AdoptedOn, VotesFor, VotesAgainst, VotesAbstain, Version string
	Sections                                                 []sectionRow
}

// sectionRow is one text section of the resolution as typed, with its messages.
type sectionRow struct {
	Title, Body           string
	TitleError, BodyError string
}

// resolutionFormPage is the data of the resolution form.
type resolutionFormPage struct {
	C        *congress.Congress
	Heading  string
	New      bool
	Form     resolutionForm
	Errors   map[string]string
	Summary  []string
	Message  string
	Conflict bool
	// Who is "đảng viên" or "đại biểu": who votes at this congress.
	Who    string
	Action string
	Cancel string
}

// resolutionFieldOrder is the order of the resolution form's fields.
var resolutionFieldOrder = []string{"adopted_on", "votes_for", "votes_against", "votes_abstain", "sections"}

// showResolutionForm shows the resolution of a congress for recording or correcting (secretary,
// admin).
func (s *Server) showResolutionForm(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	res, err := s.store.FindResolution(c.Request.Context(), currentUser(c), cg.ID)
	if err != nil && congress.ErrorCode(err) != congress.ENOTFOUND {
		s.fail(c, err)
		return
	}
	form := resolutionForm{AdoptedOn: vn.Date(cg.HeldOn)}
	if res != nil {
		form = resolutionForm{AdoptedOn: vn.Date(res.AdoptedOn), VotesFor: strconv.Itoa(res.VotesFor),
			VotesAgainst: strconv.Itoa(res.VotesAgainst), VotesAbstain: strconv.Itoa(res.VotesAbstain),
			Version: strconv.FormatInt(res.Version, 10)}
		for _, sec := range res.Sections {
			form.Sections = append(form.Sections, sectionRow{Title: sec.Title, Body: sec.Body})
		}
	}
	s.renderResolutionForm(c, http.StatusOK, cg, res == nil, form, nil)
}

// saveResolution records or corrects the resolution from the form. The vote is checked against
// the congress's attendance by the store; a stale version is 409 with everything typed kept.
func (s *Server) saveResolution(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	pf := c.Request.PostForm
	form := resolutionForm{AdoptedOn: formText(c, "adopted_on"), VotesFor: formText(c, "votes_for"),
		VotesAgainst: formText(c, "votes_against"), VotesAbstain: formText(c, "votes_abstain"), Version: formText(c, "version")}
	titles, bodies := pf["section_title"], pf["section_body"]
	for i := range max(len(titles), len(bodies)) {
		at := func(list []string) string {
			if i < len(list) {
				return strings.ToValidUTF8(list[i], "")
			}
			return ""
		}
		// Blank rows are dropped here, so the n-th row shown again is the n-th row validated.
		if row := (sectionRow{Title: at(titles), Body: at(bodies)}); strings.TrimSpace(row.Title+row.Body) != "" {
			form.Sections = append(form.Sections, row)
		}
	}
	fe := congress.FieldErrors{}
	r := &store.Resolution{CongressID: cg.ID, Sections: []store.ResolutionSection{}}
	if iso, ok := vn.ParseDate(form.AdoptedOn); ok {
		r.AdoptedOn = iso
	} else if strings.TrimSpace(form.AdoptedOn) != "" {
		fe.Add("adopted_on", fmt.Sprintf("Ngày thông qua %q không đúng dạng ngày/tháng/năm (ví dụ 28/05/2020).", shorten(form.AdoptedOn, 30)))
	}
	r.VotesFor = parseCount(fe, "votes_for", "Số tán thành", form.VotesFor, true)
	r.VotesAgainst = parseCount(fe, "votes_against", "Số không tán thành", form.VotesAgainst, false)
	r.VotesAbstain = parseCount(fe, "votes_abstain", "Số không biểu quyết", form.VotesAbstain, false)
	r.Version, _ = strconv.ParseInt(strings.TrimSpace(form.Version), 10, 64)
	for _, sec := range form.Sections {
		r.Sections = append(r.Sections, store.ResolutionSection{Title: sec.Title, Body: sec.Body})
	}
	err := fe.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.SetResolution(ctx, u, r)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		old, ferr := s.store.FindResolution(ctx, u, cg.ID)
		if ferr != nil && congress.ErrorCode(ferr) != congress.ENOTFOUND {
			s.fail(c, ferr)
			return
		}
		s.renderResolutionForm(c, statusOf(err), cg, old == nil, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets", cg.ID), "Đã lưu nghị quyết của đại hội.")
}

// renderResolutionForm renders the form with what was typed, three blank section rows beyond the
// filled ones (the form works without JavaScript) and, after a refused save, the messages.
func (s *Server) renderResolutionForm(c *gin.Context, status int, cg *congress.Congress, isNew bool, form resolutionForm, saveErr error) {
	p := resolutionFormPage{C: cg, Heading: congressHeading(cg), New: isNew, Form: form, Errors: congress.ErrorFields(saveErr),
		Who: "đảng viên", Action: fmt.Sprintf("/congresses/%d/resolution", cg.ID), Cancel: fmt.Sprintf("/congresses/%d/targets", cg.ID)}
	if cg.Kind == congress.CongressDelegates {
		p.Who = "đại biểu"
	}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if saveErr != nil {
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = targetSummary(p.Errors, resolutionFieldOrder)
	}
	rows := slices.Concat(p.Form.Sections, make([]sectionRow, emptyRows))
	for i := range rows {
		key := fmt.Sprintf("sections[%d].", i)
		rows[i].TitleError, rows[i].BodyError = p.Errors[key+"title"], p.Errors[key+"body"]
	}
	p.Form.Sections = rows
	s.render(c, status, "resolution_form", "Nghị quyết: "+p.Heading, p)
}
