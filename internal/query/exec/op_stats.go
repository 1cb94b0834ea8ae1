package exec

import (
	"context"
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/openwatch/openwatch/internal/query/syntax"
)

// statsOp is a compiled stats command.
type statsOp struct {
	by      []evalFn
	byNames []string
	specs   []aggSpec // every aggregate call, in slot order
	// args are the distinct arguments of the calls, each evaluated once a
	// row (avg(x) and pct(x, 99) read x once); argOf[i] indexes the one of
	// specs[i], -1 for none.
	args  []evalFn
	argOf []int
	// byExprs and argExprs are the expressions of by and args.
	byExprs   []syntax.Expr
	argExprs  []syntax.Expr
	items     []evalFn // the aggregate items, reading their calls' slots
	itemNames []string
	needTS    bool // some aggregate orders rows by @timestamp
}

func compileStats(c *compiler, cmd *syntax.StatsCmd) (*statsOp, error) {
	op := &statsOp{}
	for _, b := range cmd.By {
		f, err := c.compile(b.Expr)
		if err != nil {
			return nil, err
		}
		op.by = append(op.by, f)
		op.byNames = append(op.byNames, b.OutputName())
		op.byExprs = append(op.byExprs, b.Expr)
	}
	slots := map[*syntax.CallExpr]int{}
	argIndex := map[string]int{}
	for i := range cmd.Aggs {
		for _, call := range cmd.AggregateCalls(i) {
			spec, err := compileAggregate(c, call)
			if err != nil {
				return nil, err
			}
			slots[call] = len(op.specs)
			op.specs = append(op.specs, spec)
			arg := -1
			if spec.arg != nil {
				key := call.Args[0].String()
				j, ok := argIndex[key]
				if !ok {
					j = len(op.args)
					argIndex[key] = j
					op.args = append(op.args, spec.arg)
					op.argExprs = append(op.argExprs, call.Args[0])
				}
				arg = j
			}
			op.argOf = append(op.argOf, arg)
			if call.Name == "earliest" || call.Name == "latest" {
				op.needTS = true
			}
		}
	}
	ic := &compiler{aggSlots: slots, columns: c.columns}
	for _, a := range cmd.Aggs {
		f, err := ic.compile(a.Expr)
		if err != nil {
			return nil, err
		}
		op.items = append(op.items, f)
		op.itemNames = append(op.itemNames, a.OutputName())
	}
	return op, nil
}

// group is the running state of one group.
type group struct {
	keys   []Value
	seq    int64 // arrival of the row that supplied keys: the earliest
	states []aggState
}

// groupTable aggregates rows into groups. Each worker fills its own; they
// are then merged.
type groupTable struct {
	op      *statsOp
	groups  map[string]*group
	key     []byte
	vals    []Value
	argVals []Value
	// last and lastVals are the group of the previous row and its values:
	// rows of a group often come in runs (a time bin of a stream), which
	// then skip building the key and the map.
	last     *group
	lastVals []Value
}

func newGroupTable(op *statsOp) *groupTable {
	return &groupTable{op: op, groups: map[string]*group{}, vals: make([]Value, len(op.by)), argVals: make([]Value, len(op.args))}
}

func (t *groupTable) add(r *row) {
	for i, f := range t.op.by {
		t.vals[i] = f(r)
	}
	pos := rowPos{seq: r.seq}
	if t.op.needTS {
		pos.ts, pos.hasTS = r.get("@timestamp").Millis()
	}
	for i, f := range t.op.args {
		t.argVals[i] = f(r)
	}
	t.addValues(pos, 1)
}

// addValues folds in a row whose group values are in t.vals and whose
// aggregate arguments are in t.argVals.
func (t *groupTable) addValues(pos rowPos, n int64) {
	g := t.last
	if g == nil || !sameGroup(t.vals, t.lastVals) {
		g = t.groupOf(pos)
		t.last, t.lastVals = g, append(t.lastVals[:0], t.vals...)
	}
	t.addTo(g, pos, n)
}

// groupOf returns the group of the values in t.vals, made for a row at
// pos when there is none.
func (t *groupTable) groupOf(pos rowPos) *group {
	t.key = t.key[:0]
	for _, v := range t.vals {
		t.key = appendGroupKey(t.key, v)
	}
	g := t.groups[string(t.key)]
	if g == nil {
		g = &group{keys: slices.Clone(t.vals), seq: pos.seq, states: make([]aggState, len(t.op.specs))}
		for i, s := range t.op.specs {
			g.states[i] = s.newState()
		}
		t.groups[string(t.key)] = g
	}
	return g
}

// addTo folds n rows at pos, whose group values are in t.vals and whose
// aggregate arguments are in t.argVals, into g, their group.
func (t *groupTable) addTo(g *group, pos rowPos, n int64) {
	if pos.seq < g.seq {
		// Values that group together may still print differently (1.50
		// and 1.5); the earliest row's spelling wins, whoever saw it.
		g.keys, g.seq = slices.Clone(t.vals), pos.seq
	}
	if n > 1 {
		// Only counts of every row are added n at a time (see
		// countsByBin).
		for _, st := range g.states {
			st.(*countState).n += n
		}
		return
	}
	for i, j := range t.op.argOf {
		v := null
		if j >= 0 {
			v = t.argVals[j]
		}
		g.states[i].add(v, pos)
	}
}

// sameGroup reports whether group values a and b have the same key (see
// appendGroupKey) without building it; false when it cannot tell cheaply.
func sameGroup(a, b []Value) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := &a[i], &b[i]
		if x.kind != y.kind {
			return false
		}
		switch x.kind {
		case KindNull:
		case KindString:
			if x.s != y.s {
				return false
			}
		case KindNumber, KindBool:
			if math.Float64bits(x.n) != math.Float64bits(y.n) {
				return false
			}
		case KindTime:
			if x.t != y.t {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func (t *groupTable) merge(o *groupTable) {
	for k, og := range o.groups {
		g := t.groups[k]
		if g == nil {
			t.groups[k] = og
			continue
		}
		if og.seq < g.seq {
			g.keys, g.seq = og.keys, og.seq
		}
		for i := range g.states {
			g.states[i].merge(og.states[i])
		}
	}
}

// rows returns one row per group, ordered by the group values (nulls
// last): by columns first, then the aggregate items.
func (t *groupTable) rows() []*row {
	type entry struct {
		key string
		g   *group
	}
	entries := make([]entry, 0, len(t.groups))
	for k, g := range t.groups {
		entries = append(entries, entry{k, g})
	}
	slices.SortFunc(entries, func(a, b entry) int {
		for i := range a.g.keys {
			va, vb := a.g.keys[i], b.g.keys[i]
			switch {
			case va.IsNull() && vb.IsNull():
				continue
			case va.IsNull():
				return 1
			case vb.IsNull():
				return -1
			}
			if c := compareValues(va, vb); c != 0 {
				return c
			}
		}
		return strings.Compare(a.key, b.key)
	})
	out := make([]*row, 0, len(entries))
	for i, e := range entries {
		r := &row{seq: int64(i), aggs: make([]Value, len(e.g.states))}
		for j, name := range t.op.byNames {
			r.assign(name, e.g.keys[j])
		}
		for j, s := range e.g.states {
			r.aggs[j] = s.result()
		}
		vals := make([]Value, len(t.op.items))
		for j, f := range t.op.items {
			vals[j] = f(r)
		}
		for j, name := range t.op.itemNames {
			r.assign(name, vals[j])
		}
		r.aggs = nil
		out = append(out, r)
	}
	return out
}

// statsStage aggregates rows already in memory (a second stats, or a stats
// after sort or limit).
func statsStage(op *statsOp) stage {
	return func(ctx context.Context, in rowSet) (rowSet, error) {
		t := newGroupTable(op)
		for i, r := range in.rows {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return rowSet{}, err
				}
			}
			t.add(r)
		}
		return rowSet{rows: t.rows(), ordered: true}, nil
	}
}

// appendGroupKey encodes a value for grouping: values group together when
// they have the same kind and the same value.
func appendGroupKey(b []byte, v Value) []byte {
	switch v.kind {
	case KindNull:
		return append(b, 'z')
	case KindString:
		b = append(b, 's')
		b = binary.AppendUvarint(b, uint64(len(v.s)))
		return append(b, v.s...)
	case KindNumber:
		return binary.BigEndian.AppendUint64(append(b, 'n'), math.Float64bits(v.n))
	case KindBool:
		return append(b, 'b', byte(v.n))
	case KindTime:
		return binary.BigEndian.AppendUint64(append(b, 't'), uint64(v.t))
	}
	s := v.String()
	b = append(b, 'j')
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
