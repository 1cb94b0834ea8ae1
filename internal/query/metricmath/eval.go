package metricmath

import (
	"fmt"
	"math"
)

// Env is what an expression can see besides its own text.
type Env struct {
	// Results are the queries of the request the expression may name, in
	// request order (METRICS() lists metrics in this order). The caller
	// evaluates expressions after the queries they name; Refs tells which.
	Results []Result
	// Search runs a SEARCH; nil where SEARCH is not allowed (alarms).
	Search SearchFunc
	// Band computes an anomaly detection band; nil when no anomaly model
	// is available.
	Band BandFunc
}

// SearchFunc runs the query of SEARCH(query, stat, period) against the
// metrics of the account and returns one series per matching metric,
// labelled as CloudWatch labels search results. The query has been checked
// with ParseSearch; period is the third argument or, when it is omitted,
// Options.Period. Errors are returned wrapped, with their kind intact.
type SearchFunc func(query, stat string, period int) ([]Series, error)

// BandFunc returns the anomaly detection band of s, stddevs standard
// deviations wide, as two series over the timestamps it has a model for.
type BandFunc func(s Series, stddevs float64) (lower, upper Series, err error)

// Options are the parameters of one evaluation.
type Options struct {
	// ID and Label are the expression's query id and label. Results get
	// ID as their id; a single series is labelled Label (or ID when Label
	// is empty), and each series of an array gets Label followed by the
	// label of the series it came from.
	ID, Label string
	// Period is the expression's period in seconds. It spaces the points
	// of the non-sparse series that FILL, TIME_SERIES and the time
	// functions produce, and it is the period of a SEARCH that gives none.
	Period int
	// Start and End bound the request, [Start, End) in epoch seconds.
	// Start is the first period boundary, as the metrics service aligns it.
	Start, End int64
	// Now, when set, is the current time: non-sparse series end at it
	// instead of running into the future.
	Now int64
}

type kind int

const (
	kScalar kind = iota
	kSeries
	kArray
	kString
	kKeyword
)

// value is an intermediate result.
type value struct {
	kind kind
	num  float64  // kScalar; NaN means "no value"
	str  string   // kString, kKeyword
	list []Series // kSeries: exactly one; kArray: any number
	ref  *Result  // set when the value is a direct reference to a query
}

func scalar(v float64) value {
	if !finite(v) {
		v = math.NaN()
	}
	return value{kind: kScalar, num: v}
}

func single(s Series) value      { return value{kind: kSeries, list: []Series{s}} }
func array(ss []Series) value    { return value{kind: kArray, list: ss} }
func (v value) isSeries() bool   { return v.kind == kSeries }
func (v value) isArray() bool    { return v.kind == kArray }
func (v value) isNumeric() bool  { return v.kind == kScalar || v.kind == kSeries || v.kind == kArray }
func (v value) series() Series   { return v.list[0] }
func (v value) isTimeData() bool { return v.kind == kSeries || v.kind == kArray }

// describe names the kind of v for error messages.
func (v value) describe() string {
	switch v.kind {
	case kScalar:
		return "a number"
	case kSeries:
		return "a time series"
	case kArray:
		return "an array of time series"
	case kString:
		return "a string"
	}
	return "the keyword " + v.str
}

// Eval evaluates e over env. The result is a single series or an array of
// them, with ids and labels set from opts; an expression whose value is a
// single number is an error, as in CloudWatch. Errors wrap
// model.ErrInvalidParameter when the expression cannot be computed with
// these inputs, and keep the kind of errors returned by the callbacks.
func Eval(e Expr, env Env, opts Options) (Result, error) {
	ev := &evaluator{env: env, opts: opts, byID: make(map[string]*Result, len(env.Results))}
	for i := range env.Results {
		r := &env.Results[i]
		if _, dup := ev.byID[r.ID]; !dup {
			ev.byID[r.ID] = r
		}
	}
	if e == nil {
		return Result{}, invalid("the expression is empty")
	}
	v, err := ev.eval(e)
	if err != nil {
		return Result{}, err
	}
	res := Result{ID: opts.ID, Period: opts.Period}
	switch v.kind {
	case kSeries:
		s := v.series()
		s.ID = opts.ID
		s.Label = opts.Label
		if s.Label == "" {
			s.Label = opts.ID
		}
		res.Series = []Series{s}
	case kArray:
		res.Array = true
		res.Series = make([]Series, len(v.list))
		for i, s := range v.list {
			s.ID = opts.ID
			switch {
			case s.Label == "" && opts.Label == "":
				s.Label = opts.ID
			case s.Label == "":
				s.Label = opts.Label
			case opts.Label != "":
				s.Label = opts.Label + " " + s.Label
			}
			res.Series[i] = s
		}
	default:
		return Result{}, invalid("the expression must produce a time series or an array of time series, but it produces %s", v.describe())
	}
	return res, nil
}

type evaluator struct {
	env   Env
	opts  Options
	byID  map[string]*Result
	depth int
}

func (ev *evaluator) eval(e Expr) (value, error) {
	ev.depth++
	defer func() { ev.depth-- }()
	if ev.depth > maxDepth {
		return value{}, invalid("the expression is nested too deeply")
	}
	switch n := e.(type) {
	case *Number:
		return scalar(n.Value), nil
	case *StringLit:
		return value{kind: kString, str: n.Value}, nil
	case *Keyword:
		return value{kind: kKeyword, str: n.Name}, nil
	case *Ref:
		return ev.lookup(n.ID)
	case *Unary:
		x, err := ev.eval(n.X)
		if err != nil {
			return value{}, err
		}
		return unaryOp(n, x)
	case *Binary:
		x, err := ev.eval(n.X)
		if err != nil {
			return value{}, err
		}
		y, err := ev.eval(n.Y)
		if err != nil {
			return value{}, err
		}
		return binaryOp(n, x, y)
	case *Array:
		var list []Series
		for _, el := range n.Elems {
			v, err := ev.eval(el)
			if err != nil {
				return value{}, err
			}
			if !v.isTimeData() {
				return value{}, invalid("an array can hold only time series, not %s (%s)", v.describe(), el)
			}
			list = append(list, v.list...)
		}
		return array(list), nil
	case *Call:
		return ev.call(n)
	case nil:
		return value{}, invalid("the expression is incomplete")
	}
	return value{}, invalid("unknown expression node %T", e)
}

func (ev *evaluator) lookup(id string) (value, error) {
	r, ok := ev.byID[id]
	if !ok {
		return value{}, invalid("Unrecognized id: %s", id)
	}
	for _, s := range r.Series {
		if err := checkSeries(s); err != nil {
			return value{}, fmt.Errorf("cannot read the result of %s: %w", id, err)
		}
	}
	var v value
	if r.Array || len(r.Series) != 1 {
		v = array(r.Series)
	} else {
		v = single(r.Series[0])
	}
	v.ref = r
	return v, nil
}

func (ev *evaluator) call(c *Call) (value, error) {
	spec := lookupFunc(c.Func)
	if spec == nil {
		return value{}, invalid("Unrecognized function: %s", c.Func)
	}
	if msg := spec.arityError(c.Func, len(c.Args)); msg != "" {
		return value{}, invalid("%s", msg)
	}
	args := make([]value, len(c.Args))
	for i, a := range c.Args {
		v, err := ev.eval(a)
		if err != nil {
			return value{}, err
		}
		args[i] = v
	}
	return spec.eval(ev, c, args)
}

// period is the period of v's points: that of the query v names directly,
// else the expression's.
func (ev *evaluator) period(v value) int {
	if v.ref != nil && v.ref.Period > 0 {
		return v.ref.Period
	}
	return ev.opts.Period
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// opFunc returns the arithmetic of a binary operator. Any NaN operand (a
// number with no value) gives NaN, so that comparisons with it do not
// invent a 0.
func opFunc(op Op) func(x, y float64) float64 {
	var f func(x, y float64) float64
	switch op {
	case OpAdd:
		return func(x, y float64) float64 { return x + y }
	case OpSub:
		return func(x, y float64) float64 { return x - y }
	case OpMul:
		return func(x, y float64) float64 { return x * y }
	case OpDiv:
		return func(x, y float64) float64 { return x / y }
	case OpPow:
		return math.Pow
	case OpEq:
		f = func(x, y float64) float64 { return b2f(x == y) }
	case OpNe:
		f = func(x, y float64) float64 { return b2f(x != y) }
	case OpLt:
		f = func(x, y float64) float64 { return b2f(x < y) }
	case OpLe:
		f = func(x, y float64) float64 { return b2f(x <= y) }
	case OpGt:
		f = func(x, y float64) float64 { return b2f(x > y) }
	case OpGe:
		f = func(x, y float64) float64 { return b2f(x >= y) }
	case OpAnd:
		f = func(x, y float64) float64 { return b2f(x != 0 && y != 0) }
	case OpOr:
		f = func(x, y float64) float64 { return b2f(x != 0 || y != 0) }
	default:
		return nil
	}
	return func(x, y float64) float64 {
		if math.IsNaN(x) || math.IsNaN(y) {
			return math.NaN()
		}
		return f(x, y)
	}
}

func binaryOp(n *Binary, x, y value) (value, error) {
	f := opFunc(n.Op)
	if f == nil {
		return value{}, invalid("%s is not a binary operator", n.Op)
	}
	if !x.isNumeric() || !y.isNumeric() {
		bad := x
		if x.isNumeric() {
			bad = y
		}
		return value{}, invalid("the operator %s cannot take %s", n.Op, bad.describe())
	}
	switch {
	case x.kind == kScalar && y.kind == kScalar:
		return scalar(f(x.num, y.num)), nil
	case x.isArray() && y.isArray():
		return value{}, invalid("the operator %s cannot combine two arrays of time series", n.Op)
	case x.isArray():
		out := make([]Series, len(x.list))
		for i, s := range x.list {
			out[i] = seriesOp(s, y, s.Label, f, false)
		}
		return array(out), nil
	case y.isArray():
		out := make([]Series, len(y.list))
		for i, s := range y.list {
			out[i] = seriesOp(s, x, s.Label, f, true)
		}
		return array(out), nil
	case x.isSeries():
		label := x.series().Label
		if y.isSeries() {
			label = n.String()
		}
		return single(seriesOp(x.series(), y, label, f, false)), nil
	default:
		return single(seriesOp(y.series(), x, y.series().Label, f, true)), nil
	}
}

// seriesOp computes s op other (or other op s when flipped), where other
// is a number or a single series.
func seriesOp(s Series, other value, label string, f func(x, y float64) float64, flipped bool) Series {
	if other.kind == kScalar {
		k := other.num
		var out Series
		if flipped {
			out = mapSeries(s, func(_ int64, v float64) float64 { return f(k, v) })
		} else {
			out = mapSeries(s, func(_ int64, v float64) float64 { return f(v, k) })
		}
		out.Label = label
		return out
	}
	if flipped {
		return combine(other.series(), s, label, f)
	}
	return combine(s, other.series(), label, f)
}

func unaryOp(n *Unary, x value) (value, error) {
	var f func(float64) float64
	switch n.Op {
	case OpNeg:
		f = func(v float64) float64 { return -v }
	case OpNot:
		f = func(v float64) float64 {
			if math.IsNaN(v) {
				return v
			}
			return b2f(v == 0)
		}
	default:
		return value{}, invalid("%s is not a unary operator", n.Op)
	}
	if !x.isNumeric() {
		return value{}, invalid("the operator %s cannot take %s", n.Op, x.describe())
	}
	return mapValue(x, f), nil
}

// mapValue applies f to a number or to every point of every series,
// keeping labels.
func mapValue(x value, f func(float64) float64) value {
	if x.kind == kScalar {
		return scalar(f(x.num))
	}
	out := make([]Series, len(x.list))
	for i, s := range x.list {
		out[i] = mapSeries(s, func(_ int64, v float64) float64 { return f(v) })
	}
	if x.isArray() {
		return array(out)
	}
	return single(out[0])
}
