package metricstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// checkpointState is the copy-on-write state of a running checkpoint. While
// active, the first write to a series below cut saves the series' image as
// of the cut in saved, unless the snapshot writer has taken it already
// (series.epoch == epoch); the writer uses saved images in preference to
// current state.
type checkpointState struct {
	active atomic.Bool
	epoch  atomic.Uint32
	cut    atomic.Uint32
	mu     sync.Mutex
	saved  map[uint32]*seriesImage
}

// touch is called, with the series lock held, before anything changes a
// series.
func (s *Store) touch(id uint32, sr *series) {
	if !s.ck.active.Load() {
		return
	}
	epoch := s.ck.epoch.Load()
	if sr.epoch == epoch || id >= s.ck.cut.Load() {
		return
	}
	img := sr.image()
	s.ck.mu.Lock()
	if s.ck.saved != nil {
		s.ck.saved[id] = img
	}
	s.ck.mu.Unlock()
	sr.epoch = epoch
}

// Checkpoint writes a snapshot of every series and removes the WAL
// generations it covers, so that Open reads the snapshot and a short WAL
// instead of every write since the store was created. The caller schedules
// it, for example every few minutes or when Stats().WAL.Size grows.
//
// Writes go on while the snapshot is written: Checkpoint starts a new WAL
// generation, and the snapshot holds exactly the writes of the previous
// ones. It is written to a temporary file, fsync'd and renamed; only then
// are the covered WAL generations removed, so a crash at any point leaves
// either the old snapshot and WAL or the new snapshot. If writing fails,
// the old generations stay and the next Open replays them.
func (s *Store) Checkpoint(ctx context.Context) error {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	s.walMu.RLock()
	closed, gen := s.closed, s.gen
	s.walMu.RUnlock()
	if closed {
		return model.Errorf(model.ErrInvalidOperation, "metric store is closed")
	}
	next, err := s.openGeneration(gen + 1)
	if err != nil {
		return model.Unavailable(fmt.Errorf("cannot checkpoint: %w", err))
	}

	// The cut: every write before it is in generations up to gen and in
	// memory; every write after it goes to generation gen+1.
	s.walMu.Lock()
	old := s.wal
	s.wal, s.gen = next, gen+1
	epoch := s.ck.epoch.Add(1)
	s.idx.mu.RLock()
	cut := s.idx.nextID
	s.idx.mu.RUnlock()
	s.ck.cut.Store(cut)
	s.ck.mu.Lock()
	s.ck.saved = make(map[uint32]*seriesImage)
	s.ck.mu.Unlock()
	s.ck.active.Store(true)
	s.walMu.Unlock()
	defer func() {
		s.ck.active.Store(false)
		s.ck.mu.Lock()
		s.ck.saved = nil
		s.ck.mu.Unlock()
	}()

	// Every record of the old generation was fsync'd before the cut.
	if err := old.Close(); err != nil {
		return model.Unavailable(fmt.Errorf("cannot close wal generation %d: %w", gen, err))
	}
	if err := s.writeSnapshot(ctx, gen, epoch, cut); err != nil {
		return model.Unavailable(fmt.Errorf("cannot write snapshot %d: %w", gen, err))
	}
	s.checkpoints.Add(1)
	if err := s.removeCovered(gen); err != nil {
		return model.Unavailable(fmt.Errorf("cannot remove what snapshot %d covers: %w", gen, err))
	}
	return nil
}

// writeSnapshot writes the snapshot of generation gen: the images of the
// series below cut as of the cut.
func (s *Store) writeSnapshot(ctx context.Context, gen uint64, epoch, cut uint32) (err error) {
	name := genName(snapshotPrefix, gen)
	tmp := filepath.Join(s.dir, name+tmpSuffix)
	f, err := s.fs.Create(tmp)
	if err != nil {
		return fmt.Errorf("cannot create %q: %w", tmp, err)
	}
	defer func() {
		if f != nil {
			err = errors.Join(err, f.Close(), s.fs.Remove(tmp))
		}
	}()
	sw := &snapshotWriter{w: bufio.NewWriterSize(f, 1<<20)}
	if err := sw.header(gen); err != nil {
		return err
	}
	var pg *page
	for id := uint32(0); id < cut; id++ {
		if id%pageSize == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			s.idx.mu.RLock()
			pg = nil
			if p := int(id >> pageShift); p < len(s.idx.pages) {
				pg = s.idx.pages[p]
			}
			s.idx.mu.RUnlock()
		}
		img := s.takeImage(id, pg, epoch)
		if img == nil {
			continue
		}
		// Every string of the key was interned before the series was
		// created.
		s.idx.mu.RLock()
		strs := s.idx.strs[sw.strings:]
		s.idx.mu.RUnlock()
		if len(strs) > 0 {
			if err := sw.writeStrings(strs); err != nil {
				return err
			}
		}
		if err := sw.writeSeries(img); err != nil {
			return err
		}
	}
	if err := sw.end(); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("cannot sync %q: %w", tmp, err)
	}
	cerr := f.Close()
	f = nil
	if cerr != nil {
		return errors.Join(fmt.Errorf("cannot close %q: %w", tmp, cerr), s.fs.Remove(tmp))
	}
	if err := s.fs.Rename(tmp, filepath.Join(s.dir, name)); err != nil {
		return errors.Join(fmt.Errorf("cannot rename %q: %w", tmp, err), s.fs.Remove(tmp))
	}
	return vfs.SyncDir(s.fs, s.dir)
}

// takeImage returns the image of series id as of the cut, or nil when it
// did not exist. pg is the series' page, nil when freed.
func (s *Store) takeImage(id uint32, pg *page, epoch uint32) *seriesImage {
	mu := s.lock(id)
	mu.Lock()
	defer mu.Unlock()
	s.ck.mu.Lock()
	img, saved := s.ck.saved[id]
	delete(s.ck.saved, id)
	s.ck.mu.Unlock()
	if saved {
		return img
	}
	if pg == nil {
		return nil
	}
	sr := &pg.series[id&(pageSize-1)]
	if sr.key == "" {
		return nil
	}
	sr.epoch = epoch
	return sr.image()
}
