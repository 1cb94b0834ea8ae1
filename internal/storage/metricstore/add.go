package metricstore

import (
	"context"
	"fmt"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// Add stores a batch of points. It validates every point first (an invalid
// one fails the whole batch with model.ErrInvalidParameter), writes the
// batch to the WAL as one record and returns once the record is fsync'd;
// only then do the points become visible. Concurrent Adds share fsyncs.
//
// Once the batch has been handed to the WAL, Add waits for the outcome
// even if ctx ends, so that memory always matches what a replay rebuilds.
// A WAL failure returns an error wrapping model.ErrUnavailable; the batch
// is then not visible, but may reappear after a restart if its bytes
// reached the disk, exactly once (see package wal).
func (s *Store) Add(ctx context.Context, pts []Point) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(pts) == 0 {
		return nil
	}
	sc := addScratchPool.Get().(*addScratch)
	defer sc.put()
	b := &sc.b
	if err := b.fill(pts, &sc.arena); err != nil {
		return err
	}
	sc.payload = b.appendRecordWith(sc.payload[:0], &sc.rw)
	payload := sc.payload
	if len(payload) > wal.MaxPayloadSize {
		return model.Errorf(model.ErrLimitExceeded, "batch of %d points takes %d bytes, more than %d", len(pts), len(payload), wal.MaxPayloadSize)
	}
	s.walMu.RLock()
	defer s.walMu.RUnlock()
	if s.closed {
		return model.Unavailable(fmt.Errorf("metric store is closed"))
	}
	refs, err := s.resolveInto(b, sc.refs[:0], &sc.kb)
	sc.refs = refs
	if err != nil {
		return err
	}
	// The WAL holds on to payload until Wait returns; it is not reused
	// before.
	if _, err := s.wal.Submit(payload).Wait(context.Background()); err != nil {
		return model.Unavailable(fmt.Errorf("cannot write metric batch: %w", err))
	}
	s.apply(b, refs)
	return nil
}

// addScratch is the working space of one Add, pooled: PutMetricData
// requests of a thousand data would otherwise allocate their size several
// times over.
type addScratch struct {
	b       batch
	arena   []Dimension
	rw      recordWriter
	payload []byte
	refs    []seriesRef
	kb      []byte
}

var addScratchPool = sync.Pool{New: func() any { return new(addScratch) }}

// maxPooledPayload and maxPooledDims bound the record buffer and the
// dimension arena a pooled addScratch keeps.
const (
	maxPooledPayload = 1 << 20
	maxPooledDims    = 1 << 14
)

// put drops every reference to the caller's data and returns sc to the
// pool.
func (sc *addScratch) put() {
	sc.b.reset()
	clear(sc.arena)
	sc.arena = sc.arena[:0]
	if cap(sc.arena) > maxPooledDims {
		sc.arena = nil
	}
	clear(sc.refs)
	sc.refs = sc.refs[:0]
	if cap(sc.payload) > maxPooledPayload {
		sc.payload = nil
	}
	addScratchPool.Put(sc)
}

// seriesRef is a resolved series: its id and record.
type seriesRef struct {
	id uint32
	sr *series
}

// resolve returns the series of each key of the batch, creating those that
// do not exist yet.
func (s *Store) resolve(b *batch) ([]seriesRef, error) {
	var kb []byte
	return s.resolveInto(b, nil, &kb)
}

// resolveInto is resolve reusing the array of refs, with kbuf as scratch
// space.
func (s *Store) resolveInto(b *batch, refs []seriesRef, kbuf *[]byte) ([]seriesRef, error) {
	x := s.idx
	refs = grow(refs, len(b.keys))
	clear(refs)
	var misses []int
	kb := *kbuf
	defer func() { *kbuf = kb }()
	var ids idCache
	x.mu.RLock()
	for i := range b.keys {
		var ok bool
		kb, ok = x.appendKeyWith(kb[:0], &b.keys[i], false, &ids)
		if ok {
			refs[i].id, ok = x.lookup(kb, x.hashKey(kb))
		}
		if ok {
			refs[i].sr = x.get(refs[i].id)
		} else {
			misses = append(misses, i)
		}
	}
	x.mu.RUnlock()
	if len(misses) == 0 {
		return refs, nil
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.nextID+uint32(len(misses)) > maxSeriesID-reservedIDs {
		return nil, model.Errorf(model.ErrLimitExceeded, "the metric store has created too many series since it was opened")
	}
	for _, i := range misses {
		refs[i] = x.findOrCreate(&b.keys[i], &kb)
	}
	return refs, nil
}

// reservedIDs are series ids that only apply may take, to recreate series
// that Compact deleted between resolve and apply; resolve fails before it
// would need them.
const reservedIDs = 1 << 20

// findOrCreate returns the series of k, creating it. mu is held for
// writing, and an id is available; buf is scratch space.
func (x *index) findOrCreate(k *SeriesKey, buf *[]byte) seriesRef {
	kb, _ := x.appendKey((*buf)[:0], k, true)
	*buf = kb
	h := x.hashKey(kb)
	if id, ok := x.lookup(kb, h); ok {
		return seriesRef{id, x.get(id)}
	}
	if x.nextID > maxSeriesID {
		panic("BUG: series ids exhausted despite the reserve")
	}
	id := x.nextID
	x.nextID++
	return seriesRef{id, x.insert(id, string(kb), h)}
}

// apply adds the batch's points to their series. A series deleted by
// Compact since resolve is created again.
func (s *Store) apply(b *batch, refs []seriesRef) {
	for i := 0; i < len(b.entries); {
		ki := b.keyOf[i]
		j := i + 1
		for j < len(b.entries) && b.keyOf[j] == ki {
			j++
		}
		for !s.applyRun(refs[ki], b.entries[i:j]) {
			var kb []byte
			s.idx.mu.Lock()
			refs[ki] = s.idx.findOrCreate(&b.keys[ki], &kb)
			s.idx.mu.Unlock()
		}
		i = j
	}
}

// applyRun adds entries to a series. It returns false when the series has
// been deleted: Compact clears the key under the series lock.
func (s *Store) applyRun(ref seriesRef, entries []entry) bool {
	mu := s.lock(ref.id)
	mu.Lock()
	defer mu.Unlock()
	sr := ref.sr
	if sr.key == "" {
		return false
	}
	s.touch(ref.id, sr)
	for i := range entries {
		e := &entries[i]
		sr.streamFor(e.unit).add(e, &s.m)
		sr.noteTime(e.t)
	}
	return true
}
