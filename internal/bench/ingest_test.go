package bench

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
)

func TestIngestSendsEveryEventOnceInOrder(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	c := testCorpus(t, 3, 30000, 5)
	var mu sync.Mutex
	got := make([][]Event, len(c.Streams))
	res, err := ingest(context.Background(), c, 3, os.Getpid(), func(_ context.Context, stream int, batch []Event) error {
		mu.Lock()
		defer mu.Unlock()
		got[stream] = append(got[stream], batch...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for s := range c.Streams {
		if len(got[s]) != len(c.Streams[s]) {
			t.Fatalf("stream %d: %d events sent, want %d", s, len(got[s]), len(c.Streams[s]))
		}
		for i := range got[s] {
			if got[s][i] != c.Streams[s][i] {
				t.Fatalf("stream %d: event %d sent out of order", s, i)
			}
		}
	}
	if res.Events != 30000 || res.Bytes != c.RawBytes || res.Wall <= 0 || res.ClientCPU < 0 || res.ServerCPU < 0 {
		t.Fatalf("IngestResult = %+v", res)
	}
}

func TestIngestStopsAtTheFirstError(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	c := testCorpus(t, 3, 50000, 4)
	boom := errors.New("server said no")
	var mu sync.Mutex
	calls := 0
	_, err := ingest(context.Background(), c, 2, os.Getpid(), func(ctx context.Context, stream int, _ []Event) error {
		mu.Lock()
		calls++
		mu.Unlock()
		if stream == 1 {
			return boom
		}
		return ctx.Err()
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), StreamName(1)) {
		t.Fatalf("ingest error = %v, want the send error naming its stream", err)
	}
	if calls >= 4*len(splitBatches(c.Streams[0])) {
		t.Fatalf("%d sends after a failure; the other clients must stop", calls)
	}
}
