package colblock

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func decodeIntsFrom(t *testing.T, enc encoding, data []byte, n int) []int64 {
	t.Helper()
	c := cursor{b: data}
	got := make([]int64, n)
	decodeInts(&c, enc, got)
	if err := c.done("test"); err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return got
}

// TestIntEncodingsRoundTrip runs every value set through every integer
// encoding, not only the one the chooser picks.
func TestIntEncodingsRoundTrip(t *testing.T) {
	sets := map[string][]int64{
		"one":          {42},
		"equal":        {7, 7, 7, 7},
		"sorted":       {1_714_567_890_000, 1_714_567_890_003, 1_714_567_890_010, 1_714_567_891_000},
		"evenly":       {100, 200, 300, 400, 500},
		"unsorted":     {200, 404, 200, 500, 201, 200},
		"negative":     {-5, -1_000_000, 3, math.MinInt64 + 1},
		"extremes":     {math.MaxInt64, math.MinInt64, 0, math.MaxInt64, -1},
		"wrap deltas":  {math.MinInt64, math.MaxInt64, math.MinInt64},
		"zero and one": {0, 1, 0, 1},
	}
	// Long sets span several packed miniblocks and every bit width.
	rng := rand.New(rand.NewPCG(5, 6))
	for _, width := range []int{1, 7, 8, 13, 31, 56, 57, 63, 64} {
		vals := make([]int64, 3*packedMiniblock+17)
		for i := 1; i < len(vals); i++ {
			vals[i] = vals[i-1] + int64(rng.Uint64()>>(64-width))
		}
		sets[fmt.Sprintf("random gaps of %d bits", width)] = vals
	}
	for name, vals := range sets {
		for _, enc := range []encoding{encDelta, encDeltaOfDelta, encFOR, encPackedDelta} {
			got := decodeIntsFrom(t, enc, appendInts(nil, enc, vals), len(vals))
			if d := diffSlices(name+"/"+enc.String(), got, vals, eq[int64]); d != "" {
				t.Error(d)
			}
		}
		if allEqualInts(vals) {
			got := decodeIntsFrom(t, encConst, appendInts(nil, encConst, vals), len(vals))
			if d := diffSlices(name+"/const", got, vals, eq[int64]); d != "" {
				t.Error(d)
			}
		}
	}
}

func TestChooseIntEncoding(t *testing.T) {
	tests := []struct {
		name string
		vals []int64
		want encoding
	}{
		{"equal", []int64{5, 5, 5}, encConst},
		{"evenly spaced timestamps", []int64{1_000_000, 1_001_000, 1_002_000, 1_003_000, 1_004_000}, encPackedDelta},
		{"timestamps with random gaps", randomGaps(rand.New(rand.NewPCG(7, 8)), 1000, 140), encPackedDelta},
		{"gaps that grow steadily", growingGaps(300, 1000, 10), encDeltaOfDelta},
		{"increasing", []int64{1_700_000_000_000, 1_700_000_000_013, 1_700_000_000_020, 1_700_000_000_041, 1_700_000_000_045}, encDelta},
		{"status codes", []int64{200, 404, 200, 500, 200, 201, 200, 503}, encFOR},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, size := chooseIntEncoding(tt.vals)
			if enc != tt.want {
				t.Fatalf("chose %s, want %s", enc, tt.want)
			}
			if got := len(appendInts(nil, enc, tt.vals)); got != size {
				t.Fatalf("estimated %d bytes, wrote %d", size, got)
			}
		})
	}
}

func TestIntDecodeErrors(t *testing.T) {
	for _, enc := range []encoding{encConst, encDelta, encDeltaOfDelta, encFOR, encPackedDelta} {
		data := appendInts(nil, enc, []int64{300, 300, 300})
		c := cursor{b: data[:len(data)-1]}
		decodeInts(&c, enc, make([]int64, 3))
		wantCorruption(t, c.err)
	}
	c := cursor{b: []byte{0}}
	decodeInts(&c, encPlain, make([]int64, 1))
	wantCorruption(t, c.err)
}

// BenchmarkDecodeTimestamps decodes a block's worth of timestamps written
// delta-of-delta, with gaps of about 0.7 s as a busy stream has.
func BenchmarkDecodeTimestamps(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := make([]int64, 8192)
	ts := int64(1_700_000_000_000)
	for i := range vals {
		ts += rng.Int64N(1400)
		vals[i] = ts
	}
	enc := appendInts(nil, encDeltaOfDelta, vals)
	dst := make([]int64, len(vals))
	b.SetBytes(int64(8 * len(vals)))
	for b.Loop() {
		c := cursor{b: enc}
		decodeInts(&c, encDeltaOfDelta, dst)
	}
	if dst[len(dst)-1] != ts {
		b.Fatal("decoded wrong")
	}
}
