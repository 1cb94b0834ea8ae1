package index

import "slices"

// Builder collects the distinct tokens of one column, so that its filter can
// be sized for them. The zero value is ready to use; Reset makes it reusable.
type Builder struct {
	hashes []uint64
}

// AddToken adds one token.
func (b *Builder) AddToken(token string) { b.hashes = append(b.hashes, tokenHash(token)) }

// AddText adds the tokens of text.
func (b *Builder) AddText(text string) {
	for i := 0; ; {
		start, end := nextToken(text, i)
		if start == end {
			return
		}
		b.hashes = append(b.hashes, tokenHash(text[start:end]))
		i = end
	}
}

// Build returns a filter of the tokens added so far, sized for the distinct
// ones.
func (b *Builder) Build() *Filter {
	slices.Sort(b.hashes)
	b.hashes = slices.Compact(b.hashes)
	f := NewFilter(len(b.hashes))
	for _, h := range b.hashes {
		f.addHash(h)
	}
	return f
}

// Reset forgets the tokens added so far.
func (b *Builder) Reset() { b.hashes = b.hashes[:0] }
