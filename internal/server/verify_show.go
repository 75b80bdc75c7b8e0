package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// verifyPage is the data of the verification page.
type verifyPage struct {
	C       *congress.Congress
	Heading string
	Report  *store.VerifyReport
	// Rounds are the problems of this congress's counting rounds; Audit those of the audit
	// chain, which is one chain for the whole database.
	Rounds   []store.VerifyProblem
	Audit    []store.VerifyProblem
	CanAudit bool
}

// showVerifyPage recomputes every closed round of a congress and the audit chain (store.Verify)
// and shows "khớp" or each problem. Verify itself sees every organization, so the congress is
// looked up in the user's scope first: outside it the answer is 404, as for any other page.
func (s *Server) showVerifyPage(c *gin.Context) {
	cg, ok := s.congressOfPath(c)
	if !ok {
		return
	}
	rep, err := s.store.Verify(c.Request.Context(), cg.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	p := verifyPage{C: cg, Heading: congressHeading(cg), Report: rep, CanAudit: u.CanReadAudit()}
	for _, pr := range rep.Problems {
		if pr.Kind == "audit" {
			p.Audit = append(p.Audit, pr)
		} else {
			p.Rounds = append(p.Rounds, pr)
		}
	}
	s.render(c, http.StatusOK, "verify", "Kiểm tra toàn vẹn: "+p.Heading, p)
}
