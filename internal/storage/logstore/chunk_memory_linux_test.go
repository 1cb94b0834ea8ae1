package logstore

import (
	"testing"
	"unsafe"
)

func TestMapChunkIsAlignedAndWritable(t *testing.T) {
	c, ok := mapChunk()
	if !ok {
		t.Skip("the kernel refused an anonymous mapping")
	}
	if len(c) != 0 || cap(c) != chunkSize {
		t.Fatalf("chunk len %d cap %d, want 0 and %d", len(c), cap(c), chunkSize)
	}
	c = c[:chunkSize]
	if addr := uintptr(unsafe.Pointer(&c[0])); addr%hugePageSize != 0 {
		t.Fatalf("chunk at %#x is not aligned to a huge page", addr)
	}
	for i := range c {
		c[i] = byte(i)
	}
	if c[chunkSize-1] != byte((chunkSize-1)%256) || c[0] != 0 {
		t.Fatal("chunk does not hold what was written")
	}
	unmapChunk(c)
}

func TestChunkPoolMapsChunks(t *testing.T) {
	p := newChunkPool(2 * chunkSize)
	a, b, extra := p.get(), p.get(), p.get()
	if len(p.mapped) != 3 {
		t.Skipf("%d of 3 chunks are mapped: the kernel refused the mappings", len(p.mapped))
	}
	// The pool keeps two; the third goes back to the kernel.
	p.put([][]byte{a, b, extra})
	if len(p.free) != 2 || len(p.mapped) != 2 {
		t.Fatalf("pool keeps %d chunks with %d mapped, want 2 and 2", len(p.free), len(p.mapped))
	}
	p.fit(0)
	if len(p.free) != 2 {
		t.Fatalf("fit(0) keeps %d chunks, want the minimum of 2", len(p.free))
	}
	p.close()
	if len(p.mapped) != 0 {
		t.Fatalf("%d chunks stay mapped after close", len(p.mapped))
	}
}
