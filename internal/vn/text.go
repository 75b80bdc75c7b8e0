package vn

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode normalization form C. Vietnamese typed on different keyboards (Unikey's
// "Unicode tổ hợp", macOS input methods) arrives decomposed; stored text and comparisons use NFC so
// "Tuấn" typed two ways is one name.
func NFC(s string) string {
	return norm.NFC.String(s)
}

// Fold returns s lower-cased, without any diacritic (tone marks and the letter marks of ă â ê ô ơ ư),
// with đ/Đ mapped to d, runs of white space collapsed to one space and the ends trimmed. Two strings
// that a Vietnamese reader would find with an accent-insensitive search fold to the same value:
// Fold("Đồng  Tháp") == "dong thap", and strings.Contains(Fold("Huỳnh Minh Tuấn"), Fold("tuan")).
func Fold(s string) string {
	// NFD splits every precomposed letter into its base letter and combining marks; dropping the
	// marks (category Mn) removes tones and letter marks alike. Đ has no decomposition in Unicode,
	// so it is mapped by hand.
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	space := false
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case r == 'đ' || r == 'Đ' || r == 'Ð': // Ð (U+00D0) is a common stand-in for Đ in converted text
			r = 'd'
		default:
			r = unicode.ToLower(r)
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
