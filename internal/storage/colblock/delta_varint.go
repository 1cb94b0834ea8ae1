package colblock

import "encoding/binary"

// Delta encodings suit sorted or slowly changing integers: timestamps within
// a stream, ingestion times, sequence numbers. All arithmetic wraps, so every
// int64 (and every uint64 seen as int64) round-trips.

// deltaSizes returns the encoded sizes of vals under encDelta and
// encDeltaOfDelta, so the cheaper one can be picked without encoding twice.
func deltaSizes(vals []int64) (delta, dod int) {
	delta = uvarintLen(zigzag(vals[0]))
	dod = delta
	var prevDelta int64
	for i := 1; i < len(vals); i++ {
		d := vals[i] - vals[i-1]
		delta += uvarintLen(zigzag(d))
		if i == 1 {
			dod += uvarintLen(zigzag(d))
		} else {
			dod += uvarintLen(zigzag(d - prevDelta))
		}
		prevDelta = d
	}
	return delta, dod
}

// appendDeltaInts writes the first value, then each difference from the
// previous value, as zigzag varints.
func appendDeltaInts(dst []byte, vals []int64) []byte {
	dst = binary.AppendVarint(dst, vals[0])
	for i := 1; i < len(vals); i++ {
		dst = binary.AppendVarint(dst, vals[i]-vals[i-1])
	}
	return dst
}

func decodeDeltaInts(c *cursor, dst []int64) {
	c.varints(dst, "delta int")
	var v int64
	for i, d := range dst {
		v += d
		dst[i] = v
	}
}

// appendDeltaOfDeltaInts writes the first value, the first difference, then
// how each difference changes, as zigzag varints: evenly spaced values cost
// one byte each.
func appendDeltaOfDeltaInts(dst []byte, vals []int64) []byte {
	dst = binary.AppendVarint(dst, vals[0])
	var prevDelta int64
	for i := 1; i < len(vals); i++ {
		d := vals[i] - vals[i-1]
		if i == 1 {
			dst = binary.AppendVarint(dst, d)
		} else {
			dst = binary.AppendVarint(dst, d-prevDelta)
		}
		prevDelta = d
	}
	return dst
}

func decodeDeltaOfDeltaInts(c *cursor, dst []int64) {
	if c.err != nil || len(dst) == 0 {
		return
	}
	// Timestamps are the hot column of most scans: the varints, their
	// zigzag and both running sums are done in one pass, with one- and
	// two-byte varints (a change of a gap under 8 s) inline.
	first := min(len(dst), 2)
	c.varints(dst[:first], "delta-of-delta int")
	if c.err != nil || len(dst) <= 2 {
		if len(dst) == 2 {
			dst[1] += dst[0]
		}
		return
	}
	v := dst[0] + dst[1]
	d := dst[1]
	dst[1] = v
	b, pos := c.b, 0
	rest := dst[2:]
	for i := range rest {
		var x uint64
		if pos+1 < len(b) && b[pos] < 0x80 {
			x = uint64(b[pos])
			pos++
		} else if pos+1 < len(b) && b[pos+1] < 0x80 {
			x = uint64(b[pos]&0x7f) | uint64(b[pos+1])<<7
			pos += 2
		} else {
			u, n := binary.Uvarint(b[pos:])
			if n <= 0 {
				c.b = b[pos:]
				c.fail("bad varint in delta-of-delta int")
				return
			}
			x, pos = u, pos+n
		}
		d += int64(x>>1) ^ -int64(x&1)
		v += d
		rest[i] = v
	}
	c.b = b[pos:]
}
