package exec

import (
	"slices"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
)

// A stats command at the head of a query aggregates events straight from
// the columns of their batches: the values it groups by and aggregates are
// read from the columns where those tell them exactly, which spares the
// row that reading them through the pipeline would take. Rows the columns
// cannot answer (fields of a row that is not exact) go through the
// pipeline as usual; both end in the same groups.

// columnEval reads a value of a batch row as the evaluator of the same
// expression reads it from the event's row; ok is false when only the row
// can tell. Like evaluators, it is used by one goroutine.
type columnEval func(eb *EventBatch, row int) (v Value, ok bool)

// batchStats is a stats command compiled to read batches.
type batchStats struct {
	table *groupTable
	by    []columnEval
	args  []columnEval
}

// newBatchStats returns the batch reader of a stats command that starts
// the pipeline, or nil when an expression it reads is not one a batch
// answers: a field, or bin of the timestamp.
func newBatchStats(t *groupTable) *batchStats {
	bs := &batchStats{table: t}
	for _, e := range t.op.byExprs {
		f := compileColumnEval(e)
		if f == nil {
			return nil
		}
		bs.by = append(bs.by, f)
	}
	for _, e := range t.op.argExprs {
		f := compileColumnEval(e)
		if f == nil {
			return nil
		}
		bs.args = append(bs.args, f)
	}
	return bs
}

// add folds in row of eb, unless the columns cannot tell its values.
func (bs *batchStats) add(eb *EventBatch, row int, seq int64) bool {
	t := bs.table
	for i, f := range bs.by {
		v, ok := f(eb, row)
		if !ok {
			return false
		}
		t.vals[i] = v
	}
	for i, f := range bs.args {
		v, ok := f(eb, row)
		if !ok {
			return false
		}
		t.argVals[i] = v
	}
	pos := rowPos{seq: seq}
	if t.op.needTS {
		pos.ts, pos.hasTS = eb.Batch.Timestamps[row], true
	}
	t.addValues(pos)
	return true
}

func compileColumnEval(e syntax.Expr) columnEval {
	switch n := e.(type) {
	case *syntax.FieldRef:
		return fieldColumnEval(n.Name())
	case *syntax.CallExpr:
		if n.Name != "bin" || len(n.Args) != 1 {
			return nil
		}
		d, ok := n.Args[0].(*syntax.DurationLit)
		if !ok {
			return nil
		}
		return func(eb *EventBatch, row int) (Value, bool) {
			return timeValue(floorPeriod(eb.Batch.Timestamps[row], d.Duration)), true
		}
	}
	return nil
}

// fieldColumnEval reads a field of a batch row: the timestamp, or a field
// of an exact row from the batch's FieldColumns.
func fieldColumnEval(name string) columnEval {
	if name == "@timestamp" {
		return func(eb *EventBatch, row int) (Value, bool) { return timeValue(eb.Batch.Timestamps[row]), true }
	}
	if syntax.IsSystemField(name) {
		return nil
	}
	single := isSingleAt(name)
	var (
		last *FieldColumns
		col  *model.FieldColumn
		ours bool
	)
	return func(eb *EventBatch, row int) (Value, bool) {
		fc := eb.Fields
		if fc == nil {
			return null, false
		}
		if fc != last {
			var i int
			last = fc
			i, ours = slices.BinarySearch(fc.names, name)
			if col = nil; ours && !single {
				col = fc.cols[i]
			}
		}
		switch {
		case !ours || !eb.Batch.IsExact(row):
			return null, false
		case col == nil || !col.Has(row) || col.IsNull(row):
			return null, true
		}
		return columnValue(col, row), true
	}
}
