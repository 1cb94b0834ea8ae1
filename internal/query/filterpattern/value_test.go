package filterpattern

import (
	"math"
	"testing"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"", "a", false},
		{"abc", "abc", true},
		{"abc", "abcd", false},
		{"*", "", true},
		{"*", "anything", true},
		{"a*", "a", true},
		{"a*", "abc", true},
		{"a*", "ba", false},
		{"*c", "abc", true},
		{"*c", "cb", false},
		{"a*c", "ac", true},
		{"a*c", "abbc", true},
		{"a*c", "abcd", false},
		{"aa*aa", "aaa", false},
		{"aa*aa", "aaaa", true},
		{"*.html*", "GET /index.html HTTP/1.0", true},
		{"*a*b*c*", "xxaxxbxxcxx", true},
		{"*a*b*c*", "xxcxxbxxaxx", false},
		{"**", "", true},
		{"a**b", "ab", true},
		{"123.123.*", "111.111.111.111", false},
		{"111.111.*", "111.111.111.111", true},
	}
	for _, tt := range tests {
		g := compileGlob(tt.pattern)
		if got := g.match(tt.s); got != tt.want {
			t.Errorf("glob %q match %q = %v, want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		s    string
		want float64
		ok   bool
	}{
		{"0", 0, true},
		{"-12", -12, true},
		{"+12", 12, true},
		{"1.5", 1.5, true},
		{"1.", 1, true},
		{".5", 0.5, true},
		{"-.5e1", -5, true},
		{"1e3", 1000, true},
		{"1E+3", 1000, true},
		{"1e-3", 0.001, true},
		{"007", 7, true},
		{"1e999", math.Inf(1), true},
		{"", 0, false},
		{"-", 0, false},
		{".", 0, false},
		{"e3", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"0x10", 0, false},
		{"inf", 0, false},
		{"NaN", 0, false},
		{"1_000", 0, false},
		{"1 ", 0, false},
		{"1.2.3", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.s)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("parseNumber(%q) = %v, %v, want %v, %v", tt.s, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCompare(t *testing.T) {
	num := func(s string) value { n, _ := parseNumber(s); return value{kind: valNumber, text: s, num: n} }
	str := func(s string) value { return value{kind: valString, text: s, glob: compileGlob(s)} }
	tests := []struct {
		op   cmpOp
		v    value
		s    scalar
		want bool
	}{
		{cmpEq, num("5"), scalar{scalarNumber, "5.0"}, true},
		{cmpEq, num("5"), scalar{scalarString, "5"}, true},
		{cmpEq, num("5"), scalar{scalarString, "five"}, false},
		{cmpNe, num("5"), scalar{scalarString, "five"}, true},
		{cmpEq, num("5"), scalar{scalarBool, "true"}, false},
		{cmpNe, num("5"), scalar{scalarBool, "true"}, false},
		{cmpEq, num("5"), scalar{kind: scalarNull}, false},
		{cmpNe, num("5"), scalar{kind: scalarNull}, false},
		{cmpEq, str("*"), scalar{kind: scalarNull}, true},
		{cmpNe, str("*"), scalar{scalarString, "x"}, false},
		{cmpEq, str("tr*"), scalar{scalarBool, "true"}, true},
		{cmpEq, str("5*"), scalar{scalarNumber, "50"}, true},
		{cmpLt, num("5"), scalar{scalarNumber, "4.99"}, true},
		{cmpLe, num("5"), scalar{scalarNumber, "5"}, true},
		{cmpGt, num("5"), scalar{scalarString, "6"}, true},
		{cmpGe, num("5"), scalar{scalarString, "x"}, false},
		{cmpGt, num("5"), scalar{scalarBool, "true"}, false},
		{cmpGt, str("5"), scalar{scalarNumber, "6"}, false},
	}
	for _, tt := range tests {
		if got := compare(tt.op, &tt.v, tt.s); got != tt.want {
			t.Errorf("compare(%v, %q, %+v) = %v, want %v", tt.op, tt.v.text, tt.s, got, tt.want)
		}
	}
}
