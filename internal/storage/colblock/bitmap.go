package colblock

import "math/bits"

// Bitmap is a set of row numbers: bit i%64 of word i/64 is row i. A block's
// bitmaps have exactly (rows+63)/64 words and no bits set past the last row.
type Bitmap []uint64

// NewBitmap returns an empty bitmap for n rows.
func NewBitmap(n int) Bitmap { return make(Bitmap, (n+63)/64) }

// Has reports whether row i is in the set.
func (bm Bitmap) Has(i int) bool { return bm[i>>6]&(1<<(uint(i)&63)) != 0 }

// Set adds row i to the set.
func (bm Bitmap) Set(i int) { bm[i>>6] |= 1 << (uint(i) & 63) }

// Count returns the number of rows in the set.
func (bm Bitmap) Count() int {
	n := 0
	for _, w := range bm {
		n += bits.OnesCount64(w)
	}
	return n
}

// isSubsetOf reports whether every row of bm is in o.
func (bm Bitmap) isSubsetOf(o Bitmap) bool {
	for i, w := range bm {
		if w&^o[i] != 0 {
			return false
		}
	}
	return true
}

// equal reports whether bm and o hold the same rows.
func (bm Bitmap) equal(o Bitmap) bool {
	if len(bm) != len(o) {
		return false
	}
	for i, w := range bm {
		if w != o[i] {
			return false
		}
	}
	return true
}

// wellFormed reports whether bm has the right length for n rows and no bits
// past row n-1.
func (bm Bitmap) wellFormed(n int) bool {
	if len(bm) != (n+63)/64 {
		return false
	}
	if r := n & 63; r != 0 && bm[len(bm)-1]>>uint(r) != 0 {
		return false
	}
	return true
}

// chooseBitmapEncoding picks the smallest encoding for bm over n rows.
func chooseBitmapEncoding(bm Bitmap, n int) encoding {
	switch bm.Count() {
	case 0:
		return encBitmapZeros
	case n:
		return encBitmapOnes
	}
	return encBitmapRaw
}

// appendBitmap appends the data section of bm (n rows) in encoding enc.
func appendBitmap(dst []byte, enc encoding, bm Bitmap, n int) []byte {
	if enc != encBitmapRaw {
		return dst
	}
	for i := 0; i < (n+7)/8; i++ {
		dst = append(dst, byte(bm[i/8]>>(uint(i%8)*8)))
	}
	return dst
}

// decodeBitmap reads an n-row bitmap written in encoding enc. The caller has
// charged its memory.
func decodeBitmap(c *cursor, enc encoding, n int, what string) Bitmap {
	bm := NewBitmap(n)
	switch enc {
	case encBitmapZeros:
	case encBitmapOnes:
		for i := range bm {
			bm[i] = ^uint64(0)
		}
		if r := n & 63; r != 0 {
			bm[len(bm)-1] = 1<<uint(r) - 1
		}
	case encBitmapRaw:
		raw := c.bytes((n+7)/8, what)
		if c.err != nil {
			return nil
		}
		for i, b := range raw {
			bm[i/8] |= uint64(b) << (uint(i%8) * 8)
		}
		if !bm.wellFormed(n) {
			c.fail("%s has bits set past row %d", what, n)
			return nil
		}
	default:
		c.fail("%s has bad bitmap encoding %d", what, enc)
		return nil
	}
	return bm
}

// bitmapBytes is the memory a decoded n-row bitmap takes.
func bitmapBytes(n int) int64 { return int64((n+63)/64) * 8 }
