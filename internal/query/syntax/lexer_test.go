package syntax

import (
	"fmt"
	"strings"
	"testing"
)

func lexAll(src string) []token {
	l := lexer{src: src}
	var out []token
	for {
		t := l.next()
		out = append(out, t)
		if t.kind == tEOF || t.kind == tIllegal {
			return out
		}
	}
}

func describe(t token) string {
	switch t.kind {
	case tIdent:
		s := "id:" + strings.Join(t.path, "|")
		if t.quoted {
			s += "(q)"
		}
		return s
	case tString:
		return fmt.Sprintf("str:%q", t.val)
	case tNumber:
		return fmt.Sprintf("num:%v", t.num)
	case tDuration:
		return "dur:" + t.dur.String()
	case tIllegal:
		return "bad:" + t.val
	case tEOF:
		return "EOF"
	}
	return "op:" + t.text
}

func TestLexer(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		var parts []string
		for _, tok := range lexAll(src) {
			parts = append(parts, describe(tok))
		}
		if got := strings.Join(parts, " "); got != want {
			t.Errorf("lex(%q) =\n  %s\nwant\n  %s", src, got, want)
		}
	}
	f("a.b.`c.d`.0", "id:a|b|c.d|0(q) EOF")
	f("@timestamp @@x.y", "id:@timestamp id:@@x|y EOF")
	f("`a``b`", "id:a`b(q) EOF")
	f("a. b", "id:a bad:unexpected character")
	f("5m 100ms 2hours 1MO 3qtrs", "dur:5m dur:100ms dur:2h dur:1mo dur:3q EOF")
	f("1.5 .25 1e3 2E-2", "num:1.5 num:0.25 num:1000 num:0.02 EOF")
	f("1.5m", "bad:a time period needs a positive whole number before its unit")
	f("0s", "bad:a time period needs a positive whole number before its unit")
	f("5parsecs", `bad:unknown time unit "parsecs" (use ms, s, m, h, d, w, mo, q or y)`)
	f(`"a\"b" 'c\'d' "e\nf" "g\dh"`, `str:"a\"b" str:"c'd" str:"e\nf" str:"g\\dh" EOF`)
	f(`"open`, "bad:unterminated string")
	f("!= <= >= =~ = < > + - * / % ^ | , ( ) [ ] :", "op:!= op:<= op:>= op:=~ op:= op:< op:> op:+ op:- op:* op:/ op:% op:^ op:| op:, op:( op:) op:[ op:] op:: EOF")
	f("a # comment | b\nc", "id:a id:c EOF")
	f("é", "bad:unexpected character")
}

func TestLexRegex(t *testing.T) {
	f := func(src, want string) {
		t.Helper()
		l := lexer{src: src}
		tok := l.regexFrom(0)
		got := describe(tok)
		if tok.kind == tRegex {
			got = "re:" + tok.val + " rest:" + src[l.pos:]
		}
		if got != want {
			t.Errorf("regexFrom(%q) = %s, want %s", src, got, want)
		}
	}
	f(`/abc/ | x`, "re:abc rest: | x")
	f(`/a\/b/`, `re:a\/b rest:`)
	f(`/[/]x/y`, "re:[/]x rest:y")
	f(`/abc`, "bad:unterminated regular expression")
	f(`/ab\`, "bad:unterminated regular expression")
}

func TestPosition(t *testing.T) {
	cases := []struct {
		src  string
		off  int
		want string
	}{
		{"fields x", 7, "position 8"},
		{"fields é | x", 10, "position 10"},
		{"a\nbc", 3, "line 2, column 2"},
		{"a\nbc", 99, "line 2, column 3"},
	}
	for _, c := range cases {
		if got := position(c.src, c.off); got != c.want {
			t.Errorf("position(%q, %d) = %q, want %q", c.src, c.off, got, c.want)
		}
	}
}
