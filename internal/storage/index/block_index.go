package index

import (
	"encoding/binary"
	"hash/crc32"
	"slices"
	"strings"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// BlockIndex holds the filters of one block's columns and, from version 2,
// the gram filter of its messages.
type BlockIndex struct {
	cols  []columnFilter // sorted by name
	grams *Filter
}

type columnFilter struct {
	name   string
	filter *Filter
}

func (x *BlockIndex) find(column string) (int, bool) {
	return slices.BinarySearchFunc(x.cols, column, func(c columnFilter, name string) int {
		return strings.Compare(c.name, name)
	})
}

// Set stores the filter of column, replacing any previous one; a nil f
// removes it.
func (x *BlockIndex) Set(column string, f *Filter) {
	i, ok := x.find(column)
	switch {
	case ok && f == nil:
		x.cols = slices.Delete(x.cols, i, i+1)
	case ok:
		x.cols[i].filter = f
	case f != nil:
		x.cols = slices.Insert(x.cols, i, columnFilter{name: column, filter: f})
	}
}

// Filter returns the filter of column, or nil (which may contain anything)
// when the column has none.
func (x *BlockIndex) Filter(column string) *Filter {
	if i, ok := x.find(column); ok {
		return x.cols[i].filter
	}
	return nil
}

// SetGrams stores the gram filter of the block's messages (see
// MayContainGrams); nil removes it.
func (x *BlockIndex) SetGrams(f *Filter) { x.grams = f }

// Grams returns the gram filter of the block's messages, or nil (which may
// contain anything) when the index has none.
func (x *BlockIndex) Grams() *Filter { return x.grams }

// Marshal appends the index to dst: in version 2 when it has a gram filter,
// else in version 1, which version 2 only extends.
func (x *BlockIndex) Marshal(dst []byte) []byte {
	start := len(dst)
	dst = append(dst, indexMagic...)
	version := byte(formatVersion)
	if x.grams == nil {
		version = formatVersionNoGrams
	}
	dst = append(dst, version)
	dst = binary.AppendUvarint(dst, uint64(len(x.cols)))
	for _, c := range x.cols {
		dst = binary.AppendUvarint(dst, uint64(len(c.name)))
		dst = append(dst, c.name...)
		dst = c.filter.Marshal(dst)
	}
	if x.grams != nil {
		dst = x.grams.Marshal(dst)
	}
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], castagnoli))
}

// UnmarshalBlockIndex decodes an index written by Marshal; src must hold
// exactly one. Malformed input returns an error wrapping
// model.ErrCorruption.
func UnmarshalBlockIndex(src []byte) (*BlockIndex, error) {
	if len(src) < len(indexMagic)+1+4 {
		return nil, corruptf("index of %d bytes is too short", len(src))
	}
	body := src[:len(src)-4]
	if got, want := crc32.Checksum(body, castagnoli), binary.LittleEndian.Uint32(src[len(src)-4:]); got != want {
		return nil, corruptf("checksum mismatch: computed %08x, stored %08x", got, want)
	}
	if string(body[:len(indexMagic)]) != indexMagic {
		return nil, corruptf("bad magic")
	}
	version := body[len(indexMagic)]
	if version != formatVersion && version != formatVersionNoGrams {
		return nil, corruptf("unsupported format version %d", version)
	}
	body = body[len(indexMagic)+1:]
	n, size := binary.Uvarint(body)
	if size <= 0 || n > maxColumns {
		return nil, corruptf("bad column count")
	}
	body = body[size:]
	x := &BlockIndex{cols: make([]columnFilter, 0, n)}
	for i := uint64(0); i < n; i++ {
		l, size := binary.Uvarint(body)
		if size <= 0 || l > maxColumnNameLen || l > uint64(len(body)-size) {
			return nil, corruptf("bad name length of column %d", i)
		}
		name := string(body[size : size+int(l)])
		if len(x.cols) > 0 && name <= x.cols[len(x.cols)-1].name {
			return nil, corruptf("column %q is out of order or repeated", name)
		}
		f, tail, err := UnmarshalFilter(body[size+int(l):])
		if err != nil {
			return nil, err
		}
		x.cols = append(x.cols, columnFilter{name: name, filter: f})
		body = tail
	}
	if version == formatVersion {
		f, tail, err := UnmarshalFilter(body)
		if err != nil {
			return nil, err
		}
		x.grams, body = f, tail
	}
	if len(body) != 0 {
		return nil, corruptf("%d trailing bytes", len(body))
	}
	return x, nil
}
