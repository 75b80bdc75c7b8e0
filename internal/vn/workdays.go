package vn

import "time"

// Deadlines of party procedure are counted in working days (ngày làm việc): Monday to Friday. The
// day the count starts from is not one of them, as in "within 7 working days of the closing".
// Public holidays are not known here and are not skipped: a deadline falling over Tết is later in
// practice, never earlier, so an overdue warning from these functions errs on the early side.

// IsWorkingDay reports whether t falls on a Monday to Friday.
func IsWorkingDay(t time.Time) bool {
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkingDays returns the date n working days after from, at midnight UTC: the last day of a
// deadline of n working days counted from from. n ≤ 0 returns from's own date.
func AddWorkingDays(from time.Time, n int) time.Time {
	d := dateOf(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and including to: 0 when to is from
// or the weekend after it, negative when to comes before from (the days from to, exclusive, up to
// from, inclusive, counted the other way).
func WorkingDaysBetween(from, to time.Time) int {
	a, b := dateOf(from), dateOf(to)
	sign := 1
	if b.Before(a) {
		a, b, sign = b, a, -1
	}
	// Whole weeks at once: a span of years stays cheap.
	days := int(b.Sub(a).Hours()/24 + 0.5)
	n := days / 7 * 5
	for d := a.AddDate(0, 0, days/7*7); d.Before(b); {
		d = d.AddDate(0, 0, 1)
		if IsWorkingDay(d) {
			n++
		}
	}
	return sign * n
}

// dateOf is t's calendar date at midnight UTC, so that arithmetic on days ignores clocks and zones.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
