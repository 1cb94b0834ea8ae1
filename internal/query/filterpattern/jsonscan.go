package filterpattern

import (
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth is the nesting limit beyond which a message is not treated
// as JSON; it is encoding/json's, so both agree on what JSON is.
const maxJSONDepth = 10000

// jsonKind is the type of a JSON value found at a selector.
type jsonKind uint8

const (
	jsonAbsent jsonKind = iota
	jsonNull
	jsonTrue
	jsonFalse
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

// jsonValue is a value found in a message, without copying: raw is the
// number as written or the string's body between its quotes, still
// escaped when esc is set.
type jsonValue struct {
	kind jsonKind
	esc  bool
	raw  string
}

// scalar converts v for comparison; ok is false for absent values, objects
// and arrays, which never match a comparison.
func (v jsonValue) scalar() (scalar, bool) {
	switch v.kind {
	case jsonNull:
		return scalar{kind: scalarNull}, true
	case jsonTrue:
		return scalar{kind: scalarBool, text: "true"}, true
	case jsonFalse:
		return scalar{kind: scalarBool, text: "false"}, true
	case jsonNumber:
		return scalar{kind: scalarNumber, text: v.raw}, true
	case jsonString:
		return scalar{kind: scalarString, text: decodeJSONString(v.raw, v.esc)}, true
	}
	return scalar{}, false
}

// text is the value as metric filters extract it; ok is false for absent
// values, null, objects and arrays.
func (v jsonValue) text() (string, bool) {
	s, ok := v.scalar()
	if !ok || s.kind == scalarNull {
		return "", false
	}
	return s.text, true
}

// trieNode is one step of the selectors a JSON pattern names. Walking the
// message with the trie visits each byte once and records only the values
// the pattern needs.
type trieNode struct {
	sel int // index of the selector ending here, or -1
	// subtree lists the selectors at or below this node, cleared when a
	// duplicate key starts this node over (the last duplicate wins, as in
	// encoding/json).
	subtree []int
	keys    []trieEdge
	indexes []trieEdge
}

type trieEdge struct {
	key   string
	index int
	node  *trieNode
}

// buildTrie indexes sels; selector i records into vals[i].
func buildTrie(sels []selector) *trieNode {
	root := &trieNode{sel: -1}
	for i, s := range sels {
		n := root
		n.subtree = append(n.subtree, i)
		for _, st := range s.steps {
			edges := &n.keys
			if st.isIndex {
				edges = &n.indexes
			}
			var next *trieNode
			for _, e := range *edges {
				if e.key == st.key && e.index == st.index {
					next = e.node
					break
				}
			}
			if next == nil {
				next = &trieNode{sel: -1}
				*edges = append(*edges, trieEdge{key: st.key, index: st.index, node: next})
			}
			n = next
			n.subtree = append(n.subtree, i)
		}
		n.sel = i
	}
	return root
}

func (n *trieNode) childKey(raw string, esc bool) *trieNode {
	key := raw
	if esc {
		key = decodeJSONString(raw, true)
	}
	for _, e := range n.keys {
		if e.key == key {
			return e.node
		}
	}
	return nil
}

func (n *trieNode) childIndex(i int) *trieNode {
	for _, e := range n.indexes {
		if e.index == i {
			return e.node
		}
	}
	return nil
}

// looksLikeObject is the cheap pre-check: JSON patterns only ever match
// messages whose first non-blank byte opens an object.
func looksLikeObject(msg string) bool {
	for i := 0; i < len(msg); i++ {
		switch msg[i] {
		case ' ', '\t', '\n', '\r':
		case '{':
			return true
		default:
			return false
		}
	}
	return false
}

// walkJSON validates msg as a single JSON object and stores in vals the
// values at the selectors of root. It reports false when msg is not valid
// JSON (then vals is meaningless).
func walkJSON(msg string, root *trieNode, vals []jsonValue) bool {
	w := jsonWalker{s: msg}
	w.space()
	if w.i >= len(w.s) || w.s[w.i] != '{' {
		return false
	}
	if !w.value(root, vals) {
		return false
	}
	w.space()
	return w.i == len(w.s)
}

// jsonWalker is a validating single-pass JSON reader that descends only
// where the trie says a selector leads. The values it finds go to a vals
// slice passed along rather than kept here, so that escape analysis keeps
// the caller's buffer on the stack.
type jsonWalker struct {
	s     string
	i     int
	depth int
}

func (w *jsonWalker) space() {
	for w.i < len(w.s) {
		switch w.s[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// value reads one value; n is the trie node it sits at, or nil when no
// selector goes through it.
func (w *jsonWalker) value(n *trieNode, vals []jsonValue) bool {
	w.space()
	if w.i >= len(w.s) {
		return false
	}
	var v jsonValue
	switch c := w.s[w.i]; c {
	case '{':
		v.kind = jsonObject
		if !w.object(n, vals) {
			return false
		}
	case '[':
		v.kind = jsonArray
		if !w.array(n, vals) {
			return false
		}
	case '"':
		raw, esc, ok := w.str()
		if !ok {
			return false
		}
		v = jsonValue{kind: jsonString, raw: raw, esc: esc}
	case 't':
		if !w.literal("true") {
			return false
		}
		v.kind = jsonTrue
	case 'f':
		if !w.literal("false") {
			return false
		}
		v.kind = jsonFalse
	case 'n':
		if !w.literal("null") {
			return false
		}
		v.kind = jsonNull
	default:
		if c != '-' && !isDigit(c) {
			return false
		}
		raw, ok := w.number()
		if !ok {
			return false
		}
		v = jsonValue{kind: jsonNumber, raw: raw}
	}
	if n != nil && n.sel >= 0 {
		vals[n.sel] = v
	}
	return true
}

func (w *jsonWalker) literal(lit string) bool {
	if len(w.s)-w.i < len(lit) || w.s[w.i:w.i+len(lit)] != lit {
		return false
	}
	w.i += len(lit)
	return true
}

func (w *jsonWalker) object(n *trieNode, vals []jsonValue) bool {
	w.i++ // {
	w.depth++
	if w.depth > maxJSONDepth {
		return false
	}
	w.space()
	if w.i < len(w.s) && w.s[w.i] == '}' {
		w.i++
		w.depth--
		return true
	}
	for {
		w.space()
		if w.i >= len(w.s) || w.s[w.i] != '"' {
			return false
		}
		raw, esc, ok := w.str()
		if !ok {
			return false
		}
		w.space()
		if w.i >= len(w.s) || w.s[w.i] != ':' {
			return false
		}
		w.i++
		var child *trieNode
		if n != nil && len(n.keys) > 0 {
			if child = n.childKey(raw, esc); child != nil {
				for _, k := range child.subtree {
					vals[k] = jsonValue{}
				}
			}
		}
		if !w.value(child, vals) {
			return false
		}
		w.space()
		if w.i >= len(w.s) {
			return false
		}
		switch w.s[w.i] {
		case ',':
			w.i++
		case '}':
			w.i++
			w.depth--
			return true
		default:
			return false
		}
	}
}

func (w *jsonWalker) array(n *trieNode, vals []jsonValue) bool {
	w.i++ // [
	w.depth++
	if w.depth > maxJSONDepth {
		return false
	}
	w.space()
	if w.i < len(w.s) && w.s[w.i] == ']' {
		w.i++
		w.depth--
		return true
	}
	for idx := 0; ; idx++ {
		var child *trieNode
		if n != nil && len(n.indexes) > 0 {
			child = n.childIndex(idx)
		}
		if !w.value(child, vals) {
			return false
		}
		w.space()
		if w.i >= len(w.s) {
			return false
		}
		switch w.s[w.i] {
		case ',':
			w.i++
		case ']':
			w.i++
			w.depth--
			return true
		default:
			return false
		}
	}
}

// str reads a string whose opening quote is at w.i and returns its body
// and whether it holds escapes.
func (w *jsonWalker) str() (raw string, esc, ok bool) {
	start := w.i + 1
	for i := start; i < len(w.s); i++ {
		c := w.s[i]
		switch {
		case c == '"':
			w.i = i + 1
			return w.s[start:i], esc, true
		case c < 0x20:
			return "", false, false
		case c == '\\':
			esc = true
			i++
			if i >= len(w.s) {
				return "", false, false
			}
			switch w.s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(w.s) {
					return "", false, false
				}
				for _, h := range []byte(w.s[i+1 : i+5]) {
					if hexValue(h) < 0 {
						return "", false, false
					}
				}
				i += 4
			default:
				return "", false, false
			}
		}
	}
	return "", false, false
}

// number reads -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? at w.i.
func (w *jsonWalker) number() (string, bool) {
	s, start := w.s, w.i
	i := start
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return "", false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return "", false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return "", false
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	w.i = i
	return s[start:i], true
}

func hexValue(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// decodeJSONString turns a validated string body into its value the way
// encoding/json does: escapes resolved, invalid UTF-8 and unpaired
// surrogates replaced by U+FFFD.
func decodeJSONString(raw string, esc bool) string {
	if !esc && utf8.ValidString(raw) {
		return raw
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			i++
			switch raw[i] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r := getU4(raw[i+1:])
				i += 4
				if utf16.IsSurrogate(r) {
					r2 := rune(-1)
					if i+2 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
						r2 = getU4(raw[i+3:])
					}
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						b = utf8.AppendRune(b, dec)
						i += 7
						continue
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default: // " \ /
				b = append(b, raw[i])
			}
			i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			var size int
			b, size = appendRuneOrReplacement(b, raw[i:])
			i += size
		}
	}
	return string(b)
}

// appendRuneOrReplacement appends the first rune of s, or U+FFFD when s
// starts with a byte that begins no valid rune, and returns how many bytes
// of s it read.
func appendRuneOrReplacement(b []byte, s string) ([]byte, int) {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size == 1 {
		return utf8.AppendRune(b, utf8.RuneError), 1
	}
	return append(b, s[:size]...), size
}

// getU4 reads four hex digits (already validated) or returns -1.
func getU4(s string) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for i := 0; i < 4; i++ {
		h := hexValue(s[i])
		if h < 0 {
			return -1
		}
		r = r<<4 | rune(h)
	}
	return r
}
