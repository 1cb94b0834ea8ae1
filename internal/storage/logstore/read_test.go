package logstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

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

func TestReadMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	const group = 1
	var all []model.StoredEvent
	for i := range 300 {
		stream := int64(1 + rng.IntN(5))
		n := 1 + rng.IntN(8)
		base := int64(i * 10)
		if rng.IntN(4) == 0 {
			base = rng.Int64N(int64(i*10 + 1)) // an out-of-order batch
		}
		var events []model.LogEvent
		for j := range n {
			events = append(events, ev(base+rng.Int64N(30), fmt.Sprintf("s%d b%d e%d %s", stream, i, j, []string{"INFO", "WARN", "ERROR"}[rng.IntN(3)])))
		}
		all = append(all, mustAppend(t, s, group, stream, 5000, events...)...)
	}
	// Another group's events must never show up.
	mustAppend(t, s, 2, 1, 5000, ev(15, "other group"))

	pick := func() *model.Cursor {
		e := all[rng.IntN(len(all))]
		c := e.CursorOf()
		return &c
	}
	specs := []model.ReadSpec{
		{},
		{Descending: true},
		{StreamIDs: []int64{}},
		{StreamIDs: []int64{3}},
		{StreamIDs: []int64{2, 4, 2, 99}},
		{Start: 500, End: 1500},
		{Start: 500, End: 1500, Descending: true},
		{End: -1},
		{Start: 1000, End: 1000},
		{Match: func(m string) bool { return strings.Contains(m, "ERROR") }},
	}
	for range 200 {
		spec := model.ReadSpec{Descending: rng.IntN(2) == 0}
		if rng.IntN(2) == 0 {
			spec.Start = rng.Int64N(3000)
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
}

// TestReadPagination walks a group with After cursors in pages and checks
// that the pages add up to one full read.
func TestReadPagination(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	for i := range 50 {
		mustAppend(t, s, 1, int64(i%3), 0, ev(int64(i%7), "a"), ev(int64(i%5), "b"))
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

// TestReadDuringWrites runs readers beside writers; every read must be
// sorted and hold each Seq once. Run with -race to check the lock-free
// iteration.
func TestReadDuringWrites(t *testing.T) {
	s := openStore(t, vfs.NewMem(), Options{})
	defer closeStore(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 4)
	for w := range 3 {
		go func() {
			rng := rand.New(rand.NewPCG(uint64(w), 9))
			for i := 0; ctx.Err() == nil && i < 300; i++ {
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
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
