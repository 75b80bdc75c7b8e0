package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// figure is a labelled head count on the congress page.
type figure struct {
	Label string
	Value int
}

// congressPage is the data of the congress page.
type congressPage struct {
	C       *congress.Congress
	Heading string
	// Figures are convened, present and absent, then the exclusions of the congress's kind.
	Figures         []figure
	Exclusions      []figure
	Base            int
	BaseExplanation string
	// Threshold is the fewest votes that elect: strictly more than half of the base.
	Threshold int
	// Record is what the congress's elections produced (elections, committee, delegates).
	Record congressRecord
}

// congressHeading is the congress's name as documents write it: "Đại hội Đảng bộ … lần thứ II,
// nhiệm kỳ 2020 – 2025".
func congressHeading(c *congress.Congress) string {
	return fmt.Sprintf("Đại hội %s lần thứ %s, nhiệm kỳ %s", c.OrganizationName, vn.Roman(c.Ordinal), c.TermName())
}

// showCongressPage shows one congress record.
func (s *Server) showCongressPage(c *gin.Context) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return
	}
	cg, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := congressPage{C: cg, Heading: congressHeading(cg), Base: cg.Base()}
	who := "Số đảng viên chính thức"
	if cg.Kind == congress.CongressDelegates {
		who = "Số đại biểu chính thức"
	}
	p.Figures = []figure{
		{who + " được triệu tập", cg.Convened},
		{who + " có mặt", cg.Present},
		{who + " vắng mặt", cg.Absent()},
	}
	if cg.Kind == congress.CongressDelegates {
		p.Exclusions = []figure{
			{"Cấp ủy viên triệu tập vắng mặt cả đại hội", cg.CommitteeAbsent},
			{"Đại biểu chính thức vắng mặt cả đại hội, không có người thay", cg.AbsentNotReplaced},
		}
		p.BaseExplanation = "Cơ sở tính kết quả bầu cử là số đại biểu chính thức được triệu tập, trừ cấp ủy viên " +
			"triệu tập và đại biểu chính thức vắng mặt cả đại hội không có người thay."
	} else {
		p.Exclusions = []figure{
			{"Đảng viên giới thiệu sinh hoạt tạm thời, không dự đại hội", cg.TemporarilyAttachedAbsent},
			{"Đảng viên miễn công tác và sinh hoạt đảng, không dự đại hội", cg.ExemptAbsent},
			{"Đảng viên bị đình chỉ sinh hoạt, bị khởi tố, tạm giam", cg.Suspended},
			{"Đảng viên chính thức vắng mặt cả đại hội có lý do", cg.AbsentWithReason},
		}
		p.BaseExplanation = "Cơ sở tính kết quả bầu cử là số đảng viên chính thức được triệu tập, trừ các trường hợp " +
			"trên; đảng viên dự bị không tính."
	}
	if p.Base > 0 {
		p.Threshold = p.Base/2 + 1
	}
	if p.Record, err = s.congressRecord(c.Request.Context(), currentUser(c), cg); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "congress", p.Heading, p)
}
