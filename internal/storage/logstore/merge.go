package logstore

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math/bits"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// Merges keep each partition to a few parts, size-tiered: parts whose data
// sizes are within a factor of mergeTierRatio of the smallest among them
// form a tier, and a tier of MergeFanIn parts is merged into one. Every
// part is thus rewritten about log_fanIn(total/flushed) times. Parts that
// tombstones dirty are rewritten on their own, so deletes free their space;
// every merge also drops the rows before the group's retention cutoff.

const (
	// mergeTierRatio is how much larger than the smallest part of a tier
	// its other parts may be.
	mergeTierRatio = 4
	// smallPartSize is the size below which all parts count as one tier.
	smallPartSize = 1 << 20
	// maxMergeParts bounds the inputs of one merge.
	maxMergeParts = 64
)

// mergePlan is one merge: parts of one partition to rewrite as one.
type mergePlan struct {
	group, day int64
	parts      []*part
}

// planMerge returns the next merge to run, or nil when every partition is
// in shape.
func (s *Store) planMerge() *mergePlan {
	s.tombMu.RLock()
	tombs := make(map[int64]*groupTombs, len(s.tombs))
	for g, t := range s.tombs {
		tombs[g] = t
	}
	s.tombMu.RUnlock()
	s.viewMu.RLock()
	defer s.viewMu.RUnlock()
	for _, g := range sortedKeys(s.parts) {
		for _, parts := range byPartition(s.parts[g]) {
			if pick := s.pickParts(parts, tombs[g]); pick != nil {
				return &mergePlan{group: g, day: parts[0].meta.day, parts: pick}
			}
		}
	}
	return nil
}

// pickParts chooses what to merge in one partition: the parts tombstones
// dirty, or else the smallest tier of at least MergeFanIn parts.
func (s *Store) pickParts(parts []*part, t *groupTombs) []*part {
	var dirty []*part
	var size int64
	for _, p := range parts {
		if t.dirties(p) && (len(dirty) == 0 || size+p.meta.dataSize <= s.opts.MaxPartSize) && len(dirty) < maxMergeParts {
			dirty = append(dirty, p)
			size += p.meta.dataSize
		}
	}
	if len(dirty) > 0 {
		return dirty
	}
	if len(parts) < s.opts.MergeFanIn {
		return nil
	}
	sorted := slices.Clone(parts)
	slices.SortFunc(sorted, func(a, b *part) int { return cmp.Compare(a.meta.dataSize, b.meta.dataSize) })
	for i := range sorted {
		limit := mergeTierRatio * max(sorted[i].meta.dataSize, smallPartSize)
		j, total := i, int64(0)
		for j < len(sorted) && j-i < maxMergeParts && sorted[j].meta.dataSize <= limit && total+sorted[j].meta.dataSize <= s.opts.MaxPartSize {
			total += sorted[j].meta.dataSize
			j++
		}
		if j-i >= s.opts.MergeFanIn {
			return sorted[i:j]
		}
	}
	return nil
}

// mergeAll runs merges until none is left to do or one fails.
func (s *Store) mergeAll(ctx context.Context) error {
	for ctx.Err() == nil {
		plan := s.planMerge()
		if plan == nil {
			return nil
		}
		if err := s.merge(ctx, plan); err != nil {
			s.metrics.mergeErrors.Add(1)
			return err
		}
	}
	return ctx.Err()
}

// merge rewrites the parts of plan as one, leaving out deleted rows and
// rows before the retention cutoff, and swaps it in for them. When the
// inputs changed meanwhile the result is thrown away.
func (s *Store) merge(ctx context.Context, plan *mergePlan) error {
	s.viewMu.RLock()
	live := s.parts[plan.group]
	for _, p := range plan.parts {
		if !slices.Contains(live, p) {
			s.viewMu.RUnlock()
			return nil
		}
	}
	for _, p := range plan.parts {
		p.refs.Add(1)
	}
	s.viewMu.RUnlock()
	defer func() {
		for _, p := range plan.parts {
			s.unref(p)
		}
	}()
	s.tombMu.RLock()
	tombs, cutoff, epoch := s.tombs[plan.group], s.cutoffs[plan.group], s.epoch
	s.tombMu.RUnlock()

	w, err := s.newPartWriter(ctx, plan.group, plan.day)
	if err != nil {
		return fmt.Errorf("cannot merge: %w", err)
	}
	defer w.discard()
	m := rowMerger{}
	for _, p := range plan.parts {
		if len(p.blocks) > 0 {
			m.its = append(m.its, &partRows{s: s, p: p, clean: !tombs.dirties(p)})
		}
	}
	heap.Init(&m)
	copyRows := copyMinRows(w.blockRows)
	for n := 0; len(m.its) > 0; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		it := m.its[0]
		switch {
		case it.b != nil:
			b, i := it.b, it.pos
			if b.Timestamps[i] >= cutoff && !tombs.deleted(b.Streams[i], b.Seqs[i]) {
				if err := w.addRef(colblock.RowRef{Block: b, Row: i}); err != nil {
					return fmt.Errorf("cannot merge: %w", err)
				}
			}
			if it.pos++; it.pos == len(b.Timestamps) {
				it.nextBlock()
			}
		case it.keepsAll(copyRows, cutoff) && m.before(it.blockHeader()):
			// No row of another part falls within this block's, nor does
			// the retention or a tombstone take any of its rows: it goes
			// into the new part as it is, without being decoded.
			if err := s.copyBlock(ctx, w, it.p, it.block, it.rowsBefore); err != nil {
				return fmt.Errorf("cannot merge: %w", err)
			}
			it.nextBlock()
		default:
			if err := it.decode(ctx); err != nil {
				return fmt.Errorf("cannot merge: %w", err)
			}
		}
		if it.b == nil && it.block == len(it.p.blocks) {
			heap.Pop(&m)
		} else {
			heap.Fix(&m, 0)
		}
	}
	p, err := s.writePart(ctx, w)
	if err != nil {
		return fmt.Errorf("cannot merge: %w", err)
	}
	var add []*part
	if p != nil {
		p.clean = epoch
		add = append(add, p)
	}
	s.manifestMu.Lock()
	err = s.commitLocked(change{add: add, remove: plan.parts})
	s.manifestMu.Unlock()
	if err != nil {
		s.abandon(add)
		if errors.Is(err, errStale) {
			return nil
		}
		return fmt.Errorf("cannot merge: %w", err)
	}
	s.metrics.merges.Add(1)
	return nil
}

// copyBlock hands block i of p, after rowsBefore rows of p, to w as it is
// stored, filters and columns.
func (s *Store) copyBlock(ctx context.Context, w *partWriter, p *part, i int, rowsBefore int64) error {
	h := p.blocks[i]
	n := int(h.filterLen + h.blockLen)
	raw := encodedBlockBufs.Get(n)[:n]
	if err := s.readRange(ctx, p, h.offset, raw); err != nil {
		encodedBlockBufs.Put(raw)
		return blobError(fmt.Errorf("cannot read block %d of part %q: %w", i, p.dataName(), err))
	}
	s.metrics.blocksCopied.Add(1)
	return w.copyBlock(h, raw, p.blockRawBytes(i, rowsBefore))
}

// blockRawBytes is the share of p's message bytes that falls to block i,
// which follows before rows of p, by its rows: parts record the size of
// their messages, not of each block's. The shares of all blocks add up to
// the part's.
func (p *part) blockRawBytes(i int, before int64) int64 {
	after := before + int64(p.blocks[i].rows)
	// The index's checks make the blocks' rows add up to the part's; the
	// bounds keep mulDiv's quotient within range regardless.
	rows := max(p.meta.rows, after, 1)
	return mulDiv(p.meta.rawBytes, after, rows) - mulDiv(p.meta.rawBytes, before, rows)
}

// mulDiv is a*b/c for non-negative a and 0 ≤ b ≤ c, c > 0, without
// overflowing.
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// partRows iterates over the rows of a part, one block at a time. A block
// is decoded only when its rows must be merged with others; they stay in
// their block's columns, from which the part writer gathers them
// (colblock.Gather).
type partRows struct {
	s *Store
	p *part
	// clean says no tombstone takes any row of p.
	clean bool
	// block is the block b holds or, while b is nil, the next one;
	// rowsBefore counts the rows of the blocks before it.
	block      int
	rowsBefore int64
	b          *colblock.Block
	pos        int
}

func (it *partRows) blockHeader() *blockHeader { return &it.p.blocks[it.block] }

// nextBlock moves past the current block, decoded or not.
func (it *partRows) nextBlock() {
	it.rowsBefore += int64(it.blockHeader().rows)
	it.b = nil
	it.block++
}

// keepsAll reports whether the next block, not decoded yet, is one a merge
// may copy as far as the block itself goes: at least copyRows rows, and
// none of them left out by the retention cutoff or a tombstone.
func (it *partRows) keepsAll(copyRows int, cutoff int64) bool {
	h := it.blockHeader()
	return it.clean && h.rows >= copyRows && h.minTs >= cutoff
}

// decode reads the next block, which must be there, and moves to its first
// row.
func (it *partRows) decode(ctx context.Context) error {
	b, err := it.s.readBlockFrom(ctx, it.p, it.block, colblock.AllColumns(), false)
	if err != nil {
		return err
	}
	if len(b.Timestamps) == 0 {
		return fmt.Errorf("block %d of part %q: %w", it.block, it.p.dataName(), model.Errorf(model.ErrCorruption, "block holds no rows"))
	}
	it.b, it.pos = b, 0
	return nil
}

// rowKey is where a row sorts in a part: by (stream, timestamp, seq).
type rowKey struct {
	stream, ts int64
	seq        uint64
}

func (k rowKey) less(o rowKey) bool {
	if k.stream != o.stream {
		return k.stream < o.stream
	}
	if k.ts != o.ts {
		return k.ts < o.ts
	}
	return k.seq < o.seq
}

// key is the key of the iterator's row or, before its block is decoded,
// one no greater than the block's first row's: the block's least stream,
// timestamp and seq, which may belong to different rows.
func (it *partRows) key() rowKey {
	if it.b != nil {
		return rowKey{it.b.Streams[it.pos], it.b.Timestamps[it.pos], it.b.Seqs[it.pos]}
	}
	h := it.blockHeader()
	return rowKey{h.minStream, h.minTs, h.minSeq}
}

// lastKey is a key no less than any of the block's rows.
func (h *blockHeader) lastKey() rowKey { return rowKey{h.maxStream, h.maxTs, h.maxSeq} }

// rowMerger is a heap of part iterators ordered by their keys.
type rowMerger struct {
	its []*partRows
}

func (m *rowMerger) Len() int { return len(m.its) }

func (m *rowMerger) Less(i, j int) bool { return m.its[i].key().less(m.its[j].key()) }

// before reports whether every row of block h sorts before the rows of
// every iterator but the first: the least of the others is one of the
// first's children in the heap.
func (m *rowMerger) before(h *blockHeader) bool {
	last := h.lastKey()
	for _, i := range [2]int{1, 2} {
		if i < len(m.its) && !last.less(m.its[i].key()) {
			return false
		}
	}
	return true
}

func (m *rowMerger) Swap(i, j int) { m.its[i], m.its[j] = m.its[j], m.its[i] }

func (m *rowMerger) Push(x any) { m.its = append(m.its, x.(*partRows)) }

func (m *rowMerger) Pop() any {
	it := m.its[len(m.its)-1]
	m.its = m.its[:len(m.its)-1]
	return it
}
