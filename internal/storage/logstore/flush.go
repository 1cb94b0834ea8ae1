package logstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// errWALFailed refuses flushes once the WAL has failed: what is on disk is
// then unknown until the store is reopened and replays it.
var errWALFailed = model.Unavailable(errors.New("the log store wal has failed; reopen the store"))

// Flush writes every event acknowledged before the call to parts and makes
// them durable in the manifest; the WAL then drops the segments that only
// hold flushed records. The background flusher calls it every
// FlushInterval, or sooner when the memtables outgrow MemtableSize. When
// a part cannot be written the events stay in their memtable and in the
// WAL, and the next flush retries them first.
func (s *Store) Flush(ctx context.Context) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	defer s.flushEnded()
	if s.wal.Stats().Failed {
		return errWALFailed
	}
	s.freeze()
	for {
		gens := s.generations()
		if len(gens) < 2 {
			return nil
		}
		if err := s.flushGen(ctx, gens[0]); err != nil {
			s.metrics.flushErrors.Add(1)
			return err
		}
	}
}

// freeze ends the active generation, when there is anything to flush:
// events, a changed tombstone or cutoff to persist, or WAL segments that a
// flush would let go.
func (s *Store) freeze() {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	tail := s.wal.Tail()
	if s.active.events.Load() == 0 && !s.dirty.Load() && tail.Segment() <= s.trimmed.Load() {
		return
	}
	s.rotate(tail)
}

// freezeBacklog ends the active generation when it has outgrown
// MemtableSize while a flush ran, and wakes the appends waiting for that
// flush, once the flush has handed its rows to the part writers. The
// flush goes on to its last blocks and to syncing its files, which leave
// a processor idle, and the next flush takes the frozen generation
// straight after: held until the flush ended, clients left the machine
// idle 7-8% of a sustained ingest, against 5-6% when woken here. Only one
// generation waits so: the memtables then hold at most the one being
// flushed, the one waiting and the active one. The caller holds flushMu.
func (s *Store) freezeBacklog() {
	if len(s.generations()) > 2 {
		return
	}
	s.seqMu.Lock()
	full := s.active.size.Load() >= s.opts.MemtableSize
	if full {
		s.rotate(s.wal.Tail())
	}
	s.seqMu.Unlock()
	if full {
		s.flushEnded()
	}
}

// rotate ends the active generation, every record of whose operations lies
// before tail, and starts the next. The caller holds seqMu, or is Open's
// replay, before any other goroutine runs.
func (s *Store) rotate(tail wal.LSN) {
	old := s.active
	old.end, old.tail = s.nextSeq, tail
	s.frozenTail, s.frozen = tail, true
	s.active = newGeneration(s.nextSeq, s.chunks)
	s.viewMu.Lock()
	s.gens = append(slices.Clone(s.gens), s.active)
	s.viewMu.Unlock()
}

// flushGen writes a frozen generation as parts, commits them and trims the
// WAL. The caller holds flushMu.
func (s *Store) flushGen(ctx context.Context, g *generation) error {
	g.inflight.Wait()
	start := time.Now()
	parts, err := s.writeGen(ctx, g)
	if err != nil {
		return fmt.Errorf("cannot flush the log store: %w", err)
	}
	s.manifestMu.Lock()
	err = s.commitLocked(change{add: parts, gen: g})
	s.manifestMu.Unlock()
	if err != nil {
		s.abandon(parts)
		return fmt.Errorf("cannot flush the log store: %w", err)
	}
	s.metrics.flushes.Add(1)
	s.metrics.flushDuration.Observe(time.Since(start).Seconds())
	s.chunks.fit(g.bytes.Load())
	if _, err := s.wal.RemoveBefore(g.tail); err != nil {
		s.metrics.walTrimErrors.Add(1)
		s.opts.Logger.Warn("cannot remove flushed wal segments; the next flush retries", "err", err)
	} else {
		// Only flushes trim, under flushMu, so this cannot race.
		s.trimmed.Store(max(s.trimmed.Load(), g.tail.Segment()))
	}
	signal(s.mergeNow)
	return nil
}

// writeGen writes the memtables of g as parts, one per partition, and
// returns them once their files are durable. On error it removes what it
// wrote.
func (s *Store) writeGen(ctx context.Context, g *generation) ([]*part, error) {
	type table struct {
		group  int64
		cutoff int64
		heads  map[int64][][]entry
	}
	// The tombstone lock makes the epoch and the memtables agree: every
	// tombstone up to epoch is applied to the rows taken, none after it.
	s.tombMu.RLock()
	epoch := s.epoch
	var tables []table
	for _, id := range g.groups() {
		if t := g.table(id); t != nil {
			tables = append(tables, table{group: id, cutoff: s.cutoffs[id], heads: t.runHeads()})
		}
	}
	s.tombMu.RUnlock()

	var out []*part
	for i, t := range tables {
		var handed func()
		if i == len(tables)-1 {
			handed = s.freezeBacklog
		}
		parts, err := s.writeTable(ctx, t.group, t.cutoff, sortedStreams(t.heads), handed)
		out = append(out, parts...)
		if err != nil {
			s.abandon(out)
			return nil, err
		}
	}
	for _, p := range out {
		p.clean = epoch
	}
	return out, nil
}

// writeTable writes one group's events, sorted by (stream, timestamp,
// seq), as one part per day, leaving out events older than the cutoff.
// handed, if not nil, is called once every row is with the part writers,
// before the last blocks are encoded and the files synced.
func (s *Store) writeTable(ctx context.Context, group, cutoff int64, streams []streamRun, handed func()) ([]*part, error) {
	writers := make(map[int64]*partWriter)
	defer func() {
		for _, w := range writers {
			w.discard()
		}
	}()
	var days []int64
	ev := new(model.StoredEvent)
	for _, sr := range streams {
		// A run is sorted by timestamp: its rows of one day follow each
		// other, and go to that day's part as one run.
		run := sr.run
		for len(run) > 0 {
			if run[0].ts < cutoff {
				run = run[1:]
				continue
			}
			day := dayOf(run[0].ts)
			n := 1
			for n < len(run) && dayOf(run[n].ts) == day {
				n++
			}
			w := writers[day]
			if w == nil {
				var err error
				if w, err = s.newPartWriter(ctx, group, day); err != nil {
					return nil, err
				}
				writers[day] = w
				days = append(days, day)
			}
			if err := w.beginRun(n); err != nil {
				return nil, err
			}
			for i := range run[:n] {
				e := &run[i]
				*ev = model.StoredEvent{StreamID: sr.stream, Timestamp: e.ts, IngestionTime: e.ingest, Seq: e.seq, Message: e.msg}
				if err := w.addEvent(ev); err != nil {
					return nil, err
				}
			}
			run = run[n:]
		}
	}
	if handed != nil {
		handed()
	}
	var out []*part
	for _, day := range days {
		p, err := s.writePart(ctx, writers[day])
		if err != nil {
			return out, err
		}
		out = append(out, p)
	}
	return out, nil
}

// newPartWriter starts the writer of a new part; when the blob can take
// an object piece by piece, the data file goes to it as it is written.
func (s *Store) newPartWriter(ctx context.Context, group, day int64) (*partWriter, error) {
	w := newPartWriter(s.nextPartID.Add(1)-1, group, day, s.opts.BlockRows)
	sp, ok := s.blob.(streamPutter)
	if !ok {
		return w, nil
	}
	name := partObjectName(&w.meta, dataSuffix)
	o, err := sp.Create(ctx, name)
	if err != nil {
		return nil, blobError(fmt.Errorf("cannot write part %q: %w", name, err))
	}
	if err := w.stream(o); err != nil {
		return nil, fmt.Errorf("cannot write part %q: %w", name, err)
	}
	return w, nil
}

// writePart finishes w and makes its files durable: data first, so that
// an index never names missing data.
func (s *Store) writePart(ctx context.Context, w *partWriter) (*part, error) {
	p, data, idx, err := w.finish()
	if err != nil || p == nil {
		return nil, err
	}
	if w.out != nil {
		err, w.out = w.out.Commit(), nil
	} else {
		err = s.blob.Put(ctx, p.dataName(), data)
	}
	if err != nil {
		return nil, errors.Join(blobError(fmt.Errorf("cannot write part %q: %w", p.dataName(), err)), s.deleteFiles(p))
	}
	if err := s.blob.Put(ctx, p.indexName(), idx); err != nil {
		return nil, errors.Join(blobError(fmt.Errorf("cannot write part %q: %w", p.indexName(), err)), s.deleteFiles(p))
	}
	s.metrics.partBytesWritten.Add(p.meta.dataSize + int64(len(idx)))
	return p, nil
}

// abandon deletes the files of parts that were written but never
// committed. A failure is logged: the next Open removes what is left.
func (s *Store) abandon(parts []*part) {
	for _, p := range parts {
		if err := s.deleteFiles(p); err != nil {
			s.metrics.deleteErrors.Add(1)
			s.opts.Logger.Warn("cannot delete an abandoned part; it is removed at the next open", "part", p.dataName(), "err", err)
		}
	}
}

// deleteFiles deletes both files of a part.
func (s *Store) deleteFiles(p *part) error {
	ctx := context.Background()
	return errors.Join(s.blob.Delete(ctx, p.indexName()), s.blob.Delete(ctx, p.dataName()))
}
