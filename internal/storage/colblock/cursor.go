package colblock

import (
	"encoding/binary"
	"fmt"
	"unsafe"

	"github.com/openwatch/openwatch/internal/model"
)

// corruptf returns an error that wraps model.ErrCorruption.
func corruptf(format string, args ...any) error {
	return model.Errorf(model.ErrCorruption, "corrupt log block: %s", fmt.Sprintf(format, args...))
}

// cursor reads a byte slice front to back. The first failure sticks, so a
// decoder can read a run of values and check err once; reads after a failure
// return zero values and never index out of range.
type cursor struct {
	b   []byte
	err error
}

func (c *cursor) fail(format string, args ...any) {
	if c.err == nil {
		c.err = corruptf(format, args...)
	}
}

func (c *cursor) byte(what string) byte {
	if c.err != nil {
		return 0
	}
	if len(c.b) == 0 {
		c.fail("truncated %s", what)
		return 0
	}
	v := c.b[0]
	c.b = c.b[1:]
	return v
}

func (c *cursor) uvarint(what string) uint64 {
	if c.err != nil {
		return 0
	}
	v, n := binary.Uvarint(c.b)
	if n <= 0 {
		c.fail("bad varint in %s", what)
		return 0
	}
	c.b = c.b[n:]
	return v
}

func (c *cursor) varint(what string) int64 {
	if c.err != nil {
		return 0
	}
	v, n := binary.Varint(c.b)
	if n <= 0 {
		c.fail("bad varint in %s", what)
		return 0
	}
	c.b = c.b[n:]
	return v
}

// uint32 reads a little-endian uint32.
func (c *cursor) uint32(what string) uint32 {
	b := c.bytes(4, what)
	if c.err != nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

// length reads a uvarint that counts bytes still to come in this section, so
// it can never exceed what is left.
func (c *cursor) length(what string) int {
	v := c.uvarint(what)
	if c.err == nil && v > uint64(len(c.b)) {
		c.fail("%s length %d exceeds the %d bytes left", what, v, len(c.b))
		return 0
	}
	return int(v)
}

// count reads a uvarint bounded by max.
func (c *cursor) count(what string, max int) int {
	v := c.uvarint(what)
	if c.err == nil && v > uint64(max) {
		c.fail("%s %d exceeds the limit %d", what, v, max)
		return 0
	}
	return int(v)
}

func (c *cursor) bytes(n int, what string) []byte {
	if c.err != nil {
		return nil
	}
	if n < 0 || n > len(c.b) {
		c.fail("truncated %s", what)
		return nil
	}
	v := c.b[:n:n]
	c.b = c.b[n:]
	return v
}

func (c *cursor) encoding(what string) encoding {
	return encoding(c.byte(what))
}

// done fails unless every byte was consumed: trailing bytes mean the writer
// and the reader disagree about the layout.
func (c *cursor) done(what string) error {
	if c.err == nil && len(c.b) != 0 {
		c.fail("%d trailing bytes after %s", len(c.b), what)
	}
	return c.err
}

// budget is what is left of MaxBlockBytes while one block is decoded. Every
// allocation whose size comes from the input is charged first.
type budget struct{ left int64 }

func newBudget() *budget { return &budget{left: MaxBlockBytes} }

func (b *budget) charge(n int64, what string) error {
	if n < 0 || n > b.left {
		return corruptf("%s needs %d bytes, more than the block may take", what, n)
	}
	b.left -= n
	return nil
}

// uvarintLen is the size of x as a uvarint.
func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// zigzag maps signed to unsigned as encoding/binary.PutVarint does.
func zigzag(x int64) uint64 { return uint64(x<<1) ^ uint64(x>>63) }

// uvarints reads len(dst) uvarints into dst. It is the hot loop of every
// integer column, so one-byte values, the common case of deltas, take a
// branch of their own instead of a call.
func (c *cursor) uvarints(dst []uint64, what string) {
	if c.err != nil {
		return
	}
	b, pos := c.b, 0
	for i := range dst {
		if pos < len(b) && b[pos] < 0x80 {
			dst[i] = uint64(b[pos])
			pos++
			continue
		}
		v, n := binary.Uvarint(b[pos:])
		if n <= 0 {
			c.b = b[pos:]
			c.fail("bad varint in %s", what)
			return
		}
		dst[i] = v
		pos += n
	}
	c.b = b[pos:]
}

// varints reads len(dst) zigzag varints into dst, as uvarints does.
func (c *cursor) varints(dst []int64, what string) {
	u := unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(dst))), len(dst))
	c.uvarints(u, what)
	for i, x := range u {
		dst[i] = int64(x>>1) ^ -int64(x&1)
	}
}
