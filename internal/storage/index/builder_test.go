package index

import "testing"

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
