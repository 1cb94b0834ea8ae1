package index

import (
	"errors"
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func filterOf(tokens ...string) *Filter {
	var b Builder
	for _, tok := range tokens {
		b.AddToken(tok)
	}
	return b.Build()
}

func TestFilterNoFalseNegatives(t *testing.T) {
	var b Builder
	var tokens []string
	for i := 0; i < 20000; i++ {
		tok := fmt.Sprintf("tok%x", i*7919)
		tokens = append(tokens, tok)
		b.AddToken(tok)
	}
	f := b.Build()
	for _, tok := range tokens {
		if !f.MayContain(tok) {
			t.Fatalf("added token %q is missing", tok)
		}
	}
	if !f.MayContainAll(tokens[:100]) {
		t.Fatal("MayContainAll misses added tokens")
	}
}

func TestFilterFalsePositiveRate(t *testing.T) {
	for _, n := range []int{10, 1000, 50000} {
		var b Builder
		for i := 0; i < n; i++ {
			b.AddToken(fmt.Sprintf("in-%d", i))
		}
		f := b.Build()
		const probes = 100000
		fp := 0
		for i := 0; i < probes; i++ {
			if f.MayContain(fmt.Sprintf("out-%d", i)) {
				fp++
			}
		}
		rate := float64(fp) / probes
		t.Logf("%d tokens: %d bytes, false-positive rate %.3f%%", n, 8*len(f.words), 100*rate)
		if rate > 0.02 {
			t.Errorf("%d tokens: false-positive rate %.3f, want about 0.01", n, rate)
		}
	}
}

func TestFilterEdgeCases(t *testing.T) {
	var none *Filter
	if !none.MayContain("x") || !none.MayContainAll([]string{"x"}) || !none.MayContainSubstring("a b c") {
		t.Error("a nil filter must admit everything")
	}
	empty := filterOf()
	if len(empty.words) != 0 || empty.MayContain("x") {
		t.Error("an empty filter must admit nothing")
	}
	if !empty.MayContainAll(nil) {
		t.Error("no tokens are always contained")
	}
	var b Builder
	for i := 0; i < 100; i++ {
		b.AddToken("same")
	}
	if f := b.Build(); len(f.words) != 1 {
		t.Errorf("100 copies of one token gave %d words, want 1", len(f.words))
	}
	if huge := NewFilter(1 << 30); len(huge.words) != maxFilterWords {
		t.Errorf("filter not capped: %d words", len(huge.words))
	}
}

func TestMayContainSubstring(t *testing.T) {
	f := filterOf(Tokenize("user 42 logged in from host-a UNAUTHORIZED", nil)...)
	tests := []struct {
		phrase string
		want   bool
	}{
		{"user 42 logged", true},
		{"AUTHORIZED", true},       // single partial token: nothing to check
		{"ser 42 logg", true},      // 42 is whole and present
		{"ser 43 logg", false},     // 43 is whole and absent
		{" missing ", false},       // whole token, absent
		{"x missing y", false},     // inner token absent
		{"host-a", true},           // both tokens partial
		{"", true},                 // empty phrase
		{"-", true},                // no tokens
		{" logged in ", true},      // whole tokens present
		{"logged-out ", false},     // out is whole and absent
		{"in from host", true},     // from is whole
		{"in frim host", false},    // frim is whole and absent
		{"UNAUTHORIZED ", true},    // leading partial token only
		{"NAUTHORIZED us", true},   // both partial
		{"42 logged in fro", true}, // 42 and fro partial, logged/in whole
	}
	g := filterOf(Tokenize("name zoëtrope ok", nil)...)
	// Phrases that cut through ë: the invalid byte left next to "zo" or
	// "trope" must not make them whole tokens.
	for _, phrase := range []string{"e zo\xc3", "e zo\xc3 ", "\xabtrope ok", " \xabtrope "} {
		if !g.MayContainSubstring(phrase) {
			t.Errorf("MayContainSubstring(%q) ruled out a phrase cut from the text", phrase)
		}
	}
	if !g.MayContainSubstring(" zoëtrope ") || g.MayContainSubstring(" zoetrope ") {
		t.Error("a whole non-ASCII token is not checked")
	}
	for _, tt := range tests {
		if got := f.MayContainSubstring(tt.phrase); got != tt.want {
			t.Errorf("MayContainSubstring(%q) = %v, want %v", tt.phrase, got, tt.want)
		}
	}
}

func TestFilterMarshalRoundTrip(t *testing.T) {
	for _, f := range []*Filter{filterOf(), filterOf("a"), filterOf(Tokenize("the quick brown fox", nil)...)} {
		data := f.Marshal([]byte("head"))
		got, tail, err := UnmarshalFilter(append(data[4:], "tail"...))
		if err != nil {
			t.Fatal(err)
		}
		if string(tail) != "tail" || got.k != f.k || string(got.Marshal(nil)) != string(f.Marshal(nil)) {
			t.Fatalf("round trip changed the filter: %+v vs %+v (tail %q)", got, f, tail)
		}
		// A decoded filter probes its stored bytes in place and answers
		// as the original does; adding to it still works.
		for _, tok := range []string{"a", "the", "quick", "fox", "dog", "b"} {
			if got.MayContain(tok) != f.MayContain(tok) {
				t.Fatalf("decoded filter answers %v for %q, the original %v", got.MayContain(tok), tok, f.MayContain(tok))
			}
		}
		if len(f.words) > 0 {
			got.Add("dog")
			if !got.MayContain("dog") || !got.MayContain("a") && f.MayContain("a") {
				t.Fatal("Add to a decoded filter lost a token")
			}
		}
	}
}

func TestUnmarshalFilterErrors(t *testing.T) {
	tests := map[string][]byte{
		"empty":            nil,
		"zero hashes":      {0, 0},
		"too many hashes":  {maxHashes + 1, 0},
		"bad word count":   {7, 0xff},
		"truncated words":  {7, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		"too many words":   append([]byte{7}, 0x80, 0x80, 0x40),
		"missing count":    {7},
		"count past input": {7, 1},
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, _, err := UnmarshalFilter(data); !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("got %v, want corruption", err)
			}
		})
	}
}
