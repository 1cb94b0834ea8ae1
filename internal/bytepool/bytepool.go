// Package bytepool reuses large byte buffers across requests: a fresh
// megabyte for every request is zeroed by the runtime and faulted in by
// the kernel, which on an ingest path costs more than the work done with
// it.
package bytepool

import "sync"

// granule is what capacities are rounded up to, so that buffers of
// similar sizes serve each other.
const granule = 64 << 10

// Pool holds buffers of at most a maximum capacity. Its zero value is not
// usable; see New.
type Pool struct {
	max int
	p   sync.Pool
}

// New returns a pool that keeps buffers of up to max bytes (rounded up to
// its granule); larger ones are left to the garbage collector.
func New(max int) *Pool { return &Pool{max: roundUp(max)} }

// Get returns an empty buffer with room for size bytes.
func (p *Pool) Get(size int) []byte {
	if b, ok := p.p.Get().(*[]byte); ok && cap(*b) >= size {
		return (*b)[:0]
	}
	return make([]byte, 0, roundUp(size))
}

// Put gives b back; nothing may refer to its memory any more.
func (p *Pool) Put(b []byte) {
	if cap(b) == 0 || cap(b) > p.max {
		return
	}
	b = b[:0]
	p.p.Put(&b)
}

func roundUp(n int) int { return (n + granule - 1) &^ (granule - 1) }
