package filterpattern

import (
	"maps"
	"strconv"
	"strings"
	"testing"
)

// AWS's example log lines for space-delimited patterns.
const (
	apacheLine = `127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534`
	prodLine   = `127.0.0.1 Prod frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534`
)

func TestSplitFields(t *testing.T) {
	tests := []struct {
		msg  string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"a", []string{"a"}},
		{" a\tb \n c ", []string{"a", "b", "c"}},
		{prodLine, []string{"127.0.0.1", "Prod", "frank", "10/Oct/2000:13:25:15 -0700", "GET /index.html HTTP/1.0", "404", "1534"}},
		{`"" []`, []string{"", ""}},
		{`"a b"c d`, []string{"a b", "c", "d"}},
		{`x"y z"`, []string{`x"y`, `z"`}},
		{`a "unterminated rest`, []string{"a", "unterminated rest"}},
		{`a [open`, []string{"a", "open"}},
		{`["quoted" inside] "[brackets] inside"`, []string{`"quoted" inside`, "[brackets] inside"}},
	}
	for _, tt := range tests {
		got := splitFields(nil, tt.msg, -1)
		assertStrings(t, "splitFields("+tt.msg+")", got, tt.want)
		if len(tt.want) > 1 {
			got = splitFields(nil, tt.msg, 1)
			assertStrings(t, "splitFields("+tt.msg+", 1)", got, tt.want[:1])
		}
	}
}

func TestDelimitedMatch(t *testing.T) {
	runMatchCases(t, []matchCase{
		// AWS: every field named.
		{`[ip, user, username, timestamp, request, status_code, bytes]`, apacheLine, true},
		{`[ip, id, user, timestamp, request, status_code = 200, size > 1000]`, apacheLine, true},
		{`[ip, id, user, timestamp, request, status_code = 200, size > 2000]`, apacheLine, false},
		// Without an ellipsis the field count must match.
		{`[ip, user, username, timestamp, request, status_code]`, apacheLine, false},
		{`[ip, user, username, timestamp, request, status_code, bytes, extra]`, apacheLine, false},
		// AWS: wildcards and quoted values.
		{`[ip, user, username, timestamp, request = "*html*", status_code = 4*, bytes]`, prodLine, true},
		{`[ip, user, username, timestamp, request = "*html*", status_code = 4*, bytes]`, apacheLine, false},
		{`[ip, user = Prod, ...]`, prodLine, true},
		{`[ip, user = Prod, ...]`, apacheLine, false},
		{`[..., status_code = 404, bytes]`, prodLine, true},
		{`[..., status_code = 4*, bytes]`, apacheLine, false},
		{`[..., request = "GET /index.html HTTP/1.0", status_code, bytes]`, prodLine, true},
		{`[ip, ..., timestamp = "10/Oct/2000*", request, status_code, bytes]`, prodLine, true},
		// && and || inside a slot.
		{`[ip, ..., status_code = 404 || status_code = 410, bytes]`, prodLine, true},
		{`[ip, ..., status_code = 403 || status_code = 410, bytes]`, prodLine, false},
		{`[ip, ..., status_code >= 400 && status_code < 500, bytes]`, prodLine, true},
		{`[ip, ..., status_code >= 400 && status_code < 404, bytes]`, prodLine, false},
		{`[w1 = ERROR, w2]`, "ERROR disk", true},
		{`[w1 = ERROR, w2]`, "ERROR disk full", false},
		{`[w1 = ERROR, ...]`, "ERROR disk full", true},
		{`[w1 != ERROR && w1 != WARNING, w2]`, "INFO started", true},
		{`[w1 != ERROR && w1 != WARNING, w2]`, "WARNING started", false},
		{`[w1 = ERROR || (w1 = WARN* && w1 != WARNING), ...]`, "WARN x", true},
		{`[w1 = ERROR || (w1 = WARN* && w1 != WARNING), ...]`, "WARNING x", false},
		// Ellipses anywhere, several at once.
		{`[...]`, "", true},
		{`[...]`, "a b c", true},
		{`[..., ...]`, "a", true},
		{`[a, ...]`, "", false},
		{`[..., a]`, "x", true},
		{`[..., user = frank, ..., status = 200, ...]`, apacheLine, true},
		{`[..., user = frank, ..., status = 404, ...]`, apacheLine, false},
		{`[ip, ..., x = b, y = c, ..., last]`, "1 a b c d b c z", true},
		{`[ip, ..., x = b, y = d, ..., last]`, "1 a b c d b c z", false},
		{`[first, ..., x = z]`, "z", false},
		{`[..., x = a, ..., y = a, ...]`, "a", false},
		{`[..., x = a, ..., y = a, ...]`, "a a", true},
		// Numbers compare numerically with fields written as numbers.
		{`[n = 1534]`, "1534.0", true},
		{`[n = 1.534e3]`, "1534", true},
		{`[n = 15]`, "fifteen", false},
		{`[n != 15]`, "fifteen", true},
		{`[n > -1]`, "0", true},
		{`[n > -1]`, "-", false},
		{`[n < 1e-3]`, "0.0001", true},
		// Regex values.
		{`[ip, ..., request = %^GET%, status, bytes]`, prodLine, true},
		{`[ip, ..., request = %^POST%, status, bytes]`, prodLine, false},
		{`[ip = %^127\.0\.0\.1$%, ...]`, prodLine, true},
		{`[..., status = %^4\d\d$%, bytes != %^0$%]`, prodLine, true},
		// The lone wildcard matches any field, even an empty quoted one.
		{`[a = *, b]`, `"" x`, true},
	})
}

func TestDelimitedMatchFields(t *testing.T) {
	p, err := Parse(`[ip, user, username, timestamp, request = "*html*", status_code = 4*, bytes]`)
	if err != nil {
		t.Fatal(err)
	}
	ok, fields := p.MatchFields(prodLine)
	if !ok {
		t.Fatal("MatchFields did not match")
	}
	want := map[string]string{
		"$ip": "127.0.0.1", "$user": "Prod", "$username": "frank",
		"$timestamp": "10/Oct/2000:13:25:15 -0700", "$request": "GET /index.html HTTP/1.0",
		"$status_code": "404", "$bytes": "1534",
	}
	if !maps.Equal(fields, want) {
		t.Errorf("fields = %q, want %q", fields, want)
	}

	p, err = Parse(`[..., user = frank, ..., status = 200, bytes]`)
	if err != nil {
		t.Fatal(err)
	}
	ok, fields = p.MatchFields(apacheLine)
	want = map[string]string{"$user": "frank", "$status": "200", "$bytes": "1534"}
	if !ok || !maps.Equal(fields, want) {
		t.Errorf("MatchFields = %v, %q, want %q", ok, fields, want)
	}
	if got, ok := p.Extract(apacheLine, "$bytes"); !ok || got != "1534" {
		t.Errorf("Extract($bytes) = %q, %v", got, ok)
	}
	for _, sel := range []string{"$nope", "bytes", "$", "$.bytes"} {
		if got, ok := p.Extract(apacheLine, sel); ok {
			t.Errorf("Extract(%q) = %q, want none", sel, got)
		}
	}
	if _, ok := p.Extract(prodLine, "$bytes"); ok {
		t.Error("Extract from a non-matching message succeeded")
	}
}

// TestDelimitedManyFields covers messages and patterns larger than the
// stack buffers.
func TestDelimitedManyFields(t *testing.T) {
	const n = 100
	words := make([]string, n)
	names := make([]string, n)
	for i := range words {
		words[i] = "w"
		names[i] = "f" + strconv.Itoa(i)
	}
	names[n-1] += " = w"
	msg := strings.Join(words, " ")
	p, err := Parse("[" + strings.Join(names, ", ") + "]")
	if err != nil {
		t.Fatal(err)
	}
	ok, fields := p.MatchFields(msg)
	if !ok || len(fields) != n || fields["$f99"] != "w" {
		t.Errorf("MatchFields = %v with %d fields", ok, len(fields))
	}
	p, err = Parse("[..., a = w, ..., b = x]")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Match(msg + " x") {
		t.Error("long message did not match")
	}
}

func TestDelimitedRequiredTerms(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{`[ip, ...]`, nil},
		{`[a = "*html*", b = 4*, c = 404, d != x, e = %^GET\s/x%]`, []string{"html", "4", "GET", "/x"}},
		{`[a = x || a = y, b = q && b != r]`, []string{"q"}},
		{`[a = "GET /index.html HTTP/1.0"]`, []string{"GET /index.html HTTP/1.0"}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.pattern, err)
		}
		assertStrings(t, "RequiredTerms of "+tt.pattern, p.RequiredTerms(), tt.want)
	}
}
