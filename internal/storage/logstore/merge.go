package logstore

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"slices"

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
		it := &partRows{s: s, p: p}
		ok, err := it.next(ctx)
		if err != nil {
			return fmt.Errorf("cannot merge: %w", err)
		}
		if ok {
			m.its = append(m.its, it)
		}
	}
	heap.Init(&m)
	for n := 0; len(m.its) > 0; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		it := m.its[0]
		b, i := it.b, it.pos
		if b.Timestamps[i] >= cutoff && !tombs.deleted(b.Streams[i], b.Seqs[i]) {
			if err := w.addRef(colblock.RowRef{Block: b, Row: i}); err != nil {
				return fmt.Errorf("cannot merge: %w", err)
			}
		}
		ok, err := it.next(ctx)
		if err != nil {
			return fmt.Errorf("cannot merge: %w", err)
		}
		if ok {
			heap.Fix(&m, 0)
		} else {
			heap.Pop(&m)
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

// partRows iterates over the rows of a part, one decoded block at a time.
// The rows stay in their block's columns: the part writer gathers them
// from there (colblock.Gather).
type partRows struct {
	s     *Store
	p     *part
	block int // the next block to read
	b     *colblock.Block
	pos   int
}

// next moves to the next row; it returns false after the last one. The
// first call moves to the first row.
func (it *partRows) next(ctx context.Context) (bool, error) {
	if it.b != nil {
		it.pos++
	}
	for it.b == nil || it.pos >= len(it.b.Timestamps) {
		if it.block >= len(it.p.blocks) {
			return false, nil
		}
		b, err := it.s.readBlock(ctx, it.p, it.block, colblock.AllColumns())
		if err != nil {
			return false, err
		}
		it.block++
		it.b, it.pos = b, 0
	}
	return true, nil
}

// rowMerger is a heap of part iterators ordered by their current row's
// (stream, timestamp, seq).
type rowMerger struct {
	its []*partRows
}

func (m *rowMerger) Len() int { return len(m.its) }

func (m *rowMerger) Less(i, j int) bool {
	a, b := m.its[i], m.its[j]
	x, y := a.pos, b.pos
	if sa, sb := a.b.Streams[x], b.b.Streams[y]; sa != sb {
		return sa < sb
	}
	if ta, tb := a.b.Timestamps[x], b.b.Timestamps[y]; ta != tb {
		return ta < tb
	}
	return a.b.Seqs[x] < b.b.Seqs[y]
}

func (m *rowMerger) Swap(i, j int) { m.its[i], m.its[j] = m.its[j], m.its[i] }

func (m *rowMerger) Push(x any) { m.its = append(m.its, x.(*partRows)) }

func (m *rowMerger) Pop() any {
	it := m.its[len(m.its)-1]
	m.its = m.its[:len(m.its)-1]
	return it
}
