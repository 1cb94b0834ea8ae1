package awsproto

import "sync"

// maxReusedBody is the largest body whose buffer is kept for reuse; larger
// ones are rare enough that holding on to their memory is not worth it.
const maxReusedBody = 4 << 20

// bodies holds request body buffers of operations that reuse them.
var bodies sync.Pool

// getBody returns a buffer with room for size bytes.
func getBody(size int) []byte {
	if p, ok := bodies.Get().(*[]byte); ok && cap(*p) >= size {
		return (*p)[:0]
	}
	// Rounded up so that bodies of similar sizes share buffers.
	return make([]byte, 0, (size+64<<10-1)&^(64<<10-1))
}

// putBody gives a buffer back once nothing refers to it.
func putBody(b []byte) {
	if cap(b) > maxReusedBody+64<<10 {
		return
	}
	b = b[:0]
	bodies.Put(&b)
}
