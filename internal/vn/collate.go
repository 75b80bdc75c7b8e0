package vn

import (
	"bytes"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collators hands out Vietnamese collators. A *collate.Collator keeps scratch buffers inside and must
// not be used by two goroutines at once; a pool gives each caller its own without a global lock.
var collators = sync.Pool{New: func() any { return collate.New(language.Vietnamese) }}

// nameParts splits a full Vietnamese name into its given name (the last word), its middle names and
// its family name (the first word). A one-word name is only a given name.
func nameParts(name string) (given, middle, family string) {
	words := strings.Fields(NFC(name))
	switch len(words) {
	case 0:
		return "", "", ""
	case 1:
		return words[0], "", ""
	default:
		return words[len(words)-1], strings.Join(words[1:len(words)-1], " "), words[0]
	}
}

// CompareNames compares two full names in Vietnamese A-B-C order and returns -1, 0 or +1. Lists are
// ordered by given name first (the last word: "Tuấn" in "Huỳnh Minh Tuấn"), then by the middle names,
// then by the family name, each compared with the Vietnamese collation (a ă â b c d đ e ê … o ô ơ … u
// ư …; tones only break ties between otherwise equal letters). Names equal under all three are
// ordered by the bytes of their NFC form, so the order is total and the same on every run, and a
// name typed decomposed compares equal to the same name typed composed.
func CompareNames(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	ga, ma, fa := nameParts(a)
	gb, mb, fb := nameParts(b)
	if r := c.CompareString(ga, gb); r != 0 {
		return r
	}
	if r := c.CompareString(ma, mb); r != 0 {
		return r
	}
	if r := c.CompareString(fa, fb); r != 0 {
		return r
	}
	return strings.Compare(NFC(a), NFC(b))
}

// SortNames sorts full names in place in Vietnamese A-B-C order (see CompareNames).
func SortNames(names []string) {
	SortBy(names, func(s string) string { return s })
}

// SortBy sorts xs in place by the full name that name returns, in Vietnamese A-B-C order (see
// CompareNames). The sort is stable, and each name's collation keys are computed once rather than
// at every comparison.
func SortBy[T any](xs []T, name func(T) string) {
	if len(xs) < 2 {
		return
	}
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	var buf collate.Buffer // keys stay valid until buf is reset or dropped
	type keyed struct {
		given, middle, family []byte
		full                  string
		x                     T
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		full := name(x)
		g, m, f := nameParts(full)
		ks[i] = keyed{
			given:  c.KeyFromString(&buf, g),
			middle: c.KeyFromString(&buf, m),
			family: c.KeyFromString(&buf, f),
			full:   NFC(full),
			x:      x,
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if r := bytes.Compare(a.given, b.given); r != 0 {
			return r
		}
		if r := bytes.Compare(a.middle, b.middle); r != 0 {
			return r
		}
		if r := bytes.Compare(a.family, b.family); r != 0 {
			return r
		}
		return strings.Compare(a.full, b.full)
	})
	for i := range ks {
		xs[i] = ks[i].x
	}
}
