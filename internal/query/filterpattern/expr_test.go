package filterpattern

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// shape prints e as nested and(...)/or(...) over leaf indexes.
func shape(e *boolExpr) string {
	if e.op == opLeaf {
		return strconv.Itoa(e.leaf)
	}
	parts := make([]string, len(e.kids))
	for i, k := range e.kids {
		parts[i] = shape(k)
	}
	name := "and"
	if e.op == opOr {
		name = "or"
	}
	return name + "(" + strings.Join(parts, " ") + ")"
}

func TestBoolExprShape(t *testing.T) {
	tests := []struct {
		pattern  string
		shape    string
		required []int
	}{
		{`{ $.a = 1 }`, "0", []int{0}},
		{`{ $.a = 1 && $.b = 2 || $.c = 3 }`, "or(and(0 1) 2)", nil},
		{`{ $.a = 1 || $.b = 2 && $.c = 3 }`, "or(0 and(1 2))", nil},
		{`{ ($.a = 1 || $.b = 2) && $.c = 3 }`, "and(or(0 1) 2)", []int{2}},
		{`{ $.a = 1 && ($.b = 2 && ($.c = 3)) && $.d = 4 }`, "and(0 1 2 3)", []int{0, 1, 2, 3}},
		{`{ (($.a = 1 || $.b = 2) || $.c = 3) }`, "or(0 1 2)", nil},
		{`{ $.a = 1 && ($.b = 2 || $.c = 3 && $.d = 4) }`, "and(0 or(1 and(2 3)))", []int{0}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.pattern, err)
		}
		e := p.m.(*jsonPattern).expr
		if got := shape(e); got != tt.shape {
			t.Errorf("Parse(%q) shape = %s, want %s", tt.pattern, got, tt.shape)
		}
		if got := e.requiredLeaves(); !slices.Equal(got, tt.required) {
			t.Errorf("Parse(%q) required leaves = %v, want %v", tt.pattern, got, tt.required)
		}
	}
}
