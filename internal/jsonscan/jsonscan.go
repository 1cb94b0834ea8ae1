// Package jsonscan finds, eight bytes at a time, the bytes that a scanner
// of JSON string bodies must stop at: quotes, backslashes and control
// characters. Log messages are long runs of ordinary text between them,
// and every ingested message is scanned more than once.
package jsonscan

import "math/bits"

const ones, highs = 0x0101010101010101, 0x8080808080808080

// Special returns a mask with the high bit of the first byte of x (in
// little-endian memory order) that is a quote, a backslash or a control
// character set, and zero when there is none; bits above it may be set
// too.
func Special(x uint64) uint64 {
	// A byte of v is zero, or less than n, where v-ones*n borrows into its
	// high bit while the byte's own high bit is clear; a borrow only marks
	// bytes above a true match.
	q, bs := x^(ones*'"'), x^(ones*'\\')
	quote := (q - ones) & ^q
	backslash := (bs - ones) & ^bs
	control := (x - ones*0x20) & ^x
	return (quote | backslash | control) & highs
}

// IndexSpecial returns the index of the first quote, backslash or control
// character of s, or len(s) when it has none.
func IndexSpecial(s string) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// The compiler makes one load of these eight.
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if m := Special(x); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	for ; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return i
		}
	}
	return len(s)
}

// QuotePairs reports whether every quote, backslash and control character
// of x (in little-endian memory order) is part of an escaped quote, a
// backslash and a quote right after it, both in x; if so it also returns a
// mask with the high bit of each of those backslashes set. Such escapes are
// most of what interrupts JSON messages inside JSON, and a scanner can drop
// their backslashes without looking at the word byte by byte.
func QuotePairs(x uint64) (uint64, bool) {
	// Exact masks, unlike Special's: no byte's sum carries into the next.
	const lows = 0x7f7f7f7f7f7f7f7f
	bs, q := x^(ones*'\\'), x^(ones*'"')
	backslash := ^((bs&lows + lows) | bs) & highs
	quote := ^((q&lows + lows) | q)
	control := (x&lows + ones*(0x80-0x20)) | x
	return backslash, control&highs == highs && backslash>>56 == 0 && backslash<<8 == quote&highs
}
