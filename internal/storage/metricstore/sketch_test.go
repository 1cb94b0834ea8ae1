package metricstore

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// sketchData returns random non-negative samples of several shapes.
func sketchData(rng *rand.Rand, shape, n int) []sample {
	out := make([]sample, n)
	for i := range out {
		var v float64
		switch shape {
		case 0:
			v = rng.ExpFloat64() * 100
		case 1:
			v = math.Exp(rng.NormFloat64() * 10) // wide range
		case 2:
			v = float64(rng.IntN(5)) // few distinct values, zeros
		default:
			v = 1e-300 * (1 + rng.Float64()) // tiny
		}
		out[i] = sample{v, float64(1 + rng.IntN(3))}
	}
	return out
}

// TestSketchQuantileAccuracy compares quantiles with brute force: every
// quantile is within 1% of the exact nearest-rank value.
func TestSketchQuantileAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for shape := range 4 {
		for _, n := range []int{1, 2, 10, 1000} {
			data := sketchData(rng, shape, n)
			var sk sketch
			var a aggregate
			for _, x := range data {
				sk.add(x.v, x.c)
				a.add(x.v, x.c)
			}
			for _, q := range []float64{0, 0.001, 0.1, 0.25, 0.5, 0.9, 0.99, 0.999, 1} {
				st := Statistic{Kind: StatPercentile, P: q * 100}
				want := exactSketchStat(&st, data)
				got := sk.quantile(q, a.min, a.max)
				if !closeEnough(got, want, sketchAlpha*1.0001) {
					t.Errorf("shape %d n %d q %v: %v, want %v", shape, n, q, got, want)
				}
			}
		}
	}
}

// TestSketchMerge checks that merging sketches, directly or through their
// encoding, equals adding every sample to one sketch.
func TestSketchMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for shape := range 4 {
		data := sketchData(rng, shape, 500)
		var whole, merged, decoded sketch
		for i := 0; i < len(data); {
			j := i + 1 + rng.IntN(50)
			var part sketch
			for _, x := range data[i:min(j, len(data))] {
				part.add(x.v, x.c)
				whole.add(x.v, x.c)
			}
			merged.merge(&part)
			if err := decoded.mergeBinary(part.appendBinary(nil)); err != nil {
				t.Fatal(err)
			}
			i = j
		}
		for _, sk := range []*sketch{&merged, &decoded} {
			if sk.n != whole.n || sk.zero != whole.zero {
				t.Fatalf("shape %d: counts %v/%v, want %v/%v", shape, sk.n, sk.zero, whole.n, whole.zero)
			}
			for q := 0.0; q <= 1; q += 0.05 {
				if a, b := sk.quantile(q, 0, math.Inf(1)), whole.quantile(q, 0, math.Inf(1)); a != b {
					t.Fatalf("shape %d q %v: %v, want %v", shape, q, a, b)
				}
			}
		}
	}
}

// TestSketchCollapse checks that a sketch spanning more than maxSketchBins
// stays bounded and keeps accurate the quantiles above its collapsed bins
// (values over 10^264 here).
func TestSketchCollapse(t *testing.T) {
	var sk sketch
	var data []sample
	for e := -300.0; e <= 300; e += 2 {
		v := math.Pow(10, e)
		sk.add(v, 1)
		data = append(data, sample{v, 1})
	}
	if len(sk.counts) > maxSketchBins {
		t.Fatalf("%d bins", len(sk.counts))
	}
	for _, q := range []float64{0.95, 0.99, 1} {
		st := Statistic{Kind: StatPercentile, P: q * 100}
		want := exactSketchStat(&st, data)
		if got := sk.quantile(q, 1e-300, 1e300); !closeEnough(got, want, sketchAlpha*1.0001) {
			t.Errorf("q %v: %v, want %v", q, got, want)
		}
	}
}

func TestSketchBinaryRejects(t *testing.T) {
	var sk sketch
	sk.add(3, 1)
	sk.add(300, 2.5)
	good := sk.appendBinary(nil)
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"truncated", good[:len(good)-1]},
		{"stray byte", append(append([]byte(nil), good...), 0)},
		{"too many bins", []byte{0x7f, 0}},
		{"bad count tag", []byte{1, 0, 2, 3}},
		{"index out of range", []byte{1, 0, 0xff, 0xff, 0xff, 0xff, 0x7f, 2}},
	} {
		var s sketch
		if err := s.mergeBinary(c.b); !errors.Is(err, model.ErrCorruption) {
			t.Errorf("%s: err = %v, want ErrCorruption", c.name, err)
		}
	}
}

// FuzzSketch decodes arbitrary bytes as a sketch: no panic, and a sketch
// that decodes encodes to bytes that decode to the same sketch.
func FuzzSketch(f *testing.F) {
	var sk sketch
	for _, v := range []float64{0, 1, 2.5, 1e10, 1e-10} {
		sk.add(v, 1.5)
		f.Add(sk.appendBinary(nil))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s sketch
		if err := s.mergeBinary(b); err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error without ErrCorruption: %v", err)
			}
			return
		}
		var again sketch
		if err := again.mergeBinary(s.appendBinary(nil)); err != nil {
			t.Fatalf("re-encoded sketch does not decode: %v", err)
		}
		qa, qs := again.quantile(0.5, 0, math.Inf(1)), s.quantile(0.5, 0, math.Inf(1))
		// Totals are float sums taken in another order.
		if math.Abs(again.n-s.n) > 1e-12*s.n || math.Float64bits(qa) != math.Float64bits(qs) {
			t.Fatalf("re-encoded sketch differs")
		}
	})
}
