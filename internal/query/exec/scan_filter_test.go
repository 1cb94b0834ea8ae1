package exec

import (
	"reflect"
	"testing"
)

func TestScanTokens(t *testing.T) {
	tests := []struct {
		query string
		want  []string
	}{
		{`filter extra.log_type = "Security"`, []string{"Security"}},
		{`filter "Security" = extra.log_type`, []string{"Security"}},
		{`filter level in ["ERROR"] and svc = "payments-api"`, []string{"ERROR", "payments", "api"}},
		{`fields a | filter level = "x y" | filter b = "y z"`, []string{"x", "y", "z"}},
		{`filter @message = "GET /health 200"`, []string{"GET", "health", "200"}},
		{`filter status = "500"`, nil},             // compares as a number
		{`filter level in ["ERROR", "WARN"]`, nil}, // either one
		{`filter level = "ERROR" or level = "WARN"`, nil},
		{`filter not level = "ERROR"`, nil},
		{`filter level != "ERROR"`, nil},
		{`filter msg = "caf\u00e9"`, nil}, // writers may escape it
		{`filter msg = "a\"b"`, nil},
		{`filter @logStream = "abc"`, nil},
		{`fields x as level | filter level = "ERROR"`, nil},
		{`stats count(*) by level | filter level = "ERROR"`, nil},
		{`parse @message "* *" as a, b | filter a = "GET"`, nil},
		{`filter level like "ERR"`, nil},
	}
	for _, tc := range tests {
		if got := ScanTokens(mustParse(t, tc.query)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: ScanTokens = %q, want %q", tc.query, got, tc.want)
		}
	}
}

func TestScanFilterNilWithoutFilters(t *testing.T) {
	for _, q := range []string{`stats count(*) by bin(5m)`, `fields a | sort a`, `stats count(*) by a | filter a = "x"`, `filter ispresent(a)`, `filter a = "x"`} {
		if f := ScanFilter(mustParse(t, q), nil, false); f != nil {
			t.Errorf("%s: ScanFilter is not nil", q)
		}
	}
}

// TestKeepBitsShapes lists which filters are decided a batch at a time
// (TestScanFilterAgreesWithEngine checks their answers).
func TestKeepBitsShapes(t *testing.T) {
	sc := scanCompiler{fields: []string{"d", "level", "ok", "u.id"}}
	tests := []struct {
		src  string
		bits bool
	}{
		{`filter level = "info"`, true},
		{`filter "info" = level`, true},
		{`filter level in ["a", "b"] or not level in ["c"]`, false},
		{`filter level not in ["a"] and (u.id = "x" or ok = "true")`, true},
		{`filter level = "info" and d > 1`, false},
		{`filter level = "200"`, false}, // compared as a number
		{`filter missing = "x"`, false}, // not a column of the scan
		{`filter level like "x"`, false},
	}
	for _, tt := range tests {
		q := mustParse(t, tt.src)
		e := leadingFilters(q)[0]
		if got := sc.keepBits(e) != nil; got != tt.bits {
			t.Errorf("%s: decided a batch at a time %v, want %v", tt.src, got, tt.bits)
		}
	}
}
