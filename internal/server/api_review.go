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

// reviewJSON is a yearly review in the API with the year's own figure and verdict
// (targets.Evaluate); the term's verdict is the term review's.
type reviewJSON struct {
	store.ReviewRecord
	Value        float64         `json:"value"`
	Verdict      targets.Verdict `json:"verdict"`
	VerdictLabel string          `json:"verdict_label"`
}

func toReviewJSON(t targets.Target, r store.ReviewRecord) reviewJSON {
	value, verdict := targets.Evaluate(t, r.Review)
	return reviewJSON{ReviewRecord: r, Value: value, Verdict: verdict, VerdictLabel: reviewVerdictLabel(t, verdict)}
}

// reviewListResponse is a target's reviews by year.
type reviewListResponse struct {
	TargetID int64        `json:"target_id"`
	Items    []reviewJSON `json:"items"`
}

// reviewInput is the body of POST and PUT. congress_id, when sent, is the congress the client
// means: a target of another congress is then refused. The read-only fields of reviewJSON are
// accepted and ignored; the auditor's note is written only through PUT …/note.
type reviewInput struct {
	TargetID    *int64  `json:"target_id"`
	CongressID  *int64  `json:"congress_id"`
	Year        *int    `json:"year"`
	Numerator   *int64  `json:"numerator"`
	Denominator *int64  `json:"denominator"`
	Source      *string `json:"source"`
	Version     *int64  `json:"version"`

	ID            json.RawMessage `json:"id"`
	Value         json.RawMessage `json:"value"`
	Verdict       json.RawMessage `json:"verdict"`
	VerdictLabel  json.RawMessage `json:"verdict_label"`
	Note          json.RawMessage `json:"note"`
	NoteBy        json.RawMessage `json:"note_by"`
	NoteByName    json.RawMessage `json:"note_by_name"`
	NoteAt        json.RawMessage `json:"note_at"`
	CreatedBy     json.RawMessage `json:"created_by"`
	CreatedByName json.RawMessage `json:"created_by_name"`
	Sample        json.RawMessage `json:"sample"`
	CreatedAt     json.RawMessage `json:"created_at"`
	UpdatedAt     json.RawMessage `json:"updated_at"`
}

// review turns the body into a review of target t, recording missing fields.
func (in reviewInput) review(fe congress.FieldErrors, t *store.TargetRecord, update bool) *store.ReviewRecord {
	r := &store.ReviewRecord{Review: targets.Review{TargetID: t.ID}}
	if in.TargetID != nil && *in.TargetID != t.ID {
		fe.Add("target_id", "Số liệu thuộc chỉ tiêu trong đường dẫn; không chuyển sang chỉ tiêu khác.")
	}
	optional(in.CongressID, &r.CongressID)
	need(fe, "year", in.Year, &r.Year)
	need(fe, "numerator", in.Numerator, &r.Numerator)
	optional(in.Denominator, &r.Denominator)
	need(fe, "source", in.Source, &r.Source)
	if update {
		need(fe, "version", in.Version, &r.Version)
	}
	return r
}

// apiListReviews answers a target's reviews by year.
func (s *Server) apiListReviews(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	t, err := s.store.FindTargetByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	list, err := s.store.FindReviews(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := reviewListResponse{TargetID: id, Items: []reviewJSON{}}
	for _, r := range list {
		out.Items = append(out.Items, toReviewJSON(t.Target, r))
	}
	writeJSON(c, http.StatusOK, out)
}

// apiCreateReview records a target's figures for one year: 201 with the stored review.
func (s *Server) apiCreateReview(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	t, err := s.store.FindTargetByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in reviewInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	r := in.review(fe, t, false)
	err = fe.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.CreateReview(ctx, u, r)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.answerReview(c, http.StatusCreated, r.ID)
}

// apiUpdateReview corrects a review; a stale version is 409.
func (s *Server) apiUpdateReview(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	old, err := s.store.FindReviewByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	t, err := s.store.FindTargetByID(ctx, u, old.TargetID)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in reviewInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	r := in.review(fe, t, true)
	r.ID = id
	err = fe.Err(congress.EINVALID, "")
	if err == nil {
		err = s.store.UpdateReview(ctx, u, r)
	}
	if err != nil {
		s.apiError(c, err)
		return
	}
	s.answerReview(c, http.StatusOK, id)
}

// reviewNoteInput is the body of PUT /reviews/{id}/note.
type reviewNoteInput struct {
	Note    *string `json:"note"`
	Version *int64  `json:"version"`
}

// apiSetReviewNote writes the auditor's own note on a review (auditor, admin); an empty note
// clears it. A stale version is 409, another auditor's note 403.
func (s *Server) apiSetReviewNote(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	if _, err := s.store.FindReviewByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in reviewNoteInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	if in.Note == nil {
		missing(fe, "note")
	}
	if in.Version == nil {
		missing(fe, "version")
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	if _, err := s.store.SetReviewNote(ctx, u, id, *in.Version, *in.Note); err != nil {
		s.apiError(c, err)
		return
	}
	s.answerReview(c, http.StatusOK, id)
}

// answerReview answers a review as stored.
func (s *Server) answerReview(c *gin.Context, status int, id int64) {
	ctx := c.Request.Context()
	u := currentUser(c)
	r, err := s.store.FindReviewByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	t, err := s.store.FindTargetByID(ctx, u, r.TargetID)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/reviews/"+strconv.FormatInt(id, 10))
	}
	writeJSON(c, status, toReviewJSON(t.Target, *r))
}
