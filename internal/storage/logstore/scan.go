package logstore

import (
	"context"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// scanTask is one unit of a scan's work: a block of a part, or a chunk of
// memtable rows.
type scanTask struct {
	group      int64
	start, end int64
	tombs      *groupTombs
	part       *part
	block      int
	runs       []streamRun
}

// Scan calls fn with the events of spec.GroupIDs selected by spec, as
// batches in no particular order; see the LogStore contract of
// service/logs. Blocks of parts are pruned by their headers (time range,
// stream range) and by their token filters (spec.Terms, Tokens,
// FieldTokens), then read and decoded, only the columns spec asks for, on
// up to concurrency goroutines. A memtable is cut into chunks of at most
// BlockRows rows, with its fields extracted as a flush would. Calls of fn
// are serialized; fn may keep the batches.
func (s *Store) Scan(ctx context.Context, spec model.ScanSpec, concurrency int, fn func(*model.Batch) error) error {
	var (
		mu    sync.Mutex
		fnErr error // fn's error: fn is not called again, and Scan returns it
	)
	err := s.ScanWorkers(ctx, spec, concurrency, func(_ int, b *model.Batch) error {
		mu.Lock()
		defer mu.Unlock()
		if fnErr != nil {
			return fnErr
		}
		fnErr = fn(b)
		return fnErr
	})
	// fn's error is returned even if a failed read was recorded before it,
	// as the LogStore contract has it.
	mu.Lock()
	defer mu.Unlock()
	if fnErr != nil {
		return fnErr
	}
	return err
}

// ScanWorkers is Scan with fn called on the goroutine that read the batch,
// so a caller that works on batches as they come needs no goroutine of its
// own, nor a hand-over to one: worker (0 ≤ worker < concurrency) names the
// goroutine, whose calls never overlap; calls of different workers do.
// After one call fails, calls already past their read may still be made
// before the scan stops; ScanWorkers returns the first error.
func (s *Store) ScanWorkers(ctx context.Context, spec model.ScanSpec, concurrency int, fn func(worker int, b *model.Batch) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if spec.StreamIDs != nil && len(spec.StreamIDs) == 0 {
		return nil
	}
	proj := newProjection(&spec)
	filter := blockFilter{terms: spec.Terms, tokens: spec.Tokens, fieldTokens: spec.FieldTokens}
	var tasks []scanTask
	groups := slices.Clone(spec.GroupIDs)
	slices.Sort(groups)
	for _, g := range slices.Compact(groups) {
		snap := s.snapshot(g)
		defer snap.release(s)
		tasks = s.planScan(tasks, g, snap, &spec)
	}
	if len(tasks) == 0 {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		mu       sync.Mutex // guards firstErr
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for w := range min(max(concurrency, 1), len(tasks)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(tasks) || ctx.Err() != nil {
					return
				}
				b, err := s.runScanTask(ctx, &tasks[i], &spec, proj, &filter)
				if err == nil && b != nil {
					if ctx.Err() != nil {
						return // another worker failed
					}
					err = fn(w, b)
				}
				if err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}

// planScan appends the tasks of one group.
func (s *Store) planScan(tasks []scanTask, group int64, snap *snapshot, spec *model.ScanSpec) []scanTask {
	start, end := max(spec.Start, snap.cutoff), spec.End
	if end != 0 && end <= start {
		return tasks
	}
	bounds := model.ReadSpec{Start: start, End: end}
	var chunk []streamRun
	rows := 0
	flushChunk := func() {
		if len(chunk) > 0 {
			tasks = append(tasks, scanTask{group: group, start: start, end: end, tombs: snap.tombs, runs: chunk})
		}
		chunk, rows = nil, 0
	}
	for _, t := range snap.tables {
		for _, sr := range t.runs(spec.StreamIDs) {
			run := bound(sr.run, &bounds)
			for len(run) > 0 {
				n := min(len(run), s.opts.BlockRows-rows)
				chunk = append(chunk, streamRun{stream: sr.stream, run: run[:n:n]})
				run, rows = run[n:], rows+n
				if rows == s.opts.BlockRows {
					flushChunk()
				}
			}
		}
	}
	flushChunk()
	for _, p := range snap.parts {
		if !p.meta.overlaps(start, end, spec.StreamIDs) {
			continue
		}
		for i := range p.blocks {
			if !p.blocks[i].overlaps(start, end, spec.StreamIDs) {
				s.metrics.blocksSkippedRange.Add(1)
				continue
			}
			tasks = append(tasks, scanTask{group: group, start: start, end: end, tombs: snap.tombs, part: p, block: i})
		}
	}
	return tasks
}

// runScanTask produces the batch of one task, or nil when no row of it is
// selected. The events of the task's range and streams that it leaves out
// for spec.Filter or spec.Terms, or with a block its token filters rule
// out, are reported to spec.Skipped.
func (s *Store) runScanTask(ctx context.Context, t *scanTask, spec *model.ScanSpec, proj *projection, filter *blockFilter) (*model.Batch, error) {
	var b *model.Batch
	// terms marks the rows whose message holds every term, when there are
	// terms: the others cannot match.
	var terms colblock.Bitmap
	var rowBytes func(i int) int64 // the size of row i's message, for Skipped
	// inside: every row of the task is in its range and streams, and no
	// tombstone deletes any, so rows need no check of their own.
	inside := false
	var decoded *colblock.Block // the block read, when it is one of a part
	if t.part != nil {
		h := &t.part.blocks[t.block]
		inside = h.minTs >= t.start && (t.end == 0 || h.maxTs < t.end) && spec.StreamIDs == nil && !t.tombs.dirties(t.part)
		m := &t.part.meta
		avg := m.rawBytes / max(int64(m.rows), 1)
		ok, x, err := filter.check(ctx, s, t.part, t.block)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, s.skipBlock(ctx, t, spec, avg)
		}
		cols := withFilters(proj.set, x)
		// Stream ids and seqs are needed to select streams and to apply
		// tombstones; a reader that uses neither spares decoding them.
		if spec.NoEventIDs && spec.StreamIDs == nil && !t.tombs.dirties(t.part) {
			cols.Streams, cols.Seqs = false, false
		}
		if cols.Exact {
			cols.KnownExact = t.part.knownExact(t.block)
		}
		blk, err := s.readBlock(ctx, t.part, t.block, cols)
		if err != nil {
			return nil, err
		}
		if blk.Contains != nil && blk.Contains.Count() == 0 {
			return nil, s.skipBlock(ctx, t, spec, avg)
		}
		if cols.Exact && cols.KnownExact == nil {
			t.part.learnExact(t.block, blk.ExactRows)
		}
		b = toBatch(t.group, blk, proj, avg*int64(len(blk.Timestamps)))
		terms = blk.Contains
		decoded = blk
		rowBytes = func(int) int64 { return avg }
	} else {
		blk := memtableBlock(t.runs, proj)
		b = toBatch(t.group, blk, proj, 0)
		if len(spec.Terms) > 0 {
			terms = colblock.NewBitmap(len(blk.Messages))
			for i, msg := range blk.Messages {
				if containsAll(msg, spec.Terms) {
					terms.Set(i)
				}
			}
		}
		rowBytes = func(i int) int64 { return int64(len(blk.Messages[i])) }
	}
	var filtered []uint64 // the rows spec.Filter keeps
	if spec.Filter != nil {
		filtered = spec.Filter(b)
	}
	var keep []int // the rows kept, once the first row is dropped
	var kept int
	var skipped, skippedBytes int64
	if inside && t.part != nil {
		// Only terms and the filter drop rows, a word of rows at a time.
		keep, kept = keptRows(b.Len(), terms, filtered)
		skipped = int64(b.Len() - kept)
		skippedBytes = skipped * rowBytes(0)
	} else {
		ids := b.StreamIDs != nil
		for i := range b.Timestamps {
			ts := b.Timestamps[i]
			if !inside && (ts < t.start || (t.end != 0 && ts >= t.end) ||
				(ids && spec.StreamIDs != nil && !containsID(spec.StreamIDs, b.StreamIDs[i])) ||
				(ids && t.tombs.deleted(b.StreamIDs[i], b.Seqs[i]))) {
				keep = startKeep(keep, i, b.Len())
				continue
			}
			if (terms != nil && !terms.Has(i)) || (filtered != nil && filtered[i>>6]&(1<<(uint(i)&63)) == 0) {
				skipped++
				skippedBytes += rowBytes(i)
				keep = startKeep(keep, i, b.Len())
				continue
			}
			kept++
			if keep != nil {
				keep = append(keep, i)
			}
		}
	}
	if skipped > 0 && spec.Skipped != nil {
		spec.Skipped(skipped, skippedBytes)
	}
	if kept == 0 {
		recycle(decoded)
		return nil, nil
	}
	s.metrics.rowsScanned.Add(int64(kept))
	if keep == nil {
		return b, nil
	}
	out := selectRows(b, keep)
	if out != b {
		// The rows kept are copied out: the block's columns are garbage.
		recycle(decoded)
	}
	return out, nil
}

// recycle hands a decoded block's columns back to colblock, nil aside.
func recycle(blk *colblock.Block) {
	if blk != nil {
		colblock.Recycle(blk)
	}
}

// keptRows returns the rows of n in both bitmaps (a nil one holds every
// row), and their count; the list is nil when that is every row.
func keptRows(n int, a, b []uint64) ([]int, int) {
	words := (n + 63) / 64
	kept := 0
	for w := range words {
		kept += bits.OnesCount64(keepWord(w, n, a, b))
	}
	if kept == n {
		return nil, n
	}
	keep := make([]int, 0, kept)
	for w := range words {
		for word := keepWord(w, n, a, b); word != 0; word &= word - 1 {
			keep = append(keep, w<<6|bits.TrailingZeros64(word))
		}
	}
	return keep, kept
}

// keepWord is word w of the rows of n in both bitmaps.
func keepWord(w, n int, a, b []uint64) uint64 {
	word := ^uint64(0)
	if rem := n - w<<6; rem < 64 {
		word = 1<<uint(rem) - 1
	}
	if a != nil {
		word &= a[w]
	}
	if b != nil {
		word &= b[w]
	}
	return word
}

// startKeep returns keep, or when it is still nil because no row was
// dropped before row i, the list of rows 0 to i-1.
func startKeep(keep []int, i, n int) []int {
	if keep != nil {
		return keep
	}
	keep = make([]int, i, n)
	for j := range keep {
		keep[j] = j
	}
	return keep
}

// skipBlock reports to spec.Skipped the events of a task's block that the
// scan covers, when the block is left out unread or without a row holding
// the terms: from the block header when the whole block is covered, else
// from its timestamps, streams and seqs. avg is the size of a message.
func (s *Store) skipBlock(ctx context.Context, t *scanTask, spec *model.ScanSpec, avg int64) error {
	if spec.Skipped == nil {
		return nil
	}
	h := &t.part.blocks[t.block]
	if h.minTs >= t.start && (t.end == 0 || h.maxTs < t.end) && spec.StreamIDs == nil && !t.tombs.dirties(t.part) {
		spec.Skipped(int64(h.rows), avg*int64(h.rows))
		return nil
	}
	blk, err := s.readBlock(ctx, t.part, t.block, colblock.ColumnSet{Streams: true, Timestamps: true, Seqs: true})
	if err != nil {
		return err
	}
	n := int64(0)
	for i, ts := range blk.Timestamps {
		if ts >= t.start && (t.end == 0 || ts < t.end) &&
			(spec.StreamIDs == nil || containsID(spec.StreamIDs, blk.Streams[i])) &&
			!t.tombs.deleted(blk.Streams[i], blk.Seqs[i]) {
			n++
		}
	}
	if n > 0 {
		spec.Skipped(n, avg*n)
	}
	return nil
}

// memtableBlock builds a block of memtable rows, extracting their fields
// when the scan wants any. Its rows are never exact (extracting fields from
// the messages again is as fast as telling which ones could be trusted),
// so an exact scan gets every message and no field.
func memtableBlock(runs []streamRun, proj *projection) *colblock.Block {
	n, size := 0, 0
	for _, sr := range runs {
		n += len(sr.run)
		for i := range sr.run {
			size += len(sr.run[i].msg)
		}
	}
	// The block leaves the scan, and the memtable's memory is reused once
	// its generation is flushed and released: the messages, and the
	// fields that share their memory, go to a copy of their own.
	text := make([]byte, 0, size)
	for _, sr := range runs {
		for i := range sr.run {
			text = append(text, sr.run[i].msg...)
		}
	}
	all := unsafe.String(unsafe.SliceData(text), len(text))
	rows := make([]colblock.Row, 0, n)
	var fields []colblock.Field
	for _, sr := range runs {
		for i := range sr.run {
			e := &sr.run[i]
			msg := all[:len(e.msg)]
			all = all[len(e.msg):]
			r := colblock.Row{StoredEvent: model.StoredEvent{StreamID: sr.stream, Timestamp: e.ts, IngestionTime: e.ingest, Seq: e.seq, Message: msg}}
			if proj.wantsFields() && !proj.exact {
				start := len(fields)
				fields = colblock.FlattenJSON(msg, fields)
				r.Fields = fields[start:len(fields):len(fields)]
			}
			rows = append(rows, r)
		}
	}
	return colblock.NewBlock(rows)
}

// containsAll reports whether s contains every term.
func containsAll(s string, terms []string) bool {
	for _, t := range terms {
		if !strings.Contains(s, t) {
			return false
		}
	}
	return true
}
