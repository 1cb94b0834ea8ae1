package metricstore

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestAddIsAtomic checks that one invalid point fails the whole batch and
// leaves nothing behind, in memory or in the WAL.
func TestAddIsAtomic(t *testing.T) {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	k := testKey("A")
	err := s.Add(context.Background(), []Point{
		{Key: k, Timestamp: t0 * 1000, Value: 1},
		{Key: testKey("B"), Timestamp: t0 * 1000, Values: []float64{1}, Counts: []float64{-1}},
	})
	if !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("err = %v, want ErrInvalidParameter", err)
	}
	stats := mustStat(t, "SampleCount")
	q := Query{Filter: Filter{AccountID: testAccount}, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: stats}
	if rs := query(t, s, q); len(rs) != 0 {
		t.Fatalf("a failed batch is visible: %+v", rs)
	}
	closeStore(t, s)
	s = openStore(t, fsys, "m")
	defer closeStore(t, s)
	if rs := query(t, s, q); len(rs) != 0 || s.Stats().Series != 0 {
		t.Fatalf("a failed batch came back: %+v", rs)
	}
}

// TestDimensionOrder checks that dimensions given in any order name the
// same series, and that keys come back sorted.
func TestDimensionOrder(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	a := testKey("M", "b", "2", "a", "1", "c", "3")
	b := testKey("M", "c", "3", "a", "1", "b", "2")
	add(t, s, Point{Key: a, Timestamp: t0 * 1000, Value: 1}, Point{Key: b, Timestamp: t0 * 1000, Value: 2})
	add(t, s, Point{Key: b, Timestamp: t0 * 1000, Value: 4})
	keys, _, err := s.ListMetrics(context.Background(), ListQuery{Filter: Filter{AccountID: testAccount}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Dimension{{Name: "a", Value: "1"}, {Name: "b", Value: "2"}, {Name: "c", Value: "3"}}
	if len(keys) != 1 || !slices.Equal(keys[0].Dimensions, want) {
		t.Fatalf("keys %+v", keys)
	}
	if !slices.Equal(a.Dimensions, []Dimension{{Name: "b", Value: "2"}, {Name: "a", Value: "1"}, {Name: "c", Value: "3"}}) {
		t.Fatal("Add reordered the caller's dimensions")
	}
	rs := query(t, s, Query{Key: &b, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: mustStat(t, "Sum")})
	if len(rs) != 1 || rs[0].Values[0][0] != 7 || !slices.Equal(rs[0].Key.Dimensions, want) {
		t.Fatalf("results %+v", rs)
	}
}

// TestResolutions checks the rounding of times: whole seconds for high
// resolution, whole minutes for standard.
func TestResolutions(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	k := testKey("R")
	add(t, s,
		Point{Key: k, Timestamp: (t0+17)*1000 + 999, Value: 1, StorageResolution: 1},
		Point{Key: k, Timestamp: (t0+17)*1000 + 5, Value: 2},
		Point{Key: k, Timestamp: (t0 + 42) * 1000, Value: 4, StorageResolution: 60},
	)
	rs := query(t, s, Query{Key: &k, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 1, Statistics: mustStat(t, "Sum")})
	if len(rs) != 1 || !slices.Equal(rs[0].Timestamps, []int64{t0 * 1000, (t0 + 17) * 1000}) || !slices.Equal(rs[0].Values[0], []float64{6, 1}) {
		t.Fatalf("results %+v", rs)
	}
}

// TestStats checks the gauges as data is added, sealed and compacted.
func TestStats(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	defer closeStore(t, s)
	k := testKey("S")
	var pts []Point
	for i := range 3 * maxChunkPoints {
		pts = append(pts, Point{Key: k, Timestamp: (t0 + int64(i)) * 1000, Value: float64(i), StorageResolution: 1})
	}
	add(t, s, pts...)
	st := s.Stats()
	if st.Series != 1 || st.RawChunks != 2 || st.RollupChunks != 6 || st.ChunkBytes == 0 || st.Generation != 1 || st.WAL.Records != 1 {
		t.Fatalf("stats %+v", st)
	}
	checkMeters(t, s)
	if _, err := s.Compact(context.Background(), (t0+4*3600)*1000); err != nil {
		t.Fatal(err)
	}
	checkMeters(t, s)
	if st := s.Stats(); st.RawChunks != 0 || st.RollupChunks != 3 {
		t.Fatalf("after Compact: %+v", st)
	}
}
