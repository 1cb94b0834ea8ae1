package logstore

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// sink keeps benchmark results alive.
var sink atomic.Int64

// BenchmarkAppend appends batches of 100 events of 200 bytes from parallel
// goroutines to a store on the real disk.
func BenchmarkAppend(b *testing.B) {
	s, err := Open(context.Background(), vfs.Default, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	msg := strings.Repeat("m", 200)
	b.SetBytes(100 * 200)
	b.ReportAllocs()
	b.SetParallelism(8)
	var streams atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		stream := streams.Add(1)
		events := make([]model.LogEvent, 100)
		ts := int64(0)
		for pb.Next() {
			for i := range events {
				events[i] = model.LogEvent{Timestamp: ts, Message: msg}
				ts++
			}
			out, err := s.Append(context.Background(), 1, stream, ts, events)
			if err != nil {
				b.Error(err)
				return
			}
			sink.Add(int64(len(out)))
		}
	})
	b.StopTimer()
	st := s.Stats()
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	if st.WAL.Fsyncs > 0 {
		b.ReportMetric(float64(st.WAL.Records)/float64(st.WAL.Fsyncs), "batches/fsync")
	}
}

// BenchmarkRead reads pages of 100 events from random positions of a group
// of 8 streams holding 200,000 events, merged across streams, and a single
// stream.
func BenchmarkRead(b *testing.B) {
	s, err := Open(context.Background(), vfs.NewMem(), testDir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}()
	rng := rand.New(rand.NewPCG(1, 1))
	const streams, batches, perBatch = 8, 250, 100
	for i := range batches {
		for st := range streams {
			events := make([]model.LogEvent, perBatch)
			for j := range events {
				events[j] = model.LogEvent{Timestamp: int64(i*perBatch+j)*10 + rng.Int64N(10), Message: "message"}
			}
			if _, err := s.Append(context.Background(), 1, int64(st), 0, events); err != nil {
				b.Fatal(err)
			}
		}
	}
	const span = batches * perBatch * 10
	for _, bc := range []struct {
		name    string
		streams []int64
		desc    bool
	}{
		{"merged", nil, false},
		{"merged-descending", nil, true},
		{"one-stream", []int64{3}, false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int64
			for b.Loop() {
				start := rng.Int64N(span)
				spec := model.ReadSpec{GroupID: 1, StreamIDs: bc.streams, Start: start, Descending: bc.desc}
				if bc.desc {
					spec.Start, spec.End = 0, start+1
				}
				got := 0
				err := s.Read(context.Background(), spec, func(*model.StoredEvent) bool {
					got++
					return got < 100
				})
				if err != nil {
					b.Fatal(err)
				}
				n += int64(got)
			}
			sink.Add(n)
		})
	}
}
