package colblock

import (
	"math"
	"math/bits"

	"github.com/openwatch/openwatch/internal/model"
)

// Validate reports whether b is a complete block that Marshal can write and
// Unmarshal can read back: matching column lengths, the row and field
// limits, sorted unique field names, well-formed bitmaps, zero values where
// a row has no value, and a decoded size within MaxBlockBytes. A block that
// only fails the size check returns an error wrapping model.ErrLimitExceeded:
// split its rows into smaller blocks.
func (b *Block) Validate() error {
	n := len(b.Timestamps)
	switch {
	case n > MaxRows:
		return model.Errorf(model.ErrLimitExceeded, "block has %d rows, more than %d", n, MaxRows)
	case len(b.Streams) != n || len(b.IngestionTimes) != n || len(b.Seqs) != n || len(b.Messages) != n:
		return model.Errorf(model.ErrInvalidParameter, "block columns differ in length")
	case len(b.Fields) > MaxFields:
		return model.Errorf(model.ErrLimitExceeded, "block has %d fields, more than %d", len(b.Fields), MaxFields)
	}
	for i := range b.Fields {
		c := &b.Fields[i]
		if i > 0 && c.Name <= b.Fields[i-1].Name {
			return model.Errorf(model.ErrInvalidParameter, "field %q is out of order or repeated", c.Name)
		}
		if err := c.validate(n); err != nil {
			return err
		}
	}
	if size := b.decodedSizeBound(); size > MaxBlockBytes {
		return model.Errorf(model.ErrLimitExceeded, "block may take %d bytes to decode, more than %d", size, MaxBlockBytes)
	}
	return nil
}

func (c *FieldColumn) validate(n int) error {
	bad := func(what string) error {
		return model.Errorf(model.ErrInvalidParameter, "field %q: %s", c.Name, what)
	}
	switch {
	case len(c.Name) > MaxFieldNameLen:
		return bad("name too long")
	case !c.Type.valid():
		return bad("invalid type")
	case !c.Present.wellFormed(n) || !c.Null.wellFormed(n):
		return bad("bitmaps do not match the row count")
	case !c.Null.isSubsetOf(c.Present):
		return bad("null rows are not all present")
	case c.Type == TypeNull && !c.Null.equal(c.Present):
		return bad("null column with non-null rows")
	}
	want := func(t FieldType, l int) bool {
		if c.Type == t {
			return l == n
		}
		return l == 0
	}
	if !want(TypeString, len(c.Strings)) || !want(TypeInt64, len(c.Ints)) ||
		!want(TypeFloat64, len(c.Floats)) || !want(TypeBool, len(c.Bools)) {
		return bad("value slices do not match the type and row count")
	}
	// Word by word: in most columns every row has a value, and a word of
	// 64 of them needs no look at the values.
	for w := range c.Present {
		empty := ^(c.Present[w] &^ c.Null[w])
		for empty != 0 {
			r := w<<6 + bits.TrailingZeros64(empty)
			if r >= n {
				break
			}
			empty &= empty - 1
			if (c.Strings != nil && c.Strings[r] != "") || (c.Ints != nil && c.Ints[r] != 0) ||
				(c.Floats != nil && math.Float64bits(c.Floats[r]) != 0) || (c.Bools != nil && c.Bools[r]) {
				return bad("a row without a value holds one")
			}
		}
	}
	return nil
}

// decodedSizeBound bounds what Unmarshal charges to decode every column of b:
// each column body twice (a decompressed copy and the strings cut from it),
// the dense column slices, and the messages rebuilt from skeletons twice.
// Bodies are bounded by the worst case of their encodings: 10 bytes per
// integer, 10 bytes of length per string, skeletons at most their message
// plus 11 bytes.
func (b *Block) decodedSizeBound() int64 {
	n := int64(len(b.Timestamps))
	size := 4096 + 256*n
	for _, m := range b.Messages {
		size += 4 * int64(len(m))
	}
	for i := range b.Fields {
		c := &b.Fields[i]
		size += 64 + 64*n
		for _, s := range c.Strings {
			size += 4 * int64(len(s))
		}
	}
	return size
}
