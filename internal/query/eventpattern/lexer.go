package eventpattern

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// tokKind is the kind of a JSON token of a pattern.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokBeginObject
	tokEndObject
	tokBeginArray
	tokEndArray
	tokColon
	tokComma
	tokString
	tokNumber
	tokTrue
	tokFalse
	tokNull
)

// token is one JSON token. For strings, text is the decoded value; for
// numbers it is the literal as written, which exact matching compares.
type token struct {
	kind       tokKind
	text       string
	start, end int
}

// lexer splits a pattern into JSON tokens. It keeps offsets so that errors
// can say where the problem is, which a generic decoder cannot.
type lexer struct {
	src string
	pos int
}

// valueExpected is the tail of the messages for a missing or broken value.
const valueExpected = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"

// describeChar renders a character the way EventBridge's parser does in
// its messages: ('x' (code 120)).
func describeChar(r rune) string {
	if r < 0x20 {
		return fmt.Sprintf("(CTRL-CHAR, code %d)", r)
	}
	return fmt.Sprintf("('%c' (code %d))", r, r)
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t', '\n', '\r':
			l.pos++
		default:
			return
		}
	}
}

// next returns the next token; at the end of the input it returns tokEOF.
func (l *lexer) next() (token, *Error) {
	l.skipSpace()
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, start: start, end: start}, nil
	}
	c := l.src[l.pos]
	single := func(k tokKind) (token, *Error) {
		l.pos++
		return token{kind: k, start: start, end: l.pos}, nil
	}
	switch {
	case c == '{':
		return single(tokBeginObject)
	case c == '}':
		return single(tokEndObject)
	case c == '[':
		return single(tokBeginArray)
	case c == ']':
		return single(tokEndArray)
	case c == ':':
		return single(tokColon)
	case c == ',':
		return single(tokComma)
	case c == '"':
		return l.lexString()
	case c == '-' || (c >= '0' && c <= '9'):
		return l.lexNumber()
	case isWordByte(c):
		end := l.pos
		for end < len(l.src) && isWordByte(l.src[end]) {
			end++
		}
		word := l.src[l.pos:end]
		l.pos = end
		switch word {
		case "true":
			return token{kind: tokTrue, text: word, start: start, end: end}, nil
		case "false":
			return token{kind: tokFalse, text: word, start: start, end: end}, nil
		case "null":
			return token{kind: tokNull, text: word, start: start, end: end}, nil
		}
		return token{}, newError(l.src, end, "Unrecognized token '%s': was expecting %s", word, valueExpected)
	}
	r, size := utf8.DecodeRuneInString(l.src[l.pos:])
	l.pos += size
	return token{}, newError(l.src, l.pos, "Unexpected character %s: expected a valid value %s", describeChar(r), valueExpected)
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

// lexString decodes a JSON string starting at the opening quote.
func (l *lexer) lexString() (token, *Error) {
	start := l.pos
	l.pos++ // opening quote
	var b strings.Builder
	plainFrom := l.pos
	for {
		if l.pos >= len(l.src) {
			return token{}, newError(l.src, l.pos, "Unexpected end-of-input: was expecting closing quote for a string value")
		}
		c := l.src[l.pos]
		switch {
		case c == '"':
			text := l.src[plainFrom:l.pos]
			if b.Len() > 0 {
				b.WriteString(text)
				text = b.String()
			}
			l.pos++
			return token{kind: tokString, text: text, start: start, end: l.pos}, nil
		case c < 0x20:
			l.pos++
			return token{}, newError(l.src, l.pos, "Illegal unquoted character (%s): has to be escaped using backslash to be included in string value",
				strings.Trim(describeChar(rune(c)), "()"))
		case c == '\\':
			b.WriteString(l.src[plainFrom:l.pos])
			if err := l.lexEscape(&b); err != nil {
				return token{}, err
			}
			plainFrom = l.pos
		default:
			l.pos++
		}
	}
}

// lexEscape decodes one backslash escape into b.
func (l *lexer) lexEscape(b *strings.Builder) *Error {
	l.pos++ // backslash
	if l.pos >= len(l.src) {
		return newError(l.src, l.pos, "Unexpected end-of-input in character escape sequence")
	}
	c := l.src[l.pos]
	l.pos++
	switch c {
	case '"', '\\', '/':
		b.WriteByte(c)
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'n':
		b.WriteByte('\n')
	case 'r':
		b.WriteByte('\r')
	case 't':
		b.WriteByte('\t')
	case 'u':
		r, err := l.lexHex4()
		if err != nil {
			return err
		}
		if utf16.IsSurrogate(r) {
			// A high surrogate pairs with a following \uXXXX low one; a
			// lone surrogate becomes U+FFFD, as encoding/json does.
			if r < 0xdc00 && strings.HasPrefix(l.src[l.pos:], `\u`) {
				save := l.pos
				l.pos += 2
				r2, err := l.lexHex4()
				if err != nil {
					return err
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					b.WriteRune(dec)
					return nil
				}
				l.pos = save
			}
			r = utf8.RuneError
		}
		b.WriteRune(r)
	default:
		r, size := utf8.DecodeRuneInString(l.src[l.pos-1:])
		l.pos += size - 1
		return newError(l.src, l.pos, "Unrecognized character escape '%c' (code %d)", r, r)
	}
	return nil
}

func (l *lexer) lexHex4() (rune, *Error) {
	var r rune
	for i := 0; i < 4; i++ {
		if l.pos >= len(l.src) {
			return 0, newError(l.src, l.pos, "Unexpected end-of-input in character escape sequence")
		}
		c := l.src[l.pos]
		l.pos++
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, newError(l.src, l.pos, "Unexpected character %s: expected a hex-digit for character escape sequence", describeChar(rune(c)))
		}
	}
	return r, nil
}

// lexNumber scans a JSON number and keeps its literal text.
func (l *lexer) lexNumber() (token, *Error) {
	start := l.pos
	i := l.pos
	digits := func() int {
		n := 0
		for i < len(l.src) && l.src[i] >= '0' && l.src[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if l.src[i] == '-' {
		i++
	}
	intStart := i
	n := digits()
	bad := n == 0 || (n > 1 && l.src[intStart] == '0')
	if !bad && i < len(l.src) && l.src[i] == '.' {
		i++
		bad = digits() == 0
	}
	if !bad && i < len(l.src) && (l.src[i] == 'e' || l.src[i] == 'E') {
		i++
		if i < len(l.src) && (l.src[i] == '+' || l.src[i] == '-') {
			i++
		}
		bad = digits() == 0
	}
	// Letters or more digits glued to the number make it one bad literal.
	for i < len(l.src) && (isWordByte(l.src[i]) || l.src[i] == '.' || l.src[i] == '-' || l.src[i] == '+') {
		i++
		bad = true
	}
	l.pos = i
	if bad {
		return token{}, newError(l.src, i, "Invalid numeric value: %s", l.src[start:i])
	}
	return token{kind: tokNumber, text: l.src[start:i], start: start, end: i}, nil
}
