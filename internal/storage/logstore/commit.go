package logstore

import (
	"errors"
	"fmt"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
)

// change is one edit of the set of parts, made durable by one manifest
// write.
type change struct {
	add    []*part
	remove []*part
	// gen, when set, is the flushed generation whose events the added parts
	// hold: it leaves the view in the same edit, and the watermark moves to
	// its end.
	gen *generation
}

// errStale is returned by commitLocked when a part to remove is no longer
// live: another change (a delete, retention) dropped it first.
var errStale = errors.New("parts changed meanwhile")

// commitLocked applies c: it writes the manifest the change leads to and
// then shows the change to reads. Tombstones that no part and no replay
// needs any more are left out of the manifest and forgotten. On error
// nothing changes; the added parts' files are the caller's to remove. The
// caller holds manifestMu.
func (s *Store) commitLocked(c change) error {
	s.viewMu.RLock()
	next := make(map[int64][]*part, len(s.parts))
	for g, parts := range s.parts {
		next[g] = parts
	}
	s.viewMu.RUnlock()
	for _, p := range c.remove {
		parts := next[p.meta.group]
		i := slices.Index(parts, p)
		if i < 0 {
			return errStale
		}
		next[p.meta.group] = slices.Delete(slices.Clone(parts), i, i+1)
	}
	for _, p := range c.add {
		next[p.meta.group] = append(slices.Clone(next[p.meta.group]), p)
		sortParts(next[p.meta.group])
	}
	for g, parts := range next {
		if len(parts) == 0 {
			delete(next, g)
		}
	}
	watermark := s.watermark
	if c.gen != nil {
		watermark = max(watermark, c.gen.end)
	}

	// A tombstone or cutoff changed after this point marks the store dirty
	// again, so the next flush writes it.
	s.dirty.Store(false)
	s.tombMu.RLock()
	tombs := make(map[int64]*groupTombs, len(s.tombs))
	for g, t := range s.tombs {
		tombs[g] = t
	}
	cutoffs := make(map[int64]int64, len(s.cutoffs))
	for g, c := range s.cutoffs {
		cutoffs[g] = c
	}
	epoch := s.epoch
	s.tombMu.RUnlock()
	kept := make(map[int64]*groupTombs, len(tombs))
	for g, t := range tombs {
		if k := t.collect(next[g], watermark); k != nil {
			kept[g] = k
		}
	}
	m := manifest{watermark: watermark, nextPartID: s.nextPartID.Load(), epoch: epoch, tombs: kept, cutoffs: cutoffs}
	for _, parts := range next {
		m.parts = append(m.parts, parts...)
	}
	if err := writeManifest(s.fs, s.dir, m.encode()); err != nil {
		s.dirty.Store(true)
		return model.Unavailable(fmt.Errorf("cannot write the log store manifest: %w", err))
	}
	s.metrics.manifestWrites.Add(1)

	for _, p := range c.add {
		p.refs.Store(1)
	}
	s.viewMu.Lock()
	s.parts = next
	if c.gen != nil {
		s.gens = slices.DeleteFunc(slices.Clone(s.gens), func(g *generation) bool { return g == c.gen })
	}
	s.viewMu.Unlock()
	s.watermark = watermark

	// Forget the tombstones left out, unless a delete replaced them since.
	s.tombMu.Lock()
	for g, t := range tombs {
		if s.tombs[g] != t {
			continue
		}
		if k := kept[g]; k != nil {
			s.tombs[g] = k
		} else {
			delete(s.tombs, g)
		}
	}
	s.tombMu.Unlock()
	for _, p := range c.remove {
		s.unref(p)
	}
	if c.gen != nil {
		// Out of the view: once the reads that took it end, its memory
		// goes to the generations to come.
		c.gen.unref()
	}
	return nil
}

// viewParts returns the live parts of a group, sorted by (day, id). The
// slice must not be modified.
func (s *Store) viewParts(groupID int64) []*part {
	s.viewMu.RLock()
	defer s.viewMu.RUnlock()
	return s.parts[groupID]
}

// markDirty records that tombstones or cutoffs changed, so that the next
// flush writes the manifest even when it has no events to flush.
func (s *Store) markDirty() { s.dirty.Store(true) }
