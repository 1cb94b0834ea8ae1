package logstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/storage/vfs"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// Options configure a Store.
type Options struct {
	// SegmentSize is the WAL segment size; 0 means wal.DefaultSegmentSize.
	SegmentSize int64
}

// Store is an in-memory log store made durable by a write-ahead log. Its
// methods are safe for concurrent use.
type Store struct {
	wal *wal.WAL

	// seqMu orders Seq assignment and WAL submission; nextSeq is the next
	// Seq to hand out (Seqs start at 1).
	seqMu   sync.Mutex
	nextSeq uint64

	// mu guards groups and groupBelow. Lock order: mu, then a group's mu.
	mu     sync.RWMutex
	groups map[int64]*group
	// groupBelow holds each deleted group's tombstone watermark.
	groupBelow map[int64]uint64

	events atomic.Int64
	bytes  atomic.Int64
}

// group is one log group's streams.
type group struct {
	mu      sync.RWMutex
	streams map[int64]*stream
	// streamBelow holds each deleted stream's tombstone watermark.
	streamBelow map[int64]uint64
}

// Stats describes a Store for monitoring.
type Stats struct {
	// Events and Bytes count the stored events and their message bytes.
	Events int64
	Bytes  int64
	// WAL holds the log's size and fsync counters.
	WAL wal.Stats
}

// Open opens the store kept in dir, replaying its write-ahead log. A torn
// tail left by a crash is cut away (and counted in Stats().WAL); damage to
// acknowledged data fails with an error wrapping model.ErrCorruption.
func Open(ctx context.Context, fsys vfs.FS, dir string, opts Options) (*Store, error) {
	w, err := wal.Open(fsys, dir, wal.Options{SegmentSize: opts.SegmentSize})
	if err != nil {
		return nil, fmt.Errorf("cannot open log store in %q: %w", dir, err)
	}
	s := &Store{
		wal:        w,
		nextSeq:    1,
		groups:     make(map[int64]*group),
		groupBelow: make(map[int64]uint64),
	}
	err = w.Replay(func(_ wal.LSN, payload []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := decodeRecord(payload)
		if err != nil {
			return err
		}
		s.replay(&r)
		return nil
	})
	if err != nil {
		if cerr := w.Close(); cerr != nil {
			err = fmt.Errorf("%w (and closing: %v)", err, cerr)
		}
		return nil, fmt.Errorf("cannot replay log store in %q: %w", dir, err)
	}
	return s, nil
}

// replay applies one record read back from the WAL.
func (s *Store) replay(r *record) {
	switch r.kind {
	case kindBatch:
		s.nextSeq = max(s.nextSeq, r.seq+uint64(len(r.events)))
		sortBatch(r.events)
		s.apply(r.groupID, r.streamID, r.events)
	case kindDeleteGroup:
		s.nextSeq = max(s.nextSeq, r.seq)
		s.applyDeleteGroup(r.groupID, r.seq)
	case kindDeleteStream:
		s.nextSeq = max(s.nextSeq, r.seq)
		s.applyDeleteStream(r.groupID, r.streamID, r.seq)
	}
}

// Close flushes and closes the WAL. Later writes fail; reads keep serving
// what is in memory.
func (s *Store) Close() error {
	if err := s.wal.Close(); err != nil {
		return fmt.Errorf("cannot close log store: %w", err)
	}
	return nil
}

// Stats returns current counters.
func (s *Store) Stats() Stats {
	return Stats{Events: s.events.Load(), Bytes: s.bytes.Load(), WAL: s.wal.Stats()}
}

// lookupGroup returns the group, or nil.
func (s *Store) lookupGroup(groupID int64) *group {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.groups[groupID]
}
