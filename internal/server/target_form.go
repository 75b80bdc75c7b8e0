package server

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// targetForm is the target form exactly as typed, so a figure that is not a number comes back to
// the user as they wrote it.
type targetForm struct {
	Subject, Sentence, Comparator, Value, ValueHigh, Unit, Period, ByYear, Category string
	ParentID, ShareOf, Base, RatingSubject, Measure, Position, Version              string
}

// targetFormOf fills the form from a stored target.
func targetFormOf(t *store.TargetRecord) targetForm {
	f := targetForm{Subject: t.Subject, Sentence: t.Sentence, Comparator: string(t.Comparator),
		Value: figureText(t.Value), Unit: string(t.Unit), Period: string(t.Period), Category: string(t.Category),
		ShareOf: string(t.ShareOf), Base: t.Base, RatingSubject: t.RatingSubject, Measure: string(t.Measure),
		Position: strconv.Itoa(t.Position), Version: strconv.FormatInt(t.Version, 10)}
	if t.Comparator == targets.Between {
		f.ValueHigh = figureText(t.ValueHigh)
	}
	if t.ByYear != 0 {
		f.ByYear = strconv.Itoa(t.ByYear)
	}
	if t.ParentID != nil {
		f.ParentID = strconv.FormatInt(*t.ParentID, 10)
	}
	return f
}

// readTargetForm reads the posted target form.
func readTargetForm(c *gin.Context) targetForm {
	text := func(name string) string { return formText(c, name) }
	return targetForm{Subject: text("subject"), Sentence: text("sentence"), Comparator: text("comparator"),
		Value: text("value"), ValueHigh: text("value_high"), Unit: text("unit"), Period: text("period"),
		ByYear: text("by_year"), Category: text("category"), ParentID: text("parent_id"), ShareOf: text("share_of"),
		Base: text("base"), RatingSubject: text("rating_subject"), Measure: text("measure"),
		Position: text("position"), Version: text("version")}
}

// target turns the typed form into a target of congress congressID; typing errors go into fe
// under the domain's field keys.
func (f targetForm) target(fe congress.FieldErrors, congressID int64) *store.TargetRecord {
	t := &store.TargetRecord{Target: targets.Target{CongressID: congressID, Subject: f.Subject, Sentence: f.Sentence,
		Comparator: targets.Comparator(strings.TrimSpace(f.Comparator)), Unit: targets.Unit(strings.TrimSpace(f.Unit)),
		Period: targets.Period(strings.TrimSpace(f.Period)), Category: targets.Category(strings.TrimSpace(f.Category)),
		ShareOf: targets.ShareOf(strings.TrimSpace(f.ShareOf)), Base: f.Base},
		RatingSubject: strings.TrimSpace(f.RatingSubject), Measure: targets.Measure(strings.TrimSpace(f.Measure))}
	t.Value = parseTargetFigure(fe, "value", "Giá trị chỉ tiêu", f.Value, t.Comparator != targets.None)
	if t.Comparator == targets.Between || strings.TrimSpace(f.ValueHigh) != "" {
		t.ValueHigh = parseTargetFigure(fe, "value_high", "Giá trị cận trên", f.ValueHigh, t.Comparator == targets.Between)
	}
	if strings.TrimSpace(f.ByYear) != "" {
		t.ByYear = parseCount(fe, "by_year", "Năm phải đạt", f.ByYear, false)
	}
	if p := strings.TrimSpace(f.Position); p != "" {
		t.Position = parseCount(fe, "position", "Thứ tự", p, false)
	}
	if p := strings.TrimSpace(f.ParentID); p != "" {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil || id <= 0 {
			fe.Add("parent_id", "Chỉ tiêu cha không hợp lệ.")
		} else {
			t.ParentID = &id
		}
	}
	t.Version, _ = strconv.ParseInt(strings.TrimSpace(f.Version), 10, 64)
	return t
}

// figureText writes a stored figure the way a Vietnamese user types it: "2,5", "95".
func figureText(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}

// figurePattern is a typed figure: digits with "." between thousands and "," before the decimals
// (Vietnamese), or a plain "2.5". Exponents, signs other than a leading minus, NaN and Inf are not
// figures anybody types.
var figurePattern = regexp.MustCompile(`^-?[0-9][0-9.]*(,[0-9]+)?$`)

// figureThousands is a whole number written with "." between thousands: "1.200.000".
var figureThousands = regexp.MustCompile(`^-?[0-9]{1,3}(\.[0-9]{3})+$`)

// parseTargetFigure reads a typed figure for field. In Vietnamese "1.200.000" is a million two hundred
// thousand and "2,5" two and a half; a lone "." followed by other than three digits ("2.5") can
// only be a decimal point. Empty is 0 unless required.
func parseTargetFigure(f congress.FieldErrors, field, label, typed string, required bool) float64 {
	t := strings.ReplaceAll(strings.TrimSpace(typed), " ", "")
	if t == "" {
		if required {
			f.Add(field, fmt.Sprintf("Chưa nhập %s.", lowerFirst(label)))
		}
		return 0
	}
	bad := func() float64 {
		f.Add(field, fmt.Sprintf("%s phải là số (ví dụ 95 hoặc 2,5), không phải %q.", label, shorten(typed, 30)))
		return 0
	}
	if len(t) > 30 || !figurePattern.MatchString(t) {
		return bad()
	}
	intPart, frac, hasFrac := strings.Cut(t, ",")
	switch {
	case strings.Contains(intPart, ".") && figureThousands.MatchString(intPart):
		intPart = strings.ReplaceAll(intPart, ".", "")
	case !hasFrac && strings.Count(intPart, ".") == 1:
		intPart, frac, hasFrac = strings.Cut(intPart, ".")
	case strings.Contains(intPart, "."):
		return bad()
	}
	s := intPart
	if hasFrac {
		s += "." + frac
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			f.Add(field, fmt.Sprintf("%s %q vượt quá giới hạn cho phép.", label, shorten(typed, 30)))
			return 0
		}
		return bad()
	}
	return v
}

// parseReviewWhole reads a typed whole number that may be large (a sum in đồng), with "." between
// thousands allowed. Empty is 0 unless required.
func parseReviewWhole(f congress.FieldErrors, field, label, typed string, required bool) int64 {
	t := strings.ReplaceAll(strings.TrimSpace(typed), " ", "")
	if t == "" {
		if required {
			f.Add(field, fmt.Sprintf("Chưa nhập %s.", lowerFirst(label)))
		}
		return 0
	}
	if figureThousands.MatchString(t) {
		t = strings.ReplaceAll(t, ".", "")
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			f.Add(field, fmt.Sprintf("%s %q vượt quá giới hạn cho phép.", label, shorten(typed, 30)))
		} else {
			f.Add(field, fmt.Sprintf("%s phải là số nguyên, không phải %q.", label, shorten(typed, 30)))
		}
		return 0
	}
	return n
}

// targetFieldOrder is the order of the target form's fields, for the summary at the top.
var targetFieldOrder = []string{"subject", "sentence", "comparator", "value", "value_high", "unit", "period", "by_year",
	"category", "parent_id", "share_of", "base", "rating_subject", "measure", "position", "children", "reviews", "_"}

// targetSummary lists the messages of errs in the given field order, each once; fields not in
// the order come last.
func targetSummary(errs map[string]string, order []string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if m, ok := errs[k]; ok && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	for _, k := range order {
		add(k)
	}
	for _, m := range summarize(errs) {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}
