package metricstore

import (
	"encoding/binary"
	"math"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// sketchAlpha is the relative accuracy of quantiles: a quantile read from a
// sketch is within 1% of the exact one.
const sketchAlpha = 0.01

// maxSketchBins bounds the bins of one sketch. Values spanning more than
// gamma^4096 ≈ 10^35 collapse their lowest bins together, which keeps the
// guarantee for the quantiles above the collapsed ones.
const maxSketchBins = 4096

var (
	sketchGamma    = (1 + sketchAlpha) / (1 - sketchAlpha)
	sketchLogGamma = math.Log(sketchGamma)
)

// Bin indexes of the smallest and largest positive float64.
var (
	minSketchIndex = sketchIndex(math.SmallestNonzeroFloat64)
	maxSketchIndex = sketchIndex(math.MaxFloat64)
)

// sketch is a mergeable quantile sketch of non-negative values in the style
// of DDSketch: value v > 0 falls in bin i = ceil(log_gamma v), which covers
// (gamma^(i-1), gamma^i], and a bin is read back as 2·gamma^i/(gamma+1),
// within alpha of every value in it. Zeros are counted apart. Counts are
// float64 because CloudWatch counts are.
//
// Bins are a dense array starting at index off, so adding and merging are
// array updates. The zero value is an empty sketch.
type sketch struct {
	zero   float64
	n      float64 // total count, zeros included
	off    int32
	counts []float64
}

// sketchIndex returns the bin of v > 0.
func sketchIndex(v float64) int32 {
	return int32(math.Ceil(math.Log(v) / sketchLogGamma))
}

// sketchValue returns the value bin i stands for.
func sketchValue(i int32) float64 {
	return 2 * math.Exp(float64(i)*sketchLogGamma) / (1 + sketchGamma)
}

var sketchPool = sync.Pool{New: func() any { return new(sketch) }}

func getSketch() *sketch { return sketchPool.Get().(*sketch) }

func putSketch(s *sketch) {
	if s == nil {
		return
	}
	s.reset()
	sketchPool.Put(s)
}

func (s *sketch) reset() {
	s.zero, s.n, s.off = 0, 0, 0
	clear(s.counts)
	s.counts = s.counts[:0]
}

// add records c occurrences of v ≥ 0.
func (s *sketch) add(v, c float64) {
	s.n += c
	if v == 0 {
		s.zero += c
		return
	}
	*s.bin(sketchIndex(v)) += c
}

// bin returns the counter of bin i, growing the array, and collapsing its
// low end when it would exceed maxSketchBins.
func (s *sketch) bin(i int32) *float64 {
	if len(s.counts) == 0 {
		s.off = i
		s.counts = append(s.counts, 0)
		return &s.counts[0]
	}
	lo, hi := s.off, s.off+int32(len(s.counts))-1
	if i >= lo && i <= hi {
		return &s.counts[i-lo]
	}
	s.grow(min(lo, i), max(hi, i))
	i = max(i, s.off)
	return &s.counts[i-s.off]
}

// grow makes the array cover [lo, hi], or the top maxSketchBins of it.
// Counts of bins that fall below the new low end are added to it. The
// array is reused when it has the capacity, as it has in pooled sketches.
func (s *sketch) grow(lo, hi int32) {
	if hi-lo+1 > maxSketchBins {
		lo = hi - maxSketchBins + 1
	}
	// Leave room to grow on the side that grew, so that a run of adds
	// does not move the array each time.
	oldLo, oldHi := s.off, s.off+int32(len(s.counts))-1
	slack := int32(len(s.counts)/2 + 8)
	if lo < oldLo {
		lo = max(lo-slack, hi-maxSketchBins+1, minSketchIndex)
	}
	if hi > oldHi {
		hi = min(hi+slack, lo+maxSketchBins-1, maxSketchIndex)
	}
	size := int(hi - lo + 1)
	collapsed := 0.0
	keep := s.counts
	if lo > oldLo {
		n := min(int(lo-oldLo), len(keep))
		for _, c := range keep[:n] {
			collapsed += c
		}
		keep = keep[n:]
	}
	at := int(max(oldLo, lo) - lo) // where keep goes
	var counts []float64
	if cap(s.counts) >= size {
		counts = s.counts[:size]
		copy(counts[at:], keep)
		clear(counts[:at])
		clear(counts[at+len(keep):])
	} else {
		counts = make([]float64, size)
		copy(counts[at:], keep)
	}
	counts[0] += collapsed
	s.off, s.counts = lo, counts
}

// merge adds o's counts to s.
func (s *sketch) merge(o *sketch) {
	if o.n == 0 {
		return
	}
	s.n += o.n
	s.zero += o.zero
	if len(o.counts) == 0 {
		return
	}
	first, last := o.off, o.off+int32(len(o.counts))-1
	if len(s.counts) == 0 {
		s.off = first
		s.counts = append(s.counts, o.counts...)
		return
	}
	s.bin(first)
	s.bin(last)
	for j, c := range o.counts {
		if c != 0 {
			*s.bin(o.off + int32(j)) += c
		}
	}
}

// quantile returns the value at rank q·n (nearest rank: the smallest bin
// whose cumulative count reaches it), clamped to [lo, hi], the exact
// minimum and maximum. q = 0 returns lo. It returns NaN for an empty sketch.
func (s *sketch) quantile(q, lo, hi float64) float64 {
	if s.n == 0 {
		return math.NaN()
	}
	rank := q * s.n
	if rank <= 0 {
		return lo
	}
	// Counts are summed in float64; tolerate rounding at the boundary.
	target := rank * (1 - 1e-12)
	cum := s.zero
	if cum >= target {
		return max(0, lo)
	}
	for j, c := range s.counts {
		cum += c
		if c != 0 && cum >= target {
			return min(max(sketchValue(s.off+int32(j)), lo), hi)
		}
	}
	return hi
}

// forEach calls fn for the zero bin and every non-empty bin in ascending
// order, with the bin's value clamped to [lo, hi].
func (s *sketch) forEach(lo, hi float64, fn func(v, c float64)) {
	if s.zero > 0 {
		fn(min(max(0, lo), hi), s.zero)
	}
	for j, c := range s.counts {
		if c != 0 {
			fn(min(max(sketchValue(s.off+int32(j)), lo), hi), c)
		}
	}
}

// appendBinary appends the sketch's encoding:
//
//	uvarint(bins) count(zero) { varint(index delta) count }*
//
// where bins counts the non-empty bins, the first delta is from index 0 and
// count is a count encoding (appendCount).
func (s *sketch) appendBinary(dst []byte) []byte {
	bins := 0
	for _, c := range s.counts {
		if c != 0 {
			bins++
		}
	}
	dst = binary.AppendUvarint(dst, uint64(bins))
	dst = appendCount(dst, s.zero)
	prev := int32(0)
	for j, c := range s.counts {
		if c == 0 {
			continue
		}
		i := s.off + int32(j)
		dst = binary.AppendVarint(dst, int64(i-prev))
		dst = appendCount(dst, c)
		prev = i
	}
	return dst
}

// mergeBinary decodes an encoding made by appendBinary and merges it into
// s. src must hold exactly one sketch.
func (s *sketch) mergeBinary(src []byte) error {
	bins, src, err := uvarint(src)
	if err != nil {
		return err
	}
	if bins > uint64(len(src)) {
		return corruptf("sketch claims %d bins in %d bytes", bins, len(src))
	}
	zero, src, err := readCount(src)
	if err != nil {
		return err
	}
	s.zero += zero
	s.n += zero
	idx := int64(0)
	for range bins {
		var d int64
		if d, src, err = varint(src); err != nil {
			return err
		}
		idx += d
		if idx < int64(minSketchIndex) || idx > int64(maxSketchIndex) {
			return corruptf("sketch bin index %d out of range", idx)
		}
		var c float64
		if c, src, err = readCount(src); err != nil {
			return err
		}
		*s.bin(int32(idx)) += c
		s.n += c
	}
	if len(src) != 0 {
		return corruptf("%d stray bytes after sketch", len(src))
	}
	return nil
}

// appendCount appends a non-negative count: uvarint(2c) when c is an integer
// below 2^53, else uvarint(1) and the float64 bits, little-endian.
func appendCount(dst []byte, c float64) []byte {
	if c >= 0 && c < 1<<53 && c == math.Trunc(c) {
		return binary.AppendUvarint(dst, uint64(c)*2)
	}
	dst = binary.AppendUvarint(dst, 1)
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(c))
}

// readCount reads a count written by appendCount.
func readCount(src []byte) (float64, []byte, error) {
	u, src, err := uvarint(src)
	if err != nil {
		return 0, nil, err
	}
	switch {
	case u&1 == 0:
		return float64(u / 2), src, nil
	case u != 1:
		return 0, nil, corruptf("bad count tag %d", u)
	case len(src) < 8:
		return 0, nil, corruptf("truncated count")
	}
	c := math.Float64frombits(binary.LittleEndian.Uint64(src))
	if !finite(c) || c < 0 {
		return 0, nil, corruptf("bad count %v", c)
	}
	return c, src[8:], nil
}

// uvarint reads a uvarint.
func uvarint(src []byte) (uint64, []byte, error) {
	v, n := binary.Uvarint(src)
	if n <= 0 {
		return 0, nil, corruptf("bad uvarint")
	}
	return v, src[n:], nil
}

// varint reads a varint.
func varint(src []byte) (int64, []byte, error) {
	v, n := binary.Varint(src)
	if n <= 0 {
		return 0, nil, corruptf("bad varint")
	}
	return v, src[n:], nil
}

// corruptf returns an error wrapping model.ErrCorruption.
func corruptf(format string, args ...any) error {
	return model.Errorf(model.ErrCorruption, "metric store: "+format, args...)
}
