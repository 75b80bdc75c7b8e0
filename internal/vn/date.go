package vn

import (
	"strconv"
	"strings"
	"time"
)

const isoDate = "2006-01-02"

// Date turns an ISO date (as stored) into the on-screen form dd/mm/yyyy: "2020-05-28" → "28/05/2020".
// Anything that is not a valid ISO date is returned unchanged, so templates never blank a value.
func Date(iso string) string {
	t, err := time.Parse(isoDate, strings.TrimSpace(iso))
	if err != nil {
		return iso
	}
	return t.Format("02/01/2006")
}

// ParseDate reads a date as people type it — "28/05/2020", "28/5/2020" (day first, as in Vietnam)
// or ISO "2020-05-28" — and returns it in ISO form. ok is false for anything else, including
// impossible dates such as 31/02/2020.
func ParseDate(s string) (iso string, ok bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(isoDate, s); err == nil {
		return t.Format(isoDate), true
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return "", false
	}
	var n [3]int
	for i, p := range parts {
		if p == "" || len(p) > 4 || (i < 2 && len(p) > 2) || strings.Trim(p, "0123456789") != "" {
			return "", false
		}
		n[i], _ = strconv.Atoi(p)
	}
	day, month, year := n[0], n[1], n[2]
	if month < 1 || month > 12 || day < 1 || year < 1 {
		return "", false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day { // time.Date normalises 31/02 to early March
		return "", false
	}
	return t.Format(isoDate), true
}

// DocumentDate writes the place-and-date line of a party document (Hướng dẫn 36-HD/VPTW):
// "Đồng Tháp, ngày 28 tháng 5 năm 2020". Days below 10 and the months 1 and 2 take a leading zero
// ("ngày 03 tháng 02") so that nobody can add a digit to them by hand. With an empty place only the
// date part is returned ("ngày 28 tháng 5 năm 2020").
func DocumentDate(place string, t time.Time) string {
	day := strconv.Itoa(t.Day())
	if t.Day() < 10 {
		day = "0" + day
	}
	month := strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	line := "ngày " + day + " tháng " + month + " năm " + strconv.Itoa(t.Year())
	if place = strings.TrimSpace(place); place != "" {
		return NFC(place) + ", " + line
	}
	return line
}
