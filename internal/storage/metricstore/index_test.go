package metricstore

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestAppendKeyWithCache encodes random sequences of keys, which share
// strings in some places and not in others, with one idCache across the
// sequence and without, and checks the two agree: on the bytes, and on
// which keys have strings that are not interned.
func TestAppendKeyWithCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	pick := func(prefix string, n int) string { return fmt.Sprintf("%s%d", prefix, rng.IntN(n)) }
	randomKey := func() SeriesKey {
		k := SeriesKey{AccountID: fmt.Sprintf("00000000000%d", rng.IntN(2)), Namespace: pick("ns", 2), MetricName: pick("m", 3)}
		for j := range rng.IntN(4) {
			k.Dimensions = append(k.Dimensions, Dimension{Name: fmt.Sprintf("%c%s", 'a'+j, pick("", 2)), Value: pick("v", 3)})
		}
		return k
	}
	x := newIndex()
	for round := range 200 {
		// Intern a few strings between rounds, so that lookups without
		// create sometimes fail part-way.
		k := randomKey()
		x.appendKey(nil, &k, true)
		var c idCache
		for i := range 50 {
			k := randomKey()
			want, wantOK := x.appendKey(nil, &k, false)
			got, gotOK := x.appendKeyWith(nil, &k, false, &c)
			if gotOK != wantOK || (wantOK && !bytes.Equal(got, want)) {
				t.Fatalf("round %d key %d %v: cached %x %v, want %x %v", round, i, k, got, gotOK, want, wantOK)
			}
		}
	}
}
