package exec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// Row limits.
const (
	// DefaultLimit is the number of rows returned when neither the caller
	// nor the query asks for another number.
	DefaultLimit = 1000
	// MaxLimit is the largest number of rows a caller may ask for.
	MaxLimit = 1_000_000
	// maxConcurrency bounds Options.Concurrency.
	maxConcurrency = 256
)

// Runner runs tasks, possibly at the same time, and returns when all have
// finished. The engine never starts goroutines itself: a caller that wants
// parallel scans supplies a Runner (a worker pool, or one goroutine per
// task).
type Runner func(tasks []func())

// Options control one execution.
type Options struct {
	// Now is the query's notion of the current time; it stands in for a
	// missing End.
	Now time.Time
	// Start and End bound @timestamp, both inclusive, to millisecond
	// precision; events outside are skipped. A zero time leaves that side
	// open.
	Start, End time.Time
	// Concurrency is the number of workers the scan is split across (1 when
	// zero). Results do not depend on it.
	Concurrency int
	// Run runs the workers' tasks; nil runs them one after another. With a
	// PushSource and more than one worker, Run only says that the workers
	// may run at once: they run on the source's goroutines instead.
	Run Runner
	// Limit caps the rows returned; 0 means DefaultLimit. At most MaxLimit.
	Limit int
	// Baseline yields the events of the earlier time range a diff command
	// compares with (see syntax.DiffCmd.BaselineWindow). When a query uses
	// diff and Baseline is nil, Exec returns a *BaselineRequiredError.
	Baseline Source
	// MaxDiscoveredFields caps the fields discovered in one event's
	// message; 0 means 1000.
	MaxDiscoveredFields int
	// Mask, when set, is applied to every result value except those of
	// unmasked columns (unmask command or unmask() function); it is where
	// data-protection masking plugs in.
	Mask func(string) string
	// Progress, when set, serves snapshots of the result while the scan
	// runs.
	Progress *Progress
	// SourceTerms are substrings the message of every event of the source
	// (and of Baseline) contains, as a store's scan with those Terms
	// guarantees: a filter @message like "text" at the head of the query,
	// text among them, holds for every event and is not evaluated again.
	SourceTerms []string
}

// Result is the answer to a query.
type Result struct {
	// Fields are the result columns, in order.
	Fields []string
	// Rows hold, per row, the non-null columns in column order; rows that
	// stand for a log event end with its @ptr, as CloudWatch returns it.
	Rows [][]ResultField
	// Stats describes the work done.
	Stats Statistics
}

// ResultField is one value of a result row, formatted as CloudWatch prints
// it.
type ResultField struct {
	Field, Value string
}

// Statistics are the counters GetQueryResults reports.
type Statistics struct {
	// RecordsMatched is the number of events that passed the query's
	// filters and reached its first aggregating or ordering command.
	RecordsMatched int64
	// RecordsScanned is the number of events read within the time range.
	RecordsScanned int64
	// BytesScanned is the size of the messages of those events.
	BytesScanned int64
}

// Exec runs a parsed query over the events of src.
func Exec(ctx context.Context, q *syntax.Query, src Source, opts Options) (*Result, error) {
	if q == nil || len(q.Commands) == 0 {
		return nil, model.Errorf(model.ErrMalformedQuery, "the query is empty")
	}
	if opts.Limit < 0 || opts.Limit > MaxLimit {
		return nil, model.Errorf(model.ErrInvalidParameter, "limit must be between 1 and %d, not %d", MaxLimit, opts.Limit)
	}
	if opts.Limit == 0 {
		opts.Limit = DefaultLimit
	}
	if opts.Concurrency < 1 {
		opts.Concurrency = 1
	}
	opts.Concurrency = min(opts.Concurrency, maxConcurrency)
	if opts.MaxDiscoveredFields <= 0 {
		opts.MaxDiscoveredFields = defaultMaxDiscoveredFields
	}
	x := &execution{opts: &opts, limits: &discoveryLimits{maxFields: opts.MaxDiscoveredFields}}
	x.start, x.end = bounds(opts.Start, opts.End)

	cols, unmasked := outputColumns(q), unmaskedColumns(q)
	// A diff's stages scan the baseline, far too much work for a
	// snapshot; its results come whole.
	x.partials = q.Diff() == nil
	x.finish = func(rs rowSet, stats Statistics) *Result {
		rs = defaultOrder(rs)
		if len(rs.rows) > opts.Limit {
			rs.rows = rs.rows[:opts.Limit]
		}
		return x.result(rs.rows, cols, unmasked, stats)
	}
	rs, err := x.runPipeline(ctx, q.Commands, src, x.start, x.end, true)
	if err != nil {
		return nil, err
	}
	return x.finish(rs, x.stats), nil
}

type timeBound struct {
	ms  int64
	set bool
}

func bounds(start, end time.Time) (timeBound, timeBound) {
	var s, e timeBound
	if !start.IsZero() {
		s = timeBound{start.UnixMilli(), true}
	}
	if !end.IsZero() {
		e = timeBound{end.UnixMilli(), true}
	}
	return s, e
}

// execution is the state of one Exec call.
type execution struct {
	opts       *Options
	limits     *discoveryLimits
	start, end timeBound
	stats      Statistics
	// finish orders, limits and formats the final pipeline's rows; partial
	// snapshots go through it too.
	finish func(rs rowSet, stats Statistics) *Result
	// partials says whether the final pipeline serves snapshots.
	partials bool
}

// sinkKind is what the scan feeds rows into.
type sinkKind uint8

const (
	sinkAll   sinkKind = iota // keep every row
	sinkStats                 // aggregate
	sinkTop                   // keep the best k rows in an order
)

// pipeline is a compiled command list: per-row commands that run during
// the scan, the first aggregating or ordering command (the sink), and the
// commands after it, which run over rows in memory.
type pipeline struct {
	scan    []syntax.Command
	sink    sinkKind
	sinkCmd syntax.Command // *StatsCmd or *SortCmd, or nil
	topK    int
	stages  []stage
}

// IsRowCommand reports whether a command works one row at a time: the
// commands the scan runs before the first aggregating or ordering one.
func IsRowCommand(c syntax.Command) bool {
	switch c.(type) {
	case *syntax.FieldsCmd, *syntax.DisplayCmd, *syntax.FilterCmd, *syntax.FilterIndexCmd,
		*syntax.ParseCmd, *syntax.UnnestCmd, *syntax.UnmaskCmd, *syntax.SourceCmd:
		return true
	}
	return false
}

// isOneToOne reports whether a command keeps every row, once.
func isOneToOne(c syntax.Command) bool {
	switch c.(type) {
	case *syntax.FieldsCmd, *syntax.DisplayCmd, *syntax.ParseCmd, *syntax.UnmaskCmd, *syntax.SourceCmd:
		return true
	}
	return false
}

// rowOp compiles a per-row command.
func rowOp(c *compiler, cmd syntax.Command) (streamOp, error) {
	pass := func(r *row, emit func(*row)) { emit(r) }
	switch n := cmd.(type) {
	case *syntax.FieldsCmd:
		return projectOp(c, n.Items)
	case *syntax.DisplayCmd:
		return projectOp(c, n.Items)
	case *syntax.FilterCmd:
		return filterOp(c, n.Expr)
	case *syntax.FilterIndexCmd:
		return filterOp(c, n.Expr)
	case *syntax.ParseCmd:
		return parseOp(c, n, nil)
	case *syntax.UnnestCmd:
		return unnestOp(c, n)
	case *syntax.UnmaskCmd, *syntax.SourceCmd:
		return pass, nil
	}
	return nil, fmt.Errorf("BUG: %s is not a per-row command", cmd.Name())
}

func statsColumns(cmd *syntax.StatsCmd) map[string]bool {
	cols := map[string]bool{}
	for _, p := range cmd.By {
		cols[p.OutputName()] = true
	}
	for _, p := range cmd.Aggs {
		cols[p.OutputName()] = true
	}
	return cols
}

// compilePipeline plans cmds. final says whether the end of cmds is the
// end of the query, where the row limit applies.
func (x *execution) compilePipeline(cmds []syntax.Command, final bool) (*pipeline, error) {
	p := &pipeline{}
	i := 0
	for i < len(cmds) && IsRowCommand(cmds[i]) {
		i++
	}
	p.scan = cmds[:i]
	c := &compiler{}
	// Compile the scan commands once here to learn about errors early;
	// each worker compiles its own copy, since operators keep scratch state.
	for _, cmd := range p.scan {
		if _, err := rowOp(c, cmd); err != nil {
			return nil, err
		}
	}
	switch {
	case i == len(cmds):
		if final {
			p.sink, p.topK = sinkTop, x.opts.Limit
		}
	default:
		switch n := cmds[i].(type) {
		case *syntax.StatsCmd:
			p.sink, p.sinkCmd = sinkStats, n
			if _, err := compileStats(c, n); err != nil {
				return nil, err
			}
			c.columns = statsColumns(n)
			i++
		case *syntax.LimitCmd:
			p.sink, p.topK = sinkTop, n.N
			i++
		case *syntax.SortCmd:
			if _, err := compileSortKeys(c, n); err != nil {
				return nil, err
			}
			if k := x.sortedRowsNeeded(cmds[i+1:], final); k > 0 {
				p.sink, p.sinkCmd, p.topK = sinkTop, n, k
				i++
			}
		}
	}
	for j := i; j < len(cmds); j++ {
		st, err := x.compileStage(c, cmds, j)
		if err != nil {
			return nil, err
		}
		p.stages = append(p.stages, st)
	}
	return p, nil
}

// sortedRowsNeeded returns how many rows of a sort's output the rest of
// the pipeline can use, when that is known: the commands after it keep
// every row up to a limit or the end of the query. 0 means all rows.
func (x *execution) sortedRowsNeeded(rest []syntax.Command, final bool) int {
	for _, c := range rest {
		if l, ok := c.(*syntax.LimitCmd); ok {
			return l.N
		}
		if !isOneToOne(c) {
			return 0
		}
	}
	if final {
		return x.opts.Limit
	}
	return 0
}

func (x *execution) compileStage(c *compiler, cmds []syntax.Command, i int) (stage, error) {
	switch n := cmds[i].(type) {
	case *syntax.StatsCmd:
		op, err := compileStats(c, n)
		if err != nil {
			return nil, err
		}
		c.columns = statsColumns(n)
		return statsStage(op), nil
	case *syntax.SortCmd:
		keys, err := compileSortKeys(c, n)
		if err != nil {
			return nil, err
		}
		return sortStage(keys), nil
	case *syntax.LimitCmd:
		return limitStage(n.N), nil
	case *syntax.DedupCmd:
		return dedupStage(c, n)
	case *syntax.PatternCmd:
		f, err := c.compile(n.Input())
		if err != nil {
			return nil, err
		}
		c.columns = nil
		return patternStage(f), nil
	case *syntax.AnomalyCmd:
		c.columns = nil
		return anomalyStage(x.start.ms, x.end.ms, x.start.set && x.end.set), nil
	case *syntax.DiffCmd:
		c.columns = nil
		return x.diffStage(cmds[:i], n)
	}
	op, err := rowOp(c, cmds[i])
	if err != nil {
		return nil, err
	}
	return streamStage(op), nil
}

// hasPattern reports whether cmds produce pattern rows.
func hasPattern(cmds []syntax.Command) bool {
	for _, c := range cmds {
		if _, ok := c.(*syntax.PatternCmd); ok {
			return true
		}
	}
	return false
}

func (x *execution) diffStage(before []syntax.Command, d *syntax.DiffCmd) (stage, error) {
	implicit := !hasPattern(before)
	message := func(r *row) Value { return r.get("@message") }
	baseline := func(ctx context.Context) ([]*row, error) {
		if !x.start.set {
			return nil, model.Errorf(model.ErrInvalidParameter, "%s", errNoRange.Error())
		}
		end := x.opts.End
		if end.IsZero() {
			end = x.opts.Now
		}
		if end.IsZero() {
			return nil, model.Errorf(model.ErrInvalidParameter, "%s", errNoRange.Error())
		}
		bs, be := d.BaselineWindow(x.opts.Start, end)
		if x.opts.Baseline == nil {
			return nil, &BaselineRequiredError{Start: bs, End: be}
		}
		s, e := bounds(bs, be)
		rs, err := x.runPipeline(ctx, before, x.opts.Baseline, s, e, false)
		if err != nil {
			return nil, fmt.Errorf("cannot read the diff baseline: %w", err)
		}
		if implicit {
			if rs, err = patternStage(message)(ctx, rs); err != nil {
				return nil, err
			}
		}
		return rs.rows, nil
	}
	diff := diffStage(baseline)
	if !implicit {
		return diff, nil
	}
	pattern := patternStage(message)
	return func(ctx context.Context, in rowSet) (rowSet, error) {
		rs, err := pattern(ctx, in)
		if err != nil {
			return rowSet{}, err
		}
		return diff(ctx, rs)
	}, nil
}

// worker scans its share of the batches into its own sink.
type worker struct {
	// mu is held while the worker processes a batch, so that a progress
	// snapshot sees its state between batches.
	mu      sync.Mutex
	scratch row
	ev      Event // the current event of a batch
	// fast, when set, aggregates batch rows without the pipeline.
	fast    *batchStats
	chain   func(*row)
	table   *groupTable
	top     *topK
	rows    []*row
	lastSeq int64
	matched int64
	scanned int64
	bytes   int64
	err     error
}

func (x *execution) newWorker(p *pipeline) (*worker, error) {
	w := &worker{lastSeq: -1}
	w.scratch.limits = x.limits
	c := &compiler{}
	ops := make([]streamOp, len(p.scan))
	leading := true // cmd is one of the filters the query starts with
	terms := scanCompiler{terms: x.opts.SourceTerms}
	for i, cmd := range p.scan {
		var op streamOp
		var err error
		fc, isFilter := cmd.(*syntax.FilterCmd)
		leading = leading && isFilter
		if leading && terms.termsDecide(fc.Expr) {
			op = func(r *row, emit func(*row)) { emit(r) }
		} else if pc, ok := cmd.(*syntax.ParseCmd); ok && p.sink == sinkStats {
			op, err = parseOp(c, pc, unreadAfter(pc, p.scan[i+1:], p.sinkCmd))
		} else {
			op, err = rowOp(c, cmd)
		}
		if err != nil {
			return nil, err
		}
		ops[i] = op
	}
	var sink func(*row)
	switch p.sink {
	case sinkStats:
		op, err := compileStats(c, p.sinkCmd.(*syntax.StatsCmd))
		if err != nil {
			return nil, err
		}
		w.table = newGroupTable(op)
		sink = w.table.add
		if x.limits.maxFields >= defaultMaxDiscoveredFields {
			if filter := newBatchFilter(p.scan); filter != nil {
				if w.fast = newBatchStats(w.table); w.fast != nil && len(p.scan) > 0 {
					w.fast.filter = filter
				}
			}
		}
	case sinkTop:
		keys := defaultKeys
		if s, ok := p.sinkCmd.(*syntax.SortCmd); ok {
			var err error
			if keys, err = compileSortKeys(c, s); err != nil {
				return nil, err
			}
		}
		w.top = newTopK(p.topK, keys)
		sink = w.top.offer
	default:
		sink = func(r *row) { w.rows = append(w.rows, r.clone()) }
	}
	chain := func(r *row) {
		if r.seq != w.lastSeq { // rows of one event arrive together
			w.matched++
			w.lastSeq = r.seq
		}
		sink(r)
	}
	for i := len(ops) - 1; i >= 0; i-- {
		op, next := ops[i], chain
		chain = func(r *row) { op(r, next) }
	}
	w.chain = chain
	return w, nil
}

func (w *worker) process(ctx context.Context, events []Event, seqBase int64, start, end timeBound) {
	w.scratch.copyEv = false
	for i := range events {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				w.err = err
				return
			}
		}
		ev := &events[i]
		if (start.set && ev.Timestamp < start.ms) || (end.set && ev.Timestamp > end.ms) {
			continue
		}
		w.scanned++
		w.bytes += int64(len(ev.Message))
		w.scratch.reset(ev, seqBase+int64(i))
		w.chain(&w.scratch)
	}
}

// processBatch runs the events of a columnar batch through the pipeline,
// each in turn in one scratch Event that a row kept for later copies.
func (w *worker) processBatch(ctx context.Context, eb *EventBatch, seqBase int64, start, end timeBound) {
	b := eb.Batch
	ev := &w.ev
	*ev = Event{LogGroup: eb.LogGroup, PtrOf: eb.PtrOf, GroupID: b.GroupID, Fields: eb.Fields}
	w.scratch.copyEv = true
	stream, named := int64(0), false
	scanned := int64(0)
	// decide tells the rows the fast path may take: all of them, or those
	// the columns tell pass the stats command's filters.
	var decide rowCond
	var runBin, runN, runSeq int64 // the run of rows of one bin (binMs)
	fast := w.fast
	if fast != nil && fast.filter != nil {
		if decide = fast.filter.bind(eb); decide == nil {
			fast = nil
		}
	}
	var codes *codeCounts
	if fast != nil {
		codes = newCodeCounts(fast, eb)
	}
	for i, ts := range b.Timestamps {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				w.err = err
				return
			}
		}
		if (start.set && ts < start.ms) || (end.set && ts > end.ms) {
			continue
		}
		scanned++
		if fast != nil {
			pass, known := true, true
			if decide != nil {
				pass, known = decide(i)
			}
			if known && !pass {
				continue
			}
			if known && fast.binMs > 0 {
				// Rows of a stream come in time order, so a bin's rows
				// come in runs, counted together.
				if bin := floorDiv(ts, fast.binMs) * fast.binMs; runN == 0 || bin != runBin {
					if runN > 0 {
						fast.addCounts(runBin, runN, runSeq)
					}
					runBin, runN, runSeq = bin, 0, seqBase+int64(i)
				}
				runN++
				w.matched++
				continue
			}
			if known && codes != nil && b.IsExact(i) && codes.add(i, seqBase+int64(i)) {
				w.matched++
				continue
			}
			if known && fast.add(eb, i, seqBase+int64(i)) {
				w.matched++
				continue
			}
		}
		ev.Timestamp, ev.Row = ts, i
		if b.StreamIDs != nil {
			ev.StreamID, ev.Seq = b.StreamIDs[i], b.Seqs[i]
		}
		if b.IngestionTimes != nil {
			ev.IngestionTime = b.IngestionTimes[i]
		}
		if b.Messages != nil {
			ev.Message = b.Messages[i]
		}
		// Rows of a stream come together, so the name is looked up once a
		// run.
		if !named || ev.StreamID != stream {
			stream, named = ev.StreamID, true
			ev.LogStream = eb.Streams[stream]
		}
		w.scratch.reset(ev, seqBase+int64(i))
		w.chain(&w.scratch)
	}
	if runN > 0 {
		fast.addCounts(runBin, runN, runSeq)
	}
	if codes != nil {
		codes.flush(fast)
	}
	w.scanned += scanned
	if n := int64(b.Len()); n > 0 {
		w.bytes += eb.Bytes * scanned / n
	}
}

// runPipeline runs cmds over the events of src within [start, end].
func (x *execution) runPipeline(ctx context.Context, cmds []syntax.Command, src Source, start, end timeBound, final bool) (rowSet, error) {
	p, err := x.compilePipeline(cmds, final)
	if err != nil {
		return rowSet{}, err
	}
	n := x.opts.Concurrency
	workers := make([]*worker, n)
	for i := range workers {
		if workers[i], err = x.newWorker(p); err != nil {
			return rowSet{}, err
		}
	}
	if final && x.partials {
		x.opts.Progress.set(func() *Result { return x.partial(ctx, p, workers) })
	}
	if ps, ok := src.(PushSource); ok && x.opts.Run != nil && n > 1 {
		err = pushTo(ctx, ps, workers, start, end)
	} else {
		err = pullTo(ctx, src, workers, x.opts.Run, start, end)
	}
	x.opts.Progress.set(nil)
	if err != nil {
		return rowSet{}, err
	}
	for _, w := range workers {
		x.stats.RecordsScanned += w.scanned
		x.stats.BytesScanned += w.bytes
		if final {
			x.stats.RecordsMatched += w.matched
		}
	}
	tables := make([]*groupTable, len(workers))
	tops := make([]*topK, len(workers))
	rows := make([][]*row, len(workers))
	for i, w := range workers {
		tables[i], tops[i], rows[i] = w.table, w.top, w.rows
	}
	return p.gather(ctx, tables, tops, rows)
}

// workerErr returns the first error of the workers.
func workerErr(workers []*worker) error {
	for _, w := range workers {
		if w.err != nil {
			return w.err
		}
	}
	return nil
}

// pushTo has src hand its batches to the workers on its own goroutines,
// numbering the events in the order they are handed over.
func pushTo(ctx context.Context, src PushSource, workers []*worker, start, end timeBound) error {
	var seq atomic.Int64
	err := src.Push(ctx, len(workers), func(i int, eb *EventBatch) error {
		n := int64(eb.Batch.Len())
		if n == 0 {
			return nil
		}
		w := workers[i]
		w.mu.Lock()
		defer w.mu.Unlock()
		w.processBatch(ctx, eb, seq.Add(n)-n, start, end)
		return w.err
	})
	if werr := workerErr(workers); werr != nil {
		return werr
	}
	if err != nil {
		return fmt.Errorf("cannot read log events: %w", err)
	}
	return nil
}

// pullTo runs the workers with run (one after another when nil or when
// there is one), each pulling batches from src until it runs dry.
func pullTo(ctx context.Context, src Source, workers []*worker, run Runner, start, end timeBound) error {
	// Each worker pulls batches until the source runs dry, so a slow batch
	// holds up no other worker; pulls are serialized, as Source requires,
	// and number the events in pull order whatever the timing.
	var (
		mu      sync.Mutex
		seq     int64
		srcErr  error
		stopped bool
	)
	batches, _ := src.(BatchSource)
	type pulled struct {
		events []Event
		batch  *EventBatch
		base   int64
	}
	next := func() (pulled, bool) {
		mu.Lock()
		defer mu.Unlock()
		for !stopped {
			var p pulled
			var n int
			var err error
			if batches != nil {
				p.batch, err = batches.NextBatch(ctx)
				if p.batch != nil {
					n = p.batch.Batch.Len()
				}
			} else {
				p.events, err = src.Next(ctx)
				n = len(p.events)
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					srcErr = fmt.Errorf("cannot read log events: %w", err)
				}
				stopped = true
				break
			}
			if n == 0 {
				continue
			}
			p.base = seq
			seq += int64(n)
			return p, true
		}
		return pulled{}, false
	}
	tasks := make([]func(), len(workers))
	for i, w := range workers {
		tasks[i] = func() {
			for {
				p, ok := next()
				if !ok {
					return
				}
				w.mu.Lock()
				if p.batch != nil {
					w.processBatch(ctx, p.batch, p.base, start, end)
				} else {
					w.process(ctx, p.events, p.base, start, end)
				}
				failed := w.err != nil
				w.mu.Unlock()
				if failed {
					mu.Lock()
					stopped = true
					mu.Unlock()
					return
				}
			}
		}
	}
	if run != nil && len(tasks) > 1 {
		run(tasks)
	} else {
		for _, t := range tasks {
			t()
		}
	}
	if srcErr != nil {
		return srcErr
	}
	return workerErr(workers)
}

// gather merges the workers' sinks and runs the commands after the sink.
func (p *pipeline) gather(ctx context.Context, tables []*groupTable, tops []*topK, rows [][]*row) (rowSet, error) {
	var rs rowSet
	switch p.sink {
	case sinkStats:
		t := tables[0]
		for _, o := range tables[1:] {
			t.merge(o)
		}
		rs = rowSet{rows: t.rows(), ordered: true}
	case sinkTop:
		t := tops[0]
		for _, o := range tops[1:] {
			t.merge(o)
		}
		rs = rowSet{rows: t.sorted(), ordered: true}
	default:
		for _, r := range rows {
			rs.rows = append(rs.rows, r...)
		}
		// Put rows back in arrival order so the commands that follow see
		// the same input however the scan was split.
		slices.SortFunc(rs.rows, compareArrival)
	}
	var err error
	for _, st := range p.stages {
		if rs, err = st(ctx, rs); err != nil {
			return rowSet{}, err
		}
	}
	return rs, nil
}

// partial is the result over what the workers have seen so far, from
// copies of their sinks.
func (x *execution) partial(ctx context.Context, p *pipeline, workers []*worker) *Result {
	var stats Statistics
	tables := make([]*groupTable, len(workers))
	tops := make([]*topK, len(workers))
	rows := make([][]*row, len(workers))
	for i, w := range workers {
		var got []*row
		var scanned, bytes, matched int64
		got, tables[i], scanned, bytes, matched = w.snapshot(p)
		stats.RecordsScanned += scanned
		stats.BytesScanned += bytes
		stats.RecordsMatched += matched
		if p.sink == sinkTop {
			tops[i] = newTopK(p.topK, w.top.keys)
			for _, r := range got {
				tops[i].offer(r)
			}
		} else {
			rows[i] = got
		}
	}
	rs, err := p.gather(ctx, tables, tops, rows)
	if err != nil {
		return nil
	}
	return x.finish(rs, stats)
}

// result formats rows for the caller.
func (x *execution) result(rows []*row, cols []string, unmasked map[string]bool, stats Statistics) *Result {
	res := &Result{Fields: cols, Stats: stats}
	hasPtrColumn := slices.Contains(cols, "@ptr")
	res.Rows = make([][]ResultField, len(rows))
	for i, r := range rows {
		out := make([]ResultField, 0, len(cols)+1)
		for _, col := range cols {
			v := r.get(col)
			if v.IsNull() {
				continue
			}
			s := v.String()
			if x.opts.Mask != nil && !unmasked[col] {
				s = x.opts.Mask(s)
			}
			out = append(out, ResultField{Field: col, Value: s})
		}
		if r.ev != nil && !hasPtrColumn {
			if p := r.ev.ptr(); p != "" {
				out = append(out, ResultField{Field: "@ptr", Value: p})
			}
		}
		res.Rows[i] = out
	}
	return res
}
