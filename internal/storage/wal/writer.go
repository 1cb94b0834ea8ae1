package wal

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// maxRetainedBuf bounds the write buffer kept between batches. A group
// commit of a few concurrent 1 MiB PutLogEvents batches must fit, or the
// buffer is grown from nothing again for every commit.
const maxRetainedBuf = 16 << 20

// run is the writer goroutine: it takes every queued record, writes them
// with one write per segment touched and fsyncs once, then resolves their
// shared commit.
func (w *WAL) run() {
	defer close(w.writerDone)
	var spare []request
	for {
		w.mu.Lock()
		for len(w.pending) == 0 && !w.closed {
			w.cond.Wait()
		}
		if len(w.pending) == 0 {
			failed := w.failed
			w.mu.Unlock()
			// A reused segment's old bytes are cut off, so that the next
			// Open does not take them for a torn write.
			var err error
			if w.active != nil && failed == nil {
				var st fsyncStats
				err = w.trimActive(&st)
			}
			w.closeErr = errors.Join(err, w.closeActive(), w.removeSpares())
			return
		}
		reqs, c, failed := w.pending, w.cur, w.failed
		w.pending, w.cur = spare[:0], nil
		w.mu.Unlock()

		var syncs fsyncStats
		err := failed
		if err == nil {
			err = w.writeBatch(reqs, &syncs)
		}

		w.mu.Lock()
		w.fsync.merge(&syncs)
		if err == nil {
			w.records += uint64(len(reqs))
			w.batches++
			w.segments[len(w.segments)-1].size = w.activeOff
		} else if w.failed == nil {
			w.failed = err
		}
		err = w.failed
		w.mu.Unlock()

		c.err = err
		close(c.done)
		clear(reqs)
		spare = reqs
	}
}

// writeBatch writes and fsyncs reqs, rolling segments where Submit decided.
func (w *WAL) writeBatch(reqs []request, st *fsyncStats) error {
	buf := w.buf[:0]
	defer func() {
		if cap(buf) <= maxRetainedBuf {
			w.buf = buf[:0]
		} else {
			w.buf = nil
		}
	}()
	for i := range reqs {
		r := &reqs[i]
		if r.newSegment {
			if err := w.flush(buf, st); err != nil {
				return err
			}
			buf = buf[:0]
			if err := w.roll(r.lsn.Segment(), st); err != nil {
				return err
			}
			buf = appendSegmentHeader(buf)
		}
		buf = appendRecord(buf, w.activeSeed, r.payload)
	}
	return w.flush(buf, st)
}

// flush writes buf at the end of the active segment and fsyncs it.
func (w *WAL) flush(buf []byte, st *fsyncStats) error {
	if len(buf) == 0 {
		return nil
	}
	name := segmentName(w.activeSeg)
	if _, err := w.active.WriteAt(buf, w.activeOff); err != nil {
		return fmt.Errorf("%w: cannot write segment %q: %w", ErrFailed, name, err)
	}
	w.activeOff += int64(len(buf))
	w.activeSize = max(w.activeSize, w.activeOff)
	start := time.Now()
	// Writes into a reused segment's blocks change no metadata that
	// reading them back needs, so fdatasync commits no journal for them.
	err := vfs.Datasync(w.active)
	st.observe(time.Since(start))
	if err != nil {
		return fmt.Errorf("%w: cannot sync segment %q: %w", ErrFailed, name, err)
	}
	return nil
}

// roll closes the active segment, whose records are already fsync'd, and
// makes segment index, with a durable directory entry: a spare segment
// renamed when there is one, else a new file.
func (w *WAL) roll(index uint32, st *fsyncStats) error {
	if w.active != nil {
		if err := w.trimActive(st); err != nil {
			return fmt.Errorf("%w: %w", ErrFailed, err)
		}
		w.mu.Lock()
		w.segments[len(w.segments)-1].size = w.activeOff
		w.mu.Unlock()
	}
	if err := w.closeActive(); err != nil {
		return fmt.Errorf("%w: %w", ErrFailed, err)
	}
	path := segmentPath(w.dir, index)
	f, size, err := w.reuseSpare(path)
	if err == nil && f == nil {
		f, err = w.fs.Create(path)
	}
	if err != nil {
		return fmt.Errorf("%w: cannot create segment %q: %w", ErrFailed, segmentName(index), err)
	}
	w.active, w.activeSeg, w.activeOff, w.activeSize, w.activeSeed = f, index, 0, size, recordSeed(index)
	w.mu.Lock()
	w.segments = append(w.segments, segment{index: index, reusable: true})
	w.mu.Unlock()
	if err := syncDir(w.fs, w.dir, st); err != nil {
		return fmt.Errorf("%w: %w", ErrFailed, err)
	}
	return nil
}

// trimActive cuts off the active segment's file past its records, what a
// reused file held before, and makes that durable: only the last segment
// may end in bytes that are not records, and the next one is about to
// appear.
func (w *WAL) trimActive(st *fsyncStats) error {
	if w.activeSize <= w.activeOff {
		return nil
	}
	name := segmentName(w.activeSeg)
	if err := w.active.Truncate(w.activeOff); err != nil {
		return fmt.Errorf("cannot truncate segment %q: %w", name, err)
	}
	start := time.Now()
	err := w.active.Sync()
	st.observe(time.Since(start))
	if err != nil {
		return fmt.Errorf("cannot sync segment %q: %w", name, err)
	}
	w.activeSize = w.activeOff
	return nil
}

// removeSpares deletes the spare segments, which serve only while the log
// is open: a closed log holds no more disk than its records. A spare left
// by a crash goes at the next Open.
func (w *WAL) removeSpares() error {
	w.mu.Lock()
	spares := w.spares
	w.spares = nil
	w.mu.Unlock()
	var errs []error
	for _, index := range spares {
		if err := w.fs.Remove(sparePath(w.dir, index)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("cannot remove spare segment %q: %w", spareName(index), err))
		}
	}
	return errors.Join(errs...)
}

// reuseSpare renames the oldest spare segment to path and opens it,
// returning its size; it returns a nil file when there is no spare.
func (w *WAL) reuseSpare(path string) (vfs.File, int64, error) {
	w.mu.Lock()
	if len(w.spares) == 0 {
		w.mu.Unlock()
		return nil, 0, nil
	}
	spare := w.spares[0]
	w.spares = w.spares[1:]
	w.mu.Unlock()
	if err := w.fs.Rename(sparePath(w.dir, spare), path); err != nil {
		return nil, 0, fmt.Errorf("cannot reuse spare segment %q: %w", spareName(spare), err)
	}
	f, err := w.fs.OpenReadWrite(path)
	if err != nil {
		return nil, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, errors.Join(err, f.Close())
	}
	return f, fi.Size(), nil
}

func (w *WAL) closeActive() error {
	if w.active == nil {
		return nil
	}
	err := w.active.Close()
	w.active = nil
	if err != nil {
		return fmt.Errorf("cannot close segment %q: %w", segmentName(w.activeSeg), err)
	}
	return nil
}

// syncDir makes the entries of dir durable.
func syncDir(fsys vfs.FS, dir string, st *fsyncStats) error {
	d, err := fsys.OpenDir(dir)
	if err != nil {
		return fmt.Errorf("cannot open directory %q: %w", dir, err)
	}
	start := time.Now()
	err = d.Sync()
	st.observe(time.Since(start))
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cannot sync directory %q: %w", dir, err)
	}
	return nil
}
