package exec

import "sync"

// Progress lets a caller look at a running query's result so far, as
// CloudWatch shows partial results while a query is Running. Put one in
// Options.Progress; Snapshot may be called from any goroutine while Exec
// runs.
type Progress struct {
	mu sync.Mutex
	fn func() *Result
}

// Snapshot is the result over the events scanned so far, formatted and
// limited as the final result will be, or nil when there is none yet (the
// scan has not started, or the query needs its whole input first, as diff
// does) or any more (the scan is over and the final result is being made).
func (p *Progress) Snapshot() *Result {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fn == nil {
		return nil
	}
	return p.fn()
}

// set installs or, with nil, withdraws the snapshot function; withdrawing
// waits for a snapshot in progress, so none overlaps what follows.
func (p *Progress) set(fn func() *Result) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.fn = fn
	p.mu.Unlock()
}

// snapshot copies a worker's sink under its lock, into state the snapshot
// owns: the worker goes on changing its own.
func (w *worker) snapshot(p *pipeline) (rows []*row, table *groupTable, scanned, bytes, matched int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch p.sink {
	case sinkStats:
		table = w.table.clone()
	case sinkTop:
		// Kept rows are never changed, only replaced; offering them to
		// another topK clones them.
		rows = make([]*row, len(w.top.h.rows))
		for i, kr := range w.top.h.rows {
			rows[i] = kr.r
		}
	default:
		rows = make([]*row, len(w.rows))
		for i, r := range w.rows {
			rows[i] = r.clone()
		}
	}
	return rows, table, w.scanned, w.bytes, w.matched
}

// clone copies the table's groups with fresh aggregate states. A fresh
// state that merges another copies what it keeps, or shares arrays it only
// reads within the lengths they had (the chunks of pct), so the copy and
// the original can go on separately.
func (t *groupTable) clone() *groupTable {
	c := newGroupTable(t.op)
	for k, g := range t.groups {
		ng := &group{keys: g.keys, seq: g.seq, states: make([]aggState, len(g.states))}
		for i, st := range g.states {
			ng.states[i] = t.op.specs[i].newState()
			ng.states[i].merge(st)
		}
		c.groups[k] = ng
	}
	return c
}
