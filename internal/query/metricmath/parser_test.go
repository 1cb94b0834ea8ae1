package metricmath

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestParseCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"m1", "m1"},
		{"m1+m2", "m1 + m2"},
		{"m1 + m2 * m3", "m1 + m2 * m3"},
		{"(m1 + m2) * m3", "(m1 + m2) * m3"},
		{"m1 - (m2 - m3)", "m1 - (m2 - m3)"},
		{"(m1 - m2) - m3", "m1 - m2 - m3"},
		{"m1 / (m2 * m3)", "m1 / (m2 * m3)"},
		{"2^3^2", "2 ^ 3 ^ 2"},
		{"(2^3)^2", "(2 ^ 3) ^ 2"},
		{"-m1^2", "-m1 ^ 2"},
		{"(-m1)^2", "(-m1) ^ 2"},
		{"-5*m1", "-5 * m1"},
		{"-(5*m1)", "-(5 * m1)"},
		{"- -m1", "--m1"},
		{"m1 - -m2", "m1 - -m2"},
		{"m1^-1", "m1 ^ (-1)"},
		{"m1 > 15 && m2 > 15", "m1 > 15 AND m2 > 15"},
		{"m1 < 1 || m2 >= 2 AND m3 != 3", "m1 < 1 OR m2 >= 2 AND m3 != 3"},
		{"(m1 OR m2) AND m3", "(m1 OR m2) AND m3"},
		{"NOT m1 > 5", "NOT m1 > 5"},
		{"NOT (m1 AND m2)", "NOT (m1 AND m2)"},
		{"(NOT m1) > 5", "(NOT m1) > 5"},
		{"m1 + NOT m2", "m1 + (NOT m2)"},
		{"m1 == m2 <= m3", "m1 == m2 <= m3"},
		{"1.50", "1.5"},
		{".5e1", "5"},
		{"1000000", "1e+06"},
		{"1E-7", "1e-07"},
		{"SUM(METRICS())", "SUM(METRICS())"},
		{`SUM(METRICS("errors"))/SUM(METRICS('requests'))*100`, "SUM(METRICS('errors')) / SUM(METRICS('requests')) * 100"},
		{`METRICS("it's")`, `METRICS("it's")`},
		{"SUM(100/[m1,m2])", "SUM(100 / [m1, m2])"},
		{"FILL(METRICS(),REPEAT)", "FILL(METRICS(), REPEAT)"},
		{"SORT(METRICS(), AVG, DESC, 10)", "SORT(METRICS(), AVG, DESC, 10)"},
		{"IF((DAY(m1)<6 AND (HOUR(m1)>=9 AND HOUR(m1)<17)),m1)", "IF(DAY(m1) < 6 AND (HOUR(m1) >= 9 AND HOUR(m1) < 17), m1)"},
		{"a AND b AND c", "a AND b AND c"},
		{` SEARCH(' {AWS/EC2,InstanceId} MetricName="CPUUtilization" ', 'Average', 300) `, `SEARCH(' {AWS/EC2,InstanceId} MetricName="CPUUtilization" ', 'Average', 300)`},
		{"ANOMALY_DETECTION_BAND(m1,4)", "ANOMALY_DETECTION_BAND(m1, 4)"},
		{"e1-MIN(e1)", "e1 - MIN(e1)"},
		{"errors_5xx / requests", "errors_5xx / requests"},
		{"[METRICS('4xx'), METRICS('5xx')]", "[METRICS('4xx'), METRICS('5xx')]"},
		{"INSIGHT_RULE_METRIC('rule', 'UniqueContributors')", "INSIGHT_RULE_METRIC('rule', 'UniqueContributors')"},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			continue
		}
		e2, err := Parse(tt.want)
		if err != nil {
			t.Errorf("Parse(%q) (canonical form): %v", tt.want, err)
		} else if got := e2.String(); got != tt.want {
			t.Errorf("canonical form %q prints as %q", tt.want, got)
		}
	}
}

func TestParseStructure(t *testing.T) {
	e, err := Parse("m1 - m2 * -3 ^ 2")
	if err != nil {
		t.Fatal(err)
	}
	sub, ok := e.(*Binary)
	if !ok || sub.Op != OpSub || sub.Pos() != 3 {
		t.Fatalf("root = %#v, want the - at 3", e)
	}
	mul, ok := sub.Y.(*Binary)
	if !ok || mul.Op != OpMul {
		t.Fatalf("right operand = %#v, want *", sub.Y)
	}
	neg, ok := mul.Y.(*Unary)
	if !ok || neg.Op != OpNeg {
		t.Fatalf("* right operand = %#v, want unary -", mul.Y)
	}
	if pow, ok := neg.X.(*Binary); !ok || pow.Op != OpPow {
		t.Fatalf("- operand = %#v, want ^", neg.X)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, "Syntax error at position 1: the expression is empty"},
		{"   ", 3, "Syntax error at position 4: the expression is empty"},
		{"FOO(m1)", 0, "Unrecognized function: FOO"},
		{"m1 + avg(m1)", 5, "Unrecognized function: avg"},
		{"m1 + * m2", 5, "Syntax error at position 6: unexpected *"},
		{"m1 +", 4, "Syntax error at position 5: the expression ends too early"},
		{"(m1 + m2", 8, "Syntax error at position 9: the expression ends too early"},
		{"m1 m2", 3, "Syntax error at position 4: unexpected m2"},
		{"m1 + 'x", 5, "Syntax error at position 6: the string is not closed"},
		{"m1 # 2", 3, `Syntax error at position 4: unexpected character '#'`},
		{"5m1", 1, `Syntax error at position 2: unexpected 'm' after the number 5`},
		{"1e999", 0, "Syntax error at position 1: the number 1e999 is out of range"},
		{"SUM()", 0, "Syntax error at position 1: SUM takes 1 argument, not 0"},
		{"SLICE(METRICS())", 0, "Syntax error at position 1: SLICE takes 2 to 3 arguments, not 1"},
		{"CONCAT()", 0, "Syntax error at position 1: CONCAT takes at least 1 argument, not 0"},
		{"FILL(m1, DESC)", 9, "Syntax error at position 10: argument 2 of FILL must be one of LINEAR, REPEAT"},
		{"SORT(METRICS(), AVERAGE, DESC)", 16, "Syntax error at position 17: argument 2 of SORT must be one of AVG, MAX, MIN, SUM"},
		{"SORT(METRICS(), AVG, 1)", 21, "Syntax error at position 22: argument 3 of SORT must be one of ASC, DESC"},
		{"m1 + REPEAT", 5, "Syntax error at position 6: unexpected REPEAT"},
		{"FILL(m1, REPEAT + 1)", 9, "Syntax error at position 10: unexpected REPEAT"},
		{"m1 + 'a'", 5, "Syntax error at position 6: a string is allowed only as an argument of METRICS or SEARCH"},
		{"METRICS(m1)", 8, "Syntax error at position 9: argument 1 of METRICS must be a string in quotes"},
		{"SEARCH('{AWS/EC2', 'Average')", 16, "Syntax error at position 17: in the SEARCH query, the search query ends too early"},
		{"SEARCH('', 'Average')", 8, "Syntax error at position 9: in the SEARCH query, a search needs a metric schema in braces, search terms, or both"},
		{"[]", 0, "Syntax error at position 1: an array needs at least one element"},
		{"m1 AND", 6, "Syntax error at position 7: the expression ends too early"},
		{"NOT", 3, "Syntax error at position 4: the expression ends too early"},
		{"m1 + OR", 5, "Syntax error at position 6: unexpected OR"},
		{"SUM(m1,)", 7, "Syntax error at position 8: unexpected )"},
		{"é + m1", 0, `Syntax error at position 1: unexpected character 'Ã'`},
		{"m1 + é", 5, `Syntax error at position 6: unexpected character 'Ã'`},
		{"é1 é2 + ", 0, `Syntax error at position 1: unexpected character 'Ã'`},
		{"_x", 0, `Syntax error at position 1: unexpected character '_'`},
		{strings.Repeat("(", 300) + "m1" + strings.Repeat(")", 300), 200, "Syntax error at position 201: the expression is nested too deeply"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) error = %v, want a *ParseError", tt.in, err)
			continue
		}
		if pe.Pos != tt.pos || pe.Msg != tt.msg {
			t.Errorf("Parse(%q) = {%d, %q}, want {%d, %q}", tt.in, pe.Pos, pe.Msg, tt.pos, tt.msg)
		}
		if !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("Parse(%q) error does not wrap ErrInvalidParameter", tt.in)
		}
	}
}

// TestParseErrorColumns checks that positions in messages count
// characters, not bytes.
func TestParseErrorColumns(t *testing.T) {
	_, err := Parse("METRICS('é') +")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Pos != 15 || pe.Msg != "Syntax error at position 15: the expression ends too early" {
		t.Fatalf("got %#v", err)
	}
}

func TestRefsAndCalls(t *testing.T) {
	e, err := Parse("IF(m1 > AVG(e1), m1 + m2, SUM(METRICS('x'))) / e1")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := Refs(e), []string{"m1", "e1", "m2"}; !slices.Equal(got, want) {
		t.Errorf("Refs = %v, want %v", got, want)
	}
	for name, want := range map[string]bool{"IF": true, "AVG": true, "METRICS": true, "SEARCH": false} {
		if got := Calls(e, name); got != want {
			t.Errorf("Calls(%s) = %v, want %v", name, got, want)
		}
	}
	n := 0
	Walk(e, func(Expr) bool { n++; return true })
	if n != 13 {
		t.Errorf("Walk visited %d nodes, want 13", n)
	}
	n = 0
	Walk(e, func(Expr) bool { n++; return false })
	if n != 1 {
		t.Errorf("Walk that stops at the root visited %d nodes", n)
	}
}

func TestOpString(t *testing.T) {
	for op, want := range map[Op]string{OpOr: "OR", OpNot: "NOT", OpNeg: "-", OpSub: "-", OpGe: ">=", OpPow: "^", Op(99): "Op(99)"} {
		if got := op.String(); got != want {
			t.Errorf("Op(%d).String() = %q, want %q", op, got, want)
		}
	}
}
