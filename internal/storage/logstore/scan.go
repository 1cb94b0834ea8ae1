package logstore

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

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
		mu       sync.Mutex // serializes fn and guards firstErr
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
	for range min(max(concurrency, 1), len(tasks)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(tasks) || ctx.Err() != nil {
					return
				}
				b, err := s.runScanTask(ctx, &tasks[i], &spec, proj, &filter)
				if err == nil && b != nil {
					mu.Lock()
					if firstErr == nil {
						err = fn(b)
					}
					mu.Unlock()
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
// selected.
func (s *Store) runScanTask(ctx context.Context, t *scanTask, spec *model.ScanSpec, proj *projection, filter *blockFilter) (*model.Batch, error) {
	var b *model.Batch
	if t.part != nil {
		ok, err := filter.check(ctx, s, t.part, t.block)
		if err != nil || !ok {
			return nil, err
		}
		blk, err := s.readBlock(ctx, t.part, t.block, proj.set)
		if err != nil {
			return nil, err
		}
		b = toBatch(t.group, blk, proj)
	} else {
		b = toBatch(t.group, memtableBlock(t.runs, proj), proj)
	}
	keep := make([]int, 0, b.Len())
	for i := range b.Timestamps {
		ts, stream := b.Timestamps[i], b.StreamIDs[i]
		if ts < t.start || (t.end != 0 && ts >= t.end) ||
			(spec.StreamIDs != nil && !containsID(spec.StreamIDs, stream)) ||
			t.tombs.deleted(stream, b.Seqs[i]) ||
			(spec.Filter != nil && !spec.Filter(b, i)) {
			continue
		}
		keep = append(keep, i)
	}
	if len(keep) == 0 {
		return nil, nil
	}
	s.metrics.rowsScanned.Add(int64(len(keep)))
	return selectRows(b, keep), nil
}

// memtableBlock builds a block of memtable rows, extracting their fields
// when the scan wants any.
func memtableBlock(runs []streamRun, proj *projection) *colblock.Block {
	n := 0
	for _, sr := range runs {
		n += len(sr.run)
	}
	rows := make([]colblock.Row, 0, n)
	var fields []colblock.Field
	for _, sr := range runs {
		for i := range sr.run {
			e := &sr.run[i]
			r := colblock.Row{StoredEvent: model.StoredEvent{StreamID: sr.stream, Timestamp: e.ts, IngestionTime: e.ingest, Seq: e.seq, Message: e.msg}}
			if proj.wantsFields() {
				start := len(fields)
				fields = colblock.FlattenJSON(e.msg, fields)
				r.Fields = fields[start:len(fields):len(fields)]
			}
			rows = append(rows, r)
		}
	}
	return colblock.NewBlock(rows)
}
