package eventpattern

import (
	"fmt"
	"strings"
)

// wildcard is {"wildcard": "dir/*.png"}: "*" stands for any run of
// characters, "\*" for an asterisk and "\\" for a backslash.
type wildcard struct {
	raw string
	// parts are the literal runs between the stars, unescaped.
	parts []string
	// star reports whether the pattern has any star; without one it is an
	// exact comparison against parts[0].
	star bool
}

// compileWildcard checks and compiles a wildcard pattern; msg is the
// EventBridge reason when it is invalid. Positions in messages count bytes
// from 1, as EventBridge does.
func compileWildcard(raw string) (w wildcard, msg string) {
	w.raw = raw
	var cur strings.Builder
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '*':
			if i+1 < len(raw) && raw[i+1] == '*' {
				return wildcard{}, fmt.Sprintf("Consecutive wildcard characters at pos %d", i+1)
			}
			w.parts = append(w.parts, cur.String())
			cur.Reset()
			w.star = true
		case '\\':
			if i+1 < len(raw) && (raw[i+1] == '*' || raw[i+1] == '\\') {
				cur.WriteByte(raw[i+1])
				i++
				continue
			}
			return wildcard{}, fmt.Sprintf("Invalid escape character at pos %d", i+1)
		default:
			cur.WriteByte(raw[i])
		}
	}
	w.parts = append(w.parts, cur.String())
	return w, ""
}

func (c wildcard) matches(v any) bool {
	s, ok := v.(string)
	return ok && c.match(s)
}

// match runs the glob. With "*" as the only metacharacter, taking each
// middle part at its first occurrence is enough: a later occurrence never
// leaves more room for the rest.
func (c wildcard) match(s string) bool {
	if !c.star {
		return s == c.parts[0]
	}
	first, last := c.parts[0], c.parts[len(c.parts)-1]
	if len(s) < len(first)+len(last) || !strings.HasPrefix(s, first) || !strings.HasSuffix(s, last) {
		return false
	}
	rest := s[len(first) : len(s)-len(last)]
	for _, part := range c.parts[1 : len(c.parts)-1] {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}

func (c wildcard) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"wildcard":`...)
	dst = appendString(dst, c.raw)
	return append(dst, '}')
}
