package logstore

import (
	"context"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// DeleteGroup deletes every event of a group. The tombstone is durable and
// the events unreadable when it returns; a batch of the group still in
// flight is dropped when it lands. An I/O failure is reported as an error
// wrapping model.ErrUnavailable and deletes nothing.
func (s *Store) DeleteGroup(ctx context.Context, groupID int64) error {
	below, err := s.tombstone(ctx, func(below uint64) []byte {
		return appendDeleteGroup(nil, below, groupID)
	})
	if err != nil {
		return err
	}
	s.applyDeleteGroup(groupID, below)
	return nil
}

// DeleteStream deletes every event of a stream, with the guarantees of
// DeleteGroup.
func (s *Store) DeleteStream(ctx context.Context, groupID, streamID int64) error {
	below, err := s.tombstone(ctx, func(below uint64) []byte {
		return appendDeleteStream(nil, below, groupID, streamID)
	})
	if err != nil {
		return err
	}
	s.applyDeleteStream(groupID, streamID, below)
	return nil
}

// tombstone writes the record built by encode for the current Seq
// watermark and returns that watermark once the record is durable.
func (s *Store) tombstone(ctx context.Context, encode func(below uint64) []byte) (uint64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.seqMu.Lock()
	below := s.nextSeq
	pending := s.wal.Submit(encode(below))
	s.seqMu.Unlock()
	if _, err := pending.Wait(context.WithoutCancel(ctx)); err != nil {
		return 0, model.Unavailable(fmt.Errorf("cannot write tombstone to the log store wal: %w", err))
	}
	return below, nil
}

func (s *Store) applyDeleteGroup(groupID int64, below uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groupBelow[groupID] = max(s.groupBelow[groupID], below)
	g := s.groups[groupID]
	if g == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for id, st := range g.streams {
		s.dropBelow(g, id, st, below)
	}
	if len(g.streams) == 0 {
		delete(s.groups, groupID)
	}
}

func (s *Store) applyDeleteStream(groupID, streamID int64, below uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.groups[groupID]
	if g == nil {
		if below > s.groupBelow[groupID] {
			// Remember the watermark for a batch still in flight.
			g = &group{streams: make(map[int64]*stream), streamBelow: make(map[int64]uint64)}
			s.groups[groupID] = g
		} else {
			return
		}
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.streamBelow[streamID] = max(g.streamBelow[streamID], below)
	if st := g.streams[streamID]; st != nil {
		s.dropBelow(g, streamID, st, below)
	}
}

// dropBelow deletes a stream's events below the watermark, removing the
// stream when none are left. The caller holds g.mu.
func (s *Store) dropBelow(g *group, streamID int64, st *stream, below uint64) {
	events, bytes := st.deleteBelow(below)
	s.events.Add(-events)
	s.bytes.Add(-bytes)
	if st.empty() {
		delete(g.streams, streamID)
	}
}
