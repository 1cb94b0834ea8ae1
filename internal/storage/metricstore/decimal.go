package metricstore

import (
	"encoding/binary"
	"math"
)

// Decimal columns. Metric values usually arrive as decimal text with a few
// digits after the point; such a column is stored as integer mantissas
// m·10^-d, delta-encoded as varints, which is smaller and several times
// faster to decode than XOR'd floats:
//
//	column := 0x00 xorValue*n                    (a bit stream)
//	        | 0x01 d:1 varint(m0) varint(m1-m0) … varint(mn-1 - mn-2)
//
// A value is stored as a decimal only if float64(m)/10^d gives back exactly
// its bits, so the encoding is lossless.

const (
	colXOR     = 0
	colDecimal = 1
	// maxDecimalDigits bounds d; 10^d is exact in a float64 up to 10^22.
	maxDecimalDigits = 9
	// maxMantissa keeps mantissas exact in a float64 and deltas in an
	// int64.
	maxMantissa = 1 << 53
)

var pow10 = func() (p [maxDecimalDigits + 1]float64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// decimalDigits returns the fewest digits after the point that represent
// every value exactly, or false.
func decimalDigits(vals []float64) (int, bool) {
	d := 0
	for _, v := range vals {
		for ; d <= maxDecimalDigits; d++ {
			m := math.Round(v * pow10[d])
			if math.Abs(m) < maxMantissa && m/pow10[d] == v && !(v == 0 && math.Signbit(v)) {
				break
			}
		}
		if d > maxDecimalDigits {
			return 0, false
		}
	}
	// A value that needed fewer digits is still exact with more, but check:
	// the loop above only moved d forward.
	for _, v := range vals {
		m := math.Round(v * pow10[d])
		if math.Abs(m) >= maxMantissa || m/pow10[d] != v {
			return 0, false
		}
	}
	return d, true
}

// appendFloatColumn appends vals as a decimal column when they allow it,
// else as XOR'd floats.
func appendFloatColumn(dst []byte, vals []float64) []byte {
	if d, ok := decimalDigits(vals); ok {
		dst = append(dst, colDecimal, byte(d))
		prev := int64(0)
		for _, v := range vals {
			m := int64(math.Round(v * pow10[d]))
			dst = binary.AppendVarint(dst, m-prev)
			prev = m
		}
		return dst
	}
	w := bitWriter{b: append(dst, colXOR)}
	var x xorState
	for _, v := range vals {
		x.write(&w, math.Float64bits(v))
	}
	return w.b
}

// decodeFloatColumn decodes len(dst) values of a column written by
// appendFloatColumn.
func decodeFloatColumn(col []byte, dst []float64, what string) error {
	if len(col) == 0 {
		return corruptf("rollup %s column is empty", what)
	}
	switch col[0] {
	case colXOR:
		r := newBitReader(col[1:])
		return decodeXOR(&r, dst, what)
	case colDecimal:
		if len(col) < 2 || col[1] > maxDecimalDigits {
			return corruptf("rollup %s column has a bad exponent", what)
		}
		scale := pow10[col[1]]
		src := col[2:]
		m := int64(0)
		for i := range dst {
			var u uint64
			// Most deltas take one or two bytes; decode those inline.
			switch {
			case len(src) > 0 && src[0] < 0x80:
				u, src = uint64(src[0]), src[1:]
			case len(src) > 1 && src[1] < 0x80:
				u, src = uint64(src[0]&0x7f)|uint64(src[1])<<7, src[2:]
			default:
				var n int
				if u, n = binary.Uvarint(src); n <= 0 {
					return corruptf("rollup %s column is truncated", what)
				}
				src = src[n:]
			}
			m += int64(u>>1) ^ -int64(u&1)
			dst[i] = float64(m) / scale
		}
		if len(src) != 0 {
			return corruptf("rollup %s column has stray bytes", what)
		}
		return nil
	}
	return corruptf("rollup %s column has encoding %d", what, col[0])
}
