package metricmath

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// docEnv holds the series of the CloudWatch user guide examples.
func docEnv() Env {
	return Env{Results: []Result{
		metric("metric1", 30, 20, 0, 0),
		metric("metric2", 20, na, 20, na),
		metric("m1", 1, 2, 3, 4),
		metric("m2", 4, na, 0, 2),
		metric("zero", 0, 0, 0, 0),
		metric("empty"),
	}}
}

// TestEvalSingle covers expressions whose result is one time series.
func TestEvalSingle(t *testing.T) {
	tests := []struct {
		expr string
		want []float64
	}{
		// The comparison examples of "Using metric math".
		{"metric1 < metric2", []float64{0, 0, 1, 0}},
		{"metric1 >= 30", []float64{1, 0, 0, 0}},
		{"metric1 > 15 AND metric2 > 15", []float64{1, 0, 0, 0}},
		{"metric1 > 15 && metric2 > 15", []float64{1, 0, 0, 0}},
		{"metric1 > 25 OR metric2 > 15", []float64{1, 0, 1, 0}},
		{"metric1 == 0", []float64{0, 0, 1, 1}},
		{"metric1 != 0", []float64{1, 1, 0, 0}},
		{"metric1 <= 20", []float64{0, 1, 1, 1}},
		{"NOT metric1", []float64{0, 0, 1, 1}},
		// Arithmetic: a point missing from one side counts as 0.
		{"m1 + m2", []float64{5, 2, 3, 6}},
		{"m1 - m2", []float64{-3, 2, 3, 2}},
		{"m1 * m2", []float64{4, 0, 0, 8}},
		{"m1 ^ 2", []float64{1, 4, 9, 16}},
		{"2 ^ m1", []float64{2, 4, 8, 16}},
		{"-m1", []float64{-1, -2, -3, -4}},
		{"5 * m1", []float64{5, 10, 15, 20}},
		{"m1 / 2", []float64{0.5, 1, 1.5, 2}},
		{"12 / m1", []float64{12, 6, 4, 3}},
		// Division by zero drops the point, whether the 0 is a value or a
		// missing point.
		{"m1 / m2", []float64{0.25, na, na, 2}},
		{"m1 / zero", []float64{na, na, na, na}},
		{"m2 / m2", []float64{1, na, na, 1}},
		{"m1 / 0", []float64{na, na, na, na}},
		// Numbers with no value make every point vanish.
		{"m1 - AVG(empty)", []float64{na, na, na, na}},
		{"m1 > AVG(empty)", []float64{na, na, na, na}},
		{"m1 + 1 / 0", []float64{na, na, na, na}},
		// Scalars from functions broadcast.
		{"m1 - AVG(m1)", []float64{-1.5, -0.5, 0.5, 1.5}},
		{"m1 / MAX(m1)", []float64{0.25, 0.5, 0.75, 1}},
		{"PERIOD(m1) / 60 * m1", []float64{1, 2, 3, 4}},
		{"empty + 1", []float64{na, na, na, na}},
		{"empty + m1", []float64{1, 2, 3, 4}},
		// Overflow is not a number either.
		{"m1 * 1e308 * 10", []float64{na, na, na, na}},
	}
	env := docEnv()
	for _, tt := range tests {
		res, err := evalString(t, tt.expr, env, testOpts(4))
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if res.Array || len(res.Series) != 1 {
			t.Errorf("%s: got %d series (array %v), want one", tt.expr, len(res.Series), res.Array)
			continue
		}
		if got := slotsOf(t, res.Series[0], 4); !sameSlots(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

// TestEvalArrays covers operators and arrays of time series.
func TestEvalArrays(t *testing.T) {
	env := Env{Results: []Result{
		metric("m1", 1, 2, na),
		metric("m2", 10, na, 30),
		metric("m3", 2, 2, 2),
		{ID: "e1", Array: true, Series: []Series{ser("only", 5, 5, 5)}},
	}}
	tests := []struct {
		expr   string
		labels []string
		want   [][]float64
	}{
		{"METRICS() * 100", []string{"m1 label", "m2 label", "m3 label"}, [][]float64{{100, 200, na}, {1000, na, 3000}, {200, 200, 200}}},
		{"100 / [m1, m2]", []string{"m1 label", "m2 label"}, [][]float64{{100, 50, na}, {10, na, 100 / 30.0}}},
		{"[m1, m2] / m3", []string{"m1 label", "m2 label"}, [][]float64{{0.5, 1, 0}, {5, 0, 15}}},
		{"m3 - [m1, m2]", []string{"m1 label", "m2 label"}, [][]float64{{1, 0, 2}, {-8, 2, -28}}},
		{"-[m1, m2]", []string{"m1 label", "m2 label"}, [][]float64{{-1, -2, na}, {-10, na, -30}}},
		{"[m1, METRICS('m3')]", []string{"m1 label", "m3 label"}, [][]float64{{1, 2, na}, {2, 2, 2}}},
		{"e1", []string{"only"}, [][]float64{{5, 5, 5}}},
		{"e1 + 1", []string{"only"}, [][]float64{{6, 6, 6}}},
	}
	for _, tt := range tests {
		res, err := evalString(t, tt.expr, env, testOpts(3))
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if !res.Array || len(res.Series) != len(tt.want) {
			t.Errorf("%s: got %d series (array %v), want an array of %d", tt.expr, len(res.Series), res.Array, len(tt.want))
			continue
		}
		for i, s := range res.Series {
			if s.Label != tt.labels[i] || s.ID != "e1" {
				t.Errorf("%s: series %d is %s/%q, want e1/%q", tt.expr, i, s.ID, s.Label, tt.labels[i])
			}
			if got := slotsOf(t, s, 3); !sameSlots(got, tt.want[i]) {
				t.Errorf("%s: series %d = %v, want %v", tt.expr, i, got, tt.want[i])
			}
		}
	}
}

func TestEvalLabels(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 1), metric("m2", 2), {ID: "e9", Array: true, Series: []Series{ser("", 3)}}}}
	tests := []struct {
		expr, id, label string
		want            []string
	}{
		{"m1 * 2", "e1", "", []string{"e1"}},
		{"m1 * 2", "e1", "Doubled", []string{"Doubled"}},
		{"METRICS()", "e1", "", []string{"m1 label", "m2 label"}},
		{"METRICS()", "e1", "Filled:", []string{"Filled: m1 label", "Filled: m2 label"}},
		{"e9", "e2", "", []string{"e2"}},
		{"e9", "e2", "X", []string{"X"}},
	}
	for _, tt := range tests {
		res, err := evalString(t, tt.expr, env, Options{ID: tt.id, Label: tt.label, Period: step, Start: t0, End: t0 + step})
		if err != nil {
			t.Fatalf("%s: %v", tt.expr, err)
		}
		var got []string
		for _, s := range res.Series {
			got = append(got, s.Label)
			if s.ID != tt.id {
				t.Errorf("%s: id %q, want %q", tt.expr, s.ID, tt.id)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s with label %q: labels %q, want %q", tt.expr, tt.label, got, tt.want)
		}
		if res.ID != tt.id || res.Period != step {
			t.Errorf("%s: result %s/%d", tt.expr, res.ID, res.Period)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	env := Env{Results: []Result{
		metric("m1", 1, 2),
		{ID: "e1", Array: true, Series: []Series{ser("a", 1)}},
		{ID: "bad", Metric: true, Series: []Series{{Timestamps: []int64{2, 1}, Values: []float64{1, 2}}}},
		{ID: "short", Metric: true, Series: []Series{{Timestamps: []int64{1}}}},
	}}
	tests := []struct {
		expr string
		kind error
		msg  string
	}{
		{"AVG(m1)", model.ErrInvalidParameter, "must produce a time series or an array of time series, but it produces a number"},
		{"5", model.ErrInvalidParameter, "produces a number"},
		{"m9 + 1", model.ErrInvalidParameter, "Unrecognized id: m9"},
		{"METRICS('m') + e1", model.ErrInvalidParameter, "cannot combine two arrays"},
		{"AVG(5)", model.ErrInvalidParameter, "AVG expects a time series or an array of time series, not a number"},
		{"DIFF(5)", model.ErrInvalidParameter, "DIFF expects"},
		{"[m1, 5]", model.ErrInvalidParameter, "an array can hold only time series, not a number (5)"},
		{"FIRST(5)", model.ErrInvalidParameter, "FIRST expects an array of time series"},
		{"SLICE(METRICS('m'), -1)", model.ErrInvalidParameter, "argument 2 of SLICE must be a whole number of 0 or more, not -1"},
		{"SLICE(METRICS('m'), 0.5)", model.ErrInvalidParameter, "not 0.5"},
		{"SLICE(METRICS('m'), 1/0)", model.ErrInvalidParameter, "not a number with no value"},
		{"SORT(METRICS('m'), SUM, ASC, 0)", model.ErrInvalidParameter, "the limit of SORT must be 1 or more"},
		{"PERIOD(e1)", model.ErrInvalidParameter, "PERIOD accepts only the id of a metric"},
		{"PERIOD(m1 * 2)", model.ErrInvalidParameter, "PERIOD accepts only the id of a metric"},
		{"TIME_SERIES(m1)", model.ErrInvalidParameter, "TIME_SERIES expects a number"},
		{"IF(m1, [m1, m1], [m1, m1, m1])", model.ErrInvalidParameter, "IF cannot combine arrays of 2 and 3 time series"},
		{"bad + 1", model.ErrInternal, `cannot read the result of bad: series "" has timestamps out of order at index 1`},
		{"short", model.ErrInternal, `series "" has 1 timestamps but 0 values`},
		{"SUM(METRICS('bad'))", model.ErrInternal, "cannot read the result of bad"},
		{"INSIGHT_RULE_METRIC('r', 'Sum')", model.ErrInvalidParameter, "INSIGHT_RULE_METRIC is not supported: it reads Contributor Insights rules"},
		{"SERVICE_QUOTA(m1)", model.ErrInvalidParameter, "SERVICE_QUOTA is not supported"},
		{"MINUTE(5)", model.ErrInvalidParameter, "MINUTE expects a time series"},
		{"METRIC_COUNT(5)", model.ErrInvalidParameter, "METRIC_COUNT expects an array"},
	}
	for _, tt := range tests {
		_, err := evalString(t, tt.expr, env, testOpts(2))
		if err == nil {
			t.Errorf("%s: no error", tt.expr)
			continue
		}
		if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: error %q (%v), want %v containing %q", tt.expr, err, errors.Is(err, tt.kind), tt.kind, tt.msg)
		}
	}
}

// TestEvalHandBuilt runs trees that Parse would reject: Eval must fail
// cleanly, not panic.
func TestEvalHandBuilt(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 1)}}
	m1 := &Ref{ID: "m1"}
	tests := []struct {
		e   Expr
		msg string
	}{
		{nil, "the expression is empty"},
		{&Call{Func: "NOPE"}, "Unrecognized function: NOPE"},
		{&Call{Func: "ABS"}, "ABS takes 1 argument, not 0"},
		{&Binary{Op: OpAdd, X: m1, Y: &StringLit{Value: "x"}}, "the operator + cannot take a string"},
		{&Binary{Op: OpAdd, X: &Keyword{Name: "REPEAT"}, Y: m1}, "the operator + cannot take the keyword REPEAT"},
		{&Binary{Op: OpNeg, X: m1, Y: m1}, "- is not a binary operator"},
		{&Unary{Op: OpAdd, X: m1}, "+ is not a unary operator"},
		{&Unary{Op: OpNeg, X: &StringLit{Value: "x"}}, "the operator - cannot take a string"},
		{&Binary{Op: OpAdd, X: m1, Y: nil}, "the expression is incomplete"},
		{&Call{Func: "FILL", Args: []Expr{m1, &Keyword{Name: "DESC"}}}, "FILL fills with a number, a time series, REPEAT or LINEAR, not the keyword DESC"},
		{&Call{Func: "SORT", Args: []Expr{m1, &Number{Value: 1}, &Keyword{Name: "ASC"}}}, "argument 2 of SORT must be one of"},
		{&Call{Func: "SORT", Args: []Expr{m1, &Keyword{Name: "P99"}, &Keyword{Name: "ASC"}}}, "not P99"},
		{&Call{Func: "SORT", Args: []Expr{m1, &Keyword{Name: "SUM"}, &Keyword{Name: "UP"}}}, "argument 3 of SORT must be ASC or DESC"},
		{&Call{Func: "METRICS", Args: []Expr{m1}}, "METRICS takes a string in quotes, not a time series"},
		{&Call{Func: "SEARCH", Args: []Expr{m1, m1}}, "SEARCH takes a query and a statistic"},
		{&Call{Func: "SEARCH", Args: []Expr{&StringLit{Value: "{"}, &StringLit{Value: "Sum"}}}, "Syntax error at position 2"},
		{&Call{Func: "IF", Args: []Expr{m1, &StringLit{Value: "x"}}}, "IF expects numbers and time series, not a string"},
	}
	for _, tt := range tests {
		_, err := Eval(tt.e, env, testOpts(1))
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Eval(%v): error %v, want %q", tt.e, err, tt.msg)
		}
	}
	deep := Expr(m1)
	for range maxDepth + 5 {
		deep = &Unary{Op: OpNeg, X: deep}
	}
	if _, err := Eval(deep, env, testOpts(1)); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("deep tree: %v", err)
	}
}

// TestEvalDoesNotModifyInputs checks that input series come out intact.
func TestEvalDoesNotModifyInputs(t *testing.T) {
	env := Env{Results: []Result{metric("m1", 1, na, 3), metric("m2", 4, 5, na)}}
	before := [][]float64{slotsOf(t, env.Results[0].Series[0], 3), slotsOf(t, env.Results[1].Series[0], 3)}
	for _, expr := range []string{
		"FILL(METRICS(), LINEAR)", "SORT(METRICS(), SUM, DESC)", "RUNNING_SUM(METRICS()) * 2",
		"IF(m1, m2, m1)", "SUM(METRICS())", "-METRICS()", "ABS([m1, m2])",
	} {
		if _, err := evalString(t, expr, env, testOpts(3)); err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
	}
	for i := range before {
		if got := slotsOf(t, env.Results[i].Series[0], 3); !sameSlots(got, before[i]) {
			t.Errorf("input %d changed: %v, was %v", i, got, before[i])
		}
	}
	if env.Results[0].Series[0].Label != "m1 label" {
		t.Errorf("input label changed")
	}
}

func TestScalarNaN(t *testing.T) {
	if v := scalar(math.Inf(1)); !math.IsNaN(v.num) {
		t.Errorf("scalar(+Inf) = %v, want NaN", v.num)
	}
}
