package logstore

import (
	"context"
	"runtime"
	"slices"
	"sync"

	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// A filtering Read usually goes through many blocks to find few events,
// one block at a time as the merge reaches it. The prefetcher decodes the
// blocks the merge will reach next on other goroutines, a bounded window
// ahead, so that the merge finds them ready.

// blockRef names a block of a part.
type blockRef struct {
	part  *part
	block int
}

// decoded is the outcome of decoding one block: nil when its filters rule
// it out.
type decoded struct {
	b   *colblock.Block
	err error
}

// prefetcher decodes blocks in the order a read will open them.
type prefetcher struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	order  map[blockRef]int // position in the opening order
	slots  []chan decoded   // one result per position
	window chan struct{}    // bounds the decoded blocks not yet taken

	mu    sync.Mutex
	state []uint8 // per position: pending, dispatched or taken
}

// States of a block of the prefetcher.
const (
	blockPending    = iota // not started
	blockDispatched        // a worker decodes it
	blockTaken             // the read has it, or decodes it itself
)

// newPrefetcher starts decoding the blocks of srcs, which are the block
// sources of a read, in the order their keys will reach the top of the
// merge, on up to workers goroutines and at most window blocks ahead of
// the read. decode returns a block's columns, or nil when it is ruled out.
func newPrefetcher(ctx context.Context, srcs []source, desc bool, workers, window int, decode func(context.Context, *part, int) (*colblock.Block, error)) *prefetcher {
	var refs []source
	for _, s := range srcs {
		if s.part != nil {
			refs = append(refs, s)
		}
	}
	slices.SortStableFunc(refs, func(a, b source) int {
		switch {
		case before(&a.key, &b.key):
			if desc {
				return 1
			}
			return -1
		case before(&b.key, &a.key):
			if desc {
				return -1
			}
			return 1
		}
		return 0
	})
	ctx, cancel := context.WithCancel(ctx)
	pf := &prefetcher{ctx: ctx, cancel: cancel, order: make(map[blockRef]int, len(refs)),
		slots: make([]chan decoded, len(refs)), window: make(chan struct{}, window), state: make([]uint8, len(refs))}
	for i, s := range refs {
		pf.order[blockRef{s.part, s.block}] = i
		pf.slots[i] = make(chan decoded, 1)
	}
	jobs := make(chan int)
	pf.wg.Go(func() {
		defer close(jobs)
		for i := range refs {
			select {
			case pf.window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			pf.mu.Lock()
			start := pf.state[i] == blockPending
			if start {
				pf.state[i] = blockDispatched
			}
			pf.mu.Unlock()
			if !start {
				<-pf.window // the read took it first
				continue
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	})
	for range min(workers, len(refs)) {
		pf.wg.Go(func() {
			for i := range jobs {
				b, err := decode(ctx, refs[i].part, refs[i].block)
				pf.slots[i] <- decoded{b: b, err: err}
			}
		})
	}
	return pf
}

// take returns the decoded block, waiting for a worker that decodes it;
// ok is false when no worker has started on it (the read opens blocks in
// an order a little different from the one foreseen when keys tie), and
// the caller decodes it itself.
func (pf *prefetcher) take(p *part, block int) (d decoded, ok bool) {
	i, ok := pf.order[blockRef{p, block}]
	if !ok {
		return decoded{}, false
	}
	pf.mu.Lock()
	was := pf.state[i]
	pf.state[i] = blockTaken
	pf.mu.Unlock()
	if was != blockDispatched {
		return decoded{}, false
	}
	select {
	case d = <-pf.slots[i]:
	case <-pf.ctx.Done():
		return decoded{err: pf.ctx.Err()}, true
	}
	<-pf.window
	return d, true
}

// takeIf is take on a prefetcher that may be nil.
func (pf *prefetcher) takeIf(p *part, block int) (decoded, bool) {
	if pf == nil {
		return decoded{}, false
	}
	return pf.take(p, block)
}

// stop ends the prefetching and waits for its goroutines.
func (pf *prefetcher) stop() {
	pf.cancel()
	pf.wg.Wait()
}

// readPrefetchWorkers is how many goroutines decode ahead of a filtering
// read.
func readPrefetchWorkers() int { return runtime.GOMAXPROCS(0) }
