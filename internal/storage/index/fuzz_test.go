package index

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/openwatch/openwatch/internal/model"
)

func FuzzUnmarshalFilter(f *testing.F) {
	f.Add(filterOf("a", "b").Marshal(nil))
	f.Add(filterOf().Marshal(nil))
	f.Add([]byte{7, 0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Fuzz(func(t *testing.T, data []byte) {
		flt, tail, err := UnmarshalFilter(data)
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error %v does not wrap corruption", err)
			}
			return
		}
		flt.MayContainSubstring("a b c")
		if got := flt.Marshal(nil); string(got)+string(tail) != string(data) && len(got) > len(data) {
			t.Fatalf("re-marshalled filter is longer than its input")
		}
	})
}

// FuzzUnmarshalBlockIndex feeds arbitrary bytes to the index decoder, as they
// are and with a valid checksum; whatever decodes must marshal back to the
// same bytes.
func FuzzUnmarshalBlockIndex(f *testing.F) {
	f.Add(sampleIndex().Marshal(nil))
	f.Add(sampleIndexGrams().Marshal(nil))
	f.Add((&BlockIndex{}).Marshal(nil))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := UnmarshalBlockIndex(data); err != nil && !errors.Is(err, model.ErrCorruption) {
			t.Fatalf("error %v does not wrap corruption", err)
		}
		if len(data) < 4 {
			return
		}
		data = withCRC(slices.Clone(data[:len(data)-4]))
		x, err := UnmarshalBlockIndex(data)
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error %v does not wrap corruption", err)
			}
			return
		}
		if got := x.Marshal(nil); string(got) != string(data) {
			t.Fatalf("re-marshalled index differs:\n%x\n%x", got, data)
		}
	})
}

// FuzzTokenizeAndFilter checks that tokens are runs of letters and digits
// found in order in the text, that every token of an indexed text is found,
// that the builder hashes exactly those tokens, and that every phrase cut
// from it passes MayContainSubstring and the gram filter.
func FuzzTokenizeAndFilter(f *testing.F) {
	f.Add("trace 4bf92f3577b34da6a3ce929d0e0e4736 ok", 8, 30)
	f.Add("user 42 logged in from host-a UNAUTHORIZED", 3, 20)
	f.Add(`{"a":"zoë@example.com","b":[1,2]}`, 0, 9)
	f.Add("a\xffb\u200bc", 1, 4)
	f.Fuzz(func(t *testing.T, text string, from, to int) {
		tokens := Tokenize(text, nil)
		rest := text
		for _, tok := range tokens {
			if tok == "" {
				t.Fatal("empty token")
			}
			for _, r := range tok {
				if r == unicode.ReplacementChar || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
					t.Fatalf("token %q holds %q", tok, r)
				}
			}
			i := strings.Index(rest, tok)
			if i < 0 {
				t.Fatalf("token %q not found in order", tok)
			}
			rest = rest[i+len(tok):]
		}
		var b, g, want Builder
		b.AddText(text)
		g.AddTextGrams(text)
		for _, tok := range tokens {
			want.AddToken(tok)
		}
		if got, exp := hashesOf(&b.set), hashesOf(&want.set); !slices.Equal(got, exp) {
			t.Fatalf("builder hashed %d distinct tokens, Tokenize finds %d", len(got), len(exp))
		}
		flt := b.Build()
		txt := Text{Tokens: g.Build(), Grams: g.BuildGrams()}
		if !flt.MayContainAll(tokens) || !txt.MayContainAll(tokens) {
			t.Fatal("a token of the indexed text is missing")
		}
		if from < 0 || to > len(text) || from > to {
			return
		}
		if !flt.MayContainSubstring(text[from:to]) {
			t.Fatalf("substring %q of the indexed text was ruled out", text[from:to])
		}
		if !txt.MayContainSubstring(text[from:to]) {
			t.Fatalf("substring %q of the indexed text was ruled out by its text filters", text[from:to])
		}
	})
}

// hashesOf returns the hashes in s, sorted.
func hashesOf(s *hashSet) []uint64 {
	var out []uint64
	s.each(func(h uint64) { out = append(out, h) })
	slices.Sort(out)
	return out
}
