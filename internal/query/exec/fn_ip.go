package exec

import (
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// IP address functions. Addresses are parsed here rather than with the
// standard library's network packages, which the engine does not import.
// IPv4 is dotted decimal without leading zeros; IPv6 is the RFC 4291 text
// form, with :: and an optional trailing dotted IPv4 part, without a zone.

func parseIPv4(s string) ([]byte, bool) {
	out := make([]byte, 0, 4)
	for part := range strings.SplitSeq(s, ".") {
		if len(out) == 4 || part == "" || len(part) > 3 || (len(part) > 1 && part[0] == '0') {
			return nil, false
		}
		n := 0
		for i := 0; i < len(part); i++ {
			c := part[i]
			if c < '0' || c > '9' {
				return nil, false
			}
			n = n*10 + int(c-'0')
		}
		if n > 255 {
			return nil, false
		}
		out = append(out, byte(n))
	}
	return out, len(out) == 4
}

func parseIPv6(s string) ([]byte, bool) {
	if s == "" || strings.Count(s, "::") > 1 {
		return nil, false
	}
	head, tail, compressed := strings.Cut(s, "::")
	parse := func(part string, allowV4 bool) ([]byte, bool) {
		var out []byte
		if part == "" {
			return out, true
		}
		groups := strings.Split(part, ":")
		for i, g := range groups {
			if allowV4 && i == len(groups)-1 && strings.Contains(g, ".") {
				v4, ok := parseIPv4(g)
				if !ok {
					return nil, false
				}
				out = append(out, v4...)
				continue
			}
			if g == "" || len(g) > 4 {
				return nil, false
			}
			n, err := strconv.ParseUint(g, 16, 16)
			if err != nil {
				return nil, false
			}
			out = append(out, byte(n>>8), byte(n))
		}
		return out, true
	}
	h, ok := parse(head, !compressed)
	if !ok {
		return nil, false
	}
	if !compressed {
		return h, len(h) == 16
	}
	t, ok := parse(tail, true)
	if !ok || len(h)+len(t) > 14 {
		return nil, false
	}
	out := make([]byte, 16)
	copy(out, h)
	copy(out[16-len(t):], t)
	return out, true
}

// parseCIDR parses addr/bits; v6 selects the family.
func parseCIDR(s string, v6 bool) ([]byte, int, bool) {
	addr, bitsText, ok := strings.Cut(s, "/")
	if !ok {
		return nil, 0, false
	}
	var ip []byte
	maxBits := 32
	if v6 {
		ip, ok = parseIPv6(addr)
		maxBits = 128
	} else {
		ip, ok = parseIPv4(addr)
	}
	if !ok {
		return nil, 0, false
	}
	bits, err := strconv.Atoi(bitsText)
	if err != nil || bits < 0 || bits > maxBits || (len(bitsText) > 1 && bitsText[0] == '0') {
		return nil, 0, false
	}
	return ip, bits, true
}

func samePrefix(a, b []byte, bits int) bool {
	for i := 0; bits > 0; i++ {
		mask := byte(0xff)
		if bits < 8 {
			mask = byte(0xff << (8 - bits))
		}
		if a[i]&mask != b[i]&mask {
			return false
		}
		bits -= 8
	}
	return true
}

// inSubnet reports whether ip is in cidr; v4 and v6 choose the families
// tried.
func inSubnet(ip, cidr string, v4, v6 bool) bool {
	if v4 {
		if a, ok := parseIPv4(ip); ok {
			if n, bits, ok := parseCIDR(cidr, false); ok {
				return samePrefix(a, n, bits)
			}
		}
	}
	if v6 {
		if a, ok := parseIPv6(ip); ok {
			if n, bits, ok := parseCIDR(cidr, true); ok {
				return samePrefix(a, n, bits)
			}
		}
	}
	return false
}

func ipPredicate(args []evalFn, ok func(string) bool) evalFn {
	a := args[0]
	return func(r *row) Value {
		s, present := textArg(a, r)
		return boolValue(present && ok(s))
	}
}

func isIPv4(s string) bool { _, ok := parseIPv4(s); return ok }
func isIPv6(s string) bool { _, ok := parseIPv6(s); return ok }

func buildIsValidIP(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return ipPredicate(args, func(s string) bool { return isIPv4(s) || isIPv6(s) }), nil
}

func buildIsValidIPv4(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return ipPredicate(args, isIPv4), nil
}

func buildIsValidIPv6(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return ipPredicate(args, isIPv6), nil
}

func subnetPredicate(args []evalFn, v4, v6 bool) evalFn {
	a, b := args[0], args[1]
	return func(r *row) Value {
		ip, ok1 := textArg(a, r)
		cidr, ok2 := textArg(b, r)
		return boolValue(ok1 && ok2 && inSubnet(ip, cidr, v4, v6))
	}
}

func buildIsIPInSubnet(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return subnetPredicate(args, true, true), nil
}

func buildIsIPv4InSubnet(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return subnetPredicate(args, true, false), nil
}

func buildIsIPv6InSubnet(_ *compiler, _ *syntax.CallExpr, args []evalFn) (evalFn, error) {
	return subnetPredicate(args, false, true), nil
}
