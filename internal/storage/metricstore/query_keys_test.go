package metricstore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestQueryKeys checks that a query by Keys gives, for each key, what a
// query by that Key alone gives, placed by the key's position, leaving out
// keys without a series.
func TestQueryKeys(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	m := newRefModel()
	last := loadRandom(t, s, m, 3)
	if _, err := s.Compact(context.Background(), (last-6*3600)*1000); err != nil {
		t.Fatal(err)
	}
	reordered := m.keys[0]
	reordered.Dimensions = slices.Clone(reordered.Dimensions)
	slices.Reverse(reordered.Dimensions)
	keys := []SeriesKey{
		m.keys[2],
		testKey("Missing", "Service", "api"),
		reordered,
		m.keys[4],
		m.keys[2],
		{AccountID: testAccount, Namespace: "App", MetricName: "Latency", Dimensions: []Dimension{{Name: "Service", Value: "none"}}},
	}
	stats := mustStat(t, "Sum", "Average", "p90", "SampleCount")
	for _, c := range queryCases() {
		for _, conc := range []int{1, 3} {
			label := fmt.Sprintf("%s concurrency=%d", c, conc)
			base := Query{Start: c.start * 1000, End: (c.start + c.span) * 1000, Period: c.period, Statistics: stats, Concurrency: conc}
			var want []SeriesResult
			var wantPos []int
			for i := range keys {
				q := base
				q.Key = &keys[i]
				rs := query(t, s, q)
				compareResults(t, label+" key "+keys[i].MetricName, stats, rs, m.query(t, q))
				for range rs {
					wantPos = append(wantPos, i)
				}
				want = append(want, rs...)
			}
			q := base
			q.Keys = keys
			compareResults(t, label, stats, query(t, s, q), want)

			var gotPos []int
			err := s.QueryEach(context.Background(), q, func(i int, _ *SeriesResult) error {
				gotPos = append(gotPos, i)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(gotPos)
			if !slices.Equal(gotPos, wantPos) {
				t.Fatalf("%s: positions %v, want %v", label, gotPos, wantPos)
			}
		}
	}
}

func TestQueryKeysInvalid(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	add(t, s, Point{Key: testKey("Depth"), Timestamp: t0 * 1000, Value: 1})
	q := Query{Keys: []SeriesKey{testKey("Depth"), {AccountID: "bad", Namespace: "App", MetricName: "Depth"}},
		Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: mustStat(t, "Sum")}
	if _, err := s.Query(context.Background(), q); !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("invalid key: %v, want ErrInvalidParameter", err)
	}
	q.Keys = []SeriesKey{}
	if rs := query(t, s, q); len(rs) != 0 {
		t.Fatalf("no keys: %d results", len(rs))
	}
}

// TestQueryPooledWorkers runs queries of every shape in random order, some
// stopped half-way by their callback, and checks each against the model:
// scratch space that a query leaves in a pooled worker must not reach the
// next one.
func TestQueryPooledWorkers(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	m := newRefModel()
	loadRandomN(t, s, m, 5, 800)
	statSets := [][]Statistic{
		mustStat(t, "Average"),
		mustStat(t, "Sum", "Minimum", "Maximum"),
		mustStat(t, "p50", "SampleCount"),
		mustStat(t, "TM(10%:90%)", "IQM"),
	}
	cases := queryCases()
	rng := rand.New(rand.NewPCG(9, 9))
	errStop := errors.New("stop")
	for round := range 120 {
		c := cases[rng.IntN(len(cases))]
		stats := statSets[rng.IntN(len(statSets))]
		q := Query{Filter: Filter{AccountID: testAccount}, Start: c.start * 1000, End: (c.start + c.span) * 1000,
			Period: c.period, Statistics: stats, Concurrency: 1 + rng.IntN(2)}
		if rng.IntN(4) == 0 {
			// Stop after the first result: the worker goes back to the
			// pool in the middle of a series.
			err := s.QueryEach(context.Background(), q, func(int, *SeriesResult) error { return errStop })
			if err != nil && !errors.Is(err, errStop) {
				t.Fatal(err)
			}
			continue
		}
		compareResults(t, fmt.Sprintf("round %d: %s %v", round, c, stats), stats, query(t, s, q), m.query(t, q))
	}
}

// TestQueryDirectMatchesAccumulated checks the direct read of rollup
// chunks (query_direct.go) against the accumulating one, which a
// statistic needing a sketch forces on the same data: the plain
// statistics must come out with the same bits.
func TestQueryDirectMatchesAccumulated(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	m := newRefModel()
	last := loadRandom(t, s, m, 8)
	if _, err := s.Compact(context.Background(), (last+chunkSpan)*1000); err != nil {
		t.Fatal(err)
	}
	plain := []string{"Sum", "Average", "SampleCount", "Minimum", "Maximum"}
	var directs, others int
	for _, c := range queryCases() {
		for _, names := range [][]string{plain, {"Average"}, {"Sum", "SampleCount"}, {"Maximum"}} {
			q := Query{Filter: Filter{AccountID: testAccount}, Start: c.start * 1000, End: (c.start + c.span) * 1000, Period: c.period, Statistics: mustStat(t, names...)}
			p, err := newPlan(&q)
			if err != nil {
				t.Fatal(err)
			}
			targets, err := s.selectSeries(context.Background(), &q)
			if err != nil {
				t.Fatal(err)
			}
			for _, tg := range targets {
				for _, v := range s.views(tg.ref, p) {
					if direct(p, &v) {
						directs++
					} else {
						others++
					}
				}
			}
			got := query(t, s, q)
			q.Statistics = append(q.Statistics, mustStat(t, "p50")...)
			want := query(t, s, q)
			label := fmt.Sprintf("%s %v", c, names)
			if len(got) != len(want) {
				t.Fatalf("%s: %d results, want %d", label, len(got), len(want))
			}
			for i := range got {
				if !slices.Equal(got[i].Timestamps, want[i].Timestamps) {
					t.Fatalf("%s: %v timestamps differ", label, got[i].Key)
				}
				for st := range names {
					for j, v := range got[i].Values[st] {
						if math.Float64bits(v) != math.Float64bits(want[i].Values[st][j]) {
							t.Fatalf("%s: %v %s at %d = %v, want %v", label, got[i].Key, names[st], got[i].Timestamps[j], v, want[i].Values[st][j])
						}
					}
				}
			}
		}
	}
	if directs == 0 || others == 0 {
		t.Fatalf("%d streams read directly, %d not: both paths must be covered", directs, others)
	}
}
