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
	wantBatches := 0
	for _, events := range c.Streams {
		wantBatches += len(splitBatches(events))
	}
	var mu sync.Mutex
	got := make([][]Event, len(c.Streams))
	prepared := 0
	res, err := ingest(context.Background(), c, 3, os.Getpid(), func(_ context.Context, stream int, batch []Event) (func() error, error) {
		prepared++
		return func() error {
			mu.Lock()
			defer mu.Unlock()
			if prepared != wantBatches {
				t.Errorf("a batch was sent after %d of %d were prepared", prepared, wantBatches)
			}
			got[stream] = append(got[stream], batch...)
			return nil
		}, nil
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
	_, err := ingest(context.Background(), c, 2, os.Getpid(), func(ctx context.Context, stream int, _ []Event) (func() error, error) {
		return func() error {
			mu.Lock()
			calls++
			mu.Unlock()
			if stream == 1 {
				return boom
			}
			return ctx.Err()
		}, nil
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), StreamName(1)) {
		t.Fatalf("ingest error = %v, want the send error naming its stream", err)
	}
	if calls >= 4*len(splitBatches(c.Streams[0])) {
		t.Fatalf("%d sends after a failure; the other clients must stop", calls)
	}
}

func TestIngestStopsWhenABatchCannotBePrepared(t *testing.T) {
	c := testCorpus(t, 2, 5000, 2)
	boom := errors.New("cannot sign")
	sent := 0
	_, err := ingest(context.Background(), c, 2, os.Getpid(), func(_ context.Context, stream int, _ []Event) (func() error, error) {
		if stream == 1 {
			return nil, boom
		}
		return func() error { sent++; return nil }, nil
	})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), StreamName(1)) {
		t.Fatalf("ingest error = %v, want the prepare error naming its stream", err)
	}
	if sent != 0 {
		t.Fatalf("%d batches sent although the corpus could not be prepared", sent)
	}
}

// sendNow prepares one batch and sends it at once.
func sendNow(prepare prepareFunc, stream int, batch []Event) error {
	send, err := prepare(context.Background(), stream, batch)
	if err != nil {
		return err
	}
	return send()
}
