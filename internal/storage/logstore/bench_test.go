package logstore

import (
	"context"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/cputime"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// sink keeps benchmark results alive.
var sink atomic.Int64

// appLog generates realistic JSON application log lines: a dozen fields,
// a random trace id per line, a few services over streams.
type appLog struct {
	rng *rand.Rand
	ts  int64
}

func newAppLog(seed uint64) *appLog {
	return &appLog{rng: rand.New(rand.NewPCG(seed, 1)), ts: 1_714_567_890_000}
}

var (
	logServices   = []string{"checkout", "cart", "payments", "inventory", "search", "accounts"}
	logOperations = []string{"GetCart", "AddItem", "RemoveItem", "PlaceOrder", "Authorize", "Refund", "Search", "Login"}
	logInfo       = []string{"request completed", "cache hit", "cache miss", "order placed", "payment authorized", "session refreshed"}
	logErrors     = []string{"downstream timeout", "payment declined", "validation failed: missing field sku", "database connection reset"}
)

// line returns the next line of stream and its timestamp.
func (a *appLog) line(stream int64) (string, int64) {
	r := a.rng
	a.ts += int64(r.IntN(20))
	svc := logServices[int(stream)%len(logServices)]
	status, level, msg := 200, "info", logInfo[r.IntN(len(logInfo))]
	if x := r.IntN(100); x < 3 {
		status, level, msg = 500, "error", logErrors[r.IntN(len(logErrors))]
	} else if x < 8 {
		status, level = 404, "warn"
	}
	ts := time.UnixMilli(a.ts).UTC().Format("2006-01-02T15:04:05.000Z")
	return fmt.Sprintf(`{"timestamp":"%s","level":"%s","message":"%s","service":"%s","operation":"%s","status":%d,"duration_ms":%s,"trace_id":"%016x%016x","host":"%s-%d","user":"user%d@example.com"}`,
		ts, level, msg, svc, logOperations[r.IntN(len(logOperations))], status,
		strconv.FormatFloat(math.Round(r.ExpFloat64()*4000)/100, 'f', -1, 64), r.Uint64(), r.Uint64(), svc, stream%3, int(math.Abs(r.NormFloat64())*400)), a.ts
}

// batch returns n events of stream.
func (a *appLog) batch(stream int64, n int) []model.LogEvent {
	out := make([]model.LogEvent, n)
	for i := range out {
		msg, ts := a.line(stream)
		out[i] = model.LogEvent{Timestamp: ts, Message: msg}
	}
	return out
}

// BenchmarkAppend appends 100-event batches of JSON lines of about 200
// bytes from 64 goroutines to a store on the real disk, with the default
// background flushing, and reports events per second. Run it with
// -benchtime of at least 10000x to include flushes.
func BenchmarkAppend(b *testing.B) {
	s, err := Open(context.Background(), vfs.Default, b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	const appenders, perBatch = 64, 100
	batches := make([][]model.LogEvent, appenders)
	var raw int64
	for w := range batches {
		rng := rand.New(rand.NewPCG(uint64(w), 2))
		batches[w] = make([]model.LogEvent, perBatch)
		for i := range batches[w] {
			msg := fmt.Sprintf(`{"time":"2024-05-01T13:51:%02d.%03dZ","level":"info","service":"checkout","msg":"request completed","status":200,"duration_ms":%d,"trace_id":"%016x%016x","user":"user%d@example.com"}`,
				i%60, rng.IntN(1000), rng.IntN(500), rng.Uint64(), rng.Uint64(), rng.IntN(1000))
			batches[w][i] = model.LogEvent{Timestamp: 1_714_571_460_000 + int64(i), Message: msg}
			raw += int64(len(msg))
		}
	}
	b.SetBytes(raw / appenders)
	b.ReportAllocs()
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	b.ResetTimer()
	for w := range appenders {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				out, err := s.Append(context.Background(), 1, int64(w), 0, batches[w])
				if err != nil {
					b.Error(err)
					return
				}
				sink.Add(int64(len(out)))
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N*perBatch)/time.Since(start).Seconds(), "events/s")
	st := s.Stats()
	if st.WAL.Batches > 0 {
		b.ReportMetric(float64(st.WAL.Records)/float64(st.WAL.Batches), "batches/fsync")
	}
	b.ReportMetric(float64(st.Flushes), "flushes")
	b.ReportMetric(float64(st.Throttled), "throttled")
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkCompression ingests a corpus of JSON lines in several flushes,
// merges the parts, and reports the raw message bytes per byte of part
// files (raw/disk) and the bytes per event on disk.
func BenchmarkCompression(b *testing.B) {
	const lines, streams, flushes = 200_000, 12, 10
	a := newAppLog(7)
	var batches [][]model.LogEvent
	var raw int64
	for i := 0; i < lines/100; i++ {
		batch := a.batch(int64(i%streams), 100)
		for _, e := range batch {
			raw += int64(len(e.Message))
		}
		batches = append(batches, batch)
	}
	b.SetBytes(raw)
	b.ReportAllocs()
	var st Stats
	for b.Loop() {
		// The flushed parts merge into one, as a day's parts end up.
		s, err := Open(context.Background(), vfs.Default, b.TempDir(), Options{FlushInterval: time.Hour, MemtableSize: math.MaxInt64, MergeFanIn: flushes})
		if err != nil {
			b.Fatal(err)
		}
		stopBackground(s)
		for i, batch := range batches {
			if _, err := s.Append(context.Background(), 1, int64(i%streams), 0, batch); err != nil {
				b.Fatal(err)
			}
			if i%(len(batches)/flushes) == len(batches)/flushes-1 {
				if err := s.Flush(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := s.mergeAll(context.Background()); err != nil {
			b.Fatal(err)
		}
		st = s.Stats()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
	if st.Events != lines || st.Parts != 1 {
		b.Fatalf("after merging: %+v", st)
	}
	b.ReportMetric(float64(raw)/float64(st.PartBytes), "raw/disk")
	b.ReportMetric(float64(st.PartBytes)/lines, "disk-B/event")
	b.ReportMetric(float64(raw)/lines, "raw-B/event")
}

// BenchmarkFlush flushes 100,000 JSON events of 12 streams from the
// memtable to a part on the real disk and reports events flushed per
// second: the rate that ingest can sustain before appends are throttled.
func BenchmarkFlush(b *testing.B) {
	const total, streams = 100_000, 12
	a := newAppLog(5)
	var batches []streamBatch
	for i := 0; i < total/1000; i++ {
		batches = append(batches, streamBatch{stream: int64(i % streams), events: a.batch(int64(i%streams), 1000)})
	}
	benchmarkFlush(b, batches)
}

// streamBatch is one Append of a flush benchmark.
type streamBatch struct {
	stream int64
	events []model.LogEvent
}

// benchmarkFlush appends batches to a fresh store, with the background
// stopped, and times the flush of them all; it reports events flushed per
// second and, where the platform tells, CPU time per event: the flush
// encodes on every core, and its CPU time is steadier than its wall time
// on a shared machine.
func benchmarkFlush(b *testing.B, batches []streamBatch) {
	benchmarkStep(b, batches, 0, (*Store).Flush)
}

// benchmarkMerge flushes batches as parts parts and times the merges
// that follow, as benchmarkFlush times a flush.
func benchmarkMerge(b *testing.B, batches []streamBatch, parts int) {
	benchmarkStep(b, batches, parts, (*Store).mergeAll)
}

// benchmarkStep appends batches to a fresh store, with the background
// stopped, flushing them as parts parts when parts > 0, and times step.
func benchmarkStep(b *testing.B, batches []streamBatch, parts int, step func(*Store, context.Context) error) {
	total := 0
	for _, bt := range batches {
		total += len(bt.events)
	}
	b.ReportAllocs()
	var elapsed, cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := Open(context.Background(), vfs.Default, b.TempDir(), Options{FlushInterval: time.Hour, MemtableSize: math.MaxInt64, MergeFanIn: max(parts, 2)})
		if err != nil {
			b.Fatal(err)
		}
		stopBackground(s)
		for i, bt := range batches {
			if _, err := s.Append(context.Background(), 1, bt.stream, 0, bt.events); err != nil {
				b.Fatal(err)
			}
			if parts > 0 && (i+1)*parts/len(batches) != i*parts/len(batches) {
				if err := s.Flush(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		}
		start, cpu0 := time.Now(), cputime.Process()
		b.StartTimer()
		if err := step(s, context.Background()); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		elapsed += time.Since(start)
		cpu += cputime.Process() - cpu0
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(total)*float64(b.N)/elapsed.Seconds(), "events/s")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(total*b.N), "cpu-ns/event")
	}
}

// scanEvents sizes BenchmarkScan's store; the storage targets are set at
// 10 million events.
var scanEvents = flag.Int("scan-events", 1_000_000, "events that BenchmarkScan stores, a multiple of 1000")

// BenchmarkScan scans -scan-events flushed and merged events on the real disk
// on two goroutines, for a field predicate (status >= 500, reading only
// that column) and for a substring of the message, and reports events
// scanned per second.
func BenchmarkScan(b *testing.B) {
	const streams = 12
	total := int64(*scanEvents)
	s, err := Open(context.Background(), vfs.Default, b.TempDir(), Options{FlushInterval: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}()
	a := newAppLog(3)
	var needle string // the trace id of one event in the middle
	for i := int64(0); i < total/1000; i++ {
		batch := a.batch(i%streams, 1000)
		if i == total/2000 {
			m := batch[500].Message
			at := strings.Index(m, `"trace_id":"`) + len(`"trace_id":"`)
			needle = m[at : at+32]
		}
		if _, err := s.Append(context.Background(), 1, i%streams, 0, batch); err != nil {
			b.Fatal(err)
		}
	}
	// Measure the scans alone.
	stopBackground(s)
	if err := s.Flush(context.Background()); err != nil {
		b.Fatal(err)
	}
	if err := s.mergeAll(context.Background()); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name     string
		spec     model.ScanSpec
		min, max int64 // expected matches
	}{
		{"field", model.ScanSpec{
			Columns: []string{"status"},
			Filter: rowFilter(func(b *model.Batch) func(int) bool {
				c := b.Field("status")
				return func(i int) bool { return c != nil && c.Has(i) && c.Ints[i] >= 500 }
			}),
		}, total / 50, total / 20},
		{"message", model.ScanSpec{
			Columns: []string{model.ColumnMessage},
			Filter: rowFilter(func(b *model.Batch) func(int) bool {
				return func(i int) bool { return strings.Contains(b.Messages[i], "timeout") }
			}),
		}, total / 200, total / 50},
		// A filter-pattern term: a substring, which only the gram filter
		// can rule blocks out for.
		{"rare term", model.ScanSpec{
			Columns: []string{model.ColumnMessage},
			Terms:   []string{needle},
		}, 1, 1},
	} {
		b.Run(bc.name, func(b *testing.B) {
			bc.spec.GroupIDs = []int64{1}
			b.ReportAllocs()
			start := time.Now()
			var matched int64
			for b.Loop() {
				matched = 0
				err := s.Scan(context.Background(), bc.spec, 2, func(b *model.Batch) error {
					matched += int64(b.Len())
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(total)*float64(b.N)/time.Since(start).Seconds(), "events/s")
			if matched < bc.min || matched > bc.max {
				b.Fatalf("%d events matched", matched)
			}
			sink.Add(matched)
		})
	}
	// FilterLogEvents reads a rare term through Read.
	b.Run("rare term read", func(b *testing.B) {
		b.ReportAllocs()
		start := time.Now()
		for b.Loop() {
			got := 0
			spec := model.ReadSpec{GroupID: 1, Terms: []string{needle}, Match: func(m string) bool { return strings.Contains(m, needle) }}
			if err := s.Read(context.Background(), spec, func(*model.StoredEvent) bool { got++; return true }); err != nil {
				b.Fatal(err)
			}
			if got != 1 {
				b.Fatalf("%d events matched", got)
			}
		}
		b.ReportMetric(float64(total)*float64(b.N)/time.Since(start).Seconds(), "events/s")
	})
}

// BenchmarkRead reads pages of 100 events from random positions of a group
// of 8 streams holding 200,000 events, merged across streams, and a single
// stream, from the memtable and from parts.
func BenchmarkRead(b *testing.B) {
	for _, flushed := range []bool{false, true} {
		b.Run(fmt.Sprintf("flushed=%v", flushed), func(b *testing.B) { benchmarkRead(b, flushed) })
	}
}

func benchmarkRead(b *testing.B, flushed bool) {
	s, err := Open(context.Background(), vfs.NewMem(), testDir, Options{FlushInterval: time.Hour})
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
	if flushed {
		if err := s.Flush(context.Background()); err != nil {
			b.Fatal(err)
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

// BenchmarkReplay reopens a store whose WAL holds about 100 MB of JSON
// events that were never flushed, as a kill -9 leaves it, and reports the
// WAL bytes replayed per second.
func BenchmarkReplay(b *testing.B) {
	dir := b.TempDir()
	opts := Options{FlushInterval: time.Hour, MemtableSize: math.MaxInt64}
	s, err := Open(context.Background(), vfs.Default, dir, opts)
	if err != nil {
		b.Fatal(err)
	}
	a := newAppLog(9)
	for i := int64(0); s.wal.Stats().Size < 100<<20; i++ {
		if _, err := s.Append(context.Background(), 1, i%16, 0, a.batch(i%16, 1000)); err != nil {
			b.Fatal(err)
		}
	}
	size := s.wal.Stats().Size
	crash(b, s)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		s, err := Open(context.Background(), vfs.Default, dir, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		crash(b, s)
		b.StartTimer()
	}
}
