package logstore

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
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

// TestIOFailure injects disk-level failures into Append, with half of the
// events already flushed to parts, and checks the contract: the failing Append reports ErrUnavailable and shows nothing, the
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
			s := openStore(t, vfs.NewErrorFS(mem, inj), manualOpts())
			var acked []model.StoredEvent
			for i := range 20 {
				acked = append(acked, mustAppend(t, s, 1, int64(i%3), 100, ev(int64(i), fmt.Sprintf("ok-%d", i)), ev(int64(i), "pair"))...)
				if i == 9 {
					// Half of the events are in parts when the WAL fails.
					if err := s.Flush(t.Context()); err != nil {
						t.Fatal(err)
					}
				}
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
			if err := s.Flush(t.Context()); !errors.Is(err, model.ErrUnavailable) {
				t.Fatalf("Flush after failure = %v, want ErrUnavailable", err)
			}
			// Close does not flush a failed store: the WAL keeps the
			// events for the next Open.
			closeStore(t, s)

			s = openStore(t, mem, manualOpts())
			defer closeStore(t, s)
			if st := s.Stats(); st.Parts == 0 || st.MemtableEvents == 0 {
				t.Fatalf("reopened store holds no parts or replayed nothing: %+v", st)
			}
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
		opts := manualOpts()
		opts.SegmentSize = 2048
		s := openStore(t, mem, opts)
		var acked []model.StoredEvent
		for i := range 20 + round*13 {
			acked = append(acked, mustAppend(t, s, 1, int64(i%4), 0, ev(int64(i*7%11), fmt.Sprintf("r%d-%d", round, i)))...)
			if i%7 == 6 {
				if err := s.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			if i%9 == 8 {
				if err := s.DeleteStream(context.Background(), 1, int64(i%4)); err != nil {
					t.Fatal(err)
				}
				acked = readAll(t, s, model.ReadSpec{GroupID: 1})
			}
		}
		crashed := mem.CrashClone()
		closeStore(t, s)
		s = openStore(t, crashed, opts)
		checkSame(t, readAll(t, s, model.ReadSpec{GroupID: 1}), acked)
		closeStore(t, s)
	}
}

// partFaults are failures of the part and manifest files, which flushes
// and merges write; the WAL is left alone.
var partFaults = []struct {
	name string
	fail func(op vfs.Op, path string) error
}{
	{"disk full writing a part", func(op vfs.Op, path string) error {
		if op.IsWrite() && strings.Contains(path, "/parts/") {
			return syscall.ENOSPC
		}
		return nil
	}},
	{"short write of a part", func(op vfs.Op, path string) error {
		if op.IsWrite() && strings.Contains(path, "/parts/") {
			return &vfs.ShortWriteError{N: 11, Err: syscall.ENOSPC}
		}
		return nil
	}},
	{"fsync error on a part", func(op vfs.Op, path string) error {
		if op == vfs.OpSync && strings.Contains(path, "/parts/") {
			return syscall.EIO
		}
		return nil
	}},
	{"index file cannot be created", func(op vfs.Op, path string) error {
		if op == vfs.OpCreate && strings.Contains(path, ".index") {
			return syscall.ENOSPC
		}
		return nil
	}},
	{"manifest write fails", func(op vfs.Op, path string) error {
		if op.IsWrite() && strings.Contains(path, manifestName) {
			return syscall.ENOSPC
		}
		return nil
	}},
	{"manifest rename fails", func(op vfs.Op, path string) error {
		if op == vfs.OpRename && strings.Contains(path, manifestName) {
			return syscall.EIO
		}
		return nil
	}},
}

// TestFlushFailure injects failures into flushes and checks that the
// flush reports ErrUnavailable, removes what it wrote, keeps the events
// visible from the memtable, retries successfully once the disk is well,
// and that nothing is lost or doubled across a reopen, whether the retry
// happened or not.
func TestFlushFailure(t *testing.T) {
	for _, tc := range partFaults {
		for _, retry := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/retry=%v", tc.name, retry), func(t *testing.T) {
				mem := vfs.NewMem()
				inj := &armedInjector{fail: tc.fail}
				opts := manualOpts()
				s := openStore(t, vfs.NewErrorFS(mem, inj), opts)
				acked := appendDays(t, s, 20, 2, "a")
				if err := s.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
				good := partFiles(t, mem)
				acked = append(acked, appendDays(t, s, 20, 3, "b")...)
				want := readGroups(t, s)

				inj.armed.Store(true)
				err := s.Flush(t.Context())
				if !errors.Is(err, model.ErrUnavailable) {
					t.Fatalf("Flush = %v, want ErrUnavailable", err)
				}
				if st := s.Stats(); st.FlushErrors != 1 || st.MemtableEvents == 0 {
					t.Fatalf("after the failed flush: %+v", st)
				}
				if got := partFiles(t, mem); !slices.Equal(got, good) {
					t.Fatalf("part files after the failed flush %v, want %v", got, good)
				}
				noTempFiles(t, mem)
				if got := readGroups(t, s); !slices.Equal(got, want) {
					t.Fatalf("reads changed by the failed flush")
				}
				// Appends go on meanwhile.
				acked = append(acked, appendDays(t, s, 3, 1, "c")...)
				if retry {
					inj.armed.Store(false)
					if err := s.Flush(t.Context()); err != nil {
						t.Fatalf("retried Flush = %v", err)
					}
					if st := s.Stats(); st.MemtableEvents != 0 || st.Generations != 1 {
						t.Fatalf("after the retry: %+v", st)
					}
					closeStore(t, s)
				} else {
					// Close cannot flush either; the WAL keeps the events.
					if err := s.Close(); !errors.Is(err, model.ErrUnavailable) {
						t.Fatalf("Close = %v, want the flush failure", err)
					}
				}
				s = openStore(t, mem, opts)
				defer closeStore(t, s)
				checkSame(t, readGroups(t, s), acked)
				noTempFiles(t, mem)
			})
		}
	}
}

// TestMergeFailure injects failures into a merge and checks that the parts
// stay as they were, reads are unchanged, and the merge succeeds later.
func TestMergeFailure(t *testing.T) {
	for _, tc := range partFaults {
		t.Run(tc.name, func(t *testing.T) {
			mem := vfs.NewMem()
			inj := &armedInjector{fail: tc.fail}
			opts := manualOpts()
			s := openStore(t, vfs.NewErrorFS(mem, inj), opts)
			stopBackground(s) // no merge until the test asks
			var acked []model.StoredEvent
			for i := range 4 {
				acked = append(acked, appendDays(t, s, 10, 1, fmt.Sprint(i))...)
				if err := s.Flush(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			good := partFiles(t, mem)
			parts := s.Stats().Parts
			inj.armed.Store(true)
			if err := s.mergeAll(t.Context()); !errors.Is(err, model.ErrUnavailable) {
				t.Fatalf("mergeAll = %v, want ErrUnavailable", err)
			}
			if got := partFiles(t, mem); !slices.Equal(got, good) {
				t.Fatalf("part files after the failed merge %v, want %v", got, good)
			}
			noTempFiles(t, mem)
			if st := s.Stats(); st.Parts != parts || st.MergeErrors != 1 {
				t.Fatalf("after the failed merge: %+v", st)
			}
			checkSame(t, readGroups(t, s), acked)
			inj.armed.Store(false)
			if err := s.mergeAll(t.Context()); err != nil {
				t.Fatal(err)
			}
			if st := s.Stats(); st.Parts >= parts {
				t.Fatalf("merge did not reduce %d parts: %+v", parts, st)
			}
			checkSame(t, readGroups(t, s), acked)
			closeStore(t, s)
			s = openStore(t, mem, opts)
			defer closeStore(t, s)
			checkSame(t, readGroups(t, s), acked)
		})
	}
}

// TestPowerLossWithParts keeps the background flusher and merger busy and
// takes power-loss clones (MemFS.CrashClone) at random moments: each
// clone must open with exactly the events acknowledged and not deleted
// before it was taken.
func TestPowerLossWithParts(t *testing.T) {
	mem := vfs.NewMem()
	s := openStore(t, mem, busyOpts())
	defer closeStore(t, s)
	rng := rand.New(rand.NewPCG(5, 6))
	var acked []model.StoredEvent
	for i := range 400 {
		stream := int64(rng.IntN(4))
		acked = append(acked, mustAppend(t, s, 1, stream, 0, ev(rng.Int64N(3*dayMillis), fmt.Sprintf(`{"i":%d,"trace":"%x"}`, i, rng.Uint64())))...)
		if i%97 == 96 {
			if err := s.DeleteStream(t.Context(), 1, stream); err != nil {
				t.Fatal(err)
			}
			acked = slices.DeleteFunc(acked, func(e model.StoredEvent) bool { return e.StreamID == stream })
		}
		if rng.IntN(40) == 0 {
			crashed := mem.CrashClone()
			c := openStore(t, crashed, manualOpts())
			checkSame(t, readAll(t, c, model.ReadSpec{GroupID: 1}), acked)
			closeStore(t, c)
		}
	}
	if st := s.Stats(); st.Flushes == 0 {
		t.Fatalf("no flush happened: %+v", st)
	}
}

// noTempFiles requires that no write left a temporary file behind: a part
// written piece by piece is removed when its flush or merge fails.
func noTempFiles(t *testing.T, mem *vfs.MemFS) {
	t.Helper()
	for _, f := range files(t, mem, testDir) {
		if strings.HasSuffix(f, tempSuffix) {
			t.Fatalf("temporary file %s left behind", f)
		}
	}
}

// TestMergeReadFailure fails a merge while it reads its inputs, after its
// part has been started: the data it streamed is removed and the parts
// stay as they were.
func TestMergeReadFailure(t *testing.T) {
	mem := vfs.NewMem()
	inj := &armedInjector{fail: func(op vfs.Op, path string) error {
		if (op == vfs.OpReadAt || op == vfs.OpRead) && strings.HasSuffix(path, dataSuffix) {
			return syscall.EIO
		}
		return nil
	}}
	opts := manualOpts()
	s := openStore(t, vfs.NewErrorFS(mem, inj), opts)
	defer closeStore(t, s)
	stopBackground(s)
	var acked []model.StoredEvent
	for i := range 3 {
		acked = append(acked, appendDays(t, s, 10, 1, fmt.Sprint(i))...)
		if err := s.Flush(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	good := partFiles(t, mem)
	inj.armed.Store(true)
	if err := s.mergeAll(t.Context()); err == nil {
		t.Fatal("mergeAll succeeded while its inputs could not be read")
	}
	noTempFiles(t, mem)
	if got := partFiles(t, mem); !slices.Equal(got, good) {
		t.Fatalf("part files after the failed merge %v, want %v", got, good)
	}
	inj.armed.Store(false)
	checkSame(t, readGroups(t, s), acked)
}
