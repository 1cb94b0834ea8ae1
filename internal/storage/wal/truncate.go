package wal

import (
	"errors"
	"fmt"
	"io/fs"
)

// Tail returns the position of the log's end: every record submitted before
// the call has a smaller LSN, every record submitted after it a larger or
// equal one. A caller that makes the records before Tail redundant (by
// persisting their effect elsewhere) can later pass it to RemoveBefore.
func (w *WAL) Tail() LSN {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.haveSegment {
		return makeLSN(w.seg+1, segmentHeaderSize)
	}
	return makeLSN(w.seg, w.off)
}

// RemoveBefore deletes the segments every record of which is before lsn:
// those whose index is below lsn.Segment(). The last segment is never
// removed, so appends continue where they were. Segments go oldest first
// and the directory is synced afterwards, so a crash part way leaves a
// consecutive run of segments. It returns how many segments went; on error
// the segments not yet removed stay, and a later call can finish the job.
// Removing is allowed on a failed log: it writes nothing to the segments.
func (w *WAL) RemoveBefore(lsn LSN) (int, error) {
	w.removeMu.Lock()
	defer w.removeMu.Unlock()
	w.mu.Lock()
	var victims []segment
	for i, s := range w.segments {
		if i == len(w.segments)-1 || s.index >= lsn.Segment() {
			break
		}
		victims = append(victims, s)
	}
	w.mu.Unlock()
	removed := 0
	for _, s := range victims {
		if err := w.retire(s); err != nil {
			return removed, w.syncAfterRemove(removed, err)
		}
		removed++
	}
	return removed, w.syncAfterRemove(removed, nil)
}

// retire removes segment s, the oldest, or keeps its file as a spare for
// a later roll to reuse: writing into blocks a file already has, an
// fdatasync need not commit the filesystem's journal, and the log's
// syncs took 0.9-1.0 ms rather than 1.5-1.6 in BenchmarkSustainedIngest.
func (w *WAL) retire(s segment) error {
	w.mu.Lock()
	spare := s.reusable && len(w.spares) < maxSpares && !w.closed
	w.mu.Unlock()
	var err error
	if spare {
		err = w.fs.Rename(segmentPath(w.dir, s.index), sparePath(w.dir, s.index))
	} else {
		err = w.fs.Remove(segmentPath(w.dir, s.index))
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove segment %q: %w", segmentName(s.index), err)
	}
	w.mu.Lock()
	// Removals only ever take the oldest segment, and the writer only
	// appends at the end, so the victim is still first.
	w.segments = w.segments[1:]
	if spare && err == nil {
		w.spares = append(w.spares, s.index)
	}
	w.mu.Unlock()
	return nil
}

// syncAfterRemove makes removals durable, so that older segments cannot
// reappear after a crash once newer removals are visible.
func (w *WAL) syncAfterRemove(removed int, err error) error {
	if removed == 0 {
		return err
	}
	var st fsyncStats
	serr := syncDir(w.fs, w.dir, &st)
	w.mu.Lock()
	w.fsync.merge(&st)
	w.mu.Unlock()
	return errors.Join(err, serr)
}

// RemoveAll deletes every segment of a closed log, for an owner that has
// persisted the effect of every record: the next Open starts an empty log.
// Segments go oldest first and the directory is synced afterwards, so a
// crash part way leaves a consecutive run of segments to replay.
func (w *WAL) RemoveAll() (int, error) {
	w.removeMu.Lock()
	defer w.removeMu.Unlock()
	w.mu.Lock()
	if !w.closed {
		w.mu.Unlock()
		return 0, errors.New("cannot remove the segments of an open log")
	}
	victims := make([]uint32, 0, len(w.segments))
	for _, s := range w.segments {
		victims = append(victims, s.index)
	}
	w.mu.Unlock()
	removed := 0
	for _, index := range victims {
		err := w.fs.Remove(segmentPath(w.dir, index))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, w.syncAfterRemove(removed, fmt.Errorf("cannot remove segment %q: %w", segmentName(index), err))
		}
		w.mu.Lock()
		w.segments = w.segments[1:]
		w.mu.Unlock()
		removed++
	}
	return removed, w.syncAfterRemove(removed, nil)
}
