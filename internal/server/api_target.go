package server

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/targets"
)

// targetJSON is a target in the API: the stored record with its number in the resolution and its
// requirement in words.
type targetJSON struct {
	store.TargetRecord
	Number string `json:"number"`
	Phrase string `json:"phrase"`
}

func toTargetJSON(v targetView) targetJSON {
	return targetJSON{TargetRecord: v.TargetRecord, Number: v.Number, Phrase: v.Phrase}
}

// targetListResponse is a congress's resolution and its targets.
type targetListResponse struct {
	CongressID int64 `json:"congress_id"`
	// Resolution is null until the congress records it.
	Resolution *store.Resolution `json:"resolution"`
	Items      []targetJSON      `json:"items"`
}

// targetInput is the body of POST and PUT. Pointers tell a missing field from a zero one; the
// read-only fields of targetJSON are accepted and ignored, so a target read from the API can be
// sent back.
type targetInput struct {
	Subject       *string  `json:"subject"`
	Comparator    *string  `json:"comparator"`
	Value         *float64 `json:"value"`
	ValueHigh     *float64 `json:"value_high"`
	Unit          *string  `json:"unit"`
	Period        *string  `json:"period"`
	ByYear        *int     `json:"by_year"`
	Category      *string  `json:"category"`
	Sentence      *string  `json:"sentence"`
	ParentID      *int64   `json:"parent_id"`
	ShareOf       *string  `json:"share_of"`
	Base          *string  `json:"base"`
	Position      *int     `json:"position"`
	RatingSubject *string  `json:"rating_subject"`
	Measure       *string  `json:"measure"`
	CongressID    *int64   `json:"congress_id"`
	Version       *int64   `json:"version"`

	ID        json.RawMessage `json:"id"`
	Number    json.RawMessage `json:"number"`
	Phrase    json.RawMessage `json:"phrase"`
	Sample    json.RawMessage `json:"sample"`
	CreatedAt json.RawMessage `json:"created_at"`
	UpdatedAt json.RawMessage `json:"updated_at"`
}

// target turns the body into a target of congressID, recording missing required fields.
func (in targetInput) target(fe congress.FieldErrors, congressID int64, update bool) *store.TargetRecord {
	t := &store.TargetRecord{Target: targets.Target{CongressID: congressID, ParentID: in.ParentID}}
	str := func(field string, p *string, required bool) string {
		if p == nil {
			if required {
				missing(fe, field)
			}
			return ""
		}
		return *p
	}
	t.Subject = str("subject", in.Subject, true)
	t.Comparator = targets.Comparator(str("comparator", in.Comparator, true))
	t.Unit = targets.Unit(str("unit", in.Unit, true))
	t.Period = targets.Period(str("period", in.Period, true))
	t.Category = targets.Category(str("category", in.Category, true))
	t.Sentence = str("sentence", in.Sentence, true)
	t.ShareOf = targets.ShareOf(str("share_of", in.ShareOf, false))
	t.Base = str("base", in.Base, false)
	t.RatingSubject = str("rating_subject", in.RatingSubject, false)
	t.Measure = targets.Measure(str("measure", in.Measure, false))
	switch {
	case in.Value != nil:
		t.Value = *in.Value
	case t.Comparator != targets.None:
		// "Không có" needs no figure; every other comparator does, and 0 is not a default.
		missing(fe, "value")
	}
	optional(in.ValueHigh, &t.ValueHigh)
	optional(in.ByYear, &t.ByYear)
	optional(in.Position, &t.Position)
	if in.CongressID != nil && *in.CongressID != congressID {
		fe.Add("congress_id", "Chỉ tiêu thuộc đại hội trong đường dẫn; không chuyển sang đại hội khác.")
	}
	if update {
		need(fe, "version", in.Version, &t.Version)
	}
	return t
}

// apiListTargets answers a congress's resolution and its targets in resolution order.
func (s *Server) apiListTargets(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	list, err := s.store.FindTargets(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := targetListResponse{CongressID: id, Items: []targetJSON{}}
	if out.Resolution, err = s.store.FindResolution(ctx, u, id); err != nil {
		if congress.ErrorCode(err) != congress.ENOTFOUND {
			s.apiError(c, err)
			return
		}
	} else {
		out.Resolution.Targets = nil // listed once, in items
	}
	for _, v := range numberTargets(list) {
		out.Items = append(out.Items, toTargetJSON(v))
	}
	writeJSON(c, http.StatusOK, out)
}

// apiCreateTarget adds a target to a congress's resolution: 201 with the stored target.
func (s *Server) apiCreateTarget(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	if _, err := s.store.FindCongressByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in targetInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	t := in.target(fe, id, false)
	err := targetTypingErrors(t, fe)
	if err == nil {
		err = s.store.CreateTarget(ctx, u, t)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.answerTarget(c, http.StatusCreated, t.ID)
}

// apiUpdateTarget replaces a target. The body carries the version it was read at; a stale one is
// 409.
func (s *Server) apiUpdateTarget(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	old, err := s.store.FindTargetByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in targetInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	t := in.target(fe, old.CongressID, true)
	t.ID = id
	err = targetTypingErrors(t, fe)
	if err == nil {
		err = s.store.UpdateTarget(ctx, u, t)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.answerTarget(c, http.StatusOK, id)
}

// answerTarget answers a target as stored, numbered within its resolution.
func (s *Server) answerTarget(c *gin.Context, status int, id int64) {
	ctx := c.Request.Context()
	u := currentUser(c)
	t, err := s.store.FindTargetByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	v, err := s.numberedTarget(ctx, u, t)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/targets/"+strconv.FormatInt(id, 10))
	}
	writeJSON(c, status, toTargetJSON(v))
}
