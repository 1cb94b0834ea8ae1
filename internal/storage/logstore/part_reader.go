package logstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
	"github.com/openwatch/openwatch/internal/storage/index"
)

// openPart loads the index of a part the manifest lists and checks that it
// describes the same part.
func (s *Store) openPart(ctx context.Context, listed *part) (*part, error) {
	name := listed.indexName()
	b, err := s.blob.Get(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("cannot read part index %q: %w", name, err)
	}
	meta, blocks, err := decodeIndex(b)
	if err != nil {
		return nil, fmt.Errorf("part index %q: %w", name, err)
	}
	if meta != listed.meta || int64(len(b)) != listed.indexSize {
		return nil, model.Errorf(model.ErrCorruption, "part index %q does not match the manifest", name)
	}
	return &part{meta: meta, blocks: blocks, indexSize: listed.indexSize, clean: listed.clean}, nil
}

// blockBufs keeps the buffers blocks are read into: a decoded block keeps
// no reference to its bytes, so they serve the next read.
var blockBufs = sync.Pool{New: func() any { return new([]byte) }}

// Reads of a block: one of at most wholeBlockRead bytes reads it all (a
// read costs more than copying a few pages); a larger one reads first
// headRead bytes, which hold the head of most blocks, then only the
// payloads the decoding needs (colblock.PlanRead).
const (
	wholeBlockRead = 64 << 10
	headRead       = 4 << 10
)

// readBlock reads block i of p and decodes the columns of want.
func (s *Store) readBlock(ctx context.Context, p *part, i int, want colblock.ColumnSet) (*colblock.Block, error) {
	return s.readBlockFrom(ctx, p, i, want, true)
}

// readBlockFrom is readBlock; lend says it may decode the block where a
// mapping of its file holds it. Merges say no: they read whole parts
// once, and the pages they would touch in a mapping count in the
// server's resident memory for as long as the part's file stays open.
func (s *Store) readBlockFrom(ctx context.Context, p *part, i int, want colblock.ColumnSet, lend bool) (*colblock.Block, error) {
	h := &p.blocks[i]
	var blk *colblock.Block
	var err error
	read := h.blockLen
	if rr, ok := s.blob.(rangeReader); ok {
		blk, read, err = s.readRanges(ctx, rr, p, h, want, lend)
	} else {
		var b []byte
		if b, err = s.blob.GetRange(ctx, p.dataName(), h.blockOffset(), h.blockLen); err == nil {
			blk, err = colblock.Unmarshal(b, want)
		}
	}
	switch {
	case errors.Is(err, model.ErrCorruption):
		return nil, fmt.Errorf("block %d of part %q: %w", i, p.dataName(), err)
	case err != nil:
		return nil, blobError(fmt.Errorf("cannot read block %d of part %q: %w", i, p.dataName(), err))
	}
	s.metrics.blocksRead.Add(1)
	s.metrics.blockBytesRead.Add(read)
	if len(want.Contains) > 0 && blk.Contains.Count() == 0 {
		return blk, nil // no row holds the terms: nothing else decoded
	}
	if want.Timestamps && len(blk.Timestamps) != h.rows {
		return nil, model.Errorf(model.ErrCorruption, "block %d of part %q holds %d rows, its header says %d", i, p.dataName(), len(blk.Timestamps), h.rows)
	}
	return blk, nil
}

// readRanges reads block h of p, what decoding want needs of it, into a
// pooled buffer (or, with lend, finds it in a mapping of the file) and
// decodes it, returning how many bytes it read. A block
// of at most wholeBlockRead bytes is read whole; of a larger one, the head
// first, then the payloads colblock.PlanRead names, then those the
// decoding turns out to need (the field columns skeletons reference). The
// bytes left out stay as they were: colblock checks each payload before it
// decodes it, so stale bytes fail a checksum rather than decode.
func (s *Store) readRanges(ctx context.Context, rr rangeReader, p *part, h *blockHeader, want colblock.ColumnSet, lend bool) (blk *colblock.Block, read int64, err error) {
	pf, err := s.files.acquire(ctx, rr, p)
	if err != nil {
		return nil, 0, err
	}
	defer func() {
		if rerr := s.files.release(pf); rerr != nil && err == nil {
			err = rerr
		}
	}()
	var b []byte
	fetch := func(off, n int) error {
		read += int64(n)
		return pf.f.ReadRange(b[off:off+n], h.blockOffset()+int64(off))
	}
	lent := false
	if l, ok := pf.f.(rangeLender); ok && lend {
		b, lent = l.Lend(h.blockOffset(), int(h.blockLen))
	}
	if lent {
		// A file cut short under its mapping faults where a read would
		// come up short: the fault becomes that read's error, not the
		// end of the server.
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				f, ok := r.(interface{ Addr() uintptr })
				if !ok {
					panic(r)
				}
				blk, err = nil, fmt.Errorf("cannot read block at %d of %q: the file is shorter than its mapping (fault at %#x): %w", h.blockOffset(), p.dataName(), f.Addr(), io.ErrUnexpectedEOF)
			}
		}()
		// The bytes are all there already: fetching only counts them,
		// so the figures stay those of a read.
		fetch = func(_, n int) error {
			read += int64(n)
			return nil
		}
	} else {
		buf := blockBufs.Get().(*[]byte)
		defer blockBufs.Put(buf)
		if int64(cap(*buf)) < h.blockLen {
			*buf = make([]byte, h.blockLen)
		}
		b = (*buf)[:h.blockLen]
	}
	n := len(b)
	if n > wholeBlockRead {
		n = headRead
	}
	if err := fetch(0, n); err != nil {
		return nil, read, err
	}
	if n == len(b) {
		blk, err := colblock.Unmarshal(b, want)
		return blk, read, err
	}
	head, err := colblock.HeadLen(b[:n], len(b))
	if err != nil {
		return nil, read, err
	}
	if head > n {
		if err := fetch(n, head-n); err != nil {
			return nil, read, err
		}
		n = head
	}
	plan, err := colblock.PlanRead(b, want)
	if err != nil {
		return nil, read, err
	}
	if plan == nil {
		blk, err := colblock.Unmarshal(b, want)
		return blk, read, err
	}
	for _, r := range plan.Ranges {
		lo, hi := max(r.Off, n), r.Off+r.Len
		if lo >= hi {
			continue // within what the first read took
		}
		if err := fetch(lo, hi-lo); err != nil {
			return nil, read, err
		}
	}
	blk, err = plan.Unmarshal(want, fetch)
	return blk, read, err
}

// readFilters reads the token filters of block i of p.
func (s *Store) readFilters(ctx context.Context, p *part, i int) (*index.BlockIndex, error) {
	h := &p.blocks[i]
	b := make([]byte, h.filterLen)
	if err := s.readRange(ctx, p, h.offset, b); err != nil {
		return nil, blobError(fmt.Errorf("cannot read filters of block %d of part %q: %w", i, p.dataName(), err))
	}
	s.metrics.filtersRead.Add(1)
	x, err := index.UnmarshalBlockIndex(b)
	if err != nil {
		return nil, fmt.Errorf("filters of block %d of part %q: %w", i, p.dataName(), err)
	}
	return x, nil
}

// readRange fills dst with the bytes of p's data file from off.
func (s *Store) readRange(ctx context.Context, p *part, off int64, dst []byte) error {
	if rr, ok := s.blob.(rangeReader); ok {
		pf, err := s.files.acquire(ctx, rr, p)
		if err != nil {
			return err
		}
		return errors.Join(pf.f.ReadRange(dst, off), s.files.release(pf))
	}
	b, err := s.blob.GetRange(ctx, p.dataName(), off, int64(len(dst)))
	if err != nil {
		return err
	}
	if len(b) != len(dst) {
		return fmt.Errorf("read %d bytes at %d, want %d", len(b), off, len(dst))
	}
	copy(dst, b)
	return nil
}

// blobError marks a failure to reach the parts' storage as retryable,
// unless it is the caller's own cancellation.
func blobError(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return model.Unavailable(err)
}

// blockFilter is what the token filters of a block must admit for the
// block to be read.
type blockFilter struct {
	terms       []string
	tokens      []string
	fieldTokens map[string][]string
	// checked and admitted count the blocks whose filters a scan read,
	// and those that passed: filters that pass nearly every block cost a
	// read each and spare none, so a scan stops reading them.
	checked, admitted atomic.Int64
}

// Once filterProbe blocks' filters are read, a scan without terms reads
// no more when at least nine in ten passed. The filters are hints: a
// block read for nothing costs time, never an answer.
const filterProbe = 32

func (f *blockFilter) empty() bool {
	return len(f.terms) == 0 && len(f.tokens) == 0 && len(f.fieldTokens) == 0
}

// admits reports whether the block with filters x may hold a matching row.
func (f *blockFilter) admits(x *index.BlockIndex) bool {
	// The message filters were built with AddTextGrams: long tokens are
	// in the gram filter only.
	msg := index.Text{Tokens: x.Filter(messageFilter), Grams: x.Grams()}
	for _, t := range f.terms {
		if !msg.MayContainSubstring(t) {
			return false
		}
	}
	if !msg.MayContainAll(f.tokens) {
		return false
	}
	for name, tokens := range f.fieldTokens {
		if name == messageFilter {
			if !msg.MayContainAll(tokens) {
				return false
			}
		} else if !x.Filter(name).MayContainAll(tokens) {
			return false
		}
	}
	return true
}

// check reads block i's filters when there is something to check, and
// reports whether the block may hold a matching row. It returns the
// filters it read, nil when none.
func (f *blockFilter) check(ctx context.Context, s *Store, p *part, i int) (bool, *index.BlockIndex, error) {
	if f.empty() {
		return true, nil, nil
	}
	// A search for terms also uses the filters of the blocks it reads
	// (withFilters): they are read whatever they prune.
	if n := f.checked.Load(); len(f.terms) == 0 && n >= filterProbe && f.admitted.Load()*10 >= n*9 {
		return true, nil, nil
	}
	x, err := s.readFilters(ctx, p, i)
	if err != nil {
		return false, nil, err
	}
	f.checked.Add(1)
	if !f.admits(x) {
		s.metrics.blocksSkippedFilter.Add(1)
		return false, nil, nil
	}
	f.admitted.Add(1)
	return true, x, nil
}

// withFilters returns cols telling a search for terms what the block's
// token filters know of its string fields.
func withFilters(cols colblock.ColumnSet, x *index.BlockIndex) colblock.ColumnSet {
	if x != nil && len(cols.Contains) > 0 {
		cols.MayContain = func(field, term string) bool { return x.Filter(field).MayContainSubstring(term) }
	}
	return cols
}
