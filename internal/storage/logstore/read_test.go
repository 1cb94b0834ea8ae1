package logstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// reference answers a ReadSpec by brute force over every stored event.
func reference(all []model.StoredEvent, spec model.ReadSpec) []model.StoredEvent {
	var out []model.StoredEvent
	for _, e := range all {
		c := e.CursorOf()
		switch {
		case spec.StreamIDs != nil && !slices.Contains(spec.StreamIDs, e.StreamID),
			e.Timestamp < spec.Start,
			spec.End != 0 && e.Timestamp >= spec.End,
			spec.After != nil && !spec.After.Less(c),
			spec.Before != nil && !c.Less(*spec.Before),
			spec.Match != nil && !spec.Match(e.Message):
			continue
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b model.StoredEvent) int {
		if a.CursorOf().Less(b.CursorOf()) {
			return -1
		}
		return 1
	})
	if spec.Descending {
		slices.Reverse(out)
	}
	return out
}

// storeLayouts are the shapes a store's events can be in: all in the
// memtable, all in small parts (several blocks each, merged, some rewritten
// by a delete), and split between parts and the memtable.
var storeLayouts = []struct {
	name string
	opts Options
	// flushEvery flushes after every so many batches (never when 0).
	flushEvery int
	// merge runs the merges after the last flush.
	merge bool
}{
	{"memtable", Options{}, 0, false},
	{"parts", manualOpts(), 37, true},
	{"parts and memtable", manualOpts(), 70, false},
}

// busyOpts keeps the background flusher and merger busy: flushes every few
// milliseconds or 16 KiB, parts of small blocks merged three at a time.
func busyOpts() Options {
	return Options{FlushInterval: 5 * time.Millisecond, MemtableSize: 16 << 10, BlockRows: 16, MergeFanIn: 3}
}

// manualOpts makes parts of a few tiny blocks and merges them three at a
// time, with the background work idle so that tests decide when to flush
// (Store.Flush) and merge (Store.mergeAll).
func manualOpts() Options {
	return Options{FlushInterval: time.Hour, BlockRows: 7, MergeFanIn: 3}
}

// populate appends randomized batches to group 1 (streams 1-5, some out
// of order, a day boundary crossed) and one event to group 2, flushing as
// the layout says; stream 5 is deleted part way and written again. It
// returns the events group 1 must hold.
func populate(t *testing.T, s *Store, flushEvery int, merge bool) []model.StoredEvent {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 8))
	var all []model.StoredEvent
	for i := range 300 {
		stream := int64(1 + rng.IntN(5))
		n := 1 + rng.IntN(8)
		base := dayMillis - 1500 + int64(i*10)
		if rng.IntN(4) == 0 {
			base = dayMillis - 1500 + rng.Int64N(int64(i*10+1)) // an out-of-order batch
		}
		var events []model.LogEvent
		for j := range n {
			events = append(events, ev(base+rng.Int64N(30), fmt.Sprintf("s%d b%d e%d %s", stream, i, j, []string{"INFO", "WARN", "ERROR"}[rng.IntN(3)])))
		}
		all = append(all, mustAppend(t, s, 1, stream, 5000, events...)...)
		if i == 150 {
			if err := s.DeleteStream(t.Context(), 1, 5); err != nil {
				t.Fatal(err)
			}
			all = slices.DeleteFunc(all, func(e model.StoredEvent) bool { return e.StreamID == 5 })
		}
		if flushEvery > 0 && i%flushEvery == flushEvery-1 {
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Another group's events must never show up.
	mustAppend(t, s, 2, 1, 5000, ev(dayMillis, "other group"))
	if merge {
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := s.mergeAll(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	return all
}

func TestReadMatchesReference(t *testing.T) {
	for _, layout := range storeLayouts {
		t.Run(layout.name, func(t *testing.T) {
			s := openStore(t, vfs.NewMem(), layout.opts)
			defer closeStore(t, s)
			all := populate(t, s, layout.flushEvery, layout.merge)
			if st := s.Stats(); layout.flushEvery > 0 && st.Parts == 0 {
				t.Fatalf("no parts: %+v", st)
			}
			checkReads(t, s, all)
		})
	}
}

// checkReads compares many reads of group 1 against brute force.
func checkReads(t *testing.T, s *Store, all []model.StoredEvent) {
	t.Helper()
	const group = 1
	rng := rand.New(rand.NewPCG(9, 10))
	lo, hi := all[0].Timestamp, all[0].Timestamp
	for _, e := range all {
		lo, hi = min(lo, e.Timestamp), max(hi, e.Timestamp)
	}
	pick := func() *model.Cursor {
		e := all[rng.IntN(len(all))]
		c := e.CursorOf()
		return &c
	}
	mid := (lo + hi) / 2
	specs := []model.ReadSpec{
		{},
		{Descending: true},
		{StreamIDs: []int64{}},
		{StreamIDs: []int64{3}},
		{StreamIDs: []int64{2, 4, 2, 99}},
		{Start: mid - 500, End: mid + 500},
		{Start: mid - 500, End: mid + 500, Descending: true},
		{End: -1},
		{Start: mid, End: mid},
		{Match: func(m string) bool { return strings.Contains(m, "ERROR") }},
		{Match: func(m string) bool { return strings.Contains(m, "b17 e0 ") }, Terms: []string{"b17 e0 "}},
	}
	for range 200 {
		spec := model.ReadSpec{Descending: rng.IntN(2) == 0}
		if rng.IntN(2) == 0 {
			spec.Start = lo + rng.Int64N(hi-lo+1)
		}
		if rng.IntN(2) == 0 {
			spec.End = spec.Start + rng.Int64N(1500)
		}
		if rng.IntN(3) == 0 {
			spec.After = pick()
		}
		if rng.IntN(3) == 0 {
			spec.Before = pick()
		}
		if rng.IntN(3) == 0 {
			spec.StreamIDs = []int64{int64(1 + rng.IntN(5)), int64(1 + rng.IntN(6))}
		}
		if rng.IntN(4) == 0 {
			spec.Match = func(m string) bool { return strings.HasSuffix(m, "WARN") }
		}
		specs = append(specs, spec)
	}
	for i, spec := range specs {
		spec.GroupID = group
		got := readAll(t, s, spec)
		want := reference(all, spec)
		if !slices.Equal(got, want) {
			t.Fatalf("spec %d %+v: got %d events, want %d", i, spec, len(got), len(want))
		}
	}
	if got := readAll(t, s, model.ReadSpec{GroupID: 42}); len(got) != 0 {
		t.Fatalf("unknown group returned %d events", len(got))
	}
	// A filtering read that stops early leaves its read-ahead behind.
	for _, desc := range []bool{false, true} {
		spec := model.ReadSpec{GroupID: group, Descending: desc, Match: func(m string) bool { return strings.Contains(m, "ERROR") }}
		want := reference(all, spec)
		var got []model.StoredEvent
		err := s.Read(t.Context(), spec, func(e *model.StoredEvent) bool {
			got = append(got, *e)
			return len(got) < 3
		})
		if err != nil || !slices.Equal(got, want[:min(3, len(want))]) {
			t.Fatalf("stopped read (descending %v): %d events, %v", desc, len(got), err)
		}
	}
}

// TestReadPagination walks a group with After cursors in pages and checks
// that the pages add up to one full read.
func TestReadPagination(t *testing.T) {
	for _, layout := range storeLayouts {
		t.Run(layout.name, func(t *testing.T) { testReadPagination(t, layout.opts, layout.flushEvery > 0) })
	}
}

func testReadPagination(t *testing.T, opts Options, flush bool) {
	s := openStore(t, vfs.NewMem(), opts)
	defer closeStore(t, s)
	for i := range 50 {
		mustAppend(t, s, 1, int64(i%3), 0, ev(int64(i%7), "a"), ev(int64(i%5), "b"))
		if flush && i%20 == 19 {
			if err := s.Flush(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}
	full := readAll(t, s, model.ReadSpec{GroupID: 1})
	for _, desc := range []bool{false, true} {
		var pages []model.StoredEvent
		var cur *model.Cursor
		for {
			spec := model.ReadSpec{GroupID: 1, Descending: desc}
			if desc {
				spec.Before = cur
			} else {
				spec.After = cur
			}
			var page []model.StoredEvent
			err := s.Read(context.Background(), spec, func(e *model.StoredEvent) bool {
				page = append(page, *e)
				return len(page) < 7
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			pages = append(pages, page...)
			c := page[len(page)-1].CursorOf()
			cur = &c
		}
		want := slices.Clone(full)
		if desc {
			slices.Reverse(want)
		}
		if !slices.Equal(pages, want) {
			t.Fatalf("descending=%v: paged read of %d events differs from full read of %d", desc, len(pages), len(want))
		}
	}
}

func TestReadContext(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	var events []model.LogEvent
	for i := range 2000 {
		events = append(events, ev(int64(i), "x"))
	}
	mustAppend(t, s, 1, 1, 0, events...)
	mustAppend(t, s, 1, 2, 0, events...)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := s.Read(ctx, model.ReadSpec{GroupID: 1}, func(*model.StoredEvent) bool {
		n++
		if n == 10 {
			cancel()
		}
		return true
	})
	if !errors.Is(err, context.Canceled) || n >= 4000 {
		t.Fatalf("Read = %v after %d events", err, n)
	}
	if err := s.Read(ctx, model.ReadSpec{GroupID: 1}, func(*model.StoredEvent) bool { return true }); !errors.Is(err, context.Canceled) {
		t.Fatalf("Read with done ctx = %v", err)
	}
}

// TestReadDuringWrites runs readers beside writers, deletes, and
// background flushes and merges; every read must be sorted and hold each
// Seq once. Run with -race to check the lock-free iteration.
func TestReadDuringWrites(t *testing.T) {
	s := openStore(t, vfs.NewMem(), busyOpts())
	defer closeStore(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 4)
	// Writers go on until a flush has run beside them: on a fast machine
	// 300 appends each can end before the first flush interval does.
	deadline := time.Now().Add(10 * time.Second)
	for w := range 3 {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(w), 9))
			for i := 0; ctx.Err() == nil && (i < 300 || s.Stats().Flushes == 0 && time.Now().Before(deadline)); i++ {
				ts := rng.Int64N(1000)
				if _, err := s.Append(ctx, 1, int64(w), 0, []model.LogEvent{ev(ts, "m"), ev(ts+1, "n")}); err != nil {
					done <- err
					return
				}
				if i%50 == 49 {
					if err := s.DeleteStream(ctx, 1, int64(w)); err != nil {
						done <- err
						return
					}
				}
			}
			done <- nil
		}()
	}
	go func() {
		for ctx.Err() == nil {
			var prev *model.Cursor
			seen := map[uint64]bool{}
			err := s.Read(ctx, model.ReadSpec{GroupID: 1}, func(e *model.StoredEvent) bool {
				c := e.CursorOf()
				if prev != nil && !prev.Less(c) || seen[e.Seq] {
					cancel()
					return false
				}
				seen[e.Seq] = true
				prev = &c
				return true
			})
			if err != nil && ctx.Err() == nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 3 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if ctx.Err() != nil {
		t.Fatalf("a reader saw events out of order or twice")
	}
	if st := s.Stats(); st.Flushes == 0 {
		t.Fatalf("no flush ran beside the reads: %+v", st)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestReadCache pages through a filtering read: later pages take the
// blocks earlier ones decoded, and a delete after they were cached still
// hides its events.
func TestReadCache(t *testing.T) {
	s := openStore(t, vfs.NewMem(), manualOpts())
	defer closeStore(t, s)
	for i := range 60 {
		mustAppend(t, s, 1, int64(1+i%3), 0, ev(int64(i), fmt.Sprintf("event %d code=%d", i, i%4)))
	}
	if err := s.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	match := func(m string) bool { return strings.HasSuffix(m, "code=1") }
	page := func(after *model.Cursor) []model.StoredEvent {
		var out []model.StoredEvent
		err := s.Read(t.Context(), model.ReadSpec{GroupID: 1, Terms: []string{"code="}, Match: match, After: after}, func(e *model.StoredEvent) bool {
			out = append(out, *e)
			return len(out) < 4
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	first := page(nil)
	before := s.Stats()
	c := first[len(first)-1].CursorOf()
	second := page(&c)
	after := s.Stats()
	if after.ReadCacheHits == before.ReadCacheHits {
		t.Fatal("the second page decoded every block again")
	}
	if len(first) != 4 || len(second) != 4 || second[0].Timestamp != 17 {
		t.Fatalf("pages %v then %v", first, second)
	}
	// Stream 2 holds the events i%3 == 1, among them 13 and 25.
	if err := s.DeleteStream(t.Context(), 1, 2); err != nil {
		t.Fatal(err)
	}
	for _, e := range page(&c) {
		if e.StreamID == 2 {
			t.Fatalf("event %d of a deleted stream read from the cache", e.Timestamp)
		}
	}
}

// TestReadKeyTerms gives different lists of terms different cache keys.
func TestReadKeyTerms(t *testing.T) {
	p := &part{meta: partMeta{id: 1}}
	lists := [][]string{nil, {""}, {"a"}, {"a", "b"}, {"a\x00b"}, {"ab"}, {"a", "", "b"}, {"\x01a"}}
	seen := map[blockKey][]string{}
	for _, l := range lists {
		k := readKey(p, 0, l)
		if other, ok := seen[k]; ok {
			t.Errorf("terms %q and %q share a cache key", l, other)
		}
		seen[k] = l
	}
}
