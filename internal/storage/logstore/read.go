package logstore

import (
	"container/heap"
	"context"
	"sort"

	"github.com/openwatch/openwatch/internal/model"
)

// ctxCheckEvery is how many events Read yields between checks of ctx.
const ctxCheckEvery = 256

// source is one run's slice of events that match the time and cursor
// bounds of a read.
type source struct {
	stream int64
	run    []entry // the matching events, in ascending order
	pos    int     // next event to yield: counts up, or down when descending
}

// Read calls fn for the events of spec.GroupID selected by spec, in
// (Timestamp, Seq) order, or the reverse when spec.Descending, until fn
// returns false. It sees the events visible when it starts. fn must not
// retain the *StoredEvent. A group with no events reads as empty.
func (s *Store) Read(ctx context.Context, spec model.ReadSpec, fn func(*model.StoredEvent) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if spec.StreamIDs != nil && len(spec.StreamIDs) == 0 {
		return nil
	}
	g := s.lookupGroup(spec.GroupID)
	if g == nil {
		return nil
	}
	srcs := g.snapshot(spec.StreamIDs)
	n := 0
	for _, src := range srcs {
		if run := bound(src.run, &spec); len(run) > 0 {
			srcs[n] = source{stream: src.stream, run: run}
			if spec.Descending {
				srcs[n].pos = len(run) - 1
			}
			n++
		}
	}
	srcs = srcs[:n]
	m := merger{srcs: srcs, desc: spec.Descending}
	if len(srcs) > 1 {
		heap.Init(&m)
	}
	var ev model.StoredEvent
	for yielded := 0; len(m.srcs) > 0; yielded++ {
		if yielded%ctxCheckEvery == ctxCheckEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		src := &m.srcs[0]
		e := &src.run[src.pos]
		if spec.Match == nil || spec.Match(e.msg) {
			ev = model.StoredEvent{StreamID: src.stream, Timestamp: e.ts, IngestionTime: e.ingest, Seq: e.seq, Message: e.msg}
			if !fn(&ev) {
				return nil
			}
		}
		m.advance()
	}
	return nil
}

// snapshot copies, under the read lock, the run headers of the selected
// streams (all when ids is nil). The runs' elements are never modified
// afterwards, so they can be read without the lock.
func (g *group) snapshot(ids []int64) []source {
	g.mu.RLock()
	defer g.mu.RUnlock()
	var srcs []source
	add := func(id int64, st *stream) {
		for _, run := range st.runs {
			srcs = append(srcs, source{stream: id, run: run})
		}
	}
	if ids == nil {
		for id, st := range g.streams {
			add(id, st)
		}
		return srcs
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if st := g.streams[id]; st != nil && !seen[id] {
			seen[id] = true
			add(id, st)
		}
	}
	return srcs
}

// bound narrows a sorted run to the events inside the spec's time range
// and cursors. Both cursors apply whatever the direction.
func bound(run []entry, spec *model.ReadSpec) []entry {
	lo := sort.Search(len(run), func(i int) bool { return run[i].ts >= spec.Start })
	if a := spec.After; a != nil {
		lo = max(lo, sort.Search(len(run), func(i int) bool { return a.Less(cursorOf(&run[i])) }))
	}
	hi := len(run)
	if spec.End != 0 {
		hi = sort.Search(len(run), func(i int) bool { return run[i].ts >= spec.End })
	}
	if b := spec.Before; b != nil {
		hi = min(hi, sort.Search(len(run), func(i int) bool { return !cursorOf(&run[i]).Less(*b) }))
	}
	if lo >= hi {
		return nil
	}
	return run[lo:hi:hi]
}

func cursorOf(e *entry) model.Cursor { return model.Cursor{Timestamp: e.ts, Seq: e.seq} }

// merger yields the events of several sources in order. With more than one
// source it is a heap whose top, srcs[0], holds the next event.
type merger struct {
	srcs []source
	desc bool
}

func (m *merger) current(i int) *entry { return &m.srcs[i].run[m.srcs[i].pos] }

// advance moves past the top event.
func (m *merger) advance() {
	src := &m.srcs[0]
	if m.desc {
		src.pos--
	} else {
		src.pos++
	}
	exhausted := src.pos < 0 || src.pos >= len(src.run)
	switch {
	case len(m.srcs) == 1 && exhausted:
		m.srcs = m.srcs[:0]
	case len(m.srcs) == 1:
	case exhausted:
		heap.Pop(m)
	default:
		heap.Fix(m, 0)
	}
}

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (m *merger) Len() int { return len(m.srcs) }

func (m *merger) Less(i, j int) bool {
	if m.desc {
		return before(m.current(j), m.current(i))
	}
	return before(m.current(i), m.current(j))
}

func (m *merger) Swap(i, j int) { m.srcs[i], m.srcs[j] = m.srcs[j], m.srcs[i] }

func (m *merger) Push(x any) { m.srcs = append(m.srcs, x.(source)) }

// Pop drops the last source; it returns nil so that nothing is boxed.
func (m *merger) Pop() any {
	m.srcs = m.srcs[:len(m.srcs)-1]
	return nil
}
