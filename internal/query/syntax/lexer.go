package syntax

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tIllegal
	tIdent    // field name or keyword; path holds its dot-separated segments
	tString   // '…' or "…"; val holds the decoded text
	tNumber   // decimal number; num holds the value
	tDuration // number with a time unit, e.g. 5m; dur holds the value
	tRegex    // /…/, only produced when the parser asks for one
	tPipe
	tComma
	tLParen
	tRParen
	tLBrack
	tRBrack
	tColon
	tEq
	tNe
	tLt
	tLe
	tGt
	tGe
	tMatch // =~
	tPlus
	tMinus
	tStar
	tSlash
	tPercent
	tCaret
)

// token is one lexeme. pos and end are byte offsets of its text in the query.
type token struct {
	kind     tokKind
	pos, end int
	text     string   // source text
	val      string   // decoded string literal, regex source, or error message for tIllegal
	path     []string // tIdent segments: a.b.`c d` → [a b "c d"]
	quoted   bool     // tIdent used backticks, so it is never a keyword
	num      float64
	dur      Duration
}

// lexer turns query text into tokens on demand. It is a small value type so
// the parser can save and restore its state to look ahead.
type lexer struct {
	src string
	pos int
}

func isIdentStart(c byte) bool {
	return c == '_' || c == '@' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

func isIdentChar(c byte) bool {
	return isIdentStart(c) || ('0' <= c && c <= '9')
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// skipSpace skips white space and # comments, which run to the end of the line.
func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case c == '#':
			for l.pos < len(l.src) && l.src[l.pos] != '\n' {
				l.pos++
			}
		default:
			return
		}
	}
}

func (l *lexer) next() token {
	l.skipSpace()
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: tEOF, pos: start, end: start}
	}
	c := l.src[l.pos]
	switch {
	case isIdentStart(c) || c == '`':
		return l.ident()
	case isDigit(c) || (c == '.' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1])):
		return l.number()
	case c == '"' || c == '\'':
		return l.str(c)
	}
	two := ""
	if l.pos+1 < len(l.src) {
		two = l.src[l.pos : l.pos+2]
	}
	switch two {
	case "!=":
		return l.op(tNe, 2)
	case "<=":
		return l.op(tLe, 2)
	case ">=":
		return l.op(tGe, 2)
	case "=~":
		return l.op(tMatch, 2)
	}
	switch c {
	case '|':
		return l.op(tPipe, 1)
	case ',':
		return l.op(tComma, 1)
	case '(':
		return l.op(tLParen, 1)
	case ')':
		return l.op(tRParen, 1)
	case '[':
		return l.op(tLBrack, 1)
	case ']':
		return l.op(tRBrack, 1)
	case ':':
		return l.op(tColon, 1)
	case '=':
		return l.op(tEq, 1)
	case '<':
		return l.op(tLt, 1)
	case '>':
		return l.op(tGt, 1)
	case '+':
		return l.op(tPlus, 1)
	case '-':
		return l.op(tMinus, 1)
	case '*':
		return l.op(tStar, 1)
	case '/':
		return l.op(tSlash, 1)
	case '%':
		return l.op(tPercent, 1)
	case '^':
		return l.op(tCaret, 1)
	}
	_, size := utf8.DecodeRuneInString(l.src[l.pos:])
	l.pos += size
	return token{kind: tIllegal, pos: start, end: l.pos, text: l.src[start:l.pos], val: "unexpected character"}
}

func (l *lexer) op(k tokKind, n int) token {
	start := l.pos
	l.pos += n
	return token{kind: k, pos: start, end: l.pos, text: l.src[start:l.pos]}
}

// ident lexes a field name: segments of [A-Za-z0-9_@] or `backticked text`
// joined by dots. A backtick inside backticks is written twice.
func (l *lexer) ident() token {
	start := l.pos
	t := token{kind: tIdent, pos: start}
	for {
		if l.pos < len(l.src) && l.src[l.pos] == '`' {
			seg, ok := l.backticked()
			if !ok {
				return token{kind: tIllegal, pos: start, end: l.pos, text: l.src[start:l.pos], val: "unterminated backtick-quoted field name"}
			}
			if seg == "" {
				return token{kind: tIllegal, pos: start, end: l.pos, text: l.src[start:l.pos], val: "empty backtick-quoted field name"}
			}
			t.quoted = true
			t.path = append(t.path, seg)
		} else {
			s := l.pos
			for l.pos < len(l.src) && isIdentChar(l.src[l.pos]) {
				l.pos++
			}
			t.path = append(t.path, l.src[s:l.pos])
		}
		// Continue only when the dot is followed by another segment, so a
		// stray trailing dot is reported on its own.
		if l.pos+1 < len(l.src) && l.src[l.pos] == '.' && (isIdentChar(l.src[l.pos+1]) || l.src[l.pos+1] == '`') {
			l.pos++
			continue
		}
		break
	}
	t.end = l.pos
	t.text = l.src[start:l.pos]
	return t
}

func (l *lexer) backticked() (string, bool) {
	l.pos++ // opening backtick
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == '`' {
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '`' {
				b.WriteByte('`')
				l.pos += 2
				continue
			}
			l.pos++
			return b.String(), true
		}
		b.WriteByte(c)
		l.pos++
	}
	return "", false
}

// number lexes a decimal number, and a duration when a unit follows it
// directly (5m, 100ms, 2hours).
func (l *lexer) number() token {
	start := l.pos
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
	}
	if l.pos < len(l.src) && l.src[l.pos] == '.' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]) {
		l.pos++
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		p := l.pos + 1
		if p < len(l.src) && (l.src[p] == '+' || l.src[p] == '-') {
			p++
		}
		if p < len(l.src) && isDigit(l.src[p]) {
			for p < len(l.src) && isDigit(l.src[p]) {
				p++
			}
			l.pos = p
		}
	}
	numText := l.src[start:l.pos]
	if l.pos < len(l.src) && isIdentStart(l.src[l.pos]) {
		us := l.pos
		for l.pos < len(l.src) && isIdentChar(l.src[l.pos]) {
			l.pos++
		}
		text := l.src[start:l.pos]
		unit, ok := lookupUnit(l.src[us:l.pos])
		if !ok {
			return token{kind: tIllegal, pos: start, end: l.pos, text: text,
				val: "unknown time unit " + strconv.Quote(l.src[us:l.pos]) + " (use ms, s, m, h, d, w, mo, q or y)"}
		}
		n, err := strconv.ParseInt(numText, 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			return token{kind: tIllegal, pos: start, end: l.pos, text: text, val: "time period is too long"}
		}
		if err != nil || n <= 0 {
			return token{kind: tIllegal, pos: start, end: l.pos, text: text,
				val: "a time period needs a positive whole number before its unit"}
		}
		return token{kind: tDuration, pos: start, end: l.pos, text: text, dur: Duration{N: n, Unit: unit}}
	}
	v, err := strconv.ParseFloat(numText, 64)
	if err != nil {
		return token{kind: tIllegal, pos: start, end: l.pos, text: numText, val: "number out of range"}
	}
	return token{kind: tNumber, pos: start, end: l.pos, text: numText, num: v}
}

// str lexes a quoted string. \\, \", \', \n, \t and \r are escapes; any
// other backslash is kept as written, so regular-expression-like text in a
// string survives untouched.
func (l *lexer) str(q byte) token {
	start := l.pos
	l.pos++
	var b strings.Builder
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == q:
			l.pos++
			return token{kind: tString, pos: start, end: l.pos, text: l.src[start:l.pos], val: b.String()}
		case c == '\\' && l.pos+1 < len(l.src):
			e := l.src[l.pos+1]
			switch e {
			case '\\', '"', '\'':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte('\\')
				b.WriteByte(e)
			}
			l.pos += 2
		default:
			b.WriteByte(c)
			l.pos++
		}
	}
	return token{kind: tIllegal, pos: start, end: l.pos, text: l.src[start:l.pos], val: "unterminated string"}
}

// regexFrom lexes a /…/ literal whose opening slash is at off. A slash is
// escaped as \/ or may appear inside a [character class].
func (l *lexer) regexFrom(off int) token {
	l.pos = off + 1
	inClass := false
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\\':
			l.pos += 2
			continue
		case c == '[':
			inClass = true
		case c == ']':
			inClass = false
		case c == '/' && !inClass:
			l.pos++
			return token{kind: tRegex, pos: off, end: l.pos, text: l.src[off:l.pos], val: l.src[off+1 : l.pos-1]}
		}
		l.pos++
	}
	if l.pos > len(l.src) {
		l.pos = len(l.src)
	}
	return token{kind: tIllegal, pos: off, end: l.pos, text: l.src[off:l.pos], val: "unterminated regular expression"}
}
