package server

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// reviewForm is the yearly review form exactly as typed.
type reviewForm struct {
	Year, Numerator, Denominator, Source, Version string
	// CongressID is the congress whose page the form was opened from: a review posted for a
	// target of another congress is refused rather than filed there.
	CongressID string
}

// reviewFormOf fills the form from a stored review.
func reviewFormOf(r *store.ReviewRecord) reviewForm {
	f := reviewForm{Year: strconv.Itoa(r.Year), Numerator: strconv.FormatInt(r.Numerator, 10), Source: r.Source,
		Version: strconv.FormatInt(r.Version, 10), CongressID: strconv.FormatInt(r.CongressID, 10)}
	if r.Denominator != 0 {
		f.Denominator = strconv.FormatInt(r.Denominator, 10)
	}
	return f
}

// readReviewForm reads the posted review form.
func readReviewForm(c *gin.Context) reviewForm {
	text := func(name string) string { return formText(c, name) }
	return reviewForm{Year: text("year"), Numerator: text("numerator"), Denominator: text("denominator"),
		Source: text("source"), Version: text("version"), CongressID: text("congress_id")}
}

// review turns the typed form into a review of target t; typing errors go into fe.
func (f reviewForm) review(fe congress.FieldErrors, t *store.TargetRecord) *store.ReviewRecord {
	r := &store.ReviewRecord{Review: targets.Review{TargetID: t.ID, Source: f.Source}}
	r.Year = parseCount(fe, "year", "Năm", f.Year, true)
	r.Numerator = parseReviewWhole(fe, "numerator", "Tử số", f.Numerator, true)
	r.Denominator = parseReviewWhole(fe, "denominator", "Mẫu số", f.Denominator, t.Unit.IsShare())
	r.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	if s := strings.TrimSpace(f.CongressID); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("target_id", "Không rõ số liệu này được nhập từ trang của đại hội nào; hãy mở lại trang nghị quyết.")
		}
		r.CongressID = id
	}
	return r
}

// reviewTypingErrors completes typing errors, if any, with the domain's messages on the other
// fields; nil when nothing was mistyped.
func reviewTypingErrors(r *store.ReviewRecord, t *store.TargetRecord, cg *congress.Congress, fe congress.FieldErrors) error {
	if len(fe) == 0 {
		return nil
	}
	check := r.Review
	for k, v := range congress.ErrorFields(check.Validate(t.Target, cg.TermStart, cg.TermEnd)) {
		fe.Add(k, v)
	}
	return fe.Err(congress.EINVALID, "")
}

// reviewFieldOrder is the order of the review form's fields.
var reviewFieldOrder = []string{"target_id", "year", "numerator", "denominator", "source"}
