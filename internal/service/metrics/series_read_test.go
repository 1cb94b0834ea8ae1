package metrics

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
)

// scanningStore is fakeStore with the SeriesScanner extension, built on
// its Query: results come in reverse order of the metrics, in one buffer
// that is overwritten once fn returns, so that a caller keeping a result
// instead of copying it sees garbage.
type scanningStore struct {
	*fakeStore
	scans int
}

func (s *scanningStore) QueryEach(ctx context.Context, q SeriesQuery, ms []Metric, _ int, fn func(int, *SeriesStats) error) error {
	s.scans++
	var buf SeriesStats
	for i := len(ms) - 1; i >= 0; i-- {
		q.Metric = ms[i]
		res, err := s.Query(ctx, q)
		if err != nil {
			return err
		}
		for _, r := range res {
			buf.Unit = r.Unit
			buf.Timestamps = append(buf.Timestamps[:0], r.Timestamps...)
			buf.Values = buf.Values[:0]
			for _, v := range r.Values {
				buf.Values = append(buf.Values, slices.Clone(v))
			}
			if err := fn(i, &buf); err != nil {
				return err
			}
			for j := range buf.Timestamps {
				buf.Timestamps[j] = -1
			}
			for _, v := range buf.Values {
				for j := range v {
					v[j] = math.Inf(1)
				}
			}
		}
	}
	return nil
}

// TestReadManyMatchesReadSeries runs SEARCH expressions over a store with
// the SeriesScanner extension and over the same store without, and checks
// the answers are the same: with metrics in one unit or several, with
// timestamps shared or not, with statistics the fake cannot compute (NaN,
// which drops the period), and twice in a row, so that the second request
// reads into slabs holding the first one's values.
func TestReadManyMatchesReadSeries(t *testing.T) {
	store := newFakeStore()
	plain := newTestService(store)
	scanner := &scanningStore{fakeStore: store}
	fast := newTestService(scanner)
	base := nowMs() - 3600_000
	for h, host := range []string{"a", "b", "c", "d"} {
		var pts [][2]float64
		for m := range 30 {
			if (m+h)%(h+1) == 0 {
				pts = append(pts, [2]float64{float64(m), float64(10*h + m)})
			}
		}
		putValues(t, plain, "Fleet", "Load", dims("Host", host), "Percent", base, pts...)
	}
	// One metric in two units, which readSeries merges.
	putValues(t, plain, "Fleet", "Load", dims("Host", "mixed"), "Count", base, [2]float64{0, 1}, [2]float64{1, 2})
	putValues(t, plain, "Fleet", "Load", dims("Host", "mixed"), "Bytes", base, [2]float64{1, 5}, [2]float64{2, 7})
	for _, expr := range []string{
		`SEARCH('{Fleet,Host} Load', 'Sum', 60)`,
		`SEARCH('{Fleet,Host} Load', 'Average', 120)`,
		`SEARCH('{Fleet,Host} Load', 'SampleCount', 60)`,
		`SEARCH('{Fleet,Host} Load', 'p50', 300)`,
		`SEARCH('{Fleet,Host} Load', 'TM(10%:90%)', 60)`,
		`SUM(SEARCH('{Fleet,Host} Load', 'Maximum', 60))`,
		`SEARCH('{Fleet,Host} Nothing', 'Sum', 60)`,
	} {
		in := GetMetricDataInput{StartTime: base, EndTime: base + 40*60_000, ScanBy: ScanTimestampAscending,
			MetricDataQueries: []MetricDataQuery{{ID: "e1", Expression: expr}}}
		want, err := plain.GetMetricData(context.Background(), testAccount, in)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		for round := range 2 {
			scans := scanner.scans
			got, err := fast.GetMetricData(context.Background(), testAccount, in)
			if err != nil {
				t.Fatalf("%s: %v", expr, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s, round %d:\ngot  %+v\nwant %+v", expr, round, got, want)
			}
			if scanner.scans == scans {
				t.Fatalf("%s: the store was not scanned", expr)
			}
		}
	}
}

func TestCopySeries(t *testing.T) {
	nan := math.NaN()
	noAlloc := func(n int) []float64 { return make([]float64, n) }
	shared := []int64{60, 120, 180}
	for _, c := range []struct {
		name      string
		ts        []int64
		vs        []float64
		shared    []int64
		wantTS    []int64
		wantVS    []float64
		wantShare bool
	}{
		{"same stamps", []int64{60_000, 120_000, 180_000}, []float64{1, 2, 3}, shared, []int64{60, 120, 180}, []float64{1, 2, 3}, true},
		{"same after NaN", []int64{60_000, 90_000, 120_000, 180_000}, []float64{1, nan, 2, 3}, shared, []int64{60, 120, 180}, []float64{1, 2, 3}, true},
		{"other stamps", []int64{60_000, 120_000, 240_000}, []float64{1, 2, 3}, shared, []int64{60, 120, 240}, []float64{1, 2, 3}, false},
		{"fewer", []int64{60_000, 120_000}, []float64{1, 2}, shared, []int64{60, 120}, []float64{1, 2}, false},
		{"nothing shared yet", []int64{60_000}, []float64{4}, nil, []int64{60}, []float64{4}, false},
		{"all NaN", []int64{60_000}, []float64{nan}, shared, []int64{}, []float64{}, false},
	} {
		got, next := copySeries(c.ts, c.vs, c.shared, noAlloc)
		if !reflect.DeepEqual(got.Timestamps, c.wantTS) || !reflect.DeepEqual(got.Values, c.wantVS) {
			t.Errorf("%s: %v %v, want %v %v", c.name, got.Timestamps, got.Values, c.wantTS, c.wantVS)
		}
		isShared := len(c.shared) > 0 && len(got.Timestamps) > 0 && &got.Timestamps[0] == &c.shared[0]
		if isShared != c.wantShare {
			t.Errorf("%s: shared %v, want %v", c.name, isShared, c.wantShare)
		}
		if len(got.Timestamps) > 0 && !slices.Equal(next, got.Timestamps) {
			t.Errorf("%s: next shared %v, want %v", c.name, next, got.Timestamps)
		}
	}
}

func TestFloatArena(t *testing.T) {
	var a floatArena
	x := a.alloc(10)
	y := a.alloc(20)
	if len(x) != 10 || cap(x) != 10 || len(y) != 20 {
		t.Fatalf("lengths %d/%d %d", len(x), cap(x), len(y))
	}
	for i := range x {
		x[i] = 1
	}
	for i := range y {
		y[i] = 2
	}
	if slices.ContainsFunc(x, func(v float64) bool { return v != 1 }) {
		t.Fatalf("slices overlap: %v", x)
	}
	big := a.alloc(slabLen)
	if len(big) != slabLen || len(a.slabs) != 1 {
		t.Fatalf("a large slice came from a slab: %d slabs", len(a.slabs))
	}
	for range slabLen/1000 + 1 {
		a.alloc(1000)
	}
	if len(a.slabs) < 2 {
		t.Fatalf("%d slabs after filling one", len(a.slabs))
	}
	a.release()
	if len(a.slabs) != 0 || len(a.free) != 0 {
		t.Fatalf("release left %d slabs, %d free", len(a.slabs), len(a.free))
	}
}
