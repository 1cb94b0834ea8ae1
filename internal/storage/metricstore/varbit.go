package metricstore

import (
	"math"
	"math/bits"
)

// The variable-width codes shared by raw and rollup chunks: delta-of-delta
// integers, Gorilla XOR floats and self-contained floats. Their bit layouts
// are in docs/format/metrics_chunk.md.

// writeDoD appends a delta of deltas:
//
//	'0'                      dod = 0
//	'10'   + 7-bit  signed   -64 ≤ dod ≤ 63
//	'110'  + 12-bit signed   -2048 ≤ dod ≤ 2047
//	'1110' + 20-bit signed   -2^19 ≤ dod < 2^19
//	'1111' + 64-bit signed   otherwise
func writeDoD(w *bitWriter, dod int64) {
	switch {
	case dod == 0:
		w.writeBit(false)
	case -64 <= dod && dod <= 63:
		w.writeBits(0b10, 2)
		w.writeBits(uint64(dod), 7)
	case -2048 <= dod && dod <= 2047:
		w.writeBits(0b110, 3)
		w.writeBits(uint64(dod), 12)
	case -(1<<19) <= dod && dod < 1<<19:
		w.writeBits(0b1110, 4)
		w.writeBits(uint64(dod), 20)
	default:
		w.writeBits(0b1111, 4)
		w.writeBits(uint64(dod), 64)
	}
}

var dodWidths = [5]uint{0, 7, 12, 20, 64}

// readDoD reads a value written by writeDoD.
func readDoD(r *bitReader) int64 {
	width := dodWidths[r.leadingOnes(4)]
	if width == 0 {
		return 0
	}
	v := r.readBits(width)
	// Sign-extend from width bits.
	return int64(v<<(64-width)) >> (64 - width)
}

// xorState is the state of a Gorilla XOR float column: the previous value's
// bits and the window of meaningful bits. lead == trail == 0 means no window
// yet, which is why the zero value is the initial state.
type xorState struct {
	prev  uint64
	lead  uint8
	trail uint8
}

// write appends v XOR'd with the previous value:
//
//	'0'                                          same as the previous value
//	'10' + bits in the previous window            XOR fits the window
//	'11' + lead(5) + sig(6, 0 means 64) + bits    new window
func (x *xorState) write(w *bitWriter, v uint64) {
	delta := v ^ x.prev
	x.prev = v
	if delta == 0 {
		w.writeBit(false)
		return
	}
	lead := uint8(min(bits.LeadingZeros64(delta), 31))
	trail := uint8(bits.TrailingZeros64(delta))
	if (x.lead|x.trail) != 0 && lead >= x.lead && trail >= x.trail {
		w.writeBits(0b10, 2)
		w.writeBits(delta>>x.trail, 64-uint(x.lead)-uint(x.trail))
		return
	}
	sig := 64 - uint(lead) - uint(trail)
	w.writeBits(0b11, 2)
	w.writeBits(uint64(lead), 5)
	w.writeBits(uint64(sig&63), 6)
	w.writeBits(delta>>trail, sig)
	x.lead, x.trail = lead, trail
}

// read returns the next value's bits. A window that does not fit in 64
// bits marks the reader bad.
func (x *xorState) read(r *bitReader) uint64 {
	if !r.readBit() {
		return x.prev
	}
	if r.readBit() {
		lead := uint(r.readBits(5))
		sig := uint(r.readBits(6))
		if sig == 0 {
			sig = 64
		}
		if lead+sig > 64 {
			r.bad = true
			return x.prev
		}
		x.lead, x.trail = uint8(lead), uint8(64-lead-sig)
	}
	n := 64 - uint(x.lead) - uint(x.trail)
	x.prev ^= r.readBits(n) << x.trail
	return x.prev
}

// readFast is read for a reader that holds at least 13 bits, enough for
// the control bits, so that they are taken from the buffer directly.
func (x *xorState) readFast(r *bitReader) uint64 {
	switch r.buf >> 62 {
	case 0, 1:
		r.buf <<= 1
		r.n--
		return x.prev
	case 3:
		lead := uint(r.buf>>57) & 31
		sig := uint(r.buf>>51) & 63
		r.buf <<= 13
		r.n -= 13
		if sig == 0 {
			sig = 64
		}
		if lead+sig > 64 {
			r.bad = true
			return x.prev
		}
		x.lead, x.trail = uint8(lead), uint8(64-lead-sig)
	default:
		r.buf <<= 2
		r.n -= 2
	}
	sig := 64 - uint(x.lead) - uint(x.trail)
	if r.n < sig {
		r.refill()
		if r.n < sig {
			// After a refill buf holds at least 57 bits, unless the
			// input is ending: take what it has and refill for the rest.
			have := r.n
			hi := r.buf >> (64 - have)
			r.buf, r.n = 0, 0
			rest := sig - have
			r.refill()
			if r.n < rest {
				r.bad = true
				return x.prev
			}
			x.prev ^= (hi<<rest | r.buf>>(64-rest)) << x.trail
			r.buf <<= rest
			r.n -= rest
			return x.prev
		}
	}
	x.prev ^= r.buf >> (64 - sig) << x.trail
	r.buf <<= sig
	r.n -= sig
	return x.prev
}

// writeFloat appends a float that does not depend on its neighbours:
//
//	'0'                                   +0.0
//	'1' + lead(6) + sig-1 (6) + bits      otherwise
func writeFloat(w *bitWriter, f float64) {
	v := math.Float64bits(f)
	if v == 0 {
		w.writeBit(false)
		return
	}
	lead := uint(bits.LeadingZeros64(v))
	trail := uint(bits.TrailingZeros64(v))
	sig := 64 - lead - trail
	w.writeBit(true)
	w.writeBits(uint64(lead), 6)
	w.writeBits(uint64(sig-1), 6)
	w.writeBits(v>>trail, sig)
}

// readFloat reads a float written by writeFloat.
func readFloat(r *bitReader) float64 {
	if !r.readBit() {
		return 0
	}
	lead := uint(r.readBits(6))
	sig := uint(r.readBits(6)) + 1
	if lead+sig > 64 {
		r.bad = true
		return 0
	}
	return math.Float64frombits(r.readBits(sig) << (64 - lead - sig))
}
