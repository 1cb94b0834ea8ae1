package metricmath

import (
	"strings"
)

// maxSearchLen is CloudWatch's limit on the query string of a SEARCH.
const maxSearchLen = 1024

// searchError is a SEARCH query error before it is placed in the text it
// came from: the query alone (ParseSearch) or a whole expression (Parse).
type searchError struct {
	pos    int
	detail string
}

// ParseSearch parses the query string of a SEARCH call: an optional
// metric schema in braces, then search terms joined by AND (also implied
// between terms), OR and NOT, grouped with parentheses. Errors are
// *ParseError values that wrap model.ErrInvalidParameter.
func ParseSearch(src string) (*SearchQuery, error) {
	q, se := parseSearch(src)
	if se != nil {
		return nil, syntaxError(src, se.pos, "%s", se.detail)
	}
	return q, nil
}

func parseSearch(src string) (*SearchQuery, *searchError) {
	if len(src) > maxSearchLen {
		return nil, &searchError{maxSearchLen, "a search query is at most 1024 characters long"}
	}
	p := &searchParser{src: src}
	if err := p.advance(); err != nil {
		return nil, err
	}
	q := &SearchQuery{}
	if p.tok.kind == sLBrace {
		if err := p.schema(q); err != nil {
			return nil, err
		}
	}
	if err := p.skipCommas(); err != nil {
		return nil, err
	}
	if p.tok.kind != sEOF {
		terms, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != sEOF {
			return nil, p.unexpected()
		}
		q.Terms = terms
	}
	if !q.HasSchema && q.Terms == nil {
		return nil, &searchError{0, "a search needs a metric schema in braces, search terms, or both"}
	}
	return q, nil
}

type searchTokenKind int

const (
	sEOF searchTokenKind = iota
	sWord
	sString
	sLBrace
	sRBrace
	sLParen
	sRParen
	sComma
	sEq
)

type searchToken struct {
	kind searchTokenKind
	pos  int
	text string // the word, or the string with escapes undone
}

type searchParser struct {
	src   string
	pos   int
	tok   searchToken
	depth int
}

func (p *searchParser) advance() *searchError {
	for p.pos < len(p.src) && isSpace(p.src[p.pos]) {
		p.pos++
	}
	start := p.pos
	if start >= len(p.src) {
		p.tok = searchToken{kind: sEOF, pos: start}
		return nil
	}
	c := p.src[start]
	if k, ok := searchPunct(c); ok {
		p.pos++
		p.tok = searchToken{kind: k, pos: start, text: string(c)}
		return nil
	}
	if c == '"' || c == '\'' {
		var b strings.Builder
		for i := start + 1; i < len(p.src); i++ {
			switch p.src[i] {
			case '\\':
				if i+1 < len(p.src) {
					i++
					b.WriteByte(p.src[i])
				}
			case c:
				p.pos = i + 1
				p.tok = searchToken{kind: sString, pos: start, text: b.String()}
				return nil
			default:
				b.WriteByte(p.src[i])
			}
		}
		return &searchError{start, "the quoted text is not closed"}
	}
	for p.pos < len(p.src) && isSearchWordByte(p.src[p.pos]) {
		p.pos++
	}
	p.tok = searchToken{kind: sWord, pos: start, text: p.src[start:p.pos]}
	return nil
}

func searchPunct(c byte) (searchTokenKind, bool) {
	switch c {
	case '{':
		return sLBrace, true
	case '}':
		return sRBrace, true
	case '(':
		return sLParen, true
	case ')':
		return sRParen, true
	case ',':
		return sComma, true
	case '=':
		return sEq, true
	}
	return 0, false
}

func (p *searchParser) unexpected() *searchError {
	if p.tok.kind == sEOF {
		return &searchError{p.tok.pos, "the search query ends too early"}
	}
	return &searchError{p.tok.pos, "unexpected " + p.src[p.tok.pos:p.pos]}
}

func (p *searchParser) isOp(name string) bool { return p.tok.kind == sWord && p.tok.text == name }

func (p *searchParser) skipCommas() *searchError {
	for p.tok.kind == sComma {
		if err := p.advance(); err != nil {
			return err
		}
	}
	return nil
}

// schema parses {Namespace, DimensionName, ...}.
func (p *searchParser) schema(q *SearchQuery) *searchError {
	open := p.tok.pos
	q.HasSchema = true
	seen := map[string]bool{}
	for i := 0; ; i++ {
		if err := p.advance(); err != nil {
			return err
		}
		if i == 0 && p.tok.kind == sRBrace {
			return &searchError{open, "the metric schema must name a namespace"}
		}
		if p.tok.kind != sWord && p.tok.kind != sString {
			return p.unexpected()
		}
		name := p.tok.text
		switch {
		case i == 0:
			q.Namespace = name
		case !seen[name]:
			seen[name] = true
			q.DimensionNames = append(q.DimensionNames, name)
		}
		if err := p.advance(); err != nil {
			return err
		}
		switch p.tok.kind {
		case sComma:
		case sRBrace:
			return p.advance()
		default:
			return p.unexpected()
		}
	}
}

func (p *searchParser) or() (SearchNode, *searchError) {
	first, err := p.and()
	if err != nil {
		return nil, err
	}
	terms := []SearchNode{first}
	for p.isOp("OR") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if err := p.skipCommas(); err != nil {
			return nil, err
		}
		t, err := p.and()
		if err != nil {
			return nil, err
		}
		terms = appendFlat(terms, t, func(n SearchNode) ([]SearchNode, bool) {
			o, ok := n.(*SearchOr)
			if !ok {
				return nil, false
			}
			return o.Terms, true
		})
	}
	if len(terms) == 1 {
		return first, nil
	}
	return &SearchOr{Terms: terms}, nil
}

// startsTerm reports whether the current token can begin a term, so that
// two terms in a row are joined by an implied AND.
func (p *searchParser) startsTerm() bool {
	switch p.tok.kind {
	case sString, sLParen:
		return true
	case sWord:
		return !p.isOp("AND") && !p.isOp("OR")
	}
	return false
}

func (p *searchParser) and() (SearchNode, *searchError) {
	var terms []SearchNode
	for {
		if err := p.skipCommas(); err != nil {
			return nil, err
		}
		if len(terms) > 0 {
			if p.isOp("AND") {
				if err := p.advance(); err != nil {
					return nil, err
				}
				if err := p.skipCommas(); err != nil {
					return nil, err
				}
			} else if !p.startsTerm() {
				break
			}
		}
		t, err := p.not()
		if err != nil {
			return nil, err
		}
		terms = appendFlat(terms, t, func(n SearchNode) ([]SearchNode, bool) {
			a, ok := n.(*SearchAnd)
			if !ok {
				return nil, false
			}
			return a.Terms, true
		})
	}
	if len(terms) == 1 {
		return terms[0], nil
	}
	return &SearchAnd{Terms: terms}, nil
}

// appendFlat appends t, or t's terms when t is the same kind of node, so
// that a AND (b AND c) prints as a AND b AND c.
func appendFlat(terms []SearchNode, t SearchNode, same func(SearchNode) ([]SearchNode, bool)) []SearchNode {
	if inner, ok := same(t); ok {
		return append(terms, inner...)
	}
	return append(terms, t)
}

func (p *searchParser) not() (SearchNode, *searchError) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, &searchError{p.tok.pos, "the search query is nested too deeply"}
	}
	if p.isOp("NOT") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &SearchNot{X: x}, nil
	}
	switch p.tok.kind {
	case sLParen:
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != sRParen {
			return nil, p.unexpected()
		}
		return x, p.advance()
	case sWord, sString:
		if p.isOp("AND") || p.isOp("OR") {
			return nil, p.unexpected()
		}
		return p.term()
	}
	return nil, p.unexpected()
}

// term parses value, "value", key=value or key="value".
func (p *searchParser) term() (SearchNode, *searchError) {
	first := p.tok
	if err := p.advance(); err != nil {
		return nil, err
	}
	t := &SearchTerm{Value: first.text, Exact: first.kind == sString}
	valueTok := first
	if p.tok.kind == sEq {
		if err := p.advance(); err != nil {
			return nil, err
		}
		if p.tok.kind != sWord && p.tok.kind != sString {
			return nil, p.unexpected()
		}
		valueTok = p.tok
		t.Key, t.Value, t.Exact = first.text, p.tok.text, p.tok.kind == sString
		if t.Key == "" {
			return nil, &searchError{first.pos, "the property name before = is empty"}
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
	if !t.Exact {
		c := compilePartial(t.Value)
		t.compiled = &c
		if len(c.pieces) == 0 {
			return nil, &searchError{valueTok.pos, "the search term " + t.Value + " has no letters or digits to match; put it in double quotes to match it exactly"}
		}
	}
	return t, nil
}
