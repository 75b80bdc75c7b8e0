package vn

import (
	"strconv"
	"strings"
)

// Roman returns n as a Roman numeral, as congress ordinals are written ("Đại hội lần thứ II").
// Roman numerals have no zero, no negatives and, in the standard form, nothing above 3999 (MMMCMXCIX);
// outside 1–3999 Roman returns n in Arabic digits, so a document never silently loses the number.
func Roman(n int) string {
	if n < 1 || n > 3999 {
		return strconv.Itoa(n)
	}
	values := [...]int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	symbols := [...]string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range values {
		for n >= v {
			b.WriteString(symbols[i])
			n -= v
		}
	}
	return b.String()
}

// FormatInt formats n the Vietnamese way, with "." between groups of thousands: 1234567 → "1.234.567".
func FormatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	s = group(s)
	if neg {
		return "-" + s
	}
	return s
}

// group inserts "." every three digits from the right of a string of digits.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	first := len(digits) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(digits[:first])
	for i := first; i < len(digits); i += 3 {
		b.WriteByte('.')
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// FormatDecimal formats x with exactly places decimals (negative places count as 0), a decimal comma
// and "." between thousands: FormatDecimal(1234.5, 1) → "1.234,5". Rounding is that of
// strconv.FormatFloat on the binary value; figures that must round half-up exactly (percentages of a
// vote) are computed in integers by the caller and only formatted here.
func FormatDecimal(x float64, places int) string {
	if places < 0 {
		places = 0
	}
	s := strconv.FormatFloat(x, 'f', places, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "Inf" || intPart == "NaN" || strings.Trim(intPart, "0123456789") != "" {
		return strconv.FormatFloat(x, 'f', -1, 64) // ±Inf and NaN have no Vietnamese spelling
	}
	out := group(intPart)
	if hasFrac {
		out += "," + frac
	}
	// "-0,00" reads as a negative figure in a minute; a value that rounds to zero is zero.
	if neg && strings.Trim(out, "0,.") != "" {
		out = "-" + out
	}
	return out
}

// Percent formats a percentage (already multiplied by 100) with exactly two decimals and a decimal
// comma, as the counting minutes print them: Percent(95.238) → "95,24%", Percent(50) → "50,00%".
func Percent(x float64) string {
	return FormatDecimal(x, 2) + "%"
}
