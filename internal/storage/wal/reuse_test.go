package wal

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// spareFiles returns the names of the spare segments in the log directory.
func spareFiles(t *testing.T, fsys vfs.FS) []string {
	t.Helper()
	names, err := fsys.List(testDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range names {
		if strings.HasSuffix(name, spareSuffix) {
			out = append(out, name)
		}
	}
	return out
}

// TestSegmentReuse retires segments as a flushing owner does and checks
// that their files wait as spares, that later rolls reuse them, and that
// nothing a reused file held before is ever replayed: after each round,
// after a reopen and after a power loss at every step. The records of the
// first rounds are all alike, so a record left over from a file's previous
// use differs from a new one at its place only in its checksum's seed;
// the later rounds' records are shorter, so a reused file is rolled before
// its old end, which must then be cut off.
func TestSegmentReuse(t *testing.T) {
	m := vfs.NewMem()
	opts := Options{SegmentSize: 256}
	w := openWAL(t, m, opts)
	var live []rec
	reused := 0
	for round := range 10 {
		payload := "the same record every time, 40 bytes lon"
		if round >= 5 {
			payload = payload[:25]
		}
		// Five or seven records fill a segment; a round writes two or
		// three segments' worth.
		sparesBefore := len(spareFiles(t, m))
		for range 12 + round%2 {
			live = append(live, rec{mustAppend(t, w, payload), payload})
		}
		if len(spareFiles(t, m)) < sparesBefore {
			reused++
		}
		// Keep only the records of the last segment, as an owner whose
		// memtable holds them would.
		tail := makeLSN(live[len(live)-1].lsn.Segment(), 0)
		n, err := w.RemoveBefore(tail)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("round %d: nothing retired", round)
		}
		if s := spareFiles(t, m); len(s) > maxSpares {
			t.Fatalf("round %d: %d spares %v, want at most %d", round, len(s), s, maxSpares)
		}
		kept := live[:0]
		for _, r := range live {
			if r.lsn.Segment() >= tail.Segment() {
				kept = append(kept, r)
			}
		}
		live = kept
		if got := replayAll(t, w); !equalRecs(got, live) {
			t.Fatalf("round %d: replay %v, want %v", round, got, live)
		}
		crashed := m.CrashClone()
		cw := openWAL(t, crashed, opts)
		if got := replayAll(t, cw); !equalRecs(got, live) {
			t.Fatalf("round %d, after a power loss: replay %d records, want %d", round, len(got), len(live))
		}
		// Appends after the crash follow the good records.
		lsn := mustAppend(t, cw, "after the crash")
		if got := replayAll(t, cw); !equalRecs(got, append(append([]rec(nil), live...), rec{lsn, "after the crash"})) {
			t.Fatalf("round %d: an append after the crash is not last", round)
		}
		closeWAL(t, cw)
	}
	if reused == 0 {
		t.Fatal("no roll found a spare to reuse")
	}
	closeWAL(t, w)
	if s := spareFiles(t, m); len(s) != 0 {
		t.Fatalf("Close left spares %v", s)
	}
	w = openWAL(t, m, opts)
	defer closeWAL(t, w)
	if got := replayAll(t, w); !equalRecs(got, live) {
		t.Fatalf("replay after reopen: %d records, want %d", len(got), len(live))
	}
	if st := w.Stats(); st.TornTails != 0 {
		t.Fatalf("a clean close left a tail Open took for torn: %+v", st)
	}
}

// TestReusedSegmentPowerLoss loses power right after a roll reused a
// spare, before and after the first records reached it: the old records
// the file still holds are cut off as a torn tail, never replayed.
func TestReusedSegmentPowerLoss(t *testing.T) {
	m := vfs.NewMem()
	opts := Options{SegmentSize: 256}
	w := openWAL(t, m, opts)
	defer closeWAL(t, w)
	const payload = "the same record every time, 40 bytes lon"
	var last LSN
	for range 15 {
		last = mustAppend(t, w, payload)
	}
	if _, err := w.RemoveBefore(makeLSN(last.Segment(), 0)); err != nil {
		t.Fatal(err)
	}
	spares := len(spareFiles(t, m))
	if spares == 0 {
		t.Fatal("no spare to reuse")
	}
	// Append until a record opens the next segment, which a spare becomes.
	var first rec
	for range 10 {
		if first = (rec{mustAppend(t, w, payload), payload}); first.lsn.Segment() != last.Segment() {
			break
		}
	}
	if first.lsn.Segment() == last.Segment() || len(spareFiles(t, m)) != spares-1 {
		t.Fatalf("no roll into a spare: last record %v, %d spares left of %d", first.lsn, len(spareFiles(t, m)), spares)
	}
	crashed := m.CrashClone()
	cw := openWAL(t, crashed, opts)
	got := replayAll(t, cw)
	closeWAL(t, cw)
	if got[len(got)-1] != first {
		t.Fatalf("last record after a power loss is %v, want %v", got[len(got)-1], first)
	}
	n := 0
	for _, r := range got {
		if r.lsn.Segment() == first.lsn.Segment() {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the reused segment replays %d records, want the one written to it", n)
	}
	// A reused file's header is in place before its first record: the
	// file as the roll left it, with only its old records, replays none.
	data := readSeg(t, m, first.lsn.Segment())
	stale := vfs.NewMem()
	if err := stale.MkdirAll(testDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeSeg(t, stale, first.lsn.Segment(), append(appendSegmentHeader(nil), data[segmentHeaderSize+recordHeaderSize+len(payload):]...))
	sw := openWAL(t, stale, opts)
	defer closeWAL(t, sw)
	if got := replayAll(t, sw); len(got) != 0 {
		t.Fatalf("old records of a reused file replayed: %v", got)
	}
}

// TestVersion1Segment opens a segment of format version 1, whose checksums
// have no seed: its records replay, and appends to it stay readable.
func TestVersion1Segment(t *testing.T) {
	m := vfs.NewMem()
	if err := m.MkdirAll(testDir, 0o755); err != nil {
		t.Fatal(err)
	}
	v1 := []byte("OWAL\x01\x00\x00\x00")
	for _, p := range []string{"one", "two"} {
		v1 = appendRecord(v1, 0, []byte(p))
	}
	writeSeg(t, m, 7, v1)
	w := openWAL(t, m, Options{})
	want := []rec{{makeLSN(7, 8), "one"}, {makeLSN(7, 19), "two"}}
	if got := replayAll(t, w); !equalRecs(got, want) {
		t.Fatalf("replay %v, want %v", got, want)
	}
	want = append(want, rec{mustAppend(t, w, "three"), "three"})
	closeWAL(t, w)
	w = openWAL(t, m, Options{})
	defer closeWAL(t, w)
	if got := replayAll(t, w); !equalRecs(got, want) {
		t.Fatalf("replay after an append %v, want %v", got, want)
	}
	if st := w.Stats(); st.TornTails != 0 {
		t.Fatalf("stats %+v", st)
	}
}

// TestSpareLeftByCrash checks that Open removes spares an earlier process
// left, and only those.
func TestSpareLeftByCrash(t *testing.T) {
	m := vfs.NewMem()
	if err := m.MkdirAll(testDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"000003.spare", "notes.spare", "000004.wal.bak"} {
		f, err := m.Create(filepath.Join(testDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	w := openWAL(t, m, Options{})
	defer closeWAL(t, w)
	names, err := m.List(testDir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, " ") != "000004.wal.bak notes.spare" {
		t.Fatalf("files after Open: %v", names)
	}
}

// TestReuseFailure fails the steps a roll into a spare takes (renaming
// the spare, cutting the old segment's tail) and checks that the log
// stops, as after any failed write, and that a reopen replays every
// acknowledged record.
func TestReuseFailure(t *testing.T) {
	tests := []struct {
		name string
		op   vfs.Op
		// suffix of the path the failing operation names.
		suffix string
	}{
		{"rename of the spare", vfs.OpRename, spareSuffix},
		{"truncate of the old segment", vfs.OpTruncate, segmentSuffix},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := vfs.NewMem()
			var fail atomic.Bool
			efs := vfs.NewErrorFS(m, vfs.InjectorFunc(func(op vfs.Op, path string) error {
				if fail.Load() && op == tc.op && strings.HasSuffix(path, tc.suffix) {
					return syscall.EIO
				}
				return nil
			}))
			opts := Options{SegmentSize: 256}
			w := openWAL(t, efs, opts)
			long := "the same record every time, 40 bytes lon"
			var acked []rec
			for range 15 {
				acked = append(acked, rec{mustAppend(t, w, long), long})
			}
			if _, err := w.RemoveBefore(makeLSN(acked[len(acked)-1].lsn.Segment(), 0)); err != nil {
				t.Fatal(err)
			}
			// Shorter records leave the reused file's old end to cut.
			short := long[:25]
			fail.Store(true)
			var err error
			for i := 0; err == nil && i < 40; i++ {
				var lsn LSN
				if lsn, err = w.Append(context.Background(), []byte(short)); err == nil {
					acked = append(acked, rec{lsn, short})
				}
			}
			if !errors.Is(err, ErrFailed) || !errors.Is(err, syscall.EIO) {
				t.Fatalf("append error %v, want one wrapping ErrFailed and EIO", err)
			}
			if _, err := w.Append(context.Background(), []byte("later")); !errors.Is(err, ErrFailed) {
				t.Fatalf("append after the failure: %v", err)
			}
			_ = w.Close()
			w = openWAL(t, m, opts)
			defer closeWAL(t, w)
			got := replayAll(t, w)
			// The records of the segments retired before the failure are
			// gone; every later acknowledged one must replay.
			var want []rec
			for _, r := range acked {
				if r.lsn.Segment() >= acked[14].lsn.Segment() {
					want = append(want, r)
				}
			}
			if !equalRecs(got[len(got)-len(want):], want) {
				t.Fatalf("replay after the failure lost acknowledged records: got %d, want the last %d", len(got), len(want))
			}
		})
	}
}

// TestReuseConcurrent has appenders retire segments now and then while
// the others roll into spares, and checks that a reopened log replays every
// acknowledged record after the last retirement and nothing that was not
// acknowledged, each once.
func TestReuseConcurrent(t *testing.T) {
	m := vfs.NewMem()
	var reuses atomic.Int64
	counting := vfs.NewErrorFS(m, vfs.InjectorFunc(func(op vfs.Op, path string) error {
		if op == vfs.OpRename && strings.HasSuffix(path, spareSuffix) {
			reuses.Add(1)
		}
		return nil
	}))
	opts := Options{SegmentSize: 512}
	w := openWAL(t, counting, opts)
	var mu sync.Mutex
	acked := map[LSN]string{}
	var last LSN // the highest position retired before
	var wg sync.WaitGroup
	for a := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 150 {
				p := fmt.Sprintf("appender %d record %03d %s", a, i, strings.Repeat("x", i%30))
				lsn, err := w.Append(context.Background(), []byte(p))
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked[lsn] = p
				mu.Unlock()
				if i%5 == 4 {
					tail := w.Tail()
					if _, err := w.RemoveBefore(tail); err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					last = max(last, tail)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	closeWAL(t, w)
	if reuses.Load() == 0 {
		t.Fatal("no roll reused a spare")
	}
	w = openWAL(t, m, opts)
	defer closeWAL(t, w)
	seen := map[LSN]bool{}
	for _, r := range replayAll(t, w) {
		if acked[r.lsn] != r.payload || seen[r.lsn] {
			t.Fatalf("replayed %v %q: acknowledged as %q, seen before %v", r.lsn, r.payload, acked[r.lsn], seen[r.lsn])
		}
		seen[r.lsn] = true
	}
	for lsn, p := range acked {
		if lsn.Segment() >= last.Segment() && !seen[lsn] {
			t.Fatalf("acknowledged record %v %q after the last retirement (%v) is lost", lsn, p, last)
		}
	}
}
