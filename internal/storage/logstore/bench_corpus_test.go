//go:build unix

package logstore

import (
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/bench"
	"github.com/openwatch/openwatch/internal/model"
)

// BenchmarkFlushBenchCorpus flushes 200,000 events of the corpus that
// `openwatch bench` ingests (JSON, Lambda and access-log lines over 32
// streams, sent in PutLogEvents-sized batches), so the flush path that
// dominates the benchmark's server CPU can be profiled on its own.
func BenchmarkFlushBenchCorpus(b *testing.B) {
	c, err := bench.GenerateCorpus(bench.CorpusSpec{Seed: 1, Events: 200_000, Streams: 32,
		End: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Span: 6 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	var batches []streamBatch
	for s, events := range c.Streams {
		for len(events) > 0 {
			n := min(len(events), 2000)
			out := make([]model.LogEvent, n)
			for i := range out {
				out[i] = model.LogEvent{Timestamp: events[i].Timestamp, Message: events[i].Message}
			}
			batches = append(batches, streamBatch{stream: int64(s), events: out})
			events = events[n:]
		}
	}
	b.SetBytes(c.RawBytes)
	benchmarkFlush(b, batches)
}
