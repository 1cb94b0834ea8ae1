package index

import (
	"unicode"
	"unicode/utf8"
)

// Tokenize appends the tokens of text to dst: the maximal runs of letters and
// digits, case kept. Invalid UTF-8 separates tokens. The tokens share memory
// with text.
func Tokenize(text string, dst []string) []string {
	for i := 0; ; {
		start, end := nextToken(text, i)
		if start == end {
			return dst
		}
		dst = append(dst, text[start:end])
		i = end
	}
}

// nextToken returns the span of the first token at or after byte i, or an
// empty span when there is none.
func nextToken(s string, i int) (start, end int) {
	for i < len(s) {
		n := tokenRuneLen(s, i)
		if n > 0 {
			break
		}
		i -= n
	}
	start = i
	for i < len(s) {
		n := tokenRuneLen(s, i)
		if n <= 0 {
			break
		}
		i += n
	}
	return start, i
}

// tokenRuneLen returns the byte length of the rune at s[i]: positive when it
// belongs in a token, negative when it separates tokens.
func tokenRuneLen(s string, i int) int {
	if c := s[i]; c < utf8.RuneSelf {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			return 1
		}
		return -1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		return n
	}
	return -n
}
