package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
	"daihoi/internal/vn"
)

// attendanceJSON is the attendance of a congress in the API, with the computed absent and base.
type attendanceJSON struct {
	congress.Attendance
	Absent int `json:"absent"`
	Base   int `json:"base"`
}

// congressJSON is a congress in the API: attendance nested, enumerations as their codes.
type congressJSON struct {
	ID               int64                 `json:"id"`
	OrganizationID   int64                 `json:"organization_id"`
	OrganizationName string                `json:"organization_name"`
	OrganizationKind string                `json:"organization_kind"`
	TermID           int64                 `json:"term_id"`
	Term             string                `json:"term"`
	Ordinal          int                   `json:"ordinal"`
	OrdinalRoman     string                `json:"ordinal_roman"`
	Kind             string                `json:"kind"`
	Ruleset          string                `json:"ruleset"`
	HeldOn           string                `json:"held_on"`
	Place            string                `json:"place"`
	Attendance       attendanceJSON        `json:"attendance"`
	Guests           []congress.Guest      `json:"guests"`
	PastResults      []congress.PastResult `json:"past_results"`
	Notes            string                `json:"notes"`
	State            string                `json:"state"`
	ReportedOn       string                `json:"reported_on"`
	DecidedOn        string                `json:"decided_on"`
	Sample           bool                  `json:"sample"`
	Version          int64                 `json:"version"`
	CreatedAt        string                `json:"created_at"`
	UpdatedAt        string                `json:"updated_at"`
}

func toCongressJSON(c *congress.Congress) congressJSON {
	out := congressJSON{
		ID: c.ID, OrganizationID: c.OrganizationID, OrganizationName: c.OrganizationName,
		OrganizationKind: c.OrganizationKind, TermID: c.TermID, Term: c.TermName(), Ordinal: c.Ordinal,
		OrdinalRoman: vn.Roman(c.Ordinal), Kind: c.Kind, Ruleset: c.Ruleset, HeldOn: c.HeldOn, Place: c.Place,
		Attendance: attendanceJSON{Attendance: c.Attendance, Absent: c.Absent(), Base: c.Base()},
		Guests:     c.Guests, PastResults: c.PastResults, Notes: c.Notes, State: c.State,
		ReportedOn: c.ReportedOn, DecidedOn: c.DecidedOn, Sample: c.Sample, Version: c.Version,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
	}
	if out.Guests == nil {
		out.Guests = []congress.Guest{}
	}
	if out.PastResults == nil {
		out.PastResults = []congress.PastResult{}
	}
	return out
}

// attendanceInput is the attendance a client sends; absent and base are computed, accepted so
// that a congress read from the API can be sent back, and ignored.
type attendanceInput struct {
	congress.Attendance
	Absent json.RawMessage `json:"absent"`
	Base   json.RawMessage `json:"base"`
}

// congressInput is the body of POST and PUT. Pointers tell a missing field from a zero one.
// The read-only fields of congressJSON are accepted and ignored for the same reason as above.
type congressInput struct {
	OrganizationID *int64                `json:"organization_id"`
	TermID         *int64                `json:"term_id"`
	Ordinal        *int                  `json:"ordinal"`
	Kind           *string               `json:"kind"`
	Ruleset        *string               `json:"ruleset"`
	HeldOn         string                `json:"held_on"`
	Place          string                `json:"place"`
	Attendance     attendanceInput       `json:"attendance"`
	Guests         []congress.Guest      `json:"guests"`
	PastResults    []congress.PastResult `json:"past_results"`
	Notes          string                `json:"notes"`
	State          string                `json:"state"`
	ReportedOn     string                `json:"reported_on"`
	DecidedOn      string                `json:"decided_on"`
	Version        *int64                `json:"version"`

	ID               json.RawMessage `json:"id"`
	OrganizationName json.RawMessage `json:"organization_name"`
	OrganizationKind json.RawMessage `json:"organization_kind"`
	Term             json.RawMessage `json:"term"`
	OrdinalRoman     json.RawMessage `json:"ordinal_roman"`
	Sample           json.RawMessage `json:"sample"`
	CreatedAt        json.RawMessage `json:"created_at"`
	UpdatedAt        json.RawMessage `json:"updated_at"`
}

// congress turns the body into a congress, recording missing fields and unreadable dates.
func (in congressInput) congress(fe congress.FieldErrors, update bool) *congress.Congress {
	c := &congress.Congress{Place: in.Place, Attendance: in.Attendance.Attendance, Guests: in.Guests,
		PastResults: in.PastResults, Notes: in.Notes, State: in.State}
	if c.Guests == nil {
		c.Guests = []congress.Guest{}
	}
	if c.PastResults == nil {
		c.PastResults = []congress.PastResult{}
	}
	if !update {
		need(fe, "organization_id", in.OrganizationID, &c.OrganizationID)
	}
	if update {
		need(fe, "version", in.Version, &c.Version)
	}
	need(fe, "term_id", in.TermID, &c.TermID)
	need(fe, "ordinal", in.Ordinal, &c.Ordinal)
	need(fe, "kind", in.Kind, &c.Kind)
	need(fe, "ruleset", in.Ruleset, &c.Ruleset)
	for _, d := range []struct {
		field, typed string
		dst          *string
	}{{"held_on", in.HeldOn, &c.HeldOn}, {"reported_on", in.ReportedOn, &c.ReportedOn}, {"decided_on", in.DecidedOn, &c.DecidedOn}} {
		if strings.TrimSpace(d.typed) == "" {
			continue
		}
		iso, ok := vn.ParseDate(d.typed)
		if !ok {
			fe.Add(d.field, fmt.Sprintf("Ngày %q không đúng dạng YYYY-MM-DD.", shorten(d.typed, 30)))
			continue
		}
		*d.dst = iso
	}
	return c
}

// attendanceFields are the domain's attendance keys, which the API nests under "attendance".
var attendanceFields = map[string]bool{
	"convened": true, "present": true, "temporarily_attached_absent": true, "exempt_absent": true,
	"suspended": true, "absent_with_reason": true, "committee_absent": true, "absent_not_replaced": true,
}

// apiFields renames the domain's field keys to the API's JSON paths.
func apiFields(err error) error {
	var e *congress.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	fields := make(map[string]string, len(e.Fields))
	for k, v := range e.Fields {
		if attendanceFields[k] {
			k = "attendance." + k
		}
		fields[k] = v
	}
	return &congress.Error{Code: e.Code, Message: e.Message, Fields: fields}
}

// congressListResponse is one page of congresses and how many match in all. The store stops
// counting past store.CongressCountCap: then total is the cap plus one and total_capped is true,
// meaning "more than the cap".
type congressListResponse struct {
	Items       []congressJSON `json:"items"`
	Total       int            `json:"total"`
	TotalCapped bool           `json:"total_capped"`
	Offset      int            `json:"offset"`
	Limit       int            `json:"limit"`
}

// apiListCongresses lists congresses in scope with the list page's filters; parameters that
// cannot be right are a 422, not silently dropped.
func (s *Server) apiListCongresses(c *gin.Context) {
	fe := congress.FieldErrors{}
	f := store.CongressFilter{Query: shorten(c.Query("q"), 200), State: c.Query("state"), Sort: c.Query("sort"), Limit: pageSize}
	f.TermID, _ = queryInt(c, fe, "term_id", 1, 1<<53)
	f.OrganizationID, _ = queryInt(c, fe, "organization_id", 1, 1<<53)
	if n, ok := queryInt(c, fe, "offset", 0, 1<<40); ok {
		f.Offset = int(n)
	}
	if n, ok := queryInt(c, fe, "limit", 1, 500); ok {
		f.Limit = int(n)
	}
	if f.State != "" && congress.Label(congress.CongressStates, f.State) == f.State {
		fe.Add("state", fmt.Sprintf("Trạng thái %q không hợp lệ.", shorten(f.State, 30)))
	}
	if f.Sort != "" && f.Sort != "date" && congress.Label(congressSorts, f.Sort) == f.Sort {
		fe.Add("sort", fmt.Sprintf("Cách sắp xếp %q không hợp lệ; dùng date, -date, number, org, state hoặc recent.", shorten(f.Sort, 30)))
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	list, total, err := s.store.FindCongresses(c.Request.Context(), currentUser(c), f)
	if err != nil {
		s.apiError(c, err)
		return
	}
	out := congressListResponse{Items: make([]congressJSON, len(list)), Total: total,
		TotalCapped: total > store.CongressCountCap, Offset: f.Offset, Limit: f.Limit}
	for i := range list {
		out.Items[i] = toCongressJSON(&list[i])
	}
	writeJSON(c, http.StatusOK, out)
}

// apiShowCongress answers one congress with its guests and past results.
func (s *Server) apiShowCongress(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	cg, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, toCongressJSON(cg))
}

// apiCreateCongress records a new congress: 201 with the stored record.
func (s *Server) apiCreateCongress(c *gin.Context) {
	var in congressInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	ctx := c.Request.Context()
	fe := congress.FieldErrors{}
	cg := in.congress(fe, false)
	err := s.typingErrors(ctx, cg, fe)
	if err == nil {
		err = s.store.CreateCongress(ctx, currentUser(c), cg)
	}
	if err != nil {
		s.apiError(c, apiFields(err))
		return
	}
	s.answerCongress(ctx, c, http.StatusCreated, cg.ID)
}

// apiUpdateCongress replaces a congress. The body carries the version it was read at; a stale
// one is 409.
func (s *Server) apiUpdateCongress(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx := c.Request.Context()
	u := currentUser(c)
	old, err := s.store.FindCongressByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in congressInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	cg := in.congress(fe, true)
	if in.OrganizationID != nil && *in.OrganizationID != old.OrganizationID {
		fe.Add("organization_id", "Không thể chuyển đại hội sang tổ chức đảng khác.")
	}
	cg.ID, cg.OrganizationID = id, old.OrganizationID
	err = s.typingErrors(ctx, cg, fe)
	if err == nil {
		err = s.store.UpdateCongress(ctx, u, cg)
	}
	if err != nil {
		s.apiError(c, apiFields(err))
		return
	}
	s.answerCongress(ctx, c, http.StatusOK, id)
}

// answerCongress answers the congress as stored after a write.
func (s *Server) answerCongress(ctx context.Context, c *gin.Context, status int, id int64) {
	cg, err := s.store.FindCongressByID(ctx, currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if status == http.StatusCreated {
		c.Header("Location", "/api/v1/congresses/"+strconv.FormatInt(id, 10))
	}
	writeJSON(c, status, toCongressJSON(cg))
}
