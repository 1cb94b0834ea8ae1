package logstore

import (
	"container/heap"
	"context"
	"math"
	"math/bits"
	"sort"
	"strings"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// ctxCheckEvery is how many events Read yields between checks of ctx.
const ctxCheckEvery = 256

// readColumns are the columns Read decodes: everything but the fields
// (which the messages bring along when they reference them).
var readColumns = colblock.ColumnSet{Streams: true, Timestamps: true, IngestionTimes: true, Seqs: true, Messages: true}

// source is one input of a read's merge: a run of one stream's events that
// match the read, or a block of a part not decoded yet. A block waits in
// the heap under a key that sorts before (or, descending, after) every row
// it can hold; when it reaches the top it is decoded into runs.
type source struct {
	stream int64
	run    []entry // the matching events, in ascending order
	pos    int     // next event to yield: counts up, or down when descending
	// For a block not yet decoded: the part and block index, and the key.
	part  *part
	block int
	key   entry
	// matched: every event of run is known to pass the read's filter.
	matched bool
}

// Read calls fn for the events of spec.GroupID selected by spec, in
// (Timestamp, Seq) order, or the reverse when spec.Descending, until fn
// returns false. It sees the events visible when it starts. fn must not
// retain the *StoredEvent. A group with no events reads as empty. Blocks
// of parts are read only when the merge reaches them, so a short page
// reads little; a filtering read (Match or Terms) decodes a few blocks
// ahead of the merge on other goroutines. A part that cannot be read fails
// the read with an error wrapping model.ErrUnavailable or, when damaged,
// model.ErrCorruption.
func (s *Store) Read(ctx context.Context, spec model.ReadSpec, fn func(*model.StoredEvent) bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if spec.StreamIDs != nil && len(spec.StreamIDs) == 0 {
		return nil
	}
	snap := s.snapshot(spec.GroupID)
	defer snap.release(s)
	spec.Start = max(spec.Start, snap.cutoff)
	if spec.End != 0 && spec.End <= spec.Start {
		return nil
	}
	r := reader{s: s, spec: &spec, tombs: snap.tombs, m: merger{desc: spec.Descending}, filter: blockFilter{terms: spec.Terms}}
	for _, t := range snap.tables {
		for _, sr := range t.runs(spec.StreamIDs) {
			r.addRun(sr.stream, sr.run, false)
		}
	}
	for _, p := range snap.parts {
		if !p.meta.overlaps(spec.Start, spec.End, spec.StreamIDs) {
			continue
		}
		for i := range p.blocks {
			r.addBlock(p, i)
		}
	}
	r.m.init()
	if spec.Match != nil || len(spec.Terms) > 0 {
		// A filtering read may go through many blocks for few events:
		// they are decoded ahead, in parallel.
		workers := readPrefetchWorkers()
		r.pf = newPrefetcher(ctx, r.m.srcs, spec.Descending, workers, 2*workers, r.decodeBlock)
		defer r.pf.stop()
	}
	var ev model.StoredEvent
	for yielded := 0; len(r.m.srcs) > 0; yielded++ {
		if yielded%ctxCheckEvery == ctxCheckEvery-1 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		src := &r.m.srcs[0]
		if src.part != nil {
			p, i := src.part, src.block
			r.m.pop()
			if err := r.openBlock(ctx, p, i); err != nil {
				return err
			}
			continue
		}
		e := &src.run[src.pos]
		if !src.matched && !r.matches(e) {
			// Events that fail the filter leave the heap order as it
			// is: skip them within their run, without a heap step each.
			r.m.skipWhile(func(e *entry) bool { return !r.matches(e) })
			continue
		}
		// The message leaves the read, and the memtable's memory is reused
		// once its generation is flushed and released.
		ev = model.StoredEvent{StreamID: src.stream, Timestamp: e.ts, IngestionTime: e.ingest, Seq: e.seq, Message: strings.Clone(e.msg)}
		if !fn(&ev) {
			return nil
		}
		r.m.advance()
	}
	return nil
}

// matches reports whether a memtable event passes the read's filter.
func (r *reader) matches(e *entry) bool {
	return containsAll(e.msg, r.spec.Terms) && (r.spec.Match == nil || r.spec.Match(e.msg))
}

// reader holds the state of one Read.
type reader struct {
	s      *Store
	spec   *model.ReadSpec
	tombs  *groupTombs
	m      merger
	filter blockFilter
	pf     *prefetcher // nil when blocks are decoded as reached
}

// addRun adds the part of a sorted run that the read selects; matched
// says its events are known to pass the read's filter.
func (r *reader) addRun(stream int64, run []entry, matched bool) {
	if run = bound(run, r.spec); len(run) == 0 {
		return
	}
	src := source{stream: stream, run: run, matched: matched}
	if r.spec.Descending {
		src.pos = len(run) - 1
	}
	r.m.push(src)
}

// addBlock adds a block of a part, unless its header rules it out.
func (r *reader) addBlock(p *part, i int) {
	h := &p.blocks[i]
	spec := r.spec
	if !h.overlaps(spec.Start, spec.End, spec.StreamIDs) ||
		(spec.After != nil && h.maxTs < spec.After.Timestamp) ||
		(spec.Before != nil && h.minTs > spec.Before.Timestamp) {
		r.s.metrics.blocksSkippedRange.Add(1)
		return
	}
	src := source{part: p, block: i, key: entry{ts: h.minTs}}
	if spec.Descending {
		src.key = entry{ts: h.maxTs, seq: math.MaxUint64}
	}
	r.m.push(src)
}

// decodeBlock reads and decodes block i of p for the read, or returns nil
// when its filters rule it out. It may run on any goroutine.
func (r *reader) decodeBlock(ctx context.Context, p *part, i int) (*colblock.Block, error) {
	key, cached := r.cacheKey(p, i)
	if cached {
		if b, ok := r.s.readCache.get(key); ok {
			r.s.metrics.readCacheHits.Add(1)
			return b, nil
		}
	}
	ok, x, err := r.filter.check(ctx, r.s, p, i)
	if err != nil {
		return nil, err
	}
	var b *colblock.Block
	switch {
	case ok && r.spec.FilterBatch != nil:
		if b, err = r.decodeMatching(ctx, p, i); err != nil {
			return nil, err
		}
	case ok:
		cols := readColumns
		cols.Contains = r.spec.Terms
		if b, err = r.s.readBlock(ctx, p, i, withFilters(cols, x)); err != nil {
			return nil, err
		}
	}
	if cached {
		r.s.readCache.put(key, b)
	}
	return b, nil
}

// cacheKey returns the key of block i of p in the read cache, and whether
// the read may use the cache: a block decoded for a filter other than
// terms is only of use to reads that say they filter alike.
func (r *reader) cacheKey(p *part, i int) (blockKey, bool) {
	k := readKey(p, i, r.spec.Terms)
	if r.spec.FilterBatch != nil {
		k.match = r.spec.MatchKey
		return k, r.spec.MatchKey != ""
	}
	return k, true
}

// decodeMatching decodes the events of block i of p that pass the read's
// filter, which is decided from the field columns spec.FilterBatch names
// where they tell, and by Match on the messages of the other rows; only
// the messages of those rows are rebuilt. The block's Selected holds the
// events that pass.
func (r *reader) decodeMatching(ctx context.Context, p *part, i int) (*colblock.Block, error) {
	cols := readColumns
	cols.Messages = false
	cols.Fields, cols.Exact, cols.Paths = r.spec.Fields, true, true
	cols.KnownExact = p.knownExact(i)
	var undecided colblock.Bitmap
	cols.Select = func(b *colblock.Block) colblock.Bitmap {
		match, und := r.spec.FilterBatch(filterBatch(b))
		for w := range match {
			match[w] |= und[w]
		}
		undecided = und
		return match
	}
	b, err := r.s.readBlock(ctx, p, i, cols)
	if err != nil {
		return nil, err
	}
	if cols.KnownExact == nil {
		p.learnExact(i, b.ExactRows)
	}
	for w, word := range undecided {
		for ; word != 0; word &= word - 1 {
			j := w<<6 | bits.TrailingZeros64(word)
			if !r.spec.Match(b.Messages[j]) {
				b.Selected[w] &^= 1 << (uint(j) & 63)
			}
		}
	}
	// Only the field columns a filter reads were decoded, and no row needs
	// them any more.
	b.Fields = nil
	return b, nil
}

// filterBatch is the batch FilterBatch sees of a block decoded for it.
func filterBatch(b *colblock.Block) *model.Batch {
	out := &model.Batch{Timestamps: b.Timestamps, StreamIDs: b.Streams, Seqs: b.Seqs, Exact: b.Exact, Objects: b.Objects, Paths: b.Paths}
	for i := range b.Fields {
		f := &b.Fields[i]
		out.Fields = append(out.Fields, model.FieldColumn{
			Name: f.Name, Type: fieldType(f.Type), Present: f.Present, Null: f.Null,
			Strings: f.Strings, Ints: f.Ints, Floats: f.Floats, Bools: f.Bools,
			Dict: f.Dict, Codes: f.Codes, Literal: f.Literal,
		})
	}
	return out
}

// openBlock decodes a block, or takes it from the prefetcher, and adds its
// rows, as one run per stream.
func (r *reader) openBlock(ctx context.Context, p *part, i int) error {
	var b *colblock.Block
	var err error
	if d, ok := r.pf.takeIf(p, i); ok {
		b, err = d.b, d.err
	} else {
		b, err = r.decodeBlock(ctx, p, i)
	}
	if err != nil || b == nil {
		return err
	}
	n := len(b.Timestamps)
	// Only the rows of the bitmap that picks them, when there is one, are
	// looked at: a term or a filter left the others out.
	picked := b.Selected
	if picked == nil {
		picked = b.Contains
	}
	size := n
	if picked != nil {
		size = picked.Count()
	}
	rows := make([]entry, 0, size)
	start := 0
	var stream int64
	// A block holds each stream's rows together, in order: a stream's
	// kept rows are one run.
	flush := func() {
		if run := rows[start:len(rows):len(rows)]; len(run) > 0 {
			r.addRun(stream, run, b.Selected != nil)
		}
		start = len(rows)
	}
	for j := nextRow(picked, 0, n); j < n; j = nextRow(picked, j+1, n) {
		if (r.spec.StreamIDs != nil && !containsID(r.spec.StreamIDs, b.Streams[j])) || r.tombs.deleted(b.Streams[j], b.Seqs[j]) {
			continue
		}
		if b.Streams[j] != stream {
			flush()
			stream = b.Streams[j]
		}
		rows = append(rows, entry{ts: b.Timestamps[j], seq: b.Seqs[j], ingest: b.IngestionTimes[j], msg: b.Messages[j]})
	}
	flush()
	return nil
}

// nextRow returns the first row at or after j of the n rows that bm holds
// (every row when bm is nil), or n when there is none.
func nextRow(bm colblock.Bitmap, j, n int) int {
	if bm == nil || j >= n {
		return min(j, n)
	}
	w := j >> 6
	word := bm[w] &^ (1<<(uint(j)&63) - 1)
	for word == 0 {
		if w++; w >= len(bm) {
			return n
		}
		word = bm[w]
	}
	return min(w<<6|bits.TrailingZeros64(word), n)
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
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

// merger yields the events of several sources in order. Once initialised
// it is a heap whose top, srcs[0], holds the next event or block.
type merger struct {
	srcs []source
	desc bool
	heap bool
}

func (m *merger) current(i int) *entry {
	s := &m.srcs[i]
	if s.part != nil {
		return &s.key
	}
	return &s.run[s.pos]
}

// init orders the sources added so far into a heap.
func (m *merger) init() {
	m.heap = true
	heap.Init(m)
}

// push adds a source; once the heap is built it keeps the heap order.
func (m *merger) push(s source) {
	if m.heap {
		heap.Push(m, s)
		return
	}
	m.srcs = append(m.srcs, s)
}

// pop drops the top source.
func (m *merger) pop() { heap.Pop(m) }

// advance moves past the top event.
func (m *merger) advance() {
	src := &m.srcs[0]
	if m.desc {
		src.pos--
	} else {
		src.pos++
	}
	if src.pos < 0 || src.pos >= len(src.run) {
		heap.Pop(m)
	} else if len(m.srcs) > 1 {
		heap.Fix(m, 0)
	}
}

// skipWhile moves the top source, a run, past its current event and every
// following one for which skip is true, then restores the heap order once.
func (m *merger) skipWhile(skip func(*entry) bool) {
	src := &m.srcs[0]
	step := 1
	if m.desc {
		step = -1
	}
	for {
		src.pos += step
		if src.pos < 0 || src.pos >= len(src.run) {
			heap.Pop(m)
			return
		}
		if !skip(&src.run[src.pos]) {
			break
		}
	}
	if len(m.srcs) > 1 {
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
	m.srcs[len(m.srcs)-1] = source{}
	m.srcs = m.srcs[:len(m.srcs)-1]
	return nil
}
