package alarmrule

import (
	"strings"
	"unicode/utf8"
)

// tokKind is the kind of a rule token.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokLParen
	tokRParen
	tokWord   // keyword or unquoted alarm name
	tokQuoted // "alarm name or ARN"
)

// token is one token; pos is its 0-based character offset.
type token struct {
	kind tokKind
	text string // the word, or the quoted name without its quotes
	pos  int
}

// lexer splits a rule into tokens, counting characters (not bytes) for
// positions, as CloudWatch's messages do.
type lexer struct {
	src  string
	off  int // byte offset
	char int // character offset of off
}

func isBlank(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
}

func (l *lexer) advance(size int) {
	l.off += size
	l.char++
}

func (l *lexer) next() (token, *ParseError) {
	for l.off < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.off:])
		if !isBlank(r) {
			break
		}
		l.advance(size)
	}
	pos := l.char
	if l.off >= len(l.src) {
		return token{kind: tokEOF, pos: pos}, nil
	}
	switch l.src[l.off] {
	case '(':
		l.advance(1)
		return token{kind: tokLParen, text: "(", pos: pos}, nil
	case ')':
		l.advance(1)
		return token{kind: tokRParen, text: ")", pos: pos}, nil
	case '"':
		l.advance(1)
		end := strings.IndexByte(l.src[l.off:], '"')
		if end < 0 {
			return token{}, errorf(pos, "Unterminated quoted alarm name at char %d, must be: '\"'", pos)
		}
		text := l.src[l.off : l.off+end]
		l.off += end + 1
		l.char += utf8.RuneCountInString(text) + 1
		return token{kind: tokQuoted, text: text, pos: pos}, nil
	}
	start := l.off
	for l.off < len(l.src) {
		r, size := utf8.DecodeRuneInString(l.src[l.off:])
		if isBlank(r) || r == '(' || r == ')' || r == '"' {
			break
		}
		l.advance(size)
	}
	return token{kind: tokWord, text: l.src[start:l.off], pos: pos}, nil
}
