//go:build unix

package logstore

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/bench"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
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

// BenchmarkEncodeBenchCorpus encodes the blocks a flush of 200,000 events
// of the bench corpus cuts, one after another on one goroutine, from the
// messages to the encoded blocks with their filters: the flush's own CPU,
// without the noise of its parallel encoders and its file writes.
func BenchmarkEncodeBenchCorpus(b *testing.B) {
	batches, raw := benchCorpusBatches(b)
	byStream := map[int64][]colblock.Row{}
	for _, bt := range batches {
		for _, e := range bt.events {
			byStream[bt.stream] = append(byStream[bt.stream], colblock.Row{StoredEvent: model.StoredEvent{
				StreamID: bt.stream, Timestamp: e.Timestamp, Message: e.Message}})
		}
	}
	var rows []colblock.Row
	for s := range int64(len(byStream)) {
		r := byStream[s]
		slices.SortStableFunc(r, func(a, b colblock.Row) int { return cmp.Compare(a.Timestamp, b.Timestamp) })
		rows = append(rows, r...)
	}
	for i := range rows {
		rows[i].Seq = uint64(i + 1)
	}
	// Blocks as the part writer cuts them: DefaultBlockRows rows, or
	// fewer when their messages reach maxBlockRawBytes.
	var blocks [][]colblock.Row
	for start, size, i := 0, 0, 0; i < len(rows); i++ {
		size += len(rows[i].Message)
		if i+1-start == DefaultBlockRows || size >= maxBlockRawBytes || i+1 == len(rows) {
			blocks = append(blocks, rows[start:i+1])
			start, size = i+1, 0
		}
	}
	b.SetBytes(raw)
	b.ReportAllocs()
	for b.Loop() {
		for _, blk := range blocks {
			if _, err := flattenAndEncode(blk); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(rows)*b.N), "ns/event")
}
