package filterpattern

import (
	"strconv"
	"unicode/utf8"
)

// MaxPatternLength is the longest pattern AWS accepts, in characters.
const MaxPatternLength = 1024

// Kind is the family of a pattern, chosen by its first non-blank character.
type Kind uint8

const (
	// Terms patterns match words and quoted phrases anywhere in the message
	// (the empty pattern is one, and matches every message).
	Terms Kind = iota
	// JSON patterns, { ... }, test fields of messages that are JSON objects.
	JSON
	// SpaceDelimited patterns, [ ... ], test the blank-separated fields of
	// a message by position.
	SpaceDelimited
	// Regex patterns, %...%, search the message with a regular expression.
	Regex
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Terms:
		return "terms"
	case JSON:
		return "json"
	case SpaceDelimited:
		return "space-delimited"
	case Regex:
		return "regex"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// matcher is one compiled pattern family.
type matcher interface {
	// match reports whether msg matches. When want is set and msg matches,
	// it also returns the values of the fields the pattern names (nil when
	// it names none).
	match(msg string, want bool) (bool, map[string]string)
	// appendString prints the canonical form.
	appendString(b []byte) []byte
	// requiredTerms returns literal substrings of every matching message;
	// duplicates and empty strings are allowed.
	requiredTerms() []string
}

// Pattern is a compiled filter pattern. It is immutable and safe for
// concurrent use.
type Pattern struct {
	kind     Kind
	m        matcher
	text     string // what String returns
	required []string
}

// Parse compiles a pattern of at most MaxPatternLength characters. Errors
// are *ParseError.
func Parse(pattern string) (*Pattern, error) {
	p, err := parse(pattern)
	if err != nil {
		err.Pattern = pattern
		return nil, err
	}
	return p, nil
}

func parse(src string) (*Pattern, *ParseError) {
	if utf8.RuneCountInString(src) > MaxPatternLength {
		pos, n := 0, 0
		for pos = range src {
			if n == MaxPatternLength {
				break
			}
			n++
		}
		return nil, errorf(pos, "pattern is longer than %d characters", MaxPatternLength)
	}
	start := 0
	for start < len(src) && isBlank(src[start]) {
		start++
	}
	var (
		kind Kind
		m    matcher
		err  *ParseError
	)
	switch {
	case start < len(src) && src[start] == '{':
		kind = JSON
		m, err = parseJSON(src, start)
	case start < len(src) && src[start] == '[':
		kind = SpaceDelimited
		m, err = parseDelimited(src, start)
	default:
		kind, m, err = parseTerms(src, start)
	}
	if err != nil {
		return nil, err
	}
	text := string(m.appendString(nil))
	// The canonical form adds blanks and quotes, so near the length limit
	// it may not be accepted back; the pattern as given always is.
	if utf8.RuneCountInString(text) > MaxPatternLength {
		text = src
	}
	return &Pattern{kind: kind, m: m, text: text, required: dedupe(m.requiredTerms())}, nil
}

// dedupe drops empty and repeated strings, keeping the first occurrence.
func dedupe(in []string) []string {
	var out []string
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// parser reads JSON and space-delimited patterns with one token of
// lookahead in tok.
type parser struct {
	lx  lexer
	tok token
	// regexes counts %regex% values, which AWS limits per pattern.
	regexes int
}

// newParser starts reading src at pos; selectors is set for JSON patterns.
func newParser(src string, pos int, selectors bool) (*parser, *ParseError) {
	p := &parser{lx: lexer{src: src, pos: pos, selectors: selectors}}
	return p, p.advance()
}

// advance moves to the next token.
func (p *parser) advance() *ParseError {
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// peek returns the token after tok without consuming anything.
func (p *parser) peek() (token, *ParseError) {
	lx := p.lx
	return lx.next()
}

// expectEnd checks that nothing follows the closing bracket of a pattern.
func (p *parser) expectEnd(closer string) *ParseError {
	if p.tok.kind != tokEOF {
		return errorf(p.tok.pos, "unexpected %s after the closing %q", p.tok.describe(), closer)
	}
	return nil
}
