package eventpattern

import (
	"encoding/json"
	"strings"
)

// abKind is the form of an anything-but condition.
type abKind uint8

const (
	abValues     abKind = iota // "anything-but": value or [values]
	abIgnoreCase               // {"equals-ignore-case": …}
	abPrefix                   // {"prefix": …}
	abSuffix                   // {"suffix": …}
	abWildcard                 // {"wildcard": …}
)

var abKeywords = [...]string{abIgnoreCase: "equals-ignore-case", abPrefix: "prefix", abSuffix: "suffix", abWildcard: "wildcard"}

// anythingBut matches every value except the ones it lists. The plain form
// takes strings or numbers (never both); it matches any string or number
// other than those, and never true, false or null. The other forms match
// strings only.
type anythingBut struct {
	kind abKind
	// list records that the values were written as an array, so that the
	// pattern prints back the way it was written.
	list bool
	// strs are the string operands; for abIgnoreCase they are also kept
	// lower-cased in lower.
	strs  []string
	lower []string
	// lits and nums are the numeric operands as written and in millionths.
	lits  []string
	nums  []int64
	globs []wildcard
}

func (c anythingBut) matches(v any) bool {
	switch x := v.(type) {
	case string:
		switch c.kind {
		case abValues:
			for _, s := range c.strs {
				if s == x {
					return false
				}
			}
		case abIgnoreCase:
			lx := strings.ToLower(x)
			for _, s := range c.lower {
				if s == lx {
					return false
				}
			}
		case abPrefix:
			for _, s := range c.strs {
				if strings.HasPrefix(x, s) {
					return false
				}
			}
		case abSuffix:
			for _, s := range c.strs {
				if strings.HasSuffix(x, s) {
					return false
				}
			}
		case abWildcard:
			for _, g := range c.globs {
				if g.match(x) {
					return false
				}
			}
		}
		return true
	case json.Number:
		if c.kind != abValues {
			return false
		}
		n, reason := parseMicros(string(x))
		if reason != "" {
			// A number EventBridge cannot compare is none of the excluded ones.
			return true
		}
		for _, m := range c.nums {
			if m == n {
				return false
			}
		}
		return true
	}
	return false
}

func (c anythingBut) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"anything-but":`...)
	if c.kind != abValues {
		dst = append(dst, '{')
		dst = appendString(dst, abKeywords[c.kind])
		dst = append(dst, ':')
	}
	if c.list {
		dst = append(dst, '[')
	}
	for i, s := range c.strs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, s)
	}
	for i, lit := range c.lits {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, lit...)
	}
	if c.list {
		dst = append(dst, ']')
	}
	if c.kind != abValues {
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

// parseAnythingBut parses the value of "anything-but".
func (p *parser) parseAnythingBut() (cond, *Error) {
	c := anythingBut{kind: abValues}
	t, err := p.next()
	if err != nil {
		return nil, err
	}
	if t.kind == tokBeginObject {
		op, err := p.next()
		if err != nil {
			return nil, err
		}
		if op.kind != tokString {
			return nil, p.errAt(op.end, "Anything-But expression name not found")
		}
		if err := p.expectColon(); err != nil {
			return nil, err
		}
		switch op.text {
		case "equals-ignore-case":
			c.kind = abIgnoreCase
		case "prefix":
			c.kind = abPrefix
		case "suffix":
			c.kind = abSuffix
		case "wildcard":
			c.kind = abWildcard
		default:
			return nil, p.errAt(op.end, "Unsupported anything-but pattern: %s", op.text)
		}
		if t, err = p.next(); err != nil {
			return nil, err
		}
	}
	if t.kind != tokBeginArray && t.kind != tokString && t.kind != tokNumber {
		return nil, p.errAt(t.end, "Value of anything-but must be an array or single string/number value.")
	}
	if t.kind == tokBeginArray {
		c.list = true
		if err := p.anythingButList(&c); err != nil {
			return nil, err
		}
	} else if err := p.anythingButValue(&c, t); err != nil {
		return nil, err
	}
	if err := p.expectEnd(tooManyElements); err != nil {
		return nil, err
	}
	if c.kind != abValues {
		if err := p.expectEnd(tooManyElements); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// anythingButList parses the array of excluded values after its "[".
func (p *parser) anythingButList(c *anythingBut) *Error {
	t, err := p.next()
	if err != nil {
		return err
	}
	for t.kind != tokEndArray {
		if c.kind == abValues && t.kind != tokString && t.kind != tokNumber {
			return p.errAt(t.end, "Inside anything but list, start|null|boolean is not supported.")
		}
		if err := p.anythingButValue(c, t); err != nil {
			return err
		}
		if t, err = p.arrayNext(); err != nil {
			return err
		}
	}
	if c.kind == abValues && (len(c.strs) > 0) == (len(c.lits) > 0) {
		return p.errAt(t.end, "Inside anything but list, either all values are number or string, mixed type is not supported")
	}
	return nil
}

// anythingButValue adds one excluded value.
func (p *parser) anythingButValue(c *anythingBut, t token) *Error {
	switch {
	case c.kind == abValues && t.kind == tokNumber:
		n, reason := parseMicros(t.text)
		if reason != "" {
			return p.errAt(t.end, "%s", reason)
		}
		c.lits = append(c.lits, t.text)
		c.nums = append(c.nums, n)
		return nil
	case t.kind != tokString:
		switch c.kind {
		case abValues:
			return p.errAt(t.end, "Inside anything-but list, start|null|boolean is not supported.")
		case abIgnoreCase:
			return p.errAt(t.end, "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.")
		case abWildcard:
			return p.errAt(t.end, "wildcard match pattern must be a string")
		}
		return p.errAt(t.end, "prefix/suffix match pattern must be a string")
	}
	switch c.kind {
	case abPrefix, abSuffix:
		if t.text == "" {
			return p.errAt(t.end, "Null prefix/suffix not allowed")
		}
	case abIgnoreCase:
		c.lower = append(c.lower, strings.ToLower(t.text))
	case abWildcard:
		g, msg := compileWildcard(t.text)
		if msg != "" {
			return p.errAt(t.end, "%s", msg)
		}
		c.globs = append(c.globs, g)
	}
	c.strs = append(c.strs, t.text)
	return nil
}
