package logstore

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/storage/wal"
)

// entryOverhead approximates the memory an event takes besides its message.
const entryOverhead = 64

// generation holds the acknowledged events of one range of Seqs,
// [first, end), in one memtable per log group. Appends go to the active
// generation. A flush freezes it (sets end), waits until every operation
// that took its Seqs in it has been applied, writes its memtables as parts
// and then drops it.
type generation struct {
	first uint64
	// end and tail are set when the generation is frozen, under the Seq
	// lock: its Seqs are below end, and every WAL record of its operations
	// is before tail.
	end  uint64
	tail wal.LSN
	// inflight counts the appends and deletes that took their Seqs in this
	// generation and are not yet applied.
	inflight sync.WaitGroup

	mu     sync.RWMutex
	tables map[int64]*memtable

	events atomic.Int64
	bytes  atomic.Int64 // message bytes
	size   atomic.Int64 // message bytes plus entryOverhead per event

	// arena holds the messages appended, until refs, held by the store's
	// view and by each snapshot that includes the generation, falls to 0.
	arena msgArena
	refs  atomic.Int32
}

func newGeneration(first uint64, pool *chunkPool) *generation {
	g := &generation{first: first, tables: make(map[int64]*memtable), arena: msgArena{pool: pool}}
	g.refs.Store(1)
	return g
}

// unref drops a reference; the last one gives the arena's memory back.
func (g *generation) unref() {
	if g.refs.Add(-1) == 0 {
		g.arena.release()
	}
}

// memtable is one log group's events in a generation: a map of streams
// whose sorted runs readers can use without locks (see stream).
type memtable struct {
	mu      sync.RWMutex
	streams map[int64]*stream
}

// table returns the group's memtable, or nil.
func (g *generation) table(groupID int64) *memtable {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.tables[groupID]
}

// groups returns the ids of the groups with a memtable, sorted.
func (g *generation) groups() []int64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	ids := make([]int64, 0, len(g.tables))
	for id := range g.tables {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// insert adds a batch sorted by (Timestamp, Seq) to a stream. The caller
// holds the store's tombstone lock for reading, so that no delete slips
// between its check and the insert.
func (g *generation) insert(groupID, streamID int64, batch []entry) {
	m := g.table(groupID)
	if m == nil {
		g.mu.Lock()
		if m = g.tables[groupID]; m == nil {
			m = &memtable{streams: make(map[int64]*stream)}
			g.tables[groupID] = m
		}
		g.mu.Unlock()
	}
	m.mu.Lock()
	st := m.streams[streamID]
	if st == nil {
		st = &stream{}
		m.streams[streamID] = st
	}
	st.insert(batch)
	m.mu.Unlock()
	var bytes int64
	for i := range batch {
		bytes += int64(len(batch[i].msg))
	}
	g.account(int64(len(batch)), bytes)
}

func (g *generation) account(events, bytes int64) {
	g.events.Add(events)
	g.bytes.Add(bytes)
	g.size.Add(bytes + events*entryOverhead)
}

// deleteGroup drops the group's events below the watermark.
func (g *generation) deleteGroup(groupID int64, below uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	m := g.tables[groupID]
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for id, st := range m.streams {
		g.dropBelow(m, id, st, below)
	}
	if len(m.streams) == 0 {
		delete(g.tables, groupID)
	}
}

// deleteStream drops the stream's events below the watermark.
func (g *generation) deleteStream(groupID, streamID int64, below uint64) {
	m := g.table(groupID)
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if st := m.streams[streamID]; st != nil {
		g.dropBelow(m, streamID, st, below)
	}
}

// dropBelow deletes a stream's events below the watermark, removing the
// stream when none are left. The caller holds m.mu.
func (g *generation) dropBelow(m *memtable, streamID int64, st *stream, below uint64) {
	events, bytes := st.deleteBelow(below)
	g.account(-events, -bytes)
	if st.empty() {
		delete(m.streams, streamID)
	}
}

// streamRun is a stream id and a run of its events, in (Timestamp, Seq)
// order.
type streamRun struct {
	stream int64
	run    []entry
}

// runs copies, under the read lock, the run headers of the selected streams
// (all when ids is nil). The runs' elements are never modified afterwards,
// so they can be read without the lock.
func (m *memtable) runs(ids []int64) []streamRun {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []streamRun
	add := func(id int64, st *stream) {
		for _, run := range st.runs {
			out = append(out, streamRun{stream: id, run: run})
		}
	}
	if ids == nil {
		for id, st := range m.streams {
			add(id, st)
		}
		return out
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if st := m.streams[id]; st != nil && !seen[id] {
			seen[id] = true
			add(id, st)
		}
	}
	return out
}

// runHeads copies, under the read lock, the run headers of every stream.
func (m *memtable) runHeads() map[int64][][]entry {
	m.mu.RLock()
	defer m.mu.RUnlock()
	heads := make(map[int64][][]entry, len(m.streams))
	for id, st := range m.streams {
		heads[id] = slices.Clone(st.runs)
	}
	return heads
}

// sortedStreams merges the runs of each stream into one and returns the
// streams sorted by id: the order of a part.
func sortedStreams(heads map[int64][][]entry) []streamRun {
	out := make([]streamRun, 0, len(heads))
	for id, runs := range heads {
		run := runs[0]
		for _, r := range runs[1:] {
			run = mergeRuns(run, r)
		}
		out = append(out, streamRun{stream: id, run: run})
	}
	slices.SortFunc(out, func(a, b streamRun) int { return cmp.Compare(a.stream, b.stream) })
	return out
}
