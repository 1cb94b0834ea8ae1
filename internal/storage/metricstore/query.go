package metricstore

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/openwatch/openwatch/internal/model"
)

// maxQueryPeriods bounds the periods of one query, which each worker keeps
// an accumulator for.
const maxQueryPeriods = 1 << 20

// Query asks for statistics of series per period.
type Query struct {
	// Key selects one series by its exact key (dimensions in any order).
	// When Key is nil, Keys selects several series that way, each result
	// placed by the position of its key in Keys; keys without a series are
	// left out. When both are nil, Filter selects every matching series,
	// with the rules of ListMetrics (including the two-week window when Now
	// is set).
	Key    *SeriesKey
	Keys   []SeriesKey
	Filter Filter
	// Start and End bound the datapoints, in milliseconds since the epoch,
	// as [Start, End). Start must be a whole second. Period i is
	// [Start + i·Period, Start + (i+1)·Period).
	Start, End int64
	// Period is in seconds: 1, 5, 10, 20, 30 or a multiple of 60.
	Period int64
	// Statistics are computed for every period holding data.
	Statistics []Statistic
	// Unit selects the data stored with that unit; UnitAny selects every
	// unit, each unit giving its own result.
	Unit Unit
	// Now, in milliseconds since the epoch, applies retention: data older
	// than its resolution is kept for is left out even if Compact has not
	// dropped it yet. Zero leaves out nothing.
	Now int64
	// Concurrency is how many goroutines decode series; 0 or 1 means the
	// calling goroutine only.
	Concurrency int
}

// SeriesResult holds the statistics of one series in one unit.
type SeriesResult struct {
	Key  SeriesKey
	Unit Unit
	// Timestamps holds the start, in milliseconds since the epoch, of every
	// period with data, ascending.
	Timestamps []int64
	// Values[i][j] is Statistics[i] of the period at Timestamps[j]. It is
	// NaN when the statistic is not available: percentile-based statistics
	// of a period holding negative values or statistic sets of distinct
	// samples, or a trimmed mean with nothing within its bounds.
	Values [][]float64
}

// plan is a validated query.
type plan struct {
	start, end, period int64 // seconds
	n                  int   // periods
	// tier is the rollup tier read, or -1 for raw points.
	tier   int
	res    int64 // the tier's resolution
	cutoff int64 // data before it has aged out
	need   colMask
	sketch bool
	stats  []Statistic
	unit   Unit
}

// newPlan validates q and picks the coarsest resolution whose buckets
// divide the periods: the tier of the largest resolution (3600, 300 or 60
// seconds) that divides both Period and Start, else raw points. This is
// what CloudWatch does: data older than 15 days is only there in 5-minute
// buckets, so a query for it must use periods of 5 minutes.
func newPlan(q *Query) (*plan, error) {
	if q.Start < 0 || q.Start%1000 != 0 || q.End <= q.Start {
		return nil, model.Errorf(model.ErrInvalidParameter, "the start time must be a whole second before the end time")
	}
	switch p := q.Period; {
	case p == 1 || p == 5 || p == 10 || p == 20 || p == 30:
	case p >= 60 && p%60 == 0:
	default:
		return nil, model.Errorf(model.ErrInvalidParameter, "period must be 1, 5, 10, 20, 30 or a multiple of 60, got %d", q.Period)
	}
	if len(q.Statistics) == 0 {
		return nil, model.Errorf(model.ErrInvalidParameter, "no statistic asked for")
	}
	if q.Unit != UnitAny && !q.Unit.valid() {
		return nil, model.Errorf(model.ErrInvalidParameter, "unknown unit %d", q.Unit)
	}
	// Nothing is stored past maxTimestamp; clamping keeps the arithmetic
	// below from overflowing.
	end := min(q.End, (maxTimestamp+1)*1000)
	if q.Start >= end {
		return nil, model.Errorf(model.ErrInvalidParameter, "the start time is out of range")
	}
	p := &plan{start: q.Start / 1000, end: (end + 999) / 1000, period: q.Period, tier: -1, stats: q.Statistics, unit: q.Unit}
	n := (p.end - p.start + p.period - 1) / p.period
	if n > maxQueryPeriods {
		return nil, model.Errorf(model.ErrInvalidParameter, "the query spans %d periods, more than %d", n, maxQueryPeriods)
	}
	p.n = int(n)
	for k := numTiers - 1; k >= 0; k-- {
		if res := tierRes[k]; p.period%res == 0 && p.start%res == 0 {
			p.tier, p.res = k, res
			break
		}
	}
	p.cutoff = math.MinInt64
	if q.Now != 0 {
		if p.tier < 0 {
			p.cutoff = q.Now/1000 - rawRetention
		} else {
			// Rollup buckets age out whole, so head points go by the
			// bucket they fall in too.
			p.cutoff = ceilDiv(q.Now/1000-tierRetention[p.tier], p.res) * p.res
		}
	}
	p.need = colCount
	for _, st := range q.Statistics {
		switch {
		case st.needsSketch():
			p.need = colAll
			p.sketch = true
		case st.Kind == StatSum || st.Kind == StatAverage:
			p.need |= colSum
		case st.Kind == StatMinimum || st.Kind == StatMaximum:
			p.need |= colSum | colMin | colMax
		}
	}
	return p, nil
}

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int64) int64 {
	q := a / b
	if a%b > 0 {
		q++
	}
	return q
}

// queryTarget is a selected series and its position in the results.
type queryTarget struct {
	ref seriesRef
	key SeriesKey
	pos int
}

// Query computes statistics per period for the selected series. Results
// come in the order of ListMetrics (of Keys when the query has them), and
// by unit within a series; series and units without data in the range are
// left out. An invalid query fails with model.ErrInvalidParameter.
func (s *Store) Query(ctx context.Context, q Query) ([]SeriesResult, error) {
	type indexed struct {
		i int
		r SeriesResult
	}
	var all []indexed
	err := s.QueryEach(ctx, q, func(i int, r *SeriesResult) error {
		// Take the result's slices rather than copy them: a long range
		// over many series would otherwise copy every datapoint once more.
		all = append(all, indexed{i, *r})
		r.Timestamps, r.Values = nil, nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Results of one series come together and in unit order.
	slices.SortStableFunc(all, func(a, b indexed) int { return cmp.Compare(a.i, b.i) })
	var out []SeriesResult
	if len(all) > 0 {
		out = make([]SeriesResult, len(all))
	}
	for j := range all {
		out[j] = all[j].r
	}
	return out, nil
}

// QueryEach is Query without collecting the results: it calls fn with each
// one as soon as it is computed, with i the position of its series in the
// order of Query. The result and its slices are reused after fn returns,
// so fn copies what it keeps, or takes r.Timestamps and r.Values over by
// setting both to nil, which leaves them to fn alone. fn is called by one
// goroutine at a time; with Concurrency above 1, results come in no
// particular order. An error from fn stops the query and is returned.
// Workers and their scratch space are pooled across queries.
func (s *Store) QueryEach(ctx context.Context, q Query, fn func(i int, r *SeriesResult) error) error {
	p, err := newPlan(&q)
	if err != nil {
		return err
	}
	targets, err := s.selectSeries(ctx, &q)
	if err != nil || len(targets) == 0 {
		return err
	}
	workers := min(max(q.Concurrency, 1), len(targets))
	var next atomic.Int64
	var mu sync.Mutex // serializes fn and guards firstErr
	var firstErr error
	run := func() {
		w := getQueryWorker(p)
		defer putQueryWorker(w)
		emit := fn
		if workers > 1 {
			emit = func(i int, r *SeriesResult) error {
				mu.Lock()
				defer mu.Unlock()
				if firstErr != nil {
					return firstErr
				}
				return fn(i, r)
			}
		}
		for {
			i := int(next.Add(1) - 1)
			if i >= len(targets) {
				return
			}
			err := ctx.Err()
			if err == nil {
				err = w.series(s, p, &targets[i], emit)
			}
			if err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				next.Store(int64(len(targets)))
				return
			}
		}
	}
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(run)
	}
	run()
	wg.Wait()
	return firstErr
}

// selectSeries returns the series q selects, in id order.
func (s *Store) selectSeries(ctx context.Context, q *Query) ([]queryTarget, error) {
	x := s.idx
	switch {
	case q.Key != nil:
		return s.selectKeys(ctx, []SeriesKey{*q.Key})
	case q.Keys != nil:
		return s.selectKeys(ctx, q.Keys)
	}
	if err := q.Filter.validate(q.Now); err != nil {
		return nil, err
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	m, ok := x.compile(&q.Filter, q.Now)
	if !ok {
		return nil, nil
	}
	var out []queryTarget
	for i, id := range x.candidates(&q.Filter) {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if sr := x.get(id); sr != nil && m.match(x, sr) {
			out = append(out, queryTarget{ref: seriesRef{id, sr}, key: x.decodeKey(sr.key), pos: len(out)})
		}
	}
	return out, nil
}

// selectKeys returns the series of keys that exist, each at the position
// of its key.
func (s *Store) selectKeys(ctx context.Context, keys []SeriesKey) ([]queryTarget, error) {
	norm := make([]SeriesKey, len(keys))
	var arena []Dimension
	for i := range keys {
		k, err := keys[i].normalizeIn(&arena)
		if err != nil {
			return nil, err
		}
		// Results carry their key; they must not share the caller's
		// dimensions.
		k.Dimensions = slices.Clone(k.Dimensions)
		norm[i] = k
	}
	x := s.idx
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out []queryTarget
	var kb []byte
	var ids idCache
	for i := range norm {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var ok bool
		kb, ok = x.appendKeyWith(kb[:0], &norm[i], false, &ids)
		if !ok {
			continue
		}
		if id, ok := x.lookup(kb, x.hashKey(kb)); ok {
			out = append(out, queryTarget{ref: seriesRef{id, x.get(id)}, key: norm[i], pos: i})
		}
	}
	return out, nil
}

// streamView is what a query reads of one stream, taken under the series
// lock and read without it.
type streamView struct {
	unit Unit
	head *rawChunk
	raw  []*rawChunk
	tier []*rollupChunk
}

// views returns the streams of a series that the plan reads.
func (s *Store) views(ref seriesRef, p *plan) []streamView {
	mu := s.lock(ref.id)
	mu.Lock()
	defer mu.Unlock()
	var vs []streamView
	if ref.sr.key == "" {
		return nil
	}
	ref.sr.eachStream(func(st *stream) {
		if p.unit != UnitAny && st.unit != p.unit {
			return
		}
		v := streamView{unit: st.unit}
		if h := &st.head; h.n > 0 && h.maxT() >= p.start && h.minT() < p.end && h.maxT() >= p.cutoff {
			v.head = h.view()
		}
		if c := st.cold; c != nil {
			if p.tier < 0 {
				v.raw = c.raw[:len(c.raw):len(c.raw)]
			} else {
				t := c.tiers[p.tier]
				v.tier = t[:len(t):len(t)]
			}
		}
		if v.head != nil || len(v.raw) > 0 || len(v.tier) > 0 {
			vs = append(vs, v)
		}
	})
	slices.SortFunc(vs, func(a, b streamView) int { return cmp.Compare(a.unit, b.unit) })
	return vs
}

// accPageBits sets the size of the accumulator pages of a query worker:
// pages are allocated when touched, so a long sparse range costs little.
const accPageBits = 12

// queryWorker holds one goroutine's scratch space.
type queryWorker struct {
	pages  [][]bucket // accumulators of period k: pages[k>>accPageBits][k&mask]
	spare  [][]bucket
	lo, hi int // range of periods touched since the last emit
	cols   rollupCols
	it     rawIter
	res    SeriesResult // reused for every result
}

// maxSparePages bounds the accumulator pages a pooled worker keeps (48
// bytes a period each), so that one query over a very long range does not
// pin its scratch space for good.
const maxSparePages = 16

// maxPooledPeriods bounds the result slices a pooled worker keeps.
const maxPooledPeriods = 1 << 16

// queryWorkerPool recycles workers between queries: the service reads a
// SEARCH one series per query, and fresh accumulator pages for each one
// cost more than the reading itself.
var queryWorkerPool = sync.Pool{New: func() any { return new(queryWorker) }}

// getQueryWorker returns a worker with empty accumulators for p.
func getQueryWorker(p *plan) *queryWorker {
	w := queryWorkerPool.Get().(*queryWorker)
	w.pages = grow(w.pages, (p.n>>accPageBits)+1)
	w.lo, w.hi = p.n, -1
	return w
}

// putQueryWorker empties w's accumulators, releasing their sketches, and
// returns w to the pool. Accumulators are left touched only when a query
// stops early.
func putQueryWorker(w *queryWorker) {
	for k, pg := range w.pages {
		if pg == nil {
			continue
		}
		for i := range pg {
			pg[i].release()
		}
		w.spare = append(w.spare, pg)
		w.pages[k] = nil
	}
	clear(w.spare[min(len(w.spare), maxSparePages):])
	w.spare = w.spare[:min(len(w.spare), maxSparePages)]
	w.pages = w.pages[:0]
	w.res.Key = SeriesKey{}
	if cap(w.res.Timestamps) > maxPooledPeriods {
		w.res.Timestamps, w.res.Values = nil, nil
	}
	queryWorkerPool.Put(w)
}

func (w *queryWorker) touch(k int) *bucket {
	pg := w.pages[k>>accPageBits]
	if pg == nil {
		if n := len(w.spare); n > 0 {
			pg, w.spare = w.spare[n-1], w.spare[:n-1]
		} else {
			pg = make([]bucket, 1<<accPageBits)
		}
		w.pages[k>>accPageBits] = pg
	}
	w.lo, w.hi = min(w.lo, k), max(w.hi, k)
	return &pg[k&(1<<accPageBits-1)]
}

// series computes the results of target t and passes them to emit, with
// the target's position.
func (w *queryWorker) series(s *Store, p *plan, t *queryTarget, emit func(int, *SeriesResult) error) error {
	for _, v := range s.views(t.ref, p) {
		if direct(p, &v) {
			if err := w.readDirect(p, &v); err != nil {
				return err
			}
		} else {
			if err := w.accumulate(p, &v); err != nil {
				return err
			}
			if w.hi < w.lo {
				continue
			}
			w.emit(p)
		}
		if len(w.res.Timestamps) == 0 {
			continue
		}
		w.res.Key, w.res.Unit = t.key, v.unit
		if err := emit(t.pos, &w.res); err != nil {
			return err
		}
	}
	return nil
}

// accumulate adds a stream's data in the plan's range to the accumulators.
func (w *queryWorker) accumulate(p *plan, v *streamView) error {
	if v.head != nil {
		if err := w.addRaw(p, v.head); err != nil {
			return err
		}
	}
	for _, c := range v.raw {
		if err := w.addRaw(p, c); err != nil {
			return err
		}
	}
	for _, c := range v.tier {
		if err := w.addRollup(p, c); err != nil {
			return err
		}
	}
	return nil
}

// period maps times (seconds, or bucket indexes) to period numbers,
// remembering the last period so that ordered input divides rarely.
type period struct {
	start, length int64
	k             int64
	lo, hi        int64 // the last period covers [lo, hi)
}

func newPeriod(start, length int64) period {
	return period{start: start, length: length, lo: 1, hi: 0}
}

func (pd *period) of(t int64) int {
	if pd.length == 1 {
		return int(t - pd.start)
	}
	if t < pd.lo || t >= pd.hi {
		pd.k = (t - pd.start) / pd.length
		pd.lo = pd.start + pd.k*pd.length
		pd.hi = pd.lo + pd.length
	}
	return int(pd.k)
}

// addRaw adds the points of a raw chunk.
func (w *queryWorker) addRaw(p *plan, c *rawChunk) error {
	if c.maxT < p.start || c.minT >= p.end || c.maxT < p.cutoff {
		return nil
	}
	pd := newPeriod(p.start, p.period)
	w.it.reset(c.b, int(c.n))
	for w.it.next() {
		e := &w.it.e
		if e.t < p.start || e.t >= p.end || e.t < p.cutoff {
			continue
		}
		b := w.touch(pd.of(e.t))
		if p.sketch {
			b.addEntry(e)
			continue
		}
		a := &b.agg
		switch e.kind {
		case kindValue:
			a.add(e.v, 1)
		case kindStats:
			a.merge(aggregate{count: e.st.SampleCount, sum: e.st.Sum, min: e.st.Minimum, max: e.st.Maximum})
		case kindDist:
			for i, v := range e.vals {
				c := 1.0
				if e.cnts != nil {
					c = e.cnts[i]
				}
				a.add(v, c)
			}
		}
	}
	return w.it.finish()
}

// addRollup adds the buckets of a rollup chunk.
func (w *queryWorker) addRollup(p *plan, c *rollupChunk) error {
	if c.maxT < p.start || c.minT >= p.end || c.maxT < p.cutoff {
		return nil
	}
	d := &w.cols
	if err := c.decode(p.need, d); err != nil {
		return err
	}
	// Work in bucket indexes: the tier's resolution divides Start and
	// Period.
	first, last := p.start/p.res, ceilDiv(p.end, p.res)
	if p.cutoff > math.MinInt64 {
		first = max(first, p.cutoff/p.res)
	}
	pd := newPeriod(p.start/p.res, p.period/p.res)
	for i, idx := range d.idx {
		if idx < first || idx >= last {
			continue
		}
		b := w.touch(pd.of(idx))
		switch {
		case p.sketch:
			if err := b.mergeEncoded(aggregate{count: d.count[i], sum: d.sum[i], min: d.min[i], max: d.max[i]}, d.sk[i]); err != nil {
				return err
			}
		case p.need&colMin != 0:
			b.agg.merge(aggregate{count: d.count[i], sum: d.sum[i], min: d.min[i], max: d.max[i]})
		case p.need&colSum != 0:
			b.agg.count += d.count[i]
			b.agg.sum += d.sum[i]
		default:
			b.agg.count += d.count[i]
		}
	}
	return nil
}

// emit turns the touched accumulators into w.res and resets them.
func (w *queryWorker) emit(p *plan) {
	first, last := w.lo>>accPageBits, w.hi>>accPageBits
	// Room for every touched period; trimmed to the ones with data.
	n := w.hi - w.lo + 1
	r := &w.res
	r.Timestamps = grow(r.Timestamps, n)
	r.Values = grow(r.Values, len(p.stats))
	for s := range r.Values {
		r.Values[s] = grow(r.Values[s], n)
	}
	j := 0
	for pi := first; pi <= last; pi++ {
		pg := w.pages[pi]
		if pg == nil {
			continue
		}
		base := int64(pi << accPageBits)
		for i := range pg {
			b := &pg[i]
			if b.agg.count == 0 {
				continue
			}
			// Periods outside [lo, hi] are empty, so j stays within n.
			r.Timestamps[j] = (p.start + (base+int64(i))*p.period) * 1000
			for s := range p.stats {
				// The plain statistics inline: this runs for every
				// period of every result.
				var v float64
				switch st := &p.stats[s]; st.Kind {
				case StatAverage:
					v = b.agg.sum / b.agg.count
				case StatSum:
					v = b.agg.sum
				case StatSampleCount:
					v = b.agg.count
				default:
					v = b.value(st)
				}
				r.Values[s][j] = v
			}
			j++
		}
		if p.sketch {
			for i := range pg {
				pg[i].release()
			}
		} else {
			clear(pg)
		}
		w.spare = append(w.spare, pg)
		w.pages[pi] = nil
	}
	r.Timestamps = r.Timestamps[:j]
	for s := range r.Values {
		r.Values[s] = r.Values[s][:j]
	}
	w.lo, w.hi = p.n, -1
}
