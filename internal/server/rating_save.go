package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// ratingForm is the rating counts form exactly as typed.
type ratingForm struct {
	Year, Subject, Excellent, Good, Completed, NotCompleted, Source, Version string
}

// ratingFormPage is the data of the rating counts form.
type ratingFormPage struct {
	C       *congress.Congress
	Heading string
	// Existing is the stored counts being corrected; nil when the year and subject have none yet.
	// Correcting keeps the year and subject fixed, so a changed choice can never overwrite
	// another year's counts with this version.
	Existing *store.RatingCountsRecord
	Form     ratingForm
	Errors   map[string]string
	Summary  []string
	Message  string
	Conflict bool
	Years    []int
	Subjects []congress.Option
	Levels   []ratingLevel
	// Linked lists the targets whose reviews the counts derive, by subject code.
	Linked map[string][]string
	Cancel string
}

// ratingLevel is one count input.
type ratingLevel struct {
	Name, Label, Value, Error string
}

// ratingFieldOrder is the order of the rating form's fields.
var ratingFieldOrder = []string{"year", "subject", "excellent", "good", "completed", "not_completed", "source"}

// showRatingForm shows the rating counts form (secretary, admin): ?year=&subject= of counts
// already entered opens them for correction.
func (s *Server) showRatingForm(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	form := ratingForm{Year: c.Query("year"), Subject: c.Query("subject")}
	existing, err := s.findRating(c, cg, form.Year, form.Subject)
	if err != nil {
		s.fail(c, err)
		return
	}
	if existing != nil {
		form = ratingForm{Year: strconv.Itoa(existing.Year), Subject: existing.Subject,
			Excellent: strconv.FormatInt(existing.Excellent, 10), Good: strconv.FormatInt(existing.Good, 10),
			Completed: strconv.FormatInt(existing.Completed, 10), NotCompleted: strconv.FormatInt(existing.NotCompleted, 10),
			Source: existing.Source, Version: strconv.FormatInt(existing.Version, 10)}
	}
	s.renderRatingForm(c, http.StatusOK, cg, existing, form, nil)
}

// saveRatingCounts records a year's rating counts and derives the reviews of the linked targets,
// all in one transaction: if one derived review is refused, nothing is saved.
func (s *Server) saveRatingCounts(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	text := func(name string) string { return formText(c, name) }
	form := ratingForm{Year: text("year"), Subject: text("subject"), Excellent: text("excellent"), Good: text("good"),
		Completed: text("completed"), NotCompleted: text("not_completed"), Source: text("source"), Version: text("version")}
	existing, err := s.findRating(c, cg, form.Year, form.Subject)
	if err != nil {
		s.fail(c, err)
		return
	}
	fe := congress.FieldErrors{}
	rc := &store.RatingCountsRecord{CongressID: cg.ID, Subject: strings.TrimSpace(form.Subject), Source: form.Source}
	rc.Year = parseCount(fe, "year", "Năm", form.Year, true)
	rc.Excellent = parseReviewWhole(fe, "excellent", "Số hoàn thành xuất sắc nhiệm vụ", form.Excellent, false)
	rc.Good = parseReviewWhole(fe, "good", "Số hoàn thành tốt nhiệm vụ", form.Good, false)
	rc.Completed = parseReviewWhole(fe, "completed", "Số hoàn thành nhiệm vụ", form.Completed, false)
	rc.NotCompleted = parseReviewWhole(fe, "not_completed", "Số không hoàn thành nhiệm vụ", form.NotCompleted, false)
	rc.Version, _ = strconv.ParseInt(strings.TrimSpace(form.Version), 10, 64)
	var derived []store.ReviewRecord
	err = fe.Err(congress.EINVALID, "")
	if err == nil {
		derived, err = s.store.SetRatingCounts(c.Request.Context(), currentUser(c), rc)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderRatingForm(c, statusOf(err), cg, existing, form, err)
		return
	}
	msg := fmt.Sprintf("Đã lưu kết quả xếp loại %s năm %d", strings.ToLower(congress.Label(store.RatingSubjects, rc.Subject)), rc.Year)
	if len(derived) > 0 {
		msg += fmt.Sprintf(" và tính lại số liệu của %d chỉ tiêu", len(derived))
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#ratings", cg.ID), msg+".")
}

// findRating returns the counts already entered for the typed year and subject, or nil.
func (s *Server) findRating(c *gin.Context, cg *congress.Congress, year, subject string) (*store.RatingCountsRecord, error) {
	y, err := strconv.Atoi(strings.TrimSpace(year))
	if err != nil {
		return nil, nil
	}
	list, err := s.store.FindRatingCounts(c.Request.Context(), currentUser(c), cg.ID)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Year == y && list[i].Subject == strings.TrimSpace(subject) {
			return &list[i], nil
		}
	}
	return nil, nil
}

// renderRatingForm renders the form with what was typed and, after a refused save, the messages.
func (s *Server) renderRatingForm(c *gin.Context, status int, cg *congress.Congress, existing *store.RatingCountsRecord,
	form ratingForm, saveErr error) {
	p := ratingFormPage{C: cg, Heading: congressHeading(cg), Existing: existing, Form: form,
		Errors: congress.ErrorFields(saveErr), Subjects: store.RatingSubjects, Linked: map[string][]string{},
		Cancel: fmt.Sprintf("/congresses/%d/targets#ratings", cg.ID)}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if saveErr != nil {
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = targetSummary(p.Errors, ratingFieldOrder)
	}
	for y := cg.TermStart; y <= cg.TermEnd; y++ {
		p.Years = append(p.Years, y)
	}
	for _, l := range []struct{ name, value string }{{"excellent", form.Excellent}, {"good", form.Good},
		{"completed", form.Completed}, {"not_completed", form.NotCompleted}} {
		p.Levels = append(p.Levels, ratingLevel{Name: l.name, Label: targets.Rating(l.name).Label(), Value: l.value,
			Error: p.Errors[l.name]})
	}
	list, err := s.store.FindTargets(c.Request.Context(), currentUser(c), cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, t := range numberTargets(list) {
		if t.RatingSubject != "" && t.Measure != "" {
			p.Linked[t.RatingSubject] = append(p.Linked[t.RatingSubject], t.Number+". "+t.Subject+" ("+strings.ToLower(t.Measure.Label())+")")
		}
	}
	s.render(c, status, "rating_form", "Kết quả xếp loại: "+p.Heading, p)
}
