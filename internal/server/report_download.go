package server

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/store"
)

// exportFunc writes one report of the higher committee (ExportCongresses …).
type exportFunc func(ctx context.Context, st *store.Store, rq ReportRequest, w io.Writer) error

// reportMediaType is the media type of an Excel workbook.
const reportMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// lazyDownload sets the download's headers at its first byte: until then a failure can still be
// answered with the error page, without an attachment header that would save it as a workbook.
type lazyDownload struct {
	c        *gin.Context
	filename string
	started  bool
}

func (d *lazyDownload) Write(p []byte) (int, error) {
	if !d.started {
		d.started = true
		h := d.c.Writer.Header()
		h.Set("Content-Type", reportMediaType)
		h.Set("Content-Disposition", `attachment; filename="`+d.filename+`"`)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		d.c.Status(http.StatusOK)
	}
	return d.c.Writer.Write(p)
}

// parseReportTerm reads the term of a report's query: an id ("3") or years ("2020-2025"); 0 when
// absent. Anything else, or an unknown term, is ENOTFOUND, like an unknown id.
func (s *Server) parseReportTerm(c *gin.Context) (int64, error) {
	text := strings.TrimSpace(c.Query("term"))
	if text == "" {
		return 0, nil
	}
	if id := queryID(c, "term"); id > 0 {
		if _, err := s.store.FindTermByID(c.Request.Context(), id); err != nil {
			return 0, err
		}
		return id, nil
	}
	a, b, ok := strings.Cut(strings.ReplaceAll(text, "–", "-"), "-")
	start, err1 := strconv.Atoi(strings.TrimSpace(a))
	end, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil {
		return 0, errNotFound
	}
	t, err := s.store.FindTermByYears(c.Request.Context(), start, end)
	if err != nil {
		return 0, err
	}
	return t.ID, nil
}

// listReportRequest reads ?org=&term= for a list report in the user's scope; an organization
// outside it is ENOTFOUND.
func (s *Server) listReportRequest(c *gin.Context) (ReportRequest, error) {
	rq := ReportRequest{User: currentUser(c)}
	if text := strings.TrimSpace(c.Query("org")); text != "" {
		if rq.OrganizationID = queryID(c, "org"); rq.OrganizationID == 0 {
			return rq, errNotFound
		}
	}
	var err error
	rq.TermID, err = s.parseReportTerm(c)
	return rq, err
}

// downloadList answers a list report of the user's subtree (?org=&term=) as an attachment named
// name-<term>.xlsx.
func (s *Server) downloadList(name string, export exportFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		rq, err := s.listReportRequest(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		filename := name
		if rq.OrganizationID != 0 {
			filename += "-to-chuc-" + strconv.FormatInt(rq.OrganizationID, 10)
		}
		if rq.TermID != 0 {
			if t, err := s.store.FindTermByID(c.Request.Context(), rq.TermID); err == nil {
				filename += "-" + t.Code()
			}
		}
		// List reports take turns: each keeps a core busy for up to seconds, and twenty staff
		// exporting at once would otherwise starve the counting rooms and the pages everyone else
		// is reading. One congress's report is small and goes straight through.
		select {
		case s.exports <- struct{}{}:
			defer func() { <-s.exports }()
		case <-c.Request.Context().Done():
			s.fail(c, congress.Errorf(congress.EUNAVAILABLE, "Máy chủ đang xuất nhiều báo cáo; yêu cầu đã dừng trước khi đến lượt. Xin tải lại sau ít phút."))
			return
		}
		s.sendReport(c, filename+".xlsx", rq, export)
	}
}

// downloadCongressReport answers a one-congress report of /congresses/:id/… as name-<id>.xlsx.
func (s *Server) downloadCongressReport(name string, export exportFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := parseID(c, "id")
		if !ok {
			s.fail(c, errNotFound)
			return
		}
		rq := ReportRequest{User: currentUser(c), CongressID: id}
		s.sendReport(c, name+"-"+strconv.FormatInt(id, 10)+".xlsx", rq, export)
	}
}

// sendReport streams a report to the response; a failure before the first byte is answered as
// an error (404 out of scope), one after it can only cut the download short, and is logged.
func (s *Server) sendReport(c *gin.Context, filename string, rq ReportRequest, export exportFunc) {
	d := &lazyDownload{c: c, filename: filename}
	if err := export(c.Request.Context(), s.store, rq, d); err != nil {
		if d.started {
			s.logInternal(c, err)
			c.Abort()
			return
		}
		s.fail(c, err)
	}
}
