package bench

import (
	"context"
	"errors"
	"slices"
	"time"
)

// queryKind is the API a benchmark query goes through on OpenWatch.
type queryKind int

const (
	filterQuery   queryKind = iota // FilterLogEvents with a filter pattern
	insightsQuery                  // StartQuery / GetQueryResults
)

// benchQuery is one question asked of both servers.
type benchQuery struct {
	Name string
	Kind queryKind
	// OpenWatch is the filter pattern or Logs Insights query; Victoria the
	// equivalent LogsQL.
	OpenWatch, Victoria string
	// want is the number of events or rows a correct answer has; nil when
	// the benchmark does not check it.
	want func(*Corpus) int64
}

// benchQueries are the queries of the benchmark; needle is the trace id
// that occurs once.
func benchQueries(needle string) []benchQuery {
	return []benchQuery{
		{
			Name: "filter: rare term", Kind: filterQuery,
			OpenWatch: `"` + needle + `"`,
			Victoria:  `trace_id:"` + needle + `"`,
			want:      func(*Corpus) int64 { return 1 },
		},
		{
			Name: "filter: JSON extra.log_type", Kind: filterQuery,
			OpenWatch: `{ $.extra.log_type = "Security" }`,
			Victoria:  `extra.log_type:=Security`,
			want:      func(c *Corpus) int64 { return c.Truth.Security },
		},
		{
			Name: "filter: JSON duration > 900", Kind: filterQuery,
			OpenWatch: `{ $.extra.duration_ms > 900 }`,
			Victoria:  `extra.duration_ms:>900`,
			want:      func(c *Corpus) int64 { return c.Truth.Slow },
		},
		{
			Name: "insights a: filter sort limit", Kind: insightsQuery,
			OpenWatch: `fields @timestamp, extra.user_email, message, extra.resource_type | filter extra.log_type = "Security" | sort @timestamp desc | limit 100`,
			Victoria:  `extra.log_type:=Security | sort by (_time desc) limit 100 | fields _time, extra.user_email, _msg, extra.resource_type`,
			want:      func(c *Corpus) int64 { return min(c.Truth.Security, 100) },
		},
		{
			Name: "insights b: count by bin(5m)", Kind: insightsQuery,
			OpenWatch: `stats count(*) by bin(5m)`,
			Victoria:  `* | stats by (_time:5m) count()`,
			want:      func(c *Corpus) int64 { return c.Truth.Bins },
		},
		{
			Name: "insights c: avg, p99 by service", Kind: insightsQuery,
			OpenWatch: `stats avg(extra.duration_ms), pct(extra.duration_ms, 99) by extra.service`,
			Victoria:  `* | stats by (extra.service) avg(extra.duration_ms), quantile(0.99, extra.duration_ms)`,
		},
		{
			Name: "insights d: parse access log", Kind: insightsQuery,
			OpenWatch: `filter @message like "HTTP/1.1" | parse @message '* - * [*] "* * *" * * *' as client_ip, user, request_time, method, path, protocol, status, bytes, agent | filter status >= 500 | stats count(*) by method`,
			Victoria:  `"HTTP/1.1" | extract '<client_ip> - <user> [<request_time>] "<method> <path> <protocol>" <status> <bytes> <_>' | filter status:>=500 | stats by (method) count()`,
			want:      func(c *Corpus) int64 { return c.Truth.ErrorMethods },
		},
		{
			Name: "insights e: filter, count by bin", Kind: insightsQuery,
			OpenWatch: `filter extra.log_type = "Security" | stats count(*) by bin(5m)`,
			Victoria:  `extra.log_type:=Security | stats by (_time:5m) count()`,
			want:      func(c *Corpus) int64 { return c.Truth.SecurityBins },
		},
		{
			Name: "insights f: count by level", Kind: insightsQuery,
			OpenWatch: `stats count() by level`,
			Victoria:  `* | stats by (level) count()`,
		},
	}
}

// QueryResult is one query's outcome on one server.
type QueryResult struct {
	Name  string
	Query string
	// Median is the median latency of the runs.
	Median time.Duration
	// Rows is the number of events or result rows of the last run; Want
	// what a correct answer has, or -1 when unchecked.
	Rows, Want int64
	// Unsupported says the server does not implement the query's API.
	Unsupported bool
	// Err is why the query failed, if it did.
	Err string
}

// measureQuery runs q runs times and records the median latency.
func measureQuery(ctx context.Context, name, query string, want int64, runs int, run func(context.Context) (int64, error)) QueryResult {
	r := QueryResult{Name: name, Query: query, Want: want}
	times := make([]time.Duration, 0, runs)
	for range runs {
		start := time.Now()
		n, err := run(ctx)
		if errors.Is(err, errUnsupported) {
			r.Unsupported = true
			return r
		}
		if err != nil {
			r.Err = err.Error()
			return r
		}
		times = append(times, time.Since(start))
		r.Rows = n
	}
	r.Median = median(times)
	return r
}

// median returns the middle value (the mean of the two middle values for
// an even count), or 0 for none.
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// runQueries asks every query of qs of one server: VictoriaLogs when vl is
// set, else OpenWatch, whose Logs Insights queries cover [start, end]
// (epoch ms). Once OpenWatch answers that it has no Logs Insights API the
// remaining Insights queries are marked unsupported without asking. c,
// when set, supplies the expected answers.
func runQueries(ctx context.Context, c *Corpus, qs []benchQuery, runs int, ow *openWatch, vl *victoria, start, end int64) []QueryResult {
	var out []QueryResult
	insightsSupported := true
	for _, q := range qs {
		want := int64(-1)
		if q.want != nil && c != nil {
			want = q.want(c)
		}
		var r QueryResult
		switch {
		case vl != nil:
			r = measureQuery(ctx, q.Name, q.Victoria, want, runs, func(ctx context.Context) (int64, error) { return vl.query(ctx, q.Victoria) })
		case q.Kind == filterQuery:
			r = measureQuery(ctx, q.Name, q.OpenWatch, want, runs, func(ctx context.Context) (int64, error) { return ow.filter(ctx, q.OpenWatch) })
		case !insightsSupported:
			r = QueryResult{Name: q.Name, Query: q.OpenWatch, Want: want, Unsupported: true}
		default:
			r = measureQuery(ctx, q.Name, q.OpenWatch, want, runs, func(ctx context.Context) (int64, error) {
				return ow.insights(ctx, q.OpenWatch, start, end)
			})
			insightsSupported = !r.Unsupported
		}
		out = append(out, r)
	}
	return out
}
