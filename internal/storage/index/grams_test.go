package index

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestGramsSubstringSemantics follows the documented example of CloudWatch's
// filter-pattern terms, which match substrings ("ERROR" matches "Exiting
// with ERRORCODE: -1"): every phrase cut from an indexed message passes,
// wherever it starts and ends inside a long run.
func TestGramsSubstringSemantics(t *testing.T) {
	var b Builder
	for _, m := range []string{
		"[ERROR] A fatal exception has occurred",
		"Exiting with ERRORCODEPAYMENTDECLINED: -1",
		`{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","span":"00f067aa0ba902b7"}`,
	} {
		b.AddTextGrams(m)
	}
	f := b.BuildGrams()
	for _, phrase := range []string{
		"ERRORCODEPAYMENT",                 // a prefix of a long token
		"CODEPAYMENTDECLINED",              // its suffix
		"4bf92f3577b34da6a3ce929d0e0e4736", // a whole id
		"3577b34da6a3ce92",                 // the middle of an id
		`"trace_id":"4bf92f3577b34da6`,     // a phrase ending inside one
		"00f067aa0ba902b7",
		"ERROR",                // too short to check
		"fatal exception",      // short runs only
		"zzzz-yyyy-xxxx-wwwww", // short runs only
	} {
		if !f.MayContainGrams(phrase) {
			t.Errorf("MayContainGrams(%q) = false for a substring of an indexed message", phrase)
		}
	}
}

func TestGramsRuleOut(t *testing.T) {
	var b Builder
	b.AddTextGrams("no long runs here: request-id 8f14e45f-ceea-467a")
	f := b.BuildGrams()
	if len(f.words) != 0 {
		t.Fatalf("a text without long runs made a filter of %d words", len(f.words))
	}
	if f.MayContainGrams("ERRORCODEPAYMENT") {
		t.Fatal("a filter without grams admitted a long run")
	}
	if !f.MayContainGrams("request-id 8f14e45f") {
		t.Fatal("a phrase of short runs was ruled out")
	}
	var none *Filter
	if !none.MayContainGrams("ERRORCODEPAYMENT") {
		t.Fatal("a missing gram filter ruled a phrase out")
	}
}

// TestGramsFalsePositiveRate indexes a block's worth of random trace ids and
// probes other random ids: with the 25 windows of each a false positive
// takes about 3% of them, so the bound below is generous.
func TestGramsFalsePositiveRate(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	id := func() string { return fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()) }
	var b Builder
	for range 8192 {
		b.AddTextGrams(`{"level":"info","trace_id":"` + id() + `","message":"request completed"}`)
	}
	f := b.BuildGrams()
	const probes = 20000
	hits := 0
	for range probes {
		if f.MayContainGrams(id()) {
			hits++
		}
	}
	if hits > probes/20 {
		t.Fatalf("%d of %d absent ids admitted", hits, probes)
	}
	t.Logf("%d of %d absent ids admitted; filter %d bytes", hits, probes, 8*len(f.words))
}

// TestTextRoutesLongTokens checks that a long ASCII token, left out of the
// token filter, is still found through the gram filter, and that without
// a gram filter (a version 1 index) the token filter answers alone.
func TestTextRoutesLongTokens(t *testing.T) {
	msg := `{"level":"error","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","user":"zoë","code":"ERRORCODEPAYMENTDECLINEDBYISSUER"}`
	var g, v1 Builder
	g.AddTextGrams(msg)
	v1.AddText(msg)
	txt := Text{Tokens: g.Build(), Grams: g.BuildGrams()}
	old := Text{Tokens: v1.Build()}
	if n, all := g.set.n, v1.set.n; n != all-2 {
		t.Fatalf("token filter with grams holds %d tokens, want %d: the two long ones left out", n, all-2)
	}
	for _, x := range []Text{txt, old} {
		if !x.MayContainAll([]string{"level", "error", "zoë", "4bf92f3577b34da6a3ce929d0e0e4736", "ERRORCODEPAYMENTDECLINEDBYISSUER"}) {
			t.Fatal("a token of the text is missing")
		}
		for _, phrase := range []string{`"4bf92f3577b34da6a3ce929d0e0e4736"`, "ERRORCODEPAY", `"user":"zoë"`, "92f3577b34da6a3ce9"} {
			if !x.MayContainSubstring(phrase) {
				t.Fatalf("substring %q ruled out", phrase)
			}
		}
	}
}
