package exec

import (
	"cmp"
	"strings"
)

// compareValues orders two non-null values the way sort does in
// CloudWatch: every non-number before every number; numbers by value;
// other text in natural order (digit runs by length, then value; the rest
// by code point). Ties are broken by the exact text so the order is total
// and a sort gives the same answer however its input was arranged.
func compareValues(a, b Value) int {
	an, bn := a.isNumeric(), b.isNumeric()
	switch {
	case an && bn:
		x, _ := a.Number()
		y, _ := b.Number()
		if c := cmp.Compare(x, y); c != 0 {
			return c
		}
	case an:
		return 1
	case bn:
		return -1
	default:
		if c := naturalCompare(a.String(), b.String()); c != 0 {
			return c
		}
	}
	if c := strings.Compare(a.String(), b.String()); c != 0 {
		return c
	}
	return cmp.Compare(a.kind, b.kind)
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// naturalCompare compares text chunk by chunk: a chunk is a run of digits
// or a run of other characters. Two digit runs compare by length, then by
// value; otherwise chunks compare by code point.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		ca, ra := nextChunk(a)
		cb, rb := nextChunk(b)
		var c int
		if isDigitByte(ca[0]) && isDigitByte(cb[0]) {
			if c = cmp.Compare(len(ca), len(cb)); c == 0 {
				c = strings.Compare(ca, cb)
			}
		} else {
			c = strings.Compare(ca, cb)
			if c != 0 && (isDigitByte(ca[0]) != isDigitByte(cb[0])) {
				// A digit run against other text: the first characters decide.
				c = cmp.Compare(ca[0], cb[0])
			}
		}
		if c != 0 {
			return c
		}
		a, b = ra, rb
	}
	return cmp.Compare(len(a), len(b))
}

func nextChunk(s string) (chunk, rest string) {
	digit := isDigitByte(s[0])
	i := 1
	for i < len(s) && isDigitByte(s[i]) == digit {
		i++
	}
	return s[:i], s[i:]
}

// equalValues is the = operator: numbers compare by value when either side
// is a number, timestamp or boolean and the other converts; everything else
// compares as text. Null equals nothing.
func equalValues(a, b Value) bool {
	if a.IsNull() || b.IsNull() {
		return false
	}
	if a.kind == KindTime || b.kind == KindTime {
		x, ok1 := a.Millis()
		y, ok2 := b.Millis()
		if ok1 && ok2 {
			return x == y
		}
	}
	if a.kind != KindString || b.kind != KindString {
		x, ok1 := a.Number()
		y, ok2 := b.Number()
		if ok1 && ok2 {
			return x == y
		}
	}
	return a.String() == b.String()
}

// orderValues is the ordering used by <, <=, > and >=: by value when both
// sides are numbers (or one is a timestamp and the other reads as one),
// otherwise by text. ok is false when either side is null.
func orderValues(a, b Value) (c int, ok bool) {
	if a.IsNull() || b.IsNull() {
		return 0, false
	}
	if a.kind == KindTime || b.kind == KindTime {
		x, ok1 := a.Millis()
		y, ok2 := b.Millis()
		if ok1 && ok2 {
			return cmp.Compare(x, y), true
		}
	}
	x, ok1 := a.Number()
	y, ok2 := b.Number()
	if ok1 && ok2 {
		return cmp.Compare(x, y), true
	}
	return strings.Compare(a.String(), b.String()), true
}
