package colblock

import (
	"bytes"
	"encoding/binary"
	"strconv"
	"strings"
)

// Finding the rows whose message contains some substrings (a filter
// pattern's terms, a `like` literal) need not rebuild every message. A
// skeleton's message is its literals with the values of its codes in
// between. A term that cannot straddle the edge between a literal and a
// value is in the message exactly when it is in a literal or in a value's
// rendering; and a term that is in no value of a column, as the column's
// bytes show before any value is decoded, is in none of its renderings.
// So most rows are decided by the literals of their skeleton, checked once
// per block, or by a few of their values, and few rows are rebuilt.

// isoChars are the characters of a rendered Lambda time.
const isoChars = "0123456789-:.TZ"

// numberChars are the characters of a rendered number.
const numberChars = "0123456789-+.e"

// skelPart is a literal of a skeleton and the code after it (codeEnd for
// the last one).
type skelPart struct {
	lit  string
	code uint64
}

// termPlan is how the rows of one skeleton are checked for one term.
type termPlan struct {
	inLiteral bool // a literal holds the term: every row does
	// straddle: the term may cross an edge between a literal and a value,
	// so only the rebuilt message tells.
	straddle bool
	// codes are the codes whose values may hold the term.
	codes []uint64
}

// termMatcher decides, row by row, whether messages contain every term.
type termMatcher struct {
	r          *blockReader
	terms      []string
	mayContain func(field, term string) bool
	// may caches, per term, whether a field column may hold it in a
	// rendered value: 0 unknown, 1 yes, 2 no.
	may [][]uint8
	buf []byte
}

// matchTerms returns the rows whose message contains every term.
func (r *blockReader) matchTerms(ms *messageState, terms []string, mayContain func(field, term string) bool) (Bitmap, error) {
	n := r.h.rows
	ids, entries, infos := ms.ids, ms.entries, ms.infos
	m := &termMatcher{r: r, terms: terms, mayContain: mayContain, may: make([][]uint8, len(terms))}
	for j := range m.may {
		m.may[j] = make([]uint8, len(r.h.fields))
	}
	// Per distinct entry: whether its rows hold every term (a plain text
	// does or does not) or are checked each by the skeleton's plans.
	const (
		entryLacks = iota
		entryHas
		entryCheck
	)
	state := make([]uint8, len(entries))
	plans := make([][]termPlan, len(entries))
	for i, s := range entries {
		if infos[i].plain {
			if containsAll(infos[i].text, terms) {
				state[i] = entryHas
			}
			continue
		}
		p, err := m.plan(s)
		if err != nil {
			return nil, err
		}
		plans[i], state[i] = p, entryCheck
	}
	out := NewBitmap(n)
	var rebuild []int
	for row, id := range ids {
		switch state[id] {
		case entryLacks:
			continue
		case entryHas:
			out[row>>6] |= 1 << (uint(row) & 63)
			continue
		}
		ok, sure, err := m.row(plans[id], row)
		if err != nil {
			return nil, err
		}
		switch {
		case !sure:
			rebuild = append(rebuild, row)
		case ok:
			out.Set(row)
		}
	}
	if len(rebuild) == 0 {
		return out, nil
	}
	skeletons := make([]string, len(rebuild))
	for i, row := range rebuild {
		skeletons[i] = entries[ids[row]]
	}
	msgs, err := r.render(skeletons, rebuild)
	if err != nil {
		return nil, err
	}
	for i, row := range rebuild {
		if containsAll(msgs[i], terms) {
			out.Set(row)
		}
	}
	return out, nil
}

func containsAll(s string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}

// plan works out how the rows of skeleton s are checked for each term.
func (m *termMatcher) plan(s string) ([]termPlan, error) {
	var parts []skelPart
	for {
		lit, code, rest, ok := nextPart(s)
		if !ok {
			return nil, corruptf("bad skeleton")
		}
		parts = append(parts, skelPart{lit: lit, code: code})
		if code == codeEnd {
			break
		}
		s = rest
	}
	plans := make([]termPlan, len(m.terms))
	for j, t := range m.terms {
		p := &plans[j]
		for _, part := range parts {
			if strings.Contains(part.lit, t) {
				p.inLiteral = true
			}
		}
		if p.inLiteral {
			continue
		}
		for i, part := range parts[:len(parts)-1] {
			code := part.code
			// The characters on either side of the value, in the message.
			before, after := part.lit, parts[i+1].lit
			quoted := code >= codeFieldBase && (code-codeFieldBase)%2 == 1
			switch {
			case before == "" && i > 0, after == "" && parts[i+1].code != codeEnd:
				p.straddle = true // two values side by side
			case quoted && strings.IndexByte(t, '"') >= 0:
				p.straddle = true
			case !quoted && (before != "" && strings.IndexByte(t, before[len(before)-1]) >= 0 ||
				after != "" && strings.IndexByte(t, after[0]) >= 0):
				p.straddle = true
			}
			may, err := m.codeMay(j, code)
			if err != nil {
				return nil, err
			}
			if may {
				p.codes = append(p.codes, code)
			}
		}
	}
	return plans, nil
}

// codeMay reports whether the value of a code may hold term j at some row.
func (m *termMatcher) codeMay(j int, code uint64) (bool, error) {
	t := m.terms[j]
	if code == codeTimestamp {
		return onlyChars(t, isoChars), nil
	}
	k := int((code - codeFieldBase) / 2)
	switch m.may[j][k] {
	case 1:
		return true, nil
	case 2:
		return false, nil
	}
	may, err := m.fieldMay(t, k)
	if err != nil {
		return false, err
	}
	m.may[j][k] = 2
	if may {
		m.may[j][k] = 1
	}
	return may, nil
}

// fieldMay reports whether some value of field column k, rendered as a
// skeleton renders it, may hold t. For strings it searches the column's
// bytes without decoding its values: every value's bytes are there in one
// piece, and unless a value has bytes the rendering escapes, the rendering
// holds t only where the value does.
func (m *termMatcher) fieldMay(t string, k int) (bool, error) {
	if strings.Contains("null", t) {
		return true, nil
	}
	ref := &m.r.h.fields[k]
	switch ref.typ {
	case TypeInt64, TypeFloat64:
		return onlyChars(t, numberChars), nil
	case TypeBool:
		return strings.Contains("true", t) || strings.Contains("false", t), nil
	case TypeNull:
		return false, nil
	}
	if m.r.fields[k] != nil {
		return true, nil // decoded already: the rows tell
	}
	// A token filter knows the raw values; a term without a backslash
	// holds the same whole tokens in a rendering, which escapes only
	// separators.
	if m.mayContain != nil && strings.IndexByte(t, '\\') < 0 && !m.mayContain(ref.name, t) {
		return false, nil
	}
	body, err := m.r.peekBody(ref, "field "+ref.name)
	if err != nil {
		return false, err
	}
	data, ok := stringValueBytes(body, m.r.h.rows)
	return !ok || bytes.Contains(data, []byte(t)) || hasEscaped(data), nil
}

// stringValueBytes returns the bytes of the distinct values of a string
// column body of n rows, back to back, without decoding them; ok is false
// when the body does not parse, which decoding it will report.
func stringValueBytes(body []byte, n int) (data []byte, ok bool) {
	c := cursor{b: body}
	presEnc := c.encoding("presence encoding")
	nullEnc := c.encoding("null encoding")
	valEnc := c.encoding("value encoding")
	present := decodeBitmap(&c, presEnc, n, "presence")
	null := decodeBitmap(&c, nullEnc, n, "nulls")
	if c.err != nil {
		return nil, false
	}
	total := 0
	switch valEnc {
	case encNone:
		return nil, true
	case encConst:
		total = c.length("const string")
	case encDict, encPlain:
		values := valueCount(present, null)
		if valEnc == encDict {
			values = c.count("dict size", min(values, maxDictEntries))
		}
		for range values {
			total += c.length("string length")
		}
	default:
		return nil, false
	}
	data = c.bytes(total, "string data")
	return data, c.err == nil
}

// hasEscaped reports whether b holds a byte that JSON quoting escapes: a
// quote, a backslash or a control character. Control characters are
// looked for eight bytes at a time.
func hasEscaped(b []byte) bool {
	if bytes.IndexByte(b, '"') >= 0 || bytes.IndexByte(b, '\\') >= 0 {
		return true
	}
	const lows, highs = 0x2020202020202020, 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// A byte below 0x20 borrows in x - 0x20…, setting its high bit
		// where x's was clear.
		if (x-lows)&^x&highs != 0 {
			return true
		}
	}
	for ; i < len(b); i++ {
		if b[i] < 0x20 {
			return true
		}
	}
	return false
}

func onlyChars(t, chars string) bool {
	for i := 0; i < len(t); i++ {
		if strings.IndexByte(chars, t[i]) < 0 {
			return false
		}
	}
	return true
}

// row decides whether the message of row, whose skeleton's plans are
// given, contains every term; sure is false when only the rebuilt message
// can tell.
func (m *termMatcher) row(plans []termPlan, row int) (ok, sure bool, err error) {
	for j := range plans {
		p := &plans[j]
		if p.inLiteral {
			continue
		}
		if p.straddle {
			return false, false, nil
		}
		found := false
		for _, code := range p.codes {
			if found, err = m.valueHolds(code, row, m.terms[j]); err != nil || found {
				break
			}
		}
		if err != nil || !found {
			return false, err == nil, err
		}
	}
	return true, true, nil
}

// valueHolds reports whether the rendering of a code's value at row holds
// t.
func (m *termMatcher) valueHolds(code uint64, row int, t string) (bool, error) {
	if code == codeTimestamp {
		ts, err := m.r.timestamps()
		if err != nil {
			return false, err
		}
		m.buf = appendISOTime(m.buf[:0], ts[row])
		return bytes.Contains(m.buf, []byte(t)), nil
	}
	col, err := m.r.field(int((code - codeFieldBase) / 2))
	if err != nil {
		return false, err
	}
	if !col.Present.Has(row) {
		return false, nil // not renderable: rebuilding reports the corruption
	}
	quoted := (code-codeFieldBase)%2 == 1
	if col.Type == TypeString && !col.Null.Has(row) && (!quoted || !needsEscape(col.Strings[row])) {
		return strings.Contains(col.Strings[row], t), nil
	}
	switch {
	case col.Null.Has(row):
		return strings.Contains("null", t), nil
	case col.Type == TypeInt64 && !quoted:
		m.buf = strconv.AppendInt(m.buf[:0], col.Ints[row], 10)
	default:
		m.buf = appendRendered(m.buf[:0], col, row, quoted)
	}
	return bytes.Contains(m.buf, []byte(t)), nil
}
