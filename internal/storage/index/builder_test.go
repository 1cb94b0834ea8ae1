package index

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestBuilderSizesForDistinctTokens(t *testing.T) {
	var b Builder
	for i := 0; i < 1000; i++ {
		b.AddText("GET /api/v1/items 200 OK")
	}
	f := b.Build()
	// 6 distinct tokens: GET api v1 items 200 OK.
	if want := (6*bitsPerToken + 63) / 64; len(f.words) != want {
		t.Fatalf("got %d words, want %d", len(f.words), want)
	}
	for _, tok := range []string{"GET", "api", "v1", "items", "200", "OK"} {
		if !f.MayContain(tok) {
			t.Errorf("missing %q", tok)
		}
	}
	b.Reset()
	if f := b.Build(); len(f.words) != 0 {
		t.Fatalf("Reset kept tokens: %d words", len(f.words))
	}
}

// TestAddValueEqualsAddText builds filters of columns whose values repeat
// much, little or not at all: skipping recent values changes no filter.
func TestAddValueEqualsAddText(t *testing.T) {
	for _, distinct := range []int{1, 3, 8, 9, 50, 100_000} {
		rng := rand.New(rand.NewPCG(uint64(distinct), 7))
		values := make([]string, 5000)
		for i := range values {
			values[i] = fmt.Sprintf("v%d-x%d", rng.IntN(distinct), rng.IntN(distinct)%3)
		}
		assertSameFilter(t, fmt.Sprintf("%d distinct", distinct), values)
	}
}

// FuzzAddValue checks AddValue against AddText on the lines of a text,
// each a value, reusing one builder as appendFilters does.
func FuzzAddValue(f *testing.F) {
	f.Add("a\nb\na\nINFO level\n\nb")
	f.Add(strings.Repeat("us-east-1\neu-west-2\n", 200) + "x")
	f.Fuzz(func(t *testing.T, text string) {
		assertSameFilter(t, "fuzz", strings.Split(text, "\n"))
	})
}

func assertSameFilter(t *testing.T, name string, values []string) {
	t.Helper()
	var byText, byValue Builder
	for round := range 2 {
		byText.Reset()
		byValue.Reset()
		for _, v := range values {
			byText.AddText(v)
			byValue.AddValue(v)
		}
		want, got := byText.Build().Marshal(nil), byValue.Build().Marshal(nil)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s, round %d: AddValue built a different filter (%d bytes, want %d)", name, round, len(got), len(want))
		}
	}
}

// referenceAddText is addText written the plain way, byte by byte, which
// the quicker one must agree with exactly: same token hashes added, same
// grams in the same order.
func referenceAddText(b *Builder, text string, grams bool) {
	tok, run := -1, -1
	endRun := func(i int) {
		if grams && run >= 0 && i-run >= GramMinRun {
			b.grams = appendGrams(b.grams, text[run:i])
		}
		run = -1
	}
	endToken := func(i int) {
		if !grams || i-tok < GramTokenMin || !isASCIIRun(text[tok:i]) {
			b.set.add(tokenHash(text[tok:i]))
		}
		tok = -1
	}
	for i := 0; i < len(text); {
		switch byteClass[text[i]] {
		case classAlnum:
			if tok < 0 {
				tok = i
			}
			if run < 0 {
				run = i
			}
			i++
		case classSep:
			endRun(i)
			if tok >= 0 {
				endToken(i)
			}
			i++
		default:
			endRun(i)
			r, n := utf8.DecodeRuneInString(text[i:])
			if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				if tok < 0 {
					tok = i
				}
			} else if tok >= 0 {
				endToken(i)
			}
			i += n
		}
	}
	endRun(len(text))
	if tok >= 0 {
		endToken(len(text))
	}
}

func FuzzAddTextMatchesReference(f *testing.F) {
	f.Add("trace 4bf92f3577b34da6a3ce929d0e0e4736a3ce929d0e0e4736 ok", true)
	f.Add(`{"user":"zoë.müller@example.com","n":123456789012345,"id":"x\u00e9y"}`, true)
	f.Add("a\xffb\u200bc ０１２ abcdefghijklmnop", false)
	f.Add("\uFFFDabcdefghijklm\uFFFD", true)
	f.Fuzz(func(t *testing.T, text string, grams bool) {
		var got, want Builder
		got.addText(text, grams)
		referenceAddText(&want, text, grams)
		if g, w := hashesOf(&got.set), hashesOf(&want.set); !slices.Equal(g, w) {
			t.Fatalf("%q: %d token hashes, want %d", text, len(g), len(w))
		}
		if !slices.Equal(got.grams, want.grams) {
			t.Fatalf("%q: %d grams, want %d", text, len(got.grams), len(want.grams))
		}
	})
}
