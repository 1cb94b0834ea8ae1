package wal

import (
	"errors"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// TestRemoveBefore drops the segments before a Tail taken part way and
// checks that the records after it survive, in order, across a reopen and a
// power loss, and that appends continue.
func TestRemoveBefore(t *testing.T) {
	m := vfs.NewMem()
	opts := Options{SegmentSize: 256}
	w := openWAL(t, m, opts)
	for i := range 30 {
		mustAppend(t, w, payloadOf(i, 50))
	}
	tail := w.Tail()
	var want []rec
	for i := 30; i < 40; i++ {
		p := payloadOf(i, 50)
		lsn := mustAppend(t, w, p)
		if lsn < tail {
			t.Fatalf("record %v appended after Tail %v sorts before it", lsn, tail)
		}
		want = append(want, rec{lsn, p})
	}
	before := w.Stats()
	n, err := w.RemoveBefore(tail)
	if err != nil {
		t.Fatal(err)
	}
	after := w.Stats()
	if n == 0 || after.Segments != before.Segments-n || after.Size >= before.Size || after.Size != dirSize(t, m) {
		t.Fatalf("removed %d: stats before %+v, after %+v", n, before, after)
	}
	// The records of tail's own segment before tail are still there; the
	// ones after tail are exactly want.
	got := replayAll(t, w)
	if len(got) < len(want) || !equalRecs(got[len(got)-len(want):], want) {
		t.Fatalf("replay after RemoveBefore lost records")
	}
	if got[0].lsn.Segment() != tail.Segment() {
		t.Fatalf("first remaining record %v, want one in segment %d", got[0].lsn, tail.Segment())
	}
	// Removing again removes nothing more.
	if n, err := w.RemoveBefore(tail); err != nil || n != 0 {
		t.Fatalf("second RemoveBefore = %d, %v", n, err)
	}
	crashed := m.CrashClone()
	p := payloadOf(99, 50)
	want = append(want, rec{mustAppend(t, w, p), p})
	closeWAL(t, w)

	w = openWAL(t, m, opts)
	if got := replayAll(t, w); !equalRecs(got[len(got)-len(want):], want) {
		t.Fatalf("replay after reopen differs")
	}
	closeWAL(t, w)
	w = openWAL(t, crashed, opts)
	defer closeWAL(t, w)
	if got := replayAll(t, w); got[0].lsn.Segment() != tail.Segment() {
		t.Fatalf("removed segments came back after a power loss: first record %v", got[0].lsn)
	}
}

// TestRemoveBeforeKeepsLastSegment checks that a position past the end
// never removes the segment being written.
func TestRemoveBeforeKeepsLastSegment(t *testing.T) {
	m := vfs.NewMem()
	w := openWAL(t, m, Options{SegmentSize: 256})
	defer closeWAL(t, w)
	if n, err := w.RemoveBefore(w.Tail()); err != nil || n != 0 {
		t.Fatalf("RemoveBefore on an empty log = %d, %v", n, err)
	}
	for i := range 20 {
		mustAppend(t, w, payloadOf(i, 50))
	}
	if _, err := w.RemoveBefore(makeLSN(1000, 0)); err != nil {
		t.Fatal(err)
	}
	if st := w.Stats(); st.Segments != 1 {
		t.Fatalf("%d segments left, want the last one", st.Segments)
	}
	lsn := mustAppend(t, w, "after")
	if got := replayAll(t, w); got[len(got)-1] != (rec{lsn, "after"}) {
		t.Fatalf("append after removing everything else is lost")
	}
}

// TestRemoveBeforeFailure makes one removal fail and checks that the
// segments before it are gone, the rest stay listed, and a retry finishes.
func TestRemoveBeforeFailure(t *testing.T) {
	m := vfs.NewMem()
	var fail atomic.Bool
	efs := vfs.NewErrorFS(m, vfs.InjectorFunc(func(op vfs.Op, path string) error {
		if fail.Load() && op == vfs.OpRemove && strings.HasSuffix(path, "000003.wal") {
			return syscall.EIO
		}
		return nil
	}))
	w := openWAL(t, efs, Options{SegmentSize: 256})
	defer closeWAL(t, w)
	for i := range 30 {
		mustAppend(t, w, payloadOf(i, 50))
	}
	tail := w.Tail()
	fail.Store(true)
	n, err := w.RemoveBefore(tail)
	if !errors.Is(err, syscall.EIO) || n != 2 {
		t.Fatalf("RemoveBefore = %d, %v; want 2 removed and EIO", n, err)
	}
	if st := w.Stats(); st.Size != dirSize(t, m) {
		t.Fatalf("Stats.Size %d, files hold %d", st.Size, dirSize(t, m))
	}
	fail.Store(false)
	if n, err := w.RemoveBefore(tail); err != nil || n == 0 {
		t.Fatalf("retry = %d, %v", n, err)
	}
	if got := replayAll(t, w); got[0].lsn.Segment() != tail.Segment() {
		t.Fatalf("first record after retry %v", got[0].lsn)
	}
}

// TestRemoveAll empties a closed log, which then reopens empty and takes
// appends; an open log refuses.
func TestRemoveAll(t *testing.T) {
	m := vfs.NewMem()
	opts := Options{SegmentSize: 256}
	w := openWAL(t, m, opts)
	for i := range 30 {
		mustAppend(t, w, payloadOf(i, 50))
	}
	if _, err := w.RemoveAll(); err == nil {
		t.Fatal("RemoveAll on an open log succeeded")
	}
	closeWAL(t, w)
	n, err := w.RemoveAll()
	if err != nil || n < 2 {
		t.Fatalf("RemoveAll = %d, %v; want every segment", n, err)
	}
	if size := dirSize(t, m); size != 0 {
		t.Fatalf("%d bytes left in the log directory", size)
	}
	w = openWAL(t, m, opts)
	defer closeWAL(t, w)
	if got := replayAll(t, w); len(got) != 0 {
		t.Fatalf("an emptied log replays %d records", len(got))
	}
	lsn := mustAppend(t, w, "after")
	if got := replayAll(t, w); len(got) != 1 || got[0] != (rec{lsn, "after"}) {
		t.Fatalf("append after RemoveAll: replay %v", got)
	}
}
