package server

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"daihoi/internal/congress"
	"daihoi/internal/vn"
)

// markReported records that a congress reported to the higher committee (POST
// /congresses/:id/reported: reported_on as dd/mm/yyyy, version, back). A refusal re-renders the
// congress's tracking page with the date as typed (422, 409 for a stale version); success goes
// back to back (the dashboard) or the tracking page.
func (s *Server) markReported(c *gin.Context) {
	id, ok := s.trackingTarget(c)
	if !ok {
		return
	}
	if err := parseForm(c.Request); err != nil {
		s.fail(c, err)
		return
	}
	form := reportForm{ReportedOn: strings.TrimSpace(formText(c, "reported_on"))}
	version, verr := strconv.ParseInt(formText(c, "version"), 10, 64)
	form.Version = version
	iso, ok := vn.ParseDate(form.ReportedOn)
	var err error
	switch {
	case verr != nil:
		err = congress.Errorf(congress.EINVALID, "Thiếu phiên bản của hồ sơ; hãy tải lại trang.")
	case !ok:
		msg := fmt.Sprintf("Ngày báo cáo %q không đúng dạng ngày/tháng/năm.", shorten(form.ReportedOn, 30))
		err = &congress.Error{Code: congress.EINVALID, Message: msg, Fields: map[string]string{"reported_on": msg}}
	default:
		var cg *congress.Congress
		if cg, err = s.store.MarkReported(c.Request.Context(), currentUser(c), id, iso, version); err == nil {
			s.redirectWithFlash(c, trackingBack(c, id), fmt.Sprintf("Đã ghi %s báo cáo lên cấp trên ngày %s.",
				cg.OrganizationName, vn.Date(iso)))
			return
		}
	}
	s.refuseTracking(c, id, err, &form, nil)
}

// trackingTarget reads the congress of a tracking write and checks it is in the user's scope
// before the body is read: someone who may not touch the congress gets 404, not a 422 about a
// form they should never have sent. (The roles are checked by the route, canReport/canDecide.)
func (s *Server) trackingTarget(c *gin.Context) (int64, bool) {
	id, ok := parseID(c, "id")
	if !ok {
		s.fail(c, errNotFound)
		return 0, false
	}
	if _, err := s.store.FindCongressByID(c.Request.Context(), currentUser(c), id); err != nil {
		s.fail(c, err)
		return 0, false
	}
	return id, true
}

// canReport: the secretaries (and the administrator) record their own congress's report, the
// higher committee's staff record that they received it.
func canReport(u *congress.User) bool { return u.CanWriteCongress() || u.Role == congress.RoleStaff }

// canDecide: only the higher committee's staff (and the administrator) record its decision.
func canDecide(u *congress.User) bool { return u.IsAdmin() || u.Role == congress.RoleStaff }

const (
	msgReportRoles = "Chỉ thư ký cấp ủy và cán bộ ban tổ chức cấp trên được ghi việc báo cáo."
	msgDecideRoles = "Chỉ cán bộ ban tổ chức cấp trên được ghi quyết định chuẩn y."
)

// trackingBack is where a tracking form returns: the dashboard it was sent from, or the page of
// the congress's tracking.
func trackingBack(c *gin.Context, id int64) string {
	if back := localPath(formText(c, "back")); strings.HasPrefix(back, "/reports") {
		return back
	}
	return "/congresses/" + strconv.FormatInt(id, 10) + "/tracking"
}

// refuseTracking answers a refused tracking form: the error page for what the page cannot show
// (not found, forbidden), the tracking page with the form as typed otherwise.
func (s *Server) refuseTracking(c *gin.Context, id int64, err error, rf *reportForm, df *decisionForm) {
	switch congress.ErrorCode(err) {
	case congress.EINVALID, congress.ECONFLICT:
		status := http.StatusUnprocessableEntity
		if congress.ErrorCode(err) == congress.ECONFLICT {
			status = http.StatusConflict
		}
		s.renderTrackingPage(c, status, id, rf, df, err)
	default:
		s.fail(c, err)
	}
}
