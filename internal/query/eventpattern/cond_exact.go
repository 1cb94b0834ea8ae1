package eventpattern

import (
	"encoding/json"
	"net/netip"
)

// exactString matches a string value character by character. When the
// pattern string is an IP address it also matches other spellings of the
// same address ("2001:db8::1" and "2001:0db8:0:0:0:0:0:1").
type exactString struct {
	value string
	addr  netip.Addr
	isIP  bool
}

func newExactString(s string) exactString {
	addr, ok := parseIP(s)
	return exactString{value: s, addr: addr, isIP: ok}
}

func (c exactString) matches(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	if s == c.value {
		return true
	}
	if !c.isIP {
		return false
	}
	addr, ok := parseIP(s)
	return ok && addr == c.addr
}

func (c exactString) appendJSON(dst []byte) []byte { return appendString(dst, c.value) }

// exactLiteral matches a number, true, false or null by its JSON text:
// EventBridge compares numbers as written, so 300 does not match 300.0.
type exactLiteral struct {
	kind tokKind
	text string
}

func (c exactLiteral) matches(v any) bool {
	switch c.kind {
	case tokNumber:
		n, ok := v.(json.Number)
		return ok && string(n) == c.text
	case tokTrue, tokFalse:
		b, ok := v.(bool)
		return ok && b == (c.kind == tokTrue)
	default:
		return v == nil
	}
}

func (c exactLiteral) appendJSON(dst []byte) []byte { return append(dst, c.text...) }
