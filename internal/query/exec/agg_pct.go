package exec

import (
	"math"
	"math/bits"
	"slices"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// pctState is pct(expr, p): the nearest-rank percentile of the values that
// are numbers, the smallest value v such that at least p% of the values
// are <= v. It keeps every value, so the answer is exact. Values are kept
// in chunks that grow with the count, so that adding never copies what
// is kept and merging only links chunks.
type pctState struct {
	p      float64
	chunks [][]float64
	n      int
}

// maxPctChunk bounds the values of one chunk.
const maxPctChunk = 4096

func newPct(call *syntax.CallExpr) func() aggState {
	p := call.Args[1].(*syntax.NumberLit).Value
	return func() aggState { return &pctState{p: p} }
}

func (s *pctState) add(v Value, _ rowPos) {
	f, ok := v.Number()
	if !ok {
		return
	}
	last := len(s.chunks) - 1
	if last < 0 || len(s.chunks[last]) == cap(s.chunks[last]) {
		s.chunks = append(s.chunks, make([]float64, 0, min(maxPctChunk, max(16, s.n))))
		last++
	}
	s.chunks[last] = append(s.chunks[last], f)
	s.n++
}

func (s *pctState) merge(o aggState) {
	other := o.(*pctState)
	// Full chunks first, so that this state's last chunk stays the one it
	// fills.
	if last := len(s.chunks) - 1; last >= 0 {
		s.chunks = append(s.chunks[:last], append(other.chunks, s.chunks[last])...)
	} else {
		s.chunks = append(s.chunks, other.chunks...)
	}
	s.n += other.n
}

func (s *pctState) result() Value {
	if s.n == 0 {
		return null
	}
	rank := int(math.Ceil(s.p / 100 * float64(s.n)))
	if rank < 1 {
		rank = 1
	}
	if rank > s.n {
		rank = s.n
	}
	return numValue(selectChunks(s.chunks, s.n, rank-1))
}

// orderKey maps a float to an unsigned integer in the same order.
func orderKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// radixBits is how many leading bits of orderKey the first pass of
// selectChunks counts by.
const radixBits = 16

// selectChunks returns the value of rank k (from 0) among the n values of
// chunks, without sorting or copying them all: a first pass counts the
// values by the leading bits of their order key, which tells the range the
// rank falls in, and a second gathers only the values of that range for a
// quickselect.
func selectChunks(chunks [][]float64, n, k int) float64 {
	if n <= 1<<12 {
		vals := make([]float64, 0, n)
		for _, c := range chunks {
			vals = append(vals, c...)
		}
		return nthSmallest(vals, k)
	}
	counts := make([]int, 1<<radixBits)
	for _, c := range chunks {
		for _, f := range c {
			counts[orderKey(f)>>(64-radixBits)]++
		}
	}
	bucket := 0
	for ; k >= counts[bucket]; bucket++ {
		k -= counts[bucket]
	}
	in := make([]float64, 0, counts[bucket])
	for _, c := range chunks {
		for _, f := range c {
			if int(orderKey(f)>>(64-radixBits)) == bucket {
				in = append(in, f)
			}
		}
	}
	return nthSmallest(in, k)
}

// nthSmallest returns the value that vals[k] would hold if vals were
// sorted, reordering vals. It partitions around the median of three
// (quickselect), linear on average; inputs that keep it from shrinking
// the range fast enough are sorted instead.
func nthSmallest(vals []float64, k int) float64 {
	lo, hi := 0, len(vals)-1
	for budget := 2 * bits.Len(uint(len(vals))); hi-lo > 16; budget-- {
		if budget == 0 {
			slices.Sort(vals[lo : hi+1])
			return vals[k]
		}
		mid := lo + (hi-lo)/2
		pivot := median3(vals[lo], vals[mid], vals[hi])
		// Three-way partition: [lo, lt) < pivot, [lt, gt] == pivot,
		// (gt, hi] > pivot.
		lt, i, gt := lo, lo, hi
		for i <= gt {
			switch v := vals[i]; {
			case v < pivot:
				vals[lt], vals[i] = vals[i], vals[lt]
				lt++
				i++
			case v > pivot:
				vals[i], vals[gt] = vals[gt], vals[i]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt - 1
		case k > gt:
			lo = gt + 1
		default:
			return pivot
		}
	}
	slices.Sort(vals[lo : hi+1])
	return vals[k]
}

func median3(a, b, c float64) float64 {
	if a > b {
		a, b = b, a
	}
	if b > c {
		b = c
	}
	return max(a, b)
}
