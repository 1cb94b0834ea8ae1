package exec

import (
	"cmp"
	"container/heap"
	"context"
	"slices"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// sortKey is one compiled key of a sort.
type sortKey struct {
	f    evalFn
	desc bool
}

// keyedRow is a row with its sort key values computed once.
type keyedRow struct {
	r    *row
	keys []Value
}

// compareKeyed orders rows by their keys (null last in either direction),
// then by arrival, so every sort is total and repeatable.
func compareKeyed(a, b keyedRow, keys []sortKey) int {
	for i, k := range keys {
		va, vb := a.keys[i], b.keys[i]
		switch {
		case va.IsNull() && vb.IsNull():
			continue
		case va.IsNull():
			return 1
		case vb.IsNull():
			return -1
		}
		c := compareValues(va, vb)
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return compareArrival(a.r, b.r)
}

// compareArrival orders rows by the arrival of their events, then by
// their position among the rows unnest made from one event.
func compareArrival(a, b *row) int {
	if c := cmp.Compare(a.seq, b.seq); c != 0 {
		return c
	}
	return cmp.Compare(a.sub, b.sub)
}

func keyRow(r *row, keys []sortKey) keyedRow {
	kr := keyedRow{r: r, keys: make([]Value, len(keys))}
	for i, k := range keys {
		kr.keys[i] = k.f(r)
	}
	return kr
}

func sortRows(rows []*row, keys []sortKey) []*row {
	keyed := make([]keyedRow, len(rows))
	for i, r := range rows {
		keyed[i] = keyRow(r, keys)
	}
	slices.SortFunc(keyed, func(a, b keyedRow) int { return compareKeyed(a, b, keys) })
	out := make([]*row, len(rows))
	for i, k := range keyed {
		out[i] = k.r
	}
	return out
}

// defaultKeys is CloudWatch's order when a query does not sort: newest
// @timestamp first.
var defaultKeys = []sortKey{{f: func(r *row) Value { return r.get("@timestamp") }, desc: true}}

// defaultOrder puts rows that have no chosen order into the default order.
func defaultOrder(in rowSet) rowSet {
	if in.ordered {
		return in
	}
	return rowSet{rows: sortRows(in.rows, defaultKeys), ordered: true}
}

func compileSortKeys(c *compiler, cmd *syntax.SortCmd) ([]sortKey, error) {
	keys := make([]sortKey, len(cmd.Keys))
	for i, k := range cmd.Keys {
		f, err := c.compile(k.Expr)
		if err != nil {
			return nil, err
		}
		keys[i] = sortKey{f: f, desc: k.Descending()}
	}
	return keys, nil
}

func sortStage(keys []sortKey) stage {
	return func(_ context.Context, in rowSet) (rowSet, error) {
		return rowSet{rows: sortRows(in.rows, keys), ordered: true}, nil
	}
}

// topK keeps the k best rows seen, in the order of keys. Its heap holds
// the worst kept row on top, to be pushed out by a better one.
type topK struct {
	k    int
	keys []sortKey
	h    keyedHeap
}

type keyedHeap struct {
	rows []keyedRow
	keys []sortKey
}

func (h *keyedHeap) Len() int { return len(h.rows) }
func (h *keyedHeap) Less(i, j int) bool {
	return compareKeyed(h.rows[i], h.rows[j], h.keys) > 0
}
func (h *keyedHeap) Swap(i, j int) { h.rows[i], h.rows[j] = h.rows[j], h.rows[i] }
func (h *keyedHeap) Push(x any)    { h.rows = append(h.rows, x.(keyedRow)) }
func (h *keyedHeap) Pop() any {
	x := h.rows[len(h.rows)-1]
	h.rows = h.rows[:len(h.rows)-1]
	return x
}

func newTopK(k int, keys []sortKey) *topK {
	return &topK{k: k, keys: keys, h: keyedHeap{keys: keys}}
}

// offer considers a row; it is cloned only when kept.
func (t *topK) offer(r *row) {
	kr := keyRow(r, t.keys)
	if t.h.Len() < t.k {
		kr.r = r.clone()
		heap.Push(&t.h, kr)
		return
	}
	if compareKeyed(kr, t.h.rows[0], t.keys) >= 0 {
		return
	}
	kr.r = r.clone()
	t.h.rows[0] = kr
	heap.Fix(&t.h, 0)
}

// merge adds the rows another topK kept.
func (t *topK) merge(o *topK) {
	for _, kr := range o.h.rows {
		if t.h.Len() < t.k {
			heap.Push(&t.h, kr)
		} else if compareKeyed(kr, t.h.rows[0], t.keys) < 0 {
			t.h.rows[0] = kr
			heap.Fix(&t.h, 0)
		}
	}
}

// sorted returns the kept rows, best first.
func (t *topK) sorted() []*row {
	rows := slices.Clone(t.h.rows)
	slices.SortFunc(rows, func(a, b keyedRow) int { return compareKeyed(a, b, t.keys) })
	out := make([]*row, len(rows))
	for i, k := range rows {
		out[i] = k.r
	}
	return out
}
