package colblock

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/jsonscan"
)

// leafKind is what a leaf of a message is.
type leafKind uint8

const (
	leafString          leafKind = iota + 1 // JSON string; the span includes the quotes
	leafNumber                              // JSON number
	leafTrue                                // JSON true
	leafFalse                               // JSON false
	leafNull                                // JSON null
	leafPrefixText                          // the request id of a Lambda line, taken as is
	leafPrefixTimestamp                     // the time of a Lambda line; no field, skeletons only
)

// jsonLeaf is one scalar of a message: its flattened name (a span of
// jsonWalker.names) and the span of its raw text in the message.
type jsonLeaf struct {
	nameStart, nameEnd int
	// The walker takes no message of 4 GiB or more, so a span fits in
	// 32 bits, and a leaf in 32 bytes: a block's leaves are written and
	// read several times over.
	start, end uint32
	kind       leafKind
	// escaped says a string leaf has a backslash escape, fraction that a
	// number leaf has a fraction or an exponent: what the walker saw
	// spares the readers of the value a second look at its text.
	escaped, fraction bool
}

// jsonWalker finds the leaves of a JSON-object message in document order,
// validating the whole JSON text. It is reused across messages to keep its
// buffers.
type jsonWalker struct {
	s      string
	pos    int
	path   []byte
	names  []byte
	leaves []jsonLeaf
	named  int // leaves that carry a field name, capped at maxFlattenedFields
	// dropped counts the leaves left unnamed: past the cap, or with a name
	// longer than MaxFieldNameLen.
	dropped int
	// escaped and fraction are what skipString and skipNumber saw of the
	// last string and number.
	escaped, fraction bool
	// kept leaves at the start of leaves are not the message's: walk
	// appends after them, so that a Flattener keeps every row's leaves in
	// one slice without copying them there.
	kept int
}

// lambdaRequestID is the field a Lambda line's request id becomes, as
// CloudWatch Logs Insights names it.
const lambdaRequestID = "@requestId"

// walk parses msg and records its leaves. It reports false, leaving the
// leaves meaningless, when msg is not a JSON object (surrounded by optional
// whitespace) or a Lambda line "time\trequestId\tLEVEL\t{...}...", whose
// text after the first JSON object is ignored as CloudWatch ignores it.
func (w *jsonWalker) walk(msg string) bool {
	w.s, w.pos = msg, 0
	w.path, w.names, w.leaves, w.named, w.dropped = w.path[:0], w.names[:0], w.leaves[:w.kept], 0, 0
	if uint64(len(msg)) > math.MaxUint32 {
		return false
	}
	if i := skipSpace(msg, 0); i < len(msg) && msg[i] == '{' {
		w.pos = i
		return w.object(1) && skipSpace(msg, w.pos) == len(msg)
	}
	start, ok := w.lambdaPrefix()
	if !ok {
		return false
	}
	w.pos = start
	return w.object(1)
}

// lambdaPrefix recognises "time\trequestId\tLEVEL\t{" and records the time
// and request id leaves. It returns the offset of the '{'.
func (w *jsonWalker) lambdaPrefix() (int, bool) {
	s := w.s
	t1 := strings.IndexByte(s, '\t')
	if t1 < 0 || !looksLikeISOTime(s[:t1]) {
		return 0, false
	}
	t2 := t1 + 1 + strings.IndexByte(s[t1+1:], '\t')
	if t2 <= t1+1 || strings.ContainsFunc(s[t1+1:t2], isSpaceOrControl) {
		return 0, false
	}
	t3 := t2 + 1 + strings.IndexByte(s[t2+1:], '\t')
	if t3 <= t2+1 || t3-t2-1 > 16 || strings.ContainsFunc(s[t2+1:t3], notUpper) {
		return 0, false
	}
	if t3+1 >= len(s) || s[t3+1] != '{' {
		return 0, false
	}
	w.leaves = append(w.leaves, jsonLeaf{start: 0, end: uint32(t1), kind: leafPrefixTimestamp})
	w.path = append(w.path[:0], lambdaRequestID...)
	w.addLeaf(t1+1, t2, leafPrefixText)
	w.path = w.path[:0]
	return t3 + 1, true
}

// looksLikeISOTime reports whether s starts like 2006-01-02T15:04:05.
func looksLikeISOTime(s string) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(s) < len(shape) || len(s) > 40 {
		return false
	}
	for i := 0; i < len(shape); i++ {
		if shape[i] == 'd' {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		} else if s[i] != shape[i] {
			return false
		}
	}
	return true
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f }

func notUpper(r rune) bool { return r < 'A' || r > 'Z' }

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}

// addLeaf records a leaf named by the current path, unless the message
// already gave maxFlattenedFields names or the name is too long to extract.
func (w *jsonWalker) addLeaf(start, end int, kind leafKind) {
	if w.named == maxFlattenedFields || len(w.path) > MaxFieldNameLen {
		w.dropped++
		return
	}
	w.named++
	ns := len(w.names)
	w.names = append(w.names, w.path...)
	// The leaf is written in place, field by field: one built aside and
	// copied in whole made the processor wait for the copy's load, which
	// spans several smaller stores.
	w.leaves = append(w.leaves, jsonLeaf{})
	l := &w.leaves[len(w.leaves)-1]
	l.nameStart, l.nameEnd, l.start, l.end, l.kind = ns, len(w.names), uint32(start), uint32(end), kind
	switch kind {
	case leafString:
		l.escaped = w.escaped
	case leafNumber:
		l.fraction = w.fraction
	}
}

func (w *jsonWalker) leafName(l *jsonLeaf) []byte { return w.names[l.nameStart:l.nameEnd] }

// object parses the object at w.pos; depth 1 is the message itself.
func (w *jsonWalker) object(depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	w.pos = skipSpace(w.s, w.pos+1)
	if w.pos < len(w.s) && w.s[w.pos] == '}' {
		w.pos++
		return true
	}
	base := len(w.path)
	for {
		if w.pos >= len(w.s) || w.s[w.pos] != '"' {
			return false
		}
		keyStart := w.pos
		if !w.skipString() {
			return false
		}
		w.path = w.path[:base]
		if depth > 1 {
			w.path = append(w.path, '.')
		}
		keyAt := len(w.path)
		if key := w.s[keyStart+1 : w.pos-1]; w.escaped {
			w.path = appendUnescaped(w.path, key)
		} else {
			w.path = append(w.path, key...)
		}
		// A top-level name starting with @ gets a second @, as CloudWatch
		// shows it, so it never collides with @timestamp, @message or a
		// Lambda @requestId.
		if depth == 1 && len(w.path) > keyAt && w.path[keyAt] == '@' {
			w.path = append(w.path[:keyAt+1], w.path[keyAt:]...)
		}
		w.pos = skipSpace(w.s, w.pos)
		if w.pos >= len(w.s) || w.s[w.pos] != ':' {
			return false
		}
		w.pos++
		if !w.value(depth) {
			return false
		}
		w.pos = skipSpace(w.s, w.pos)
		if w.pos >= len(w.s) {
			return false
		}
		switch w.s[w.pos] {
		case ',':
			w.pos = skipSpace(w.s, w.pos+1)
		case '}':
			w.pos++
			w.path = w.path[:base]
			return true
		default:
			return false
		}
	}
}

// array parses the array at w.pos; elements are named by their index.
func (w *jsonWalker) array(depth int) bool {
	if depth > maxJSONDepth {
		return false
	}
	w.pos = skipSpace(w.s, w.pos+1)
	if w.pos < len(w.s) && w.s[w.pos] == ']' {
		w.pos++
		return true
	}
	base := len(w.path)
	for i := 0; ; i++ {
		w.path = strconv.AppendInt(append(w.path[:base], '.'), int64(i), 10)
		if !w.value(depth) {
			return false
		}
		w.pos = skipSpace(w.s, w.pos)
		if w.pos >= len(w.s) {
			return false
		}
		switch w.s[w.pos] {
		case ',':
		case ']':
			w.pos++
			w.path = w.path[:base]
			return true
		default:
			return false
		}
		w.pos++
	}
}

// value parses any JSON value at w.pos (after optional whitespace).
func (w *jsonWalker) value(depth int) bool {
	w.pos = skipSpace(w.s, w.pos)
	if w.pos >= len(w.s) {
		return false
	}
	start := w.pos
	switch c := w.s[w.pos]; {
	case c == '{':
		return w.object(depth + 1)
	case c == '[':
		return w.array(depth + 1)
	case c == '"':
		if !w.skipString() {
			return false
		}
		w.addLeaf(start, w.pos, leafString)
	case c == 't':
		return w.literal("true", leafTrue)
	case c == 'f':
		return w.literal("false", leafFalse)
	case c == 'n':
		return w.literal("null", leafNull)
	case c == '-' || (c >= '0' && c <= '9'):
		if !w.skipNumber() {
			return false
		}
		w.addLeaf(start, w.pos, leafNumber)
	default:
		return false
	}
	return true
}

func (w *jsonWalker) literal(lit string, kind leafKind) bool {
	if !strings.HasPrefix(w.s[w.pos:], lit) {
		return false
	}
	w.addLeaf(w.pos, w.pos+len(lit), kind)
	w.pos += len(lit)
	return true
}

// skipString moves past the string at w.pos, checking its escapes.
func (w *jsonWalker) skipString() bool {
	s := w.s
	w.escaped = false
	for i := w.pos + 1; i < len(s); i++ {
		i += jsonscan.IndexSpecial(s[i:])
		if i >= len(s) {
			return false
		}
		switch c := s[i]; {
		case c == '"':
			w.pos = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			w.escaped = true
			i++
			if i >= len(s) {
				return false
			}
			switch s[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s) || !isHex4(s[i+1:i+5]) {
					return false
				}
				i += 4
			default:
				return false
			}
		}
	}
	return false
}

// skipNumber moves past the number at w.pos, checking the JSON grammar.
func (w *jsonWalker) skipNumber() bool {
	s, i := w.s, w.pos
	w.fraction = false
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := skipDigits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
		w.fraction = true
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		w.fraction = true
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := skipDigits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	w.pos = i
	return true
}

func skipDigits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		if unhex(s[i]) < 0 {
			return false
		}
	}
	return true
}

func unhex(c byte) rune {
	switch {
	case c >= '0' && c <= '9':
		return rune(c - '0')
	case c >= 'a' && c <= 'f':
		return rune(c - 'a' + 10)
	case c >= 'A' && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

func hex4(s string) rune {
	return unhex(s[0])<<12 | unhex(s[1])<<8 | unhex(s[2])<<4 | unhex(s[3])
}

// appendUnescaped appends the decoded content of a JSON string whose escapes
// skipString has checked. Unpaired surrogates become U+FFFD, as in
// encoding/json; other bytes are kept as they are.
func appendUnescaped(dst []byte, raw string) []byte {
	for i := 0; i < len(raw); i++ {
		// The text up to the next escape is copied as one run: names and
		// values have few escapes, often none.
		j := strings.IndexByte(raw[i:], '\\')
		if j < 0 {
			return append(dst, raw[i:]...)
		}
		dst = append(dst, raw[i:i+j]...)
		i += j + 1
		switch raw[i] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hex4(raw[i+1:])
			i += 4
			if utf16.IsSurrogate(r) {
				r2 := utf8.RuneError
				if i+6 < len(raw) && raw[i+1] == '\\' && raw[i+2] == 'u' {
					r2 = utf16.DecodeRune(r, hex4(raw[i+3:]))
				}
				if r2 != utf8.RuneError {
					i += 6
				}
				r = r2
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = append(dst, raw[i])
		}
	}
	return dst
}
