package metricstore

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// randomEntries returns n entries that fit one head.
func randomEntries(rng *rand.Rand, n int) []entry {
	k := testKey("X")
	var out []entry
	ts := int64(t0) + rng.Int64N(3600)
	for range n {
		ts += rng.Int64N(40) - 5
		p := randomPoint(rng, k, ts, UnitCount, true, true)
		p.StorageResolution = 1
		e, err := toEntry(&p)
		if err != nil {
			panic(err)
		}
		out = append(out, e)
	}
	return out
}

// sameEntry compares the fields of a and b that their kind uses; chunks do
// not hold units.
func sameEntry(a, b *entry) bool {
	if a.t != b.t || a.kind != b.kind {
		return false
	}
	switch a.kind {
	case kindValue:
		return a.v == b.v
	case kindStats:
		return a.st == b.st
	}
	return slices.Equal(a.vals, b.vals) && slices.Equal(a.cnts, b.cnts)
}

func TestRawChunkRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for round := range 100 {
		es := randomEntries(rng, 1+rng.IntN(maxChunkPoints))
		var h rawHead
		for i := range es {
			if !h.fits(es[i].t) {
				t.Fatalf("round %d: point %d does not fit", round, i)
			}
			h.append(&es[i])
		}
		c := h.view()
		it := newRawIter(c.b, int(c.n))
		i := 0
		for it.next() {
			if !sameEntry(&it.e, &es[i]) {
				t.Fatalf("round %d point %d: got %+v, want %+v", round, i, it.e, es[i])
			}
			i++
		}
		if err := it.finish(); err != nil || i != len(es) {
			t.Fatalf("round %d: %d points, err %v", round, i, err)
		}
		if _, err := decodeRaw(c.b, int(c.n)); err != nil {
			t.Fatalf("round %d: decodeRaw: %v", round, err)
		}
		// A restored head appends exactly as the original does.
		r, err := restoreHead(slices.Clone(h.b), int(h.n))
		if err != nil {
			t.Fatalf("round %d: restoreHead: %v", round, err)
		}
		if !reflect.DeepEqual(r, h) {
			t.Fatalf("round %d: restored head %+v, want %+v", round, r, h)
		}
		if h.n < maxChunkPoints {
			more := randomEntries(rng, 1)[0]
			more.t = h.t
			h.append(&more)
			r.append(&more)
			if !bytes.Equal(h.b, r.b) {
				t.Fatalf("round %d: restored head appends differently", round)
			}
		}
	}
}

func TestRawHeadLimits(t *testing.T) {
	var h rawHead
	e := entry{t: t0, v: 1}
	h.append(&e)
	if h.fits(t0+chunkSpan) || h.fits(t0-chunkSpan) || !h.fits(t0+chunkSpan-1) || !h.fits(t0-chunkSpan+1) {
		t.Fatal("span limit is wrong")
	}
	for h.n < maxChunkPoints {
		h.append(&e)
	}
	if h.fits(t0) {
		t.Fatal("a full head accepts more points")
	}
	c := h.seal()
	if c.n != maxChunkPoints || h.n != 0 || len(h.b) != 0 || !h.fits(0) {
		t.Fatalf("seal left head %+v, chunk of %d", h, c.n)
	}
}

func TestDecodeRawRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	es := randomEntries(rng, 20)
	var h rawHead
	for i := range es {
		h.append(&es[i])
	}
	good := slices.Clone(h.b)
	for _, c := range []struct {
		name string
		b    []byte
		n    int
	}{
		{"too few bytes", good[:len(good)/2], 20},
		{"more points than bytes", good, 30},
		{"stray byte", append(slices.Clone(good), 0), 20},
		{"zero points", good, 0},
		{"too many points", good, maxChunkPoints + 1},
		{"empty", nil, 1},
	} {
		if _, err := decodeRaw(c.b, c.n); !errors.Is(err, model.ErrCorruption) {
			t.Errorf("%s: err = %v, want ErrCorruption", c.name, err)
		}
	}
	if _, err := restoreHead(good, 19); !errors.Is(err, model.ErrCorruption) {
		t.Errorf("restoreHead with a wrong count: %v", err)
	}
}

// FuzzRawChunk decodes arbitrary bytes as a raw chunk: no panic, and a
// chunk that validates decodes the same way again.
func FuzzRawChunk(f *testing.F) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{1, 5, 60} {
		es := randomEntries(rng, n)
		var h rawHead
		for i := range es {
			h.append(&es[i])
		}
		f.Add(slices.Clone(h.b), uint8(n))
	}
	f.Add([]byte{0xff, 0xff, 0xff}, uint8(3))
	f.Fuzz(func(t *testing.T, b []byte, n uint8) {
		c, err := decodeRaw(b, int(n))
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error without ErrCorruption: %v", err)
			}
			return
		}
		it := newRawIter(c.b, int(c.n))
		for it.next() {
			if it.e.t < c.minT || it.e.t > c.maxT {
				t.Fatalf("point at %d outside [%d, %d]", it.e.t, c.minT, c.maxT)
			}
		}
		if err := it.finish(); err != nil {
			t.Fatalf("valid chunk fails to decode: %v", err)
		}
		if _, err := restoreHead(slices.Clone(b), int(n)); err != nil && !errors.Is(err, model.ErrCorruption) {
			t.Fatalf("restoreHead: %v", err)
		}
	})
}
