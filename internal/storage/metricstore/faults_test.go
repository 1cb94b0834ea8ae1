package metricstore

import (
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestWALFailure fails a WAL write: the batch fails with ErrUnavailable and
// is not visible, later writes fail too, and a reopen finds every
// acknowledged point.
func TestWALFailure(t *testing.T) {
	mem := vfs.NewMem()
	var fail atomic.Bool
	fsys := vfs.NewErrorFS(mem, vfs.InjectorFunc(func(op vfs.Op, path string) error {
		if fail.Load() && op == vfs.OpSync && strings.HasSuffix(path, ".wal") {
			return vfs.ErrInjected
		}
		return nil
	}))
	s := openStore(t, fsys, "m")
	m := newRefModel()
	k := testKey("W")
	ok := Point{Key: k, Timestamp: t0 * 1000, Value: 1}
	add(t, s, ok)
	m.add(t, ok)
	fail.Store(true)
	if err := s.Add(context.Background(), []Point{{Key: k, Timestamp: t0 * 1000, Value: 100}}); !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	fail.Store(false)
	if err := s.Add(context.Background(), []Point{{Key: k, Timestamp: t0 * 1000, Value: 100}}); !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("after a failure: err = %v, want ErrUnavailable", err)
	}
	stats := mustStat(t, "Sum")
	q := Query{Key: &k, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: stats}
	compareResults(t, "after failure", stats, query(t, s, q), m.query(t, q))
	closeStore(t, s)
	// The failed batch was written but not synced: after a power loss it
	// is gone; without one it may be there.
	c := openStore(t, mem.CrashClone(), "m")
	compareResults(t, "after power loss", stats, query(t, c, q), m.query(t, q))
	closeStore(t, c)
}

// TestPowerLoss takes power-loss copies of the filesystem while writes,
// checkpoints and compactions run: each copy opens with every point
// acknowledged before it was taken, and no point twice.
func TestPowerLoss(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, "m")
	rng := rand.New(rand.NewPCG(41, 42))
	m := newRefModel()
	keys := []SeriesKey{testKey("P", "n", "1"), testKey("P", "n", "2"), testKey("Q")}
	stats := mustStat(t, "SampleCount", "Sum")
	for round := range 12 {
		for b := range 20 {
			var pts []Point
			for i := range 30 {
				ts := int64(t0) + int64(round*600+b*30+i)
				pts = append(pts, randomPoint(rng, keys[rng.IntN(len(keys))], ts, UnitCount, false, false))
			}
			add(t, s, pts...)
			m.add(t, pts...)
		}
		switch round % 3 {
		case 1:
			if err := s.Checkpoint(context.Background()); err != nil {
				t.Fatal(err)
			}
		case 2:
			if _, err := s.Compact(context.Background(), (t0+int64(round*600))*1000); err != nil {
				t.Fatal(err)
			}
		}
		c := openStore(t, mem.CrashClone(), "m")
		for i := range keys {
			q := Query{Key: &keys[i], Start: t0 * 1000, End: (t0 + 86400) * 1000, Period: 60, Statistics: stats}
			compareResults(t, "power loss", stats, query(t, c, q), m.query(t, q))
		}
		closeStore(t, c)
	}
	closeStore(t, s)
}

func TestOpenRejectsDamage(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, "m")
	add(t, s, Point{Key: testKey("X"), Timestamp: t0 * 1000, Value: 1})
	closeStore(t, s)
	// Damage the first byte of the first record's payload: its CRC fails
	// in a sealed (not last) segment only, so add a second segment first.
	s, err := Open(context.Background(), mem, "m", Options{SegmentSize: 64})
	if err != nil {
		t.Fatal(err)
	}
	add(t, s, Point{Key: testKey("X"), Timestamp: t0 * 1000, Value: 2})
	closeStore(t, s)
	seg := "m/" + genName(walPrefix, 1) + "/000001.wal"
	f, err := mem.OpenReadWrite(seg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte{0xff}, 17); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), mem, "m", Options{}); !errors.Is(err, model.ErrCorruption) {
		t.Fatalf("err = %v, want ErrCorruption", err)
	}
}

func TestClosedStore(t *testing.T) {
	s := openStore(t, vfs.NewMem(), "m")
	add(t, s, Point{Key: testKey("X"), Timestamp: t0 * 1000, Value: 1})
	closeStore(t, s)
	if err := s.Add(context.Background(), []Point{{Key: testKey("X"), Timestamp: t0 * 1000, Value: 1}}); !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("Add after Close: %v", err)
	}
	if err := s.Checkpoint(context.Background()); err == nil {
		t.Fatal("Checkpoint after Close succeeded")
	}
	if err := s.Close(); err == nil {
		t.Fatal("second Close succeeded")
	}
	k := testKey("X")
	if rs := query(t, s, Query{Key: &k, Start: t0 * 1000, End: (t0 + 60) * 1000, Period: 60, Statistics: mustStat(t, "Sum")}); len(rs) != 1 {
		t.Fatalf("reads after Close: %+v", rs)
	}
}
