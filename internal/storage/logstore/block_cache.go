package logstore

import (
	"container/list"
	"encoding/binary"
	"sync"

	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// A paged read (FilterLogEvents, GetLogEvents with a token) starts again
// at the cursor: the blocks around it, one per stream whose events
// interleave there, and those decoded ahead, were decoded by the page
// before. blockCache keeps the blocks Read decodes, so that the next page
// takes them as they are. Parts are immutable, so an entry never goes
// stale; deleted rows are left out after the cache (tombstones), and an
// entry of a dropped part is never asked for again and ages out.
type blockCache struct {
	mu      sync.Mutex
	budget  int64
	size    int64
	entries map[blockKey]*list.Element
	lru     list.List // of *cachedBlock, most recently used first
}

// blockKey names a block decoded for a read with given terms and, for a
// read that filters its rows, the filter's ReadSpec.MatchKey.
type blockKey struct {
	group int64
	part  uint64
	block int
	terms string
	match string
}

type cachedBlock struct {
	key  blockKey
	b    *colblock.Block // nil: the block's filters rule the terms out
	size int64
}

// readCacheBytes bounds the decoded blocks a store keeps for reads.
const readCacheBytes = 64 << 20

func newBlockCache(budget int64) *blockCache {
	return &blockCache{budget: budget, entries: make(map[blockKey]*list.Element)}
}

func readKey(p *part, i int, terms []string) blockKey {
	// Each term goes with its length, so that no two lists of terms
	// make the same key.
	var b []byte
	for _, t := range terms {
		b = binary.AppendUvarint(b, uint64(len(t)))
		b = append(b, t...)
	}
	return blockKey{group: p.meta.group, part: p.meta.id, block: i, terms: string(b)}
}

// get returns the cached block of k and whether there is one.
func (c *blockCache) get(k blockKey) (*colblock.Block, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*cachedBlock).b, true
}

// put caches b, which no one may change, as the block of k, evicting the
// least recently used blocks beyond the budget.
func (c *blockCache) put(k blockKey, b *colblock.Block) {
	size := blockSize(b)
	if size > c.budget/4 {
		return // one block would crowd out the rest
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; ok {
		return
	}
	c.entries[k] = c.lru.PushFront(&cachedBlock{key: k, b: b, size: size})
	c.size += size
	for c.size > c.budget {
		old := c.lru.Remove(c.lru.Back()).(*cachedBlock)
		delete(c.entries, old.key)
		c.size -= old.size
	}
}

// blockSize estimates the memory a decoded block holds.
func blockSize(b *colblock.Block) int64 {
	if b == nil {
		return 64
	}
	n := int64(8 * (len(b.Streams) + len(b.Timestamps) + len(b.IngestionTimes) + len(b.Seqs)))
	n += int64(16 * len(b.Messages))
	for _, m := range b.Messages {
		n += int64(len(m))
	}
	return n + int64(8*(len(b.Contains)+len(b.Exact)+len(b.Objects)+len(b.Paths)+len(b.Selected)))
}
