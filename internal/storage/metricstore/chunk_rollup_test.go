package metricstore

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// randomBuckets returns n buckets of tier res in increasing time order, with
// gaps, implicit and real sketches.
func randomBuckets(rng *rand.Rand, res int64, n int) []bucket {
	var bs []bucket
	t := int64(t0) / res * res
	for range n {
		t += res * (1 + rng.Int64N(3))
		b := bucket{t: t}
		for _, e := range randomBucketEntries(rng) {
			b.addEntry(&e)
		}
		bs = append(bs, b)
	}
	return bs
}

func TestRollupChunkRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	stats := mustStat(t, aggStats...)
	for _, res := range tierRes {
		for _, n := range []int{1, 2, 50, maxRollupBuckets} {
			bs := randomBuckets(rng, res, n)
			c := encodeRollup(res, bs)
			if c.n != uint16(n) || c.minT != bs[0].t || c.maxT != bs[n-1].t {
				t.Fatalf("chunk metadata %d [%d, %d]", c.n, c.minT, c.maxT)
			}
			v, err := decodeRollup(c.b, res)
			if err != nil {
				t.Fatalf("res %d n %d: %v", res, n, err)
			}
			if v.n != c.n || v.minT != c.minT || v.maxT != c.maxT {
				t.Fatalf("decoded metadata differs")
			}
			got, err := c.buckets(res, &rollupCols{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for i := range bs {
				if got[i].t != bs[i].t || got[i].agg != bs[i].agg {
					t.Fatalf("bucket %d: %+v, want %+v", i, got[i].agg, bs[i].agg)
				}
				for j := range stats {
					a, b := got[i].value(&stats[j]), bs[i].value(&stats[j])
					if a != b && !(math.IsNaN(a) && math.IsNaN(b)) {
						t.Fatalf("bucket %d %v: %v, want %v", i, stats[j], a, b)
					}
				}
				got[i].release()
				bs[i].release()
			}
			// Partial decodes agree with the full one.
			var d rollupCols
			if err := c.decode(colCount, &d); err != nil || len(d.idx) != n {
				t.Fatalf("count-only decode: %v", err)
			}
		}
	}
}

func TestDecodeRollupRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	bs := randomBuckets(rng, 60, 10)
	good := encodeRollup(60, bs).b
	for i := range bs {
		bs[i].release()
	}
	for _, c := range []struct {
		name string
		b    []byte
		res  int64
	}{
		{"empty", nil, 60},
		{"truncated", good[:len(good)-1], 60},
		{"stray byte", append(slices.Clone(good), 0), 60},
		{"zero buckets", []byte{0, 0, 0, 0, 0, 0, 0}, 60},
		{"lengths past the end", []byte{1, 100, 0, 0, 0, 0, 0}, 60},
	} {
		if _, err := decodeRollup(c.b, c.res); !errors.Is(err, model.ErrCorruption) {
			t.Errorf("%s: err = %v, want ErrCorruption", c.name, err)
		}
	}
	// Out-of-order buckets.
	b1 := bucket{t: 120}
	b1.addValue(1, 1)
	b2 := bucket{t: 60}
	b2.addValue(1, 1)
	if _, err := decodeRollup(encodeRollup(60, []bucket{b1, b2}).b, 60); !errors.Is(err, model.ErrCorruption) {
		t.Errorf("out of order: err = %v", err)
	}
}

// FuzzRollupChunk decodes arbitrary bytes as a rollup chunk: no panic, and
// a chunk that validates re-encodes to one that decodes to the same
// buckets.
func FuzzRollupChunk(f *testing.F) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, n := range []int{1, 3, 20} {
		bs := randomBuckets(rng, 300, n)
		f.Add(encodeRollup(300, bs).b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeRollup(b, 300)
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error without ErrCorruption: %v", err)
			}
			return
		}
		bs, err := c.buckets(300, &rollupCols{}, nil)
		if err != nil {
			t.Fatalf("valid chunk fails to decode: %v", err)
		}
		again, err := encodeRollup(300, bs).buckets(300, &rollupCols{}, nil)
		if err != nil || len(again) != len(bs) {
			t.Fatalf("re-encoded chunk: %v", err)
		}
		for i := range bs {
			if again[i].t != bs[i].t || again[i].agg != bs[i].agg {
				t.Fatalf("bucket %d differs after re-encoding", i)
			}
		}
	})
}
