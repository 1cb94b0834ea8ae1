package metricmath

import (
	"errors"
	"strconv"
)

// tokenKind is the class of a lexical token.
type tokenKind int

const (
	tEOF    tokenKind = iota
	tNumber           // 12, 1.5, .5, 1e-3
	tIdent            // a query id: starts with a lower-case letter
	tName             // an upper-case word: a function, keyword, AND, OR or NOT
	tString           // 'text' or "text"
	tLParen
	tRParen
	tLBrack
	tRBrack
	tComma
	tPlus
	tMinus
	tStar
	tSlash
	tCaret
	tEq // ==
	tNe // !=
	tLt
	tLe
	tGt
	tGe
	tAnd // &&
	tOr  // ||
)

// token is one lexeme. For tString, text is the content without quotes;
// for tNumber, num is the value.
type token struct {
	kind tokenKind
	pos  int
	text string
	num  float64
}

// lexer splits an expression into tokens on demand.
type lexer struct {
	src string
	pos int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isWordByte(c byte) bool {
	return isLower(c) || isUpper(c) || isDigit(c) || c == '_'
}

// next returns the next token, or a *ParseError for text that is no token.
func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tEOF, pos: start}, nil
	}
	c := l.src[start]
	switch {
	case isDigit(c) || (c == '.' && start+1 < len(l.src) && isDigit(l.src[start+1])):
		return l.number()
	case isLower(c) || isUpper(c):
		for l.pos < len(l.src) && isWordByte(l.src[l.pos]) {
			l.pos++
		}
		kind := tIdent
		if isUpper(c) {
			kind = tName
		}
		return token{kind: kind, pos: start, text: l.src[start:l.pos]}, nil
	case c == '\'' || c == '"':
		for i := start + 1; i < len(l.src); i++ {
			if l.src[i] == c {
				l.pos = i + 1
				return token{kind: tString, pos: start, text: l.src[start+1 : i]}, nil
			}
		}
		return token{}, syntaxError(l.src, start, "the string is not closed")
	}
	two := ""
	if start+1 < len(l.src) {
		two = l.src[start : start+2]
	}
	switch two {
	case "==":
		return l.op(tEq, 2), nil
	case "!=":
		return l.op(tNe, 2), nil
	case "<=":
		return l.op(tLe, 2), nil
	case ">=":
		return l.op(tGe, 2), nil
	case "&&":
		return l.op(tAnd, 2), nil
	case "||":
		return l.op(tOr, 2), nil
	}
	if k, ok := singleCharToken(c); ok {
		return l.op(k, 1), nil
	}
	return token{}, syntaxError(l.src, start, "unexpected character %q", rune(c))
}

func singleCharToken(c byte) (tokenKind, bool) {
	switch c {
	case '(':
		return tLParen, true
	case ')':
		return tRParen, true
	case '[':
		return tLBrack, true
	case ']':
		return tRBrack, true
	case ',':
		return tComma, true
	case '+':
		return tPlus, true
	case '-':
		return tMinus, true
	case '*':
		return tStar, true
	case '/':
		return tSlash, true
	case '^':
		return tCaret, true
	case '<':
		return tLt, true
	case '>':
		return tGt, true
	}
	return 0, false
}

func (l *lexer) op(k tokenKind, n int) token {
	t := token{kind: k, pos: l.pos, text: l.src[l.pos : l.pos+n]}
	l.pos += n
	return t
}

// number scans digits, an optional fraction and an optional exponent.
func (l *lexer) number() (token, error) {
	start := l.pos
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
	}
	if l.pos < len(l.src) && l.src[l.pos] == '.' {
		l.pos++
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
	}
	if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
		j := l.pos + 1
		if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
			j++
		}
		if j < len(l.src) && isDigit(l.src[j]) {
			for j < len(l.src) && isDigit(l.src[j]) {
				j++
			}
			l.pos = j
		}
	}
	text := l.src[start:l.pos]
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return token{}, syntaxError(l.src, start, "the number %s is out of range", text)
		}
		return token{}, syntaxError(l.src, start, "%s is not a number", text)
	}
	if l.pos < len(l.src) && isWordByte(l.src[l.pos]) {
		return token{}, syntaxError(l.src, l.pos, "unexpected %q after the number %s", rune(l.src[l.pos]), text)
	}
	return token{kind: tNumber, pos: start, text: text, num: v}, nil
}
