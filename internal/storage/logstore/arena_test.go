package logstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

func init() {
	// Every test of the package sees a released generation's messages as
	// garbage, so a message that leaves the store without a copy fails the
	// test that reads it rather than passing by luck.
	poisonChunks = true
}

// arenaLayout is sizes taken from an arena in turn and how many pooled
// chunks the arena takes for them.
type arenaLayout struct {
	name   string
	sizes  []int
	chunks int
}

var arenaLayouts = []arenaLayout{
	{"small", []int{1, 10, 100}, 1},
	{"exactly a chunk", []int{chunkSize}, 1},
	{"spills into a second chunk", []int{chunkSize - 10, 11}, 2},
	{"fills a chunk to the byte", []int{chunkSize - 10, 10, 1}, 2},
	{"longer than a chunk", []int{5, chunkSize + 1, 5}, 1},
}

func TestMsgArenaCopyMessages(t *testing.T) {
	tests := append([]arenaLayout{{"empty messages", []int{0, 0}, 0}}, arenaLayouts...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pool := newChunkPool(0)
			a := msgArena{pool: pool}
			var events []model.LogEvent
			for i, n := range tc.sizes {
				events = append(events, ev(int64(i), strings.Repeat(string(rune('a'+i)), n)))
			}
			got := a.copyMessages(events)
			for i := range events {
				if got[i] != events[i].Message {
					t.Fatalf("message %d: %d bytes, want %d", i, len(got[i]), len(events[i].Message))
				}
			}
			if len(a.chunks) != tc.chunks {
				t.Fatalf("arena took %d chunks, want %d", len(a.chunks), tc.chunks)
			}
			kept := slices.Clone(got)
			a.release()
			if len(pool.free) != min(tc.chunks, pool.max) {
				t.Fatalf("pool holds %d chunks after release, want %d", len(pool.free), min(tc.chunks, pool.max))
			}
			for i, m := range kept {
				if len(m) > chunkSize && m != events[i].Message {
					t.Fatalf("a message with memory of its own changed on release")
				}
			}
		})
	}
}

func TestChunkPoolKeepsAtMostMax(t *testing.T) {
	p := newChunkPool(3 * chunkSize)
	var chunks [][]byte
	for range 5 {
		chunks = append(chunks, p.get())
	}
	p.put(chunks)
	if len(p.free) != 3 {
		t.Fatalf("pool keeps %d chunks, want 3", len(p.free))
	}
	if c := p.get(); len(c) != 0 || cap(c) != chunkSize {
		t.Fatalf("get = len %d cap %d", len(c), cap(c))
	}
}

// TestFlushFitsThePool flushes a large generation and then a small one:
// the pool keeps the first's chunks for the next, and lets most of them go
// once a flush shows the load has fallen.
func TestFlushFitsThePool(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{MemtableSize: 1 << 30})
	defer closeStore(t, s)
	stopBackground(s)
	big := make([]model.LogEvent, 0, 6000)
	for i := range cap(big) {
		big = append(big, ev(int64(i), strings.Repeat("x", 4000)))
	}
	mustAppend(t, s, 1, 1, 0, big...)
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(s.chunks.free); n < 5 {
		t.Fatalf("after a 24 MB generation the pool keeps %d chunks", n)
	}
	mustAppend(t, s, 1, 1, 0, ev(1, "small"))
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(s.chunks.free); n > 2 {
		t.Fatalf("after a small generation the pool keeps %d chunks, want at most 2", n)
	}
}

// arenaEvents are messages long enough that a few hundred fill chunks.
func arenaEvents(tag string, n int) []model.LogEvent {
	out := make([]model.LogEvent, n)
	for i := range out {
		out[i] = ev(int64(1000+i), fmt.Sprintf(`{"tag":%q,"i":%d,"pad":%q}`, tag, i, strings.Repeat("x", 200)))
	}
	return out
}

// storeWithArenaEvents opens a store whose tests flush it themselves and
// appends arenaEvents to stream 1 of group 1.
func storeWithArenaEvents(t *testing.T, tag string) (*Store, []model.LogEvent) {
	t.Helper()
	s := openStore(t, vfs.NewMem(), Options{})
	t.Cleanup(func() { closeStore(t, s) })
	stopBackground(s)
	events := arenaEvents(tag, 3000)
	mustAppend(t, s, 1, 1, 5, events...)
	return s, events
}

// TestMessagesOutliveTheirGeneration keeps what reads and scans of the
// memtable returned, flushes (releasing the generation, whose chunks are
// poisoned and taken by the next generation) and checks the kept messages
// and fields are intact.
func TestMessagesOutliveTheirGeneration(t *testing.T) {
	s, want := storeWithArenaEvents(t, "first")

	read := readAll(t, s, model.ReadSpec{GroupID: 1})
	var scanned []string
	var tags []string
	err := s.Scan(context.Background(), model.ScanSpec{GroupIDs: []int64{1}, Columns: []string{model.ColumnMessage, "tag"}}, 2, func(b *model.Batch) error {
		scanned = append(scanned, b.Messages...)
		if f := b.Field("tag"); f != nil {
			for i := range b.Len() {
				tags = append(tags, f.String(i))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	if err := s.Flush(context.Background()); err != nil {
		t.Fatalf("Flush: %v", err)
	}
	if len(s.chunks.free) == 0 {
		t.Fatalf("the flushed generation gave no chunk back")
	}
	// The next generation writes over the chunks.
	mustAppend(t, s, 1, 1, 5, arenaEvents("second", 3000)...)

	for i := range want {
		if read[i].Message != want[i].Message {
			t.Fatalf("read message %d changed after its generation was released: %.40q", i, read[i].Message)
		}
	}
	slices.Sort(scanned)
	wantSorted := messagesOf(want)
	slices.Sort(wantSorted)
	if !slices.Equal(scanned, wantSorted) {
		t.Fatalf("scanned messages changed after their generation was released")
	}
	if len(tags) != len(want) || slices.ContainsFunc(tags, func(s string) bool { return s != "first" }) {
		t.Fatalf("scanned fields changed after their generation was released: %d tags", len(tags))
	}
}

// TestSnapshotHoldsItsGeneration flushes while a read is between two
// events: the read still holds the generation, so the rest of its events
// come out right, and the chunks go back only when it ends.
func TestSnapshotHoldsItsGeneration(t *testing.T) {
	s, want := storeWithArenaEvents(t, "held")

	var got []string
	err := s.Read(context.Background(), model.ReadSpec{GroupID: 1}, func(e *model.StoredEvent) bool {
		got = append(got, e.Message)
		if len(got) == 1 {
			if err := s.Flush(context.Background()); err != nil {
				t.Errorf("Flush: %v", err)
			}
			if n := len(s.chunks.free); n != 0 {
				t.Errorf("pool holds %d chunks while a read uses them", n)
			}
			mustAppend(t, s, 1, 2, 5, arenaEvents("other", 3000)...)
		}
		return true
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if !slices.Equal(got, messagesOf(want)) {
		t.Fatalf("a read that held its generation across a flush got other messages")
	}
	if len(s.chunks.free) == 0 {
		t.Fatalf("the read's end gave no chunk back")
	}
}

func messagesOf(events []model.LogEvent) []string {
	out := make([]string, len(events))
	for i := range events {
		out[i] = events[i].Message
	}
	return out
}

func TestChunkPoolLetsGoAfterClose(t *testing.T) {
	p := newChunkPool(4 * chunkSize)
	held := [][]byte{p.get(), p.get()}
	pooled := [][]byte{p.get(), p.get()}
	p.put(pooled)
	p.close()
	if len(p.free) != 0 {
		t.Fatalf("a closed pool keeps %d chunks", len(p.free))
	}
	// A generation released after the store closed gives its chunks back
	// to nothing.
	p.put(held)
	p.fit(8 * chunkSize)
	if len(p.free) != 0 {
		t.Fatalf("a closed pool took %d chunks back", len(p.free))
	}
	if n := len(p.mapped); n != 0 {
		t.Fatalf("%d mapped chunks are still mapped after every chunk came back", n)
	}
}

func TestMsgArenaAlloc(t *testing.T) {
	for _, tc := range arenaLayouts {
		t.Run(tc.name, func(t *testing.T) {
			a := msgArena{pool: newChunkPool(0)}
			defer a.release()
			var got [][]byte
			for i, n := range tc.sizes {
				b, ok := a.alloc(n)
				if ok != (n <= chunkSize) {
					t.Fatalf("alloc(%d) ok = %v", n, ok)
				}
				if !ok {
					continue
				}
				if len(b) != 0 || cap(b) != n {
					t.Fatalf("alloc(%d) = len %d cap %d", n, len(b), cap(b))
				}
				got = append(got, append(b, strings.Repeat(string(rune('a'+i)), n)...))
			}
			// Each region was written in turn: none overlaps another.
			for _, b := range got {
				if strings.Count(string(b), string(b[:1])) != len(b) {
					t.Fatalf("a region of %d bytes was overwritten", len(b))
				}
			}
			if len(a.chunks) != tc.chunks {
				t.Fatalf("arena took %d chunks, want %d", len(a.chunks), tc.chunks)
			}
		})
	}
}

// TestAppendKeepsItsOwnMessages checks that a batch's messages stay as
// they were when the caller overwrites its memory after Append, both when
// the memtable keeps them in the WAL record written into its arena and
// when a batch too large for a chunk has them copied.
func TestAppendKeepsItsOwnMessages(t *testing.T) {
	tests := []struct {
		name    string
		n, size int
		inArena bool
	}{
		{name: "in the record", n: 100, size: 200, inArena: true},
		{name: "copied", n: 5, size: chunkSize / 4, inArena: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t, vfs.NewMem(), manualOpts())
			defer closeStore(t, s)
			bufs := make([][]byte, tc.n)
			var events []model.LogEvent
			var want []string
			for i := range bufs {
				bufs[i] = []byte(strings.Repeat(string(rune('a'+i)), tc.size))
				events = append(events, model.LogEvent{Timestamp: int64(i), Message: unsafe.String(&bufs[i][0], len(bufs[i]))})
				want = append(want, string(bufs[i]))
			}
			mustAppend(t, s, 1, 1, 0, events...)
			for _, b := range bufs {
				clear(b)
			}
			var got []string
			for _, e := range readAll(t, s, model.ReadSpec{GroupID: 1}) {
				got = append(got, e.Message)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("messages changed with the caller's memory")
			}
			// In the record, a message sits in the arena's chunk right
			// after its length; a copy sits right after the message
			// before it.
			g := s.generations()[0]
			inChunk := func(m string) bool {
				p := uintptr(unsafe.Pointer(unsafe.StringData(m)))
				for _, c := range g.arena.chunks {
					lo := uintptr(unsafe.Pointer(unsafe.SliceData(c[:1])))
					if p >= lo && p < lo+uintptr(cap(c)) {
						return true
					}
				}
				return false
			}
			var stored []string
			for _, r := range g.table(1).runHeads()[1] {
				for _, e := range r {
					stored = append(stored, e.msg)
				}
			}
			if len(stored) != tc.n || !inChunk(stored[0]) {
				t.Fatalf("%d messages stored, the first in the arena: %v", len(stored), inChunk(stored[0]))
			}
			next := uintptr(unsafe.Pointer(unsafe.StringData(stored[0]))) + uintptr(len(stored[0]))
			adjacent := uintptr(unsafe.Pointer(unsafe.StringData(stored[1]))) == next
			if adjacent == tc.inArena {
				t.Fatalf("second message right after the first: %v, want it in a WAL record: %v", adjacent, tc.inArena)
			}
		})
	}
}

// TestAppendAcrossAFreeze freezes and flushes the generation an append
// wrote its record into before the append takes its Seqs: the batch joins
// the next generation with copies of its messages, and the record, still
// in the flushed generation's arena, reaches the WAL whole.
func TestAppendAcrossAFreeze(t *testing.T) {
	m := vfs.NewMem()
	s := openStore(t, m, manualOpts())
	mustAppend(t, s, 1, 1, 0, ev(1, "before"))
	flushed := false
	beforeSubmit = func(s *Store) {
		if flushed {
			return
		}
		flushed = true
		if err := s.Flush(context.Background()); err != nil {
			t.Errorf("Flush: %v", err)
		}
		// Another generation takes the chunks the flushed one gave back.
		mustAppend(t, s, 1, 2, 0, arenaEvents("other", 2000)...)
	}
	defer func() { beforeSubmit = nil }()
	want := mustAppend(t, s, 1, 1, 0, arenaEvents("across", 2000)...)
	beforeSubmit = nil
	if !flushed {
		t.Fatal("no flush came between")
	}
	check := func(s *Store) {
		t.Helper()
		got := readAll(t, s, model.ReadSpec{GroupID: 1, StreamIDs: []int64{1}, Start: 2})
		checkSame(t, got, want)
	}
	check(s)
	crash(t, s)
	s = openStore(t, m, manualOpts())
	defer closeStore(t, s)
	check(s)
}
