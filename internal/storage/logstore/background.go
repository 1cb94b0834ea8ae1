package logstore

import (
	"context"
	"errors"
	"time"
)

// startBackground starts the flusher and the merger. Both stop when Close
// cancels their context; a flush or merge cut short leaves no trace but
// files that the next attempt or Open removes.
func (s *Store) startBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	s.bgCancel = cancel
	s.bg.Go(func() { s.flushLoop(ctx) })
	s.bg.Go(func() { s.mergeLoop(ctx) })
}

// flushLoop flushes every FlushInterval, and when an append finds the
// memtables over MemtableSize.
func (s *Store) flushLoop(ctx context.Context) {
	t := time.NewTicker(s.opts.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.flushNow:
		}
		if err := s.Flush(ctx); err != nil && ctx.Err() == nil && !errors.Is(err, errWALFailed) {
			s.opts.Logger.Warn("log store flush failed; the events stay in memory and in the wal, and the next flush retries", "err", err)
		}
	}
}

// mergeLoop merges after every flush and every FlushInterval, until the
// partitions are in shape.
func (s *Store) mergeLoop(ctx context.Context) {
	t := time.NewTicker(s.opts.FlushInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.mergeNow:
		}
		if err := s.mergeAll(ctx); err != nil && ctx.Err() == nil {
			s.opts.Logger.Warn("log store merge failed; its parts stay as they were, and the next round retries", "err", err)
		}
	}
}
