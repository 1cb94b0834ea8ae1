package colblock

import "strings"

// A flattened name loses the shape of the path it came from: "a.b" is the
// leaf b of object a, or the key "a.b", and "a.0" the first element of
// array a, or the key "0" of object a. A reader that looks a JSON path up
// among the columns (a filter pattern's $.a.b or $.a[0]) needs the one
// spelling. So does it need the one value: where an object repeats a key,
// a JSON reader keeps the last, while two leaves of different names (a.b
// from the first, a from the second) are both in the columns. A message
// whose keys are all non-empty, hold no '.', are not all digits and are
// not repeated within their object has neither ambiguity: its names split
// at '.' into keys and indexes in one way only.

// pathChecker tells whether the keys of a JSON text spell its leaves'
// paths unambiguously. It is reused across texts to keep its buffers.
type pathChecker struct {
	s    string
	pos  int
	keys []string // the keys of the objects being read, outer ones first
	buf  []byte
}

// spellsPaths reports whether s, a JSON object the walker accepts,
// possibly surrounded by blanks, has only keys that are non-empty, hold
// no '.', are not all digits, and are unique within their object.
func (c *pathChecker) spellsPaths(s string) bool {
	c.s, c.pos, c.keys = s, skipSpace(s, 0), c.keys[:0]
	defer func() { c.s = "" }()
	if c.pos >= len(s) || s[c.pos] != '{' || !c.value(1) {
		return false
	}
	return skipSpace(s, c.pos) == len(s)
}

// value reads the value at c.pos; depth is that of its container.
func (c *pathChecker) value(depth int) bool {
	c.pos = skipSpace(c.s, c.pos)
	if c.pos >= len(c.s) || depth > maxJSONDepth {
		return false
	}
	switch c.s[c.pos] {
	case '{':
		return c.object(depth)
	case '[':
		return c.array(depth)
	case '"':
		w := jsonWalker{s: c.s, pos: c.pos}
		ok := w.skipString()
		c.pos = w.pos
		return ok
	}
	// A number or a literal, which the walker has checked: it runs to the
	// next delimiter.
	start := c.pos
	for c.pos < len(c.s) && strings.IndexByte(",]} \t\n\r", c.s[c.pos]) < 0 {
		c.pos++
	}
	return c.pos > start
}

// manyKeys is the count of keys beyond which an object's keys are told
// apart with a map rather than by comparing each with the others.
const manyKeys = 16

func (c *pathChecker) object(depth int) bool {
	c.pos = skipSpace(c.s, c.pos+1)
	if c.pos < len(c.s) && c.s[c.pos] == '}' {
		c.pos++
		return true
	}
	base := len(c.keys)
	defer func() { c.keys = c.keys[:base] }()
	var seen map[string]bool // once the object has more than manyKeys keys
	for {
		if c.pos >= len(c.s) || c.s[c.pos] != '"' {
			return false
		}
		w := jsonWalker{s: c.s, pos: c.pos}
		if !w.skipString() {
			return false
		}
		key := c.s[c.pos+1 : w.pos-1]
		if strings.IndexByte(key, '\\') >= 0 {
			c.buf = appendUnescaped(c.buf[:0], key)
			key = string(c.buf)
		}
		c.pos = w.pos
		if !spellsItself(key) {
			return false
		}
		switch n := len(c.keys) - base; {
		case seen != nil:
			if seen[key] {
				return false
			}
			seen[key] = true
		case n == manyKeys:
			seen = make(map[string]bool, 2*manyKeys)
			for _, k := range c.keys[base:] {
				seen[k] = true
			}
			if seen[key] {
				return false
			}
			seen[key] = true
		default:
			for _, k := range c.keys[base:] {
				if k == key {
					return false
				}
			}
		}
		c.keys = append(c.keys, key)
		c.pos = skipSpace(c.s, c.pos)
		if c.pos >= len(c.s) || c.s[c.pos] != ':' {
			return false
		}
		c.pos++
		if !c.value(depth + 1) {
			return false
		}
		if more, ok := c.next('}'); !more {
			return ok
		}
		c.pos = skipSpace(c.s, c.pos)
	}
}

// next reads what follows a member or an element: a comma, when more
// follow, or the closer. Anything else is not JSON.
func (c *pathChecker) next(closer byte) (more, ok bool) {
	c.pos = skipSpace(c.s, c.pos)
	if c.pos >= len(c.s) {
		return false, false
	}
	switch c.s[c.pos] {
	case ',':
		c.pos++
		return true, true
	case closer:
		c.pos++
		return false, true
	}
	return false, false
}

func (c *pathChecker) array(depth int) bool {
	c.pos = skipSpace(c.s, c.pos+1)
	if c.pos < len(c.s) && c.s[c.pos] == ']' {
		c.pos++
		return true
	}
	for {
		if !c.value(depth + 1) {
			return false
		}
		if more, ok := c.next(']'); !more {
			return ok
		}
	}
}

// spellsItself reports whether key, as one segment of a flattened name,
// can only be read back as itself: not empty, no '.', not an index.
func spellsItself(key string) bool {
	if key == "" || strings.IndexByte(key, '.') >= 0 {
		return false
	}
	for i := 0; i < len(key); i++ {
		if key[i] < '0' || key[i] > '9' {
			return true
		}
	}
	return false
}

// mayBeObject reports whether the message of a skeleton (or plain text)
// may be a JSON object: its first non-blank byte may be '{'. A skeleton
// whose first literal is blank starts with a value; a Lambda line's time
// never starts an object, and any other value is taken to possibly do so.
func mayBeObject(s string, plain bool) bool {
	if plain {
		i := skipSpace(s, 0)
		return i < len(s) && s[i] == '{'
	}
	lit, code, _, ok := nextPart(s)
	if !ok {
		return true
	}
	if i := skipSpace(lit, 0); i < len(lit) {
		return lit[i] == '{'
	}
	return code != codeEnd && code != codeTimestamp
}
