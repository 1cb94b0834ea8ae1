package eventpattern

import (
	"net/netip"
	"strconv"
	"strings"
)

// cidr is {"cidr": "10.0.0.0/24"}; it matches strings holding an IPv4 or
// IPv6 address inside the block.
type cidr struct {
	raw    string
	prefix netip.Prefix
}

// newCIDR checks a block; msg is EventBridge's reason when it is invalid.
// As in EventBridge, a mask must leave at least one variable bit (/31 for
// IPv4 and /127 for IPv6 at most).
func newCIDR(raw string) (c cidr, msg string) {
	addrText, bitsText, ok := strings.Cut(raw, "/")
	if !ok || bitsText == "" || strings.Contains(bitsText, "/") {
		return cidr{}, "Malformed CIDR, one '/' required"
	}
	bits, err := strconv.Atoi(bitsText)
	if err != nil {
		return cidr{}, "Malformed CIDR, mask bits must be an integer"
	}
	if bits < 0 {
		return cidr{}, "Malformed CIDR, mask bits must not be negative"
	}
	addr, msg := checkIP(addrText)
	if msg != "" {
		return cidr{}, msg
	}
	if addr.Is4() && bits > 31 {
		return cidr{}, "IPv4 mask bits must be < 32"
	}
	if addr.Is6() && bits > 127 {
		return cidr{}, "IPv6 mask bits must be < 128"
	}
	return cidr{raw: raw, prefix: netip.PrefixFrom(addr, bits).Masked()}, ""
}

func (c cidr) matches(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	addr, ok := parseIP(s)
	return ok && c.prefix.Contains(addr)
}

func (c cidr) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"cidr":`...)
	dst = appendString(dst, c.raw)
	return append(dst, '}')
}

// parseIP reads an IPv4 or IPv6 address literal; IPv4-mapped IPv6
// addresses count as IPv4. Only text shaped like an address (dotted
// decimal, or hex digits and colons) is considered at all.
func parseIP(s string) (netip.Addr, bool) {
	if !looksLikeIPv4(s) && !looksLikeIPv6(s) {
		return netip.Addr{}, false
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return addr.Unmap(), true
}

// checkIP is parseIP with EventBridge's reason for a rejection.
func checkIP(s string) (netip.Addr, string) {
	if !looksLikeIPv4(s) && !looksLikeIPv6(s) {
		return netip.Addr{}, "Nonstandard IP address: " + s
	}
	addr, ok := parseIP(s)
	if !ok {
		return netip.Addr{}, "Invalid IP address: " + s
	}
	return addr, ""
}

// looksLikeIPv4 reports whether s is four dot-separated runs of digits.
func looksLikeIPv4(s string) bool {
	dots, run := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			if run == 0 {
				return false
			}
			dots, run = dots+1, 0
		case c >= '0' && c <= '9':
			run++
		default:
			return false
		}
	}
	return dots == 3 && run > 0
}

func looksLikeIPv6(s string) bool {
	return strings.Contains(s, ":") && strings.Trim(s, "0123456789abcdefABCDEF:") == ""
}
