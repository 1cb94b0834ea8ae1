package logstore

import (
	"context"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/logs"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// Store implements the service's LogStore contract.
var _ logs.LogStore = (*Store)(nil)

const testDir = "/logs"

func openStore(t testing.TB, fsys vfs.FS, opts Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), fsys, testDir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func closeStore(t testing.TB, s *Store) {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func mustAppend(t testing.TB, s *Store, group, stream, ingest int64, events ...model.LogEvent) []model.StoredEvent {
	t.Helper()
	out, err := s.Append(context.Background(), group, stream, ingest, events)
	if err != nil {
		t.Fatalf("Append: %v", err)
	}
	return out
}

func readAll(t testing.TB, s *Store, spec model.ReadSpec) []model.StoredEvent {
	t.Helper()
	var out []model.StoredEvent
	if err := s.Read(context.Background(), spec, func(e *model.StoredEvent) bool {
		out = append(out, *e)
		return true
	}); err != nil {
		t.Fatalf("Read: %v", err)
	}
	return out
}

func ev(ts int64, msg string) model.LogEvent { return model.LogEvent{Timestamp: ts, Message: msg} }

// crash stops s the way a kill would leave it on disk: background work
// stops and the WAL closes, but nothing is flushed.
func crash(t testing.TB, s *Store) {
	t.Helper()
	s.closed.Store(true)
	s.bgCancel()
	s.bg.Wait()
	if err := s.wal.Close(); err != nil {
		t.Fatalf("closing the wal: %v", err)
	}
}

// stopBackground stops the flusher and the merger, so that a test runs
// flushes and merges itself; Close still works.
func stopBackground(s *Store) {
	s.bgCancel()
	s.bg.Wait()
}

// rowFilter makes a ScanSpec.Filter of a per-row predicate.
func rowFilter(pred func(b *model.Batch) func(int) bool) func(*model.Batch) []uint64 {
	return func(b *model.Batch) []uint64 {
		keep, ok := make([]uint64, (b.Len()+63)/64), pred(b)
		for i := range b.Len() {
			if ok(i) {
				keep[i>>6] |= 1 << (uint(i) & 63)
			}
		}
		return keep
	}
}
