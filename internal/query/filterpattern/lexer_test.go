package filterpattern

import (
	"strconv"
	"strings"
	"testing"
)

func TestLexer(t *testing.T) {
	tests := []struct {
		src  string
		want string // kind:text@pos, space-separated
	}{
		{`{ $.a[0].b = "x y" }`, `{@0 $.a[0].b@2 =@11 "x y"@13 }@19 EOF@20`},
		{`($.a!=1&&$.b<=-2.5e3)||$.c>=x`, `(@0 $.a@1 !=@4 1@6 &&@7 $.b@9 <=@12 -2.5e3@14 )@20 ||@21 $.c@23 >=@26 x@28 EOF@29`},
		{`[a, ..., b > 1, c = %^x%]`, `[@0 a@1 ,@2 ...@4 ,@7 b@9 >@11 1@13 ,@14 c@16 =@18 %^x%@20 ]@24 EOF@25`},
		{`"a\"b\\c\d"`, `"a\"b\c\d"@0 EOF@11`},
		{` 5* api.* a@b.com `, `5*@1 api.*@4 a@b.com@10 EOF@18`},
	}
	for _, tt := range tests {
		lx := lexer{src: tt.src, selectors: true}
		var got []string
		for {
			tok, err := lx.next()
			if err != nil {
				t.Fatalf("lexing %q: %v", tt.src, err)
			}
			s := tok.text
			switch tok.kind {
			case tokEOF:
				s = "EOF"
			case tokString:
				s = quote(tok.text)
			case tokRegex:
				s = "%" + tok.text + "%"
			}
			got = append(got, s+"@"+strconv.Itoa(tok.pos))
			if tok.kind == tokEOF {
				break
			}
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("lex(%q) =\n  %s\nwant\n  %s", tt.src, g, tt.want)
		}
	}
}

func TestQuoteRoundTrip(t *testing.T) {
	for _, s := range []string{"", "plain", `a"b`, `a\b`, `\`, `\\"`, `\\`, `\"\`, `a\\b\`, `"`, "tab\there", "é"} {
		q := quote(s)
		got, end, err := scanQuoted(q, 0)
		if err != nil || got != s || end != len(q) {
			t.Errorf("scanQuoted(quote(%q) = %q) = %q, %d, %v", s, q, got, end, err)
		}
	}
}
