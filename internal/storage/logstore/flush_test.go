package logstore

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// appendDays appends n events to each of streams 1-3 of groups 1 and 2,
// spread over days days, and returns them.
func appendDays(t *testing.T, s *Store, n, days int, tag string) []model.StoredEvent {
	t.Helper()
	var out []model.StoredEvent
	for g := int64(1); g <= 2; g++ {
		for st := int64(1); st <= 3; st++ {
			var events []model.LogEvent
			for i := range n {
				ts := int64(i%days)*dayMillis + int64(i)*1000
				events = append(events, ev(ts, fmt.Sprintf(`{"tag":"%s","group":%d,"stream":%d,"i":%d,"level":"info"}`, tag, g, st, i)))
			}
			out = append(out, mustAppend(t, s, g, st, 99, events...)...)
		}
	}
	return out
}

func readGroups(t *testing.T, s *Store) []model.StoredEvent {
	t.Helper()
	return append(readAll(t, s, model.ReadSpec{GroupID: 1}), readAll(t, s, model.ReadSpec{GroupID: 2})...)
}

// files lists every file under dir, as paths relative to it.
func files(t *testing.T, fsys vfs.FS, dir string) []string {
	t.Helper()
	var out []string
	var walk func(d, rel string)
	walk = func(d, rel string) {
		names, err := fsys.List(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			fi, err := fsys.Stat(filepath.Join(d, n))
			if err != nil {
				t.Fatal(err)
			}
			if fi.IsDir() {
				walk(filepath.Join(d, n), filepath.Join(rel, n))
			} else {
				out = append(out, filepath.Join(rel, n))
			}
		}
	}
	walk(dir, "")
	return out
}

// partFiles lists the part files under dir.
func partFiles(t *testing.T, fsys vfs.FS) []string {
	t.Helper()
	var out []string
	for _, f := range files(t, fsys, testDir) {
		if strings.HasPrefix(f, partsDir+"/") {
			out = append(out, f)
		}
	}
	return out
}

// TestFlush writes memtables of two groups over three days as parts and
// checks the parts, the WAL trim, reads before and after, and that a
// crash after the flush replays nothing twice.
func TestFlush(t *testing.T) {
	mem := vfs.NewMem()
	opts := Options{FlushInterval: time.Hour, SegmentSize: 4096, BlockRows: 10}
	s := openStore(t, mem, opts)
	acked := appendDays(t, s, 40, 3, "a")
	before := readGroups(t, s)
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	st := s.Stats()
	if st.Parts != 6 || st.Partitions != 6 || st.MemtableEvents != 0 || st.Events != int64(len(acked)) || st.Flushes != 1 || st.WAL.Segments != 1 {
		t.Fatalf("after flush: %+v", st)
	}
	if got := partFiles(t, mem); len(got) != 2*st.Parts {
		t.Fatalf("part files %v", got)
	}
	if after := readGroups(t, s); !slices.Equal(after, before) {
		t.Fatalf("reads differ after the flush")
	}
	// Nothing new: no manifest write.
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st2 := s.Stats(); st2.ManifestWrites != st.ManifestWrites {
		t.Fatalf("an idle flush wrote the manifest: %d, then %d", st.ManifestWrites, st2.ManifestWrites)
	}
	more := appendDays(t, s, 5, 1, "b")
	crash(t, s)

	s = openStore(t, mem, opts)
	checkSame(t, readGroups(t, s), append(slices.Clone(acked), more...))
	if st := s.Stats(); st.MemtableEvents != int64(len(more)) || st.Parts != 6 {
		t.Fatalf("after reopen: %+v", st)
	}
	closeStore(t, s)
	s = openStore(t, mem, opts)
	defer closeStore(t, s)
	checkSame(t, readGroups(t, s), append(slices.Clone(acked), more...))
	if st := s.Stats(); st.MemtableEvents != 0 || st.Events != int64(len(acked)+len(more)) {
		t.Fatalf("after close and reopen: %+v", st)
	}
}

// TestBackgroundFlushAndMerge lets the background work run with tiny
// settings and checks that parts are written and merged and that every
// event reads back once, before and after a reopen.
func TestBackgroundFlushAndMerge(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, busyOpts())
	var acked []model.StoredEvent
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; ; i++ {
		acked = append(acked, appendDays(t, s, 20, 2, fmt.Sprint(i))...)
		st := s.Stats()
		if st.Merges > 0 && st.Flushes > 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no merge happened: %+v", st)
		}
		time.Sleep(2 * time.Millisecond)
	}
	checkSame(t, readGroups(t, s), acked)
	closeStore(t, s)
	s = openStore(t, mem, busyOpts())
	defer closeStore(t, s)
	checkSame(t, readGroups(t, s), acked)
}

// TestFlushBySize checks that an append over MemtableSize wakes the
// flusher before its interval.
func TestFlushBySize(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{FlushInterval: time.Hour, MemtableSize: 4096})
	defer closeStore(t, s)
	msg := strings.Repeat("x", 100)
	for i := range 50 {
		mustAppend(t, s, 1, 1, 0, ev(int64(i), msg))
	}
	deadline := time.Now().Add(10 * time.Second)
	for s.Stats().Flushes == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no flush: %+v", s.Stats())
		}
		time.Sleep(time.Millisecond)
	}
}

// TestReopenOldLayout opens a directory holding only a WAL, as the first
// log store wrote it, and checks that its events come back and are
// flushed.
func TestReopenOldLayout(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, Options{})
	acked := appendDays(t, s, 10, 2, "old")
	crash(t, s)
	if _, err := mem.Stat(filepath.Join(testDir, manifestName)); err == nil {
		t.Fatalf("manifest written without a flush")
	}
	s = openStore(t, mem, Options{})
	checkSame(t, readGroups(t, s), acked)
	closeStore(t, s)
	s = openStore(t, mem, Options{})
	defer closeStore(t, s)
	checkSame(t, readGroups(t, s), acked)
	if st := s.Stats(); st.Parts == 0 {
		t.Fatalf("not flushed: %+v", st)
	}
}

// TestOpenRemovesUnfinishedParts leaves part files the manifest does not
// list, as a crash during a flush would, and checks that Open removes
// them.
func TestOpenRemovesUnfinishedParts(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, manualOpts())
	appendDays(t, s, 10, 1, "a")
	closeStore(t, s)
	live := partFiles(t, mem)
	blob := NewDirBlob(mem, filepath.Join(testDir, partsDir))
	for _, name := range []string{"1/2024-01-01/00000000000000ff.data", "1/2024-01-01/00000000000000ff.data.tmp", "7/d-3/0000000000000001.index", "notes/readme.txt"} {
		if err := blob.Put(context.Background(), name, []byte("leftover")); err != nil {
			t.Fatal(err)
		}
	}
	s = openStore(t, mem, manualOpts())
	defer closeStore(t, s)
	// Files that are not named like parts are left alone.
	if got, want := partFiles(t, mem), append(slices.Clone(live), "parts/notes/readme.txt"); !slices.Equal(got, want) {
		t.Fatalf("part files after open %v, want %v", got, want)
	}
}

// TestOpenMissingPart checks that a part the manifest lists but that is
// gone fails Open instead of silently losing its events.
func TestOpenMissingPart(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, manualOpts())
	appendDays(t, s, 10, 1, "a")
	closeStore(t, s)
	if err := mem.Remove(filepath.Join(testDir, partFiles(t, mem)[1])); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), mem, testDir, manualOpts()); err == nil {
		t.Fatalf("Open succeeded without a listed part")
	}
}

// TestAppendThrottled checks that appends wait for a flush once the
// memtable is far over MemtableSize, and that a caller whose context ends
// first gets its (stored) batch acknowledged anyway.
func TestAppendThrottled(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{FlushInterval: time.Hour, MemtableSize: 1024})
	defer closeStore(t, s)
	big := strings.Repeat("x", 8*1024)
	mustAppend(t, s, 1, 1, 0, ev(1, big))
	if st := s.Stats(); st.Throttled != 1 || st.Flushes == 0 {
		t.Fatalf("after a large append: %+v", st)
	}
	s.flushMu.Lock() // the flusher is stuck
	start := time.Now()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	out, err := s.Append(ctx, 1, 1, 0, []model.LogEvent{ev(2, big)})
	waited := time.Since(start)
	s.flushMu.Unlock()
	if err != nil || waited < 50*time.Millisecond {
		t.Fatalf("Append = %v after %v", err, waited)
	}
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1, Start: 2}), out)
}

// TestFlushBlocksOfRuns checks how a flush cuts blocks: a stream with at
// least half a block of rows gets blocks of its own, of even sizes; the
// shorter runs share blocks of up to BlockRows rows.
func TestFlushBlocksOfRuns(t *testing.T) {
	const day = int64(20415) * 24 * 3600 * 1000
	type block struct {
		rows                 int
		minStream, maxStream int64
	}
	tests := []struct {
		name string
		runs []int // rows of streams 1, 2, ...
		want []block
	}{
		{"one long run", []int{20}, []block{{7, 1, 1}, {7, 1, 1}, {6, 1, 1}}},
		{"a run of a block and one row", []int{8}, []block{{4, 1, 1}, {4, 1, 1}}},
		{"half a block is a run", []int{3}, []block{{3, 1, 1}}},
		{"short runs share", []int{2, 2, 2, 2}, []block{{7, 1, 4}, {1, 4, 4}}},
		{"short runs around a long one", []int{2, 10, 1, 2}, []block{{2, 1, 1}, {5, 2, 2}, {5, 2, 2}, {3, 3, 4}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t, vfs.NewMem(), manualOpts())
			defer closeStore(t, s)
			for i, n := range tc.runs {
				var evs []model.LogEvent
				for ts := range n {
					evs = append(evs, ev(day+int64(ts), "x"))
				}
				mustAppend(t, s, 1, int64(i+1), day, evs...)
			}
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
			var got []block
			for _, p := range s.parts[1] {
				for _, h := range p.blocks {
					got = append(got, block{h.rows, h.minStream, h.maxStream})
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("blocks %v, want %v", got, tc.want)
			}
		})
	}
}

// TestFreezeBacklog checks the freeze a flush makes once its rows are with
// the part writers: of an active generation past MemtableSize only, and of
// one at a time, waking the appends held for the flush; the next flush
// writes what it froze.
func TestFreezeBacklog(t *testing.T) {
	opts := manualOpts()
	opts.MemtableSize = 4096
	s := openStore(t, vfs.NewMem(), opts)
	defer closeStore(t, s)
	big := strings.Repeat("y", 4096)
	var want []model.StoredEvent
	steps := []struct {
		name     string
		msg      string
		freeze   bool // a flush starts first: the active generation is frozen
		wantGens int
		wantWake bool
	}{
		{name: "below MemtableSize", msg: "small", freeze: true, wantGens: 2},
		{name: "past MemtableSize", msg: big, wantGens: 3, wantWake: true},
		{name: "one already waits", msg: big, wantGens: 3},
	}
	s.flushMu.Lock()
	for i, st := range steps {
		if st.freeze {
			s.freeze()
		}
		want = append(want, mustAppend(t, s, 1, 1, 0, ev(int64(i), st.msg))...)
		wait := s.flushWait()
		s.freezeBacklog()
		if got := len(s.generations()); got != st.wantGens {
			t.Fatalf("%s: %d generations, want %d", st.name, got, st.wantGens)
		}
		woken := false
		select {
		case <-wait:
			woken = true
		default:
		}
		if woken != st.wantWake {
			t.Fatalf("%s: appends woken = %v, want %v", st.name, woken, st.wantWake)
		}
	}
	s.flushMu.Unlock()
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := len(s.generations()); got != 1 {
		t.Fatalf("%d generations after the flush, want the active one", got)
	}
	if n := s.Stats().MemtableBytes; n != 0 {
		t.Fatalf("%d bytes left in memtables", n)
	}
	checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), want)
}
