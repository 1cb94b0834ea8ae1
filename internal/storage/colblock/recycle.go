package colblock

import (
	"sync"
	"unsafe"
)

// A scan that keeps a few rows of a block copies them out, and the block's
// columns are garbage at once; Recycle hands the largest of them back so
// that later decodings reuse them rather than allocate and collect.
var (
	int64Bufs sync.Pool // *[]int64
	codeCols  sync.Pool // *[]uint16
	msgCols   sync.Pool // *[]string, cleared
)

// getInt64s returns a slice of n int64s with any contents, for a decoder
// that sets every element.
func getInt64s(n int) []int64 {
	if p, ok := int64Bufs.Get().(*[]int64); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]int64, n)
}

// getCodes returns a slice of n zero codes.
func getCodes(n int) []uint16 {
	if p, ok := codeCols.Get().(*[]uint16); ok && cap(*p) >= n {
		s := (*p)[:n]
		clear(s)
		return s
	}
	return make([]uint16, n)
}

// getUint64s is getInt64s for unsigned values.
func getUint64s(n int) []uint64 {
	s := getInt64s(n)
	return unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(s))), n)
}

// getMessages returns a slice of n empty messages (or string values).
func getMessages(n int) []string {
	if p, ok := msgCols.Get().(*[]string); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]string, n)
}

// Recycle hands back the integer columns, dictionary codes, message slice
// and string columns of b, which Unmarshal decoded or NewBlock built, for
// later blocks to reuse. Neither b nor any slice taken from it may be used
// afterwards.
func Recycle(b *Block) {
	put := func(s []int64) {
		if cap(s) > 0 {
			int64Bufs.Put(&s)
		}
	}
	put(b.Streams)
	put(b.Timestamps)
	put(b.IngestionTimes)
	put(unsafe.Slice((*int64)(unsafe.Pointer(unsafe.SliceData(b.Seqs))), len(b.Seqs)))
	putStrings := func(s []string) {
		if cap(s) > 0 {
			// Cleared so that the pool holds on to no message's memory.
			s = s[:cap(s)]
			clear(s)
			msgCols.Put(&s)
		}
	}
	for i := range b.Fields {
		c := &b.Fields[i]
		put(c.Ints)
		if cap(c.Codes) > 0 {
			codeCols.Put(&c.Codes)
		}
		putStrings(c.Strings)
	}
	putStrings(b.Messages)
	*b = Block{}
}
