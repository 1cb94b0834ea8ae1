package colblock

import (
	"math"
	"strings"
	"testing"
)

func TestConstEncodings(t *testing.T) {
	budget := newBudget()
	for _, v := range []int64{0, -1, math.MaxInt64, math.MinInt64} {
		data := appendConstInts(nil, []int64{v, v, v})
		c := cursor{b: data}
		got := make([]int64, 3)
		decodeConstInts(&c, got)
		if err := c.done("test"); err != nil || got[0] != v || got[2] != v {
			t.Errorf("const int %d: got %v, %v", v, got, err)
		}
	}
	for _, v := range []float64{0, math.NaN(), math.Inf(-1), 1.5} {
		data := appendConstFloats(nil, []float64{v, v})
		c := cursor{b: data}
		got := make([]float64, 2)
		decodeConstFloats(&c, got)
		if err := c.done("test"); err != nil || math.Float64bits(got[1]) != math.Float64bits(v) {
			t.Errorf("const float %v: got %v, %v", v, got, err)
		}
	}
	for _, v := range []string{"", "info", "日本", strings.Repeat("x", 1000)} {
		data := appendConstStrings(nil, []string{v, v})
		c := cursor{b: data}
		got := make([]string, 2)
		decodeConstStrings(&c, got, budget)
		if err := c.done("test"); err != nil || got[0] != v || got[1] != v {
			t.Errorf("const string %q: got %q, %v", v, got, err)
		}
	}
}

func TestConstStringDecodeErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"length past the end": {5, 'a', 'b'},
		"bad varint":          {0x80},
		"empty":               nil,
	} {
		c := cursor{b: data}
		decodeConstStrings(&c, make([]string, 1), newBudget())
		if c.err == nil {
			t.Errorf("%s: no error", name)
		}
		wantCorruption(t, c.err)
	}
}
