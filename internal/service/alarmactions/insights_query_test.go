package alarmactions

import (
	"testing"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

func TestInsightsFilter(t *testing.T) {
	tests := []struct {
		pattern string
		want    string
		ok      bool
	}{
		{"", "", true},
		{"   ", "", true},
		{"ERROR", `@message like "ERROR"`, true},
		{`ERROR "disk full" -retry`, `@message like "ERROR" and @message like "disk full" and @message not like "retry"`, true},
		{`?ERROR ?WARN`, `(@message like "ERROR" or @message like "WARN")`, true},
		{`ERROR ?a ?b`, `@message like "ERROR" and (@message like "a" or @message like "b")`, true},
		{`"say \"hi\""`, `@message like "say \"hi\""`, true},
		{`" "`, "", true},
		{`"open`, "", false},
		{`%timeout after [0-9]+/s%`, `@message like /timeout after [0-9]+\/s/`, true},
		{`{ $.level = "error" }`, `level = "error"`, true},
		{`{ $.latency > 500 }`, `latency > 500`, true},
		{`{ $.status >= 500 && $.path = "/api" }`, `status >= 500 and path = "/api"`, true},
		{`{ ($.a = 1 || $.b = 2) && $.c != x }`, `((a = 1 or b = 2)) and c != "x"`, true},
		{`{ $.a = 1 || $.b = 2 && $.c = 3 }`, `(a = 1 or b = 2 and c = 3)`, true},
		{`{ $.user.id = "u*" }`, `user.id like /^u.*$/`, true},
		{`{ $.req-id = * }`, "ispresent(`req-id`)", true},
		{`{ $.items[0].name = "x.y" }`, `items.0.name = "x.y"`, true},
		{`{ $.msg = %fail(ed)?% }`, `msg like /fail(ed)?/`, true},
		{`{ $.x NOT EXISTS }`, `not ispresent(x)`, true},
		{`{ $.x IS NULL }`, "", false},
		{`{ $.x > "a" }`, "", false},
		{`{ $.x = 1 `, "", false},
		{`[ip, user, status = 500]`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			got, ok := insightsFilter(tt.pattern)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("insightsFilter(%q) = %q, %v; want %q, %v", tt.pattern, got, ok, tt.want, tt.ok)
			}
			if ok && got != "" {
				if _, err := syntax.Parse("fields @message | filter " + got); err != nil {
					t.Fatalf("the translation does not parse: %v", err)
				}
			}
		})
	}
}

// FuzzInsightsFilter checks that a translation never panics and that
// whatever it produces is a valid Insights filter.
func FuzzInsightsFilter(f *testing.F) {
	for _, s := range []string{"ERROR", `?a -"b c"`, `{ $.a = 1 && ($.b = "x*" || $.c NOT EXISTS) }`, `%re/x%`, `[a, b]`, `{ $.a[1].b-c = * }`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		if len(pattern) > 1024 {
			t.Skip()
		}
		expr, ok := insightsFilter(pattern)
		if !ok || expr == "" {
			return
		}
		if _, err := syntax.Parse("fields @message | filter " + expr); err != nil {
			t.Fatalf("insightsFilter(%q) = %q, which does not parse: %v", pattern, expr, err)
		}
	})
}
