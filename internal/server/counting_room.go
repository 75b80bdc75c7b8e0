package server

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/election"
	"daihoi/internal/store"
)

func init() {
	pageNames = append(pageNames, "counting", "live")
	sections["counting"] = "congresses"
	sections["live"] = "congresses"
}

// candidateKeys are the one-keystroke keys of the counting room, by ballot position: 1…9, 0 for
// the tenth, then a…z. A longer list is entered by typing the number and a separator.
const candidateKeys = "1234567890abcdefghijklmnopqrstuvwxyz"

// keyOf returns the key of the candidate at 0-based position i, or "" past the keys.
func keyOf(i int) string {
	if i < 0 || i >= len(candidateKeys) {
		return ""
	}
	return candidateKeys[i : i+1]
}

// roomCandidate is one line of the counting room's list.
type roomCandidate struct {
	Position int
	Name     string
	Key      string
}

// roomReason is an invalid-ballot reason with the digit that picks it.
type roomReason struct {
	Digit int
	Code  string
	Label string
}

// countingPage is the data of the counting room.
type countingPage struct {
	Round    *store.RoundView
	Congress string
	Title    string
	Slot     int
	// Slots are the piles the clerk may switch to (1 and 2 on a double entry).
	Slots      []int
	Candidates []roomCandidate
	// LongList is a list with more names than keys: positions are typed as numbers.
	LongList  bool
	ListKind  string
	Reasons   []roomReason
	Base      int
	Threshold int
	BackURL   string
	LiveURL   string
	LoginURL  string
}

// roundPageURL is the page of a round, where it is set up and closed (routes_election.go).
func roundPageURL(rv *store.RoundView) string {
	return fmt.Sprintf("/rounds/%d", rv.ID)
}

// showCountingRoom is GET /rounds/{id}/count?slot=N: the counting room of a round entered ballot by
// ballot. The page holds the list and the keys; counting.js loads the ballots from the API, enters
// new ones keyboard-only and keeps those it could not send yet in the browser's storage.
func (s *Server) showCountingRoom(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	rv, err := s.store.FindRoundByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rv.EntryMode != congress.EntryBallots {
		s.fail(c, congress.Errorf(congress.ECONFLICT, "Vòng %d của cuộc bầu %s nhập tổng số, không nhập từng phiếu: hãy ghi kết quả kiểm phiếu ở trang của vòng bầu.",
			rv.Number, rv.Election.BodyLabel()))
		return
	}
	typed, err := querySlot(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	slot, err := roundSlot(rv.DoubleEntry, typed)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := countingPage{Round: rv, Congress: congressHeading(&rv.Congress), Slot: slot, Slots: []int{1},
		ListKind: rv.Election.ListKind, LongList: len(rv.Candidates) > len(candidateKeys),
		Title:   fmt.Sprintf("Kiểm phiếu bầu %s, vòng %d", rv.Election.BodyLabel(), rv.Number),
		BackURL: roundPageURL(rv), LiveURL: fmt.Sprintf("/congresses/%d/live", rv.Congress.ID),
		LoginURL: "/login?next=" + url.QueryEscape(c.Request.URL.RequestURI())}
	if rv.DoubleEntry {
		p.Slots = []int{1, 2}
	}
	for i, cd := range rv.Candidates {
		p.Candidates = append(p.Candidates, roomCandidate{Position: i + 1, Name: cd.FullName, Key: keyOf(i)})
	}
	for i, code := range election.Reasons() {
		p.Reasons = append(p.Reasons, roomReason{Digit: i + 1, Code: code, Label: election.ReasonLabel(code)})
	}
	p.Base = rv.Attendance.Base(rv.Congress.Kind)
	p.Threshold = election.Threshold(p.Base)
	s.render(c, http.StatusOK, "counting", p.Title, p)
}
