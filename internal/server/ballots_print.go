package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

func init() {
	pageNames = append(pageNames, "ballots_print")
	sections["ballots_print"] = "congresses"
}

// maxBallotCopies bounds one print run; a large congress prints in several.
const maxBallotCopies = 1000

// ballotsPage is the print view of a round's ballots.
type ballotsPage struct {
	CongressID, RoundID         int64
	Superior, Issuer, IssuerSub string
	Number, DateLine            string
	Title, Subtitle             string
	Round                       int
	Seats                       int
	Agree                       bool
	Names                       []ballotLine
	Instructions                []string
	Copies                      []int
	CopiesText                  string
}

// ballotLine is a numbered name on the ballot.
type ballotLine struct {
	No   int
	Name string
}

// showBallotsPrint shows the printable ballots of a round: the names in A-B-C order, as a surplus
// list to strike through, or, for a list without surplus, the four-column layout (STT, Họ và
// tên, Đồng ý, Không đồng ý). ?copies=N prints N ballots (2 by default: two fit an A4 page).
func (s *Server) showBallotsPrint(c *gin.Context) {
	rv, ok := s.congressRoundParam(c)
	if !ok {
		return
	}
	copies := 2
	if q := strings.TrimSpace(c.Query("copies")); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 1 || n > maxBallotCopies {
			msg := fmt.Sprintf("Số bản in (copies) phải là số nguyên từ 1 đến %d.", maxBallotCopies)
			s.fail(c, &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"copies": msg}})
			return
		}
		copies = n
	}
	cg := &rv.Congress
	h, superior, err := documentHeader(c.Request.Context(), s.store, cg)
	if err != nil {
		s.fail(c, err)
		return
	}
	title := electionTitle(cg, rv.Election.Body, superior)
	p := ballotsPage{CongressID: cg.ID, RoundID: rv.ID, Superior: keepTerm(strings.ToUpper(h.Superior)), Issuer: keepTerm(strings.ToUpper(h.Issuer)),
		IssuerSub: keepTerm(strings.ToUpper(h.IssuerSub)), DateLine: strings.TrimPrefix(h.Place+", ngày … tháng … năm …", ", "),
		Title: "PHIẾU BẦU CỬ", Subtitle: keepTerm(upperFirst(strings.TrimPrefix(title, "Bầu "))), Round: rv.Number, Seats: rv.Seats,
		Agree: rv.Election.ListKind == congress.ListAgreeDisagree, CopiesText: strconv.Itoa(copies)}
	// Ballots are dated the day of the congress when it is known.
	if t, err := time.Parse("2006-01-02", cg.HeldOn); err == nil {
		p.DateLine = vn.DocumentDate(h.Place, t)
	}
	for i, cd := range rv.Candidates {
		p.Names = append(p.Names, ballotLine{No: i + 1, Name: cd.BallotName})
	}
	if p.Agree {
		p.Instructions = []string{"Đánh dấu (X) vào một trong hai ô «Đồng ý» hoặc «Không đồng ý» ở dòng của từng đồng chí."}
		if len(p.Names) == 1 {
			p.Instructions = append(p.Instructions, "Phiếu đánh dấu cả hai ô hoặc không đánh dấu ô nào là phiếu không hợp lệ.")
		} else {
			p.Instructions = append(p.Instructions, fmt.Sprintf("Chỉ đồng ý nhiều nhất %s; phiếu đồng ý nhiều hơn số lượng cần bầu là phiếu không hợp lệ.",
				countWord(rv.Seats, "đồng chí")))
		}
	} else {
		p.Instructions = []string{
			"Đồng ý bầu đồng chí nào thì để nguyên họ tên; không đồng ý bầu đồng chí nào thì gạch ngang cả họ và tên đồng chí đó.",
			fmt.Sprintf("Số lượng cần bầu: %s. Phiếu để lại nhiều hơn %s, hoặc gạch tên tất cả, là phiếu không hợp lệ.",
				countWord(rv.Seats, "đồng chí"), countWord(rv.Seats, "tên")),
		}
	}
	p.Instructions = append(p.Instructions, "Phiếu không có dấu của Ban kiểm phiếu là phiếu không hợp lệ.")
	for i := range copies {
		p.Copies = append(p.Copies, i+1)
	}
	s.render(c, http.StatusOK, "ballots_print", fmt.Sprintf("Phiếu bầu vòng %d — Bầu %s", rv.Number, rv.Election.BodyLabel()), p)
}
