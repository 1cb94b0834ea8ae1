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
