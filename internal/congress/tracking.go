package congress

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"daihoi/internal/vn"
)

// Deadlines after the congress, in working days (DOMAIN.md "After the congress"): the new
// committee reports up within 7 working days of the closing, and the higher committee approves
// (chuẩn y) or rejects within 15 working days of receiving the report.
const (
	ReportWorkingDays   = 7
	ApprovalWorkingDays = 15
)

// Tracking stages: what a congress is waiting for.
const (
	StageReport   = "report"   // held: its report to the higher committee
	StageApproval = "approval" // reported: the higher committee's decision
)

// Tracking is where a congress stands in the reporting and approval procedure, computed from its
// state and dates by Track. Dates are ISO; an empty due date is one that does not apply yet.
type Tracking struct {
	ReportDue   string `json:"report_due"`
	ApprovalDue string `json:"approval_due"`
	// Stage is StageReport or StageApproval while something is awaited, "" otherwise.
	Stage string `json:"stage"`
	// Overdue says the awaited step is past its due date; DaysLate counts the working days since.
	Overdue  bool `json:"overdue"`
	DaysLate int  `json:"days_late"`
	// ReportedLate and DecidedLate say a step already taken was taken after its due date.
	ReportedLate bool `json:"reported_late"`
	DecidedLate  bool `json:"decided_late"`
}

// Track computes the congress's deadlines and whether it is overdue as of today (a date in
// Vietnam, where the deadlines run). A congress not held yet, or without a date, tracks nothing.
func (c *Congress) Track(today time.Time) Tracking {
	var t Tracking
	held, err := time.Parse(isoDate, c.HeldOn)
	if err != nil || c.State == StatePlanned {
		return t
	}
	reportDue := vn.AddWorkingDays(held, ReportWorkingDays)
	t.ReportDue = reportDue.Format(isoDate)
	var approvalDue time.Time
	if reported, err := time.Parse(isoDate, c.ReportedOn); err == nil {
		t.ReportedLate = reported.After(reportDue)
		approvalDue = vn.AddWorkingDays(reported, ApprovalWorkingDays)
		t.ApprovalDue = approvalDue.Format(isoDate)
		if decided, err := time.Parse(isoDate, c.DecidedOn); err == nil && c.State != StateReported {
			t.DecidedLate = decided.After(approvalDue)
		}
	}
	late := func(due time.Time) {
		if n := vn.WorkingDaysBetween(due, today); n > 0 {
			t.Overdue, t.DaysLate = true, n
		}
	}
	switch c.State {
	case StateHeld:
		t.Stage = StageReport
		late(reportDue)
	case StateReported:
		t.Stage = StageApproval
		if !approvalDue.IsZero() {
			late(approvalDue)
		}
	}
	return t
}

const isoDate = "2006-01-02"

// docDate writes an ISO date as dd/mm/yyyy for a message.
func docDate(t time.Time) string { return t.Format("02/01/2006") }

// parseStepDate reads the date of a step for field, adding a message to f when it is not a date,
// comes before not (with notLabel naming it), or after today.
func parseStepDate(f FieldErrors, field, label, date string, not time.Time, notLabel string, today time.Time) {
	d, err := time.Parse(isoDate, date)
	switch {
	case date == "":
		f.Add(field, fmt.Sprintf("Chưa nhập %s.", label))
	case err != nil:
		f.Add(field, fmt.Sprintf("%s %q không đúng dạng ngày/tháng/năm.", capitalFirst(label), date))
	case d.Before(not):
		f.Add(field, fmt.Sprintf("%s (%s) không được trước %s (%s).", capitalFirst(label), docDate(d), notLabel, docDate(not)))
	case d.After(dateOnly(today)):
		f.Add(field, fmt.Sprintf("%s (%s) không được sau hôm nay (%s).", capitalFirst(label), docDate(d), docDate(today)))
	}
}

// dateOnly is t's calendar date at midnight UTC, comparable with a parsed ISO date.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// capitalFirst starts a label with a capital, for the head of a message.
func capitalFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// CheckReport checks that the congress may be recorded as reported to the higher committee on
// date (ISO) as of today: it must have been held (ECONFLICT before, and after its approval), and
// the date must fall between the congress's date and today (EINVALID, field "reported_on"). A
// congress already reported may have its date corrected, and a rejected one reports again after
// its new vote.
func (c *Congress) CheckReport(date string, today time.Time) error {
	switch c.State {
	case StatePlanned:
		return Errorf(ECONFLICT, "Đại hội chưa tổ chức nên chưa báo cáo lên cấp trên được.")
	case StateApproved:
		return Errorf(ECONFLICT, "Đại hội đã được cấp trên chuẩn y ngày %s; không ghi lại việc báo cáo.", vn.Date(c.DecidedOn))
	}
	held, err := time.Parse(isoDate, c.HeldOn)
	if err != nil {
		return Errorf(ECONFLICT, "Đại hội chưa có ngày tổ chức; hãy ghi ngày đại hội trước khi báo cáo.")
	}
	f := FieldErrors{}
	parseStepDate(f, "reported_on", "ngày báo cáo", date, held, "ngày đại hội", today)
	return f.Err(EINVALID, "")
}

// CheckDecision checks that the higher committee may record its decision (chuẩn y or not) on the
// congress on date (ISO) as of today: the congress must be reported and not yet decided
// (ECONFLICT), the date must fall between the report's date and today, and a rejection needs its
// reason in note (EINVALID, fields "decided_on" and "note").
func (c *Congress) CheckDecision(approved bool, date, note string, today time.Time) error {
	switch c.State {
	case StatePlanned, StateHeld:
		return Errorf(ECONFLICT, "Đại hội chưa báo cáo lên cấp trên nên chưa chuẩn y hay không chuẩn y được.")
	case StateApproved:
		return Errorf(ECONFLICT, "Đại hội đã được chuẩn y ngày %s.", vn.Date(c.DecidedOn))
	case StateRejected:
		return Errorf(ECONFLICT, "Cấp trên đã không chuẩn y đại hội ngày %s; chờ đại hội bầu lại và báo cáo lại.", vn.Date(c.DecidedOn))
	}
	f := FieldErrors{}
	reported, err := time.Parse(isoDate, c.ReportedOn)
	if err != nil {
		if reported, err = time.Parse(isoDate, c.HeldOn); err != nil {
			return Errorf(ECONFLICT, "Đại hội chưa có ngày tổ chức và ngày báo cáo; chưa chuẩn y được.")
		}
		parseStepDate(f, "decided_on", "ngày quyết định", date, reported, "ngày đại hội", today)
	} else {
		parseStepDate(f, "decided_on", "ngày quyết định", date, reported, "ngày nhận báo cáo", today)
	}
	n := utf8.RuneCountInString(note)
	switch {
	case !approved && n == 0:
		f.Add("note", "Không chuẩn y phải ghi lý do và yêu cầu bầu lại.")
	case n > 1000:
		f.Add("note", fmt.Sprintf("Ghi chú dài %d ký tự, tối đa 1.000.", n))
	}
	return f.Err(EINVALID, "")
}
