// Package memlimit keeps the Go runtime's soft memory limit net of the
// memory the process maps outside the Go heap: the runtime counts only its
// own memory, so a server given 896 MiB whose log store holds 200 MiB of
// mapped message chunks would otherwise let its heap grow to 896 MiB on
// top of them.
package memlimit

import (
	"runtime/debug"
	"sync"
)

var (
	mu     sync.Mutex
	limit  int64 // the limit Set was given; 0: none
	mapped int64 // bytes mapped outside the heap
)

// Set makes limit (in bytes) the bound on the heap plus the mapped memory.
// 0 stops adjusting the runtime's limit, and leaves it as it is.
func Set(bytes int64) {
	mu.Lock()
	defer mu.Unlock()
	limit = bytes
	apply()
}

// Map records bytes mapped outside the Go heap; a negative count records
// bytes unmapped.
func Map(bytes int64) {
	mu.Lock()
	defer mu.Unlock()
	mapped += bytes
	apply()
}

// apply hands the runtime what the limit leaves the heap, but never less
// than a quarter of the limit: below that the collector would run without
// pause and hold up the work that lets the mapped memory go. mu is held.
func apply() {
	if limit > 0 {
		debug.SetMemoryLimit(max(limit-mapped, limit/4))
	}
}
