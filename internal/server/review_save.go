package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
	"daihoi/internal/vn"
)

// reviewFormPage is the data of the new and edit review forms.
type reviewFormPage struct {
	New     bool
	C       *congress.Congress
	Heading string
	Target  targetView
	// Review is the stored review being edited; nil on the new form.
	Review         *store.ReviewRecord
	Action, Cancel string
	Form           reviewForm
	Errors         map[string]string
	Summary        []string
	Message        string
	Conflict       bool
	Years          []reviewYear
	// ShareHint explains the figures for a share; ParentHint gives the parent's figures a
	// sub-target's whole must match, year by year.
	ShareHint   string
	ParentHint  string
	ParentYears []string
	// Derived warns that the target's reviews come from the rating counts, which overwrite a
	// typed figure when they are entered again.
	Derived string
}

// reviewYear is a year the review form offers; Taken marks one that already has figures, which
// are corrected rather than entered again.
type reviewYear struct {
	Year  int
	Taken bool
}

// showReviewCreatePage shows an empty review form for a target (secretary, admin); ?year=
// chooses the year.
func (s *Server) showReviewCreatePage(c *gin.Context) {
	t, cg, ok := s.targetOfPath(c)
	if !ok {
		return
	}
	form := reviewForm{CongressID: strconv.FormatInt(cg.ID, 10)}
	if y, err := strconv.Atoi(c.Query("year")); err == nil && y >= cg.TermStart && y <= cg.TermEnd {
		form.Year = strconv.Itoa(y)
	}
	s.renderReviewForm(c, http.StatusOK, cg, t, nil, form, nil)
}

// showReviewEditPage shows the form of a stored review.
func (s *Server) showReviewEditPage(c *gin.Context) {
	r, t, cg, ok := s.reviewOfPath(c)
	if !ok {
		return
	}
	s.renderReviewForm(c, http.StatusOK, cg, t, r, reviewFormOf(r), nil)
}

// createReview records a target's figures for one year from the form.
func (s *Server) createReview(c *gin.Context) {
	t, cg, ok := s.targetOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readReviewForm(c)
	fe := congress.FieldErrors{}
	r := form.review(fe, t)
	err := reviewTypingErrors(r, t, cg, fe)
	if err == nil {
		err = s.store.CreateReview(c.Request.Context(), currentUser(c), r)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderReviewForm(c, statusOf(err), cg, t, nil, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID),
		fmt.Sprintf("Đã lưu số liệu năm %d của chỉ tiêu “%s”.", r.Year, t.Subject))
}

// updateReview saves the edit form of a review; a stale version is 409 with everything typed kept.
func (s *Server) updateReview(c *gin.Context) {
	old, t, cg, ok := s.reviewOfPath(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := readReviewForm(c)
	fe := congress.FieldErrors{}
	r := form.review(fe, t)
	r.ID = old.ID
	err := reviewTypingErrors(r, t, cg, fe)
	if err == nil {
		err = s.store.UpdateReview(c.Request.Context(), currentUser(c), r)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(c, err)
			return
		}
		s.renderReviewForm(c, statusOf(err), cg, t, old, form, err)
		return
	}
	s.redirectWithFlash(c, fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID),
		fmt.Sprintf("Đã lưu số liệu năm %d của chỉ tiêu “%s”.", r.Year, t.Subject))
}

// renderReviewForm renders the new form (old is nil) or the edit form of old.
func (s *Server) renderReviewForm(c *gin.Context, status int, cg *congress.Congress, t *store.TargetRecord,
	old *store.ReviewRecord, form reviewForm, saveErr error) {
	ctx := c.Request.Context()
	u := currentUser(c)
	p := reviewFormPage{New: old == nil, C: cg, Heading: congressHeading(cg), Review: old, Form: form,
		Errors: congress.ErrorFields(saveErr), Derived: ratingText(*t)}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if saveErr != nil {
		p.Message = congress.ErrorMessage(saveErr)
		p.Conflict = congress.ErrorCode(saveErr) == congress.ECONFLICT
		p.Summary = targetSummary(p.Errors, reviewFieldOrder)
	}
	views, err := s.numberedTarget(ctx, u, t)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Target = views
	existing, err := s.store.FindReviews(ctx, u, t.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for y := cg.TermStart; y <= cg.TermEnd; y++ {
		taken := slices.ContainsFunc(existing, func(r store.ReviewRecord) bool { return r.Year == y && (old == nil || r.ID != old.ID) })
		p.Years = append(p.Years, reviewYear{Year: y, Taken: taken})
	}
	if t.Unit.IsShare() {
		p.ShareHint = "Tỷ lệ được tính bằng tử số chia mẫu số, ví dụ 19 đảng viên hoàn thành tốt nhiệm vụ trở lên trên 20 đảng viên được đánh giá."
	} else if t.Unit == targets.Money {
		p.ShareHint = "Nhập số tiền (đồng) vào ô tử số; chỉ tiêu tính bằng tiền không có mẫu số."
	} else {
		p.ShareHint = "Nhập số lượng đạt được vào ô tử số; mẫu số (tổng số để đối chiếu) có thể để trống."
	}
	if t.ParentID != nil && t.ShareOf != targets.ShareOfSubject && t.ShareOf != targets.ShareOfText {
		if parent, err := s.store.FindTargetByID(ctx, u, *t.ParentID); err == nil {
			if t.ShareOf == targets.ShareOfParentNumerator {
				p.ParentHint = "Mẫu số phải bằng tử số của chỉ tiêu cha “" + parent.Subject + "” cùng năm:"
			} else {
				p.ParentHint = "Mẫu số phải bằng mẫu số của chỉ tiêu cha “" + parent.Subject + "” cùng năm:"
			}
			if list, err := s.store.FindReviews(ctx, u, parent.ID); err == nil {
				for _, pr := range list {
					n := pr.Numerator
					if t.ShareOf != targets.ShareOfParentNumerator {
						n = pr.Denominator
					}
					p.ParentYears = append(p.ParentYears, fmt.Sprintf("năm %d: %s", pr.Year, vn.FormatInt(n)))
				}
			}
		}
	}
	p.Cancel = fmt.Sprintf("/congresses/%d/targets#target-%d", cg.ID, t.ID)
	title := "Nhập số liệu: " + t.Subject
	if p.New {
		p.Action = fmt.Sprintf("/targets/%d/reviews", t.ID)
	} else {
		p.Action = fmt.Sprintf("/reviews/%d", old.ID)
		title = fmt.Sprintf("Sửa số liệu năm %d: %s", old.Year, t.Subject)
	}
	s.render(c, status, "review_form", title, p)
}

// numberedTarget returns t with its number in the resolution, as the pages show it.
func (s *Server) numberedTarget(ctx context.Context, u *congress.User, t *store.TargetRecord) (targetView, error) {
	list, err := s.store.FindTargets(ctx, u, t.CongressID)
	if err != nil {
		return targetView{}, err
	}
	for _, v := range numberTargets(list) {
		if v.ID == t.ID {
			return v, nil
		}
	}
	return targetView{TargetRecord: *t, Phrase: t.Phrase()}, nil
}

// reviewOfPath loads the review named by the :id of the path with its target and congress, in the
// user's scope; on failure it has already answered.
func (s *Server) reviewOfPath(c *gin.Context) (*store.ReviewRecord, *store.TargetRecord, *congress.Congress, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, nil, nil, false
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	r, err := s.store.FindReviewByID(ctx, u, id)
	if err != nil {
		s.fail(c, err)
		return nil, nil, nil, false
	}
	t, err := s.store.FindTargetByID(ctx, u, r.TargetID)
	if err != nil {
		s.fail(c, err)
		return nil, nil, nil, false
	}
	cg, err := s.store.FindCongressByID(ctx, u, t.CongressID)
	if err != nil {
		s.fail(c, err)
		return nil, nil, nil, false
	}
	return r, t, cg, true
}
