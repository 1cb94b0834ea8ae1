package metricstore

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestRecordRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	keys := []SeriesKey{testKey("A"), testKey("B", "z", "1", "a", "2"), testKey("A", "x", "y")}
	var pts []Point
	for i := range 500 {
		pts = append(pts, randomPoint(rng, keys[rng.IntN(len(keys))], t0+int64(i%50)*37, Unit(1+rng.IntN(int(numUnits)-1)), true, true))
	}
	b, err := newBatch(pts)
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeRecord(b.appendRecord(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.entries) != len(pts) {
		t.Fatalf("%d entries, want %d", len(got.entries), len(pts))
	}
	for i := range pts {
		gk, wk := got.keys[got.keyOf[i]], b.keys[b.keyOf[i]]
		if !sameKey(&gk, &wk) {
			t.Fatalf("point %d: key %v, want %v", i, gk, wk)
		}
		if !sameEntry(&got.entries[i], &b.entries[i]) || got.entries[i].unit != b.entries[i].unit {
			t.Fatalf("point %d: %+v, want %+v", i, got.entries[i], b.entries[i])
		}
	}
}

func TestNewBatchRejects(t *testing.T) {
	k := testKey("M")
	long := strings.Repeat("x", 256)
	many := make([]Dimension, 31)
	for i := range many {
		many[i] = Dimension{Name: string(rune('a' + i)), Value: "v"}
	}
	for _, c := range []struct {
		name string
		p    Point
	}{
		{"bad account", Point{Key: SeriesKey{AccountID: "1", Namespace: "n", MetricName: "m"}}},
		{"no namespace", Point{Key: SeriesKey{AccountID: testAccount, MetricName: "m"}}},
		{"long metric", Point{Key: SeriesKey{AccountID: testAccount, Namespace: "n", MetricName: long}}},
		{"31 dimensions", Point{Key: SeriesKey{AccountID: testAccount, Namespace: "n", MetricName: "m", Dimensions: many}}},
		{"duplicate dimension", Point{Key: testKey("m", "a", "1", "a", "2")}},
		{"empty dimension value", Point{Key: testKey("m", "a", "")}},
		{"negative time", Point{Key: k, Timestamp: -1}},
		{"time past 2106", Point{Key: k, Timestamp: (maxTimestamp + 1) * 1000}},
		{"resolution 5", Point{Key: k, StorageResolution: 5}},
		{"unknown unit", Point{Key: k, Unit: numUnits}},
		{"NaN", Point{Key: k, Value: math.NaN()}},
		{"Inf in values", Point{Key: k, Values: []float64{1, math.Inf(1)}}},
		{"counts without values", Point{Key: k, Counts: []float64{1}}},
		{"counts mismatch", Point{Key: k, Values: []float64{1, 2}, Counts: []float64{1}}},
		{"zero count", Point{Key: k, Values: []float64{1}, Counts: []float64{0}}},
		{"151 values", Point{Key: k, Values: make([]float64, 151)}},
		{"values and stats", Point{Key: k, Values: []float64{1}, Stats: &StatisticSet{SampleCount: 1}}},
		{"zero sample count", Point{Key: k, Stats: &StatisticSet{}}},
		{"min over max", Point{Key: k, Stats: &StatisticSet{SampleCount: 2, Minimum: 2, Maximum: 1}}},
	} {
		_, err := newBatch([]Point{{Key: k, Value: 1}, c.p})
		if !errors.Is(err, model.ErrInvalidParameter) || !strings.Contains(err.Error(), "point 1") {
			t.Errorf("%s: err = %v, want ErrInvalidParameter about point 1", c.name, err)
		}
	}
}

func TestDecodeRecordRejects(t *testing.T) {
	b, err := newBatch([]Point{{Key: testKey("M", "d", "v"), Timestamp: t0 * 1000, Values: []float64{1, 2}, Counts: []float64{2, 3}}})
	if err != nil {
		t.Fatal(err)
	}
	good := b.appendRecord(nil)
	bad := func(f func([]byte) []byte) []byte { return f(slices.Clone(good)) }
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"version", bad(func(b []byte) []byte { b[0] = 9; return b })},
		{"type", bad(func(b []byte) []byte { b[1] = 9; return b })},
		{"truncated", good[:len(good)-3]},
		{"stray", append(slices.Clone(good), 1)},
		// The point ends with unit, kind, n=2, two values, ones=0, two counts.
		{"bad unit", bad(func(b []byte) []byte { b[len(b)-16-1-16-1-1-1] = 99; return b })},
		{"bad kind", bad(func(b []byte) []byte { b[len(b)-16-1-16-1-1] = 7; return b })},
	} {
		if _, err := decodeRecord(c.b); !errors.Is(err, model.ErrCorruption) {
			t.Errorf("%s: err = %v, want ErrCorruption", c.name, err)
		}
	}
}

// FuzzRecord decodes arbitrary bytes as a WAL record: no panic, and a
// record that decodes encodes to one that decodes the same.
func FuzzRecord(f *testing.F) {
	rng := rand.New(rand.NewPCG(29, 30))
	for _, n := range []int{1, 3, 10} {
		var pts []Point
		for i := range n {
			pts = append(pts, randomPoint(rng, testKey("M", "d", "v"), t0+int64(i), UnitCount, true, true))
		}
		b, err := newBatch(pts)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b.appendRecord(nil))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := decodeRecord(data)
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error without ErrCorruption: %v", err)
			}
			return
		}
		again, err := decodeRecord(b.appendRecord(nil))
		if err != nil || len(again.entries) != len(b.entries) || len(again.keys) != len(b.keys) {
			t.Fatalf("re-encoded record: %v", err)
		}
		for i := range b.entries {
			if !sameEntry(&again.entries[i], &b.entries[i]) {
				t.Fatalf("entry %d differs", i)
			}
		}
	})
}
