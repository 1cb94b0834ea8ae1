package index

import (
	"unicode"
	"unicode/utf8"
)

// Builder collects the distinct tokens of one column, so that its filter can
// be sized for them, and optionally the n-grams of its long ASCII runs (see
// grams.go). The zero value is ready to use; Reset makes it reusable.
type Builder struct {
	set   hashSet
	grams []uint64
	// repeats counts the windows AddTextGramsN's repeats would have
	// added to grams again: the gram filter is sized for every window
	// added, repeats included.
	repeats int
	// recent are the last distinct values AddValue tokenized, next the
	// slot the next one takes; seen and hits count its calls since Reset
	// and those that found their value here.
	recent     [recentValues]string
	next       int
	seen, hits int
}

// recentValues is how many distinct values AddValue remembers: enough for
// the columns of a few values (levels, regions, services) that make up
// most of a log block's fields.
const recentValues = 8

// AddToken adds one token.
func (b *Builder) AddToken(token string) { b.set.add(tokenHash(token)) }

// AddText adds the tokens of text.
func (b *Builder) AddText(text string) { b.addText(text, false) }

// AddValue adds the tokens of a column's value as AddText does, skipping
// the work when the value is one of the last few distinct ones added: a
// column's values repeat from row to row. A column whose values seldom
// repeat soon stops looking.
func (b *Builder) AddValue(v string) {
	if b.seen < 256 || 8*b.hits >= b.seen {
		b.seen++
		for i := range b.recent {
			if b.recent[i] == v {
				b.hits++
				return
			}
		}
		b.recent[b.next] = v
		b.next = (b.next + 1) % recentValues
	}
	b.addText(v, false)
}

// AddTextGrams adds the n-grams of the runs of at least GramMinRun ASCII
// letters and digits of text, for BuildGrams, and its tokens as AddText
// does, except those that are such a run of at least GramTokenMin: the
// gram filter answers for them (see Text), and such tokens, mostly unique
// ids, were most of a message filter's size.
func (b *Builder) AddTextGrams(text string) { b.addText(text, true) }

// AddTextGramsN is AddTextGrams of text n times over, for the price of
// once: the filters come out as they would.
func (b *Builder) AddTextGramsN(text string, n int) {
	before := len(b.grams)
	b.addText(text, true)
	b.repeats += (len(b.grams) - before) * (n - 1)
}

// byteClass sorts bytes for the tokenizer: ASCII letters and digits belong
// in tokens, other ASCII bytes separate them, and bytes from 0x80 start or
// continue a multi-byte rune that must be decoded.
var byteClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			t[c] = classAlnum
		case c >= utf8.RuneSelf:
			t[c] = classMulti
		}
	}
	return t
}()

const (
	classSep uint8 = iota
	classAlnum
	classMulti
)

// addText splits text into tokens exactly as Tokenize does, with a fast path
// for ASCII, and hashes each token; with grams it also records the n-grams
// of the maximal runs of ASCII letters and digits. A run is taken in one
// tight loop: they are most of a log's bytes.
func (b *Builder) addText(text string, grams bool) {
	tok := -1 // start of the current token
	for i := 0; i < len(text); {
		switch byteClass[text[i]] {
		case classAlnum:
			j := i + 1
			for j < len(text) && byteClass[text[j]] == classAlnum {
				j++
			}
			if grams && j-i >= GramMinRun {
				b.grams = appendGrams(b.grams, text[i:j])
			}
			if tok < 0 {
				tok = i
			}
			i = j
		case classSep:
			if tok >= 0 {
				b.endToken(text[tok:i], grams)
				tok = -1
			}
			i++
		default:
			r, n := utf8.DecodeRuneInString(text[i:])
			if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				if tok < 0 {
					tok = i
				}
			} else if tok >= 0 {
				b.endToken(text[tok:i], grams)
				tok = -1
			}
			i += n
		}
	}
	if tok >= 0 {
		b.endToken(text[tok:], grams)
	}
}

// endToken adds a token, unless the gram filter covers it: with grams, a
// token that is one long ASCII run.
func (b *Builder) endToken(token string, grams bool) {
	if !grams || len(token) < GramTokenMin || !isASCIIRun(token) {
		b.set.add(tokenHash(token))
	}
}

// isASCIIRun reports whether s is all ASCII letters and digits.
func isASCIIRun(s string) bool {
	for i := 0; i < len(s); i++ {
		if byteClass[s[i]] != classAlnum {
			return false
		}
	}
	return true
}

// Build returns a filter of the tokens added so far, sized for the distinct
// ones.
func (b *Builder) Build() *Filter {
	f := NewFilter(b.set.n)
	b.set.each(f.addHash)
	return f
}

// BuildGrams returns the n-gram filter of the texts added with AddTextGrams
// since the last Reset: a filter of zero words when none had a long run.
func (b *Builder) BuildGrams() *Filter {
	f := newGramFilter(len(b.grams) + b.repeats)
	for _, h := range b.grams {
		f.addHash(h)
	}
	return f
}

// Reset forgets the tokens and n-grams added so far.
func (b *Builder) Reset() {
	b.set.reset()
	b.grams, b.repeats = b.grams[:0], 0
	// Cleared so that the builder holds on to no value's memory.
	b.recent = [recentValues]string{}
	b.next, b.seen, b.hits = 0, 0, 0
}

// hashSet is an open-addressing set of token hashes: deduplicating as they
// come is cheaper than sorting every occurrence, and most tokens of a log
// block (keys, levels, common words) repeat on every row.
type hashSet struct {
	slots []uint64 // 0 marks a free slot; hash 0 is kept in zero
	n     int
	zero  bool
}

func (s *hashSet) add(h uint64) {
	if h == 0 {
		if !s.zero {
			s.zero = true
			s.n++
		}
		return
	}
	if 4*(s.n+1) > 3*len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return
		case 0:
			s.slots[i] = h
			s.n++
			return
		}
	}
}

func (s *hashSet) grow() {
	old := s.slots
	s.slots = make([]uint64, max(2*len(old), 1024))
	mask := uint64(len(s.slots) - 1)
	for _, h := range old {
		if h == 0 {
			continue
		}
		i := h & mask
		for s.slots[i] != 0 {
			i = (i + 1) & mask
		}
		s.slots[i] = h
	}
}

func (s *hashSet) each(fn func(uint64)) {
	if s.zero {
		fn(0)
	}
	for _, h := range s.slots {
		if h != 0 {
			fn(h)
		}
	}
}

func (s *hashSet) reset() {
	clear(s.slots)
	s.n, s.zero = 0, false
}
