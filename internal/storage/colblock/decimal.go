package colblock

import "math"

// The decimal encoding stores floats that logs print with a few decimals
// (a duration of 12.34 ms) as integer mantissas and one scale: value =
// mantissa / 10^scale. The encoder checks that every value comes back bit for
// bit; the mantissas then take the integer encodings.

var pow10 = [maxDecimalScale + 1]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// maxExactMantissa keeps mantissas exactly representable as float64.
const maxExactMantissa = 1 << 53

// decimalMantissa returns the mantissa of f at scale, if f is exactly that
// mantissa divided by 10^scale.
func decimalMantissa(f float64, scale int) (int64, bool) {
	m := math.Round(f * pow10[scale])
	if math.IsNaN(m) || math.Abs(m) >= maxExactMantissa {
		return 0, false
	}
	mi := int64(m)
	// Compare bits, not values, so -0 (which would come back as +0) fails.
	return mi, math.Float64bits(float64(mi)/pow10[scale]) == math.Float64bits(f)
}

// decimalScale returns the smallest scale at which every value of vals is
// exact, if there is one.
func decimalScale(vals []float64) (int, bool) {
	scale := 0
	for _, f := range vals {
		for {
			if _, ok := decimalMantissa(f, scale); ok {
				break
			}
			if scale == maxDecimalScale {
				return 0, false
			}
			scale++
		}
	}
	// A value exact at a smaller scale is normally exact at a larger one too,
	// but check: the encoder must never change a value.
	for _, f := range vals {
		if _, ok := decimalMantissa(f, scale); !ok {
			return 0, false
		}
	}
	return scale, true
}

// decimalMantissas returns the mantissas of vals at scale; decimalScale must
// have accepted vals.
func decimalMantissas(vals []float64, scale int) []int64 {
	ms := make([]int64, len(vals))
	for i, f := range vals {
		ms[i], _ = decimalMantissa(f, scale)
	}
	return ms
}

// decimalSize estimates the encoded size of vals at scale.
func decimalSize(vals []float64, scale int) int {
	_, size := chooseIntEncoding(decimalMantissas(vals, scale))
	return 2 + size
}

// appendDecimalFloats writes the scale byte, the integer encoding byte of the
// mantissas, then the mantissas.
func appendDecimalFloats(dst []byte, scale int, vals []float64) []byte {
	ms := decimalMantissas(vals, scale)
	enc, _ := chooseIntEncoding(ms)
	dst = append(dst, byte(scale), byte(enc))
	return appendInts(dst, enc, ms)
}

func decodeDecimalFloats(c *cursor, dst []float64) {
	scale := int(c.byte("decimal scale"))
	if c.err == nil && scale > maxDecimalScale {
		c.fail("decimal scale %d exceeds %d", scale, maxDecimalScale)
	}
	enc := c.encoding("decimal mantissa encoding")
	if c.err != nil {
		return
	}
	ms := make([]int64, len(dst))
	decodeInts(c, enc, ms)
	for i, m := range ms {
		dst[i] = float64(m) / pow10[scale]
	}
}
