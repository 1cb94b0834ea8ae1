package colblock

// chooseIntEncoding picks the encoding that writes vals (at least one value)
// in the fewest bytes, and returns that size.
func chooseIntEncoding(vals []int64) (encoding, int) {
	if allEqualInts(vals) {
		return encConst, uvarintLen(zigzag(vals[0]))
	}
	delta, dod := deltaSizes(vals)
	enc, size := encDelta, delta
	if dod < size {
		enc, size = encDeltaOfDelta, dod
	}
	if f := forSize(vals); f < size {
		enc, size = encFOR, f
	}
	// Packed deltas win ties: they decode fastest.
	if p := packedDeltaSize(vals); p <= size {
		enc, size = encPackedDelta, p
	}
	return enc, size
}

// appendInts appends vals in encoding enc, as chosen by chooseIntEncoding.
func appendInts(dst []byte, enc encoding, vals []int64) []byte {
	switch enc {
	case encConst:
		return appendConstInts(dst, vals)
	case encDelta:
		return appendDeltaInts(dst, vals)
	case encDeltaOfDelta:
		return appendDeltaOfDeltaInts(dst, vals)
	case encFOR:
		return appendFORInts(dst, vals)
	case encPackedDelta:
		return appendPackedDeltaInts(dst, vals)
	}
	panic("BUG: colblock: appendInts with encoding " + enc.String())
}

// decodeInts fills dst with len(dst) values written in encoding enc.
func decodeInts(c *cursor, enc encoding, dst []int64) {
	switch enc {
	case encConst:
		decodeConstInts(c, dst)
	case encDelta:
		decodeDeltaInts(c, dst)
	case encDeltaOfDelta:
		decodeDeltaOfDeltaInts(c, dst)
	case encFOR:
		decodeFORInts(c, dst)
	case encPackedDelta:
		decodePackedDeltaInts(c, dst)
	default:
		c.fail("bad integer encoding %d", enc)
	}
}
