package metricstore

import (
	"cmp"
	"slices"
	"sync"
)

// Tiers of pre-aggregated data and how long each is kept, as CloudWatch
// keeps them: 60-second data for 15 days, 5-minute data for 63 days and
// 1-hour data for 455 days. Raw points are kept for rawRetention, which is
// how long CloudWatch keeps high-resolution data.
const (
	numTiers     = 3
	rawRetention = 3 * 3600
)

var (
	tierRes       = [numTiers]int64{60, 300, 3600}
	tierRetention = [numTiers]int64{15 * 86400, 63 * 86400, 455 * 86400}
)

// rollupScratch is the working space of rollupRaw.
type rollupScratch struct {
	tiers [numTiers][]bucket
	it    rawIter
}

var rollupScratchPool = sync.Pool{New: func() any { return new(rollupScratch) }}

// rollupRaw aggregates the points of a raw chunk into one rollup chunk per
// tier.
func rollupRaw(c *rawChunk) ([numTiers]*rollupChunk, error) {
	var out [numTiers]*rollupChunk
	sc := rollupScratchPool.Get().(*rollupScratch)
	defer rollupScratchPool.Put(sc)
	// A chunk spans less than chunkSpan, so each tier needs few buckets,
	// indexed from the chunk's first one.
	var base [numTiers]int64
	for k, res := range tierRes {
		base[k] = c.minT / res
		sc.tiers[k] = grow(sc.tiers[k], int(c.maxT/res-base[k]+1))
		clear(sc.tiers[k])
	}
	sc.it.reset(c.b, int(c.n))
	for sc.it.next() {
		e := &sc.it.e
		for k, res := range tierRes {
			b := &sc.tiers[k][e.t/res-base[k]]
			b.t = e.t / res * res
			b.addEntry(e)
		}
	}
	err := sc.it.finish()
	for k, res := range tierRes {
		bs := sc.tiers[k]
		live := bs[:0]
		for _, b := range bs {
			if b.agg.count > 0 {
				live = append(live, b)
			}
		}
		if err == nil && len(live) > 0 {
			out[k] = encodeRollup(res, live)
		}
		for i := range live {
			live[i].release()
		}
		clear(bs)
	}
	return out, err
}

// mergeRollups merges chunks, which may overlap, into chunks of at most
// maxRollupBuckets buckets.
func mergeRollups(res int64, chunks []*rollupChunk) ([]*rollupChunk, error) {
	var d rollupCols
	var all []bucket
	defer func() {
		for i := range all {
			all[i].release()
		}
	}()
	for _, c := range chunks {
		var err error
		if all, err = c.buckets(res, &d, all); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(all, func(a, b bucket) int { return cmp.Compare(a.t, b.t) })
	merged := all[:0]
	for i := range all {
		b := &all[i]
		if len(merged) > 0 && merged[len(merged)-1].t == b.t {
			merged[len(merged)-1].mergeBucket(b)
			b.release()
			continue
		}
		merged = append(merged, *b)
		if &merged[len(merged)-1] != b {
			*b = bucket{}
		}
	}
	all = merged
	var out []*rollupChunk
	for len(merged) > 0 {
		n := min(len(merged), maxRollupBuckets)
		out = append(out, encodeRollup(res, merged[:n]))
		merged = merged[n:]
	}
	return out, nil
}

// compactTier returns the chunks of one tier with runs of small chunks
// merged, or nil when nothing changes. Chunks are taken in order of their
// first bucket; consecutive ones are merged while their buckets add up to
// at most maxRollupBuckets.
func compactTier(res int64, chunks []*rollupChunk) ([]*rollupChunk, error) {
	if len(chunks) < 2 {
		return nil, nil
	}
	sorted := slices.Clone(chunks)
	slices.SortStableFunc(sorted, func(a, b *rollupChunk) int { return cmp.Compare(a.minT, b.minT) })
	var out []*rollupChunk
	changed := false
	for i := 0; i < len(sorted); {
		j, total := i+1, int(sorted[i].n)
		for j < len(sorted) && total+int(sorted[j].n) <= maxRollupBuckets {
			total += int(sorted[j].n)
			j++
		}
		if j-i == 1 {
			out = append(out, sorted[i])
			i = j
			continue
		}
		merged, err := mergeRollups(res, sorted[i:j])
		if err != nil {
			return nil, err
		}
		out = append(out, merged...)
		changed = true
		i = j
	}
	if !changed {
		return nil, nil
	}
	return out, nil
}
