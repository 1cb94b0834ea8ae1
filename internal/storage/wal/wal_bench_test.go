package wal

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/openwatch/openwatch/internal/cputime"
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
	appendParallel(b, w, payload, (64+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0), nil)
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

// BenchmarkSustainedIngest appends PutLogEvents-sized records (300 KB) from
// 8 goroutines on the real disk, retiring the segments behind every 32 MB
// as a flushing store does, so that rolls reuse spare segments; it reports
// the fsync latency and the process CPU per appended byte.
func BenchmarkSustainedIngest(b *testing.B) {
	w, err := Open(vfs.Default, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 300<<10)
	for i := range payload {
		payload[i] = byte('a' + i%26)
	}
	b.SetBytes(int64(len(payload)))
	const every = (32 << 20) / (300 << 10)
	var appended atomic.Int64
	var trimErr atomic.Value
	cpu0 := cputime.Process()
	// 8 appenders on two cores.
	appendParallel(b, w, payload, 4, func() {
		if appended.Add(1)%every == 0 {
			if _, err := w.RemoveBefore(w.Tail()); err != nil {
				trimErr.Store(err)
			}
		}
	})
	cpu := cputime.Process() - cpu0
	st := w.Stats()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if err, ok := trimErr.Load().(error); ok {
		b.Fatal(err)
	}
	if st.Fsyncs > 0 {
		b.ReportMetric(float64(st.FsyncTotal.Microseconds())/float64(st.Fsyncs), "µs/fsync")
	}
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*len(payload))*1e3, "cpu-ps/byte")
	}
}

// appendParallel appends payload to w from p goroutines per core until the
// benchmark has done b.N appends, calling after, when not nil, after each.
func appendParallel(b *testing.B, w *WAL, payload []byte, p int, after func()) {
	b.SetParallelism(p)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := w.Append(context.Background(), payload); err != nil {
				b.Error(err)
				return
			}
			if after != nil {
				after()
			}
		}
	})
	b.StopTimer()
}
