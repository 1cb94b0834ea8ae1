package metrics

import "sync"

// slabLen is the number of values in one slab of a floatArena: 2 MiB,
// room for about 12 series of 15 days at 60 seconds.
const slabLen = 1 << 18

// slabPool recycles slabs between requests.
var slabPool = sync.Pool{New: func() any { return new([slabLen]float64) }}

// floatArena hands out the value slices of the series one GetMetricData
// reads, from pooled slabs. A SEARCH over hundreds of metrics for 15 days
// reads tens of megabytes of values that live only until the page is cut
// out of them; fresh memory for each request costs more in page faults and
// garbage collection than reading the store does.
//
// Slices from alloc are valid until release; whoever holds them then reads
// another request's values. The zero value is ready for use. It is not
// safe for concurrent use.
type floatArena struct {
	slabs []*[slabLen]float64
	free  []float64
}

// alloc returns a slice of n values, holding garbage.
func (a *floatArena) alloc(n int) []float64 {
	if n > slabLen/8 {
		// Few values per slab would waste the rest of it.
		return make([]float64, n)
	}
	if len(a.free) < n {
		s := slabPool.Get().(*[slabLen]float64)
		a.slabs = append(a.slabs, s)
		a.free = s[:]
	}
	out := a.free[:n:n]
	a.free = a.free[n:]
	return out
}

// release returns the slabs to the pool.
func (a *floatArena) release() {
	for i, s := range a.slabs {
		slabPool.Put(s)
		a.slabs[i] = nil
	}
	a.slabs, a.free = a.slabs[:0], nil
}
