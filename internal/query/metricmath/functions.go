package metricmath

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// evalFunc computes a call from its evaluated arguments. The arguments
// have been counted against the spec, but their kinds are the function's
// to check.
type evalFunc func(ev *evaluator, c *Call, args []value) (value, error)

// argRule says what one argument position accepts besides an ordinary
// expression.
type argRule struct {
	str      bool     // a string literal
	strOnly  bool     // a string literal, and nothing else
	keywords []string // these bare keywords
	kwOnly   bool     // one of the keywords, and nothing else
}

func (r argRule) allows(kw string) bool { return slices.Contains(r.keywords, kw) }

// describe explains why got (a keyword, "a string" or "" for an ordinary
// expression) is wrong at argument i of fn.
func (r argRule) describe(fn string, i int, got string) string {
	switch {
	case r.strOnly:
		return fmt.Sprintf("argument %d of %s must be a string in quotes", i+1, fn)
	case len(r.keywords) > 0:
		return fmt.Sprintf("argument %d of %s must be one of %s", i+1, fn, strings.Join(r.keywords, ", "))
	}
	return fmt.Sprintf("%s cannot be argument %d of %s", got, i+1, fn)
}

// funcSpec describes one function.
type funcSpec struct {
	min, max int // max < 0: no upper bound
	rules    []argRule
	// anyStr lets every argument be a string: used by the functions
	// OpenWatch recognises but does not run, so that their calls parse and
	// fail with a clear message.
	anyStr bool
	eval   evalFunc
}

func (s *funcSpec) rule(i int) argRule {
	if s.anyStr {
		return argRule{str: true}
	}
	if i < len(s.rules) {
		return s.rules[i]
	}
	return argRule{}
}

// arityError returns why n arguments are wrong for the function, or "".
func (s *funcSpec) arityError(name string, n int) string {
	if n >= s.min && (s.max < 0 || n <= s.max) {
		return ""
	}
	var want string
	switch {
	case s.max < 0:
		want = fmt.Sprintf("at least %d", s.min)
	case s.min == s.max:
		want = fmt.Sprintf("%d", s.min)
	default:
		want = fmt.Sprintf("%d to %d", s.min, s.max)
	}
	noun := "arguments"
	if want == "1" || want == "at least 1" {
		noun = "argument"
	}
	return fmt.Sprintf("%s takes %s %s, not %d", name, want, noun, n)
}

// funcs is the function table, keyed by upper-case name. It is filled by
// init because the evaluators refer back to it through evalCall.
var funcs map[string]*funcSpec

func lookupFunc(name string) *funcSpec { return funcs[name] }

var (
	fillKeywords  = []string{"LINEAR", "REPEAT"}
	sortFunctions = []string{"AVG", "MAX", "MIN", "SUM"}
	sortOrders    = []string{"ASC", "DESC"}
)

func init() {
	one := func(f evalFunc) *funcSpec { return &funcSpec{min: 1, max: 1, eval: f} }
	unsupported := func(min, max int, why string) *funcSpec {
		return &funcSpec{min: min, max: max, anyStr: true, eval: unsupportedFunc(why)}
	}
	funcs = map[string]*funcSpec{
		"ABS":   one(pointwise(math.Abs)),
		"CEIL":  one(pointwise(math.Ceil)),
		"FLOOR": one(pointwise(math.Floor)),
		"LOG":   one(pointwise(math.Log)),
		"LOG10": one(pointwise(math.Log10)),
		"SQRT":  one(pointwise(math.Sqrt)),

		"AVG":             one(aggregate(aggAvg)),
		"MAX":             one(aggregate(aggMax)),
		"MIN":             one(aggregate(aggMin)),
		"SUM":             one(aggregate(aggSum)),
		"STDDEV":          one(aggregate(aggStddev)),
		"DATAPOINT_COUNT": one(aggregate(aggCount)),
		"METRIC_COUNT":    one(evalMetricCount),

		"DIFF":        one(perSeries(diffSeries)),
		"DIFF_TIME":   one(perSeries(diffTimeSeries)),
		"RATE":        one(perSeries(rateSeries)),
		"RUNNING_SUM": one(perSeries(runningSumSeries)),

		"FILL": {min: 2, max: 2, rules: []argRule{{}, {keywords: fillKeywords}}, eval: evalFill},
		"IF":   {min: 2, max: 3, eval: evalIf},

		"METRICS":      {min: 0, max: 1, rules: []argRule{{str: true, strOnly: true}}, eval: evalMetrics},
		"FIRST":        one(evalFirst),
		"LAST":         one(evalLast),
		"REMOVE_EMPTY": one(evalRemoveEmpty),
		"CONCAT":       {min: 1, max: -1, eval: evalConcat},
		"SLICE":        {min: 2, max: 3, eval: evalSlice},
		"SORT": {min: 3, max: 4, rules: []argRule{
			{}, {keywords: sortFunctions, kwOnly: true}, {keywords: sortOrders, kwOnly: true},
		}, eval: evalSort},

		"TIME_SERIES": one(evalTimeSeries),
		"PERIOD":      one(evalPeriod),
		"MINUTE":      one(timeFunc(minuteOf)),
		"HOUR":        one(timeFunc(hourOf)),
		"DAY":         one(timeFunc(weekdayOf)),
		"DATE":        one(timeFunc(dateOf)),
		"MONTH":       one(timeFunc(monthOf)),
		"YEAR":        one(timeFunc(yearOf)),
		"EPOCH":       one(timeFunc(epochOf)),

		"SEARCH":                 {min: 2, max: 3, rules: []argRule{{str: true, strOnly: true}, {str: true, strOnly: true}}, eval: evalSearch},
		"ANOMALY_DETECTION_BAND": {min: 1, max: 2, eval: evalBand},

		"INSIGHT_RULE_METRIC": unsupported(2, 3, "it reads Contributor Insights rules, which OpenWatch does not have"),
		"SERVICE_QUOTA":       unsupported(1, 1, "it reads AWS service quotas, which OpenWatch does not have"),
		"LAMBDA":              unsupported(1, -1, "it calls AWS Lambda functions, which OpenWatch does not have"),
		"DB_PERF_INSIGHTS":    unsupported(3, 3, "it reads RDS Performance Insights, which OpenWatch does not have"),
	}
}
