package colblock

import (
	"encoding/binary"
	"math"
)

// chooseFloatEncoding picks the encoding for vals (at least one value). For
// decimal it also returns the scale.
func chooseFloatEncoding(vals []float64) (encoding, int) {
	if allEqualFloats(vals) {
		return encConst, 0
	}
	if scale, ok := decimalScale(vals); ok && decimalSize(vals, scale) < 8*len(vals) {
		return encDecimal, scale
	}
	return encFloatRaw, 0
}

// appendFloats appends vals in encoding enc (scale applies to encDecimal).
func appendFloats(dst []byte, enc encoding, scale int, vals []float64) []byte {
	switch enc {
	case encConst:
		return appendConstFloats(dst, vals)
	case encDecimal:
		return appendDecimalFloats(dst, scale, vals)
	case encFloatRaw:
		return appendRawFloats(dst, vals)
	}
	panic("BUG: colblock: appendFloats with encoding " + enc.String())
}

// decodeFloats fills dst with len(dst) values written in encoding enc.
func decodeFloats(c *cursor, enc encoding, dst []float64) {
	switch enc {
	case encConst:
		decodeConstFloats(c, dst)
	case encDecimal:
		decodeDecimalFloats(c, dst)
	case encFloatRaw:
		decodeRawFloats(c, dst)
	default:
		c.fail("bad float encoding %d", enc)
	}
}

// appendRawFloats writes each value's IEEE 754 bits, 8 bytes little-endian;
// the fallback that keeps every float, NaN payloads included.
func appendRawFloats(dst []byte, vals []float64) []byte {
	for _, v := range vals {
		dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
	}
	return dst
}

func decodeRawFloats(c *cursor, dst []float64) {
	b := c.bytes(8*len(dst), "raw floats")
	if c.err != nil {
		return
	}
	for i := range dst {
		dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
}
