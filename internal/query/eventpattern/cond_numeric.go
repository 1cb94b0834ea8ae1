package eventpattern

import (
	"encoding/json"
	"strings"
)

// Numeric matching works on exact decimals: EventBridge accepts numbers
// within ±5.0e9 with at most six digits after the decimal point, so every
// such number is a whole count of millionths that fits an int64.
const (
	microsPerUnit = 1_000_000
	maxMicros     = 5_000_000_000 * microsPerUnit
)

// bound is one side of a numeric range.
type bound struct {
	set  bool
	open bool // < or > rather than <= or >=
	lit  string
	v    int64
}

// numeric is {"numeric": [...]}: "=" x, or a lower bound (">" or ">="),
// an upper bound ("<" or "<="), or a lower bound followed by an upper one.
type numeric struct {
	eq           bool
	lower, upper bound
}

func (c numeric) matches(v any) bool {
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	x, reason := parseMicros(string(n))
	if reason != "" {
		return false
	}
	if c.eq {
		return x == c.lower.v
	}
	if c.lower.set && (x < c.lower.v || c.lower.open && x == c.lower.v) {
		return false
	}
	if c.upper.set && (x > c.upper.v || c.upper.open && x == c.upper.v) {
		return false
	}
	return true
}

func (c numeric) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"numeric":[`...)
	switch {
	case c.eq:
		dst = append(dst, `"=",`...)
		dst = append(dst, c.lower.lit...)
	case c.lower.set:
		if c.lower.open {
			dst = append(dst, `">",`...)
		} else {
			dst = append(dst, `">=",`...)
		}
		dst = append(dst, c.lower.lit...)
		if c.upper.set {
			dst = append(dst, ',')
		}
	}
	if c.upper.set {
		if c.upper.open {
			dst = append(dst, `"<",`...)
		} else {
			dst = append(dst, `"<=",`...)
		}
		dst = append(dst, c.upper.lit...)
	}
	return append(dst, "]}"...)
}

// parseNumeric parses the operator array of "numeric" after its "[".
func (p *parser) parseNumeric() (cond, *Error) {
	op, err := p.next()
	if err != nil {
		return nil, err
	}
	if op.kind != tokString {
		return nil, p.errAt(op.end, "Invalid member in numeric match: %s", p.lex.src[op.start:op.end])
	}
	v, err := p.arrayNext()
	if err != nil {
		return nil, err
	}
	var c numeric
	switch op.text {
	case "=":
		if c.lower, err = p.numberBound(v, "equals", false); err != nil {
			return nil, err
		}
		c.eq = true
		return c, p.expectArrayEnd(tooManyElements)
	case ">", ">=":
		if c.lower, err = p.numberBound(v, op.text, op.text == ">"); err != nil {
			return nil, err
		}
		t, err := p.arrayNext()
		if err != nil {
			return nil, err
		}
		if t.kind == tokEndArray {
			return c, nil
		}
		if t.kind != tokString {
			return nil, p.errAt(t.end, "Bad value in numeric range: %s", p.lex.src[t.start:t.end])
		}
		if t.text != "<" && t.text != "<=" {
			return nil, p.errAt(t.end, "Bad numeric range operator: %s", t.text)
		}
		v, err := p.arrayNext()
		if err != nil {
			return nil, err
		}
		if c.upper, err = p.numberBound(v, t.text, t.text == "<"); err != nil {
			return nil, err
		}
		if c.lower.v >= c.upper.v {
			return nil, p.errAt(v.end, "Bottom must be less than top")
		}
		return c, p.expectArrayEnd("Too many terms in numeric range expression")
	case "<", "<=":
		if c.upper, err = p.numberBound(v, op.text, op.text == "<"); err != nil {
			return nil, err
		}
		return c, p.expectArrayEnd(tooManyElements)
	}
	return nil, p.errAt(op.end, "Unrecognized numeric range operator: %s", op.text)
}

// numberBound checks the number t that follows an operator.
func (p *parser) numberBound(t token, name string, open bool) (bound, *Error) {
	if t.kind != tokNumber {
		return bound{}, p.errAt(t.end, "Value of %s must be numeric", name)
	}
	v, reason := parseMicros(t.text)
	if reason != "" {
		return bound{}, p.errAt(t.end, "%s", reason)
	}
	return bound{set: true, open: open, lit: t.text, v: v}, nil
}

// arrayNext reads what follows an array element: the next element after
// its comma, or the closing "]".
func (p *parser) arrayNext() (token, *Error) {
	t, err := p.next()
	if err != nil {
		return token{}, err
	}
	if t.kind == tokEndArray {
		return t, nil
	}
	if t.kind != tokComma {
		return token{}, p.unexpected(t, "ARRAY", "was expecting comma to separate Array entries")
	}
	if t, err = p.next(); err != nil {
		return token{}, err
	}
	if t.kind == tokEndArray {
		return token{}, p.unexpected(t, "ARRAY", "expected a value")
	}
	return t, nil
}

// expectArrayEnd reads past the last element of an operator array; any
// further element is reported with msg.
func (p *parser) expectArrayEnd(msg string) *Error {
	t, err := p.arrayNext()
	if err != nil {
		return err
	}
	if t.kind != tokEndArray {
		return p.errAt(t.end, "%s", msg)
	}
	return nil
}

// parseMicros turns a JSON number literal into millionths without going
// through floating point, so that 0.1 and 0.10 compare equal exactly.
// reason is EventBridge's message when the number is out of its range.
func parseMicros(lit string) (micros int64, reason string) {
	const (
		tooPrecise = "Only values upto 6 decimals are supported"
		outOfRange = "Value must be between -5000000000 and 5000000000, inclusive"
	)
	neg := strings.HasPrefix(lit, "-")
	s := strings.TrimPrefix(lit, "-")
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e := s[i+1:]
		eneg := strings.HasPrefix(e, "-")
		e = strings.TrimLeft(e, "+-")
		for _, d := range e {
			if exp > 1_000_000 {
				break // far beyond any representable value either way
			}
			exp = exp*10 + int(d-'0')
		}
		if eneg {
			exp = -exp
		}
	}
	digits := mant
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		digits = mant[:i] + mant[i+1:]
		exp -= len(mant) - i - 1
	}
	digits = strings.TrimLeft(digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	digits = trimmed
	if digits == "" {
		return 0, ""
	}
	// The value is digits × 10^exp; in millionths, digits × 10^(exp+6).
	scale := exp + 6
	if scale < 0 {
		return 0, tooPrecise
	}
	if len(digits)+scale > 16 {
		return 0, outOfRange
	}
	var v int64
	for _, d := range digits {
		v = v*10 + int64(d-'0')
	}
	for ; scale > 0; scale-- {
		v *= 10
	}
	if v > maxMicros {
		return 0, outOfRange
	}
	if neg {
		v = -v
	}
	return v, ""
}
