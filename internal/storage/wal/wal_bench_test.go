package wal

import (
	"context"
	"runtime"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// BenchmarkAppendParallel64 runs 64 concurrent appenders on the real disk
// and reports how many appends share one fsync.
func BenchmarkAppendParallel64(b *testing.B) {
	w, err := Open(vfs.Default, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 2048)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	b.SetParallelism((64 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := w.Append(context.Background(), payload); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	st := w.Stats()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if st.Fsyncs > 0 {
		b.ReportMetric(float64(st.Records)/float64(st.Fsyncs), "appends/fsync")
		b.ReportMetric(float64(st.FsyncTotal.Microseconds())/float64(st.Fsyncs), "µs/fsync")
	}
}

// BenchmarkAppendSerial is one appender: every append pays a full fsync.
func BenchmarkAppendSerial(b *testing.B) {
	w, err := Open(vfs.Default, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 2048)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := w.Append(context.Background(), payload); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}
