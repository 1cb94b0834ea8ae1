package metricstore

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBitstreamRoundTrip writes values of random widths and reads them
// back, across the word and byte refill paths of the reader.
func TestBitstreamRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		var w bitWriter
		type item struct {
			v uint64
			n uint
		}
		var items []item
		for range rng.IntN(300) {
			n := uint(rng.IntN(65))
			v := rng.Uint64()
			if n < 64 {
				v &= 1<<n - 1
			}
			if n == 1 {
				w.writeBit(v == 1)
			} else {
				w.writeBits(v, n)
			}
			items = append(items, item{v, n})
		}
		r := newBitReader(w.b)
		for i, it := range items {
			var got uint64
			if it.n == 1 {
				if r.readBit() {
					got = 1
				}
			} else {
				got = r.readBits(it.n)
			}
			if got != it.v {
				t.Fatalf("round %d item %d: read %x (%d bits), want %x", round, i, got, it.n, it.v)
			}
		}
		if r.bad {
			t.Fatalf("round %d: reader went bad", round)
		}
		if len(w.b)*8-r.consumed() != int(w.free) {
			t.Fatalf("round %d: consumed %d of %d bits, %d free", round, r.consumed(), len(w.b)*8, w.free)
		}
		if r.readBits(8); !r.bad {
			t.Fatalf("round %d: reading past the end did not go bad", round)
		}
	}
}

func TestVarbitRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	dods := []int64{0, 1, -1, 63, -64, 64, -65, 2047, -2048, 2048, 1<<19 - 1, -(1 << 19), 1 << 19, math.MaxInt64, math.MinInt64}
	for range 500 {
		dods = append(dods, rng.Int64N(1<<22)-1<<21, int64(rng.Uint64()))
	}
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e300, -1e-300, math.SmallestNonzeroFloat64, math.MaxFloat64, math.Inf(1), math.NaN()}
	for range 500 {
		floats = append(floats, rng.NormFloat64()*1e6, math.Round(rng.Float64()*1000)/10, float64(rng.IntN(100)))
	}
	var w bitWriter
	var xw xorState
	for i, d := range dods {
		writeDoD(&w, d)
		f := floats[i%len(floats)]
		writeFloat(&w, f)
		xw.write(&w, math.Float64bits(f))
	}
	r := newBitReader(w.b)
	var xr xorState
	for i, d := range dods {
		if got := readDoD(&r); got != d {
			t.Fatalf("dod %d: got %d, want %d", i, got, d)
		}
		f := math.Float64bits(floats[i%len(floats)])
		if got := math.Float64bits(readFloat(&r)); got != f {
			t.Fatalf("float %d: got %x, want %x", i, got, f)
		}
		if got := xr.read(&r); got != f {
			t.Fatalf("xor %d: got %x, want %x", i, got, f)
		}
	}
	if r.bad {
		t.Fatal("reader went bad")
	}
}
