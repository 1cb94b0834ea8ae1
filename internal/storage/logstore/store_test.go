package logstore

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

func TestAppendReturnsStoredEvents(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	in := []model.LogEvent{ev(30, "c"), ev(10, "a"), ev(20, "b")}
	out := mustAppend(t, s, 1, 2, 99, in...)
	for i, e := range out {
		want := model.StoredEvent{StreamID: 2, Timestamp: in[i].Timestamp, IngestionTime: 99, Seq: out[0].Seq + uint64(i), Message: in[i].Message}
		if e != want {
			t.Fatalf("event %d = %+v, want %+v", i, e, want)
		}
	}
	if out[0].Seq == 0 {
		t.Fatalf("Seq 0 handed out")
	}
	got := readAll(t, s, model.ReadSpec{GroupID: 1})
	if msgs := messages(got); !slices.Equal(msgs, []string{"a", "b", "c"}) {
		t.Fatalf("read order %v", msgs)
	}
	next := mustAppend(t, s, 1, 3, 99, ev(1, "d"))
	if next[0].Seq != out[2].Seq+1 {
		t.Fatalf("Seq %d after %d", next[0].Seq, out[2].Seq)
	}
	if out, err := s.Append(context.Background(), 1, 2, 0, nil); err != nil || len(out) != 0 {
		t.Fatalf("empty Append = %v, %v", out, err)
	}
	if st := s.Stats(); st.Events != 4 || st.Bytes != 4 || st.WAL.Records != 2 || st.WAL.Size == 0 || st.WAL.Fsyncs == 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func messages(events []model.StoredEvent) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Message)
	}
	return out
}

func TestAppendContextCancelled(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Append(ctx, 1, 1, 0, []model.LogEvent{ev(1, "x")}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Append = %v", err)
	}
	if err := s.DeleteGroup(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("DeleteGroup = %v", err)
	}
	if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != 0 {
		t.Fatalf("cancelled append visible: %v", got)
	}
}

func TestAppendTooLarge(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	big := strings.Repeat("x", wal.MaxPayloadSize)
	_, err := s.Append(context.Background(), 1, 1, 0, []model.LogEvent{ev(1, big)})
	if !errors.Is(err, model.ErrInvalidParameter) {
		t.Fatalf("Append = %v", err)
	}
}

func TestReopenRestoresEverything(t *testing.T) {
	m := vfs.NewMem()
	opts := Options{SegmentSize: 4096}
	s := openStore(t, m, opts)
	var want []model.StoredEvent
	for i := range 100 {
		msg := strings.Repeat("m", i)
		want = append(want, mustAppend(t, s, 1, int64(i%4), 1000, ev(int64(100-i), msg), ev(int64(i), msg+"!"))...)
	}
	mustAppend(t, s, 2, 1, 1000, ev(5, "other"))
	before := readAll(t, s, model.ReadSpec{GroupID: 1})
	stats := s.Stats()
	closeStore(t, s)

	s = openStore(t, m, opts)
	defer closeStore(t, s)
	after := readAll(t, s, model.ReadSpec{GroupID: 1})
	if !slices.Equal(before, after) {
		t.Fatalf("reopened store reads %d events, had %d", len(after), len(before))
	}
	if len(after) != len(want) {
		t.Fatalf("read %d events, appended %d", len(after), len(want))
	}
	// Close flushed everything to parts, so it removed the WAL.
	if st := s.Stats(); st.Events != stats.Events || st.Bytes != stats.Bytes || stats.WAL.Segments < 2 ||
		st.WAL.Segments != 0 || st.Parts == 0 || st.MemtableEvents != 0 {
		t.Fatalf("stats after reopen %+v, before %+v", st, stats)
	}
	// Seqs continue above the highest replayed: the last of group 1, then
	// one for group 2.
	out := mustAppend(t, s, 3, 1, 0, ev(1, "new"))
	if highest := want[len(want)-1].Seq + 1; out[0].Seq != highest+1 {
		t.Fatalf("Seq %d after reopen, want %d", out[0].Seq, highest+1)
	}
}

// TestReplayedEventsAreFlushedAtOnce crashes with events only in the WAL
// and reopens with a flush interval no test waits for and a memtable size
// the replayed events pass: they reach a part at once.
func TestReplayedEventsAreFlushedAtOnce(t *testing.T) {
	m := vfs.NewMem()
	s := openStore(t, m, Options{FlushInterval: time.Hour})
	mustAppend(t, s, 1, 1, 0, ev(1, "a"), ev(2, "b"))
	crash(t, s)

	s = openStore(t, m, Options{FlushInterval: time.Hour, MemtableSize: 100})
	defer closeStore(t, s)
	deadline := time.Now().Add(10 * time.Second)
	for s.Stats().Parts == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("replayed events still unflushed 10 s after open: %+v", s.Stats())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got := messages(readAll(t, s, model.ReadSpec{GroupID: 1})); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("after the flush read %v", got)
	}
}

// TestReplayMakesGenerationsOfMemtableSize replays a WAL many times
// MemtableSize: the flush after Open writes it a generation at a time,
// and every acknowledged event is read back once.
func TestReplayMakesGenerationsOfMemtableSize(t *testing.T) {
	m := vfs.NewMem()
	// Written with the default MemtableSize, so that appends neither
	// flush nor wait for a flush; replayed with a small one.
	s := openStore(t, m, Options{FlushInterval: time.Hour, SegmentSize: 8 << 10})
	opts := Options{FlushInterval: time.Hour, MemtableSize: 4 << 10, SegmentSize: 8 << 10}
	var want []model.StoredEvent
	for i := range 40 {
		batch := []model.LogEvent{ev(int64(i), strings.Repeat("a", 300)), ev(int64(i), strings.Repeat("b", 300))}
		want = append(want, mustAppend(t, s, 1, int64(i%3), 0, batch...)...)
	}
	if err := s.DeleteStream(t.Context(), 1, 2); err != nil {
		t.Fatal(err)
	}
	want = slices.DeleteFunc(want, func(e model.StoredEvent) bool { return e.StreamID == 2 })
	crash(t, s)

	s = openStore(t, m, opts)
	defer closeStore(t, s)
	deadline := time.Now().Add(10 * time.Second)
	for s.Stats().MemtableEvents != 0 {
		if time.Now().After(deadline) {
			t.Fatalf("replayed events still unflushed 10 s after open: %+v", s.Stats())
		}
		time.Sleep(5 * time.Millisecond)
	}
	// 40 batches of 600 bytes and more are about six memtables' worth.
	if st := s.Stats(); st.Flushes < 4 {
		t.Fatalf("the replay was flushed in %d flushes; want one per memtable: %+v", st.Flushes, st)
	}
	got := readAll(t, s, model.ReadSpec{GroupID: 1})
	checkSame(t, got, want)
}

func TestDeletes(t *testing.T) {
	m := vfs.NewMem()
	s := openStore(t, m, Options{})
	mustAppend(t, s, 1, 1, 0, ev(1, "g1s1"))
	mustAppend(t, s, 1, 2, 0, ev(2, "g1s2"))
	mustAppend(t, s, 2, 1, 0, ev(3, "g2s1"))
	mustAppend(t, s, 2, 2, 0, ev(4, "g2s2"))
	if err := s.DeleteStream(context.Background(), 1, 2); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteGroup(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	// Deleting what does not exist is fine.
	if err := s.DeleteGroup(context.Background(), 77); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStream(context.Background(), 78, 1); err != nil {
		t.Fatal(err)
	}
	check := func(s *Store, want1, want2 []string) {
		t.Helper()
		if got := messages(readAll(t, s, model.ReadSpec{GroupID: 1})); !slices.Equal(got, want1) {
			t.Fatalf("group 1 = %v, want %v", got, want1)
		}
		if got := messages(readAll(t, s, model.ReadSpec{GroupID: 2})); !slices.Equal(got, want2) {
			t.Fatalf("group 2 = %v, want %v", got, want2)
		}
	}
	check(s, []string{"g1s1"}, nil)
	if st := s.Stats(); st.Events != 1 || st.Bytes != 4 {
		t.Fatalf("stats after delete = %+v", st)
	}
	// Writing to a deleted stream or group again starts afresh.
	mustAppend(t, s, 1, 2, 0, ev(5, "g1s2 again"))
	mustAppend(t, s, 2, 1, 0, ev(6, "g2s1 again"))
	check(s, []string{"g1s1", "g1s2 again"}, []string{"g2s1 again"})
	closeStore(t, s)

	s = openStore(t, m, Options{})
	defer closeStore(t, s)
	check(s, []string{"g1s1", "g1s2 again"}, []string{"g2s1 again"})
	if st := s.Stats(); st.Events != 3 {
		t.Fatalf("stats after replay = %+v", st)
	}
}

// TestDeleteRacingAppend checks that a batch which took its Seqs before a
// tombstone is deleted by it even when it lands after the delete, in memory
// and after replay alike.
func TestDeleteRacingAppend(t *testing.T) {
	m := vfs.NewMem()
	s := openStore(t, m, Options{})
	// A batch taking Seqs before the tombstone but applied after it.
	s.seqMu.Lock()
	first := s.nextSeq
	s.nextSeq++
	gen := s.active
	s.seqMu.Unlock()
	if err := s.DeleteStream(context.Background(), 1, 1); err != nil {
		t.Fatal(err)
	}
	s.apply(gen, 1, 1, []entry{{ts: 1, seq: first, msg: "late"}})
	if err := s.DeleteGroup(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	s.apply(gen, 2, 1, []entry{{ts: 1, seq: first, msg: "late"}})
	if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != 0 {
		t.Fatalf("late batch visible in deleted stream: %v", got)
	}
	if got := readAll(t, s, model.ReadSpec{GroupID: 2}); len(got) != 0 {
		t.Fatalf("late batch visible in deleted group: %v", got)
	}
	// Batches after the tombstones are kept.
	mustAppend(t, s, 1, 1, 0, ev(2, "after"))
	mustAppend(t, s, 2, 1, 0, ev(2, "after"))
	closeStore(t, s)
	s = openStore(t, m, Options{})
	defer closeStore(t, s)
	for g := int64(1); g <= 2; g++ {
		if got := messages(readAll(t, s, model.ReadSpec{GroupID: g})); !slices.Equal(got, []string{"after"}) {
			t.Fatalf("group %d after replay = %v", g, got)
		}
	}
}

func TestConcurrentAppendsUniqueSeqs(t *testing.T) {
	m := vfs.NewMem()
	s := openStore(t, m, Options{SegmentSize: 1 << 16})
	var mu sync.Mutex
	var acked []model.StoredEvent
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := range 30 {
				out, err := s.Append(context.Background(), int64(w%2), int64(w), int64(i), []model.LogEvent{ev(int64(i), "a"), ev(int64(i), "b")})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, out...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	closeStore(t, s)
	s = openStore(t, m, Options{SegmentSize: 1 << 16})
	defer closeStore(t, s)
	var got []model.StoredEvent
	for g := int64(0); g < 2; g++ {
		got = append(got, readAll(t, s, model.ReadSpec{GroupID: g})...)
	}
	checkSame(t, got, acked)
}

// checkSame checks that got and want hold the same events, each Seq once.
func checkSame(t *testing.T, got, want []model.StoredEvent) {
	t.Helper()
	bySeq := map[uint64]model.StoredEvent{}
	for _, e := range got {
		if _, dup := bySeq[e.Seq]; dup {
			t.Fatalf("Seq %d read twice", e.Seq)
		}
		bySeq[e.Seq] = e
	}
	for _, e := range want {
		if g, ok := bySeq[e.Seq]; !ok || g != e {
			t.Fatalf("event %+v read back as %+v (found=%v)", e, g, ok)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("read %d events, want %d", len(got), len(want))
	}
}

func TestClosedStore(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	mustAppend(t, s, 1, 1, 0, ev(1, "kept"))
	closeStore(t, s)
	if _, err := s.Append(context.Background(), 1, 1, 0, []model.LogEvent{ev(1, "x")}); !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("Append after Close = %v", err)
	}
	if err := s.DeleteGroup(context.Background(), 1); !errors.Is(err, model.ErrUnavailable) {
		t.Fatalf("DeleteGroup after Close = %v", err)
	}
	if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != 1 {
		t.Fatalf("Read after Close = %v", got)
	}
}

func TestOpenCorruptRecord(t *testing.T) {
	m := vfs.NewMem()
	w, err := wal.Open(m, testDir, wal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A record that passes the WAL checksum but is not a log store record.
	if _, err := w.Append(context.Background(), []byte("not a record")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(context.Background(), m, testDir, Options{}); !errors.Is(err, model.ErrCorruption) {
		t.Fatalf("Open = %v, want corruption", err)
	}
}

// TestCloseRemovesFlushedWAL checks that a clean Close, whose final flush
// puts every event in parts, leaves no WAL behind, and that the events and
// later appends survive the reopen; a WAL that a crash leaves is replayed.
func TestCloseRemovesFlushedWAL(t *testing.T) {
	m := vfs.NewMem()
	s := openStore(t, m, manualOpts())
	mustAppend(t, s, 1, 1, 0, ev(1, "first"), ev(2, "second"))
	if s.wal.Stats().Size == 0 {
		t.Fatal("the append left no WAL")
	}
	closeStore(t, s)
	if names := walFiles(t, m); len(names) != 0 {
		t.Fatalf("WAL segments %q left after a clean close", names)
	}
	s = openStore(t, m, manualOpts())
	if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != 2 {
		t.Fatalf("%d events after reopen, want 2", len(got))
	}
	mustAppend(t, s, 1, 1, 0, ev(3, "third"))
	crash(t, s)
	if names := walFiles(t, m); len(names) == 0 {
		t.Fatal("a crash left no WAL to replay")
	}
	s = openStore(t, m, manualOpts())
	defer closeStore(t, s)
	if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != 3 {
		t.Fatalf("%d events after the crash, want 3", len(got))
	}
}

// walFiles lists the WAL segments in the store's directory.
func walFiles(t *testing.T, fsys vfs.FS) []string {
	t.Helper()
	names, err := fsys.List(testDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		if strings.HasSuffix(n, ".wal") {
			out = append(out, n)
		}
	}
	return out
}
