package logstore

import (
	"context"
	"time"
)

// ApplyRetention makes a group keep only the events of its last days
// before now (all events when days is 0 or less): events older than the
// cutoff become unreadable at once, the parts of the partitions (days)
// wholly before it, and any other part holding only older events, are
// dropped, and the partition holding the cutoff loses its older rows when
// it is next merged. The cutoff is kept in the manifest from the next
// flush on. An I/O failure dropping parts is reported as an error wrapping
// model.ErrUnavailable; the cutoff is in force regardless.
func (s *Store) ApplyRetention(ctx context.Context, groupID int64, days int32, now time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var cutoff int64
	if days > 0 {
		cutoff = now.UnixMilli() - int64(days)*dayMillis
	}
	s.manifestMu.Lock()
	defer s.manifestMu.Unlock()
	s.tombMu.Lock()
	if cutoff != s.cutoffs[groupID] {
		if cutoff == 0 {
			delete(s.cutoffs, groupID)
		} else {
			s.cutoffs[groupID] = cutoff
		}
		s.markDirty()
	}
	s.tombMu.Unlock()
	if cutoff == 0 {
		return nil
	}
	var expired []*part
	for _, p := range s.viewParts(groupID) {
		if p.meta.maxTs < cutoff {
			expired = append(expired, p)
		}
	}
	if len(expired) == 0 {
		return nil
	}
	if err := s.commitLocked(change{remove: expired}); err != nil {
		return err
	}
	s.metrics.partsExpired.Add(int64(len(expired)))
	return nil
}
