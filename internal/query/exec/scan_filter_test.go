package exec

import (
	"reflect"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
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
		if f := ScanFilter(mustParse(t, q), nil, false, nil); f != nil {
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

// TestScanFilterLeavesTermsToTheStore leaves @message like "text" to the
// store when text is among the scan's terms.
func TestScanFilterLeavesTermsToTheStore(t *testing.T) {
	b := &model.Batch{Timestamps: []int64{1, 2}, Messages: []string{"GET / HTTP/1.1", "no match"}}
	tests := []struct {
		src   string
		terms []string
		nil   bool   // no filter at all
		keep  uint64 // else the rows kept
	}{
		{`filter @message like "HTTP/1.1"`, []string{"HTTP/1.1"}, true, 0},
		{`filter @message like "HTTP/1.1" and @message like "GET"`, []string{"HTTP/1.1", "GET"}, true, 0},
		{`filter @message like "HTTP/1.1"`, nil, false, 0b01},
		{`filter @message like "HTTP/1.1" or @message like "match"`, []string{"HTTP/1.1"}, false, 0b11},
		// The term holds for every row the store passes on.
		{`filter @message like "HTTP/1.1" and @timestamp > 1`, []string{"HTTP/1.1"}, false, 0b10},
	}
	for _, tt := range tests {
		f := ScanFilter(mustParse(t, tt.src), nil, true, tt.terms)
		if (f == nil) != tt.nil {
			t.Errorf("%s with terms %q: filter is nil %v, want %v", tt.src, tt.terms, f == nil, tt.nil)
			continue
		}
		if f != nil {
			if got := f(b)[0] & 0b11; got != tt.keep {
				t.Errorf("%s with terms %q: kept %02b, want %02b", tt.src, tt.terms, got, tt.keep)
			}
		}
	}
}
