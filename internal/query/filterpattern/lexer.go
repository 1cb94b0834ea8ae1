package filterpattern

import "strings"

// tokenKind classifies the tokens of JSON and space-delimited patterns.
// Term patterns are scanned by terms.go, because a bare term may contain any
// character that is not a blank.
type tokenKind uint8

const (
	tokEOF tokenKind = iota
	tokLBrace
	tokRBrace
	tokLBracket
	tokRBracket
	tokLParen
	tokRParen
	tokComma
	tokAnd
	tokOr
	tokOp     // = != < <= > >=
	tokString // "quoted"; text holds the unescaped value
	tokRegex  // %re%; text holds re
	tokWord   // anything else up to a blank or a delimiter
)

// token is one lexeme; pos is its byte offset in the whole pattern.
type token struct {
	kind tokenKind
	pos  int
	text string
}

// describe names the token for error messages.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of pattern"
	case tokString:
		return quote(t.text)
	case tokRegex:
		return "%" + t.text + "%"
	default:
		return `"` + t.text + `"`
	}
}

// lexer splits JSON and space-delimited patterns into tokens. It is a value
// type so the parser can look ahead by copying it.
type lexer struct {
	src string
	pos int
	// selectors makes a word that starts with '$' keep its brackets, so
	// that $.a[0].b is one token; only JSON patterns have selectors.
	selectors bool
}

// isBlank reports whether c separates tokens.
func isBlank(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	}
	return false
}

// isDelimiter reports whether c ends a bare word.
func isDelimiter(c byte) bool {
	return isBlank(c) || strings.IndexByte(`{}[](),"=!<>&|`, c) >= 0
}

// next returns the next token, or a *ParseError for text that cannot start
// one.
func (lx *lexer) next() (token, *ParseError) {
	for lx.pos < len(lx.src) && isBlank(lx.src[lx.pos]) {
		lx.pos++
	}
	start := lx.pos
	if start >= len(lx.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	single := func(k tokenKind) (token, *ParseError) {
		lx.pos++
		return token{kind: k, pos: start, text: lx.src[start:lx.pos]}, nil
	}
	c := lx.src[start]
	switch c {
	case '{':
		return single(tokLBrace)
	case '}':
		return single(tokRBrace)
	case '[':
		return single(tokLBracket)
	case ']':
		return single(tokRBracket)
	case '(':
		return single(tokLParen)
	case ')':
		return single(tokRParen)
	case ',':
		return single(tokComma)
	case '&', '|':
		if start+1 < len(lx.src) && lx.src[start+1] == c {
			lx.pos += 2
			k := tokAnd
			if c == '|' {
				k = tokOr
			}
			return token{kind: k, pos: start, text: lx.src[start:lx.pos]}, nil
		}
		return token{}, errorf(start, "expected %q, found a single %q", string([]byte{c, c}), string(c))
	case '=':
		return single(tokOp)
	case '!':
		if start+1 < len(lx.src) && lx.src[start+1] == '=' {
			lx.pos += 2
			return token{kind: tokOp, pos: start, text: "!="}, nil
		}
		return token{}, errorf(start, `expected "!=", found a single "!"`)
	case '<', '>':
		lx.pos++
		if lx.pos < len(lx.src) && lx.src[lx.pos] == '=' {
			lx.pos++
		}
		return token{kind: tokOp, pos: start, text: lx.src[start:lx.pos]}, nil
	case '"':
		val, end, err := scanQuoted(lx.src, start)
		if err != nil {
			return token{}, err
		}
		lx.pos = end
		return token{kind: tokString, pos: start, text: val}, nil
	case '%':
		body, end, err := scanRegex(lx.src, start)
		if err != nil {
			return token{}, err
		}
		lx.pos = end
		return token{kind: tokRegex, pos: start, text: body}, nil
	}
	selector := lx.selectors && c == '$'
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		if isDelimiter(c) && !(selector && (c == '[' || c == ']')) {
			break
		}
		lx.pos++
	}
	return token{kind: tokWord, pos: start, text: lx.src[start:lx.pos]}, nil
}

// scanQuoted reads the double-quoted string whose opening quote is at
// src[pos] and returns its value and the offset just past the closing quote.
// Only \" and \\ are escapes; any other backslash is kept as written, so
// Windows paths need no doubling.
func scanQuoted(src string, pos int) (string, int, *ParseError) {
	i := pos + 1
	plain := true
	for i < len(src) {
		switch src[i] {
		case '\\':
			if i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '\\') {
				plain = false
				i += 2
				continue
			}
		case '"':
			body := src[pos+1 : i]
			if plain {
				return body, i + 1, nil
			}
			return unescapeQuoted(body), i + 1, nil
		}
		i++
	}
	return "", 0, errorf(pos, "unterminated quoted string")
}

// unescapeQuoted resolves the \" and \\ escapes of a quoted string body.
func unescapeQuoted(body string) string {
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' && i+1 < len(body) && (body[i+1] == '"' || body[i+1] == '\\') {
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String()
}

// quote is the inverse of scanQuoted. It escapes every quote but only the
// backslashes scanQuoted would otherwise misread (those before a quote, a
// backslash or the end), so "C:\temp" prints as written and the result is
// never longer than the quoted text it was read from.
func quote(s string) string {
	if !strings.ContainsAny(s, `"\`) {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			b.WriteByte('\\')
		case s[i] == '\\' && (i+1 == len(s) || s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// scanRegex reads the %re% whose opening percent sign is at src[pos] and
// returns re and the offset just past the closing percent sign. The regex is
// validated by compileRegex.
func scanRegex(src string, pos int) (string, int, *ParseError) {
	end := strings.IndexByte(src[pos+1:], '%')
	if end < 0 {
		return "", 0, errorf(pos, "unterminated regex: missing the closing %%")
	}
	end += pos + 1
	return src[pos+1 : end], end + 1, nil
}
