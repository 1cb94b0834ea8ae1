package wal

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// DefaultSegmentSize is the size at which segments are rolled unless
// Options say otherwise.
const DefaultSegmentSize = 64 << 20

// maxSegmentSize keeps record offsets within the 32 bits an LSN gives them.
const maxSegmentSize = 1 << 30

var (
	// ErrClosed is returned by appends after Close.
	ErrClosed = errors.New("wal is closed")
	// ErrFailed is wrapped by every append error after a write or fsync
	// failure; see the package documentation.
	ErrFailed = errors.New("wal failed")
	// ErrInvalidRecord is returned for an empty payload or one larger than
	// MaxPayloadSize.
	ErrInvalidRecord = errors.New("invalid wal record")
)

// Options configure a WAL.
type Options struct {
	// SegmentSize is the size at which a segment is rolled; 0 means
	// DefaultSegmentSize. At most 1 GiB.
	SegmentSize int64
}

func (o *Options) normalize() error {
	if o.SegmentSize == 0 {
		o.SegmentSize = DefaultSegmentSize
	}
	if o.SegmentSize < segmentHeaderSize+recordHeaderSize+1 || o.SegmentSize > maxSegmentSize {
		return fmt.Errorf("segment size %d out of range", o.SegmentSize)
	}
	return nil
}

// segment is a segment file and its size in durable bytes.
type segment struct {
	index uint32
	size  int64
	// reusable marks a segment this process created, in the current
	// format: once its records are no longer needed it may become a
	// spare (see RemoveBefore).
	reusable bool
}

// maxSpares is how many segment files RemoveBefore keeps for reuse.
const maxSpares = 2

// request is one queued record.
type request struct {
	payload []byte
	lsn     LSN
	// newSegment marks the first record of a segment: the writer rolls
	// before writing it.
	newSegment bool
}

// commit is the fate shared by the records of one write batch.
type commit struct {
	done chan struct{}
	err  error
}

// WAL is an open write-ahead log. Its methods are safe for concurrent use.
type WAL struct {
	fs   vfs.FS
	dir  string
	opts Options

	// removeMu serializes RemoveBefore calls.
	removeMu sync.Mutex

	mu   sync.Mutex
	cond sync.Cond // signals the writer that pending or closed changed
	// pending holds records queued since the writer last took them; cur is
	// their shared commit.
	pending []request
	cur     *commit
	// failed is the sticky error of a failed log.
	failed error
	closed bool
	// haveSegment, seg and off are where the next record goes: in segment
	// seg at offset off, or in segment seg+1 when haveSegment is false.
	haveSegment bool
	seg         uint32
	off         int64
	// segments lists the segment files with their durable sizes.
	segments []segment
	// spares are the indexes of the segments kept for reuse, under their
	// spare names, oldest first.
	spares   []uint32
	records  uint64
	batches  uint64
	fsync    fsyncStats
	torn     int
	tornSize int64

	// The writer goroutine owns the fields below. activeSize is the size
	// of the active segment's file, which a reused file makes larger than
	// activeOff; activeSeed is the seed of its records' checksums.
	active     vfs.File
	activeSeg  uint32
	activeOff  int64
	activeSize int64
	activeSeed uint32
	buf        []byte
	writerDone chan struct{}
	closeErr   error
}

// Submit queues payload for appending and returns at once. The record's
// fate is learnt from Pending.Wait. Records are written in the order Submit
// is called. payload must not be modified until Wait has returned.
func (w *WAL) Submit(payload []byte) Pending {
	if len(payload) == 0 || len(payload) > MaxPayloadSize {
		return Pending{err: fmt.Errorf("%w: payload of %d bytes", ErrInvalidRecord, len(payload))}
	}
	frame := int64(recordHeaderSize + len(payload))
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.closed:
		return Pending{err: ErrClosed}
	case w.failed != nil:
		return Pending{err: w.failed}
	}
	r := request{payload: payload}
	if !w.haveSegment || (w.off > segmentHeaderSize && w.off+frame > w.opts.SegmentSize) {
		w.haveSegment = true
		w.seg++
		w.off = segmentHeaderSize
		r.newSegment = true
	}
	r.lsn = makeLSN(w.seg, w.off)
	w.off += frame
	if w.cur == nil {
		w.cur = &commit{done: make(chan struct{})}
	}
	w.pending = append(w.pending, r)
	w.cond.Signal()
	return Pending{c: w.cur, lsn: r.lsn}
}

// Pending is a submitted record whose fate is not yet known.
type Pending struct {
	c   *commit
	lsn LSN
	err error
}

// Wait blocks until the record is durable or has failed, or ctx is done. An
// error from ctx says nothing about the record: it may still become durable.
func (p Pending) Wait(ctx context.Context) (LSN, error) {
	if p.err != nil {
		return 0, p.err
	}
	select {
	case <-p.c.done:
		if p.c.err != nil {
			return 0, p.c.err
		}
		return p.lsn, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Append writes payload as one record and returns its LSN once the record
// is fsync'd. When ctx ends first Append returns ctx's error, and the record
// may or may not become durable. After an error wrapping ErrFailed the log
// accepts nothing more. payload must not be modified until Append returns.
func (w *WAL) Append(ctx context.Context, payload []byte) (LSN, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return w.Submit(payload).Wait(ctx)
}

// Close writes and fsyncs every queued record, then closes the log. Later
// appends return ErrClosed.
func (w *WAL) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	w.closed = true
	w.cond.Signal()
	w.mu.Unlock()
	<-w.writerDone
	return w.closeErr
}

// Stats returns current counters.
func (w *WAL) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := Stats{
		Segments:       len(w.segments),
		Records:        w.records,
		Batches:        w.batches,
		Fsyncs:         w.fsync.count,
		FsyncTotal:     w.fsync.total,
		FsyncMax:       w.fsync.max,
		FsyncBuckets:   w.fsync.buckets,
		TornTails:      w.torn,
		TruncatedBytes: w.tornSize,
		Failed:         w.failed != nil,
	}
	for _, seg := range w.segments {
		s.Size += seg.size
	}
	return s
}
