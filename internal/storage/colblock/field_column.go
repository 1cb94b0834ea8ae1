package colblock

import (
	"math/bits"
	"sync"
)

// A field column body is three encoding bytes (presence, nulls, values), then
// the presence bitmap, the null bitmap (absent for TypeNull, whose nulls are
// its presence), then the values of the rows that are present and not null,
// in row order. Absent and null rows store nothing.

// valueRows appends the rows in present but not in null.
func valueRows(dst []int, present, null Bitmap) []int {
	for w, word := range present {
		word &^= null[w]
		for word != 0 {
			dst = append(dst, w*64+bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
	return dst
}

// valueCount is the number of rows in present but not in null.
func valueCount(present, null Bitmap) int {
	m := 0
	for w, word := range present {
		m += bits.OnesCount64(word &^ null[w])
	}
	return m
}

// spread moves the m values packed at the front of dst to their rows: the
// rows in present but not in null, in order. It works from the back, where
// no value has to move left, and clears the rows without a value.
func spread[T any](dst []T, m int, present, null Bitmap) {
	if m == len(dst) {
		return // every row has a value, already in place
	}
	var zero T
	k := m - 1
	for w := len(present) - 1; w >= 0; w-- {
		word := present[w] &^ null[w]
		width := min(64, len(dst)-w*64)
		// Whole words of rows with values or without are common (a field
		// every JSON line of a stream has): they move or clear at once.
		switch {
		case word == 0:
			clear(dst[w*64 : w*64+width])
			continue
		case width == 64 && word == ^uint64(0):
			copy(dst[w*64:w*64+64], dst[k-63:k+1])
			k -= 64
			continue
		}
		for b := width - 1; b >= 0; b-- {
			r := w*64 + b
			if word&(1<<uint(b)) != 0 {
				dst[r] = dst[k]
				k--
			} else {
				dst[r] = zero
			}
		}
	}
}

// scatter writes the values of src to their rows of dst, which is zero:
// the rows in present but not in null, in order.
func scatter[T any](dst, src []T, present, null Bitmap) {
	k := 0
	for w, word := range present {
		word &^= null[w]
		if word == ^uint64(0) {
			copy(dst[w<<6:w<<6+64], src[k:k+64])
			k += 64
			continue
		}
		for ; word != 0; word &= word - 1 {
			dst[w<<6|bits.TrailingZeros64(word)] = src[k]
			k++
		}
	}
}

// codeBufs keeps the buffers dictionary codes are decoded into before
// they are scattered.
var codeBufs = sync.Pool{New: func() any { return new([]uint16) }}

// appendFieldBody appends the body of field column c over n rows.
func (e *blockEncoder) appendFieldBody(dst []byte, c *FieldColumn, n int) []byte {
	presEnc := chooseBitmapEncoding(c.Present, n)
	nullEnc := encNone
	if c.Type != TypeNull {
		nullEnc = chooseBitmapEncoding(c.Null, n)
	}
	e.rows = valueRows(e.rows[:0], c.Present, c.Null)
	m := len(e.rows)
	valEnc, scale := encNone, 0
	if m > 0 {
		switch c.Type {
		case TypeString:
			e.strs = e.strs[:0]
			for _, r := range e.rows {
				e.strs = append(e.strs, c.Strings[r])
			}
			valEnc = chooseStringEncoding(e.strs, &e.dict)
			e.valueEnc = valEnc
			switch {
			case valEnc == encConst:
				e.values = e.strs[:1]
			case e.dict.complete:
				e.values = e.dict.entries
			default:
				e.values = e.strs
			}
		case TypeInt64:
			e.ints = e.ints[:0]
			for _, r := range e.rows {
				e.ints = append(e.ints, c.Ints[r])
			}
			valEnc, _ = chooseIntEncoding(e.ints)
		case TypeFloat64:
			e.floats = e.floats[:0]
			for _, r := range e.rows {
				e.floats = append(e.floats, c.Floats[r])
			}
			valEnc, scale = chooseFloatEncoding(e.floats)
		case TypeBool:
			e.bools = NewBitmap(m)
			for i, r := range e.rows {
				if c.Bools[r] {
					e.bools.Set(i)
				}
			}
			valEnc = chooseBitmapEncoding(e.bools, m)
		}
	}
	dst = append(dst, byte(presEnc), byte(nullEnc), byte(valEnc))
	dst = appendBitmap(dst, presEnc, c.Present, n)
	dst = appendBitmap(dst, nullEnc, c.Null, n)
	if valEnc == encNone {
		return dst
	}
	switch c.Type {
	case TypeString:
		return appendStrings(dst, valEnc, e.strs, &e.dict)
	case TypeInt64:
		return appendInts(dst, valEnc, e.ints)
	case TypeFloat64:
		return appendFloats(dst, valEnc, scale, e.floats)
	}
	return appendBitmap(dst, valEnc, e.bools, m)
}

// fieldDecodeBytes is what decoding one n-row field column may allocate:
// two bitmaps, the dense values and the packed values they come from.
func fieldDecodeBytes(n int) int64 { return 2*bitmapBytes(n) + 32*int64(n) }

// decodeFieldBody decodes the body of a field column of n rows; coded
// returns a dictionary or constant string column as codes.
func decodeFieldBody(body []byte, name string, typ FieldType, n int, bud *budget, coded bool) (*FieldColumn, error) {
	if !typ.valid() {
		return nil, corruptf("field %q has bad type %d", name, typ)
	}
	if err := bud.charge(fieldDecodeBytes(n), "field "+name); err != nil {
		return nil, err
	}
	c := cursor{b: body}
	presEnc := c.encoding("presence encoding")
	nullEnc := c.encoding("null encoding")
	valEnc := c.encoding("value encoding")
	col := &FieldColumn{Name: name, Type: typ}
	col.Present = decodeBitmap(&c, presEnc, n, "presence")
	if typ == TypeNull {
		if c.err == nil && (nullEnc != encNone || valEnc != encNone) {
			c.fail("null column with null or value sections")
		}
		col.Null = append(Bitmap(nil), col.Present...)
		return col, c.done("field")
	}
	col.Null = decodeBitmap(&c, nullEnc, n, "nulls")
	if c.err != nil {
		return nil, c.err
	}
	if !col.Null.isSubsetOf(col.Present) {
		return nil, corruptf("null rows of field %q are not all present", name)
	}
	m := valueCount(col.Present, col.Null)
	if (m == 0) != (valEnc == encNone) {
		return nil, corruptf("field %q has %d values but value encoding %s", name, m, valEnc)
	}
	// Values are decoded packed into the front of the dense slice, then
	// spread to their rows.
	switch typ {
	case TypeString:
		if coded && (valEnc == encDict || valEnc == encConst) {
			col.Codes = getCodes(n)
			if valEnc == encDict {
				// The codes are decoded packed, then scattered to their
				// rows, which visits only the rows with a value.
				packed := codeBufs.Get().(*[]uint16)
				if cap(*packed) < m {
					*packed = make([]uint16, m)
				}
				col.Dict = decodeDict(&c, (*packed)[:m], bud, false)
				if c.err == nil {
					scatter(col.Codes, (*packed)[:m], col.Present, col.Null)
				}
				codeBufs.Put(packed)
			} else {
				col.Dict = make([]string, 1)
				decodeConstStrings(&c, col.Dict, bud)
			}
			if c.err != nil {
				return nil, c.err
			}
			break
		}
		col.Strings = make([]string, n)
		if m > 0 {
			decodeStrings(&c, valEnc, col.Strings[:m], bud)
		}
		spread(col.Strings, m, col.Present, col.Null)
	case TypeInt64:
		col.Ints = getInt64s(n)
		if m > 0 {
			decodeInts(&c, valEnc, col.Ints[:m])
		}
		spread(col.Ints, m, col.Present, col.Null)
	case TypeFloat64:
		col.Floats = make([]float64, n)
		if m > 0 {
			decodeFloats(&c, valEnc, col.Floats[:m])
		}
		spread(col.Floats, m, col.Present, col.Null)
	case TypeBool:
		col.Bools = make([]bool, n)
		if m > 0 {
			if bm := decodeBitmap(&c, valEnc, m, "bool values"); bm != nil {
				for i := range m {
					col.Bools[i] = bm.Has(i)
				}
			}
		}
		spread(col.Bools, m, col.Present, col.Null)
	}
	if err := c.done("field"); err != nil {
		return nil, err
	}
	return col, nil
}
