package index

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
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
