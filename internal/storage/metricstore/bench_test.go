package metricstore

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// sink keeps benchmark results alive.
var sink atomic.Int64

// BenchmarkAdd adds batches of 1000 points from parallel goroutines, each
// batch one minute of 1000 series, to a store on the real disk: every
// batch is fsync'd, shared by group commit.
func BenchmarkAdd(b *testing.B) {
	s := openStore(b, vfs.Default, b.TempDir())
	var workers atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(4)
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := int(workers.Add(1))
		keys := make([]SeriesKey, 1000)
		for i := range keys {
			keys[i] = testKey("Bench", "worker", fmt.Sprint(w), "instance", fmt.Sprintf("i-%06d", i))
		}
		pts := make([]Point, len(keys))
		for minute := 0; pb.Next(); minute++ {
			for i := range pts {
				pts[i] = Point{Key: keys[i], Timestamp: (t0 + int64(minute)*60) * 1000, Value: float64(minute%100) + float64(i)/8}
			}
			if err := s.Add(context.Background(), pts); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)*1000/time.Since(start).Seconds(), "points/s")
	st := s.Stats()
	if st.WAL.Fsyncs > 0 {
		b.ReportMetric(float64(st.WAL.Records)/float64(st.WAL.Fsyncs), "batches/fsync")
	}
	closeStore(b, s)
}

// queryDataset is 1000 series with one point a minute for 15 days, sealed
// and compacted, built once for every query benchmark.
var queryDataset struct {
	once  sync.Once
	s     *Store
	start int64 // seconds
	end   int64
}

const (
	benchSeries = 1000
	benchDays   = 15
)

func loadQueryDataset(b *testing.B) (*Store, int64, int64) {
	d := &queryDataset
	d.once.Do(func() {
		s, err := Open(context.Background(), vfs.NewMem(), "m", Options{})
		if err != nil {
			b.Fatal(err)
		}
		keys := make([]SeriesKey, benchSeries)
		for i := range keys {
			keys[i] = testKey("Query", "instance", fmt.Sprintf("i-%06d", i))
		}
		start := int64(t0/86400+1) * 86400
		minutes := benchDays * 1440
		rng := rand.New(rand.NewPCG(1, 1))
		bt := &batch{keys: keys, keyOf: make([]uint32, benchSeries), entries: make([]entry, benchSeries)}
		for i := range bt.keyOf {
			bt.keyOf[i] = uint32(i)
		}
		refs, err := s.resolve(bt)
		if err != nil {
			b.Fatal(err)
		}
		// Apply without the WAL: this is about reading.
		for m := range minutes {
			ts := start + int64(m)*60
			for i := range bt.entries {
				v := 50 + 20*math.Sin(float64(ts)/3600+float64(i)) + rng.NormFloat64()
				bt.entries[i] = entry{t: ts, unit: UnitPercent, v: math.Round(v*100) / 100}
			}
			s.apply(bt, refs)
		}
		end := start + int64(minutes)*60
		if _, err := s.Compact(context.Background(), end*1000); err != nil {
			b.Fatal(err)
		}
		d.s, d.start, d.end = s, start, end
	})
	return d.s, d.start, d.end
}

// BenchmarkQuery reads 1000 series × 15 days at a 60-second period (21.6
// million datapoints) and at coarser periods, with plain statistics and
// with a percentile, through Query (which collects every result) and
// QueryEach (which streams them).
func BenchmarkQuery(b *testing.B) {
	s, start, end := loadQueryDataset(b)
	st := s.Stats()
	b.Logf("dataset: %d series, %d rollup chunks, %.1f MB of chunks", st.Series, st.RollupChunks, float64(st.ChunkBytes)/1e6)
	for _, c := range []struct {
		period int64
		stats  []string
		conc   int
	}{
		{60, []string{"Average"}, 1},
		{60, []string{"Average"}, 2},
		{60, []string{"SampleCount", "Sum", "Minimum", "Maximum"}, 2},
		{60, []string{"p99"}, 2},
		{300, []string{"Average"}, 2},
		{3600, []string{"Average", "p99"}, 2},
	} {
		q := Query{Filter: Filter{AccountID: testAccount, Namespace: "App", MetricName: "Query"}, Start: start * 1000, End: end * 1000, Period: c.period, Statistics: mustStat(b, c.stats...), Concurrency: c.conc}
		name := fmt.Sprintf("period=%d/%v/concurrency=%d", c.period, c.stats, c.conc)
		b.Run("Query/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rs, err := s.Query(context.Background(), q)
				if err != nil {
					b.Fatal(err)
				}
				if len(rs) != benchSeries {
					b.Fatalf("%d results", len(rs))
				}
				sink.Add(int64(len(rs[0].Timestamps)))
			}
		})
		b.Run("QueryEach/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				err := s.QueryEach(context.Background(), q, func(_ int, r *SeriesResult) error {
					n++
					sink.Add(int64(len(r.Timestamps)))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				if n != benchSeries {
					b.Fatalf("%d results", n)
				}
			}
		})
	}
}

// BenchmarkSeriesMemory creates one million series with one point each
// (through Add, with the WAL on the real disk) and reports the heap in use
// per series.
func BenchmarkSeriesMemory(b *testing.B) {
	const series = 1_000_000
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		s := openStore(b, vfs.Default, b.TempDir())
		pts := make([]Point, 1000)
		for i := 0; i < series; i += len(pts) {
			for j := range pts {
				pts[j] = Point{Key: testKey("Idle", "instance", fmt.Sprintf("i-%08d", i+j)), Timestamp: t0 * 1000, Value: float64(j)}
			}
			add(b, s, pts...)
		}
		pts = nil
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if s.Stats().Series != series {
			b.Fatalf("%d series", s.Stats().Series)
		}
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/series, "bytes/series")
		closeStore(b, s)
	}
}

func BenchmarkHeadAppend(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	es := randomEntries(rng, maxChunkPoints)
	for i := range es {
		es[i] = entry{t: t0 + int64(i)*60, v: math.Round(rng.NormFloat64()*1000) / 100}
	}
	b.ReportAllocs()
	var h rawHead
	for b.Loop() {
		h = rawHead{b: h.b[:0]}
		for i := range es {
			h.append(&es[i])
		}
	}
	b.ReportMetric(float64(len(h.b))/float64(len(es)), "bytes/point")
}

func BenchmarkRollupDecode(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	var bs []bucket
	for i := range maxRollupBuckets {
		bk := bucket{t: int64(t0) + int64(i)*60}
		bk.addValue(math.Round((50+20*math.Sin(float64(i)/60)+rng.NormFloat64())*100)/100, 1)
		bs = append(bs, bk)
	}
	c := encodeRollup(60, bs)
	var d rollupCols
	b.ReportAllocs()
	b.SetBytes(int64(len(c.b)))
	for b.Loop() {
		if err := c.decode(colSum|colCount, &d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(c.b))/maxRollupBuckets, "bytes/bucket")
}

func BenchmarkSketchAdd(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	vals := make([]float64, 4096)
	for i := range vals {
		vals[i] = rng.ExpFloat64() * 100
	}
	var sk sketch
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sk.add(vals[i&4095], 1)
	}
}
