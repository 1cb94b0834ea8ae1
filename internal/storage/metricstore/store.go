package metricstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// numStripes is the number of series locks; series id i uses lock
// i % numStripes.
const numStripes = 4096

// Names in the store directory.
const (
	snapshotPrefix = "snapshot-"
	walPrefix      = "wal-"
	tmpSuffix      = ".tmp"
)

// Options configure a Store.
type Options struct {
	// SegmentSize is the WAL segment size; 0 means wal.DefaultSegmentSize.
	SegmentSize int64
}

// Store is OpenWatch's metric store. Its methods are safe for concurrent
// use. See the package documentation for its design.
type Store struct {
	fs   vfs.FS
	dir  string
	opts Options

	idx   *index
	locks [numStripes]sync.Mutex

	// walMu orders writes (read side: resolve, append, apply) against the
	// switch to a new WAL generation (write side), so that every write is
	// wholly before or wholly after a checkpoint's cut.
	walMu  sync.RWMutex
	wal    *wal.WAL
	gen    uint64
	closed bool

	// ckptMu serializes Checkpoint and Close.
	ckptMu      sync.Mutex
	ck          checkpointState
	checkpoints atomic.Int64

	m meters
}

// Stats describes a Store for monitoring.
type Stats struct {
	// Series counts the series in the index.
	Series int
	// RawChunks and RollupChunks count sealed chunks; ChunkBytes is their
	// encoded size.
	RawChunks    int64
	RollupChunks int64
	ChunkBytes   int64
	// Generation is the current WAL generation; Checkpoints counts the
	// checkpoints written since Open.
	Generation  uint64
	Checkpoints int64
	// WAL holds the current WAL generation's size and fsync counters.
	WAL wal.Stats
}

// Open opens the store kept in dir, creating it if needed. It loads the
// newest snapshot and replays the WAL generations written after it. A torn
// WAL tail left by a crash is cut away (and counted in Stats().WAL); damage
// to acknowledged data or to the snapshot fails with an error wrapping
// model.ErrCorruption.
func Open(ctx context.Context, fsys vfs.FS, dir string, opts Options) (*Store, error) {
	s := &Store{fs: fsys, dir: dir, opts: opts, idx: newIndex()}
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create metric store directory %q: %w", dir, err)
	}
	snaps, wals, err := s.listDir()
	if err != nil {
		return nil, err
	}
	var snapGen uint64
	if len(snaps) > 0 {
		snapGen = snaps[len(snaps)-1]
		if err := s.loadSnapshot(ctx, snapGen); err != nil {
			return nil, fmt.Errorf("cannot open metric store in %q: %w", dir, err)
		}
	}
	if err := s.removeCovered(snapGen); err != nil {
		return nil, err
	}
	for _, g := range wals {
		if g <= snapGen {
			continue
		}
		w, err := s.replay(ctx, g)
		if err != nil {
			if s.wal != nil {
				err = errors.Join(err, s.wal.Close())
			}
			return nil, fmt.Errorf("cannot open metric store in %q: %w", dir, err)
		}
		if s.wal != nil {
			if err := s.wal.Close(); err != nil {
				return nil, errors.Join(fmt.Errorf("cannot close wal generation %d: %w", s.gen, err), w.Close())
			}
		}
		s.wal, s.gen = w, g
	}
	if s.wal == nil {
		w, err := s.openGeneration(snapGen + 1)
		if err != nil {
			return nil, err
		}
		s.wal, s.gen = w, snapGen+1
	}
	return s, nil
}

// listDir returns the generations of the snapshots and WAL directories in
// the store directory, ascending, removing leftover temporary files.
func (s *Store) listDir() (snaps, wals []uint64, err error) {
	names, err := s.fs.List(s.dir)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot list metric store directory %q: %w", s.dir, err)
	}
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, tmpSuffix):
			if err := s.fs.Remove(filepath.Join(s.dir, name)); err != nil {
				return nil, nil, fmt.Errorf("cannot remove %q: %w", name, err)
			}
		case strings.HasPrefix(name, snapshotPrefix):
			if g, ok := parseGen(name, snapshotPrefix); ok {
				snaps = append(snaps, g)
			}
		case strings.HasPrefix(name, walPrefix):
			if g, ok := parseGen(name, walPrefix); ok {
				wals = append(wals, g)
			}
		}
	}
	slices.Sort(snaps)
	slices.Sort(wals)
	return snaps, wals, nil
}

func genName(prefix string, gen uint64) string { return fmt.Sprintf("%s%020d", prefix, gen) }

func parseGen(name, prefix string) (uint64, bool) {
	g, err := strconv.ParseUint(strings.TrimPrefix(name, prefix), 10, 64)
	if err != nil || genName(prefix, g) != name {
		return 0, false
	}
	return g, true
}

// removeCovered removes the snapshots older than gen and the WAL
// generations up to gen, which the snapshot of gen covers.
func (s *Store) removeCovered(gen uint64) error {
	snaps, wals, err := s.listDir()
	if err != nil {
		return err
	}
	removed := false
	for _, g := range snaps {
		if g < gen {
			if err := s.fs.Remove(filepath.Join(s.dir, genName(snapshotPrefix, g))); err != nil {
				return fmt.Errorf("cannot remove snapshot %d: %w", g, err)
			}
			removed = true
		}
	}
	for _, g := range wals {
		if g <= gen {
			if err := s.fs.RemoveAll(filepath.Join(s.dir, genName(walPrefix, g))); err != nil {
				return fmt.Errorf("cannot remove wal generation %d: %w", g, err)
			}
			removed = true
		}
	}
	if removed {
		return vfs.SyncDir(s.fs, s.dir)
	}
	return nil
}

// openGeneration creates WAL generation gen with a durable directory entry.
func (s *Store) openGeneration(gen uint64) (*wal.WAL, error) {
	dir := filepath.Join(s.dir, genName(walPrefix, gen))
	if err := s.fs.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create wal generation %d: %w", gen, err)
	}
	if err := vfs.SyncDir(s.fs, s.dir); err != nil {
		return nil, err
	}
	w, err := wal.Open(s.fs, dir, wal.Options{SegmentSize: s.opts.SegmentSize})
	if err != nil {
		return nil, fmt.Errorf("cannot open wal generation %d: %w", gen, err)
	}
	return w, nil
}

// replay opens WAL generation gen and applies its records.
func (s *Store) replay(ctx context.Context, gen uint64) (*wal.WAL, error) {
	w, err := wal.Open(s.fs, filepath.Join(s.dir, genName(walPrefix, gen)), wal.Options{SegmentSize: s.opts.SegmentSize})
	if err != nil {
		return nil, fmt.Errorf("cannot open wal generation %d: %w", gen, err)
	}
	err = w.Replay(func(_ wal.LSN, payload []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := decodeRecord(payload)
		if err != nil {
			return err
		}
		refs, err := s.resolve(b)
		if err != nil {
			return err
		}
		s.apply(b, refs)
		return nil
	})
	if err != nil {
		return nil, errors.Join(fmt.Errorf("cannot replay wal generation %d: %w", gen, err), w.Close())
	}
	return w, nil
}

// Close waits for a running checkpoint, then flushes and closes the WAL.
// Later writes fail with model.ErrUnavailable; reads keep serving what is
// in memory.
func (s *Store) Close() error {
	s.ckptMu.Lock()
	defer s.ckptMu.Unlock()
	s.walMu.Lock()
	defer s.walMu.Unlock()
	if s.closed {
		return model.Errorf(model.ErrInvalidOperation, "metric store is closed")
	}
	s.closed = true
	if err := s.wal.Close(); err != nil {
		return fmt.Errorf("cannot close metric store: %w", err)
	}
	return nil
}

// Stats returns current counters.
func (s *Store) Stats() Stats {
	s.idx.mu.RLock()
	n := s.idx.live
	s.idx.mu.RUnlock()
	s.walMu.RLock()
	w, gen := s.wal.Stats(), s.gen
	s.walMu.RUnlock()
	return Stats{
		Series:       n,
		RawChunks:    s.m.rawChunks.Load(),
		RollupChunks: s.m.rollupChunks.Load(),
		ChunkBytes:   s.m.chunkBytes.Load(),
		Generation:   gen,
		Checkpoints:  s.checkpoints.Load(),
		WAL:          w,
	}
}

// lock returns the lock of series id.
func (s *Store) lock(id uint32) *sync.Mutex { return &s.locks[id%numStripes] }
