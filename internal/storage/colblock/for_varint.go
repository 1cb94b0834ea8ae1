package colblock

import (
	"encoding/binary"
	"unsafe"
)

// Frame-of-reference suits unsorted integers in a narrow range, such as HTTP
// status codes or durations: each value is stored as its distance from the
// block's minimum.

func minInt(vals []int64) int64 {
	m := vals[0]
	for _, v := range vals {
		m = min(m, v)
	}
	return m
}

// forSize returns the encoded size of vals under encFOR.
func forSize(vals []int64) int {
	m := minInt(vals)
	n := uvarintLen(zigzag(m))
	for _, v := range vals {
		n += uvarintLen(uint64(v) - uint64(m))
	}
	return n
}

// appendFORInts writes the minimum as a zigzag varint, then each value's
// distance from it as a uvarint.
func appendFORInts(dst []byte, vals []int64) []byte {
	m := minInt(vals)
	dst = binary.AppendVarint(dst, m)
	for _, v := range vals {
		dst = binary.AppendUvarint(dst, uint64(v)-uint64(m))
	}
	return dst
}

func decodeFORInts(c *cursor, dst []int64) {
	m := uint64(c.varint("for minimum"))
	u := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst))
	c.uvarints(u, "for offset")
	for i, x := range u {
		dst[i] = int64(m + x)
	}
}
