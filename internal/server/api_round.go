package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// roundJSON is a round in the API: attendance nested as in a congress, the ballot list in ballot
// order (A-B-C), and whether it is the election's last round (only that one may be reopened).
type roundJSON struct {
	ID                int64                     `json:"id"`
	ElectionID        int64                     `json:"election_id"`
	CongressID        int64                     `json:"congress_id"`
	Body              string                    `json:"body"`
	Number            int                       `json:"number"`
	Seats             int                       `json:"seats"`
	ListKind          string                    `json:"list_kind"`
	Candidates        []store.RoundCandidate    `json:"candidates"`
	CountingCommittee []congress.CountingMember `json:"counting_committee"`
	Attendance        attendanceJSON            `json:"attendance"`
	EntryMode         string                    `json:"entry_mode"`
	DoubleEntry       bool                      `json:"double_entry"`
	Issued            int                       `json:"issued"`
	Collected         int                       `json:"collected"`
	Valid             int                       `json:"valid"`
	Invalid           int                       `json:"invalid"`
	InvalidReasons    map[string]int            `json:"invalid_reasons"`
	Closed            bool                      `json:"closed"`
	ClosedAt          string                    `json:"closed_at"`
	DocumentNumber    int                       `json:"document_number"`
	Fingerprint       string                    `json:"fingerprint"`
	Last              bool                      `json:"last"`
	Version           int64                     `json:"version"`
	StartedAt         string                    `json:"started_at"`
}

func toRoundJSON(rv *store.RoundView) roundJSON {
	out := roundJSON{ID: rv.ID, ElectionID: rv.ElectionID, CongressID: rv.Congress.ID, Body: rv.Election.Body,
		Number: rv.Number, Seats: rv.Seats, ListKind: rv.Election.ListKind, Candidates: rv.Candidates,
		CountingCommittee: rv.Counters, EntryMode: rv.EntryMode, DoubleEntry: rv.DoubleEntry, Issued: rv.Issued,
		Collected: rv.Collected, Valid: rv.Valid, Invalid: rv.Invalid, InvalidReasons: rv.InvalidReasons,
		Closed: rv.Closed, ClosedAt: rv.ClosedAt, DocumentNumber: rv.DocumentNumber, Fingerprint: rv.Fingerprint,
		Last: rv.Last, Version: rv.Version, StartedAt: rv.StartedAt,
		Attendance: attendanceJSON{Attendance: rv.Attendance, Absent: rv.Attendance.Absent(), Base: rv.Attendance.Base(rv.Congress.Kind)}}
	if out.Candidates == nil {
		out.Candidates = []store.RoundCandidate{}
	}
	return out
}

// roundInput is the body of POST /elections/{id}/rounds (open the next round) and PUT /rounds/{id}
// (its setup). Left out on POST, seats, candidate_ids and attendance take the store's defaults.
type roundInput struct {
	Seats             int                       `json:"seats"`
	CandidateIDs      []int64                   `json:"candidate_ids"`
	CountingCommittee []congress.CountingMember `json:"counting_committee"`
	Attendance        *attendanceInput          `json:"attendance"`
	EntryMode         string                    `json:"entry_mode"`
	DoubleEntry       bool                      `json:"double_entry"`
	Issued            int                       `json:"issued"`
	Version           *int64                    `json:"version"`
}

// apiListRounds lists the rounds of an election.
func (s *Server) apiListRounds(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	ev, err := s.store.FindElectionByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	items := make([]roundJSON, 0, len(ev.Rounds))
	for _, r := range ev.Rounds {
		rv, err := s.store.FindRoundByID(ctx, u, r.ID)
		if err != nil {
			s.apiError(c, err)
			return
		}
		items = append(items, toRoundJSON(rv))
	}
	writeJSON(c, http.StatusOK, gin.H{"items": items})
}

// apiCreateRound opens the next round of an election: 201 with the round.
func (s *Server) apiCreateRound(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	if _, err := s.store.FindElectionByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in roundInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	if in.Version != nil {
		fe := congress.FieldErrors{}
		fe.Add("version", "Vòng bầu mới chưa có phiên bản; bỏ trường version.")
		s.apiError(c, fe.Err(congress.EINVALID, ""))
		return
	}
	r := &congress.Round{Seats: in.Seats, CandidateIDs: in.CandidateIDs, Counters: in.CountingCommittee,
		EntryMode: in.EntryMode, DoubleEntry: in.DoubleEntry, Issued: in.Issued}
	if in.Attendance != nil {
		r.Attendance = in.Attendance.Attendance
	}
	if r.Counters == nil {
		r.Counters = []congress.CountingMember{}
	}
	if err := s.store.CreateRound(ctx, u, id, r); err != nil {
		s.apiError(c, apiFields(err))
		return
	}
	c.Header("Location", "/api/v1/rounds/"+strconv.FormatInt(r.ID, 10))
	s.answerRound(c, http.StatusCreated, r.ID)
}

// apiUpdateRound replaces the setup of an open round: counting committee, attendance at the vote,
// entry mode, double entry and ballots issued. A stale version is 409.
func (s *Server) apiUpdateRound(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	if _, err := s.store.FindRoundByID(ctx, u, id); err != nil {
		s.apiError(c, err)
		return
	}
	var in roundInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	if in.Version == nil {
		missing(fe, "version")
	}
	if in.Attendance == nil {
		missing(fe, "attendance")
	}
	if in.EntryMode == "" {
		missing(fe, "entry_mode")
	}
	if in.Seats != 0 || in.CandidateIDs != nil {
		fe.Add("seats", "Số lượng và danh sách của vòng bầu đặt khi mở vòng; sửa danh sách ở cuộc bầu trước khi có vòng kết thúc.")
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	r := &congress.Round{ID: id, Version: *in.Version, Attendance: in.Attendance.Attendance, Counters: in.CountingCommittee,
		EntryMode: in.EntryMode, DoubleEntry: in.DoubleEntry, Issued: in.Issued}
	if r.Counters == nil {
		r.Counters = []congress.CountingMember{}
	}
	if err := s.store.UpdateRoundSetup(ctx, u, r); err != nil {
		s.apiError(c, apiFields(err))
		return
	}
	s.answerRound(c, http.StatusOK, id)
}

// tallyInput is the body of PUT /rounds/{id}/tally.
type tallyInput struct {
	Version        *int64                 `json:"version"`
	Issued         *int                   `json:"issued"`
	Collected      *int                   `json:"collected"`
	Valid          *int                   `json:"valid"`
	Invalid        *int                   `json:"invalid"`
	InvalidReasons map[string]int         `json:"invalid_reasons"`
	Votes          []store.CandidateTally `json:"votes"`
}

// apiSetTally stores the totals of an open round entered by totals. The engine checks every
// consistency rule; an inconsistent count is 422 naming the fields of this body, a stale version 409.
func (s *Server) apiSetTally(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.apiError(c, errNotFound)
		return
	}
	ctx, u := c.Request.Context(), currentUser(c)
	rv, err := s.store.FindRoundByID(ctx, u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in tallyInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	fe := congress.FieldErrors{}
	t := &store.Tally{InvalidReasons: in.InvalidReasons, VotesList: in.Votes}
	for _, f := range []struct {
		name string
		src  *int
		dst  *int
	}{{"issued", in.Issued, &t.Issued}, {"collected", in.Collected, &t.Collected}, {"valid", in.Valid, &t.Valid}, {"invalid", in.Invalid, &t.Invalid}} {
		if f.src == nil {
			missing(fe, f.name)
		} else {
			*f.dst = *f.src
		}
	}
	need(fe, "version", in.Version, &t.Version)
	if in.Votes == nil {
		missing(fe, "votes")
	}
	seen := map[int64]bool{}
	for i, v := range in.Votes {
		if seen[v.PersonID] {
			fe.Add(fmt.Sprintf("votes[%d].person_id", i), fmt.Sprintf("Người số %d có hai dòng số phiếu.", v.PersonID))
		}
		seen[v.PersonID] = true
	}
	if err := fe.Err(congress.EINVALID, ""); err != nil {
		s.apiError(c, err)
		return
	}
	if err := s.store.SetTally(ctx, u, id, t); err != nil {
		s.apiError(c, tallyFields(err, rv, in.Votes))
		return
	}
	s.answerRound(c, http.StatusOK, id)
}

// tallyFields renames the engine's count-contract paths to the fields of the tally body:
// "ballots.valid" → "valid", "candidates[2].votes" → "votes[k].votes" for the line k of that
// person (the engine numbers candidates in ballot order, the client in its own order).
func tallyFields(err error, rv *store.RoundView, votes []store.CandidateTally) error {
	var e *congress.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	line := map[int64]int{}
	for k, v := range votes {
		line[v.PersonID] = k
	}
	fields := make(map[string]string, len(e.Fields))
	for key, msg := range e.Fields {
		if rest, ok := strings.CutPrefix(key, "ballots."); ok {
			key = rest
		} else if rest, ok := strings.CutPrefix(key, "candidates["); ok {
			if i, err := strconv.Atoi(strings.TrimSuffix(rest, "].votes")); err == nil && i >= 0 && i < len(rv.Candidates) {
				if k, ok := line[rv.Candidates[i].PersonID]; ok {
					key = fmt.Sprintf("votes[%d].votes", k)
				}
			}
		}
		fields[key] = msg
	}
	return &congress.Error{Code: e.Code, Message: e.Message, Fields: fields}
}

// answerRound answers a round as stored.
func (s *Server) answerRound(c *gin.Context, status int, id int64) {
	rv, err := s.store.FindRoundByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, status, toRoundJSON(rv))
}
