package index

import (
	"encoding/binary"
	"math/bits"
	"unicode/utf8"
)

// Filter is a bloom filter of tokens. A nil *Filter stands for a column
// without a filter: it may contain anything. A Filter is safe for concurrent
// reads; Add must not run concurrently with anything else.
type Filter struct {
	words []uint64
	// raw, for a decoded filter, holds its words as stored (little-endian)
	// instead of words: probing reads them in place, so a scan that
	// checks a block's filters copies nothing.
	raw []byte
	k   int
}

// bits returns the number of bits of the filter.
func (f *Filter) bits() uint64 {
	if f.raw != nil {
		return uint64(len(f.raw)) * 8
	}
	return uint64(len(f.words)) * 64
}

// has reports whether bit b is set.
func (f *Filter) has(b uint64) bool {
	if f.raw != nil {
		return f.raw[b/8]&(1<<(b%8)) != 0
	}
	return f.words[b/64]&(1<<(b%64)) != 0
}

// NewFilter returns an empty filter sized for tokens distinct tokens at
// about a 1% false-positive rate.
func NewFilter(tokens int) *Filter {
	words := (max(tokens, 0)*bitsPerToken + 63) / 64
	return &Filter{words: make([]uint64, min(words, maxFilterWords)), k: hashesPerToken}
}

// Add adds token to the filter.
func (f *Filter) Add(token string) { f.addHash(tokenHash(token)) }

func (f *Filter) addHash(h uint64) {
	if f.raw != nil {
		f.words = make([]uint64, len(f.raw)/8)
		for i := range f.words {
			f.words[i] = binary.LittleEndian.Uint64(f.raw[8*i:])
		}
		f.raw = nil
	}
	n := uint64(len(f.words)) * 64
	if n == 0 {
		return
	}
	step := bits.RotateLeft64(h, 32) | 1
	for i := 0; i < f.k; i++ {
		b, _ := bits.Mul64(h, n)
		f.words[b/64] |= 1 << (b % 64)
		h += step
	}
}

func (f *Filter) hasHash(h uint64) bool {
	n := f.bits()
	if n == 0 {
		return false
	}
	step := bits.RotateLeft64(h, 32) | 1
	for i := 0; i < f.k; i++ {
		b, _ := bits.Mul64(h, n)
		if !f.has(b) {
			return false
		}
		h += step
	}
	return true
}

// MayContain reports whether token may have been added; false means it was
// not.
func (f *Filter) MayContain(token string) bool {
	return f == nil || f.hasHash(tokenHash(token))
}

// MayContainAll reports whether every token may have been added; it is true
// for no tokens.
func (f *Filter) MayContainAll(tokens []string) bool {
	if f == nil {
		return true
	}
	for _, t := range tokens {
		if !f.hasHash(tokenHash(t)) {
			return false
		}
	}
	return true
}

// MayContainSubstring reports whether a value containing phrase as a
// substring may have been indexed. Only the tokens wholly inside phrase are
// checked: a token that starts or ends the phrase may be part of a longer
// token in the value ("AUTHORIZED" inside "UNAUTHORIZED"), so it proves
// nothing. Neither does a token next to invalid UTF-8, which may be a letter
// the phrase cut in two.
func (f *Filter) MayContainSubstring(phrase string) bool {
	if f == nil {
		return true
	}
	for i := 0; ; {
		start, end := nextToken(phrase, i)
		if start == end {
			return true
		}
		if wholeToken(phrase, start, end) && !f.hasHash(tokenHash(phrase[start:end])) {
			return false
		}
		i = end
	}
}

// wholeToken reports whether the token phrase[start:end] is bounded on both
// sides by a complete separator rune inside phrase.
func wholeToken(phrase string, start, end int) bool {
	if start == 0 || end == len(phrase) {
		return false
	}
	before, n := utf8.DecodeLastRuneInString(phrase[:start])
	if before == utf8.RuneError && n == 1 {
		return false
	}
	after, n := utf8.DecodeRuneInString(phrase[end:])
	return after != utf8.RuneError || n != 1
}

// Marshal appends the filter to dst: k, the word count, the words. A nil
// filter cannot be marshalled: store no filter instead.
func (f *Filter) Marshal(dst []byte) []byte {
	dst = append(dst, byte(f.k))
	if f.raw != nil {
		dst = binary.AppendUvarint(dst, uint64(len(f.raw)/8))
		return append(dst, f.raw...)
	}
	dst = binary.AppendUvarint(dst, uint64(len(f.words)))
	for _, w := range f.words {
		dst = binary.LittleEndian.AppendUint64(dst, w)
	}
	return dst
}

// UnmarshalFilter decodes a filter from the front of src and returns the
// bytes after it. The filter keeps src's bytes: src must not change while
// the filter is in use. Malformed input returns an error wrapping
// model.ErrCorruption.
func UnmarshalFilter(src []byte) (*Filter, []byte, error) {
	if len(src) == 0 {
		return nil, nil, corruptf("truncated filter")
	}
	k := int(src[0])
	if k < 1 || k > maxHashes {
		return nil, nil, corruptf("filter with %d hashes", k)
	}
	n, size := binary.Uvarint(src[1:])
	if size <= 0 {
		return nil, nil, corruptf("bad filter word count")
	}
	src = src[1+size:]
	if n > maxFilterWords || n*8 > uint64(len(src)) {
		return nil, nil, corruptf("filter of %d words in %d bytes", n, len(src))
	}
	// Bit b of the little-endian words is bit b%8 of byte b/8, so the
	// stored bytes are probed as they are. A filter of no words keeps an
	// empty, non-nil raw.
	f := &Filter{raw: src[: 8*n : 8*n], k: k}
	return f, src[8*n:], nil
}
