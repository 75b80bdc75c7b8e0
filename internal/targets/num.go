package targets

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"daihoi/internal/vn"
)

// All comparisons in this package are done on exact rationals. A float would put 19/20 × 100 a hair
// under or over 95 depending on the order of operations, and "95% trở lên" must be met by exactly 95%.
// Floats appear only at the edges: the target figure as typed (float64 in JSON and SQLite) and the
// rounded value handed back for display and charts.

// maxWhole bounds every figure: below 2^53 a float64 holds each whole number exactly, so a target of
// 1.000.000.000.000.000 đồng survives the trip through JSON and SQLite unchanged.
const maxWhole = 1_000_000_000_000_000

// decimal returns v as the decimal it was typed as. strconv's shortest round-trip form recovers "2.3"
// from the binary 2.29999…, so "không quá 2,3%" is met by exactly 2,3% (23/1000). It returns nil for
// NaN and infinities.
func decimal(v float64) *big.Rat {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'f', -1, 64))
	if !ok {
		return nil
	}
	return r
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// scale is how many units of the figure make the whole: 100 for a percentage, 1000 for permille.
func (u Unit) scale() int64 {
	switch u {
	case Percent:
		return 100
	case Permille:
		return 1000
	}
	return 1
}

// ceiling is the largest figure a unit can take (a share cannot pass the whole), or nil.
func (u Unit) ceiling() *big.Rat {
	if u.IsShare() {
		return ratInt(u.scale())
	}
	return nil
}

// round2 rounds a non-negative rational half-up to two decimals, as documents print percentages
// (85,714…% → 85,71%; 12,345% → 12,35%), and returns it as the nearest float64.
func round2(r *big.Rat) float64 {
	if r == nil {
		return 0
	}
	neg := r.Sign() < 0
	a := new(big.Rat).Abs(r)
	// floor((2·a·100 + 1) / 2) computed as floor((200·num + den) / (2·den)).
	n := new(big.Int).Mul(a.Num(), big.NewInt(200))
	n.Add(n, a.Denom())
	d := new(big.Int).Mul(a.Denom(), big.NewInt(2))
	q := new(big.Int).Quo(n, d)
	f, _ := new(big.Rat).SetFrac(q, big.NewInt(100)).Float64()
	if neg {
		return -f
	}
	return f
}

// FormatValue writes a figure of unit u the Vietnamese way, rounded half-up to two decimals with
// trailing zeros dropped, since a target reads "95%", not "95,00%": FormatValue(85.714, Percent) →
// "85,71%", FormatValue(1200000, Money) → "1.200.000 đồng", FormatValue(3, People) → "3 người".
func FormatValue(v float64, u Unit) string {
	r := decimal(v)
	if r == nil {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	x := round2(r)
	hundredths := int64(math.Round(math.Abs(x) * 100))
	places := 2
	switch {
	case hundredths%100 == 0:
		places = 0
	case hundredths%10 == 0:
		places = 1
	}
	s := vn.FormatDecimal(x, places)
	switch u {
	case Percent:
		return s + "%"
	case Permille:
		return s + "‰"
	case People:
		return s + " người"
	case Money:
		return s + " đồng"
	}
	return s
}

// formatInt is for the figures of a review, which are whole.
func formatInt(n int64) string { return vn.FormatInt(n) }

// formatNumber writes v with a decimal comma, as a message quotes what the user typed.
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return s
	}
	return strings.Replace(s, ".", ",", 1)
}
