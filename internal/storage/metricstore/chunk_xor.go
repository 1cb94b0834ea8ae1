package metricstore

import (
	"math"
	"slices"
)

// Raw chunks hold the points of one stream as they arrived, Gorilla style:
// delta-of-delta timestamps and XOR'd values in one bit stream.
//
//	chunk := point*
//	point := time kind
//	time  := int64 (first point) | dod (later points, see writeDoD)
//	kind  := '0' xorValue                      a single value
//	       | '10' float float float float      SampleCount Sum Minimum Maximum
//	       | '11' (n-1):8 ones:1 float*n [float*n]
//	                                           n values, then n counts unless ones
//
// Points need not be in time order; a chunk covers less than chunkSpan
// seconds and at most maxChunkPoints points.

const (
	// maxChunkPoints is the number of points after which a head is sealed.
	maxChunkPoints = 120
	// chunkSpan bounds, in seconds, the time a raw chunk covers.
	chunkSpan = 2 * 3600
)

// rawChunk is a sealed raw chunk. It is immutable.
type rawChunk struct {
	b          []byte
	minT, maxT int64
	n          uint16
}

// rawHead is the open raw chunk of a stream: the bit stream being appended
// and the state needed to append to it. Its fields are laid out flat to keep
// idle series small.
type rawHead struct {
	b []byte
	// t is the time of the last point; the chunk covers [t-lo, t+hi].
	t      int64
	v      uint64 // XOR base: bits of the last single value
	dt     int32  // last time delta
	lo, hi uint16
	n      uint16
	lead   uint8
	trail  uint8
	free   uint8 // unused bits of the last byte of b
}

func (h *rawHead) minT() int64 { return h.t - int64(h.lo) }
func (h *rawHead) maxT() int64 { return h.t + int64(h.hi) }

// fits reports whether a point at t can join the chunk.
func (h *rawHead) fits(t int64) bool {
	if h.n == 0 {
		return true
	}
	return h.n < maxChunkPoints && max(h.maxT(), t)-min(h.minT(), t) < chunkSpan
}

// append adds e, which must fit.
func (h *rawHead) append(e *entry) {
	w := bitWriter{b: h.b, free: h.free}
	if h.n == 0 {
		w.writeBits(uint64(e.t), 64)
		h.lo, h.hi, h.dt = 0, 0, 0
	} else {
		dt := e.t - h.t
		writeDoD(&w, dt-int64(h.dt))
		lo, hi := min(h.minT(), e.t), max(h.maxT(), e.t)
		h.lo, h.hi, h.dt = uint16(e.t-lo), uint16(hi-e.t), int32(dt)
	}
	h.t = e.t
	switch e.kind {
	case kindValue:
		w.writeBit(false)
		x := xorState{prev: h.v, lead: h.lead, trail: h.trail}
		x.write(&w, math.Float64bits(e.v))
		h.v, h.lead, h.trail = x.prev, x.lead, x.trail
	case kindStats:
		w.writeBits(0b10, 2)
		writeFloat(&w, e.st.SampleCount)
		writeFloat(&w, e.st.Sum)
		writeFloat(&w, e.st.Minimum)
		writeFloat(&w, e.st.Maximum)
	case kindDist:
		w.writeBits(0b11, 2)
		w.writeBits(uint64(len(e.vals)-1), 8)
		w.writeBit(e.cnts == nil)
		for _, v := range e.vals {
			writeFloat(&w, v)
		}
		for _, c := range e.cnts {
			writeFloat(&w, c)
		}
	}
	h.b, h.free = w.b, w.free
	h.n++
}

// seal returns the head's points as a sealed chunk and empties the head,
// keeping its buffer for the next points.
func (h *rawHead) seal() *rawChunk {
	c := &rawChunk{b: slices.Clone(h.b), minT: h.minT(), maxT: h.maxT(), n: h.n}
	*h = rawHead{b: h.b[:0]}
	return c
}

// view returns a read-only copy of the head's points, safe to decode
// without the series lock.
func (h *rawHead) view() *rawChunk {
	if h.n == 0 {
		return nil
	}
	return &rawChunk{b: slices.Clone(h.b), minT: h.minT(), maxT: h.maxT(), n: h.n}
}

// restoreHead rebuilds a head from the bytes of its n points, validating
// them.
func restoreHead(b []byte, n int) (rawHead, error) {
	if n == 0 {
		if len(b) != 0 {
			return rawHead{}, corruptf("empty head with %d bytes", len(b))
		}
		return rawHead{}, nil
	}
	it := newRawIter(b, n)
	var h rawHead
	for it.next() {
		e := &it.e
		if !validEntry(e) || !h.fits(e.t) {
			return rawHead{}, corruptf("head holds an invalid point at %d", e.t)
		}
		if h.n > 0 {
			lo, hi := min(h.minT(), e.t), max(h.maxT(), e.t)
			h.lo, h.hi = uint16(e.t-lo), uint16(hi-e.t)
		}
		h.t = e.t
		h.n++
	}
	if err := it.finish(); err != nil {
		return rawHead{}, err
	}
	h.b = b
	h.v, h.lead, h.trail = it.x.prev, it.x.lead, it.x.trail
	h.dt = int32(it.dt)
	h.free = uint8(len(b)*8 - it.r.consumed())
	return h, nil
}

// rawIter decodes the points of a raw chunk.
type rawIter struct {
	r    bitReader
	left int
	read int
	dt   int64
	x    xorState
	e    entry // the current point; its vals and cnts alias vals and cnts
	vals []float64
	cnts []float64
}

func newRawIter(b []byte, n int) *rawIter {
	return &rawIter{r: newBitReader(b), left: n}
}

// reset prepares the iterator for another chunk, keeping its buffers.
func (it *rawIter) reset(b []byte, n int) {
	*it = rawIter{r: newBitReader(b), left: n, vals: it.vals[:0], cnts: it.cnts[:0]}
}

// next decodes the next point into it.e.
func (it *rawIter) next() bool {
	if it.left == 0 || it.r.bad {
		return false
	}
	it.left--
	r := &it.r
	e := &it.e
	if it.read == 0 {
		e.t = int64(r.readBits(64))
	} else {
		it.dt += readDoD(r)
		e.t += it.dt
	}
	it.read++
	switch {
	case !r.readBit():
		e.kind = kindValue
		e.v = math.Float64frombits(it.x.read(r))
	case !r.readBit():
		e.kind = kindStats
		e.st = StatisticSet{SampleCount: readFloat(r), Sum: readFloat(r), Minimum: readFloat(r), Maximum: readFloat(r)}
	default:
		e.kind = kindDist
		n := int(r.readBits(8)) + 1
		ones := r.readBit()
		it.vals = it.vals[:0]
		for range n {
			it.vals = append(it.vals, readFloat(r))
		}
		e.vals, e.cnts = it.vals, nil
		if !ones {
			it.cnts = it.cnts[:0]
			for range n {
				it.cnts = append(it.cnts, readFloat(r))
			}
			e.cnts = it.cnts
		}
	}
	return !r.bad
}

// finish reports whether the chunk decoded cleanly: every point read, and
// no whole byte left over.
func (it *rawIter) finish() error {
	switch {
	case it.r.bad:
		return corruptf("raw chunk is truncated after %d points", it.read)
	case it.left != 0:
		return corruptf("raw chunk iteration stopped early")
	case len(it.r.b)*8-it.r.consumed() >= 8:
		return corruptf("raw chunk has %d stray bits", len(it.r.b)*8-it.r.consumed())
	}
	return nil
}

// validEntry reports whether a decoded point is one the store could have
// written.
func validEntry(e *entry) bool {
	if e.t < 0 || e.t > maxTimestamp {
		return false
	}
	switch e.kind {
	case kindValue:
		return finite(e.v)
	case kindStats:
		st := e.st
		return finite(st.SampleCount) && finite(st.Sum) && finite(st.Minimum) && finite(st.Maximum) &&
			st.SampleCount > 0 && st.Minimum <= st.Maximum
	default:
		if len(e.vals) > maxValuesPerPoint {
			return false
		}
		for _, v := range e.vals {
			if !finite(v) {
				return false
			}
		}
		for _, c := range e.cnts {
			if !finite(c) || c <= 0 {
				return false
			}
		}
		return true
	}
}

// decodeRaw validates the bytes of a sealed raw chunk of n points and
// returns it.
func decodeRaw(b []byte, n int) (*rawChunk, error) {
	if n <= 0 || n > maxChunkPoints {
		return nil, corruptf("raw chunk of %d points", n)
	}
	it := newRawIter(b, n)
	c := &rawChunk{b: b, n: uint16(n)}
	for it.next() {
		if !validEntry(&it.e) {
			return nil, corruptf("raw chunk holds an invalid point at %d", it.e.t)
		}
		if it.read == 1 {
			c.minT, c.maxT = it.e.t, it.e.t
		}
		c.minT, c.maxT = min(c.minT, it.e.t), max(c.maxT, it.e.t)
	}
	if err := it.finish(); err != nil {
		return nil, err
	}
	if c.maxT-c.minT >= chunkSpan {
		return nil, corruptf("raw chunk spans %d seconds", c.maxT-c.minT)
	}
	return c, nil
}
