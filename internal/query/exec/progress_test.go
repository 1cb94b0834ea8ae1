package exec

import (
	"context"
	"fmt"
	"io"
	"sync"
	"testing"
)

// gatedSource yields its batches one at a time, each only once the test
// opens the gate for it, so a snapshot can be taken between batches.
type gatedSource struct {
	batches [][]Event
	gate    chan struct{}
	pulled  chan int
	n       int
}

func (s *gatedSource) Next(ctx context.Context) ([]Event, error) {
	if s.n == len(s.batches) {
		return nil, io.EOF
	}
	select {
	case <-s.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	b := s.batches[s.n]
	s.n++
	s.pulled <- s.n
	return b, nil
}

func TestProgressSnapshots(t *testing.T) {
	evs := numberedEvents(30)
	cases := []struct {
		query string
		// after the first batch of 10 events, and at the end
		partial, final string
	}{
		{"stats count(*) as n, sum(i) as s, pct(i, 50) as p", "[[{n 10} {s 45} {p 4}]]", "[[{n 30} {s 435} {p 14}]]"},
		{"fields i | sort i desc | limit 2", "[[{i 9} {@ptr p9}] [{i 8} {@ptr p8}]]", "[[{i 29} {@ptr p29}] [{i 28} {@ptr p28}]]"},
		{"filter i < 2 | fields i, i * 2 as d", "[[{i 1} {d 2} {@ptr p1}] [{i 0} {d 0} {@ptr p0}]]", "[[{i 1} {d 2} {@ptr p1}] [{i 0} {d 0} {@ptr p0}]]"},
		{"stats count(*) as n by bin(10s) | sort n desc | limit 1", "[[{bin(10s) 2023-11-14 22:13:20.000} {n 10}]]", "[[{bin(10s) 2023-11-14 22:13:20.000} {n 10}]]"},
	}
	for _, c := range cases {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s/%d", c.query, workers), func(t *testing.T) {
				src := &gatedSource{batches: [][]Event{evs[:10], evs[10:20], evs[20:]}, gate: make(chan struct{}), pulled: make(chan int, 3)}
				var progress Progress
				if progress.Snapshot() != nil {
					t.Fatal("a snapshot before the query started")
				}
				var (
					res *Result
					err error
					wg  sync.WaitGroup
				)
				wg.Go(func() {
					res, err = Exec(context.Background(), mustParse(t, c.query), src, Options{Concurrency: workers, Run: runAll, Progress: &progress})
				})
				src.gate <- struct{}{}
				<-src.pulled
				// The worker that pulled the first batch holds its lock
				// until it is processed; the snapshot waits for it.
				var snap *Result
				for snap == nil || snap.Stats.RecordsScanned < 10 {
					snap = progress.Snapshot()
				}
				if got := fmt.Sprint(snap.Rows); got != c.partial {
					t.Errorf("partial rows %s, want %s", got, c.partial)
				}
				if snap.Stats.RecordsScanned != 10 {
					t.Errorf("partial stats %+v", snap.Stats)
				}
				close(src.gate)
				wg.Wait()
				if err != nil {
					t.Fatal(err)
				}
				if got := fmt.Sprint(res.Rows); got != c.final {
					t.Errorf("final rows %s, want %s", got, c.final)
				}
				if progress.Snapshot() != nil {
					t.Error("a snapshot after the query ended")
				}
			})
		}
	}
}

func runAll(tasks []func()) {
	var wg sync.WaitGroup
	for _, t := range tasks {
		wg.Go(t)
	}
	wg.Wait()
}
