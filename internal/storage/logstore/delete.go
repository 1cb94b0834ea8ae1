package logstore

import (
	"context"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// DeleteGroup deletes every event of a group. The tombstone is durable and
// the events unreadable when it returns; a batch of the group still in
// flight is dropped when it lands. The group's parts are dropped at once
// when they hold nothing newer, and rewritten by a merge otherwise. An I/O
// failure writing the tombstone is reported as an error wrapping
// model.ErrUnavailable and deletes nothing.
func (s *Store) DeleteGroup(ctx context.Context, groupID int64) error {
	return s.tombstone(ctx, groupID, 0, false)
}

// DeleteStream deletes every event of a stream, with the guarantees of
// DeleteGroup. Parts holding only that stream are dropped at once; the
// others lose its rows when a merge rewrites them.
func (s *Store) DeleteStream(ctx context.Context, groupID, streamID int64) error {
	return s.tombstone(ctx, groupID, streamID, true)
}

// tombstone writes a delete for the current Seq watermark, applies it once
// it is durable, and drops the parts it empties.
func (s *Store) tombstone(ctx context.Context, groupID, streamID int64, isStream bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.seqMu.Lock()
	below := s.nextSeq
	var payload []byte
	if isStream {
		payload = appendDeleteStream(nil, below, groupID, streamID)
	} else {
		payload = appendDeleteGroup(nil, below, groupID)
	}
	gen := s.active
	gen.inflight.Add(1)
	pending := s.wal.Submit(payload)
	s.seqMu.Unlock()
	_, err := pending.Wait(context.WithoutCancel(ctx))
	if err == nil {
		s.applyDelete(groupID, streamID, isStream, below)
	}
	gen.inflight.Done()
	if err != nil {
		return model.Unavailable(fmt.Errorf("cannot write tombstone to the log store wal: %w", err))
	}
	s.dropDeadParts(groupID)
	return nil
}

// applyDelete records a tombstone and drops the rows it deletes from every
// memtable.
func (s *Store) applyDelete(groupID, streamID int64, isStream bool, below uint64) {
	s.tombMu.Lock()
	defer s.tombMu.Unlock()
	s.epoch++
	if isStream {
		s.tombs[groupID] = s.tombs[groupID].withStream(streamID, below, s.epoch)
	} else {
		s.tombs[groupID] = s.tombs[groupID].withGroup(below, s.epoch)
		// Group ids are never reused, so the retention of a deleted group
		// has no further use.
		delete(s.cutoffs, groupID)
	}
	for _, g := range s.generations() {
		if isStream {
			g.deleteStream(groupID, streamID, below)
		} else {
			g.deleteGroup(groupID, below)
		}
	}
	s.markDirty()
}

// dropDeadParts drops the parts of a group whose every row is deleted,
// freeing their space. A failure is logged and left to the merges, which
// drop such parts too.
func (s *Store) dropDeadParts(groupID int64) {
	s.manifestMu.Lock()
	defer s.manifestMu.Unlock()
	s.tombMu.RLock()
	t := s.tombs[groupID]
	s.tombMu.RUnlock()
	var dead []*part
	for _, p := range s.viewParts(groupID) {
		if t.deletesPart(p) {
			dead = append(dead, p)
		}
	}
	if len(dead) == 0 {
		return
	}
	if err := s.commitLocked(change{remove: dead}); err != nil {
		s.opts.Logger.Warn("cannot drop deleted parts; a merge will", "group", groupID, "err", err)
	}
}
