package server

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/reports"
)

// xlsxType is the media type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// downloadMinutes answers a closed round's counting minutes as an Excel workbook (the minutes
// sheet, then the ballot-entry log sheet for a round entered ballot by ballot).
func (s *Server) downloadMinutes(c *gin.Context) {
	rv, ok := s.congressRoundParam(c)
	if !ok {
		return
	}
	if !rv.Closed {
		s.fail(c, errRoundOpen(rv))
		return
	}
	m, err := minutesFor(c.Request.Context(), s.store, currentUser(c), rv.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	// Built in memory first: a failure is still an error page, never half a file.
	var buf bytes.Buffer
	if err := reports.WriteMinutes(&buf, []reports.Minutes{m}); err != nil {
		s.fail(c, err)
		return
	}
	// An ASCII name from the body's code ("delegate_official" → "delegate-official").
	name := fmt.Sprintf("bien-ban-kiem-phieu-%s-vong-%d.xlsx", strings.ReplaceAll(rv.Election.Body, "_", "-"), rv.Number)
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, xlsxType, buf.Bytes())
}
