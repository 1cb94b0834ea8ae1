package colblock

import (
	"math"
	"testing"
)

func TestFloatEncodingsRoundTrip(t *testing.T) {
	sets := map[string][]float64{
		"durations":   {12.34, 0.5, 101.25, 3, 7.01},
		"integers":    {1, 2, 3, 1e15},
		"equal":       {2.5, 2.5},
		"negative":    {-0.001, -12.5, 4},
		"irrational":  {math.Pi, math.E, math.Sqrt2},
		"specials":    {math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1), 0},
		"tiny":        {math.SmallestNonzeroFloat64, 1e-300},
		"huge":        {math.MaxFloat64, -math.MaxFloat64},
		"many digits": {0.123456789, 0.1234567891},
	}
	for name, vals := range sets {
		encs := []encoding{encFloatRaw}
		scale, ok := decimalScale(vals)
		if ok {
			encs = append(encs, encDecimal)
		}
		if allEqualFloats(vals) {
			encs = append(encs, encConst)
		}
		for _, enc := range encs {
			data := appendFloats(nil, enc, scale, vals)
			c := cursor{b: data}
			got := make([]float64, len(vals))
			decodeFloats(&c, enc, got)
			if err := c.done("test"); err != nil {
				t.Fatalf("%s/%s: %v", name, enc, err)
			}
			for i := range vals {
				if math.Float64bits(got[i]) != math.Float64bits(vals[i]) {
					t.Errorf("%s/%s[%d]: got %v, want %v", name, enc, i, got[i], vals[i])
				}
			}
		}
	}
}

func TestChooseFloatEncoding(t *testing.T) {
	tests := []struct {
		name      string
		vals      []float64
		want      encoding
		wantScale int
	}{
		{"two decimals", []float64{12.34, 0.5, 101.25}, encDecimal, 2},
		{"whole numbers", []float64{1, 20, 300}, encDecimal, 0},
		{"equal", []float64{0.1, 0.1}, encConst, 0},
		{"irrational", []float64{math.Pi, math.E}, encFloatRaw, 0},
		{"negative zero", []float64{math.Copysign(0, -1), 1}, encFloatRaw, 0},
		{"too many decimals", []float64{0.1234567891, 1}, encFloatRaw, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, scale := chooseFloatEncoding(tt.vals)
			if enc != tt.want || scale != tt.wantScale {
				t.Fatalf("chose %s scale %d, want %s scale %d", enc, scale, tt.want, tt.wantScale)
			}
		})
	}
}

func TestFloatDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		enc  encoding
		data []byte
	}{
		{"raw truncated", encFloatRaw, make([]byte, 15)},
		{"const truncated", encConst, make([]byte, 7)},
		{"decimal scale too big", encDecimal, []byte{maxDecimalScale + 1, byte(encConst), 2}},
		{"decimal bad mantissa encoding", encDecimal, []byte{1, byte(encDict), 2}},
		{"decimal truncated", encDecimal, []byte{1}},
		{"not a float encoding", encPlain, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cursor{b: tt.data}
			decodeFloats(&c, tt.enc, make([]float64, 2))
			wantCorruption(t, c.err)
		})
	}
}
