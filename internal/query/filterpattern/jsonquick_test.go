package filterpattern

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// matchBoth matches msg with and without the quick rejection and fails
// when they disagree.
func matchBoth(t *testing.T, p *Pattern, msg string) bool {
	t.Helper()
	j, ok := p.m.(*jsonPattern)
	if !ok {
		return false
	}
	slow := *j
	slow.quick = nil
	got, _ := j.match(msg, false)
	want, _ := slow.match(msg, false)
	if got != want {
		t.Fatalf("pattern %s on %s: %v with quick rejection, %v without", p.String(), msg, got, want)
	}
	return got
}

// spaced writes msg with random whitespace after structural characters
// and some keys \u-escaped, as other encoders do.
func spaced(r *rand.Rand, msg string) string {
	var b strings.Builder
	inString := false
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if inString && c == 'a' && r.IntN(4) == 0 {
			b.WriteString(`\u0061`)
			continue
		}
		b.WriteByte(c)
		switch {
		case c == '\\' && inString:
			i++
			b.WriteByte(msg[i])
		case c == '"':
			inString = !inString
		case !inString && strings.IndexByte("{}[],:", c) >= 0 && r.IntN(3) == 0:
			b.WriteString([]string{" ", "\n", "\t "}[r.IntN(3)])
		}
	}
	return b.String()
}

// TestQuickRejectAgreesWithWalk compares matching with and without the
// quick rejection over random messages and patterns.
func TestQuickRejectAgreesWithWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	g := jsonGen{r}
	matched, rejected := 0, 0
	for range 200_000 {
		p, err := Parse("{ " + randomPattern(r, 0) + " }")
		if err != nil {
			continue
		}
		var b strings.Builder
		encodeValue(&b, g.object(0))
		msg := b.String()
		switch r.IntN(4) {
		case 0:
			msg = spaced(r, msg)
		case 1:
			// Damaged JSON: cut short.
			msg = msg[:r.IntN(len(msg)+1)]
		}
		if matchBoth(t, p, msg) {
			matched++
		}
		if j, ok := p.m.(*jsonPattern); ok && j.quickReject(msg) {
			rejected++
		}
	}
	if matched < 1000 || rejected < 10_000 {
		t.Errorf("%d matches, %d quick rejections: the check says little", matched, rejected)
	}
}

func TestQuickReject(t *testing.T) {
	tests := []struct {
		pattern, msg string
		rejected     bool
	}{
		{`{ $.extra.duration_ms > 900 }`, `{"extra":{"duration_ms":120}}`, true},
		{`{ $.extra.duration_ms > 900 }`, `{"extra":{"duration_ms":1200}}`, false},
		{`{ $.extra.duration_ms > 900 }`, `{"duration_ms":1200,"extra":{"duration_ms":1}}`, false},
		{`{ $.extra.duration_ms > 900 }`, `{"extra":{"duration_ms":"1200"}}`, false},
		{`{ $.extra.duration_ms > 900 }`, `{"extra":{"duration\u005fms":1200}}`, false},
		{`{ $.a = "x" || $.b NOT EXISTS }`, `{"a":"y"}`, false},
		{`{ $.a = "x" && $.b NOT EXISTS }`, `{"a":"y"}`, true},
		{`{ $.a IS TRUE }`, `{"a" : false}`, true},
	}
	for _, tc := range tests {
		p, err := Parse(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.m.(*jsonPattern).quickReject(tc.msg); got != tc.rejected {
			t.Errorf("%s on %s: rejected %v, want %v", tc.pattern, tc.msg, got, tc.rejected)
		}
		matchBoth(t, p, tc.msg)
	}
}

// FuzzQuickReject compares matching with and without the quick rejection
// on fuzzed patterns and messages.
func FuzzQuickReject(f *testing.F) {
	f.Add(`{ $.a.b > 900 }`, `{"a":{"b":901}}`)
	f.Add(`{ $.a = "x*" && $.c IS NULL }`, `{"a" : "xy", "c": null}`)
	f.Add(`{ $.a[0] = 1 || $.b != 2 }`, `{"b":"2","a":[1]}`)
	f.Fuzz(func(t *testing.T, pattern, msg string) {
		p, err := Parse(pattern)
		if err != nil {
			return
		}
		matchBoth(t, p, msg)
	})
}
