package logstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// armedInjector fails the operations fail picks while armed.
type armedInjector struct {
	armed atomic.Bool
	fail  func(op vfs.Op, path string) error
}

func (a *armedInjector) MaybeError(op vfs.Op, path string) error {
	if !a.armed.Load() {
		return nil
	}
	return a.fail(op, path)
}

// TestIOFailure injects disk-level failures into Append and checks the
// contract: the failing Append reports ErrUnavailable and shows nothing, the
// store refuses writes until reopened, and after reopening every
// acknowledged event is intact, nothing appears twice, and the failed batch
// appears at most once — exactly once when its bytes reached the disk and
// only the fsync failed.
func TestIOFailure(t *testing.T) {
	tests := []struct {
		name string
		fail func(op vfs.Op, path string) error
		// failedOnDisk says whether the failed batch's bytes are on disk.
		failedOnDisk bool
	}{
		{"disk full on write", func(op vfs.Op, _ string) error {
			if op.IsWrite() {
				return syscall.ENOSPC
			}
			return nil
		}, false},
		{"short write", func(op vfs.Op, _ string) error {
			if op.IsWrite() {
				return &vfs.ShortWriteError{N: 37, Err: syscall.ENOSPC}
			}
			return nil
		}, false},
		{"fsync error", func(op vfs.Op, path string) error {
			if op == vfs.OpSync && strings.HasSuffix(path, ".wal") {
				return syscall.EIO
			}
			return nil
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := vfs.NewMem()
			inj := &armedInjector{fail: tc.fail}
			s := openStore(t, vfs.NewErrorFS(mem, inj), Options{})
			var acked []model.StoredEvent
			for i := range 20 {
				acked = append(acked, mustAppend(t, s, 1, int64(i%3), 100, ev(int64(i), fmt.Sprintf("ok-%d", i)), ev(int64(i), "pair"))...)
			}
			before := readAll(t, s, model.ReadSpec{GroupID: 1})

			inj.armed.Store(true)
			failed := []model.LogEvent{ev(5, "failed-a"), ev(6, "failed-b"), ev(7, "failed-c")}
			_, err := s.Append(context.Background(), 1, 1, 100, failed)
			if !errors.Is(err, model.ErrUnavailable) {
				t.Fatalf("Append = %v, want ErrUnavailable", err)
			}
			if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != len(before) {
				t.Fatalf("failed batch visible: %d events, had %d", len(got), len(before))
			}
			inj.armed.Store(false)
			if _, err := s.Append(context.Background(), 1, 1, 100, []model.LogEvent{ev(9, "refused")}); !errors.Is(err, model.ErrUnavailable) {
				t.Fatalf("Append after failure = %v, want ErrUnavailable (fail-stop)", err)
			}
			if err := s.DeleteStream(context.Background(), 1, 0); !errors.Is(err, model.ErrUnavailable) {
				t.Fatalf("DeleteStream after failure = %v, want ErrUnavailable", err)
			}
			if got := readAll(t, s, model.ReadSpec{GroupID: 1}); len(got) != len(before) {
				t.Fatalf("failed delete removed events")
			}
			if !s.Stats().WAL.Failed {
				t.Fatalf("Stats().WAL.Failed not set")
			}
			closeStore(t, s)

			s = openStore(t, mem, Options{})
			defer closeStore(t, s)
			got := readAll(t, s, model.ReadSpec{GroupID: 1})
			var rest []model.StoredEvent
			for _, e := range got {
				if strings.HasPrefix(e.Message, "failed-") {
					rest = append(rest, e)
				}
			}
			wantFailed := 0
			if tc.failedOnDisk {
				wantFailed = len(failed)
			}
			if len(rest) != wantFailed {
				t.Fatalf("failed batch appears with %d events after reopen, want %d", len(rest), wantFailed)
			}
			checkSame(t, without(got, "failed-"), acked)
			// The store works again and Seqs stay unique.
			out := mustAppend(t, s, 1, 1, 100, ev(50, "after reopen"))
			for _, e := range got {
				if e.Seq >= out[0].Seq {
					t.Fatalf("Seq %d reused after reopen", out[0].Seq)
				}
			}
		})
	}
}

func without(events []model.StoredEvent, prefix string) []model.StoredEvent {
	var out []model.StoredEvent
	for _, e := range events {
		if !strings.HasPrefix(e.Message, prefix) {
			out = append(out, e)
		}
	}
	return out
}

// TestIOFailureOnOpen checks that a store that cannot read its WAL does not
// open.
func TestIOFailureOnOpen(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, Options{})
	mustAppend(t, s, 1, 1, 0, ev(1, "x"))
	closeStore(t, s)
	efs := vfs.NewErrorFS(mem, vfs.InjectorFunc(func(op vfs.Op, _ string) error {
		if op == vfs.OpReadAt {
			return syscall.EIO
		}
		return nil
	}))
	if _, err := Open(context.Background(), efs, testDir, Options{}); !errors.Is(err, syscall.EIO) {
		t.Fatalf("Open = %v, want EIO", err)
	}
}

// TestPowerLoss drops everything not fsync'd (MemFS.CrashClone) at random
// moments and checks that acknowledged events survive.
func TestPowerLoss(t *testing.T) {
	for round := range 5 {
		mem := vfs.NewMem()
		s := openStore(t, mem, Options{SegmentSize: 2048})
		var acked []model.StoredEvent
		for i := range 20 + round*13 {
			acked = append(acked, mustAppend(t, s, 1, int64(i%4), 0, ev(int64(i*7%11), fmt.Sprintf("r%d-%d", round, i)))...)
			if i%9 == 8 {
				if err := s.DeleteStream(context.Background(), 1, int64(i%4)); err != nil {
					t.Fatal(err)
				}
				acked = readAll(t, s, model.ReadSpec{GroupID: 1})
			}
		}
		crashed := mem.CrashClone()
		closeStore(t, s)
		s = openStore(t, crashed, Options{SegmentSize: 2048})
		checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), acked)
		closeStore(t, s)
	}
}
