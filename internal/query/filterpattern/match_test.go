package filterpattern

import (
	"errors"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestMatchFieldsWithoutFields(t *testing.T) {
	for _, pat := range []string{"", "ERROR", "%ERR%"} {
		p, err := Parse(pat)
		if err != nil {
			t.Fatal(err)
		}
		ok, fields := p.MatchFields("ERROR here")
		if !ok || fields != nil {
			t.Errorf("Parse(%q).MatchFields = %v, %v, want true, nil", pat, ok, fields)
		}
	}
}

func TestRequiredTermsIsACopy(t *testing.T) {
	p, err := Parse("ERROR disk")
	if err != nil {
		t.Fatal(err)
	}
	p.RequiredTerms()[0] = "changed"
	if got := p.RequiredTerms()[0]; got != "ERROR" {
		t.Errorf("RequiredTerms()[0] = %q after the caller changed its copy", got)
	}
}

// fuzzPatterns seed FuzzParse with every form of the language.
var fuzzPatterns = []string{
	"", `" "`, "ERROR", `ERROR -Exiting ?WARN ?"a b" -"c d"`, `"say \"hi\""`, `"C:\temp"`,
	"%AUTHORIZED%", `%\d{1,3}\.\d{1,3}%`, "%[Ee]rror|[Ff]ail%", "%^[hc]at$%",
	`{ $.eventType = "UpdateTrail" }`, `{ $.sourceIPAddress != 123.123.* }`,
	`{ $.a[0][1] = 1 && ($.b IS NULL || $.c NOT EXISTS) }`, `{ $.x IS TRUE || $.y IS FALSE }`,
	`{ $.latency >= -1.5e+3 && $.n < .5 }`, `{ $.m = %Err[a-z]+% }`, `{ $.list[1].id = "*" }`,
	`[ip, user, ..., status = 5*, bytes > 1000]`, `[w1 != ERROR && w1 != WARNING, w2]`,
	`[..., a = %^x%, ..., b = "q r" || b = 4]`, `[...]`,
	`{ $.a =`, `[a, ]`, `%a(b)%`, "?", `{ ($.a = 1 }`,
}

var fuzzMessages = []string{
	"", "ERROR here", "[ERROR 401] UNAUTHORIZED REQUEST", apacheLine, prodLine, awsEvent, awsCompound,
	`{"a": [[0, 1]], "b": null, "x": true, "latency": 5, "m": "Errx"}`, `{"a\u0062": "\u0045RROR"}`,
	`"unterminated [bracket`,
}

func FuzzParse(f *testing.F) {
	for i, p := range fuzzPatterns {
		f.Add(p, fuzzMessages[i%len(fuzzMessages)])
	}
	for i, m := range fuzzMessages {
		f.Add(fuzzPatterns[(i*7)%len(fuzzPatterns)], m)
	}
	f.Fuzz(func(t *testing.T, pattern, message string) {
		p, err := Parse(pattern)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, model.ErrInvalidParameter) {
				t.Fatalf("Parse(%q) error %v is not a *ParseError wrapping ErrInvalidParameter", pattern, err)
			}
			if pe.Pos < 0 || pe.Pos > len(pattern) || pe.Pattern != pattern {
				t.Fatalf("Parse(%q) error has position %d of %d bytes, pattern %q", pattern, pe.Pos, len(pattern), pe.Pattern)
			}
			return
		}
		canon := p.String()
		p2, err := Parse(canon)
		if err != nil {
			t.Fatalf("Parse(%q) gives %q, which does not parse: %v", pattern, canon, err)
		}
		if got := p2.String(); got != canon {
			t.Fatalf("Parse(%q) gives %q, which prints back as %q", pattern, canon, got)
		}
		if p2.Kind() != p.Kind() {
			t.Fatalf("Parse(%q) is %v but its canonical form %q is %v", pattern, p.Kind(), canon, p2.Kind())
		}
		matched := p.Match(message)
		if p2.Match(message) != matched {
			t.Fatalf("Parse(%q) and its canonical form %q disagree on %q", pattern, canon, message)
		}
		ok, fields := p.MatchFields(message)
		if ok != matched || (!ok && fields != nil) {
			t.Fatalf("Parse(%q): Match %v but MatchFields %v, %v on %q", pattern, matched, ok, fields, message)
		}
		for key, want := range fields {
			if got, ok := p.Extract(message, key); !ok || got != want {
				t.Fatalf("Parse(%q): MatchFields[%q] = %q but Extract gives %q, %v on %q", pattern, key, want, got, ok, message)
			}
		}
		if matched && !(p.Kind() == JSON && strings.Contains(message, `\u`)) {
			for _, term := range p.RequiredTerms() {
				if !strings.Contains(message, term) {
					t.Fatalf("Parse(%q) matches %q, which lacks required term %q", pattern, message, term)
				}
			}
		}
		p.Extract(message, "$.a[0]")
		p.Extract(message, "$a")
	})
}

// sink keeps benchmark results alive.
var sink bool

func BenchmarkMatch(b *testing.B) {
	const jsonMsg = `{"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "latency": 512,
		"user": {"id": 1, "email": "John.Stiles@example.com"}, "actions": ["GET", "PUT", "DELETE"],
		"tags": {"a": 1, "b": [1, 2, 3], "c": "some longer string to skip over"}}`
	benches := []struct {
		name, pattern, msg string
	}{
		{"terms", `ERROR ?disk ?memory -debug`, "2024-05-01T10:00:00Z [ERROR] disk /dev/sda1 is 97% full on host web-7"},
		{"terms-miss", `ERROR ?disk ?memory -debug`, "2024-05-01T10:00:00Z [INFO] request served in 12ms on host web-7"},
		{"regex", `%ERR[A-Z]+\s\d{3}%`, "2024-05-01T10:00:00Z [ERROR 503] upstream unavailable on host web-7"},
		{"json", `{ $.eventType = "UpdateTrail" && $.latency > 500 && $.user.id = 1 }`, jsonMsg},
		{"json-or", `{ $.actions[2] = "GET" || $.tags.c = *longer* }`, jsonMsg},
		{"json-not-json", `{ $.eventType = "UpdateTrail" }`, "2024-05-01T10:00:00Z [INFO] request served"},
		{"delimited", `[ip, id, user, timestamp, request = "*.gif*", status_code = 2*, size > 1000]`, apacheLine},
		{"delimited-ellipsis", `[..., request = %^GET%, ..., size > 1000]`, apacheLine},
	}
	for _, bb := range benches {
		p, err := Parse(bb.pattern)
		if err != nil {
			b.Fatal(err)
		}
		if !p.Match(bb.msg) && !strings.Contains(bb.name, "miss") && !strings.Contains(bb.name, "not-json") {
			b.Fatalf("%s: pattern does not match its message", bb.name)
		}
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bb.msg)))
			for b.Loop() {
				sink = p.Match(bb.msg)
			}
		})
	}
}
