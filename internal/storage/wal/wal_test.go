package wal

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/storage/vfs"
)

const testDir = "/wal"

type rec struct {
	lsn     LSN
	payload string
}

func openWAL(t testing.TB, fsys vfs.FS, opts Options) *WAL {
	t.Helper()
	w, err := Open(fsys, testDir, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return w
}

func closeWAL(t testing.TB, w *WAL) {
	t.Helper()
	if err := w.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
}

func mustAppend(t testing.TB, w *WAL, payload string) LSN {
	t.Helper()
	lsn, err := w.Append(context.Background(), []byte(payload))
	if err != nil {
		t.Fatalf("Append(%q): %v", payload, err)
	}
	return lsn
}

func replayAll(t testing.TB, w *WAL) []rec {
	t.Helper()
	var out []rec
	err := w.Replay(func(lsn LSN, p []byte) error {
		out = append(out, rec{lsn, string(p)})
		return nil
	})
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	return out
}

func payloadOf(i int, size int) string {
	s := fmt.Sprintf("record-%05d-", i)
	for len(s) < size {
		s += "x"
	}
	return s
}

func TestAppendReplay(t *testing.T) {
	tests := []struct {
		name        string
		segmentSize int64
		n, size     int
		minSegments int
	}{
		{"one segment", 0, 100, 50, 1},
		{"many segments", 256, 100, 50, 20},
		{"record larger than segment", 32, 5, 100, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := vfs.NewMem()
			opts := Options{SegmentSize: tc.segmentSize}
			w := openWAL(t, m, opts)
			var want []rec
			for i := range tc.n {
				p := payloadOf(i, tc.size)
				want = append(want, rec{mustAppend(t, w, p), p})
			}
			for i := 1; i < len(want); i++ {
				if want[i].lsn <= want[i-1].lsn {
					t.Fatalf("LSN %v after %v", want[i].lsn, want[i-1].lsn)
				}
			}
			if got := replayAll(t, w); !equalRecs(got, want) {
				t.Fatalf("replay before close differs")
			}
			st := w.Stats()
			closeWAL(t, w)
			if st.Segments < tc.minSegments || st.Records != uint64(tc.n) {
				t.Fatalf("stats = %+v", st)
			}
			if size := dirSize(t, m); st.Size != size {
				t.Fatalf("Stats.Size = %d, files hold %d", st.Size, size)
			}

			w = openWAL(t, m, opts)
			defer closeWAL(t, w)
			if got := replayAll(t, w); !equalRecs(got, want) {
				t.Fatalf("replay after reopen: got %d records, want %d", len(got), len(want))
			}
			if st := w.Stats(); st.TornTails != 0 || st.Size != dirSize(t, m) {
				t.Fatalf("stats after reopen = %+v", st)
			}
			// Appends continue after the existing records.
			p := payloadOf(tc.n, tc.size)
			want = append(want, rec{mustAppend(t, w, p), p})
			if got := replayAll(t, w); !equalRecs(got, want) {
				t.Fatalf("replay after append differs")
			}
		})
	}
}

func equalRecs(a, b []rec) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func dirSize(t testing.TB, fsys vfs.FS) int64 {
	t.Helper()
	names, err := fsys.List(testDir)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	for _, name := range names {
		if _, ok := parseSegmentName(name); !ok {
			continue // a spare segment holds no records
		}
		fi, err := fsys.Stat(filepath.Join(testDir, name))
		if err != nil {
			t.Fatal(err)
		}
		n += fi.Size()
	}
	return n
}

func TestConcurrentAppends(t *testing.T) {
	m := vfs.NewMem()
	w := openWAL(t, m, Options{SegmentSize: 4096})
	const workers, each = 16, 40
	var mu sync.Mutex
	acked := map[string]LSN{}
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := range each {
				p := fmt.Sprintf("w%02d-%03d", g, i)
				lsn, err := w.Append(context.Background(), []byte(p))
				if err != nil {
					t.Errorf("Append: %v", err)
					return
				}
				mu.Lock()
				acked[p] = lsn
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	closeWAL(t, w)
	w = openWAL(t, m, Options{SegmentSize: 4096})
	defer closeWAL(t, w)
	got := replayAll(t, w)
	if len(got) != workers*each {
		t.Fatalf("replayed %d records, want %d", len(got), workers*each)
	}
	last := map[int]int{}
	for i, r := range got {
		if acked[r.payload] != r.lsn {
			t.Fatalf("record %q at %v, acknowledged at %v", r.payload, r.lsn, acked[r.payload])
		}
		if i > 0 && r.lsn <= got[i-1].lsn {
			t.Fatalf("replay out of LSN order")
		}
		// Each worker's records are replayed in the order it appended them.
		var g, n int
		if _, err := fmt.Sscanf(r.payload, "w%02d-%03d", &g, &n); err != nil {
			t.Fatal(err)
		}
		if prev, ok := last[g]; ok && n != prev+1 {
			t.Fatalf("worker %d: record %d after %d", g, n, prev)
		}
		last[g] = n
	}
}

func TestSubmitOrder(t *testing.T) {
	w := openWAL(t, vfs.NewMem(), Options{SegmentSize: 100})
	defer closeWAL(t, w)
	var ps []Pending
	for i := range 20 {
		ps = append(ps, w.Submit([]byte(payloadOf(i, 30))))
	}
	var prev LSN
	for i, p := range ps {
		lsn, err := p.Wait(context.Background())
		if err != nil {
			t.Fatalf("Wait: %v", err)
		}
		if i > 0 && lsn <= prev {
			t.Fatalf("LSN %v not after %v", lsn, prev)
		}
		prev = lsn
	}
	got := replayAll(t, w)
	for i, r := range got {
		if r.payload != payloadOf(i, 30) {
			t.Fatalf("record %d = %q", i, r.payload)
		}
	}
}

func TestInvalidAndClosed(t *testing.T) {
	w := openWAL(t, vfs.NewMem(), Options{})
	ctx := context.Background()
	if _, err := w.Append(ctx, nil); !errors.Is(err, ErrInvalidRecord) {
		t.Fatalf("empty payload: %v", err)
	}
	if _, err := w.Append(ctx, make([]byte, MaxPayloadSize+1)); !errors.Is(err, ErrInvalidRecord) {
		t.Fatalf("huge payload: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := w.Append(cctx, []byte("x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: %v", err)
	}
	if st := w.Stats(); st.Records != 0 {
		t.Fatalf("rejected appends were written: %+v", st)
	}
	closeWAL(t, w)
	if _, err := w.Append(ctx, []byte("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("append after close: %v", err)
	}
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second close: %v", err)
	}
}

func TestOptions(t *testing.T) {
	for _, size := range []int64{-1, 10, 2 << 30} {
		if _, err := Open(vfs.NewMem(), testDir, Options{SegmentSize: size}); err == nil {
			t.Errorf("segment size %d accepted", size)
		}
	}
}

func TestCloseFlushesQueued(t *testing.T) {
	m := vfs.NewMem()
	w := openWAL(t, m, Options{})
	var ps []Pending
	for i := range 50 {
		ps = append(ps, w.Submit([]byte(payloadOf(i, 10))))
	}
	closeWAL(t, w)
	for _, p := range ps {
		if _, err := p.Wait(context.Background()); err != nil {
			t.Fatalf("queued record failed on Close: %v", err)
		}
	}
	w = openWAL(t, m, Options{})
	defer closeWAL(t, w)
	if got := replayAll(t, w); len(got) != 50 {
		t.Fatalf("replayed %d records, want 50", len(got))
	}
}

func TestReplayCallbackError(t *testing.T) {
	w := openWAL(t, vfs.NewMem(), Options{})
	defer closeWAL(t, w)
	mustAppend(t, w, "a")
	mustAppend(t, w, "b")
	stop := errors.New("stop")
	calls := 0
	err := w.Replay(func(LSN, []byte) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Fatalf("Replay = %v after %d calls", err, calls)
	}
}

// TestCrashClone simulates power loss at random moments during concurrent
// appends: every record acknowledged before the crash must survive, each
// exactly once.
func TestCrashClone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 10 {
		m := vfs.NewMem()
		w := openWAL(t, m, Options{SegmentSize: 512})
		var mu sync.Mutex
		acked := map[string]bool{}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Go(func() {
				for i := 0; ctx.Err() == nil; i++ {
					p := fmt.Sprintf("r%d-w%d-%d", round, g, i)
					if _, err := w.Append(context.Background(), []byte(p)); err != nil {
						t.Errorf("Append: %v", err)
						return
					}
					mu.Lock()
					acked[p] = true
					mu.Unlock()
				}
			})
		}
		for {
			mu.Lock()
			n := len(acked)
			mu.Unlock()
			if n >= 20+rng.IntN(200) {
				break
			}
			time.Sleep(50 * time.Microsecond)
		}
		mu.Lock()
		before := make(map[string]bool, len(acked))
		for p := range acked {
			before[p] = true
		}
		mu.Unlock()
		crashed := m.CrashClone()
		cancel()
		wg.Wait()
		closeWAL(t, w)

		w2 := openWAL(t, crashed, Options{SegmentSize: 512})
		seen := map[string]bool{}
		for _, r := range replayAll(t, w2) {
			if seen[r.payload] {
				t.Fatalf("round %d: %q replayed twice", round, r.payload)
			}
			seen[r.payload] = true
		}
		for p := range before {
			if !seen[p] {
				t.Fatalf("round %d: acknowledged record %q lost", round, p)
			}
		}
		mustAppend(t, w2, "after-crash")
		closeWAL(t, w2)
	}
}
