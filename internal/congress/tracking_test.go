package congress

import (
	"testing"
	"time"
)

func on(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestTrack(t *testing.T) {
	cases := []struct {
		name  string
		c     Congress
		today string
		want  Tracking
	}{
		{"planned", Congress{State: StatePlanned, HeldOn: "2020-05-28"}, "2021-01-01", Tracking{}},
		{"held, within the 7 working days", Congress{State: StateHeld, HeldOn: "2020-05-28"}, "2020-06-08",
			Tracking{ReportDue: "2020-06-08", Stage: StageReport}},
		{"held, one working day late", Congress{State: StateHeld, HeldOn: "2020-05-28"}, "2020-06-09",
			Tracking{ReportDue: "2020-06-08", Stage: StageReport, Overdue: true, DaysLate: 1}},
		{"held, a weekend after the due date is not late yet", Congress{State: StateHeld, HeldOn: "2020-05-27"}, "2020-06-07",
			Tracking{ReportDue: "2020-06-05", Stage: StageReport}},
		{"reported on time, approval pending", Congress{State: StateReported, HeldOn: "2020-05-28", ReportedOn: "2020-06-05"}, "2020-06-26",
			Tracking{ReportDue: "2020-06-08", ApprovalDue: "2020-06-26", Stage: StageApproval}},
		{"reported late, approval overdue", Congress{State: StateReported, HeldOn: "2020-05-28", ReportedOn: "2020-06-10"}, "2020-07-03",
			Tracking{ReportDue: "2020-06-08", ApprovalDue: "2020-07-01", Stage: StageApproval, Overdue: true, DaysLate: 2, ReportedLate: true}},
		{"approved (the seed)", Congress{State: StateApproved, HeldOn: "2020-05-28", ReportedOn: "2020-06-05", DecidedOn: "2020-06-19"}, "2024-01-01",
			Tracking{ReportDue: "2020-06-08", ApprovalDue: "2020-06-26"}},
		{"rejected late", Congress{State: StateRejected, HeldOn: "2020-05-28", ReportedOn: "2020-06-05", DecidedOn: "2020-06-29"}, "2024-01-01",
			Tracking{ReportDue: "2020-06-08", ApprovalDue: "2020-06-26", DecidedLate: true}},
		{"held without a date", Congress{State: StateHeld}, "2024-01-01", Tracking{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.c.Track(on(c.today))
			if got != c.want {
				t.Fatalf("Track = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestCheckReport(t *testing.T) {
	today := on("2020-06-10")
	held := Congress{State: StateHeld, HeldOn: "2020-05-28"}
	cases := []struct {
		name  string
		c     Congress
		date  string
		code  string
		field string
	}{
		{"OK", held, "2020-06-05", "", ""},
		{"OK on the congress's day", held, "2020-05-28", "", ""},
		{"OK today", held, "2020-06-10", "", ""},
		{"OK correcting a reported date", Congress{State: StateReported, HeldOn: "2020-05-28", ReportedOn: "2020-06-04"}, "2020-06-05", "", ""},
		{"OK again after a rejection", Congress{State: StateRejected, HeldOn: "2020-05-28", ReportedOn: "2020-06-01", DecidedOn: "2020-06-03"}, "2020-06-09", "", ""},
		{"ErrBeforeCongress", held, "2020-05-27", EINVALID, "reported_on"},
		{"ErrFuture", held, "2020-06-11", EINVALID, "reported_on"},
		{"ErrNotADate", held, "05/06/2020", EINVALID, "reported_on"},
		{"ErrEmpty", held, "", EINVALID, "reported_on"},
		{"ErrPlanned", Congress{State: StatePlanned, HeldOn: "2020-05-28"}, "2020-06-05", ECONFLICT, ""},
		{"ErrApproved", Congress{State: StateApproved, HeldOn: "2020-05-28", ReportedOn: "2020-06-01", DecidedOn: "2020-06-05"}, "2020-06-05", ECONFLICT, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.c.CheckReport(c.date, today)
			if ErrorCode(err) != c.code {
				t.Fatalf("code %q (%v), want %q", ErrorCode(err), err, c.code)
			}
			if c.field != "" && ErrorFields(err)[c.field] == "" {
				t.Fatalf("no message for %s: %v", c.field, ErrorFields(err))
			}
		})
	}
	msg := ErrorMessage(held.CheckReport("2020-05-27", today))
	if msg != "Ngày báo cáo (27/05/2020) không được trước ngày đại hội (28/05/2020)." {
		t.Fatalf("message %q", msg)
	}
}

func TestCheckDecision(t *testing.T) {
	today := on("2020-06-30")
	reported := Congress{State: StateReported, HeldOn: "2020-05-28", ReportedOn: "2020-06-05"}
	cases := []struct {
		name     string
		c        Congress
		approved bool
		date     string
		note     string
		code     string
		field    string
	}{
		{"OK approve", reported, true, "2020-06-19", "", "", ""},
		{"OK reject with a reason", reported, false, "2020-06-19", "Có đơn khiếu nại về danh sách bầu cử.", "", ""},
		{"ErrRejectWithoutReason", reported, false, "2020-06-19", "", EINVALID, "note"},
		{"ErrBeforeReport", reported, true, "2020-06-04", "", EINVALID, "decided_on"},
		{"ErrFuture", reported, true, "2020-07-01", "", EINVALID, "decided_on"},
		{"ErrNotReported", Congress{State: StateHeld, HeldOn: "2020-05-28"}, true, "2020-06-19", "", ECONFLICT, ""},
		{"ErrPlanned", Congress{State: StatePlanned}, true, "2020-06-19", "", ECONFLICT, ""},
		{"ErrDecidedTwice", Congress{State: StateApproved, HeldOn: "2020-05-28", ReportedOn: "2020-06-05", DecidedOn: "2020-06-19"}, true, "2020-06-20", "", ECONFLICT, ""},
		{"ErrRejectedTwice", Congress{State: StateRejected, HeldOn: "2020-05-28", ReportedOn: "2020-06-05", DecidedOn: "2020-06-19"}, false, "2020-06-20", "x", ECONFLICT, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.c.CheckDecision(c.approved, c.date, c.note, today)
			if ErrorCode(err) != c.code {
				t.Fatalf("code %q (%v), want %q", ErrorCode(err), err, c.code)
			}
			if c.field != "" && ErrorFields(err)[c.field] == "" {
				t.Fatalf("no message for %s: %v", c.field, ErrorFields(err))
			}
		})
	}
}
