package bench

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{ms(7), 7 * time.Millisecond},
		{ms(9, 1, 5), 5 * time.Millisecond},
		{ms(4, 1, 3, 2), 2500 * time.Microsecond},
		{ms(50, 1, 2, 3, 1000), 3 * time.Millisecond},
	}
	for _, tt := range tests {
		in := append([]time.Duration(nil), tt.in...)
		if got := median(tt.in); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
		for i := range in {
			if in[i] != tt.in[i] {
				t.Fatalf("median reordered its input")
			}
		}
	}
}

func TestMeasureQuery(t *testing.T) {
	ctx := context.Background()
	calls := 0
	r := measureQuery(ctx, "q", "text", 3, 5, func(context.Context) (int64, error) {
		calls++
		time.Sleep(time.Millisecond)
		return 3, nil
	})
	if calls != 5 || r.Rows != 3 || r.Want != 3 || r.Median < time.Millisecond || r.Err != "" || r.Unsupported {
		t.Fatalf("measureQuery = %+v after %d calls", r, calls)
	}

	calls = 0
	r = measureQuery(ctx, "q", "text", -1, 5, func(context.Context) (int64, error) {
		calls++
		return 0, errUnsupported
	})
	if calls != 1 || !r.Unsupported {
		t.Fatalf("unsupported: %+v after %d calls, want one call", r, calls)
	}

	r = measureQuery(ctx, "q", "text", -1, 5, func(context.Context) (int64, error) { return 0, errors.New("boom") })
	if r.Err != "boom" || r.Unsupported {
		t.Fatalf("failing query: %+v", r)
	}
}

func TestBenchQueriesAreComplete(t *testing.T) {
	qs := benchQueries("abc")
	c := testCorpus(t, 1, 2000, 2)
	names := map[string]bool{}
	filters, insights := 0, 0
	for _, q := range qs {
		if names[q.Name] || q.OpenWatch == "" || q.Victoria == "" {
			t.Fatalf("query %+v: names must be unique and both forms given", q)
		}
		names[q.Name] = true
		if q.want != nil && q.want(c) <= 0 {
			t.Errorf("%s expects %d results; the corpus must give every checked query something to find", q.Name, q.want(c))
		}
		switch q.Kind {
		case filterQuery:
			filters++
		case insightsQuery:
			insights++
		}
	}
	if filters != 3 || insights != 6 {
		t.Fatalf("%d filter patterns and %d Insights queries, want 3 and 6", filters, insights)
	}
	if !strings.Contains(qs[0].OpenWatch, `"abc"`) || !strings.Contains(qs[0].Victoria, `"abc"`) {
		t.Fatalf("the rare-term query does not search for the needle: %+v", qs[0])
	}
}
