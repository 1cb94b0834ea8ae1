package wal

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

// faultInjector fails the operations a test arms, once armed.
type faultInjector struct {
	armed atomic.Bool
	fail  func(op vfs.Op, path string) error
}

func (f *faultInjector) MaybeError(op vfs.Op, path string) error {
	if !f.armed.Load() {
		return nil
	}
	return f.fail(op, path)
}

// TestFailStop checks that after a write or sync failure the failed record
// is not acknowledged, the log refuses further appends, nothing acknowledged
// before is lost, and the failed record appears at most once after reopen.
func TestFailStop(t *testing.T) {
	tests := []struct {
		name string
		fail func(op vfs.Op, path string) error
		// cause is what the append error must wrap.
		cause error
		// failedSurvives says whether the failed record is on disk after
		// reopening: it is when the write completed and only the fsync
		// failed.
		failedSurvives bool
	}{
		{
			name: "disk full on write",
			fail: func(op vfs.Op, _ string) error {
				if op.IsWrite() {
					return syscall.ENOSPC
				}
				return nil
			},
			cause: syscall.ENOSPC,
		},
		{
			name: "short write",
			fail: func(op vfs.Op, _ string) error {
				if op.IsWrite() {
					return &vfs.ShortWriteError{N: 5, Err: syscall.ENOSPC}
				}
				return nil
			},
			cause: syscall.ENOSPC,
		},
		{
			name: "fsync error",
			fail: func(op vfs.Op, path string) error {
				if op == vfs.OpSync && strings.HasSuffix(path, segmentSuffix) {
					return syscall.EIO
				}
				return nil
			},
			cause:          syscall.EIO,
			failedSurvives: true,
		},
		{
			name: "cannot create next segment",
			fail: func(op vfs.Op, _ string) error {
				if op == vfs.OpCreate {
					return syscall.ENOSPC
				}
				return nil
			},
			cause: syscall.ENOSPC,
		},
		{
			name: "directory sync error on roll",
			fail: func(op vfs.Op, path string) error {
				if op == vfs.OpSync && path == testDir {
					return syscall.EIO
				}
				return nil
			},
			cause: syscall.EIO,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := vfs.NewMem()
			inj := &faultInjector{fail: tc.fail}
			const segSize = 200
			w := openWAL(t, vfs.NewErrorFS(mem, inj), Options{SegmentSize: segSize})
			var acked []rec
			// Fill the first segment exactly, so the next append rolls and
			// every fault kind has a chance to fire.
			for i := range 3 {
				p := payloadOf(i, 56)
				acked = append(acked, rec{mustAppend(t, w, p), p})
			}
			if w.Stats().Size != segSize {
				t.Fatalf("setup: segment size %d", w.Stats().Size)
			}
			inj.armed.Store(true)
			failed := payloadOf(99, 56)
			_, err := w.Append(context.Background(), []byte(failed))
			if !errors.Is(err, ErrFailed) || !errors.Is(err, tc.cause) {
				t.Fatalf("failed append = %v, want ErrFailed wrapping %v", err, tc.cause)
			}
			inj.armed.Store(false)
			if _, err := w.Append(context.Background(), []byte("later")); !errors.Is(err, ErrFailed) {
				t.Fatalf("append after failure = %v, want ErrFailed", err)
			}
			if !w.Stats().Failed {
				t.Fatalf("Stats.Failed not set")
			}
			if err := w.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}

			w = openWAL(t, mem, Options{SegmentSize: segSize})
			defer closeWAL(t, w)
			got := replayAll(t, w)
			if len(got) < len(acked) || !equalRecs(got[:len(acked)], acked) {
				t.Fatalf("acknowledged records lost: got %v", got)
			}
			rest := got[len(acked):]
			switch {
			case tc.failedSurvives && (len(rest) != 1 || rest[0].payload != failed):
				t.Fatalf("after reopen: %v, want the written record once", rest)
			case !tc.failedSurvives && len(rest) != 0:
				t.Fatalf("after reopen: unexpected records %v", rest)
			}
			mustAppend(t, w, "recovered")
		})
	}
}

// TestFailStopPendingBatch checks that records queued behind a failing
// batch fail too.
func TestFailStopPendingBatch(t *testing.T) {
	mem := vfs.NewMem()
	release := make(chan struct{})
	var syncs atomic.Int32
	inj := vfs.InjectorFunc(func(op vfs.Op, path string) error {
		if op == vfs.OpSync && strings.HasSuffix(path, segmentSuffix) && syncs.Add(1) == 1 {
			<-release
			return syscall.EIO
		}
		return nil
	})
	w := openWAL(t, vfs.NewErrorFS(mem, inj), Options{})
	first := w.Submit([]byte("first"))
	// Wait until the writer is inside the failing fsync, then queue more.
	for syncs.Load() == 0 {
		time.Sleep(100 * time.Microsecond)
	}
	second := w.Submit([]byte("second"))
	close(release)
	for _, p := range []Pending{first, second} {
		if _, err := p.Wait(context.Background()); !errors.Is(err, syscall.EIO) {
			t.Fatalf("Wait = %v, want EIO", err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestGroupCommit checks that concurrent appenders share fsyncs.
func TestGroupCommit(t *testing.T) {
	slow := vfs.InjectorFunc(func(op vfs.Op, _ string) error {
		if op == vfs.OpSync {
			time.Sleep(2 * time.Millisecond)
		}
		return nil
	})
	w := openWAL(t, vfs.NewErrorFS(vfs.NewMem(), slow), Options{})
	defer closeWAL(t, w)
	const appenders, each = 64, 8
	var wg sync.WaitGroup
	for range appenders {
		wg.Go(func() {
			for range each {
				if _, err := w.Append(context.Background(), []byte("payload")); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	st := w.Stats()
	if st.Records != appenders*each {
		t.Fatalf("records = %d", st.Records)
	}
	if st.Fsyncs > st.Records/4 {
		t.Fatalf("%d fsyncs for %d appends: group commit is not batching", st.Fsyncs, st.Records)
	}
	if st.FsyncTotal < time.Duration(st.Fsyncs)*2*time.Millisecond || st.FsyncMax < 2*time.Millisecond {
		t.Fatalf("fsync latency not recorded: %+v", st)
	}
	var bucketed uint64
	for _, n := range st.FsyncBuckets {
		bucketed += n
	}
	if bucketed != st.Fsyncs {
		t.Fatalf("buckets hold %d syncs, want %d", bucketed, st.Fsyncs)
	}
	t.Logf("%d appends, %d batches, %d fsyncs", st.Records, st.Batches, st.Fsyncs)
}

func TestFsyncBuckets(t *testing.T) {
	var s fsyncStats
	bounds := FsyncBucketBounds()
	s.observe(bounds[0])
	s.observe(bounds[0] + 1)
	s.observe(10 * time.Second)
	if s.buckets[0] != 1 || s.buckets[1] != 1 || s.buckets[len(bounds)] != 1 {
		t.Fatalf("buckets = %v", s.buckets)
	}
	if s.count != 3 || s.max != 10*time.Second {
		t.Fatalf("stats = %+v", s)
	}
}
