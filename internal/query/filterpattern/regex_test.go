package filterpattern

import (
	"strings"
	"testing"
)

func TestRegexMatch(t *testing.T) {
	runMatchCases(t, []matchCase{
		// AWS's examples.
		{"%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", true},
		{"%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", true},
		{"%AUTHORIZED%", "[SUCCESS 200] authorized", false},
		{`%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}%`, "from 10.0.12.7 port 22", true},
		{`%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}%`, "from host port 22", false},
		{"%[Ee]rror|[Ff]ail%", "an error", true},
		{"%[Ee]rror|[Ff]ail%", "Failed", true},
		{"%[Ee]rror|[Ff]ail%", "all good", false},
		{"%^[hc]at%", "hat trick", true},
		{"%^[hc]at%", "that", false},
		{"%[hc]at$%", "that", true},
		{"%[hc]at$%", "cats", false},
		{"%colou?r%", "color", true},
		{"%colou?r%", "colour", true},
		{"%a{3,5}%", "baaab", true},
		{"%a{3,5}%", "baab", false},
		{"%gray|grey%", "greyhound", true},
		{`%10\.10\.0\.1%`, "ip 10.10.0.1", true},
		{`%10\.10\.0\.1%`, "ip 10a10b0c1", false},
		{"%[abcx-z]%", "y", true},
		{"%[abcx-z]%", "d", false},
		{`%key=val;x,y@z/w#1:2-3_4%`, "key=val;x,y@z/w#1:2-3_4", true},
		{`%\w+\s\S+%`, "ab cd", true},
	})
}

func TestRegexCharacterRules(t *testing.T) {
	allowed := "%aZ09_#=@/;,-:^$?[]{}|\\*+.%"
	// Individually valid RE2 forms of each allowed symbol.
	for _, re := range []string{"%a_#=@/;,-:%", "%^a$%", "%a?%", "%[a]%", "%a{1}%", "%a|b%", `%\.%`, "%a*%", "%a+%", "%.%"} {
		if _, err := Parse(re); err != nil {
			t.Errorf("Parse(%q): %v", re, err)
		}
	}
	for c := 0; c < 128; c++ {
		ch := byte(c)
		if strings.IndexByte(allowed, ch) >= 0 || isASCIIAlnum(ch) || ch == '%' {
			continue
		}
		pat := "%a" + string(ch) + "%"
		if _, err := Parse(pat); err == nil {
			t.Errorf("Parse(%q) accepted a disallowed character", pat)
		}
	}
}

func TestRegexCountLimit(t *testing.T) {
	ok := []string{
		`{ $.a = %x% || $.b = %y% }`,
		`[a = %x%, b != %y%]`,
	}
	for _, p := range ok {
		if _, err := Parse(p); err != nil {
			t.Errorf("Parse(%q): %v", p, err)
		}
	}
	bad := []string{
		`{ $.a = %x% || $.b = %y% || $.c = %z% }`,
		`[a = %x%, b = %y% || b = %z%]`,
	}
	for _, p := range bad {
		if _, err := Parse(p); err == nil || !strings.Contains(err.Error(), "at most 2 regexes") {
			t.Errorf("Parse(%q) = %v, want the regex limit", p, err)
		}
	}
}

func TestRegexRequiredTerms(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string
	}{
		{"%AUTHORIZED%", []string{"AUTHORIZED"}},
		{`%^ERROR\s\d+x%`, []string{"ERROR", "x"}},
		{"%gray|grey%", []string{"gr"}}, // RE2 factors it to gr(?:a|e)y
		{"%cat|dog%", nil},
		{"%colou?r%", []string{"colo", "r"}},
		{`%[Ee]rror%`, []string{"rror"}},
		{`%a\x{FFFD}b%`, nil},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.pattern, err)
		}
		assertStrings(t, "RequiredTerms of "+tt.pattern, p.RequiredTerms(), tt.want)
	}
}
