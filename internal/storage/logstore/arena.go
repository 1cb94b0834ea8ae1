package logstore

import (
	"strings"
	"sync"
	"unsafe"

	"github.com/openwatch/openwatch/internal/memlimit"
	"github.com/openwatch/openwatch/internal/model"
)

// chunkSize is the size of the chunks a generation's messages are copied
// into. A message longer than a chunk gets memory of its own.
const chunkSize = 4 << 20

// chunkPool keeps the chunks of flushed generations for the generations
// that follow, so that sustained ingest copies its messages into memory
// already faulted in. When each request's messages stayed in the fresh
// memory the request decoder had put them in until their flush, writing
// that memory took about a fifth of the server's ingest CPU.
type chunkPool struct {
	mu   sync.Mutex
	free [][]byte
	max  int // chunks kept at most; the others are let go
	keep int // chunks kept now, at most max (see fit)
	// mapped holds the chunks that mapChunk made, by their first byte:
	// they go back to the kernel when let go, heap chunks to the
	// collector.
	mapped map[*byte]struct{}
	closed bool
}

// newChunkPool keeps up to bytes of chunks, and at least two.
func newChunkPool(bytes int64) *chunkPool {
	n := max(int(bytes/chunkSize), 2)
	return &chunkPool{max: n, keep: n, mapped: make(map[*byte]struct{})}
}

// fit bounds the chunks kept to about twice what a generation of the
// given message bytes took: a store gone quiet after a burst of ingest
// lets go of the burst's memory, one under load keeps all it may.
func (p *chunkPool) fit(bytes int64) {
	n := min(p.max, 2*int(bytes/chunkSize)+2)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.keep = n
	for len(p.free) > n {
		p.letGo(p.free[len(p.free)-1])
		p.free[len(p.free)-1] = nil
		p.free = p.free[:len(p.free)-1]
	}
}

// letGo gives up a chunk no generation uses. p.mu is held.
func (p *chunkPool) letGo(c []byte) {
	first := unsafe.SliceData(c[:1])
	if _, ok := p.mapped[first]; ok {
		delete(p.mapped, first)
		unmapChunk(c)
		memlimit.Map(-chunkSize)
	}
}

// close lets go of the pooled chunks, and of every chunk put back later.
func (p *chunkPool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	p.keep = 0
	for i, c := range p.free {
		p.letGo(c)
		p.free[i] = nil
	}
	p.free = nil
}

func (p *chunkPool) get() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		c := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		return c[:0]
	}
	if c, ok := mapChunk(); ok {
		p.mapped[unsafe.SliceData(c[:1])] = struct{}{}
		// The heap's limit leaves room for the chunk.
		memlimit.Map(chunkSize)
		return c
	}
	return make([]byte, 0, chunkSize)
}

func (p *chunkPool) put(chunks [][]byte) {
	if poisonChunks {
		for _, c := range chunks {
			c = c[:cap(c)]
			for i := range c {
				c[i] = poisonByte
			}
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range chunks {
		if len(p.free) >= p.keep {
			p.letGo(c)
			continue
		}
		p.free = append(p.free, c)
	}
}

// poisonChunks makes put overwrite released chunks, so that tests see any
// message still read from one as garbage rather than as the right text by
// luck.
var poisonChunks = false

const poisonByte = 0xA5

// msgArena holds the messages of one generation, most of them inside the
// WAL records of their batches (see Store.Append). Its chunks go back to the
// pool when the generation is released (see generation.unref); a message
// that leaves the store must be copied out first.
type msgArena struct {
	mu     sync.Mutex
	pool   *chunkPool
	cur    []byte   // the chunk being filled
	chunks [][]byte // the pooled chunks taken, cur included
}

// copyMessages returns the events' messages copied into the arena, in
// order.
func (a *msgArena) copyMessages(events []model.LogEvent) []string {
	out := make([]string, len(events))
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range events {
		m := events[i].Message
		if len(m) == 0 {
			continue
		}
		if len(m) > chunkSize {
			out[i] = strings.Clone(m)
			continue
		}
		if len(m) > cap(a.cur)-len(a.cur) {
			a.cur = a.pool.get()
			a.chunks = append(a.chunks, a.cur)
		}
		from := len(a.cur)
		a.cur = append(a.cur, m...)
		out[i] = unsafe.String(&a.cur[from], len(m))
	}
	return out
}

// alloc returns an empty slice with capacity n in a chunk of the arena,
// or false when n does not fit a chunk.
func (a *msgArena) alloc(n int) ([]byte, bool) {
	if n > chunkSize {
		return nil, false
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if n > cap(a.cur)-len(a.cur) {
		a.cur = a.pool.get()
		a.chunks = append(a.chunks, a.cur)
	}
	from := len(a.cur)
	a.cur = a.cur[:from+n]
	return a.cur[from : from : from+n], true
}

// release gives the arena's chunks back to the pool. Nothing may read a
// message of the arena afterwards.
func (a *msgArena) release() {
	a.mu.Lock()
	chunks := a.chunks
	a.chunks, a.cur = nil, nil
	a.mu.Unlock()
	a.pool.put(chunks)
}
