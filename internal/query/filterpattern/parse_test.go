package filterpattern

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseKind(t *testing.T) {
	tests := []struct {
		pattern string
		want    Kind
	}{
		{"", Terms},
		{"   ", Terms},
		{`" "`, Terms},
		{"ERROR", Terms},
		{`"{ not json"`, Terms},
		{"%ERROR%", Regex},
		{"  %ERR[A-Z]+%  ", Regex},
		{"{ $.a = 1 }", JSON},
		{"\t{$.a=1}", JSON},
		{"[a, b]", SpaceDelimited},
		{" [...]", SpaceDelimited},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.pattern, err)
			continue
		}
		if p.Kind() != tt.want {
			t.Errorf("Parse(%q).Kind() = %v, want %v", tt.pattern, p.Kind(), tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Terms: "terms", JSON: "json", SpaceDelimited: "space-delimited", Regex: "regex", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", k, got, want)
		}
	}
}

// TestParseCanonical checks the canonical form of each construct and that
// it reads back to itself.
func TestParseCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{`" "`, ""},
		{"ERROR", "ERROR"},
		{"  ERROR   Exception ", "ERROR Exception"},
		{`"Failed to process the request"`, `"Failed to process the request"`},
		{`"ERROR"`, "ERROR"},
		{"user-id", `"user-id"`},
		{`?ERROR ?"WARN 1" -Exiting -"a b"`, `?ERROR ?"WARN 1" -Exiting -"a b"`},
		{`"say \"hi\""`, `"say \"hi\""`},
		{`"C:\temp"`, `"C:\temp"`},
		{`"a\\"`, `"a\\"`},
		{`"\\\""`, `"\\\""`},
		{`"x\\y"`, `"x\y"`},
		{`ab"cd"`, "ab cd"},
		{"%AUTHORIZED%", "%AUTHORIZED%"},
		{" %^[hc]at$% ", "%^[hc]at$%"},
		{`{$.eventType="UpdateTrail"}`, `{ $.eventType = "UpdateTrail" }`},
		{`{ $.sourceIPAddress != 123.123.* }`, `{ $.sourceIPAddress != "123.123.*" }`},
		{`{ $.latency = * }`, `{ $.latency = "*" }`},
		{`{ $.a >= -1.5e+3 }`, `{ $.a >= -1.5e+3 }`},
		{`{ $.a > "5" }`, `{ $.a > 5 }`},
		{`{ $.a = "5" }`, `{ $.a = "5" }`},
		{`{ $.a[007][1].b-c_d is null }`, `{ $.a[7][1].b-c_d IS NULL }`},
		{`{ $.a is true || $.b IS FALSE && $.c not exists }`, `{ $.a IS TRUE || $.b IS FALSE && $.c NOT EXISTS }`},
		{`{ (($.a = 1)) }`, `{ $.a = 1 }`},
		{`{ ($.a = 1 || $.b = 2) && $.c = 3 }`, `{ ($.a = 1 || $.b = 2) && $.c = 3 }`},
		{`{ ($.a = 1 && $.b = 2) || $.c = 3 }`, `{ $.a = 1 && $.b = 2 || $.c = 3 }`},
		{`{ $.a = 1 && ($.b = 2 && $.c = 3) }`, `{ $.a = 1 && $.b = 2 && $.c = 3 }`},
		{`{ $.msg = %Err[a-z]+% }`, `{ $.msg = %Err[a-z]+% }`},
		{`[ip,user,...,status=5*,bytes>1000]`, `[ip, user, ..., status = "5*", bytes > 1000]`},
		{`[w1!=ERROR&&w1!=WARNING, w2]`, `[w1 != "ERROR" && w1 != "WARNING", w2]`},
		{`[(s = 404 || s = 410) && s != 4, x]`, `[(s = 404 || s = 410) && s != 4, x]`},
		{`[a = %^GET%]`, `[a = %^GET%]`},
		{`[a = $x]`, `[a = "$x"]`},
		{`{ $.a = $x[0] }`, `{ $.a = "$x[0]" }`},
	}
	for _, tt := range tests {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		got := p.String()
		if got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			continue
		}
		p2, err := Parse(got)
		if err != nil {
			t.Errorf("Parse(%q) (canonical of %q): %v", got, tt.in, err)
			continue
		}
		if p2.String() != got {
			t.Errorf("canonical form of %q does not read back: %q", got, p2.String())
		}
	}
}

// TestParseErrors pins the message and position of malformed patterns.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		pattern string
		pos     int
		msg     string // substring of the message
	}{
		{`{ $.a =`, 7, `expected a value after "="`},
		{`{ $.a = }`, 8, `expected a value after "=", found "}"`},
		{`{ }`, 2, "expected a condition"},
		{`{`, 1, "expected a condition"},
		{`{ $.a = 1`, 9, `expected "&&", "||" or "}"`},
		{`{ $.a = 1 } x`, 12, `unexpected "x" after the closing "}"`},
		{`{ a = 1 }`, 2, "expected a selector"},
		{`{ $a = 1 }`, 2, `a selector starts with "$."`},
		{`{ $. = 1 }`, 3, `expected a field name after "."`},
		{`{ $.a[x] = 1 }`, 5, "expected an array index"},
		{`{ $.a[1 = 1 }`, 5, "expected an array index"},
		{`{ $.a[99999999999] = 1 }`, 6, "too large"},
		{`{ $.a.b! = 1 }`, 7, `expected "!="`},
		{`{ $.a@b = 1 }`, 5, `unexpected "@" in selector`},
		{`{ $.a }`, 6, "expected an operator, IS or NOT EXISTS after $.a"},
		{`{ $.a IS NOT NULL }`, 9, "IS NOT is not supported"},
		{`{ $.a IS EMPTY }`, 9, "expected NULL, TRUE or FALSE"},
		{`{ $.a NOT NULL }`, 10, "expected EXISTS after NOT"},
		{`{ $.a EXISTS }`, 6, "EXISTS is not supported"},
		{`{ $.a > abc }`, 8, `expected a number after ">"`},
		{`{ $.a > 5* }`, 8, `expected a number after ">"`},
		{`{ $.a < %x% }`, 8, "a regex can only follow = or !="},
		{`{ $.a = 1e999 }`, 8, "out of range"},
		{`{ $.a = 1 & $.b = 2 }`, 10, `expected "&&", found a single "&"`},
		{`{ $.a = 1 | $.b = 2 }`, 10, `expected "||", found a single "|"`},
		{`{ ($.a = 1 }`, 11, `to close the "(" at position 2`},
		{`{ $.a = "x }`, 8, "unterminated quoted string"},
		{`{ $.a = %x }`, 8, "unterminated regex"},
		{`{ $.a = %a% || $.b = %b% || $.c = %c% }`, 34, "at most 2 regexes"},
		{`{ $.a = %a(b)% }`, 10, "parentheses are not allowed"},
		{`{ $.a = %% }`, 8, "empty regex"},
		{`[`, 1, "expected a field name"},
		{`[]`, 1, "expected a field name"},
		{`[a, ]`, 4, "expected a field name"},
		{`[a b]`, 3, `expected an operator after "a"`},
		{`[a, a]`, 4, `field name "a" is used by two fields`},
		{`[a-b]`, 2, "invalid field name"},
		{`[a = 1 || b = 2]`, 10, `must test one field, "a", found "b"`},
		{`[a = 1`, 6, `expected "," or "]"`},
		{`[a] b`, 4, `unexpected "b" after the closing "]"`},
		{`[a = ]`, 5, `expected a value after "="`},
		{`[.., a]`, 1, "invalid field name"},
		{`[a = 1 || ...]`, 10, `"..." must stand alone`},
		{`[a = "x]`, 5, "unterminated quoted string"},
		{`?`, 0, `expected a term after "?"`},
		{`ERROR - x`, 6, `expected a term after "-"`},
		{`ERROR "abc`, 6, "unterminated quoted string"},
		{`ERROR %abc%`, 6, "a %regex% must be the whole pattern"},
		{`-%abc%`, 1, "a %regex% must be the whole pattern"},
		{`%abc% ERROR`, 6, "cannot be combined with other terms"},
		{`%abc`, 0, "unterminated regex"},
		{`%something!%`, 10, `character "!" is not allowed in a regex`},
		{`%a b%`, 2, "blanks are not allowed in a regex"},
		{`%é%`, 1, "multi-byte characters are not allowed"},
		{`%a{2,1}%`, 0, "invalid regex"},
		{`%a**%`, 0, "invalid regex"},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err == nil {
			t.Errorf("Parse(%q) = %q, want an error", tt.pattern, p.String())
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) error %T is not a *ParseError", tt.pattern, err)
			continue
		}
		if pe.Pos != tt.pos || !strings.Contains(pe.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %d %q, want %d %q", tt.pattern, pe.Pos, pe.Msg, tt.pos, tt.msg)
		}
		if pe.Pattern != tt.pattern {
			t.Errorf("Parse(%q) error carries pattern %q", tt.pattern, pe.Pattern)
		}
	}
}

// TestStringNearLengthLimit covers a pattern within the limit whose
// canonical form is not: String keeps it as given so it still parses.
func TestStringNearLengthLimit(t *testing.T) {
	conds := make([]string, 0, 120)
	for i := 0; len(strings.Join(conds, "&&")) < 1000; i++ {
		conds = append(conds, "$.a="+strconv.Itoa(i%10))
	}
	src := "{" + strings.Join(conds, "&&") + "}"
	if n := len(src); n > MaxPatternLength {
		t.Fatalf("test pattern has %d characters", n)
	}
	p, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != src {
		t.Errorf("String() = %q, want the pattern as given", p.String())
	}
	short, err := Parse("{$.a=1&&$.b=2}")
	if err != nil {
		t.Fatal(err)
	}
	if got := short.String(); got != "{ $.a = 1 && $.b = 2 }" {
		t.Errorf("String() = %q, want the canonical form", got)
	}
}

func TestParseLength(t *testing.T) {
	ok := strings.Repeat("é", MaxPatternLength) // 1024 characters, 2048 bytes
	if _, err := Parse(ok); err != nil {
		t.Errorf("Parse of %d characters: %v", MaxPatternLength, err)
	}
	_, err := Parse(ok + "x")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Pos != 2*MaxPatternLength || !strings.Contains(pe.Msg, "longer than 1024") {
		t.Errorf("Parse of %d characters: %v", MaxPatternLength+1, err)
	}
}
