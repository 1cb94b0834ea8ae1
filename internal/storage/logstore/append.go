package logstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"unsafe"

	"github.com/openwatch/openwatch/internal/bytepool"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// MaxMessageSize is the largest message Append stores: one event must fit
// a block (colblock.MaxBlockBytes) with room to spare. CloudWatch's own
// limit, which the service checks, is far lower.
const MaxMessageSize = 8 << 20

// Append stores events of one stream durably and returns them as stored, in
// input order, with their Seqs. It returns once the batch is fsync'd in the
// WAL; the events are then visible at once, from the memtable. On error
// nothing of the batch is visible, and an I/O failure is reported as an
// error wrapping model.ErrUnavailable.
func (s *Store) Append(ctx context.Context, groupID, streamID int64, ingestionTime int64, events []model.LogEvent) ([]model.StoredEvent, error) {
	if len(events) == 0 {
		return []model.StoredEvent{}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i := range events {
		if n := len(events[i].Message); n > MaxMessageSize {
			return nil, model.Errorf(model.ErrInvalidParameter, "event of %d bytes exceeds the log store limit of %d", n, MaxMessageSize)
		}
	}
	size := batchSize(groupID, streamID, ingestionTime, events)
	if size > wal.MaxPayloadSize {
		return nil, model.Errorf(model.ErrInvalidParameter, "batch of %d encoded bytes exceeds the log store limit of %d", size, wal.MaxPayloadSize)
	}
	// The record is written into the arena of the generation the batch is
	// likely to join, and that generation's memtable keeps the messages
	// where the record holds them: the caller's messages may live in
	// memory it reuses once the call returns, and copying them again after
	// the WAL write took a sixteenth of the ingest CPU. The reference
	// keeps that arena, and the record in it, alive while the WAL writes
	// the record, even if a freeze comes between and the batch joins the
	// next generation.
	s.seqMu.Lock()
	likely := s.active
	likely.refs.Add(1)
	s.seqMu.Unlock()
	var at []int
	buf, inArena := likely.arena.alloc(size)
	if inArena {
		at = make([]int, len(events))
	} else {
		buf = payloads.Get(size)
	}
	payload := appendBatch(buf, groupID, streamID, ingestionTime, events, at)
	if beforeSubmit != nil {
		beforeSubmit(s)
	}

	s.seqMu.Lock()
	first := s.nextSeq
	s.nextSeq += uint64(len(events))
	setSeq(payload, first)
	gen := s.active
	gen.inflight.Add(1)
	pending := s.wal.Submit(payload)
	s.seqMu.Unlock()

	// Once submitted, the outcome is awaited whatever ctx says, so memory
	// never disagrees with what a replay would rebuild.
	_, err := pending.Wait(context.WithoutCancel(ctx))
	if !inArena {
		// The WAL is done with the record once its fate is known.
		payloads.Put(payload)
	}
	if err != nil {
		likely.unref()
		gen.inflight.Done()
		return nil, model.Unavailable(fmt.Errorf("cannot write batch to the log store wal: %w", err))
	}

	var msgs []string
	if inArena && gen == likely {
		msgs = make([]string, len(events))
		for i := range events {
			if n := len(events[i].Message); n > 0 {
				msgs[i] = unsafe.String(&payload[at[i]], n)
			}
		}
	} else {
		// The record did not fit a chunk, or a freeze came between and
		// the record is in the arena of the generation before.
		msgs = gen.arena.copyMessages(events)
	}
	likely.unref()
	out := make([]model.StoredEvent, len(events))
	batch := make([]entry, len(events))
	var bytes int64
	for i := range events {
		e := &events[i]
		seq := first + uint64(i)
		out[i] = model.StoredEvent{StreamID: streamID, Timestamp: e.Timestamp, IngestionTime: ingestionTime, Seq: seq, Message: e.Message}
		batch[i] = entry{ts: e.Timestamp, seq: seq, ingest: ingestionTime, msg: msgs[i]}
		bytes += int64(len(e.Message))
	}
	sortBatch(batch)
	s.apply(gen, groupID, streamID, batch)
	// Done before any wait below: a flush waits for it.
	gen.inflight.Done()
	s.metrics.ingestedEvents.Add(int64(len(events)))
	s.metrics.ingestedBytes.Add(bytes)
	if size := gen.size.Load(); size >= s.opts.MemtableSize {
		wait := s.flushWait()
		signal(s.flushNow)
		if size >= backlogFactor*s.opts.MemtableSize {
			// Ingest outpaces flushing: hold the caller until the next
			// flush ends, so memory stays bounded. The batch is stored
			// already; only the acknowledgement waits.
			s.metrics.throttled.Add(1)
			select {
			case <-wait:
			case <-ctx.Done():
			}
		}
	}
	return out, nil
}

// beforeSubmit, when a test sets it, runs in Append between encoding the
// record and taking its Seqs.
var beforeSubmit func(*Store)

// payloads holds WAL record buffers between appends, which the WAL is done
// with once a record's fate is known.
var payloads = bytepool.New(4 << 20)

// backlogFactor is how many times MemtableSize the active memtables may
// grow to, while a flush runs, before appends wait for it. A waiting
// append holds its client until the flush ends, a second or more under
// sustained ingest: at 4 the clients of a 10 M event benchmark waited
// often enough to leave the CPU idle a tenth of the time, and 8 pushed the
// resident memory to the limit (940 MB); 6 peaked at about 810 MB.
const backlogFactor = 6

// flushWait returns a channel closed when the next flush attempt ends.
func (s *Store) flushWait() <-chan struct{} { return *s.flushed.Load() }

// flushEnded wakes the appends waiting for a flush.
func (s *Store) flushEnded() {
	next := make(chan struct{})
	close(*s.flushed.Swap(&next))
}

// sortBatch orders a batch by (Timestamp, Seq). Seqs increase with the
// index, so a stable sort by timestamp is enough; batches usually arrive
// sorted already.
func sortBatch(batch []entry) {
	if slices.IsSortedFunc(batch, cmpTimestamp) {
		return
	}
	slices.SortStableFunc(batch, cmpTimestamp)
}

func cmpTimestamp(a, b entry) int { return cmp.Compare(a.ts, b.ts) }

// apply makes an acknowledged batch visible in gen, the generation its
// Seqs belong to, unless a tombstone written after the batch took its Seqs
// has deleted its stream or group meanwhile.
func (s *Store) apply(gen *generation, groupID, streamID int64, batch []entry) {
	first := batch[0].seq
	for _, e := range batch[1:] {
		first = min(first, e.seq)
	}
	s.tombMu.RLock()
	defer s.tombMu.RUnlock()
	if s.tombs[groupID].deleted(streamID, first) {
		return
	}
	gen.insert(groupID, streamID, batch)
}

// signal wakes the goroutine waiting on ch, without blocking.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
