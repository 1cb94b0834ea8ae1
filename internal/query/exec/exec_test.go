package exec

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

func mustParse(t testing.TB, q string) *syntax.Query {
	t.Helper()
	parsed, err := syntax.Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return parsed
}

func numberedEvents(n int) []Event {
	evs := make([]Event, n)
	for i := range evs {
		evs[i] = Event{
			Timestamp: int64(1_700_000_000_000 + i*1000),
			Message:   fmt.Sprintf(`{"i":%d,"secret":"s%d"}`, i, i),
			Ptr:       fmt.Sprintf("p%d", i),
		}
	}
	return evs
}

func run(t *testing.T, q string, evs []Event, opts Options) *Result {
	t.Helper()
	res, err := Exec(context.Background(), mustParse(t, q), &SliceSource{Events: evs, BatchSize: 7}, opts)
	if err != nil {
		t.Fatalf("Exec(%q): %v", q, err)
	}
	return res
}

func TestDefaultAndMaximumLimit(t *testing.T) {
	evs := numberedEvents(DefaultLimit + 5)
	if res := run(t, "fields i", evs, Options{}); len(res.Rows) != DefaultLimit {
		t.Errorf("default limit gave %d rows", len(res.Rows))
	}
	if res := run(t, "fields i", evs, Options{Limit: 1003}); len(res.Rows) != 1003 {
		t.Errorf("limit 1003 gave %d rows", len(res.Rows))
	}
	if res := run(t, "fields i | limit 2000", evs, Options{Limit: 10}); len(res.Rows) != 10 {
		t.Errorf("the caller's limit does not cap the query's: %d rows", len(res.Rows))
	}
	_, err := Exec(context.Background(), mustParse(t, "fields i"), &SliceSource{}, Options{Limit: MaxLimit + 1})
	if !errors.Is(err, model.ErrInvalidParameter) {
		t.Errorf("limit above the maximum: %v", err)
	}
	if _, err := Exec(context.Background(), nil, &SliceSource{}, Options{}); !errors.Is(err, model.ErrMalformedQuery) {
		t.Errorf("nil query: %v", err)
	}
}

func TestRowsCarryPtr(t *testing.T) {
	res := run(t, "fields i | limit 1", numberedEvents(3), Options{})
	want := []ResultField{{"i", "2"}, {"@ptr", "p2"}}
	if fmt.Sprint(res.Rows[0]) != fmt.Sprint(want) {
		t.Errorf("row = %v, want %v", res.Rows[0], want)
	}
	res = run(t, "stats count(*)", numberedEvents(3), Options{})
	if fmt.Sprint(res.Rows[0]) != fmt.Sprint([]ResultField{{"count(*)", "3"}}) {
		t.Errorf("stats row = %v", res.Rows[0])
	}
}

func TestTimeRange(t *testing.T) {
	evs := numberedEvents(10)
	res := run(t, "stats count(*) as n, min(i) as lo, max(i) as hi", evs, Options{
		Start: time.UnixMilli(evs[2].Timestamp),
		End:   time.UnixMilli(evs[5].Timestamp),
	})
	if got := fmt.Sprint(res.Rows[0]); got != "[{n 4} {lo 2} {hi 5}]" {
		t.Errorf("rows in range: %s", got)
	}
	if res.Stats.RecordsScanned != 4 || res.Stats.RecordsMatched != 4 {
		t.Errorf("stats %+v", res.Stats)
	}
}

func TestMask(t *testing.T) {
	mask := func(s string) string { return strings.Repeat("*", len(s)) }
	res := run(t, "fields secret, unmask(secret) as clear | unmask i | display secret, clear, i | limit 1", numberedEvents(3), Options{Mask: mask})
	want := "[{secret **} {clear s2} {i 2} {@ptr p2}]"
	if got := fmt.Sprint(res.Rows[0]); got != want {
		t.Errorf("masked row %s, want %s", got, want)
	}
}

func TestDiffNeedsBaseline(t *testing.T) {
	q := mustParse(t, "pattern @message | diff previousDay")
	start := time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)
	end := start.Add(time.Hour)
	_, err := Exec(context.Background(), q, &SliceSource{Events: numberedEvents(2)}, Options{Start: start, End: end})
	var need *BaselineRequiredError
	if !errors.As(err, &need) || !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("err = %v", err)
	}
	if !need.Start.Equal(start.AddDate(0, 0, -1)) || !need.End.Equal(end.AddDate(0, 0, -1)) {
		t.Errorf("window %v – %v", need.Start, need.End)
	}
	if _, err := Exec(context.Background(), q, &SliceSource{}, Options{}); !errors.Is(err, model.ErrInvalidParameter) {
		t.Errorf("diff without a range: %v", err)
	}
	// Now stands in for a missing end.
	_, err = Exec(context.Background(), mustParse(t, "diff"), &SliceSource{}, Options{Start: start, Now: end})
	if !errors.As(err, &need) || !need.End.Equal(start) || !need.Start.Equal(start.Add(-time.Hour)) {
		t.Errorf("diff with Now: %v", err)
	}
}

type failingSource struct{ n int }

func (s *failingSource) Next(context.Context) ([]Event, error) {
	if s.n == 0 {
		return nil, errors.New("disk on fire")
	}
	s.n--
	return numberedEvents(3), nil
}

func TestSourceErrorsAndCancellation(t *testing.T) {
	_, err := Exec(context.Background(), mustParse(t, "stats count(*)"), &failingSource{n: 2}, Options{})
	if err == nil || !strings.Contains(err.Error(), "cannot read log events: disk on fire") {
		t.Errorf("source error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Exec(ctx, mustParse(t, "stats count(*)"), &SliceSource{Events: numberedEvents(10)}, Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}

func TestRunnerIsUsed(t *testing.T) {
	calls, tasks := 0, 0
	runner := func(ts []func()) {
		calls++
		tasks += len(ts)
		for i := len(ts) - 1; i >= 0; i-- { // any order
			ts[i]()
		}
	}
	res, err := Exec(context.Background(), mustParse(t, "stats sum(i) as s"), &SliceSource{Events: numberedEvents(100), BatchSize: 10}, Options{Concurrency: 3, Run: runner})
	if err != nil {
		t.Fatal(err)
	}
	// One task per worker, each pulling batches until the source is dry.
	if calls != 1 || tasks != 3 {
		t.Errorf("runner called %d times with %d tasks", calls, tasks)
	}
	if res.Rows[0][0].Value != "4950" {
		t.Errorf("sum = %v", res.Rows[0])
	}
}

func TestMaxDiscoveredFields(t *testing.T) {
	evs := []Event{{Timestamp: 1, Message: `{"a":1,"b":2,"c":3}`}}
	res := run(t, "fields a, b, c", evs, Options{MaxDiscoveredFields: 2})
	if got := fmt.Sprint(res.Rows[0]); got != "[{a 1} {b 2}]" {
		t.Errorf("row %s", got)
	}
}

// Large inputs go through top-k and the stats merge with many workers;
// the answer must not change with the worker count or the batch size.
func TestConcurrencyDoesNotChangeResults(t *testing.T) {
	var evs []Event
	for i := 0; i < 5000; i++ {
		evs = append(evs, Event{
			Timestamp: int64(1_700_000_000_000 + (i*7919)%3600_000),
			Message:   fmt.Sprintf(`{"k":"k%d","v":%d.%d,"s":"%s"}`, i%13, i%97, i%10, strings.Repeat("x", i%5)),
			Ptr:       fmt.Sprint(i),
		})
	}
	queries := []string{
		"fields k, v | sort v desc | limit 50",
		"filter v > 10 | stats sum(v), avg(v), stddev(v), pct(v, 99), earliest(k), latest(k), count_distinct(s) by k, bin(10m)",
		"fields k | dedup k",
		"sort k | limit 5",
		"stats count(*) as n by s | sort n desc",
		"fields v",
	}
	for _, q := range queries {
		var want string
		for _, cfg := range []struct{ workers, batch int }{{1, 5000}, {2, 64}, {7, 100}, {16, 3}} {
			res, err := Exec(context.Background(), mustParse(t, q), &SliceSource{Events: evs, BatchSize: cfg.batch},
				Options{Concurrency: cfg.workers, Run: goRunner, Limit: 10_000})
			if err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(res.Fields, res.Rows, res.Stats)
			if want == "" {
				want = got
			} else if got != want {
				t.Fatalf("%s: %d workers, batches of %d differ from 1 worker", q, cfg.workers, cfg.batch)
			}
		}
	}
}

// TestSourceTerms trusts a source that vouches for the terms of the
// query's leading like filters, and still evaluates every other filter.
func TestSourceTerms(t *testing.T) {
	// The second event lacks the term: a source that vouched for it would
	// never yield it, so a count that includes it shows the filter was
	// left to the source.
	evs := []Event{{Timestamp: 1, Message: "GET / HTTP/1.1 500"}, {Timestamp: 2, Message: "GET / HTTP/2 500"}}
	tests := []struct {
		q     string
		terms []string
		want  string
	}{
		{`filter @message like "HTTP/1.1" | stats count(*) as n`, []string{"HTTP/1.1"}, "2"},
		{`filter @message like "HTTP/1.1" | stats count(*) as n`, nil, "1"},
		{`filter @message like "HTTP/1.1" and @message like "500" | stats count(*) as n`, []string{"HTTP/1.1"}, "1"},
		{`parse @message "* * * *" as m, p, v, s | filter @message like "HTTP/1.1" | stats count(*) as n`, []string{"HTTP/1.1"}, "1"},
		{`filter @message like "GET" | filter @message like "HTTP/1.1" | stats count(*) as n`, []string{"GET", "HTTP/1.1"}, "2"},
	}
	for _, tt := range tests {
		res := run(t, tt.q, evs, Options{SourceTerms: tt.terms})
		if got := res.Rows[0][0].Value; got != tt.want {
			t.Errorf("%s with source terms %q: n = %s, want %s", tt.q, tt.terms, got, tt.want)
		}
	}
}
