package metricstore

import (
	"encoding/binary"
	"math"
	"slices"
	"sync"
)

// Rollup chunks hold the buckets of one tier of one stream, in strictly
// increasing time order, column by column so that a query decodes only the
// columns its statistics need:
//
//	chunk   := uvarint(n) uvarint(len) × 6  times counts sums mins maxs sketches
//	times   := '1' int64                            consecutive buckets from this index
//	         | '0' int64 dod*(n-1)                  bucket index = start / resolution
//	counts  := '1' xorValue                         every bucket has this count
//	         | '0' xorValue*n
//	sums    := a float column (decimal.go): decimal mantissas or XOR'd values
//	mins    := ('0' | '1' xorValue)*n               '0': the minimum equals the sum
//	maxs    := ('0' | '1' xorValue)*n               (every bucket of one sample)
//	sketches:= (uvarint(len) sketch[len])*n          len 0: the implicit sketch
//
// times, counts, mins and maxs are bit streams padded to whole bytes; sums
// and sketches are bytes.

// maxRollupBuckets bounds the buckets of one rollup chunk; Compact merges
// smaller neighbours up to it.
const maxRollupBuckets = 480

// rollupChunk is an immutable rollup chunk.
type rollupChunk struct {
	b          []byte
	minT, maxT int64 // start of the first and last bucket
	n          uint16
}

// colMask selects rollup columns to decode. Times are always decoded.
type colMask uint8

const (
	colCount colMask = 1 << iota
	colSum
	colMin
	colMax
	colSketch
	colAll = colCount | colSum | colMin | colMax | colSketch
)

// rollupCols holds decoded columns; columns not asked for are left as
// they were.
type rollupCols struct {
	// idx holds bucket indexes: a bucket starts at idx·resolution.
	idx                  []int64
	count, sum, min, max []float64
	// sk holds each bucket's encoded sketch, aliasing the chunk; empty
	// means implicit.
	sk [][]byte
}

var rollupWriterPool = sync.Pool{New: func() any { return new(rollupWriter) }}

// rollupWriter holds the column buffers of an encoding in progress.
type rollupWriter struct {
	cols [5]bitWriter
	sums []float64
	sk   []byte
	tmp  []byte
}

// encodeRollup encodes buckets, which must be non-empty, in strictly
// increasing time order and aligned to res.
func encodeRollup(res int64, bs []bucket) *rollupChunk {
	w := rollupWriterPool.Get().(*rollupWriter)
	defer rollupWriterPool.Put(w)
	for i := range w.cols {
		w.cols[i] = bitWriter{b: w.cols[i].b[:0]}
	}
	w.sk, w.sums = w.sk[:0], w.sums[:0]
	var cx, mnx, mxx xorState
	first, last := bs[0].t/res, bs[len(bs)-1].t/res
	consecutive := last-first == int64(len(bs)-1)
	w.cols[0].writeBit(consecutive)
	w.cols[0].writeBits(uint64(first), 64)
	sameCount := !slices.ContainsFunc(bs, func(b bucket) bool { return b.agg.count != bs[0].agg.count })
	w.cols[1].writeBit(sameCount)
	if sameCount {
		cx.write(&w.cols[1], math.Float64bits(bs[0].agg.count))
	}
	var prevIdx, prevDelta int64
	for i := range bs {
		b := &bs[i]
		idx := b.t / res
		if i > 0 && !consecutive {
			d := idx - prevIdx
			writeDoD(&w.cols[0], d-prevDelta)
			prevDelta = d
		}
		prevIdx = idx
		if !sameCount {
			cx.write(&w.cols[1], math.Float64bits(b.agg.count))
		}
		w.sums = append(w.sums, b.agg.sum)
		writeBound(&w.cols[3], &mnx, b.agg.min, b.agg.sum)
		writeBound(&w.cols[4], &mxx, b.agg.max, b.agg.sum)
		if b.sk == nil {
			w.sk = append(w.sk, 0)
		} else {
			w.tmp = b.sk.appendBinary(w.tmp[:0])
			w.sk = binary.AppendUvarint(w.sk, uint64(len(w.tmp)))
			w.sk = append(w.sk, w.tmp...)
		}
	}
	w.cols[2].b = appendFloatColumn(w.cols[2].b[:0], w.sums)
	size := 7 * binary.MaxVarintLen32
	for i := range w.cols {
		size += len(w.cols[i].b)
	}
	out := make([]byte, 0, size+len(w.sk))
	out = binary.AppendUvarint(out, uint64(len(bs)))
	for i := range w.cols {
		out = binary.AppendUvarint(out, uint64(len(w.cols[i].b)))
	}
	out = binary.AppendUvarint(out, uint64(len(w.sk)))
	for i := range w.cols {
		out = append(out, w.cols[i].b...)
	}
	out = append(out, w.sk...)
	return &rollupChunk{b: out[:len(out):len(out)], minT: bs[0].t, maxT: bs[len(bs)-1].t, n: uint16(len(bs))}
}

// writeBound writes a minimum or maximum: '0' when it equals the bucket's
// sum, else '1' and the value XOR'd with the previous one written.
func writeBound(w *bitWriter, x *xorState, v, sum float64) {
	if v == sum {
		w.writeBit(false)
		return
	}
	w.writeBit(true)
	x.write(w, math.Float64bits(v))
}

// rollupColumns splits a chunk into its n and column bytes.
func rollupColumns(b []byte) (int, [6][]byte, error) {
	var cols [6][]byte
	n, rest, err := uvarint(b)
	if err != nil {
		return 0, cols, err
	}
	if n == 0 || n > maxRollupBuckets {
		return 0, cols, corruptf("rollup chunk of %d buckets", n)
	}
	var lens [6]uint64
	total := uint64(0)
	for i := range lens {
		if lens[i], rest, err = uvarint(rest); err != nil {
			return 0, cols, err
		}
		total += lens[i]
		if lens[i] > uint64(len(rest)) || total > uint64(len(rest)) {
			return 0, cols, corruptf("rollup column lengths exceed the chunk")
		}
	}
	if total != uint64(len(rest)) {
		return 0, cols, corruptf("rollup chunk has %d stray bytes", uint64(len(rest))-total)
	}
	for i, l := range lens {
		cols[i], rest = rest[:l:l], rest[l:]
	}
	return int(n), cols, nil
}

// decode decodes the columns in need (and those they depend on) into d,
// reusing its slices.
func (c *rollupChunk) decode(need colMask, d *rollupCols) error {
	n, cols, err := rollupColumns(c.b)
	if err != nil {
		return err
	}
	d.idx = grow(d.idx, n)
	r := newBitReader(cols[0])
	consecutive := r.readBit()
	idx := int64(r.readBits(64))
	if consecutive {
		for i := range n {
			d.idx[i] = idx + int64(i)
		}
	} else {
		var delta int64
		for i := range n {
			switch {
			case i == 0:
			case r.n > 0 && int64(r.buf) >= 0:
				// The usual '0': the same step as before.
				r.buf <<= 1
				r.n--
				idx += delta
			default:
				delta += readDoD(&r)
				idx += delta
			}
			d.idx[i] = idx
		}
	}
	if err := columnEnd(&r, "times"); err != nil {
		return err
	}
	if need&colCount != 0 {
		d.count = grow(d.count, n)
		r := newBitReader(cols[1])
		if r.readBit() {
			var x xorState
			c := math.Float64frombits(x.read(&r))
			for i := range d.count {
				d.count[i] = c
			}
			if err := columnEnd(&r, "counts"); err != nil {
				return err
			}
		} else if err := decodeXOR(&r, d.count, "counts"); err != nil {
			return err
		}
	}
	if need&(colSum|colMin|colMax) != 0 {
		d.sum = grow(d.sum, n)
		if err := decodeFloatColumn(cols[2], d.sum, "sums"); err != nil {
			return err
		}
	}
	if need&colMin != 0 {
		d.min = grow(d.min, n)
		if err := decodeBounds(cols[3], d.sum, d.min, "minimums"); err != nil {
			return err
		}
	}
	if need&colMax != 0 {
		d.max = grow(d.max, n)
		if err := decodeBounds(cols[4], d.sum, d.max, "maximums"); err != nil {
			return err
		}
	}
	if need&colSketch != 0 {
		d.sk = grow(d.sk, n)
		src := cols[5]
		for i := range n {
			var l uint64
			if len(src) > 0 && src[0] < 0x80 {
				// Most sketches are implicit (length 0) or short.
				l, src = uint64(src[0]), src[1:]
			} else if l, src, err = uvarint(src); err != nil {
				return err
			}
			if l > uint64(len(src)) {
				return corruptf("rollup sketch runs past the chunk")
			}
			d.sk[i], src = src[:l:l], src[l:]
		}
		if len(src) != 0 {
			return corruptf("rollup sketches have %d stray bytes", len(src))
		}
	}
	return nil
}

// grow returns s resized to n elements, reusing its array when it can.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// decodeXOR decodes len(dst) XOR'd values from r, which must then be at
// the end of its column.
func decodeXOR(r *bitReader, dst []float64, what string) error {
	var x xorState
	for i := range dst {
		if r.n < 13 {
			r.refill()
		}
		if r.n >= 13 {
			dst[i] = math.Float64frombits(x.readFast(r))
		} else {
			dst[i] = math.Float64frombits(x.read(r))
		}
	}
	return columnEnd(r, what)
}

func decodeBounds(col []byte, sum, dst []float64, what string) error {
	r := newBitReader(col)
	var x xorState
	for i := range dst {
		if r.n < 14 {
			r.refill()
		}
		switch {
		case r.n >= 14 && int64(r.buf) >= 0:
			r.buf <<= 1
			r.n--
			dst[i] = sum[i]
		case r.n >= 14:
			r.buf <<= 1
			r.n--
			dst[i] = math.Float64frombits(x.readFast(&r))
		case r.readBit():
			dst[i] = math.Float64frombits(x.read(&r))
		default:
			dst[i] = sum[i]
		}
	}
	return columnEnd(&r, what)
}

// columnEnd checks that a bit column was read to its last byte and no
// further.
func columnEnd(r *bitReader, what string) error {
	if r.bad {
		return corruptf("rollup %s column is truncated", what)
	}
	if len(r.b)*8-r.consumed() >= 8 {
		return corruptf("rollup %s column has stray bytes", what)
	}
	return nil
}

// decodeRollup validates the bytes of a rollup chunk of tier res and
// returns it.
func decodeRollup(b []byte, res int64) (*rollupChunk, error) {
	c := &rollupChunk{b: b}
	var d rollupCols
	if err := c.decode(colAll, &d); err != nil {
		return nil, err
	}
	var sk sketch
	for i, idx := range d.idx {
		t := idx * res
		if idx < 0 || idx > maxTimestamp/res || (i > 0 && idx <= d.idx[i-1]) {
			return nil, corruptf("rollup bucket %d is out of order or range", idx)
		}
		cnt, sum, lo, hi := d.count[i], d.sum[i], d.min[i], d.max[i]
		if !finite(cnt) || cnt <= 0 || !finite(sum) || !finite(lo) || !finite(hi) || lo > hi {
			return nil, corruptf("rollup bucket at %d holds invalid values", t)
		}
		if len(d.sk[i]) == 0 {
			if lo < 0 || lo != hi {
				return nil, corruptf("rollup bucket at %d has an implicit sketch but distinct values", t)
			}
			continue
		}
		sk.reset()
		if err := sk.mergeBinary(d.sk[i]); err != nil {
			return nil, err
		}
	}
	c.minT, c.maxT, c.n = d.idx[0]*res, d.idx[len(d.idx)-1]*res, uint16(len(d.idx))
	return c, nil
}

// buckets decodes the whole chunk into buckets with materialized sketches,
// appending to dst.
func (c *rollupChunk) buckets(res int64, d *rollupCols, dst []bucket) ([]bucket, error) {
	if err := c.decode(colAll, d); err != nil {
		return dst, err
	}
	for i, idx := range d.idx {
		b := bucket{t: idx * res}
		if err := b.mergeEncoded(aggregate{count: d.count[i], sum: d.sum[i], min: d.min[i], max: d.max[i]}, d.sk[i]); err != nil {
			b.release()
			return dst, err
		}
		dst = append(dst, b)
	}
	return dst, nil
}
