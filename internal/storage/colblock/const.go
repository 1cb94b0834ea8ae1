package colblock

import (
	"encoding/binary"
	"math"
)

// The const encoding stores a value once when every value of a section is
// equal: the stream id of a single-stream block, a "level" that is always
// "info", a field present in every row.

func allEqualInts(vals []int64) bool {
	for _, v := range vals {
		if v != vals[0] {
			return false
		}
	}
	return true
}

func allEqualFloats(vals []float64) bool {
	for _, v := range vals {
		if math.Float64bits(v) != math.Float64bits(vals[0]) {
			return false
		}
	}
	return true
}

func allEqualStrings(vals []string) bool {
	for _, v := range vals {
		if v != vals[0] {
			return false
		}
	}
	return true
}

// appendConstInts writes vals[0] as a zigzag varint.
func appendConstInts(dst []byte, vals []int64) []byte {
	return binary.AppendVarint(dst, vals[0])
}

func decodeConstInts(c *cursor, dst []int64) {
	v := c.varint("const int")
	for i := range dst {
		dst[i] = v
	}
}

// appendConstFloats writes vals[0] as 8 little-endian bytes.
func appendConstFloats(dst []byte, vals []float64) []byte {
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(vals[0]))
}

func decodeConstFloats(c *cursor, dst []float64) {
	b := c.bytes(8, "const float")
	if c.err != nil {
		return
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(b))
	for i := range dst {
		dst[i] = v
	}
}

// appendConstStrings writes vals[0] as a uvarint length and its bytes.
func appendConstStrings(dst []byte, vals []string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(vals[0])))
	return append(dst, vals[0]...)
}

func decodeConstStrings(c *cursor, dst []string, bud *budget) {
	n := c.length("const string")
	b := c.bytes(n, "const string")
	if c.err != nil {
		return
	}
	if err := bud.charge(int64(n), "const string"); err != nil {
		c.err = err
		return
	}
	v := string(b)
	for i := range dst {
		dst[i] = v
	}
}
