package exec

import (
	"context"
	"fmt"
	"testing"
)

const benchEvents = 1_000_000

// benchmarkEvents builds a million events over a day, one in ten an error,
// as plain text or as JSON.
func benchmarkEvents(json bool) []Event {
	evs := make([]Event, benchEvents)
	for i := range evs {
		level, status := "INFO", 200
		if i%10 == 0 {
			level, status = "ERROR", 500
		}
		msg := fmt.Sprintf("%s request served path=/api/v1/items/%d status=%d latency=%dms", level, i%1000, status, i%250)
		if json {
			msg = fmt.Sprintf(`{"level":"%s","path":"/api/v1/items/%d","status":%d,"latency":%d}`, level, i%1000, status, i%250)
		}
		evs[i] = Event{Timestamp: 1_704_067_200_000 + int64(i)*86, Message: msg, LogStream: "s", Ptr: "p"}
	}
	return evs
}

func benchmarkQuery(b *testing.B, query string, evs []Event, workers int) {
	q := mustParse(b, query)
	b.ReportAllocs()
	b.ResetTimer()
	var res *Result
	for b.Loop() {
		var err error
		res, err = Exec(context.Background(), q, &SliceSource{Events: evs, BatchSize: 4096}, Options{Concurrency: workers, Run: goRunner})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/benchEvents, "ns/event")
	if len(res.Rows) == 0 {
		b.Fatal("no rows")
	}
}

// BenchmarkFilterStatsBin is the brief's reference workload: a substring
// filter and a count per five-minute bucket over a million events.
func BenchmarkFilterStatsBin(b *testing.B) {
	evs := benchmarkEvents(false)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			benchmarkQuery(b, `filter @message like "ERROR" | stats count(*) by bin(5m)`, evs, workers)
		})
	}
}

// BenchmarkJSONFilterStats adds JSON discovery of the filtered field.
func BenchmarkJSONFilterStats(b *testing.B) {
	benchmarkQuery(b, `filter status >= 500 | stats count(*), avg(latency) by bin(5m)`, benchmarkEvents(true), 1)
}

// BenchmarkDefaultOrderTop measures the common "newest rows" query.
func BenchmarkDefaultOrderTop(b *testing.B) {
	benchmarkQuery(b, `filter @message like "ERROR" | fields @timestamp, @message | limit 100`, benchmarkEvents(false), 1)
}

// BenchmarkParseAccessLog parses access-log lines with a glob, filters on
// a parsed field and counts by another: the benchmark's query (d).
func BenchmarkParseAccessLog(b *testing.B) {
	evs := make([]Event, benchEvents)
	methods := []string{"GET", "GET", "GET", "POST", "PUT", "DELETE"}
	for i := range evs {
		status := 200
		if i%50 == 0 {
			status = 503
		}
		msg := fmt.Sprintf(`10.%d.%d.%d - - [01/Jun/2024:10:%02d:%02d +0000] "%s /api/v1/items/%d HTTP/1.1" %d %d "curl/8.5.0"`,
			i%256, i/256%256, i%7, i/60%60, i%60, methods[i%len(methods)], i%1000, status, 100+i%5000)
		evs[i] = Event{Timestamp: 1_717_236_000_000 + int64(i), Message: msg, LogStream: "s", Ptr: "p"}
	}
	benchmarkQuery(b, `filter @message like "HTTP/1.1" | parse @message '* - * [*] "* * *" * * *' as client_ip, user, request_time, method, path, protocol, status, bytes, agent | filter status >= 500 | stats count(*) by method`, evs, 1)
}
