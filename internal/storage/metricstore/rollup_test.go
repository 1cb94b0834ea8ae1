package metricstore

import (
	"math/rand/v2"
	"testing"
)

// TestRollupRawMatchesBruteForce seals random heads and checks every tier's
// buckets against brute force.
func TestRollupRawMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	stats := mustStat(t, aggStats...)
	for round := range 50 {
		es := randomEntries(rng, 1+rng.IntN(maxChunkPoints))
		var h rawHead
		for i := range es {
			h.append(&es[i])
		}
		tiers, err := rollupRaw(h.seal())
		if err != nil {
			t.Fatal(err)
		}
		for k, res := range tierRes {
			ref := map[int64]*refBucket{}
			for i := range es {
				bt := es[i].t / res * res
				if ref[bt] == nil {
					ref[bt] = &refBucket{}
				}
				ref[bt].add(&es[i])
			}
			bs, err := tiers[k].buckets(res, &rollupCols{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(bs) != len(ref) {
				t.Fatalf("round %d tier %d: %d buckets, want %d", round, k, len(bs), len(ref))
			}
			for i := range bs {
				want := ref[bs[i].t]
				if want == nil {
					t.Fatalf("round %d tier %d: unexpected bucket %d", round, k, bs[i].t)
				}
				for j := range stats {
					st := &stats[j]
					if !st.Percent && st.needsSketch() && st.Kind != StatPercentile && want.samplesNear(st) > 0 {
						continue
					}
					if got, w := bs[i].value(st), want.exactStat(st); !closeEnough(got, w, tolerance(st)) {
						t.Fatalf("round %d tier %d bucket %d %v: %v, want %v", round, k, bs[i].t, st, got, w)
					}
				}
				bs[i].release()
			}
		}
	}
}

// TestCompactTier merges overlapping and adjacent small chunks and checks
// that the buckets are unchanged.
func TestCompactTier(t *testing.T) {
	rng := rand.New(rand.NewPCG(25, 26))
	const res = 60
	var chunks []*rollupChunk
	total := map[int64]aggregate{}
	for range 30 {
		bs := randomBuckets(rng, res, 1+rng.IntN(40))
		// Shift some chunks back so that they overlap others.
		shift := rng.Int64N(100) * res
		for i := range bs {
			bs[i].t -= shift
			a := total[bs[i].t]
			a.merge(bs[i].agg)
			total[bs[i].t] = a
		}
		chunks = append(chunks, encodeRollup(res, bs))
		for i := range bs {
			bs[i].release()
		}
	}
	merged, err := compactTier(res, chunks)
	if err != nil || merged == nil {
		t.Fatalf("compactTier: %v, %d chunks", err, len(merged))
	}
	if len(merged) >= len(chunks) {
		t.Fatalf("%d chunks merged into %d", len(chunks), len(merged))
	}
	got := map[int64]aggregate{}
	for _, c := range merged {
		if c.n > maxRollupBuckets {
			t.Fatalf("chunk of %d buckets", c.n)
		}
		bs, err := c.buckets(res, &rollupCols{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range bs {
			a := got[bs[i].t]
			a.merge(bs[i].agg)
			got[bs[i].t] = a
			bs[i].release()
		}
	}
	if len(got) != len(total) {
		t.Fatalf("%d buckets after merging, want %d", len(got), len(total))
	}
	for ts, w := range total {
		g := got[ts]
		if g.count != w.count || !closeEnough(g.sum, w.sum, 1e-9) || g.min != w.min || g.max != w.max {
			t.Fatalf("bucket %d: %+v, want %+v", ts, g, w)
		}
	}
	again, err := compactTier(res, merged)
	if err != nil {
		t.Fatal(err)
	}
	if again != nil && len(again) >= len(merged) {
		t.Fatalf("a second pass re-merged %d chunks into %d", len(merged), len(again))
	}
}
