package eventpattern

import "strings"

// affix is {"prefix": s}, {"suffix": s} and their
// {"equals-ignore-case": s} forms. They match strings only.
type affix struct {
	prefix     bool
	ignoreCase bool
	value      string
}

func (c affix) matches(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	want := c.value
	if c.ignoreCase {
		s, want = strings.ToLower(s), strings.ToLower(want)
	}
	if c.prefix {
		return strings.HasPrefix(s, want)
	}
	return strings.HasSuffix(s, want)
}

func (c affix) appendJSON(dst []byte) []byte {
	if c.prefix {
		dst = append(dst, `{"prefix":`...)
	} else {
		dst = append(dst, `{"suffix":`...)
	}
	if c.ignoreCase {
		dst = append(dst, `{"equals-ignore-case":`...)
		dst = appendString(dst, c.value)
		return append(dst, "}}"...)
	}
	dst = appendString(dst, c.value)
	return append(dst, '}')
}

// equalsIgnoreCase is {"equals-ignore-case": s}.
type equalsIgnoreCase struct {
	value string
}

func (c equalsIgnoreCase) matches(v any) bool {
	s, ok := v.(string)
	return ok && strings.EqualFold(s, c.value)
}

func (c equalsIgnoreCase) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"equals-ignore-case":`...)
	dst = appendString(dst, c.value)
	return append(dst, '}')
}

// exists is {"exists": true|false}. It is decided per field, not per value
// (see matchLeaf), so matches is only reached for exists: true.
type exists struct {
	want bool
}

func (c exists) matches(any) bool { return c.want }

func (c exists) appendJSON(dst []byte) []byte {
	if c.want {
		return append(dst, `{"exists":true}`...)
	}
	return append(dst, `{"exists":false}`...)
}
