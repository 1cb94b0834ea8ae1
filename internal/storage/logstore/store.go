package logstore

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/storage/vfs"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// partsDir is the directory of the default DirBlob inside the store's
// directory.
const partsDir = "parts"

// Store is OpenWatch's columnar log store; see the package documentation.
// Its methods are safe for concurrent use.
//
// Lock order: flushMu, manifestMu, seqMu, tombMu, viewMu, then a
// generation's and a memtable's mutex.
type Store struct {
	fs   vfs.FS
	dir  string
	opts Options
	wal  *wal.WAL
	blob Blob

	// seqMu orders Seq assignment and WAL submission; nextSeq is the next
	// Seq to hand out (Seqs start at 1) and active the generation that
	// takes them.
	seqMu   sync.Mutex
	nextSeq uint64
	active  *generation
	// frozenTail is the WAL's end when the last generation was frozen,
	// if any was.
	frozenTail wal.LSN
	frozen     bool

	// tombMu guards tombs, epoch and cutoffs: what is deleted.
	tombMu sync.RWMutex
	tombs  map[int64]*groupTombs
	epoch  uint64
	// cutoffs holds each group's retention cutoff: its events older than
	// the cutoff are gone.
	cutoffs map[int64]int64

	// viewMu guards gens and parts, what reads see. Both are replaced,
	// never modified in place, so a reader can keep what it took.
	viewMu sync.RWMutex
	gens   []*generation // oldest first; the last one is active
	parts  map[int64][]*part
	// chunks holds the message memory of released generations.
	chunks *chunkPool

	// manifestMu serializes changes to the set of parts and the manifest
	// writes that make them durable; it guards the fields below.
	manifestMu sync.Mutex
	watermark  uint64
	nextPartID atomic.Uint64
	// dirty says that tombstones or cutoffs changed since the manifest was
	// last written.
	dirty atomic.Bool
	// trimmed is the WAL segment below which segments were removed.
	trimmed atomic.Uint32

	// flushMu serializes flushes; flushed is closed and replaced when a
	// flush attempt ends.
	flushMu sync.Mutex
	flushed atomic.Pointer[chan struct{}]

	bgCancel context.CancelFunc
	bg       sync.WaitGroup
	flushNow chan struct{}
	mergeNow chan struct{}
	closed   atomic.Bool

	metrics metrics
	// readCache keeps the blocks Read decoded, for the next page.
	readCache *blockCache
	// files keeps parts' data files open between reads.
	files *dataFiles
}

// Open opens the store kept in dir: it reads the manifest and the indexes
// of the parts it lists, removes files of parts a crash left unfinished,
// replays the write-ahead log beyond what the parts hold, and starts the
// background flush and merge. A torn WAL tail left by a crash is cut away
// (and counted in Stats().WAL); damage to acknowledged data fails with an
// error wrapping model.ErrCorruption.
func Open(ctx context.Context, fsys vfs.FS, dir string, opts Options) (*Store, error) {
	if err := opts.normalize(); err != nil {
		return nil, fmt.Errorf("cannot open log store in %q: %w", dir, err)
	}
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create log store directory %q: %w", dir, err)
	}
	s := &Store{
		fs:       fsys,
		dir:      dir,
		opts:     opts,
		blob:     opts.Blob,
		tombs:    make(map[int64]*groupTombs),
		cutoffs:  make(map[int64]int64),
		parts:    make(map[int64][]*part),
		flushNow: make(chan struct{}, 1),
		mergeNow: make(chan struct{}, 1),
		// As much as the memtables may hold before appends wait for a
		// flush: a flushed generation's chunks then all go to the next.
		chunks: newChunkPool(backlogFactor * opts.MemtableSize),
	}
	s.metrics.init()
	s.readCache = newBlockCache(readCacheBytes)
	s.files = newDataFiles(maxOpenPartFiles)
	s.flushed.Store(new(make(chan struct{})))
	if s.blob == nil {
		s.blob = NewDirBlob(fsys, filepath.Join(dir, partsDir))
	}
	if err := s.load(ctx); err != nil {
		return nil, fmt.Errorf("cannot open log store in %q: %w", dir, err)
	}
	w, err := wal.Open(fsys, dir, wal.Options{SegmentSize: opts.SegmentSize})
	if err != nil {
		return nil, fmt.Errorf("cannot open log store in %q: %w", dir, err)
	}
	s.wal = w
	s.nextSeq = max(1, s.watermark)
	s.active = newGeneration(s.nextSeq, s.chunks)
	s.gens = []*generation{s.active}
	if err := s.replay(ctx); err != nil {
		if cerr := w.Close(); cerr != nil {
			err = fmt.Errorf("%w (and closing: %v)", err, cerr)
		}
		return nil, fmt.Errorf("cannot replay log store in %q: %w", dir, err)
	}
	if len(s.gens) > 1 || s.active.size.Load() >= s.opts.MemtableSize {
		// As after an append that fills the memtables, the flusher starts
		// at once rather than a FlushInterval later: after a crash under
		// load the replayed events can be hundreds of megabytes, without
		// an index until they are flushed, that every filter would scan
		// message by message.
		signal(s.flushNow)
	}
	s.startBackground()
	return s, nil
}

// load reads the manifest, opens its parts and deletes the objects of
// parts it does not list.
func (s *Store) load(ctx context.Context) error {
	m, err := readManifest(s.fs, s.dir)
	if err != nil {
		return err
	}
	s.watermark, s.epoch = m.watermark, m.epoch
	s.nextPartID.Store(m.nextPartID)
	s.tombs, s.cutoffs = m.tombs, m.cutoffs
	live := make(map[string]bool, 2*len(m.parts))
	for _, listed := range m.parts {
		p, err := s.openPart(ctx, listed)
		if err != nil {
			return err
		}
		p.refs.Store(1)
		s.parts[p.meta.group] = append(s.parts[p.meta.group], p)
		live[p.dataName()], live[p.indexName()] = true, true
	}
	for _, parts := range s.parts {
		sortParts(parts)
	}
	names, err := s.blob.List(ctx, "")
	if err != nil {
		return fmt.Errorf("cannot list parts: %w", err)
	}
	for _, name := range names {
		// Names of another layout are not ours to delete.
		if !live[name] && isPartObject(name) {
			if err := s.blob.Delete(ctx, name); err != nil {
				return fmt.Errorf("cannot delete unfinished part file %q: %w", name, err)
			}
		}
	}
	return nil
}

// replay applies the WAL records the parts do not already hold.
func (s *Store) replay(ctx context.Context) error {
	return s.wal.Replay(func(lsn wal.LSN, payload []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.active.size.Load() >= s.opts.MemtableSize {
			// One generation per MemtableSize, as ingest makes them: the
			// flush after Open then commits the replayed events a
			// generation at a time, so reads find ever more of them
			// indexed rather than all of them at once at the end, and the
			// WAL shrinks as it goes.
			s.rotate(lsn)
		}
		if seq, ok := batchSeq(payload); ok && seq < s.watermark {
			// Flushed to a part, or deleted, before the crash: a batch
			// below the watermark lies wholly below it, so the Seq
			// counter, which starts at the watermark, is past it.
			return nil
		}
		r, err := decodeRecord(payload)
		if err != nil {
			return err
		}
		switch r.kind {
		case kindBatch:
			s.nextSeq = max(s.nextSeq, r.seq+uint64(len(r.events)))
			sortBatch(r.events)
			s.apply(s.active, r.groupID, r.streamID, r.events)
		case kindDeleteGroup, kindDeleteStream:
			s.nextSeq = max(s.nextSeq, r.seq)
			// A tombstone below the watermark was in the manifest when
			// the records before it were dropped; it is either still
			// there or no longer needed.
			if r.seq >= s.watermark {
				s.applyDelete(r.groupID, r.streamID, r.kind == kindDeleteStream, r.seq)
			}
		}
		return nil
	})
}

// Close stops the background work, flushes the memtables to parts and
// closes the WAL. Later writes fail; reads keep serving what is stored.
// When the WAL has failed the memtables are not flushed: the WAL still
// holds every acknowledged event, and the next Open replays it.
func (s *Store) Close() error {
	if !s.closed.CompareAndSwap(false, true) {
		return errors.New("cannot close log store: already closed")
	}
	s.bgCancel()
	s.bg.Wait()
	var errs []error
	flushed := false
	if !s.wal.Stats().Failed {
		if err := s.Flush(context.Background()); err != nil {
			errs = append(errs, err)
		} else {
			flushed = true
		}
	}
	if err := s.wal.Close(); err != nil {
		errs = append(errs, err)
	} else if flushed && s.settled() {
		// Everything the WAL holds is in parts: the next Open has
		// nothing to replay, so the segments need not take disk space.
		if _, err := s.wal.RemoveAll(); err != nil {
			s.opts.Logger.Warn("cannot remove the wal after the final flush; the next open replays it", "err", err)
		}
	}
	// No flush comes any more: release the appends waiting for one.
	s.flushEnded()
	s.chunks.close()
	if err := s.files.closeAll(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("cannot close log store: %w", err)
	}
	return nil
}

// settled reports, once the WAL is closed, whether every record it holds
// comes before the last freeze, whose generation a flush has written: then
// nothing in it is missing from the parts and the manifest.
func (s *Store) settled() bool {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	return s.frozen && s.wal.Tail() == s.frozenTail
}

// snapshot is what a read sees of one group: the memtables of every
// generation, the parts and the generations (both referenced until
// release) and the deletes. Messages of the memtables are the generations'
// and must be copied before they leave the read.
type snapshot struct {
	tables []*memtable
	gens   []*generation
	parts  []*part
	tombs  *groupTombs
	cutoff int64
}

// snapshot takes a consistent view of a group. The tombstone and view
// locks are held together, so a read never sees a part's rewrite
// without the tombstones that it applied, nor misses them.
func (s *Store) snapshot(groupID int64) *snapshot {
	s.tombMu.RLock()
	defer s.tombMu.RUnlock()
	s.viewMu.RLock()
	defer s.viewMu.RUnlock()
	snap := &snapshot{tombs: s.tombs[groupID], cutoff: s.cutoffs[groupID], parts: s.parts[groupID]}
	for _, g := range s.gens {
		if t := g.table(groupID); t != nil {
			g.refs.Add(1)
			snap.tables = append(snap.tables, t)
			snap.gens = append(snap.gens, g)
		}
	}
	for _, p := range snap.parts {
		p.refs.Add(1)
	}
	return snap
}

func (sn *snapshot) release(s *Store) {
	for _, p := range sn.parts {
		s.unref(p)
	}
	for _, g := range sn.gens {
		g.unref()
	}
}

// unref drops a reference to a part, deleting its files when it was the
// last one: the part left the view and no read or merge uses it.
func (s *Store) unref(p *part) {
	if p.refs.Add(-1) != 0 {
		return
	}
	if err := s.files.drop(p); err != nil {
		s.opts.Logger.Warn("cannot close the file of a dropped part", "file", p.dataName(), "err", err)
	}
	for _, name := range []string{p.indexName(), p.dataName()} {
		if err := s.blob.Delete(context.Background(), name); err != nil {
			s.metrics.deleteErrors.Add(1)
			s.opts.Logger.Warn("cannot delete the file of a dropped part; it is removed at the next open", "file", name, "err", err)
		}
	}
}

// generations returns the generations, oldest first.
func (s *Store) generations() []*generation {
	s.viewMu.RLock()
	defer s.viewMu.RUnlock()
	return s.gens
}
