package logstore

import (
	"encoding/binary"
	"math"

	"github.com/openwatch/openwatch/internal/model"
)

// decoder reads the fields of an encoded structure (a WAL record, a part
// index, the manifest), remembering the first error. Every error wraps
// model.ErrCorruption; no input makes it panic.
type decoder struct {
	what string // what is decoded, for messages
	b    []byte
	off  int
	err  error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = model.Errorf(model.ErrCorruption, d.what+": "+format, args...)
	}
}

func (d *decoder) varint(field string) int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b[d.off:])
	if n <= 0 {
		d.fail("bad %s at byte %d", field, d.off)
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) uvarint(field string) uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		d.fail("bad %s at byte %d", field, d.off)
		return 0
	}
	d.off += n
	return v
}

// count reads a uvarint that must not exceed limit.
func (d *decoder) count(field string, limit int) int {
	v := d.uvarint(field)
	if d.err == nil && v > uint64(limit) {
		d.fail("%s %d exceeds %d", field, v, limit)
		return 0
	}
	return int(v)
}

// size reads a uvarint byte size that must fit in an int64.
func (d *decoder) size(field string) int64 {
	v := d.uvarint(field)
	if d.err == nil && v > math.MaxInt64 {
		d.fail("%s %d out of range", field, v)
		return 0
	}
	return int64(v)
}

func (d *decoder) byte(field string) byte {
	if d.err != nil {
		return 0
	}
	if d.off >= len(d.b) {
		d.fail("missing %s", field)
		return 0
	}
	d.off++
	return d.b[d.off-1]
}

func (d *decoder) bytes(n int, field string) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b)-d.off {
		d.fail("%s of %d bytes runs past the end", field, n)
		return nil
	}
	d.off += n
	return d.b[d.off-n : d.off]
}

// left returns how many bytes remain.
func (d *decoder) left() int { return len(d.b) - d.off }
