package filterpattern

import (
	"math/bits"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/openwatch/openwatch/internal/model"
)

// The store keeps each leaf of a JSON message in a typed column named by
// its flattened path, and can tell which rows those columns describe
// completely and unambiguously (model.Batch.Paths). For those rows a JSON
// pattern is decided from the columns it names, a batch at a time, without
// rebuilding or parsing a message; the rows the columns cannot answer
// exactly are left to Match. Each condition yields two bitmaps, the rows
// where it is surely true and those where it is surely false, combined
// through && and || by three-valued logic: a row that is neither is
// undecided.

// Fields returns the names of the field columns MatchBatch reads, as the
// store flattens JSON messages ("extra.duration_ms" for
// $.extra.duration_ms, "items.0.id" for $.items[0].id); nil for a pattern
// that is not a JSON pattern.
func (p *Pattern) Fields() []string {
	j, ok := p.m.(*jsonPattern)
	if !ok {
		return nil
	}
	var out []string
	for _, name := range j.columns {
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

// MatchBatch decides Match for the rows of b that its columns tell,
// without their messages. It returns two bitmaps of b's rows (bit i%64 of
// word i/64): those that match, and those whose message must decide (by
// Match); the other rows do not match. b must hold the columns Fields
// names that its rows have, and Objects and Paths: a batch without them
// leaves every row undecided, as does a pattern that is not a JSON
// pattern.
func (p *Pattern) MatchBatch(b *model.Batch) (match, undecided []uint64) {
	n := b.Len()
	words := (n + 63) / 64
	match, undecided = make([]uint64, words), make([]uint64, words)
	j, ok := p.m.(*jsonPattern)
	if !ok || b.Objects == nil || b.Paths == nil {
		for w := range undecided {
			undecided[w] = rowsWord(w, n)
		}
		return match, undecided
	}
	t, f := j.batchEval(j.expr, b, words)
	for w := range words {
		// A message that is no JSON object never matches.
		match[w] = t[w] & b.Objects[w]
		undecided[w] = b.Objects[w] &^ (t[w] | f[w]) & rowsWord(w, n)
	}
	return match, undecided
}

// rowsWord is word w of the bitmap of all n rows.
func rowsWord(w, n int) uint64 {
	if rem := n - w<<6; rem < 64 {
		return 1<<uint(rem) - 1
	}
	return ^uint64(0)
}

// batchEval returns the rows of b where e is surely true and surely
// false; both are within b.Paths.
func (j *jsonPattern) batchEval(e *boolExpr, b *model.Batch, words int) (t, f []uint64) {
	switch e.op {
	case opLeaf:
		return j.batchCond(&j.conds[e.leaf], b, words)
	case opAnd:
		t, f = j.batchEval(e.kids[0], b, words)
		for _, k := range e.kids[1:] {
			kt, kf := j.batchEval(k, b, words)
			for w := range t {
				t[w] &= kt[w]
				f[w] |= kf[w]
			}
		}
		return t, f
	default:
		t, f = j.batchEval(e.kids[0], b, words)
		for _, k := range e.kids[1:] {
			kt, kf := j.batchEval(k, b, words)
			for w := range t {
				t[w] |= kt[w]
				f[w] &= kf[w]
			}
		}
		return t, f
	}
}

// Outcomes of a condition on one row.
const (
	condFalse = iota
	condTrue
	condUndecided
)

// batchCond returns the rows of b.Paths where c surely holds and surely
// fails.
func (j *jsonPattern) batchCond(c *jsonCond, b *model.Batch, words int) (t, f []uint64) {
	t, f = make([]uint64, words), make([]uint64, words)
	var col *model.FieldColumn
	if name := j.columns[c.sel]; name != "" {
		col = b.Field(name)
	}
	var buf [32]byte
	for w := range words {
		paths := b.Paths[w]
		if paths == 0 {
			continue
		}
		var present uint64
		if col != nil {
			present = col.Present[w] & paths
		}
		if c.op == cmpNotExists {
			// A scalar is there. Where the column lacks the row the path
			// may hold nothing, or an object or array, which only the
			// message tells.
			f[w] = present
			continue
		}
		// No scalar at the path: every comparison and IS fails.
		f[w] = paths &^ present
		if present == 0 {
			continue
		}
		if col.Type == model.FieldInt64 && c.val.kind == valNumber && c.op <= cmpGe && col.Null[w]&present == 0 {
			// The common case of a numeric comparison, without a call
			// per row.
			for bs := present; bs != 0; bs &= bs - 1 {
				i := w<<6 | bits.TrailingZeros64(bs)
				if compareNumber(c.op, c.val.num, float64(col.Ints[i])) {
					t[w] |= 1 << (uint(i) & 63)
				} else {
					f[w] |= 1 << (uint(i) & 63)
				}
			}
			continue
		}
		for bs := present; bs != 0; bs &= bs - 1 {
			i := w<<6 | bits.TrailingZeros64(bs)
			switch columnCond(c, col, i, buf[:0]) {
			case condTrue:
				t[w] |= 1 << (uint(i) & 63)
			case condFalse:
				f[w] |= 1 << (uint(i) & 63)
			}
		}
	}
	return t, f
}

// columnCond applies c to row i of col, which the row has, as evalJSONCond
// applies it to the value at the selector in the row's message; buf is
// scratch for the text of a number.
func columnCond(c *jsonCond, col *model.FieldColumn, i int, buf []byte) int {
	var s scalar
	switch {
	case col.IsNull(i) || col.Type == model.FieldNull:
		s = scalar{kind: scalarNull}
	case col.Type == model.FieldInt64:
		if c.val.kind == valNumber && c.op <= cmpGe {
			return boolCond(compareNumber(c.op, c.val.num, float64(col.Ints[i])))
		}
		// The message spells an exact row's integer as its decimal text.
		buf = strconv.AppendInt(buf, col.Ints[i], 10)
		s = scalar{kind: scalarNumber, text: unsafe.String(unsafe.SliceData(buf), len(buf))}
	case col.Type == model.FieldFloat64:
		switch {
		case c.op > cmpGe:
			return condFalse // IS NULL, TRUE or FALSE
		case c.val.kind == valNumber:
			// The message's text reads back as the column's value: it is
			// the shortest text that does.
			return boolCond(compareNumber(c.op, c.val.num, col.Floats[i]))
		case c.val.isAny():
			return boolCond(c.op == cmpEq)
		}
		// Text compares with the number as the message spells it, which
		// only the message tells.
		return condUndecided
	case col.Type == model.FieldBool:
		s = scalar{kind: scalarBool, text: strconv.FormatBool(col.Bools[i])}
	default:
		text := col.String(i)
		switch {
		case !col.IsLiteral(i):
			s = scalar{kind: scalarString, text: validText(text)}
		case text == "true" || text == "false":
			s = scalar{kind: scalarBool, text: text}
		default:
			s = scalar{kind: scalarNumber, text: text}
		}
	}
	switch c.op {
	case cmpIsNull:
		return boolCond(s.kind == scalarNull)
	case cmpIsTrue:
		return boolCond(s.kind == scalarBool && s.text == "true")
	case cmpIsFalse:
		return boolCond(s.kind == scalarBool && s.text == "false")
	}
	return boolCond(compare(c.op, &c.val, s))
}

func boolCond(ok bool) int {
	if ok {
		return condTrue
	}
	return condFalse
}

// compareNumber is compare for a value that reads as the number n and a
// number on the right, for = != < <= > >=.
func compareNumber(op cmpOp, num, n float64) bool {
	switch op {
	case cmpEq:
		return n == num
	case cmpNe:
		return n != num
	case cmpLt:
		return n < num
	case cmpLe:
		return n <= num
	case cmpGt:
		return n > num
	case cmpGe:
		return n >= num
	}
	return false
}

// validText is a string value as decodeJSONString reads it from a message:
// each byte that is not valid UTF-8 becomes U+FFFD. The store keeps such
// bytes as they are; escapes decode to valid UTF-8 in both.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		var size int
		b, size = appendRuneOrReplacement(b, s[i:])
		i += size
	}
	return string(b)
}

// columnNames returns, per selector, the name of the store's column that
// holds its value ("a.b.0" for $.a.b[0]), or "" when no message whose
// names spell its paths has a value there: a key of digits only, which in
// such a message is no key of any object.
func columnNames(sels []selector) []string {
	out := make([]string, len(sels))
	for i, sel := range sels {
		var b strings.Builder
		ok := true
		for k, st := range sel.steps {
			if k > 0 {
				b.WriteByte('.')
			}
			if st.isIndex {
				b.WriteString(strconv.Itoa(st.index))
				continue
			}
			if strings.Trim(st.key, "0123456789") == "" {
				ok = false
				break
			}
			b.WriteString(st.key)
		}
		if ok {
			out[i] = b.String()
		}
	}
	return out
}
