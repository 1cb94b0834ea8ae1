package logstore

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// partMeta describes a part; it opens the part's index file and is repeated
// in the manifest.
type partMeta struct {
	id    uint64
	group int64
	day   int64
	rows  int64
	// The ranges of the part's rows, inclusive.
	minTs, maxTs         int64
	minSeq, maxSeq       uint64
	minStream, maxStream int64
	// rawBytes is the size of the rows' messages.
	rawBytes int64
	// dataSize is the size of the data file.
	dataSize int64
}

// blockHeader locates one block in a part's data file and says what rows it
// holds, so reads skip blocks without reading them.
type blockHeader struct {
	// offset is where the block's filters start in the data file; the
	// colblock block follows them.
	offset    int64
	filterLen int64
	blockLen  int64
	rows      int
	// The ranges of the block's rows, inclusive.
	minTs, maxTs         int64
	minStream, maxStream int64
	minSeq, maxSeq       uint64
}

// blockOffset is where the colblock block starts, after the filters.
func (h *blockHeader) blockOffset() int64 { return h.offset + h.filterLen }

// part is an immutable, durable run of one partition's rows sorted by
// (stream id, timestamp, seq), split into blocks.
type part struct {
	meta   partMeta
	blocks []blockHeader
	// indexSize is the size of the index file.
	indexSize int64
	// clean is the tombstone epoch the rows reflect: tombstones of a later
	// epoch may still delete some of them.
	clean uint64
	// refs counts the store's view (one reference while the part is live)
	// and the reads and merges using it. The files are deleted when it
	// drops to zero.
	refs atomic.Int64
	// exact remembers, per block, what a scan learnt about a block whose
	// rows are all exact, so that later scans skip its message column.
	exactOnce sync.Once
	exact     []atomic.Pointer[colblock.ExactRows]
}

// knownExact returns what is known of block i's exact rows, or nil.
func (p *part) knownExact(i int) *colblock.ExactRows {
	p.exactOnce.Do(func() { p.exact = make([]atomic.Pointer[colblock.ExactRows], len(p.blocks)) })
	return p.exact[i].Load()
}

// learnExact records what decoding block i taught about its exact rows.
func (p *part) learnExact(i int, x *colblock.ExactRows) {
	if x != nil {
		p.exactOnce.Do(func() { p.exact = make([]atomic.Pointer[colblock.ExactRows], len(p.blocks)) })
		p.exact[i].Store(x)
	}
}

func (p *part) dataName() string  { return partObjectName(&p.meta, dataSuffix) }
func (p *part) indexName() string { return partObjectName(&p.meta, indexSuffix) }

// Object name suffixes of a part's two files.
const (
	dataSuffix  = ".data"
	indexSuffix = ".index"
)

// partObjectName is "<group>/<day>/<id><suffix>", e.g.
// "42/2025-03-01/000000000000001c.data".
func partObjectName(m *partMeta, suffix string) string {
	return fmt.Sprintf("%d/%s/%016x%s", m.group, dayName(m.day), m.id, suffix)
}

// isPartObject reports whether name has the form of a part file's name,
// finished or temporary.
func isPartObject(name string) bool {
	elems := strings.Split(strings.TrimSuffix(name, tempSuffix), "/")
	if len(elems) != 3 {
		return false
	}
	if _, err := strconv.ParseInt(elems[0], 10, 64); err != nil {
		return false
	}
	id, ok := strings.CutSuffix(elems[2], dataSuffix)
	if !ok {
		id, ok = strings.CutSuffix(elems[2], indexSuffix)
	}
	if !ok || len(id) != 16 {
		return false
	}
	_, err := strconv.ParseUint(id, 16, 64)
	return err == nil
}

// overlaps reports whether the part may hold rows of streams in ids (all
// streams when ids is nil) with timestamps in [start, end) (no upper bound
// when end is 0).
func (m *partMeta) overlaps(start, end int64, ids []int64) bool {
	return rangeOverlaps(m.minTs, m.maxTs, start, end) && streamsOverlap(m.minStream, m.maxStream, ids)
}

func (h *blockHeader) overlaps(start, end int64, ids []int64) bool {
	return rangeOverlaps(h.minTs, h.maxTs, start, end) && streamsOverlap(h.minStream, h.maxStream, ids)
}

func rangeOverlaps(lo, hi, start, end int64) bool {
	return hi >= start && (end == 0 || lo < end)
}

func streamsOverlap(lo, hi int64, ids []int64) bool {
	if ids == nil {
		return true
	}
	for _, id := range ids {
		if id >= lo && id <= hi {
			return true
		}
	}
	return false
}
