package bench

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// sendFunc delivers one batch of one stream and returns once the server
// has acknowledged it.
type sendFunc func(ctx context.Context, stream int, batch []Event) error

// IngestResult is what one ingest run measured.
type IngestResult struct {
	Events int64
	Bytes  int64 // message bytes
	// Wall runs from the first request to the last acknowledgement.
	Wall time.Duration
	// ClientCPU is the CPU time this process used during Wall; ServerCPU
	// the server's.
	ClientCPU, ServerCPU time.Duration
}

// ingest sends the corpus with the given number of concurrent clients.
// Stream i belongs to client i%clients, which sends each of its streams'
// batches in order, taking its streams in turn so that all streams move
// forward in time together, as live shippers do. serverPID is the process
// whose CPU time is measured.
func ingest(ctx context.Context, c *Corpus, clients, serverPID int, send sendFunc) (IngestResult, error) {
	type work struct {
		stream  int
		batches [][]Event
	}
	perClient := make([][]work, clients)
	var res IngestResult
	for i, events := range c.Streams {
		b := splitBatches(events)
		perClient[i%clients] = append(perClient[i%clients], work{stream: i, batches: b})
		res.Events += int64(len(events))
	}
	res.Bytes = c.RawBytes

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	cpu0, err := selfCPU()
	if err != nil {
		return res, err
	}
	srv0, err := processCPU(serverPID)
	if err != nil {
		return res, err
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, ws := range perClient {
		wg.Go(func() {
			for round := 0; ; round++ {
				sent := false
				for _, w := range ws {
					if round >= len(w.batches) {
						continue
					}
					sent = true
					if err := send(ctx, w.stream, w.batches[round]); err != nil {
						cancel(fmt.Errorf("cannot send batch %d of stream %s: %w", round, StreamName(w.stream), err))
						return
					}
				}
				if !sent {
					return
				}
			}
		})
	}
	wg.Wait()
	res.Wall = time.Since(start)
	if err := context.Cause(ctx); err != nil {
		return res, err
	}
	cpu1, err := selfCPU()
	if err != nil {
		return res, err
	}
	srv1, err := processCPU(serverPID)
	if err != nil {
		return res, err
	}
	res.ClientCPU, res.ServerCPU = cpu1-cpu0, srv1-srv0
	return res, nil
}
