package logstore

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugePageSize is the size of a transparent huge page on the platforms
// the server runs on.
const hugePageSize = 2 << 20

// mapChunk returns a chunk of memory outside the Go heap, aligned to a huge
// page and advised to be backed by huge pages. Outside the heap, the
// chunks of a full memtable backlog do not raise the collector's heap goal
// by as much again; on huge pages, writing a fresh chunk takes a fault per
// 2 MiB instead of one per 4 KiB, and fresh memory is what a virtual
// machine charges most for. ok is false when the kernel refuses the
// mapping; the caller then takes heap memory.
func mapChunk() (c []byte, ok bool) {
	const size = chunkSize + hugePageSize
	p, err := unix.MmapPtr(-1, 0, nil, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS)
	if err != nil {
		return nil, false
	}
	// Keep the aligned chunk and give back the untouched rest.
	skip := (hugePageSize - uintptr(p)%hugePageSize) % hugePageSize
	if skip > 0 {
		_ = unix.MunmapPtr(p, skip)
	}
	if tail := hugePageSize - skip; tail > 0 {
		_ = unix.MunmapPtr(unsafe.Add(p, skip+chunkSize), tail)
	}
	c = unsafe.Slice((*byte)(unsafe.Add(p, skip)), chunkSize)
	// Without huge pages the chunk still works, with a fault per page.
	_ = unix.Madvise(c, unix.MADV_HUGEPAGE)
	return c[:0], true
}

// unmapChunk gives a chunk from mapChunk back to the kernel. Nothing may
// read it afterwards.
func unmapChunk(c []byte) {
	_ = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(c[:1])), chunkSize)
}
