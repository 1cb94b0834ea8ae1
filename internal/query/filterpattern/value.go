package filterpattern

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// cmpOp is the test a condition applies to the value it selects.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
	cmpIsNull
	cmpIsTrue
	cmpIsFalse
	cmpNotExists
)

// cmpOps maps operator tokens to their cmpOp.
var cmpOps = map[string]cmpOp{"=": cmpEq, "!=": cmpNe, "<": cmpLt, "<=": cmpLe, ">": cmpGt, ">=": cmpGe}

// String gives the operator as written in a pattern.
func (op cmpOp) String() string {
	switch op {
	case cmpEq:
		return "="
	case cmpNe:
		return "!="
	case cmpLt:
		return "<"
	case cmpLe:
		return "<="
	case cmpGt:
		return ">"
	case cmpGe:
		return ">="
	case cmpIsNull:
		return "IS NULL"
	case cmpIsTrue:
		return "IS TRUE"
	case cmpIsFalse:
		return "IS FALSE"
	default:
		return "NOT EXISTS"
	}
}

// ordering reports whether op compares numbers by size.
func (op cmpOp) ordering() bool { return op >= cmpLt && op <= cmpGe }

// valueKind says how a condition's right-hand side compares.
type valueKind uint8

const (
	// valString compares text, with * matching any run of characters.
	valString valueKind = iota
	// valNumber compares numerically with numbers and with text that
	// reads as a number, and textually with any other text.
	valNumber
	// valRegex searches the text with an RE2 regex.
	valRegex
)

// value is the right-hand side of a comparison.
type value struct {
	kind valueKind
	// text is the string (with its * wildcards), the number as written, or
	// the regex source.
	text string
	num  float64
	glob glob
	re   *regexp.Regexp
}

// isAny reports whether v is the lone wildcard, which only asks that the
// selected value exist.
func (v *value) isAny() bool { return v.kind == valString && v.text == "*" }

// appendString prints v so that the parser reads it back unchanged.
func (v *value) appendString(b []byte) []byte {
	switch v.kind {
	case valNumber:
		return append(b, v.text...)
	case valRegex:
		b = append(b, '%')
		b = append(b, v.text...)
		return append(b, '%')
	default:
		return append(b, quote(v.text)...)
	}
}

// parseValue reads the value after the comparison operator op (already
// consumed; opTok is kept for messages). A bare word that reads as a number
// is a number; ordering operators accept only numbers.
func (p *parser) parseValue(op cmpOp, opTok token) (value, *ParseError) {
	t := p.tok
	var v value
	switch t.kind {
	case tokWord, tokString:
		if n, ok := parseNumber(t.text); ok && (t.kind == tokWord || op.ordering()) {
			if math.IsInf(n, 0) {
				return value{}, errorf(t.pos, "number %s is out of range", t.text)
			}
			v = value{kind: valNumber, text: t.text, num: n}
			break
		}
		if op.ordering() {
			return value{}, errorf(t.pos, "expected a number after %q, found %s", opTok.text, t.describe())
		}
		v = value{kind: valString, text: t.text, glob: compileGlob(t.text)}
	case tokRegex:
		if op.ordering() {
			return value{}, errorf(t.pos, "a regex can only follow = or !=, not %q", opTok.text)
		}
		p.regexes++
		if p.regexes > maxRegexes {
			return value{}, errorf(t.pos, "a filter pattern may contain at most %d regexes", maxRegexes)
		}
		re, err := compileRegex(t.text, t.pos)
		if err != nil {
			return value{}, err
		}
		v = value{kind: valRegex, text: t.text, re: re}
	default:
		return value{}, errorf(t.pos, "expected a value after %q, found %s", opTok.text, t.describe())
	}
	if err := p.advance(); err != nil {
		return value{}, err
	}
	return v, nil
}

// scalarKind is the type of a value taken from a log event.
type scalarKind uint8

const (
	scalarString scalarKind = iota
	scalarNumber
	scalarBool
	scalarNull
)

// scalar is a value taken from a log event: a space-delimited field (always
// a string) or a JSON scalar. text is the string, the number as written, or
// "true"/"false".
type scalar struct {
	kind scalarKind
	text string
}

// number reads s as a number: JSON numbers always, strings when they are
// written as one.
func (s scalar) number() (float64, bool) {
	switch s.kind {
	case scalarNumber, scalarString:
		return parseNumber(s.text)
	}
	return 0, false
}

// compare applies op and v to s. Null compares with nothing but the lone
// wildcard; != is true only when the two sides can be compared and differ.
func compare(op cmpOp, v *value, s scalar) bool {
	if op == cmpEq || op == cmpNe {
		if v.isAny() {
			return op == cmpEq
		}
		eq, ok := equal(v, s)
		return ok && eq == (op == cmpEq)
	}
	if v.kind != valNumber {
		return false
	}
	n, ok := s.number()
	if !ok {
		return false
	}
	switch op {
	case cmpLt:
		return n < v.num
	case cmpLe:
		return n <= v.num
	case cmpGt:
		return n > v.num
	case cmpGe:
		return n >= v.num
	}
	return false
}

// equal reports whether s equals v, and whether the two can be compared at
// all.
func equal(v *value, s scalar) (eq, ok bool) {
	switch {
	case s.kind == scalarNull:
		return false, false
	case v.kind == valNumber:
		if s.kind == scalarBool {
			return false, false
		}
		if n, isNum := s.number(); isNum {
			return n == v.num, true
		}
		return s.text == v.text, true
	case v.kind == valRegex:
		return v.re.MatchString(s.text), true
	default:
		return v.glob.match(s.text), true
	}
}

// parseNumber reads a decimal number with an optional sign, fraction and
// exponent (no hex, no inf, no underscores). Out-of-range values read as
// ±Inf.
func parseNumber(s string) (float64, bool) {
	if !isNumberLiteral(s) {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return n, true
}

// isNumberLiteral matches [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?.
func isNumberLiteral(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// glob matches a whole string against a pattern in which * stands for any
// run of characters, including none.
type glob struct {
	// parts are the pattern split at each *; one part means no wildcard.
	parts []string
	// minLen is the combined length of the parts.
	minLen int
}

func compileGlob(pattern string) glob {
	parts := strings.Split(pattern, "*")
	return glob{parts: parts, minLen: len(pattern) - (len(parts) - 1)}
}

func (g *glob) match(s string) bool {
	if len(g.parts) == 1 {
		return s == g.parts[0]
	}
	if len(s) < g.minLen {
		return false
	}
	first, last := g.parts[0], g.parts[len(g.parts)-1]
	if !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	// The leftmost placement of each middle part leaves the most room for
	// the rest, so a greedy scan is exact.
	rest := s[len(first) : len(s)-len(last)]
	for _, part := range g.parts[1 : len(g.parts)-1] {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}

// literals returns the wildcard-free pieces of the glob.
func (g *glob) literals() []string {
	var out []string
	for _, part := range g.parts {
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}
