package colblock

import (
	"encoding/binary"
	"encoding/hex"
	"unsafe"
)

// The hex encoding stores a column of lowercase hexadecimal strings of one
// length (trace and span ids, request hashes) as the bytes they spell: half
// the size of the text, and random bytes that zstd leaves as they are
// rather than the four bits a character it gets the text down to plus its
// own overhead. In JSON application logs such ids are most of what does
// not compress.
//
// Layout: uvarint L, the length of every value's text (even, at least 2),
// then L/2 bytes per value.

// maxHexLen bounds L on decode, so that a corrupt length cannot make
// n×L overflow. Ids are far shorter.
const maxHexLen = 1 << 16

// hexSize returns the size of vals in the hex encoding, or false when a
// value is not lowercase hex of the first value's even length.
func hexSize(vals []string) (int, bool) {
	l := len(vals[0])
	if l == 0 || l%2 != 0 || l > maxHexLen {
		return 0, false
	}
	for _, v := range vals {
		if len(v) != l || !isLowerHex(v) {
			return 0, false
		}
	}
	return uvarintLen(uint64(l)) + len(vals)*l/2, true
}

// isLowerHex reports whether s is all 0-9 and a-f.
func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !lowerHex[s[i]] {
			return false
		}
	}
	return true
}

var lowerHex = func() (t [256]bool) {
	for _, c := range "0123456789abcdef" {
		t[c] = true
	}
	return t
}()

// appendHexStrings appends vals, which hexSize accepted.
func appendHexStrings(dst []byte, vals []string) []byte {
	l := len(vals[0])
	dst = binary.AppendUvarint(dst, uint64(l))
	for _, v := range vals {
		// hex.AppendDecode cannot fail on what hexSize accepted.
		dst, _ = hex.AppendDecode(dst, unsafe.Slice(unsafe.StringData(v), len(v)))
	}
	return dst
}

// decodeHexStrings fills dst with len(dst) values written by
// appendHexStrings. All values share one string.
func decodeHexStrings(c *cursor, dst []string, bud *budget) {
	l := c.count("hex text length", maxHexLen)
	if c.err != nil {
		return
	}
	if l == 0 || l%2 != 0 {
		c.fail("hex text length %d is not a positive even number", l)
		return
	}
	if len(dst) > len(c.b)/(l/2) {
		c.fail("%d hex values of %d bytes exceed the %d bytes left", len(dst), l/2, len(c.b))
		return
	}
	data := c.bytes(len(dst)*l/2, "hex values")
	if c.err != nil {
		return
	}
	if err := bud.charge(int64(len(dst)*l), "hex text"); err != nil {
		c.err = err
		return
	}
	text := hex.AppendEncode(make([]byte, 0, len(dst)*l), data)
	s := unsafe.String(unsafe.SliceData(text), len(text))
	for i := range dst {
		dst[i] = s[i*l : (i+1)*l]
	}
}
