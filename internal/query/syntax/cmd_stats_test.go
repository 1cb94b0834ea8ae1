package syntax

import (
	"reflect"
	"testing"
)

func TestParseStatsCmd(t *testing.T) {
	q := expectParse(t, "stats count(*) as n, avg(latency), sum(x) / count() * 100 as pct by bin(5m) as t, host",
		"stats count(*) as n, avg(latency), sum(x) / count() * 100 as pct by bin(5m) as t, host")
	c := q.Commands[0].(*StatsCmd)
	if got, want := c.defines(), []string{"t", "host", "n", "avg(latency)", "pct"}; !reflect.DeepEqual(got, want) {
		t.Errorf("defines() = %q, want %q", got, want)
	}
	var calls []string
	for _, call := range c.AggregateCalls(2) {
		calls = append(calls, call.String())
	}
	if want := []string{"sum(x)", "count()"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("AggregateCalls(2) = %q, want %q", calls, want)
	}
	expectParse(t, "stats count(*) by queryType, bin(1h)", "stats count(*) by queryType, bin(1h)")
	expectParse(t, "stats pct(@duration, 99.9), sum(strcontains(@message, 'x'))", `stats pct(@duration, 99.9), sum(strcontains(@message, "x"))`)
	expectParse(t, "stats earliest(a), latest(a), sortsFirst(a), sortsLast(a), count_distinct(a), stddev(a), min(a), max(a)",
		"stats earliest(a), latest(a), sortsFirst(a), sortsLast(a), count_distinct(a), stddev(a), min(a), max(a)")

	expectParseError(t, "stats", `expected an aggregate function such as count(*) after "stats"`)
	expectParseError(t, "stats x", "stats item at position 7 field x must be inside an aggregate function")
	expectParseError(t, "stats 1 + 2", "needs an aggregate function")
	expectParseError(t, "stats sum(count(*))", "count at position 11 is inside another aggregate function")
	expectParseError(t, "stats count(*) by count(*)", "count at position 19 is an aggregate function and can only be used in stats")
	expectParseError(t, "stats count(*),", `expected an aggregate function after ","`)
	expectParseError(t, "stats pct(x, 101)", "percentile between 0 and 100")
	expectParseError(t, "stats pct(x, y)", "percentile between 0 and 100")
	expectParseError(t, "stats count(*, x)", "count at position 7 takes 0 or 1 arguments, not 2")
}
