package metricstore

import (
	"math"
	"strconv"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
)

// StatKind is the family of a Statistic.
type StatKind uint8

// Statistic families. See
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html
const (
	StatSampleCount StatKind = iota
	StatSum
	StatAverage
	StatMinimum
	StatMaximum
	// StatPercentile is pNN: the value at percentile P.
	StatPercentile
	// StatTrimmedMean is TM(lo:hi): the mean of the values within the bounds.
	StatTrimmedMean
	// StatWinsorizedMean is WM(lo:hi): the mean after values outside the
	// bounds are moved to the nearest bound.
	StatWinsorizedMean
	// StatTrimmedCount is TC(lo:hi): how many values are within the bounds.
	StatTrimmedCount
	// StatTrimmedSum is TS(lo:hi): the sum of the values within the bounds.
	StatTrimmedSum
	// StatPercentileRank is PR(lo:hi): the percentage of values within the
	// bounds.
	StatPercentileRank
)

// Statistic is a statistic a Query computes per period. Build it with
// ParseStatistic; the zero value is SampleCount.
//
// Bounds of the trimmed families are percentiles when Percent is set, as in
// TM(10%:90%), and values otherwise, as in TM(150:1000) or PR(:300). A value
// v is within value bounds when Lo < v ≤ Hi; percentile bounds keep the
// samples whose ranks lie between Lo% and Hi% of the count. A missing lower
// bound is 0% or -Inf, a missing upper one 100% or +Inf.
type Statistic struct {
	Kind    StatKind
	P       float64 // the percentile of StatPercentile, 0 to 100
	Lo, Hi  float64
	Percent bool
	name    string
}

// String returns the statistic as it was parsed, e.g. "p99.9" or
// "TM(10%:90%)".
func (s Statistic) String() string {
	if s.name == "" {
		return "SampleCount"
	}
	return s.name
}

// needsSketch reports whether the statistic is computed from the quantile
// sketch rather than from count, sum, minimum and maximum.
func (s Statistic) needsSketch() bool { return s.Kind >= StatPercentile }

var simpleStats = map[string]StatKind{
	"SampleCount": StatSampleCount,
	"Sum":         StatSum,
	"Average":     StatAverage,
	"Minimum":     StatMinimum,
	"Maximum":     StatMaximum,
}

var rangeStats = map[string]StatKind{
	"TM": StatTrimmedMean,
	"WM": StatWinsorizedMean,
	"TC": StatTrimmedCount,
	"TS": StatTrimmedSum,
	"PR": StatPercentileRank,
}

// ParseStatistic parses a CloudWatch statistic: SampleCount, Sum, Average,
// Minimum, Maximum, pNN (p99, p99.9), IQM, the shorthands tmNN, wmNN, tcNN
// and tsNN (bounds 0% to NN%), and TM, WM, TC, TS or PR with explicit
// bounds, e.g. TM(10%:90%), TS(:95%), TC(0.005:0.030) or PR(:300).
func ParseStatistic(text string) (Statistic, error) {
	bad := func() (Statistic, error) {
		return Statistic{}, model.Errorf(model.ErrInvalidParameter, "invalid statistic %q", text)
	}
	if k, ok := simpleStats[text]; ok {
		return Statistic{Kind: k, name: text}, nil
	}
	if text == "IQM" {
		return Statistic{Kind: StatTrimmedMean, Lo: 25, Hi: 75, Percent: true, name: text}, nil
	}
	if len(text) < 2 {
		return bad()
	}
	if text[0] == 'p' {
		p, ok := parsePercent(text[1:])
		if !ok {
			return bad()
		}
		return Statistic{Kind: StatPercentile, P: p, name: text}, nil
	}
	prefix := strings.ToUpper(text[:2])
	kind, ok := rangeStats[prefix]
	if !ok {
		return bad()
	}
	rest := text[2:]
	if text[:2] == strings.ToLower(prefix) && prefix != "PR" {
		// Shorthand tm90: from 0% to 90%.
		hi, ok := parsePercent(rest)
		if !ok {
			return bad()
		}
		return Statistic{Kind: kind, Lo: 0, Hi: hi, Percent: true, name: text}, nil
	}
	if text[:2] != prefix || len(rest) < 3 || rest[0] != '(' || rest[len(rest)-1] != ')' {
		return bad()
	}
	loText, hiText, ok := strings.Cut(rest[1:len(rest)-1], ":")
	if !ok || (loText == "" && hiText == "") {
		return bad()
	}
	st := Statistic{Kind: kind, name: text}
	loPct, hiPct := strings.HasSuffix(loText, "%"), strings.HasSuffix(hiText, "%")
	switch {
	case (loPct || loText == "") && (hiPct || hiText == "") && (loPct || hiPct):
		st.Percent = true
		if kind == StatPercentileRank {
			return bad()
		}
		st.Lo, st.Hi = 0, 100
		if loText != "" {
			if st.Lo, ok = parsePercent(strings.TrimSuffix(loText, "%")); !ok {
				return bad()
			}
		}
		if hiText != "" {
			if st.Hi, ok = parsePercent(strings.TrimSuffix(hiText, "%")); !ok {
				return bad()
			}
		}
	case !loPct && !hiPct:
		st.Lo, st.Hi = math.Inf(-1), math.Inf(1)
		var err error
		if loText != "" {
			if st.Lo, err = parseBound(loText); err != nil {
				return bad()
			}
		}
		if hiText != "" {
			if st.Hi, err = parseBound(hiText); err != nil {
				return bad()
			}
		}
	default:
		return bad()
	}
	if st.Lo > st.Hi {
		return bad()
	}
	return st, nil
}

// parsePercent parses a number from 0 to 100 written with digits and at
// most one decimal point.
func parsePercent(s string) (float64, bool) {
	if s == "" || strings.Trim(s, "0123456789.") != "" || strings.Count(s, ".") > 1 || s[0] == '.' || s[len(s)-1] == '.' {
		return 0, false
	}
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || p < 0 || p > 100 {
		return 0, false
	}
	return p, true
}

// parseBound parses a value bound: a finite decimal number.
func parseBound(s string) (float64, error) {
	if strings.ContainsAny(s, "xXpP_iInN") {
		return 0, strconv.ErrSyntax
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !finite(f) {
		return 0, strconv.ErrSyntax
	}
	return f, nil
}
