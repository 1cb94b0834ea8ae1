package metricstore

import "encoding/binary"

// bitWriter appends bits, most significant first, to a byte slice. free is
// the number of unused low bits of the last byte, which are zero.
type bitWriter struct {
	b    []byte
	free uint8
}

// writeBit appends one bit.
func (w *bitWriter) writeBit(bit bool) {
	if w.free == 0 {
		w.b = append(w.b, 0)
		w.free = 8
	}
	w.free--
	if bit {
		w.b[len(w.b)-1] |= 1 << w.free
	}
}

// writeBits appends the low n bits of v, n ≤ 64.
func (w *bitWriter) writeBits(v uint64, n uint) {
	if n < 64 {
		v &= 1<<n - 1
	}
	if w.free > 0 && n > 0 {
		// Fill the last byte first.
		take := min(n, uint(w.free))
		w.b[len(w.b)-1] |= byte(v>>(n-take)) << (uint(w.free) - take)
		w.free -= uint8(take)
		n -= take
		v &= 1<<n - 1
	}
	if n == 0 {
		return
	}
	// Byte-aligned now. The bytes that hold the bits are appended; the low
	// bits of the last one are zero.
	l, need := len(w.b), int(n+7)/8
	x := v << (64 - n)
	if cap(w.b)-l >= 8 {
		w.b = binary.BigEndian.AppendUint64(w.b, x)[:l+need]
	} else {
		// Byte by byte, so that a small buffer grows no more than it
		// must: heads of idle series stay small.
		for range need {
			w.b = append(w.b, byte(x>>56))
			x <<= 8
		}
	}
	w.free = uint8(need*8) - uint8(n)
}

// bitReader reads bits written by bitWriter. Reading past the end yields
// zeros and sets bad; decoders check bad once per value or chunk, so a
// corrupt stream ends the decode with an error rather than a panic.
type bitReader struct {
	b   []byte
	i   int    // next byte of b to load into buf
	buf uint64 // unread bits, left-aligned; bits past n hold the stream's next bits or zeros
	n   uint   // valid bits in buf
	bad bool
}

func newBitReader(b []byte) bitReader { return bitReader{b: b} }

// refill loads whole bytes into buf until it holds at least 57 bits or the
// input is exhausted.
func (r *bitReader) refill() {
	if r.i+8 <= len(r.b) {
		// Load a word and keep as many whole bytes as fit; the partial
		// byte that also lands in buf is loaded again, to the same place,
		// by the next refill.
		r.buf |= binary.BigEndian.Uint64(r.b[r.i:]) >> r.n
		r.i += int(63-r.n) >> 3
		r.n |= 56
		return
	}
	for r.n <= 56 && r.i < len(r.b) {
		r.buf |= uint64(r.b[r.i]) << (56 - r.n)
		r.i++
		r.n += 8
	}
}

// consumed returns the number of bits read so far.
func (r *bitReader) consumed() int { return r.i*8 - int(r.n) }

// readBit returns the next bit.
func (r *bitReader) readBit() bool {
	if r.n == 0 {
		return r.readBitSlow()
	}
	v := r.buf
	r.buf <<= 1
	r.n--
	return int64(v) < 0
}

func (r *bitReader) readBitSlow() bool {
	r.refill()
	if r.n == 0 {
		r.bad = true
		return false
	}
	return r.readBit()
}

// readBits returns the next k bits, k ≤ 64.
func (r *bitReader) readBits(k uint) uint64 {
	if k <= r.n {
		// Shifts by 64 give 0, which is right for k = 0 and k = 64.
		v := r.buf >> (64 - k)
		r.buf <<= k
		r.n -= k
		return v
	}
	return r.readBitsSlow(k)
}

func (r *bitReader) readBitsSlow(k uint) uint64 {
	r.refill()
	if k <= r.n {
		return r.readBits(k)
	}
	if k > 56 && r.i < len(r.b) {
		// buf holds 57 to 63 bits and more input remains.
		hi := r.readBits(k - 32)
		return hi<<32 | r.readBits(32)
	}
	r.bad = true
	r.n, r.buf = 0, 0
	return 0
}

// leadingOnes counts up to max leading one bits, consuming them and the
// terminating zero bit when fewer than max ones are read.
func (r *bitReader) leadingOnes(limit int) int {
	for i := range limit {
		if !r.readBit() {
			return i
		}
	}
	return limit
}
