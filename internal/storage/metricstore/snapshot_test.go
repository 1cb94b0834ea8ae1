package metricstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// tierCases are query shapes that read rollups, for data from t0 on.
func tierCases() []queryCase {
	var out []queryCase
	for _, c := range queryCases() {
		if c.period >= 60 {
			out = append(out, c)
		}
	}
	return out
}

// dirNames lists the store directory.
func dirNames(t *testing.T, fsys vfs.FS, dir string) []string {
	t.Helper()
	names, err := fsys.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestCheckpointReopen checkpoints, writes more, checkpoints again and
// reopens: the snapshot plus the WAL written after it give back every
// point, and covered WAL generations are gone.
func TestCheckpointReopen(t *testing.T) {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	m := newRefModel()
	stats := mustStat(t, modelStats...)
	loadRandom(t, s, m, 2)
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := dirNames(t, fsys, "m"); !slices.Equal(got, []string{genName(snapshotPrefix, 1), genName(walPrefix, 2)}) {
		t.Fatalf("after the first checkpoint: %q", got)
	}
	loadRandom(t, s, m, 3)
	checkModel(t, s, m, stats, queryCases(), "before reopen")
	closeStore(t, s)

	s = openStore(t, fsys, "m")
	checkModel(t, s, m, stats, queryCases(), "snapshot and wal")
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Generation != 4 || st.Checkpoints != 2 || st.Series != 5 {
		t.Fatalf("stats %+v", st)
	}
	closeStore(t, s)
	if got := dirNames(t, fsys, "m"); !slices.Equal(got, []string{genName(snapshotPrefix, 3), genName(walPrefix, 4)}) {
		t.Fatalf("after more checkpoints: %q", got)
	}
	s = openStore(t, fsys, "m")
	defer closeStore(t, s)
	checkModel(t, s, m, stats, queryCases(), "snapshot only")
	if s.Stats().Series != 5 {
		t.Fatalf("%d series after reopening", s.Stats().Series)
	}
}

// TestCheckpointDuringWrites runs checkpoints and compactions while several
// goroutines write; after a reopen every point is there exactly once.
func TestCheckpointDuringWrites(t *testing.T) {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	m := newRefModel()
	var mmu sync.Mutex
	var wg sync.WaitGroup
	var stop atomic.Bool
	var maxT atomic.Int64
	for w := range 4 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 31))
			for b := 0; !stop.Load() || b < 20; b++ {
				var pts []Point
				for i := range 50 {
					k := testKey("W", "worker", string(rune('a'+w)), "n", string(rune('a'+i%7)))
					ts := int64(t0) + int64(b)*50 + int64(i)
					pts = append(pts, randomPoint(rng, k, ts, UnitCount, false, false))
					for maxT.Load() < ts && !maxT.CompareAndSwap(maxT.Load(), ts) {
					}
				}
				if err := s.Add(context.Background(), pts); err != nil {
					t.Error(err)
					return
				}
				mmu.Lock()
				m.add(t, pts...)
				mmu.Unlock()
			}
		})
	}
	for range 5 {
		if err := s.Checkpoint(context.Background()); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Compact(context.Background(), (maxT.Load()+chunkSpan)*1000); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	s = openStore(t, fsys, "m")
	defer closeStore(t, s)
	// Series were created concurrently, so compare them one by one.
	stats := mustStat(t, "SampleCount", "Sum", "Minimum", "Maximum", "p50")
	for i := range m.keys {
		for _, c := range []queryCase{{t0, 86400, 60}, {t0 / 3600 * 3600, 86400, 3600}} {
			q := Query{Key: &m.keys[i], Start: c.start * 1000, End: (c.start + c.span) * 1000, Period: c.period, Statistics: stats}
			compareResults(t, keyString(m.keys[i]), stats, query(t, s, q), m.query(t, q))
		}
	}
}

// writeSnapshotFile returns the bytes of a snapshot of n random points.
func writeSnapshotFile(t testing.TB, n int) []byte {
	fsys := vfs.NewMem()
	s := openStore(t, fsys, "m")
	rng := rand.New(rand.NewPCG(33, 34))
	var pts []Point
	for i := range n {
		pts = append(pts, randomPoint(rng, testKey("S", "d", string(rune('a'+i%5))), t0+int64(i)*61, Unit(1+i%3), true, true))
	}
	add(t, s, pts...)
	if _, err := s.Compact(context.Background(), (t0+int64(n)*61)*1000); err != nil {
		t.Fatal(err)
	}
	add(t, s, pts[:10]...)
	if err := s.Checkpoint(context.Background()); err != nil {
		t.Fatal(err)
	}
	closeStore(t, s)
	f, err := fsys.Open(filepath.Join("m", genName(snapshotPrefix, 1)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fixChecksums recomputes the CRC of every whole frame of a snapshot, so
// that fuzzed bytes reach the decoders behind the checksums.
func fixChecksums(b []byte) {
	for off := snapshotHeader; off+frameHeader <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[off:]))
		body := off + frameHeader
		if n > len(b)-body {
			return
		}
		binary.LittleEndian.PutUint32(b[off+4:], crc32.Checksum(b[body:body+n], castagnoli))
		off = body + n
	}
}

// TestSnapshotCorrupt damages a snapshot in many ways: Open must fail with
// model.ErrCorruption and never panic.
func TestSnapshotCorrupt(t *testing.T) {
	good := writeSnapshotFile(t, 400)
	rng := rand.New(rand.NewPCG(35, 36))
	var cases [][]byte
	for _, n := range []int{0, 5, snapshotHeader, snapshotHeader + 3, len(good) / 2, len(good) - 1} {
		cases = append(cases, good[:n])
	}
	for range 40 {
		b := slices.Clone(good)
		b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
		cases = append(cases, b)
	}
	cases = append(cases, append(slices.Clone(good), 1, 2, 3))
	for i, b := range cases {
		fsys := vfs.NewMem()
		if err := fsys.MkdirAll("m", 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := fsys.Create(filepath.Join("m", genName(snapshotPrefix, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write(b); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		s, err := Open(context.Background(), fsys, "m", Options{})
		if err == nil {
			closeStore(t, s)
			t.Fatalf("case %d: a damaged snapshot opened", i)
		}
		if !errors.Is(err, model.ErrCorruption) {
			t.Fatalf("case %d: err = %v, want ErrCorruption", i, err)
		}
	}
}

// FuzzSnapshot loads arbitrary bytes as a snapshot, with the frames'
// checksums made right: errors wrap model.ErrCorruption, nothing panics,
// and what loads can be queried.
func FuzzSnapshot(f *testing.F) {
	good := writeSnapshotFile(f, 30)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Fuzz(func(t *testing.T, b []byte) {
		fixChecksums(b)
		s := &Store{idx: newIndex()}
		if _, err := s.readSnapshot(context.Background(), bytes.NewReader(b)); err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error without ErrCorruption: %v", err)
			}
			return
		}
		for _, period := range []int64{10, 86400 * 30} {
			q := Query{Filter: Filter{AccountID: testAccount}, Start: 0, End: 1 << 42, Period: period, Statistics: mustStat(t, "p50", "Sum", "Maximum")}
			if period == 10 {
				q.Start, q.End = t0*1000, (t0+86400)*1000
			}
			if _, err := s.Query(context.Background(), q); err != nil {
				t.Fatalf("query of a loaded snapshot: %v", err)
			}
		}
	})
}

// FuzzSeriesFrame decodes arbitrary bytes as a series frame.
func FuzzSeriesFrame(f *testing.F) {
	good := writeSnapshotFile(f, 100)
	// Seed with the payloads of the snapshot's series frames.
	r := bytes.NewReader(good[snapshotHeader:])
	for {
		body, err := readFrame(r, nil)
		if err != nil {
			break
		}
		if body[0] == frameSeries {
			f.Add(body[1:])
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if _, err := decodeSeriesFrame(b); err != nil && !errors.Is(err, model.ErrCorruption) {
			t.Fatalf("error without ErrCorruption: %v", err)
		}
	})
}

// TestCheckpointFailures fails each filesystem operation of a checkpoint in
// turn, then loses power: every acknowledged point must survive, and the
// store must go on accepting writes after the failure.
func TestCheckpointFailures(t *testing.T) {
	for fail := 0; ; fail++ {
		mem := vfs.NewMem()
		var armed atomic.Bool
		var ops atomic.Int64
		newWAL := genName(walPrefix, 2)
		inj := vfs.InjectorFunc(func(op vfs.Op, path string) error {
			// The new WAL generation is spared so that writes go on after
			// the failure; its creation is failed through the store's
			// own directory operations.
			if armed.Load() && !strings.Contains(path, newWAL) {
				if ops.Add(1)-1 == int64(fail) {
					return vfs.ErrInjected
				}
			}
			return nil
		})
		fsys := vfs.NewErrorFS(mem, inj)
		s := openStore(t, fsys, "m")
		m := newRefModel()
		loadRandomN(t, s, m, 4, 300)
		armed.Store(true)
		err := s.Checkpoint(context.Background())
		armed.Store(false)
		if err == nil {
			closeStore(t, s)
			if fail == 0 {
				t.Fatal("no operation was failed")
			}
			t.Logf("checkpoint has %d failure points", fail)
			return
		}
		if !errors.Is(err, model.ErrUnavailable) {
			t.Fatalf("failure %d: err = %v, want ErrUnavailable", fail, err)
		}
		extra := randomPoint(rand.New(rand.NewPCG(uint64(fail), 1)), testKey("After"), t0, UnitCount, false, false)
		add(t, s, extra)
		m.add(t, extra)
		crashed := mem.CrashClone()
		closeStore(t, s)
		c := openStore(t, crashed, "m")
		checkModel(t, c, m, mustStat(t, "SampleCount", "Sum", "p90"), tierCases()[:3], "after failure")
		closeStore(t, c)
	}
}
