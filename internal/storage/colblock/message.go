package colblock

import (
	"encoding/binary"
	"strconv"
	"unsafe"
)

// Messages of JSON logs are mostly the field values again, so each message
// is stored as a skeleton: its text with every leaf that a field column
// reproduces byte for byte cut out and replaced by a reference to that
// column. Skeletons of one log format repeat, so they
// dictionary-encode to about a byte per row, and Unmarshal rebuilds the exact
// original text. A skeleton is a run of
//
//	uvarint literal length | literal bytes | uvarint code
//
// ending with code 0. Code 1 stands for the row's timestamp in
// isoTimeLayout (the time at the start of a Lambda line); code 2+2k+q for
// field column k's value at this row, as its text when q is 0 and as a JSON
// string when q is 1 (string columns only).

const (
	codeEnd       = 0
	codeTimestamp = 1
	codeFieldBase = 2
)

// templater builds the skeletons of one block. It is reused across blocks.
type templater struct {
	walker jsonWalker
	index  map[string]int
	// leafCols caches, by a leaf's place in its message, the column of the
	// last leaf there: messages of one format have the same leaves in the
	// same places, which then need no lookup in index.
	leafCols []leafCol
	tmp      []byte
	arena    []byte
	ends     []int
	out      []string
}

// leafCol is a leaf name and its column in the block.
type leafCol struct {
	name string
	k    int
}

// skeletons returns the skeleton of every message of b, or false when no
// message has anything to cut out. The skeletons share the templater's
// memory: they are valid until its next call, which is enough to encode
// them, and a block's worth of fresh memory to copy them into cost more
// than building them.
func (t *templater) skeletons(b *Block) ([]string, bool) {
	if t.index == nil {
		t.index = make(map[string]int)
	}
	clear(t.index)
	for i := range b.Fields {
		t.index[b.Fields[i].Name] = i
	}
	clear(t.leafCols)
	t.arena, t.ends = t.arena[:0], t.ends[:0]
	templated := false
	for r := range b.Messages {
		var cut bool
		t.arena, cut = t.appendSkeleton(t.arena, b, r)
		templated = templated || cut
		t.ends = append(t.ends, len(t.arena))
	}
	if !templated {
		return nil, false
	}
	all := unsafe.String(unsafe.SliceData(t.arena), len(t.arena))
	out := t.out[:0]
	start := 0
	for _, end := range t.ends {
		out = append(out, all[start:end])
		start = end
	}
	t.out = out
	return out, true
}

// appendSkeleton appends the skeleton of row r's message and reports whether
// it cut anything out. A skeleton is never longer than the message stored as
// a single literal.
func (t *templater) appendSkeleton(dst []byte, b *Block, r int) ([]byte, bool) {
	msg := b.Messages[r]
	start := len(dst)
	leaves, names, ok := t.leavesOf(b, r)
	if ok {
		lit, cuts := 0, 0
		for i := range leaves {
			l := &leaves[i]
			code, ok := t.code(b, r, msg, i, l, names[l.nameStart:l.nameEnd])
			if !ok {
				continue
			}
			dst = appendLiteral(dst, msg[lit:l.start])
			dst = binary.AppendUvarint(dst, code)
			lit = int(l.end)
			cuts++
		}
		dst = append(appendLiteral(dst, msg[lit:]), codeEnd)
		if cuts > 0 && len(dst)-start <= literalSkeletonSize(msg) {
			return dst, true
		}
		dst = dst[:start]
	}
	return append(appendLiteral(dst, msg), codeEnd), false
}

// leavesOf returns the leaves of row r's message, from the Flattener that
// gave the block its fields when there is one, and the names they point
// into; ok is false when the message is not JSON.
func (t *templater) leavesOf(b *Block, r int) (leaves []jsonLeaf, names []byte, ok bool) {
	if b.flat != nil {
		return b.flat.rowLeaves(r)
	}
	ok = t.walker.walk(b.Messages[r])
	return t.walker.leaves, t.walker.names, ok
}

func appendLiteral(dst []byte, lit string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(lit)))
	return append(dst, lit...)
}

func literalSkeletonSize(msg string) int { return uvarintLen(uint64(len(msg))) + len(msg) + 1 }

// code returns the skeleton code that reproduces leaf l, named name, at
// place i of row r's message exactly, if there is one.
func (t *templater) code(b *Block, r int, msg string, i int, l *jsonLeaf, name []byte) (uint64, bool) {
	raw := msg[l.start:l.end]
	if l.kind == leafPrefixTimestamp {
		t.tmp = appendISOTime(t.tmp[:0], b.Timestamps[r])
		return codeTimestamp, string(t.tmp) == raw
	}
	k := t.column(b, i, name)
	if k < 0 || !b.Fields[k].Present.Has(r) {
		return 0, false
	}
	col := &b.Fields[k]
	quoted := l.kind == leafString
	if quoted && (col.Type != TypeString || col.Null.Has(r)) {
		return 0, false
	}
	code := codeFieldBase + 2*uint64(k) + boolBit(quoted)
	if quoted {
		// Quoting escapes only with a backslash: a body without one is
		// the rendering of the value exactly when it is the value. (The
		// walker that found the leaf let no quote or control character
		// into a string, so such a body needs no escape.)
		if !l.escaped {
			return code, col.Strings[r] == raw[1:len(raw)-1]
		}
	}
	t.tmp = appendRendered(t.tmp[:0], col, r, quoted)
	return code, string(t.tmp) == raw
}

// column returns the column of the leaf named name at place i of its
// message, or -1 when the block has none.
func (t *templater) column(b *Block, i int, name []byte) int {
	if i < len(t.leafCols) {
		if c := &t.leafCols[i]; c.name != "" && c.name == string(name) {
			return c.k
		}
	}
	k, ok := t.index[string(name)]
	if !ok {
		return -1
	}
	for len(t.leafCols) <= i {
		t.leafCols = append(t.leafCols, leafCol{})
	}
	// The column's name is the leaf's, without a copy of the bytes.
	t.leafCols[i] = leafCol{name: b.Fields[k].Name, k: k}
	return k
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// appendRendered appends what a field code renders for row r, which must be
// present.
func appendRendered(dst []byte, col *FieldColumn, r int, quoted bool) []byte {
	switch {
	case quoted:
		return appendJSONQuoted(dst, col.Strings[r])
	case col.Null.Has(r):
		return append(dst, "null"...)
	}
	switch col.Type {
	case TypeString:
		return append(dst, col.Strings[r]...)
	case TypeInt64:
		return strconv.AppendInt(dst, col.Ints[r], 10)
	case TypeFloat64:
		return appendFloatText(dst, col.Floats[r])
	case TypeBool:
		return strconv.AppendBool(dst, col.Bools[r])
	}
	return append(dst, "null"...)
}

// nextPart splits the literal and the code off the front of skeleton s.
func nextPart(s string) (lit string, code uint64, rest string, ok bool) {
	n, k := uvarintString(s)
	if k <= 0 || n > uint64(len(s)-k) {
		return "", 0, "", false
	}
	lit, s = s[k:k+int(n)], s[k+int(n):]
	code, k = uvarintString(s)
	if k <= 0 {
		return "", 0, "", false
	}
	return lit, code, s[k:], true
}

// uvarintString is binary.Uvarint over a string, to read skeletons without
// copying them.
func uvarintString(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -(i + 1)
			}
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// skeletonRefs checks the structure of skeletons and reports which field
// columns (of nFields) and whether the timestamps they reference.
func skeletonRefs(skeletons []string, nFields int) (fields []bool, timestamps bool, err error) {
	fields = make([]bool, nFields)
	for r, s := range skeletons {
		for {
			_, code, rest, ok := nextPart(s)
			if !ok {
				return nil, false, corruptf("bad skeleton in row %d", r)
			}
			s = rest
			if code == codeEnd {
				break
			}
			if code == codeTimestamp {
				timestamps = true
				continue
			}
			k := (code - codeFieldBase) / 2
			if k >= uint64(nFields) {
				return nil, false, corruptf("skeleton of row %d references field %d of %d", r, k, nFields)
			}
			fields[k] = true
		}
		if s != "" {
			return nil, false, corruptf("%d trailing bytes after the skeleton of row %d", len(s), r)
		}
	}
	return fields, timestamps, nil
}

// renderMessages rebuilds messages from skeletons that skeletonRefs
// accepted: skeletons[i] is the skeleton of row rows[i], or of row i when
// rows is nil. fields holds the referenced columns by index, timestamps the
// row timestamps when referenced. A first pass checks every reference and
// sizes the text, so that the second writes it into one string without
// regrowing.
func renderMessages(skeletons []string, rows []int, fields []*FieldColumn, timestamps []int64, bud *budget) ([]string, error) {
	rowOf := func(i int) int {
		if rows == nil {
			return i
		}
		return rows[i]
	}
	size := int64(0)
	for i, s := range skeletons {
		r := rowOf(i)
		for s != "" {
			lit, code, rest, _ := nextPart(s)
			s = rest
			size += int64(len(lit))
			switch {
			case code == codeEnd:
			case code == codeTimestamp:
				size += int64(len(isoTimeLayout))
			default:
				col := fields[(code-codeFieldBase)/2]
				quoted := (code-codeFieldBase)%2 == 1
				if !col.Present.Has(r) || quoted && (col.Type != TypeString || col.Null.Has(r)) {
					return nil, corruptf("skeleton of row %d references field %q, which that row cannot render", r, col.Name)
				}
				if col.Type == TypeString && !col.Null.Has(r) {
					// Escaping can grow a string; the builder grows if needed.
					size += int64(len(col.Strings[r])) + 2
				} else {
					size += 24
				}
			}
			if size > bud.left {
				return nil, corruptf("messages rebuild to more than the block may take")
			}
		}
	}
	if err := bud.charge(size, "messages"); err != nil {
		return nil, err
	}
	buf := make([]byte, 0, size)
	ends := make([]int, len(skeletons))
	for i, s := range skeletons {
		r := rowOf(i)
		for s != "" {
			lit, code, rest, _ := nextPart(s)
			s = rest
			buf = append(buf, lit...)
			switch code {
			case codeEnd:
			case codeTimestamp:
				buf = appendISOTime(buf, timestamps[r])
			default:
				buf = appendRendered(buf, fields[(code-codeFieldBase)/2], r, (code-codeFieldBase)%2 == 1)
			}
			if int64(len(buf)) > size && int64(len(buf))-size > bud.left {
				return nil, corruptf("messages rebuild to more than the block may take")
			}
		}
		ends[i] = len(buf)
	}
	// buf is never written again, so the messages can share it without a
	// copy, as strings.Builder does.
	all := unsafe.String(unsafe.SliceData(buf), len(buf))
	msgs := make([]string, len(skeletons))
	start := 0
	for i, end := range ends {
		msgs[i] = all[start:end]
		start = end
	}
	return msgs, nil
}
