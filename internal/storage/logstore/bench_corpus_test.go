//go:build unix

package logstore

import (
	"context"
	"math"
	"syscall"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/bench"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
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
	type batch struct {
		stream int64
		events []model.LogEvent
	}
	var batches []batch
	for s, events := range c.Streams {
		for len(events) > 0 {
			n := min(len(events), 2000)
			out := make([]model.LogEvent, n)
			for i := range out {
				out[i] = model.LogEvent{Timestamp: events[i].Timestamp, Message: events[i].Message}
			}
			batches = append(batches, batch{stream: int64(s), events: out})
			events = events[n:]
		}
	}
	b.ReportAllocs()
	b.SetBytes(c.RawBytes)
	var elapsed, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(context.Background(), vfs.Default, b.TempDir(), Options{FlushInterval: time.Hour, MemtableSize: math.MaxInt64})
		if err != nil {
			b.Fatal(err)
		}
		stopBackground(s)
		for _, bt := range batches {
			if _, err := s.Append(context.Background(), 1, bt.stream, 0, bt.events); err != nil {
				b.Fatal(err)
			}
		}
		start, cpu0 := time.Now(), processCPU(b)
		b.StartTimer()
		if err := s.Flush(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		elapsed += time.Since(start)
		cpu += processCPU(b) - cpu0
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(c.Events())*float64(b.N)/elapsed.Seconds(), "events/s")
	// The flush encodes on every core: its CPU time per event is steadier
	// than its wall time on a shared machine.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(c.Events()*b.N), "cpu-ns/event")
}

// processCPU is the CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
