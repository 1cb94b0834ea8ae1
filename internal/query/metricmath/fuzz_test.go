package metricmath

import (
	"errors"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

var parseSeeds = []string{
	"m1",
	"SUM(METRICS('errors')) / SUM(METRICS(\"requests\")) * 100",
	"IF((DAY(m1) < 6 AND (HOUR(m1) >= 9 AND HOUR(m1) < 17)), m1)",
	"FILL(METRICS(), REPEAT) + FILL(m1, LINEAR) - FILL(m2, 0)",
	"SORT(METRICS(), AVG, DESC, 10)",
	"SLICE(SORT(METRICS(), SUM, DESC), 0, 10)",
	"SEARCH(' {AWS/EC2,InstanceId} MetricName=\"CPUUtilization\" ', 'Average', 300)",
	"LAST(ANOMALY_DETECTION_BAND(m1, 3))",
	"-m1 ^ 2 ^ -0.5 * NOT m2 || m3 != 4 && m1 <= .5e3",
	"[m1, METRICS('x'), e1] / TIME_SERIES(PERIOD(m1))",
	"RATE(m1) + DIFF(m2) + DIFF_TIME(m3) + RUNNING_SUM(e1)",
	"STDDEV(REMOVE_EMPTY(e1)) + DATAPOINT_COUNT(m1) + METRIC_COUNT(e1)",
	"MINUTE(m1) + MONTH(m1) + YEAR(m1) + EPOCH(m1) + DATE(m1)",
	"ABS(CEIL(FLOOR(LOG(LOG10(SQRT(m1))))))",
	"FOO(m1)", "m1 +", "(", "'", "SEARCH('{', 'Sum')", "1e999", "[]", "SUM(m1,)",
}

// FuzzParse checks that Parse never panics, that its errors are well
// formed, and that whatever parses prints to a fixed point of Parse and
// String.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 4096 {
			t.Skip()
		}
		e, err := Parse(src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Msg == "" || pe.Pos < 0 || pe.Pos > len(src) || !errors.Is(err, model.ErrInvalidParameter) {
				t.Fatalf("Parse(%q): bad error %#v", src, err)
			}
			return
		}
		s := e.String()
		e2, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", src, s, err)
		}
		if s2 := e2.String(); s2 != s {
			t.Fatalf("Parse(%q): printing is not stable:\n%q\n%q", src, s, s2)
		}
		_ = Refs(e)
	})
}

// fuzzMetrics are the metrics matched against fuzzed SEARCH queries.
var fuzzMetrics = []testMetric{
	{"AWS/EC2", "CPUUtilization", map[string]string{"InstanceId": "i-0abc"}},
	{"MyApp", "CustomCount1", map[string]string{"Stage": "prod", "Region": "eu"}},
	{"My Namespace", "Network-Errors_2", nil},
}

// FuzzSearchParse checks that ParseSearch never panics, that its errors
// are well formed, and that the canonical form reads back to a query that
// prints and matches the same.
func FuzzSearchParse(f *testing.F) {
	for _, s := range []string{
		` {AWS/EC2,InstanceId} MetricName="CPUUtilization" `,
		`{AWS/Lambda,FunctionName} MetricName="Errors" OR (MetricName="Invocations" AND (ProjectA OR ProjectB))`,
		` {"My Namespace", "Dimension@Name"}, "Custom:Name[Special_Characters" `,
		`"Europe\\France Traffic\(Network\)" NOT NOT x`,
		`NOT Namespace=AWS network/errors :aws.AccountId = 'LOCAL'`,
		`{`, `(a`, `a=`, `""=x`, `-`, "é", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		q, err := ParseSearch(src)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Msg == "" || pe.Pos < 0 || pe.Pos > len(src) {
				t.Fatalf("ParseSearch(%q): bad error %#v", src, err)
			}
			return
		}
		s := q.String()
		q2, err := ParseSearch(s)
		if err != nil {
			t.Fatalf("ParseSearch(%q) printed %q, which does not parse: %v", src, s, err)
		}
		if s2 := q2.String(); s2 != s {
			t.Fatalf("ParseSearch(%q): printing is not stable:\n%q\n%q", src, s, s2)
		}
		for _, m := range fuzzMetrics {
			if q.Matches(m.ns, m.name, m.dims) != q2.Matches(m.ns, m.name, m.dims) {
				t.Fatalf("ParseSearch(%q) and its canonical form %q match %v differently", src, s, m)
			}
		}
	})
}

// exprGen builds a random expression from fuzz bytes, so that the
// evaluator fuzzer spends its time on expressions that parse.
type exprGen struct {
	data  []byte
	i     int
	names []string
}

func (g *exprGen) next() int {
	if g.i >= len(g.data) {
		return 0
	}
	g.i++
	return int(g.data[g.i-1])
}

func (g *exprGen) pick(options ...string) string { return options[g.next()%len(options)] }

// funcNames lists the function table in a fixed order. It cannot be a
// package variable: the table is filled by init, after those.
func funcNames() []string {
	var names []string
	for name := range funcs {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (g *exprGen) expr(depth int) string {
	choice := g.next() % 7
	if depth > 4 {
		choice = 0
	}
	switch choice {
	case 1:
		return g.expr(depth+1) + " " + g.pick("+", "-", "*", "/", "^", "<", "<=", ">", ">=", "==", "!=", "AND", "OR") + " " + g.expr(depth+1)
	case 2:
		return g.pick("-", "NOT ") + g.expr(depth+1)
	case 3, 4:
		name := g.names[g.next()%len(g.names)]
		spec := funcs[name]
		n := spec.min + g.next()%2
		if spec.max >= 0 && n > spec.max {
			n = spec.max
		}
		args := make([]string, n)
		for i := range args {
			rule := spec.rule(i)
			switch {
			case len(rule.keywords) > 0 && (rule.kwOnly || g.next()%2 == 0):
				args[i] = g.pick(rule.keywords...)
			case rule.strOnly && name == "SEARCH" && i == 0:
				args[i] = g.pick(`'cpu'`, `'{AWS/EC2,InstanceId} MetricName="CPUUtilization"'`)
			case rule.strOnly || (rule.str && g.next()%2 == 0):
				args[i] = g.pick(`'m'`, `''`, `'Sum'`, `'2'`)
			default:
				args[i] = g.expr(depth + 1)
			}
		}
		return name + "(" + strings.Join(args, ", ") + ")"
	case 5:
		return "[" + g.expr(depth+1) + ", " + g.expr(depth+1) + "]"
	case 6:
		return "(" + g.expr(depth+1) + ")"
	}
	return g.pick("m1", "m2", "m3", "e1", "0", "1", "2", "0.5", "60", "1e308", "3")
}

// seriesFrom builds a series of up to 10 one-minute slots from fuzz bytes.
func (g *exprGen) series(label string) Series {
	s := Series{Label: label}
	for i := range 10 {
		b := g.next()
		if b%3 == 0 {
			continue
		}
		s.Timestamps = append(s.Timestamps, t0+int64(i)*step)
		s.Values = append(s.Values, float64(b-128)/8)
	}
	return s
}

// FuzzEval evaluates random expressions over random series: no panic, and
// every result is a well-formed series.
func FuzzEval(f *testing.F) {
	f.Add("", []byte{})
	f.Add("", []byte{3, 1, 5, 200, 7, 9, 13, 2, 4, 1, 1, 0, 3, 250, 6, 6, 6})
	f.Add("", []byte("\x04\x10\x00\x01\x05\x03\x09\x02\x01\x06\x01\x00\x02"))
	for _, s := range parseSeeds {
		f.Add(s, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	}
	f.Fuzz(func(t *testing.T, src string, data []byte) {
		if len(src) > 2048 || len(data) > 4096 {
			t.Skip()
		}
		g := &exprGen{data: data, names: funcNames()}
		e, err := Parse(src)
		if err != nil {
			if e, err = Parse(g.expr(0)); err != nil {
				t.Fatalf("generated expression does not parse: %v", err)
			}
		}
		m1, m2, m3 := g.series("m1"), g.series("m2"), g.series("m3")
		env := Env{
			Results: []Result{
				{ID: "m1", Metric: true, Period: step, Series: []Series{m1}},
				{ID: "m2", Metric: true, Series: []Series{m2}},
				{ID: "m3", Metric: true, Period: 2 * step, Series: []Series{m3}},
				{ID: "e1", Array: true, Series: []Series{m2, m3, {Label: "empty"}}},
			},
			Search: func(string, string, int) ([]Series, error) { return []Series{m3, m1}, nil },
			Band:   shiftBand,
		}
		opts := testOpts(10)
		if g.next()%2 == 0 {
			opts.Now = t0 + int64(g.next()%12)*step
		}
		res, err := Eval(e, env, opts)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Eval(%s): empty error", e)
			}
			return
		}
		if !res.Array && len(res.Series) != 1 {
			t.Fatalf("Eval(%s): %d series but not an array", e, len(res.Series))
		}
		for _, s := range res.Series {
			if err := checkSeries(s); err != nil {
				t.Fatalf("Eval(%s): %v", e, err)
			}
			if s.ID != "e1" || s.Label == "" {
				t.Fatalf("Eval(%s): series id %q label %q", e, s.ID, s.Label)
			}
			if slices.ContainsFunc(s.Values, func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }) {
				t.Fatalf("Eval(%s): a value is not finite: %v", e, s.Values)
			}
		}
	})
}
