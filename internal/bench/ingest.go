package bench

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// prepareFunc builds the request of one batch of one stream and returns
// what sends it: a func that returns once the server has acknowledged
// the batch.
type prepareFunc func(ctx context.Context, stream int, batch []Event) (func() error, error)

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
// forward in time together, as live shippers do. Every request is built
// (encoded, and signed where the protocol signs) before the clock starts:
// on a machine shared with the server, the clients' encoding would
// otherwise take CPU from the server being measured, more from one whose
// protocol costs the client more. serverPID is the process whose CPU time
// is measured.
func ingest(ctx context.Context, c *Corpus, clients, serverPID int, prepare prepareFunc) (IngestResult, error) {
	type work struct {
		stream int
		sends  []func() error
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	perClient := make([][]work, clients)
	var res IngestResult
	for i, events := range c.Streams {
		w := work{stream: i}
		for _, b := range splitBatches(events) {
			send, err := prepare(ctx, i, b)
			if err != nil {
				return res, fmt.Errorf("cannot prepare a batch of stream %s: %w", StreamName(i), err)
			}
			w.sends = append(w.sends, send)
		}
		perClient[i%clients] = append(perClient[i%clients], w)
		res.Events += int64(len(events))
	}
	res.Bytes = c.RawBytes

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
					if round >= len(w.sends) {
						continue
					}
					sent = true
					err := w.sends[round]()
					// The request and its body are garbage once answered.
					w.sends[round] = nil
					if err != nil {
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
	// The spent requests are garbage now: collected here, they do not
	// bring the client's collector into the timed queries that follow.
	runtime.GC()
	return res, nil
}
