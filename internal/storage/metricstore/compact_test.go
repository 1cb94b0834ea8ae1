package metricstore

import (
	"context"
	"sync"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// checkMeters recounts the sealed chunks and compares with Stats.
func checkMeters(t *testing.T, s *Store) {
	t.Helper()
	var raw, rollups, size int64
	series := 0
	s.idx.mu.RLock()
	for id := uint32(0); id < s.idx.nextID; id++ {
		sr := s.idx.get(id)
		if sr == nil || sr.key == "" {
			continue
		}
		series++
		mu := s.lock(id)
		mu.Lock()
		sr.eachStream(func(st *stream) {
			if c := st.cold; c != nil {
				raw += int64(len(c.raw))
				for _, r := range c.raw {
					size += int64(len(r.b))
				}
				for _, tier := range c.tiers {
					rollups += int64(len(tier))
					for _, r := range tier {
						size += int64(len(r.b))
					}
				}
			}
		})
		mu.Unlock()
	}
	s.idx.mu.RUnlock()
	st := s.Stats()
	if st.RawChunks != raw || st.RollupChunks != rollups || st.ChunkBytes != size || st.Series != series {
		t.Fatalf("stats %+v, counted %d series, %d raw, %d rollups, %d bytes", st, series, raw, rollups, size)
	}
}

func TestCompactDeletesAgedSeries(t *testing.T) {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	now := int64(t0 + 1000*86400)
	old, kept := testKey("Old", "d", "x"), testKey("Kept", "d", "x")
	for i := range 300 {
		add(t, s,
			Point{Key: old, Timestamp: (t0 + int64(i)*60) * 1000, Value: float64(i)},
			Point{Key: kept, Timestamp: (now - 86400 + int64(i)*60) * 1000, Value: float64(i), Unit: UnitCount},
			Point{Key: kept, Timestamp: (t0 + int64(i)*60) * 1000, Value: float64(i), Unit: UnitBytes},
		)
	}
	checkMeters(t, s)
	st, err := s.Compact(context.Background(), now*1000)
	if err != nil {
		t.Fatal(err)
	}
	if st.SeriesDeleted != 1 || st.Sealed != 3 || st.RawDropped == 0 || st.RollupsDropped == 0 {
		t.Fatalf("compact stats %+v", st)
	}
	checkMeters(t, s)
	if got := listAll(t, s, ListQuery{Filter: Filter{AccountID: testAccount}}); len(got) != 1 || got[0] != "App/Kept d=x" {
		t.Fatalf("listed %q", got)
	}
	// The aged Bytes stream of Kept is gone too.
	rs := query(t, s, Query{Key: &kept, Start: (now - 2*86400) / 3600 * 3600 * 1000, End: now * 1000, Period: 3600, Statistics: mustStat(t, "SampleCount")})
	if len(rs) != 1 || rs[0].Unit != UnitCount {
		t.Fatalf("results %+v", rs)
	}
	// A deleted series comes back when written again.
	add(t, s, Point{Key: old, Timestamp: now * 1000, Value: 5})
	rs = query(t, s, Query{Key: &old, Start: now * 1000, End: (now + 60) * 1000, Period: 60, Statistics: mustStat(t, "Sum")})
	if len(rs) != 1 || rs[0].Values[0][0] != 5 {
		t.Fatalf("recreated series: %+v", rs)
	}
	checkMeters(t, s)
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	s = openStore(t, fsys, "m")
	defer closeStore(t, s)
	checkMeters(t, s)
	if s.Stats().Series != 2 {
		t.Fatalf("%d series after reopening", s.Stats().Series)
	}
}

// TestCompactRacesWrites deletes a series while a write to it is in
// flight, many times: the write must land exactly once.
func TestCompactRacesWrites(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	now := int64(t0 + 1000*86400)
	k := testKey("Flaky")
	sum := mustStat(t, "SampleCount")
	for i := range 200 {
		add(t, s, Point{Key: k, Timestamp: t0 * 1000, Value: 1})
		ts := now + int64(i)*60
		var wg sync.WaitGroup
		wg.Go(func() {
			if _, err := s.Compact(context.Background(), now*1000); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() { add(t, s, Point{Key: k, Timestamp: ts * 1000, Value: 1}) })
		wg.Wait()
		rs := query(t, s, Query{Key: &k, Start: now * 1000, End: (ts + 60) * 1000, Period: 60, Statistics: sum})
		if len(rs) != 1 || len(rs[0].Timestamps) != i+1 {
			t.Fatalf("round %d: %+v", i, rs)
		}
		for _, c := range rs[0].Values[0] {
			if c != 1 {
				t.Fatalf("round %d: counts %v", i, rs[0].Values[0])
			}
		}
	}
	if s.Stats().Series != 1 {
		t.Fatalf("%d series", s.Stats().Series)
	}
}
