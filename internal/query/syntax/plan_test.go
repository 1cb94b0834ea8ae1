package syntax

import (
	"reflect"
	"testing"
)

func TestNeededFields(t *testing.T) {
	f := func(q string, want ...string) {
		t.Helper()
		parsed := expectParseOK(t, q)
		if got := parsed.NeededFields(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: NeededFields() = %q, want %q", q, got, want)
		}
	}
	f("filter status >= 500", "@message", "@timestamp", "status")
	f("fields a, b as c | filter c > 1", "@timestamp", "a", "b")
	f("parse @message 'x=*' as x | stats count(*) by x, bin(5m)", "@message", "@timestamp")
	f("stats count(*) as n by host | filter n > 1 | sort n", "host")
	f("fields jsonParse(@message) as j | display j.a.b", "@message", "@timestamp", "j.a.b")
	f("diff", "@message", "@timestamp")
	f("pattern level | diff", "@timestamp", "level")
	f("stats earliest(x) by y", "@timestamp", "x", "y")
	f("pattern @message", "@message", "@timestamp")
	f("stats count(*) as n by host | stats sum(n) by other", "host")
	f("display @logStream | sort @ingestionTime", "@ingestionTime", "@logStream", "@timestamp")
}

func expectParseOK(t *testing.T, q string) *Query {
	t.Helper()
	parsed, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return parsed
}

func TestRequiredTerms(t *testing.T) {
	f := func(q string, want ...string) {
		t.Helper()
		got := expectParseOK(t, q).RequiredTerms()
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: RequiredTerms() = %q, want %q", q, got, want)
		}
	}
	f(`filter @message like "ERROR" and @message like /timeout.*db/`, "ERROR", "timeout", "db")
	f(`filter @message like /(?i)error/`)
	f(`filter @message like "a" or @message like "b"`)
	f(`filter @message like "a" | limit 5 | filter @message like "b"`, "a")
	f(`filter @message like "a" | sort x | filter @message =~ /b+c/`, "a", "b", "c")
	f(`fields x as @message | filter @message like "a"`)
	f(`filter @message = "exact line"`, "exact line")
	f(`filter @message like /^GET (\/api)/`, "GET ", "/api")
	f(`filter msg like "a"`)
	f(`filter not @message like "a"`)
	f(`filter @message like "dup" and @message like "dup"`, "dup")
}

func TestTimeBounds(t *testing.T) {
	f := func(q string, want TimeBounds) {
		t.Helper()
		if got := expectParseOK(t, q).TimeBounds(); got != want {
			t.Errorf("%s: TimeBounds() = %+v, want %+v", q, got, want)
		}
	}
	f("filter @timestamp >= 1000 and @timestamp < fromMillis(2000) and x = 1", TimeBounds{Start: 1000, End: 1999, HasStart: true, HasEnd: true})
	f("filter 5000 > @timestamp", TimeBounds{End: 4999, HasEnd: true})
	f("filter @timestamp > 10 and @timestamp > 20", TimeBounds{Start: 21, HasStart: true})
	f("filter @timestamp = 7", TimeBounds{Start: 7, End: 7, HasStart: true, HasEnd: true})
	f("filter @timestamp > 10 or x = 1", TimeBounds{})
	f("filter @timestamp > 1.5", TimeBounds{})
	f("limit 3 | filter @timestamp > 10", TimeBounds{})
}

func TestIndexFiltersAndAccessors(t *testing.T) {
	q := expectParseOK(t, `filterIndex a = "x" | filter b = 1 | filterIndex c in [1, 2] | stats count(*) | filterIndex d = 1`)
	want := []IndexFilter{{Field: "a", Values: []string{"x"}}, {Field: "c", Values: []string{"1", "2"}}}
	if got := q.IndexFilters(); !reflect.DeepEqual(got, want) {
		t.Errorf("IndexFilters() = %+v, want %+v", got, want)
	}
	if !q.HasStats() || q.Diff() != nil {
		t.Error("HasStats/Diff wrong")
	}
	q = expectParseOK(t, "pattern @message | diff previousDay")
	if q.HasStats() || q.Diff() == nil || q.Diff().Mode != DiffPreviousDay {
		t.Error("HasStats/Diff wrong")
	}
	if !IsSystemField("@ptr") || IsSystemField("status") {
		t.Error("IsSystemField wrong")
	}
}
