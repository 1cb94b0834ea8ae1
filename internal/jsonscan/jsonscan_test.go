package jsonscan

import (
	"strings"
	"testing"
)

// reference is IndexSpecial a byte at a time.
func reference(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' {
			return i
		}
	}
	return len(s)
}

func TestIndexSpecial(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"empty", "", 0},
		{"none, short", "abc", 3},
		{"none, whole words", "abcdefghijklmnop", 16},
		{"none, word and tail", "abcdefghijk", 11},
		{"quote first", `"abcdefgh`, 0},
		{"quote in the second word", `abcdefghij"k`, 10},
		{"backslash in the tail", `abcdefgh\`, 8},
		{"control character", "abc\ndefghij", 3},
		{"NUL", "abcdefg\x00", 7},
		{"space is not special", "a b c d e f g h", 15},
		{"0x1f then more", "abcdefgh\x1f\"", 8},
		// A byte above a match may be marked as well by a borrow; the
		// first mark is still the match.
		{"quote then 0x21", "ab\"!cdefgh", 2},
		{"backslash then ]", "ab\\]cdefgh", 2},
		{"high bytes", "héllo wörld, ça va?", len("héllo wörld, ça va?")},
		{"0xff bytes then quote", "\xff\xff\xff\xff\xff\xff\xff\xff\xff\"", 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IndexSpecial(tc.s); got != tc.want {
				t.Fatalf("IndexSpecial(%q) = %d, want %d", tc.s, got, tc.want)
			}
		})
	}
}

// TestIndexSpecialEveryByte puts each byte value at each place of a
// word and checks IndexSpecial against the byte-at-a-time reference.
func TestIndexSpecialEveryByte(t *testing.T) {
	for c := range 256 {
		for at := range 17 {
			b := []byte(strings.Repeat("a", 17))
			b[at] = byte(c)
			s := string(b)
			if got, want := IndexSpecial(s), reference(s); got != want {
				t.Fatalf("IndexSpecial(%q) = %d, want %d", s, got, want)
			}
		}
	}
}

func FuzzIndexSpecial(f *testing.F) {
	f.Add("abcdefgh\"ij")
	f.Add("\x7f\x80\x1f\\")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := IndexSpecial(s), reference(s); got != want {
			t.Fatalf("IndexSpecial(%q) = %d, want %d", s, got, want)
		}
	})
}

func BenchmarkIndexSpecial(b *testing.B) {
	s := strings.Repeat("user.name@example.com ", 3) + `"`
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if IndexSpecial(s) != len(s)-1 {
			b.Fatal("wrong index")
		}
	}
}

// quotePairsReference is QuotePairs a byte at a time.
func quotePairsReference(w [8]byte) (uint64, bool) {
	var mask uint64
	for i := 0; i < 8; i++ {
		switch c := w[i]; {
		case c == '\\':
			if i == 7 || w[i+1] != '"' {
				return 0, false
			}
			mask |= 0x80 << (8 * i)
			i++ // the quote it escapes
		case c == '"' || c < 0x20:
			return 0, false
		}
	}
	return mask, true
}

func word(w [8]byte) uint64 {
	var x uint64
	for i := 7; i >= 0; i-- {
		x = x<<8 | uint64(w[i])
	}
	return x
}

func TestQuotePairs(t *testing.T) {
	tests := []struct {
		name string
		w    string
		ok   bool
	}{
		{"no specials", `abcdefgh`, true},
		{"one pair", `ab\"cdef`, true},
		{"two pairs", `\"ab\"cd`, true},
		{"pair at the end", `abcdef\"`, true},
		{"backslash last", `abcdefg\`, false},
		{"quote first, its backslash in the word before", `"abcdefg`, false},
		{"lone quote", `abc"defg`, false},
		{"escaped backslash", `ab\\cdef`, false},
		{"escaped backslash then quote", `ab\\"def`, false},
		{"other escape", `ab\ncdef`, false},
		{"control character", "ab\\\"c\x1fde", false},
		{"high bytes", "\xff\xfe\\\"\x80\x9f\xa0\xc3", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var w [8]byte
			copy(w[:], tc.w)
			gotMask, gotOK := QuotePairs(word(w))
			wantMask, wantOK := quotePairsReference(w)
			if gotOK != tc.ok || wantOK != tc.ok || (gotOK && gotMask != wantMask) {
				t.Fatalf("QuotePairs(%q) = %#x, %v; reference %#x, %v; want ok %v", tc.w, gotMask, gotOK, wantMask, wantOK, tc.ok)
			}
		})
	}
}

// TestQuotePairsEveryWord checks QuotePairs against the reference on every
// word over the bytes that matter to it.
func TestQuotePairsEveryWord(t *testing.T) {
	alphabet := []byte{'a', '"', '\\', 0x1f, 0xff}
	var w [8]byte
	for n := 0; n < 390625; n++ { // 5^8
		for i, k := 0, n; i < 8; i, k = i+1, k/5 {
			w[i] = alphabet[k%5]
		}
		gotMask, gotOK := QuotePairs(word(w))
		wantMask, wantOK := quotePairsReference(w)
		if gotOK != wantOK || (gotOK && gotMask != wantMask) {
			t.Fatalf("QuotePairs(%q) = %#x, %v; reference %#x, %v", w[:], gotMask, gotOK, wantMask, wantOK)
		}
	}
}

func FuzzQuotePairs(f *testing.F) {
	f.Add(word([8]byte{'a', 'b', '\\', '"', 'c', 'd', 'e', 'f'}))
	f.Add(word([8]byte{'\\', '"', 'a', '\\', '"', 0x1f, '\\', '"'}))
	f.Fuzz(func(t *testing.T, x uint64) {
		var w [8]byte
		for i := range w {
			w[i] = byte(x >> (8 * i))
		}
		gotMask, gotOK := QuotePairs(x)
		wantMask, wantOK := quotePairsReference(w)
		if gotOK != wantOK || (gotOK && gotMask != wantMask) {
			t.Fatalf("QuotePairs(%q) = %#x, %v; reference %#x, %v", w[:], gotMask, gotOK, wantMask, wantOK)
		}
	})
}
