package logstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/wal"
)

// Append stores events of one stream durably and returns them as stored, in
// input order, with their Seqs. It returns once the batch is fsync'd in the
// WAL; on error nothing of the batch is visible, and an I/O failure is
// reported as an error wrapping model.ErrUnavailable.
func (s *Store) Append(ctx context.Context, groupID, streamID int64, ingestionTime int64, events []model.LogEvent) ([]model.StoredEvent, error) {
	if len(events) == 0 {
		return []model.StoredEvent{}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	size := batchSize(groupID, streamID, ingestionTime, events)
	if size > wal.MaxPayloadSize {
		return nil, model.Errorf(model.ErrInvalidParameter, "batch of %d encoded bytes exceeds the log store limit of %d", size, wal.MaxPayloadSize)
	}
	payload := appendBatch(make([]byte, 0, size), groupID, streamID, ingestionTime, events)

	s.seqMu.Lock()
	first := s.nextSeq
	s.nextSeq += uint64(len(events))
	setSeq(payload, first)
	pending := s.wal.Submit(payload)
	s.seqMu.Unlock()

	// Once submitted, the outcome is awaited whatever ctx says, so memory
	// never disagrees with what a replay would rebuild.
	if _, err := pending.Wait(context.WithoutCancel(ctx)); err != nil {
		return nil, model.Unavailable(fmt.Errorf("cannot write batch to the log store wal: %w", err))
	}

	out := make([]model.StoredEvent, len(events))
	batch := make([]entry, len(events))
	for i := range events {
		e := &events[i]
		seq := first + uint64(i)
		out[i] = model.StoredEvent{StreamID: streamID, Timestamp: e.Timestamp, IngestionTime: ingestionTime, Seq: seq, Message: e.Message}
		batch[i] = entry{ts: e.Timestamp, seq: seq, ingest: ingestionTime, msg: e.Message}
	}
	sortBatch(batch)
	s.apply(groupID, streamID, batch)
	return out, nil
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

// apply makes an acknowledged batch visible, unless a tombstone written
// after the batch took its Seqs has deleted its stream or group meanwhile.
func (s *Store) apply(groupID, streamID int64, batch []entry) {
	first := batch[0].seq
	for _, e := range batch[1:] {
		first = min(first, e.seq)
	}
	s.mu.RLock()
	g := s.groups[groupID]
	if g == nil {
		s.mu.RUnlock()
		s.mu.Lock()
		defer s.mu.Unlock()
		if first < s.groupBelow[groupID] {
			return
		}
		if g = s.groups[groupID]; g == nil {
			g = &group{streams: make(map[int64]*stream), streamBelow: make(map[int64]uint64)}
			s.groups[groupID] = g
		}
	} else {
		defer s.mu.RUnlock()
		if first < s.groupBelow[groupID] {
			return
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if first < g.streamBelow[streamID] {
		return
	}
	st := g.streams[streamID]
	if st == nil {
		st = &stream{}
		g.streams[streamID] = st
	}
	st.insert(batch)
	var bytes int64
	for i := range batch {
		bytes += int64(len(batch[i].msg))
	}
	s.events.Add(int64(len(batch)))
	s.bytes.Add(bytes)
}
