package exec

import (
	"testing"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// evalOn evaluates expr (as written in a fields command) on a row read from
// an event with the given message and timestamp.
func evalOn(t *testing.T, expr, message string, ts int64) Value {
	t.Helper()
	q, err := syntax.Parse("fields " + expr + " as v")
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	c := &compiler{}
	f, err := c.compile(q.Commands[0].(*syntax.FieldsCmd).Items[0].Expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	ev := &Event{Timestamp: ts, IngestionTime: ts + 1000, Message: message, LogStream: "s", LogGroup: "1:/g", Ptr: "p"}
	r := &row{limits: &discoveryLimits{maxFields: 1000}}
	r.reset(ev, 0)
	return f(r)
}

// evalCase is one row of a function table: the expression, the message it
// runs on, and the printed result ("<null>" for null).
type evalCase struct {
	expr, msg, want string
}

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		v := evalOn(t, c.expr, c.msg, 1_700_000_000_000)
		got := v.String()
		if v.IsNull() {
			got = "<null>"
		}
		if got != c.want {
			t.Errorf("%s on %s = %q, want %q", c.expr, c.msg, got, c.want)
		}
	}
}

// Every function of the catalog has an implementation.
func TestEveryFunctionImplemented(t *testing.T) {
	for _, f := range syntax.Functions() {
		if f.Aggregate() {
			if aggFactories[f.Name] == nil {
				t.Errorf("aggregate %s has no implementation", f.Name)
			}
		} else if scalarFuncs[f.Name] == nil {
			t.Errorf("function %s has no implementation", f.Name)
		}
	}
	if len(scalarFuncs)+len(aggFactories) != len(syntax.Functions()) {
		t.Errorf("%d implementations for %d functions", len(scalarFuncs)+len(aggFactories), len(syntax.Functions()))
	}
}

func TestOperators(t *testing.T) {
	m := `{"n":5,"s":"5","t":"abc","z":0,"neg":-2,"f":1.5}`
	runEvalCases(t, []evalCase{
		{"n + 1", m, "6"},
		{"s * 2", m, "10"},
		{"t + 1", m, "<null>"},
		{"n - f", m, "3.5"},
		{"n / 2", m, "2.5"},
		{"n / z", m, "<null>"},
		{"n % 3", m, "2"},
		{"n % z", m, "<null>"},
		{"2 ^ 10", m, "1024"},
		{"neg ^ 0.5", m, "<null>"},
		{"-n", m, "-5"},
		{"-t", m, "<null>"},
		{"n = s", m, "1"},
		{"n = 5.0", m, "1"},
		{"s = \"5.0\"", m, "0"},
		{"t = \"abc\"", m, "1"},
		{"missing = missing", m, "0"},
		{"n != 4", m, "1"},
		{"missing != 4", m, "0"},
		{"n > 4 and n < 6", m, "1"},
		{"t > \"abb\"", m, "1"},
		{"s >= 10", m, "0"},
		{"missing < 1", m, "0"},
		{"not missing", m, "1"},
		{"not t", m, "0"},
		{"z or t", m, "1"},
		{"t like \"b\"", m, "1"},
		{"t like /^B/", m, "0"},
		{"t like /(?i)^B/", m, "0"},
		{"t =~ /(?i)^A/", m, "1"},
		{"t not like \"x\"", m, "1"},
		{"missing not like \"x\"", m, "0"},
		{"n in [1, \"5\"]", m, "1"},
		{"n not in [1, 2]", m, "1"},
		{"missing not in [1]", m, "0"},
		{"@timestamp = 1700000000000", m, "1"},
		{"@timestamp > \"2023-11-14 22:13:19.999\"", m, "1"},
		{"@timestamp - 1000", m, "1699999999000"},
		{"@ingestionTime", m, "2023-11-14 22:13:21.000"},
		{"@log", m, "1:/g"},
		{"@ptr", m, "p"},
	})
}
