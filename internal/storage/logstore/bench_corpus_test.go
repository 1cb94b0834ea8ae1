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
	batches, raw := benchCorpusBatches(b)
	b.SetBytes(raw)
	benchmarkFlush(b, batches)
}

// BenchmarkMergeBenchCorpus merges the same events flushed as 8 parts,
// as a sustained ingest merges every flushed part once.
func BenchmarkMergeBenchCorpus(b *testing.B) {
	batches, raw := benchCorpusBatches(b)
	b.SetBytes(raw)
	benchmarkMerge(b, batches, 8)
}

// benchCorpusBatches returns 200,000 events of the bench corpus in
// PutLogEvents-sized batches, and their raw size.
func benchCorpusBatches(b *testing.B) ([]streamBatch, int64) {
	c, err := bench.GenerateCorpus(bench.CorpusSpec{Seed: 1, Events: 200_000, Streams: 32,
		End: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), Span: 6 * time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	// The streams take turns, as in the benchmark, so that every flushed
	// part holds all of them.
	var batches []streamBatch
	for round := 0; ; round++ {
		added := false
		for s, events := range c.Streams {
			events = events[min(round*2000, len(events)):]
			if len(events) == 0 {
				continue
			}
			out := make([]model.LogEvent, min(len(events), 2000))
			for i := range out {
				out[i] = model.LogEvent{Timestamp: events[i].Timestamp, Message: events[i].Message}
			}
			batches = append(batches, streamBatch{stream: int64(s), events: out})
			added = true
		}
		if !added {
			return batches, c.RawBytes
		}
	}
}
