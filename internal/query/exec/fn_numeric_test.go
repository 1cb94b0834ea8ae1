package exec

import "testing"

func TestNumericFunctions(t *testing.T) {
	m := `{"a":-3.5,"b":2,"c":"9","big":1e308,"t":"text"}`
	runEvalCases(t, []evalCase{
		{"abs(a)", m, "3.5"},
		{"abs(t)", m, "<null>"},
		{"ceil(a)", m, "-3"},
		{"ceil(0.1)", m, "1"},
		{"floor(a)", m, "-4"},
		{"floor(-0.5) + 0", m, "-1"},
		{"ceil(-0.5)", m, "0"},
		{"greatest(a, b, c)", m, "9"},
		{"greatest(t, missing)", m, "<null>"},
		{"greatest(a, t)", m, "-3.5"},
		{"least(a, b, c)", m, "-3.5"},
		{"greatest(@timestamp, 5)", m, "2023-11-14 22:13:20.000"},
		{"log(1)", m, "0"},
		{"log(-1)", m, "<null>"},
		{"sqrt(c)", m, "3"},
		{"sqrt(a)", m, "<null>"},
		{"pow(b, 0.5)", m, "1.4142135623730951"},
		{"pow(big, 2)", m, "<null>"},
		{"mod(-7, 3)", m, "-1"},
		{"mod(7.5, 2)", m, "1.5"},
		{"mod(7, 0)", m, "<null>"},
		{"big * 10", m, "<null>"},
		{"0.1 + 0.2", m, "0.30000000000000004"},
		{"1e21", m, "1000000000000000000000"},
		{"-0 * 1", m, "0"},
	})
}
