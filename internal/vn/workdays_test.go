package vn

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAddWorkingDays(t *testing.T) {
	cases := []struct {
		from string
		n    int
		want string
	}{
		// The seed congress closed on Thursday 28/05/2020: the report was due on Monday 08/06.
		{"2020-05-28", 7, "2020-06-08"},
		// It reported on Friday 05/06: approval was due 15 working days later, Friday 26/06.
		{"2020-06-05", 15, "2020-06-26"},
		{"2020-05-29", 1, "2020-06-01"}, // Friday → Monday
		{"2020-05-30", 1, "2020-06-01"}, // Saturday → Monday
		{"2020-05-31", 1, "2020-06-01"}, // Sunday → Monday
		{"2020-06-01", 5, "2020-06-08"}, // a whole week
		{"2020-06-01", 0, "2020-06-01"},
		{"2020-06-01", -3, "2020-06-01"},
		{"2024-12-30", 3, "2025-01-02"}, // over a new year
		{"2024-02-28", 2, "2024-03-01"}, // over a leap day
	}
	for _, c := range cases {
		if got := AddWorkingDays(day(c.from), c.n).Format("2006-01-02"); got != c.want {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}

func TestAddWorkingDaysIgnoresClockAndZone(t *testing.T) {
	late := time.Date(2020, 5, 28, 23, 30, 0, 0, time.FixedZone("ICT", 7*3600))
	if got := AddWorkingDays(late, 7).Format("2006-01-02"); got != "2020-06-08" {
		t.Fatalf("got %s", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	cases := []struct {
		from, to string
		want     int
	}{
		{"2020-05-28", "2020-05-28", 0},
		{"2020-05-28", "2020-05-29", 1},
		{"2020-05-29", "2020-05-31", 0}, // Friday to Sunday: the weekend only
		{"2020-05-29", "2020-06-01", 1},
		{"2020-05-28", "2020-06-08", 7},
		{"2020-06-08", "2020-05-28", -7},
		{"2020-01-01", "2020-12-31", 261}, // 2020 had 262 weekdays, 1 January among them
		{"2019-12-31", "2020-12-31", 262},
	}
	for _, c := range cases {
		if got := WorkingDaysBetween(day(c.from), day(c.to)); got != c.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", c.from, c.to, got, c.want)
		}
	}
}

// AddWorkingDays and WorkingDaysBetween agree on every start day of a year and every small n.
func TestWorkingDaysRoundTrip(t *testing.T) {
	for d := day("2023-01-01"); d.Year() == 2023; d = d.AddDate(0, 0, 1) {
		for n := 1; n <= 20; n++ {
			end := AddWorkingDays(d, n)
			if got := WorkingDaysBetween(d, end); got != n {
				t.Fatalf("from %s, %d working days end %s but count %d", d.Format("2006-01-02"), n, end.Format("2006-01-02"), got)
			}
			if !IsWorkingDay(end) {
				t.Fatalf("from %s, %d working days end on a weekend: %s", d.Format("2006-01-02"), n, end.Format("2006-01-02"))
			}
		}
	}
}
