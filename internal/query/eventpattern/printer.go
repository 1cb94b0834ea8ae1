package eventpattern

import "unicode/utf8"

// String returns the pattern as canonical JSON: fields sorted by name, each
// key once, conditions in the order written, "$or" groups last. Parsing it
// yields the same pattern.
func (p *Pattern) String() string {
	return string(p.AppendJSON(nil))
}

// AppendJSON appends the canonical JSON form of the pattern to dst.
func (p *Pattern) AppendJSON(dst []byte) []byte {
	return appendObject(dst, p.root)
}

func appendObject(dst []byte, o *object) []byte {
	dst = append(dst, '{')
	for i, f := range o.fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, f.name)
		dst = append(dst, ':')
		if f.obj != nil {
			dst = appendObject(dst, f.obj)
			continue
		}
		dst = append(dst, '[')
		for j, c := range f.leaf.conds {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = c.appendJSON(dst)
		}
		dst = append(dst, ']')
	}
	for i, alts := range o.ors {
		if i > 0 || len(o.fields) > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `"$or":[`...)
		for j, alt := range alts {
			if j > 0 {
				dst = append(dst, ',')
			}
			dst = appendObject(dst, alt)
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendString appends s as a JSON string, escaping only what JSON
// requires. Bytes that are not UTF-8 are kept as they are, so the text
// reads back to the same bytes.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
			i++
		case c < 0x20:
			switch c {
			case '\n':
				dst = append(dst, `\n`...)
			case '\r':
				dst = append(dst, `\r`...)
			case '\t':
				dst = append(dst, `\t`...)
			default:
				dst = append(dst, `\u00`...)
				dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
			}
			i++
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			dst = append(dst, s[i:i+size]...)
			i += size
		}
	}
	return append(dst, '"')
}
