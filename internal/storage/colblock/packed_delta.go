package colblock

import (
	"encoding/binary"
	"math/bits"
)

// Packed deltas suit sorted values whose gaps vary at random, as the
// timestamps of a busy stream do. Delta-of-delta varints take one or two
// bytes there at random, and that length is a branch the processor cannot
// predict; here each gap is stored in a fixed number of bits as its distance
// from the smallest gap of its miniblock, so decoding takes no branch per
// value. A run of equal gaps costs no bits at all.

// packedMiniblock is the number of gaps that share a base and a bit width:
// small enough that one outlier (the jump where a block passes from one
// stream to the next) widens few values, large enough that the base and
// width cost little per value.
const packedMiniblock = 128

// packedFrame returns the smallest gap vals[i]-vals[i-1] for i in [lo, hi)
// and the number of bits the largest distance from it takes. Gaps and
// distances wrap, so every int64 sequence round-trips.
func packedFrame(vals []int64, lo, hi int) (base int64, width int) {
	base = vals[lo] - vals[lo-1]
	top := base
	for i := lo + 1; i < hi; i++ {
		d := vals[i] - vals[i-1]
		base, top = min(base, d), max(top, d)
	}
	// Every distance lies in [0, top-base]; the subtraction is unsigned
	// so that it cannot overflow.
	return base, bits.Len64(uint64(top) - uint64(base))
}

// packedDeltaSize returns the encoded size of vals under encPackedDelta.
func packedDeltaSize(vals []int64) int {
	n := uvarintLen(zigzag(vals[0]))
	for lo := 1; lo < len(vals); lo += packedMiniblock {
		hi := min(lo+packedMiniblock, len(vals))
		base, width := packedFrame(vals, lo, hi)
		n += uvarintLen(zigzag(base)) + 1 + packedBytes(hi-lo, width)
	}
	return n
}

// packedBytes is the length of n values of width bits.
func packedBytes(n, width int) int { return (n*width + 7) / 8 }

// appendPackedDeltaInts writes the first value as a zigzag varint, then per
// miniblock of up to 128 gaps: the smallest gap as a zigzag varint, the bit
// width as a byte, and each gap's distance from the smallest in width bits,
// least significant bit first, from the lowest bit of the first byte on.
func appendPackedDeltaInts(dst []byte, vals []int64) []byte {
	dst = binary.AppendVarint(dst, vals[0])
	for lo := 1; lo < len(vals); lo += packedMiniblock {
		hi := min(lo+packedMiniblock, len(vals))
		base, width := packedFrame(vals, lo, hi)
		dst = binary.AppendVarint(dst, base)
		dst = append(dst, byte(width))
		if width == 0 {
			continue
		}
		var acc uint64 // bits not yet written, from the lowest
		n := 0         // how many
		for i := lo; i < hi; i++ {
			x := uint64(vals[i]-vals[i-1]) - uint64(base)
			acc |= x << n
			if n+width < 64 {
				n += width
				continue
			}
			dst = binary.LittleEndian.AppendUint64(dst, acc)
			// A shift by 64 yields 0: a value that filled acc exactly
			// leaves nothing over.
			acc = x >> (64 - n)
			n += width - 64
		}
		for ; n > 0; n -= 8 {
			dst = append(dst, byte(acc))
			acc >>= 8
		}
	}
	return dst
}

func decodePackedDeltaInts(c *cursor, dst []int64) {
	if c.err != nil || len(dst) == 0 {
		return
	}
	v := c.varint("packed delta first value")
	if c.err != nil {
		return
	}
	dst[0] = v
	// The packed bits are read eight bytes at a time from a padded copy,
	// so no read runs off the end of the body. What such a read takes from
	// past a miniblock's bytes is masked off.
	var buf [packedMiniblock*8 + 16]byte
	for lo := 1; lo < len(dst); lo += packedMiniblock {
		hi := min(lo+packedMiniblock, len(dst))
		base := c.varint("packed delta base")
		width := int(c.byte("packed delta width"))
		if c.err != nil {
			return
		}
		if width > 64 {
			c.fail("packed delta width %d", width)
			return
		}
		p := c.bytes(packedBytes(hi-lo, width), "packed deltas")
		if c.err != nil {
			return
		}
		copy(buf[:], p)
		v = unpackDeltas(&buf, width, base, v, dst[lo:hi])
	}
}

// unpackDeltas adds base plus each packed distance in buf to v in turn and
// stores the running values in dst (at most packedMiniblock of them).
func unpackDeltas(buf *[packedMiniblock*8 + 16]byte, width int, base, v int64, dst []int64) int64 {
	if width == 0 {
		for i := range dst {
			v += base
			dst[i] = v
		}
		return v
	}
	mask := uint64(1)<<width - 1 // all ones when width is 64
	bit := 0
	if width <= 56 {
		// A value starts at most 7 bits into its first byte, so eight
		// bytes hold all of it.
		for i := range dst {
			x := binary.LittleEndian.Uint64(buf[bit>>3:]) >> (bit & 7) & mask
			v += base + int64(x)
			dst[i] = v
			bit += width
		}
		return v
	}
	for i := range dst {
		s := bit & 7
		x := binary.LittleEndian.Uint64(buf[bit>>3:])>>s | uint64(buf[bit>>3+8])<<(64-s)
		v += base + int64(x&mask)
		dst[i] = v
		bit += width
	}
	return v
}
