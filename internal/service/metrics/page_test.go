package metrics

import "testing"

func TestPageToken(t *testing.T) {
	for _, tok := range []pageToken{{}, {index: 3}, {index: 499, hasLast: true, last: 1_700_000_000}, {hasLast: true, last: -5}} {
		s := tok.encode(42)
		got, err := decodePageToken(s, 42)
		if err != nil || got != tok {
			t.Errorf("round trip of %+v: %+v, %v", tok, got, err)
		}
		if _, err := decodePageToken(s, 43); err == nil {
			t.Errorf("token of %+v accepted for another request", tok)
		}
	}
}

func FuzzDecodePageToken(f *testing.F) {
	f.Add(pageToken{index: 2, hasLast: true, last: 1_700_000_060}.encode(7))
	f.Add(pageToken{}.encode(7))
	f.Add("")
	f.Add("AQ")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := decodePageToken(s, 7)
		if err != nil {
			return
		}
		if again, err := decodePageToken(tok.encode(7), 7); err != nil || again != tok {
			t.Fatalf("%q decodes to %+v, which does not round-trip: %+v, %v", s, tok, again, err)
		}
	})
}
