package metricstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// CompactStats reports what a Compact did.
type CompactStats struct {
	// Sealed counts heads sealed because they had been open for two hours.
	Sealed int
	// RawDropped and RollupsDropped count chunks past their retention.
	RawDropped     int
	RollupsDropped int
	// RollupsMerged counts rollup chunks that merging removed.
	RollupsMerged int
	// SeriesDeleted counts series deleted because all their data aged out.
	SeriesDeleted int
}

// Compact does the store's background maintenance as of now (milliseconds
// since the epoch); the caller schedules it, every minute or so. It seals
// heads older than two hours, so that their rollups exist before raw
// points age out; drops raw points after three hours and rollups after
// their retention (60-second buckets after 15 days, 5-minute ones after 63
// days, 1-hour ones after 455 days), a whole chunk at a time; merges small
// rollup chunks; and deletes series left without data.
//
// Compact works one series at a time and can run alongside every other
// method. It returns early with ctx's error, having done part of the work.
func (s *Store) Compact(ctx context.Context, now int64) (CompactStats, error) {
	var st CompactStats
	nowSec := now / 1000
	x := s.idx
	x.mu.RLock()
	end := x.nextID
	x.mu.RUnlock()
	var dead []seriesRef
	var errs []error
	var pg *page
	for id := uint32(0); id < end; id++ {
		if id%pageSize == 0 {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			x.mu.RLock()
			pg = x.pages[id>>pageShift]
			x.mu.RUnlock()
		}
		if pg == nil {
			id |= pageSize - 1
			continue
		}
		ref := seriesRef{id, &pg.series[id&(pageSize-1)]}
		empty, err := s.compactSeries(ref, nowSec, &st)
		if err != nil {
			errs = append(errs, fmt.Errorf("series %d: %w", id, err))
		}
		if empty {
			dead = append(dead, ref)
		}
	}
	if len(dead) > 0 {
		st.SeriesDeleted = s.deleteEmpty(dead)
	}
	return st, errors.Join(errs...)
}

// compactSeries compacts one series and reports whether it is left empty.
func (s *Store) compactSeries(ref seriesRef, now int64, st *CompactStats) (bool, error) {
	mu := s.lock(ref.id)
	mu.Lock()
	defer mu.Unlock()
	sr := ref.sr
	if sr.key == "" {
		return false, nil
	}
	work := false
	sr.eachStream(func(str *stream) { work = work || str.needsCompaction(now) })
	if sr.cold != nil && slices.ContainsFunc(sr.cold.extra, (*stream).empty) {
		work = true
	}
	if !work {
		return sr.empty(), nil
	}
	s.touch(ref.id, sr)
	var errs []error
	sr.eachStream(func(str *stream) {
		if err := str.compact(now, &s.m, st); err != nil {
			errs = append(errs, err)
		}
	})
	if sr.cold != nil && slices.ContainsFunc(sr.cold.extra, (*stream).empty) {
		sr.cold.extra = slices.DeleteFunc(slices.Clone(sr.cold.extra), (*stream).empty)
	}
	return sr.empty(), errors.Join(errs...)
}

// smallRollups is the size under which a rollup chunk is worth merging.
const smallRollups = maxRollupBuckets / 2

// needsCompaction reports whether compact would change the stream.
func (st *stream) needsCompaction(now int64) bool {
	if st.head.n > 0 && now-st.head.minT() >= chunkSpan {
		return true
	}
	c := st.cold
	if c == nil {
		return false
	}
	for _, r := range c.raw {
		if r.maxT < now-rawRetention {
			return true
		}
	}
	for k, tier := range c.tiers {
		small := 0
		for _, r := range tier {
			if r.maxT < now-tierRetention[k] {
				return true
			}
			if r.n < smallRollups {
				small++
			}
		}
		if small >= 2 {
			return true
		}
	}
	return false
}

// compact seals an aged head, drops aged chunks and merges small rollup
// chunks. Lists are replaced, never changed in place, because images of
// the series may share them.
func (st *stream) compact(now int64, m *meters, cs *CompactStats) error {
	if st.head.n > 0 && now-st.head.minT() >= chunkSpan {
		st.sealHead(m)
		cs.Sealed++
	}
	c := st.cold
	if c == nil {
		return nil
	}
	if slices.ContainsFunc(c.raw, func(r *rawChunk) bool { return r.maxT < now-rawRetention }) {
		var keep []*rawChunk
		for _, r := range c.raw {
			if r.maxT < now-rawRetention {
				m.rawChunks.Add(-1)
				m.chunkBytes.Add(-int64(len(r.b)))
				cs.RawDropped++
			} else {
				keep = append(keep, r)
			}
		}
		c.raw = keep
	}
	var errs []error
	for k, res := range tierRes {
		tier := c.tiers[k]
		limit := now - tierRetention[k]
		if slices.ContainsFunc(tier, func(r *rollupChunk) bool { return r.maxT < limit }) {
			var keep []*rollupChunk
			for _, r := range tier {
				if r.maxT < limit {
					m.rollupChunks.Add(-1)
					m.chunkBytes.Add(-int64(len(r.b)))
					cs.RollupsDropped++
				} else {
					keep = append(keep, r)
				}
			}
			tier = keep
		}
		merged, err := compactTier(res, tier)
		if err != nil {
			errs = append(errs, err)
		} else if merged != nil {
			for _, r := range tier {
				m.chunkBytes.Add(-int64(len(r.b)))
			}
			for _, r := range merged {
				m.chunkBytes.Add(int64(len(r.b)))
			}
			m.rollupChunks.Add(int64(len(merged) - len(tier)))
			cs.RollupsMerged += len(tier) - len(merged)
			tier = merged
		}
		c.tiers[k] = tier
	}
	return errors.Join(errs...)
}

// deleteEmpty deletes the series of refs that are still empty and returns
// how many it deleted.
func (s *Store) deleteEmpty(refs []seriesRef) int {
	x := s.idx
	x.mu.Lock()
	defer x.mu.Unlock()
	removals := make(map[uint64][]uint32)
	deleted := 0
	for _, ref := range refs {
		mu := s.lock(ref.id)
		mu.Lock()
		sr := ref.sr
		if sr.key == "" || !sr.empty() {
			mu.Unlock()
			continue
		}
		s.touch(ref.id, sr)
		key := sr.key
		*sr = series{}
		mu.Unlock()
		x.forget(ref.id, key)
		x.eachTerm(key, func(t uint64) { removals[t] = append(removals[t], ref.id) })
		deleted++
	}
	for t, ids := range removals {
		x.removePostings(t, ids)
	}
	return deleted
}
