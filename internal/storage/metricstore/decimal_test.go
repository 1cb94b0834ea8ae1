package metricstore

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestFloatColumn(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	decimals := func(d int) []float64 {
		var out []float64
		for range 200 {
			out = append(out, math.Round(rng.NormFloat64()*1e5)/pow10[d])
		}
		return out
	}
	tenth, fifth := 0.1, 0.2 // variables: constant arithmetic would be exact
	for _, c := range []struct {
		name    string
		vals    []float64
		decimal bool
	}{
		{"integers", []float64{1, 2, 3, 1000, -7, 0}, true},
		{"two decimals", decimals(2), true},
		{"six decimals", decimals(6), true},
		{"sums with rounding error", []float64{tenth + fifth, 1}, false},
		{"random floats", []float64{rng.Float64(), rng.NormFloat64()}, false},
		{"huge", []float64{1e300, 1}, false},
		{"negative zero", []float64{math.Copysign(0, -1)}, false},
		{"2^53", []float64{1 << 53}, false},
	} {
		col := appendFloatColumn(nil, c.vals)
		if got := col[0] == colDecimal; got != c.decimal {
			t.Errorf("%s: decimal %v, want %v", c.name, got, c.decimal)
		}
		got := make([]float64, len(c.vals))
		if err := decodeFloatColumn(col, got, "test"); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i := range got {
			if math.Float64bits(got[i]) != math.Float64bits(c.vals[i]) {
				t.Fatalf("%s: value %d is %v, want %v", c.name, i, got[i], c.vals[i])
			}
		}
		for _, bad := range [][]byte{append(slices.Clone(col), 1, 2), {9}, nil} {
			if err := decodeFloatColumn(bad, got, "test"); !errors.Is(err, model.ErrCorruption) {
				t.Errorf("%s: damaged column: %v", c.name, err)
			}
		}
		if c.decimal {
			if err := decodeFloatColumn(col[:len(col)-1], got, "test"); !errors.Is(err, model.ErrCorruption) {
				t.Errorf("%s: truncated column: %v", c.name, err)
			}
		}
	}
}
