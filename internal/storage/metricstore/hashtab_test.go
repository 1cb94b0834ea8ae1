package metricstore

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHashTableMatchesMap runs random operations, with many shared
// fragments, against a Go map of multisets.
func TestHashTableMatchesMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	var tab hashTable
	ref := map[uint64][]uint32{}
	hashes := make([]uint64, 300)
	for i := range hashes {
		hashes[i] = rng.Uint64()
		if i%10 == 0 && i > 0 {
			// Same fragment, different low bits.
			hashes[i] = hashes[i-1]&^0xffffffff | uint64(i)
		}
	}
	frag := func(h uint64) uint64 { return fragment(h) }
	for step := range 20000 {
		h := hashes[rng.IntN(len(hashes))]
		v := uint32(rng.IntN(50))
		switch rng.IntN(3) {
		case 0, 1:
			tab.insert(h, v)
			ref[frag(h)] = append(ref[frag(h)], v)
		default:
			tab.remove(h, v)
			if i := slices.Index(ref[frag(h)], v); i >= 0 {
				ref[frag(h)] = slices.Delete(ref[frag(h)], i, i+1)
			}
		}
		if step%500 != 0 {
			continue
		}
		total := 0
		for _, h := range hashes {
			var got []uint32
			tab.each(h, func(v uint32) bool { got = append(got, v); return true })
			slices.Sort(got)
			want := slices.Sorted(slices.Values(ref[frag(h)]))
			if !slices.Equal(got, want) {
				t.Fatalf("step %d: hash %x has %v, want %v", step, h, got, want)
			}
		}
		for _, vs := range ref {
			total += len(vs)
		}
		if tab.n != total {
			t.Fatalf("step %d: %d entries, want %d", step, tab.n, total)
		}
	}
	var s hashTable
	s.set(7, 1)
	s.set(7, 2)
	if v, ok := s.get(7); !ok || v != 2 || s.n != 1 {
		t.Fatalf("set: %v %v %d", v, ok, s.n)
	}
}
