package colblock

import (
	"encoding/binary"
	"unsafe"
)

// The plain string encoding writes every length first and every byte after,
// so that the column-level zstd pass sees lengths and text as two runs of
// similar data. It is the fallback for high-cardinality strings (trace ids,
// free-text messages).

func plainSize(vals []string) int {
	n := 0
	for _, v := range vals {
		n += uvarintLen(uint64(len(v))) + len(v)
	}
	return n
}

func appendPlainStrings(dst []byte, vals []string) []byte {
	for _, v := range vals {
		dst = binary.AppendUvarint(dst, uint64(len(v)))
	}
	for _, v := range vals {
		dst = append(dst, v...)
	}
	return dst
}

// decodePlainStrings reads the lengths twice, once to size and check the
// text and once to slice it, so that no per-value allocation is needed: all
// values share one string.
func decodePlainStrings(c *cursor, dst []string, bud *budget) {
	decodePlainStringsAs(c, dst, bud, false)
}

// decodePlainStringsAs is decodePlainStrings; with alias, the values share
// the cursor's bytes instead of a copy, and must not outlive them.
func decodePlainStringsAs(c *cursor, dst []string, bud *budget, alias bool) {
	lens := *c
	total := 0
	for range dst {
		n := c.length("string length")
		if c.err != nil {
			return
		}
		if n > len(c.b)-total {
			c.fail("string lengths exceed the %d bytes left", len(c.b))
			return
		}
		total += n
	}
	data := c.bytes(total, "string data")
	if c.err != nil {
		return
	}
	var s string
	if alias {
		s = unsafe.String(unsafe.SliceData(data), len(data))
	} else {
		if err := bud.charge(int64(total), "string data"); err != nil {
			c.err = err
			return
		}
		s = string(data)
	}
	off := 0
	for i := range dst {
		n := int(lens.uvarint("string length"))
		dst[i] = s[off : off+n]
		off += n
	}
}
