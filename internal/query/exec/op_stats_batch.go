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
	// binMs, when positive, marks the common stats count(*) by bin(…):
	// one fixed-width time bin of binMs and only counts of every row,
	// which addCounts folds in by runs of rows in one bin.
	binMs int64
	// codedBy, when set, marks stats of counts of every row by one
	// discovered field: where a batch holds that field's column in coded
	// form (model.FieldColumn.Dict), its exact rows are counted per code
	// (see codeCounts).
	codedBy string
	// byCode, when set, reads the one group-by field of a stats command
	// with any aggregates: where a batch holds its column in coded form,
	// the group of an exact row is found by its code.
	byCode *codeGroups
	// filter, when set, is the filter commands before the stats command,
	// decided from the columns where they can be (rows they cannot decide
	// go through the pipeline, filters and all).
	filter *batchFilter
}

// batchFilter decides filter commands from a batch's columns with the
// conditions a store's scan uses (see ScanFilter), compiled for the field
// names of the batches' FieldColumns.
type batchFilter struct {
	exprs    []syntax.Expr
	compiled bool
	names    []string   // the names conds are compiled for
	conds    []scanCond // nil when a filter is not wholly decidable
}

// newBatchFilter returns the decider of cmds, or nil unless they are all
// filter commands.
func newBatchFilter(cmds []syntax.Command) *batchFilter {
	f := &batchFilter{}
	for _, c := range cmds {
		fc, ok := c.(*syntax.FilterCmd)
		if !ok {
			return nil
		}
		f.exprs = append(f.exprs, fc.Expr)
	}
	return f
}

// bind returns the decider of eb's rows: pass tells whether a row passes
// every filter, and known whether the columns tell. It returns nil when
// no row can be decided.
func (f *batchFilter) bind(eb *EventBatch) rowCond {
	var names []string
	if eb.Fields != nil {
		names = eb.Fields.names
	}
	if !f.compiled || !slices.Equal(names, f.names) {
		f.compiled, f.names, f.conds = true, names, nil
		// Only messages of rows that are not exact are read: an exact
		// row's message may be left out of the batch.
		sc := scanCompiler{fields: names}
		for _, e := range f.exprs {
			c, whole := sc.compile(e)
			if c == nil || !whole {
				f.conds = nil
				break
			}
			f.conds = append(f.conds, c)
		}
	}
	if f.conds == nil {
		return nil
	}
	bound := make([]rowCond, len(f.conds))
	for i, c := range f.conds {
		bound[i] = c(eb.Batch)
	}
	return func(row int) (pass, known bool) {
		known = true
		for _, c := range bound {
			v, k := c(row)
			if k && !v {
				return false, true
			}
			known = known && k
		}
		return known, known
	}
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
	bs.binMs = countsByBin(t.op)
	if len(t.op.byExprs) == 1 {
		if f, ok := t.op.byExprs[0].(*syntax.FieldRef); ok && !syntax.IsSystemField(f.Name()) && !isSingleAt(f.Name()) {
			if len(t.op.argExprs) == 0 && countsAll(t.op) {
				bs.codedBy = f.Name()
			} else {
				bs.byCode = &codeGroups{name: f.Name()}
			}
		}
	}
	return bs
}

// codeGroups finds the group of a batch's exact rows by their code in the
// coded column of the one field a stats command groups by: once per code
// and batch rather than once per row.
type codeGroups struct {
	name   string
	batch  *EventBatch        // the batch groups are for
	col    *model.FieldColumn // its coded column of name, or nil
	groups []*group           // per code, once found
}

// group returns the group of row, an exact row of eb, and sets t.vals to
// its group value; ok is false when the row's value is not read by code
// (the column is not coded, or the row has no string value, or one that
// is a JSON literal).
func (cg *codeGroups) group(t *groupTable, eb *EventBatch, row int, pos rowPos) (g *group, ok bool) {
	if eb != cg.batch {
		cg.batch, cg.col = eb, codedColumn(eb, cg.name)
		if cg.col != nil {
			cg.groups = append(cg.groups[:0], make([]*group, len(cg.col.Dict))...)
		}
	}
	c := cg.col
	if c == nil || !c.Has(row) || c.IsNull(row) || c.Literal != nil && c.IsLiteral(row) {
		return nil, false
	}
	code := c.Codes[row]
	t.vals[0] = strValue(c.Dict[code])
	if g = cg.groups[code]; g == nil {
		g = t.groupOf(pos)
		cg.groups[code] = g
	}
	return g, true
}

// codedColumn returns eb's column of the discovered field name when it is
// in coded form, or nil.
func codedColumn(eb *EventBatch, name string) *model.FieldColumn {
	if eb.Fields == nil {
		return nil
	}
	if _, ours := slices.BinarySearch(eb.Fields.names, name); !ours {
		return nil
	}
	if col := eb.Batch.Field(name); col != nil && col.Dict != nil {
		return col
	}
	return nil
}

// countsAll reports whether every aggregate of op counts every row.
func countsAll(op *statsOp) bool {
	if len(op.specs) == 0 {
		return false
	}
	for _, s := range op.specs {
		if c, ok := s.newState().(*countState); !ok || !c.all {
			return false
		}
	}
	return true
}

// codeCounts counts the exact rows of a batch by their code in the coded
// column of a stats command's one group-by field (batchStats.codedBy),
// and the rows without a value, which group under null.
type codeCounts struct {
	col         *model.FieldColumn
	n, first    []int64 // per code: rows, and the seq of the first
	nulls       int64
	firstNull   int64
	withLiteral bool
}

// newCodeCounts returns the counter of eb's rows for bs, or nil when bs
// counts by no field or eb's column of it is not coded.
func newCodeCounts(bs *batchStats, eb *EventBatch) *codeCounts {
	if bs.codedBy == "" {
		return nil
	}
	col := codedColumn(eb, bs.codedBy)
	if col == nil {
		return nil
	}
	return &codeCounts{col: col, n: make([]int64, len(col.Dict)), first: make([]int64, len(col.Dict)), withLiteral: col.Literal != nil}
}

// add counts row, an exact one, unless its value is a JSON literal in a
// string column, whose Value differs from its text's: add then returns
// false and the row takes the usual way.
func (cc *codeCounts) add(row int, seq int64) bool {
	c := cc.col
	if !c.Has(row) || c.IsNull(row) {
		if cc.nulls == 0 {
			cc.firstNull = seq
		}
		cc.nulls++
		return true
	}
	if cc.withLiteral && c.IsLiteral(row) {
		return false
	}
	code := c.Codes[row]
	if cc.n[code] == 0 {
		cc.first[code] = seq
	}
	cc.n[code]++
	return true
}

// flush folds the counts into bs's table.
func (cc *codeCounts) flush(bs *batchStats) {
	t := bs.table
	for code, n := range cc.n {
		if n > 0 {
			t.vals[0] = strValue(cc.col.Dict[code])
			t.addValues(rowPos{seq: cc.first[code]}, n)
		}
	}
	if cc.nulls > 0 {
		t.vals[0] = null
		t.addValues(rowPos{seq: cc.firstNull}, cc.nulls)
	}
}

// countsByBin returns the width of the bin of a stats command that counts
// every row by one fixed-width bin of the timestamp, and 0 for any other.
func countsByBin(op *statsOp) int64 {
	if len(op.byExprs) != 1 || len(op.argExprs) != 0 || !countsAll(op) {
		return 0
	}
	call, ok := op.byExprs[0].(*syntax.CallExpr)
	if !ok || call.Name != "bin" || len(call.Args) != 1 {
		return 0
	}
	d, ok := call.Args[0].(*syntax.DurationLit)
	if !ok {
		return 0
	}
	ms, ok := d.Duration.Millis()
	if !ok || ms <= 0 {
		return 0
	}
	return ms
}

// addCounts folds n rows of the bin starting at binStart into the table;
// seq is the first row's.
func (bs *batchStats) addCounts(binStart, n, seq int64) {
	t := bs.table
	t.vals[0] = timeValue(binStart)
	t.addValues(rowPos{seq: seq}, n)
}

// add folds in row of eb, unless the columns cannot tell its values.
func (bs *batchStats) add(eb *EventBatch, row int, seq int64) bool {
	t := bs.table
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
	if bs.byCode != nil && eb.Batch.IsExact(row) {
		if g, ok := bs.byCode.group(t, eb, row, pos); ok {
			t.addTo(g, pos, 1)
			return true
		}
	}
	for i, f := range bs.by {
		v, ok := f(eb, row)
		if !ok {
			return false
		}
		t.vals[i] = v
	}
	t.addValues(pos, 1)
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
