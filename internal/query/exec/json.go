package exec

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 256

// jsonParser reads one JSON value into a Value tree. Objects keep their
// member order; numbers keep their text; true and false become raw
// strings; null becomes null.
type jsonParser struct {
	s   string
	pos int
}

// parseJSON parses s as exactly one JSON value.
func parseJSON(s string) (Value, bool) {
	p := jsonParser{s: s}
	p.space()
	v, ok := p.value(0)
	if !ok {
		return null, false
	}
	p.space()
	return v, p.pos == len(s)
}

func (p *jsonParser) space() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (Value, bool) {
	if p.pos >= len(p.s) || depth > maxJSONDepth {
		return null, false
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, ok := p.str()
		return strValue(s), ok
	case c == 't':
		return p.literal("true", trueLiteral)
	case c == 'f':
		return p.literal("false", falseLiteral)
	case c == 'n':
		return p.literal("null", null)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	}
	return null, false
}

func (p *jsonParser) literal(word string, v Value) (Value, bool) {
	if !strings.HasPrefix(p.s[p.pos:], word) {
		return null, false
	}
	p.pos += len(word)
	return v, true
}

func (p *jsonParser) number() (Value, bool) {
	start := p.pos
	if p.s[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	if digits() == 0 {
		return null, false
	}
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return null, false
		}
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return null, false
		}
	}
	return numberText(p.s[start:p.pos]), true
}

// The JSON literals true and false read as raw strings.
var (
	trueLiteral  = Value{kind: KindString, s: "true", raw: true}
	falseLiteral = Value{kind: KindString, s: "false", raw: true}
)

// numberText is the value of a JSON number's text.
func numberText(text string) Value {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		// Out of range for a float: keep it as text rather than lose it.
		return strValue(text)
	}
	v := numValue(f)
	v.s = text
	return v
}

// jsonLiteral is the value of the text of a JSON number, true or false.
func jsonLiteral(text string) Value {
	switch text {
	case "true":
		return trueLiteral
	case "false":
		return falseLiteral
	}
	return numberText(text)
}

func (p *jsonParser) str() (string, bool) {
	p.pos++ // opening quote
	start := p.pos
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '"' {
			s := p.s[start:p.pos]
			p.pos++
			return s, true
		}
		if c == '\\' {
			return p.strSlow(start)
		}
		p.pos++
	}
	return "", false
}

// strSlow decodes a string that has escapes, from its first character.
func (p *jsonParser) strSlow(start int) (string, bool) {
	var b strings.Builder
	b.WriteString(p.s[start:p.pos])
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return b.String(), true
		case c == '\\':
			if p.pos+1 >= len(p.s) {
				return "", false
			}
			e := p.s[p.pos+1]
			p.pos += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", false
				}
				if utf16.IsSurrogate(r) {
					if strings.HasPrefix(p.s[p.pos:], `\u`) {
						p.pos += 2
						r2, ok := p.hex4()
						if !ok {
							return "", false
						}
						r = utf16.DecodeRune(r, r2)
					} else {
						r = utf8.RuneError
					}
				}
				b.WriteRune(r)
			default:
				return "", false
			}
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", false
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.s) {
		return 0, false
	}
	n, err := strconv.ParseUint(p.s[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(n), true
}

func (p *jsonParser) object(depth int) (Value, bool) {
	p.pos++ // {
	var members []member
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		return mapValue(members), true
	}
	for {
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != '"' {
			return null, false
		}
		key, ok := p.str()
		if !ok {
			return null, false
		}
		p.space()
		if p.pos >= len(p.s) || p.s[p.pos] != ':' {
			return null, false
		}
		p.pos++
		p.space()
		v, ok := p.value(depth + 1)
		if !ok {
			return null, false
		}
		members = append(members, member{key: key, val: v})
		p.space()
		if p.pos >= len(p.s) {
			return null, false
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return mapValue(members), true
		default:
			return null, false
		}
	}
}

func (p *jsonParser) array(depth int) (Value, bool) {
	p.pos++ // [
	var list []Value
	p.space()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return listValue(list), true
	}
	for {
		p.space()
		v, ok := p.value(depth + 1)
		if !ok {
			return null, false
		}
		list = append(list, v)
		p.space()
		if p.pos >= len(p.s) {
			return null, false
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return listValue(list), true
		default:
			return null, false
		}
	}
}

// writeJSON writes v as compact JSON.
func writeJSON(b *strings.Builder, v Value) {
	switch v.kind {
	case KindNull:
		b.WriteString("null")
	case KindString:
		if v.raw {
			b.WriteString(v.s)
		} else {
			writeJSONString(b, v.s)
		}
	case KindNumber, KindBool:
		b.WriteString(v.String())
	case KindTime:
		writeJSONString(b, v.String())
	case KindList:
		b.WriteByte('[')
		for i, x := range v.c.list {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, x)
		}
		b.WriteByte(']')
	case KindMap:
		b.WriteByte('{')
		for i, m := range v.c.members {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, m.key)
			b.WriteByte(':')
			writeJSON(b, m.val)
		}
		b.WriteByte('}')
	}
}

func writeJSONString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// lookupMember finds a map member by key; the last duplicate wins, as in
// most JSON readers.
func (v Value) lookupMember(key string) (Value, bool) {
	if v.kind != KindMap {
		return null, false
	}
	for i := len(v.c.members) - 1; i >= 0; i-- {
		if v.c.members[i].key == key {
			return v.c.members[i].val, true
		}
	}
	return null, false
}

// index returns element i of a list.
func (v Value) index(i int) (Value, bool) {
	if v.kind != KindList || i < 0 || i >= len(v.c.list) {
		return null, false
	}
	return v.c.list[i], true
}
