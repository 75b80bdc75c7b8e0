package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

// ballotInput is the body of POST /api/v1/rounds/{id}/ballots. Positions are 1-based, as the
// clerk reads them off the numbered list: a surplus ballot sends the struck names ("struck") or
// the kept ones ("kept"), an agree/disagree ballot one mark per person ("marks"). An absent
// array and null are the same; [] is a ballot that strikes nobody.
type ballotInput struct {
	Slot *int `json:"slot"`
	// Number is the ballot's number in the pile; 0 or absent lets the server take the next one.
	Number  int      `json:"number"`
	Struck  []int    `json:"struck"`
	Kept    []int    `json:"kept"`
	Marks   []string `json:"marks"`
	Invalid string   `json:"invalid"`
	Note    string   `json:"note"`
	// Clerk names who entered the ballot in the log; the logged-in user by default.
	Clerk string `json:"clerk"`
}

// ballotJSON is a stored ballot as the API shows it, positions 1-based like the input.
type ballotJSON struct {
	ID     int64 `json:"id"`
	Slot   int   `json:"slot"`
	Number int   `json:"number"`
	// Kept and Struck are set on a surplus ballot, Marks on an agree/disagree one.
	Kept   []int    `json:"kept,omitzero"`
	Struck []int    `json:"struck,omitzero"`
	Marks  []string `json:"marks,omitzero"`
	// Invalid is the reason the clerk recorded; Reason the one that holds (the clerk's, or the
	// engine's for a structural defect such as too many names kept); "" on a valid ballot.
	Invalid     string `json:"invalid"`
	Note        string `json:"note"`
	Valid       bool   `json:"valid"`
	Reason      string `json:"reason"`
	ReasonLabel string `json:"reason_label"`
	Clerk       string `json:"clerk"`
	CreatedAt   string `json:"created_at"`
}

// toBallotJSON converts a stored ballot of a list of n names of the given kind.
func toBallotJSON(b store.StoredBallot, kind string, n int) ballotJSON {
	out := ballotJSON{ID: b.ID, Slot: b.Slot, Number: b.Number, Invalid: b.Ballot.Invalid, Note: b.Ballot.Note,
		Valid: b.Reason == "", Reason: b.Reason, Clerk: b.Clerk, CreatedAt: b.CreatedAt}
	if b.Reason != "" {
		out.ReasonLabel = election.ReasonLabel(b.Reason)
	}
	if election.ListKind(kind) == election.ListSurplus {
		kept := make([]bool, n)
		out.Kept, out.Struck = []int{}, []int{}
		for _, k := range b.Ballot.Kept {
			if k >= 0 && k < n {
				kept[k] = true
				out.Kept = append(out.Kept, k+1)
			}
		}
		for i := 0; i < n; i++ {
			if !kept[i] {
				out.Struck = append(out.Struck, i+1)
			}
		}
		return out
	}
	out.Marks = make([]string, len(b.Ballot.Marks))
	for i, m := range b.Ballot.Marks {
		out.Marks[i] = m.String()
	}
	return out
}

// ballot turns the input into the engine's ballot for a list of n names of the given kind,
// checking what the engine cannot see once positions are converted: a position outside the list
// or given twice, both struck and kept, the wrong kind of content for the list. Field keys are the
// input's JSON paths.
func (in *ballotInput) ballot(kind string, n int) (election.Ballot, error) {
	f := congress.FieldErrors{}
	b := election.Ballot{Invalid: strings.TrimSpace(congress.CleanText(in.Invalid)), Note: congress.CleanText(in.Note)}
	if len(b.Invalid) > 64 {
		f.Add("invalid", "Mã lý do phiếu không hợp lệ tối đa 64 ký tự.")
	}
	positions := func(field string, list []int) []int {
		seen := make(map[int]bool, len(list))
		out := make([]int, 0, len(list))
		for i, p := range list {
			key := fmt.Sprintf("%s[%d]", field, i)
			switch {
			case p < 1 || p > n:
				f.Add(key, fmt.Sprintf("Không có người số %d trong danh sách %d người.", p, n))
			case seen[p]:
				f.Add(key, fmt.Sprintf("Người số %d được ghi hai lần trên cùng một phiếu.", p))
			default:
				seen[p] = true
				out = append(out, p-1)
			}
		}
		return out
	}
	switch election.ListKind(kind) {
	case election.ListSurplus:
		if in.Marks != nil {
			f.Add("marks", "Phiếu gạch tên không có ô đồng ý/không đồng ý: gửi struck (tên bị gạch) hoặc kept (tên để lại).")
		}
		switch {
		case in.Struck != nil && in.Kept != nil:
			f.Add("struck", "Gửi struck hoặc kept, không gửi cả hai.")
		case in.Kept != nil:
			b.Kept = positions("kept", in.Kept)
		case in.Struck != nil:
			b = withKept(b, election.Struck(n, positions("struck", in.Struck)...))
		case b.Invalid != "":
			// A ballot ruled invalid may be entered without reading its names.
			b = withKept(b, election.Struck(n))
		default:
			f.Add("struck", "Thiếu trường struck: số thứ tự các tên bị gạch ([] nếu không gạch tên nào).")
		}
	default:
		if in.Struck != nil || in.Kept != nil {
			f.Add("marks", "Phiếu đồng ý/không đồng ý ghi dấu từng người (marks), không gạch tên.")
		}
		switch {
		case in.Marks == nil && b.Invalid != "":
			b.Marks = make([]election.Mark, n) // every box empty: the marks of an invalid ballot are not read
		case in.Marks == nil:
			f.Add("marks", fmt.Sprintf("Thiếu trường marks: %d dấu, mỗi người một dấu (agree, disagree, none, both).", n))
		case len(in.Marks) != n:
			f.Add("marks", fmt.Sprintf("Phiếu phải có đúng %d dấu, mỗi người một dấu (đang có %d).", n, len(in.Marks)))
		default:
			b.Marks = make([]election.Mark, n)
			for i, code := range in.Marks {
				if err := b.Marks[i].UnmarshalText([]byte(code)); err != nil {
					f.Add(fmt.Sprintf("marks[%d]", i), fmt.Sprintf("Dấu %q không hợp lệ: chỉ nhận agree, disagree, none hoặc both.", shorten(code, 20)))
				}
			}
		}
	}
	return b, f.Err(congress.EINVALID, "")
}

// withKept returns b with the kept names of k.
func withKept(b, k election.Ballot) election.Ballot {
	b.Kept = k.Kept
	return b
}

// roundSlot reads the pile of a request (?slot= or the body's slot): 1 when absent; 2 only on a
// round entered twice (double).
func roundSlot(double bool, typed *int) (int, error) {
	slot := 1
	if typed != nil {
		slot = *typed
	}
	if slot != 1 && (slot != 2 || !double) {
		msg := fmt.Sprintf("Chồng phiếu %d không có ở vòng này: chỉ có chồng 1", slot)
		if double {
			msg += " và chồng 2 (nhập hai lần)"
		}
		msg += "."
		return 0, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"slot": msg}}
	}
	return slot, nil
}

// querySlot reads ?slot=; a value that is not a small integer is a 422, never "slot 1".
func querySlot(c *gin.Context) (*int, error) {
	s, ok := c.GetQuery("slot")
	if !ok {
		return nil, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 1000 {
		msg := fmt.Sprintf("Chồng phiếu %q không hợp lệ: 1, hoặc 2 khi nhập hai lần.", shorten(s, 20))
		return nil, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"slot": msg}}
	}
	return &n, nil
}

// ballotRound loads the round of the request for the ballot API: an id that is not one, or a
// round outside the user's scope, is 404.
func (s *Server) ballotRound(c *gin.Context) (*store.RoundView, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return nil, false
	}
	rv, err := s.store.FindRoundByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return rv, true
}

// clerkName is who the log names for a ballot entered by u: the name typed, else their full name,
// as the counting committee signs, else their user name. The log keeps 100 bytes; the cut falls
// between letters, never inside one.
func clerkName(u *congress.User, typed string) string {
	name := congress.CleanText(typed)
	if name == "" {
		name = u.FullName
	}
	if name == "" {
		name = u.Username
	}
	for len(name) > 100 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// apiAddBallot is POST /api/v1/rounds/{id}/ballots: one ballot, stored in one short transaction.
// 201 with the stored ballot (and the reason it is invalid, if it is); 200 with the same ballot
// when it was already stored under that number (a resend after a lost answer); 409 for another
// content under that number or a closed round; 422 for positions outside the list, a wrong pile
// or more ballots than were issued.
func (s *Server) apiAddBallot(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	u := currentUser(c)
	sh, err := s.store.FindBallotShape(c.Request.Context(), u, id)
	if err != nil {
		s.apiError(c, err)
		return
	}
	var in ballotInput
	if err := decodeJSON(c, &in); err != nil {
		s.apiError(c, err)
		return
	}
	slot, err := roundSlot(sh.DoubleEntry, in.Slot)
	if err != nil {
		s.apiError(c, err)
		return
	}
	if in.Number < 0 || in.Number > election.MaxFigure {
		msg := fmt.Sprintf("Số thứ tự phiếu (%d) phải từ 1 đến %d, hoặc 0 để máy tự đánh số.", in.Number, election.MaxFigure)
		s.apiError(c, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"number": msg}})
		return
	}
	b, err := in.ballot(sh.ListKind, sh.Candidates)
	if err != nil {
		s.apiError(c, err)
		return
	}
	// AddBallot checks again, in its transaction, that the round is open and entered by ballots.
	sb, err := s.store.AddBallot(c.Request.Context(), u, sh.RoundID, slot, in.Number, clerkName(u, in.Clerk), b)
	if err != nil {
		s.apiError(c, err)
		return
	}
	status := http.StatusCreated
	if sb.Resent {
		status = http.StatusOK
	}
	writeJSON(c, status, toBallotJSON(*sb, sh.ListKind, sh.Candidates))
}

// apiDeleteLastBallot is DELETE /api/v1/rounds/{id}/ballots/last?slot=N: undoes the last ballot
// of a pile of an open round and answers it as {"deleted": ballot}.
func (s *Server) apiDeleteLastBallot(c *gin.Context) {
	rv, ok := s.ballotRound(c)
	if !ok {
		return
	}
	typed, err := querySlot(c)
	if err != nil {
		s.apiError(c, err)
		return
	}
	slot, err := roundSlot(rv.DoubleEntry, typed)
	if err != nil {
		s.apiError(c, err)
		return
	}
	sb, err := s.store.DeleteLastBallot(c.Request.Context(), currentUser(c), rv.ID, slot)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, gin.H{"deleted": toBallotJSON(*sb, rv.Election.ListKind, len(rv.Candidates))})
}

// roundInfo is what the counting room needs to know of a round.
type roundInfo struct {
	ID          int64  `json:"id"`
	Number      int    `json:"number"`
	ElectionID  int64  `json:"election_id"`
	CongressID  int64  `json:"congress_id"`
	Body        string `json:"body"`
	BodyLabel   string `json:"body_label"`
	ListKind    string `json:"list_kind"`
	Seats       int    `json:"seats"`
	EntryMode   string `json:"entry_mode"`
	DoubleEntry bool   `json:"double_entry"`
	Present     int    `json:"present"`
	Issued      int    `json:"issued"`
	Closed      bool   `json:"closed"`
}

// candidateJSON is one name of a round's ballot, in ballot order.
type candidateJSON struct {
	Position int    `json:"position"`
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
}

// reasonJSON is an invalid-ballot reason the clerk can pick.
type reasonJSON struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// ballotsResponse is GET /api/v1/rounds/{id}/ballots: what the counting room loads at start and
// polls for the other pile of a double entry.
type ballotsResponse struct {
	Round      roundInfo       `json:"round"`
	Slot       int             `json:"slot"`
	Base       int             `json:"base"`
	Threshold  int             `json:"threshold"`
	Candidates []candidateJSON `json:"candidates"`
	Reasons    []reasonJSON    `json:"reasons"`
	// Ballots are the pile's ballots in number order (only those after ?after=N when asked).
	Ballots []ballotJSON `json:"ballots"`
	// Piles counts the ballots of pile 1 and pile 2.
	Piles [2]int `json:"piles"`
	// Differences are the numbers where the two piles of a double entry disagree; the round
	// cannot close while there is one.
	Differences []store.BallotDiff `json:"differences"`
	// Problem says why the round's figures do not count yet ("" when they do).
	Problem string `json:"problem"`
}

// apiListBallots is GET /api/v1/rounds/{id}/ballots?slot=N[&after=M]: a pile's ballots with the
// list, the threshold, the reasons and the differences between the piles. Any user in scope.
func (s *Server) apiListBallots(c *gin.Context) {
	rv, ok := s.ballotRound(c)
	if !ok {
		return
	}
	typed, err := querySlot(c)
	if err != nil {
		s.apiError(c, err)
		return
	}
	slot, err := roundSlot(rv.DoubleEntry, typed)
	if err != nil {
		s.apiError(c, err)
		return
	}
	after := 0
	if a, ok := c.GetQuery("after"); ok {
		if after, err = strconv.Atoi(a); err != nil || after < 0 {
			msg := fmt.Sprintf("Tham số after %q phải là số thứ tự phiếu (số nguyên từ 0).", shorten(a, 20))
			s.apiError(c, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"after": msg}})
			return
		}
	}
	resp, err := s.ballotsState(c.Request.Context(), currentUser(c), rv, slot, after)
	if err != nil {
		s.apiError(c, err)
		return
	}
	writeJSON(c, http.StatusOK, resp)
}

// ballotsState builds the state of a pile from the store's count of the round.
func (s *Server) ballotsState(ctx context.Context, u *congress.User, rv *store.RoundView, slot, after int) (*ballotsResponse, error) {
	list, err := s.store.FindBallots(ctx, u, rv.ID, slot)
	if err != nil {
		return nil, err
	}
	rc, _, err := s.store.CountRound(ctx, u, rv.ID)
	if err != nil {
		return nil, err
	}
	n := len(rv.Candidates)
	resp := &ballotsResponse{Slot: slot, Candidates: make([]candidateJSON, n), Reasons: invalidReasons(),
		Ballots: []ballotJSON{}, Piles: rc.Ballots, Differences: rc.Differences,
		Round: roundInfo{ID: rv.ID, Number: rv.Number, ElectionID: rv.ElectionID, CongressID: rv.Congress.ID,
			Body: rv.Election.Body, BodyLabel: rv.Election.BodyLabel(), ListKind: rv.Election.ListKind, Seats: rv.Seats,
			EntryMode: rv.EntryMode, DoubleEntry: rv.DoubleEntry, Present: rv.Present, Issued: rv.Issued, Closed: rv.Closed}}
	for i, cd := range rv.Candidates {
		resp.Candidates[i] = candidateJSON{Position: i + 1, PersonID: cd.PersonID, Name: cd.FullName}
	}
	for _, b := range list {
		if b.Number > after {
			resp.Ballots = append(resp.Ballots, toBallotJSON(b, rv.Election.ListKind, n))
		}
	}
	if rc.Result != nil {
		resp.Base, resp.Threshold = rc.Result.Base, rc.Result.Threshold
	} else {
		resp.Base = rv.Attendance.Base(rv.Congress.Kind)
		resp.Threshold = election.Threshold(resp.Base)
	}
	if rc.Problem != nil {
		resp.Problem = congress.ErrorMessage(rc.Problem)
	}
	return resp, nil
}

// invalidReasons are the reasons the clerk picks from, in the engine's order.
func invalidReasons() []reasonJSON {
	codes := election.Reasons()
	out := make([]reasonJSON, len(codes))
	for i, code := range codes {
		out[i] = reasonJSON{Code: code, Label: election.ReasonLabel(code)}
	}
	return out
}
