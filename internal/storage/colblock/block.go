package colblock

import (
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
)

// Row is one log event with the fields extracted from its message.
type Row struct {
	model.StoredEvent
	// Fields are the event's named values, usually FlattenJSON(Message).
	// When a name repeats, the last value wins.
	Fields []Field
}

// Block is one block of log rows held as columns. Row i is element i of every
// column. A block built by NewBlock or fully decoded by Unmarshal is complete:
// every system column has one element per row. Unmarshal leaves the columns
// it was not asked for nil.
type Block struct {
	Streams        []int64
	Timestamps     []int64
	IngestionTimes []int64
	Seqs           []uint64
	Messages       []string
	// Fields are sorted by name, names unique.
	Fields []FieldColumn
	// Exact, set only by Unmarshal with ColumnSet.Exact, marks the rows
	// whose fields the decoded columns tell without their message:
	//   - a JSON object, or a Lambda line ending in one, that FlattenJSON
	//     reads completely (no leaf dropped), with distinct names and no
	//     empty top-level key, and whose every leaf is reproduced byte for
	//     byte by its field column: the value's text as Value.AppendText
	//     writes it, or a string's content as JSON-quoted with the minimal
	//     escaping;
	//   - or a message without fields: no '{' in it, and no Lambda
	//     platform line (START, END or REPORT RequestId: …), from which
	//     CloudWatch Logs Insights reads fields.
	// So for such a row, a decoded column the row lacks is a leaf its
	// message lacks.
	Exact Bitmap
	// Contains, set only by Unmarshal with ColumnSet.Contains, marks the
	// rows whose message contains every substring asked for.
	Contains Bitmap
	// Objects and Paths, set only by Unmarshal with ColumnSet.Paths, mark
	// the rows whose message may be a JSON object and the exact rows whose
	// flattened names spell their JSON paths (see ColumnSet.Paths).
	Objects, Paths Bitmap
	// Selected, set only by Unmarshal with ColumnSet.Select, marks the rows
	// whose messages were decoded.
	Selected Bitmap
	// ExactRows, set by Unmarshal with ColumnSet.Exact when every row is
	// exact, is what a later decoding can be told (ColumnSet.KnownExact).
	ExactRows *ExactRows
	// flat, set by Flattener.NewBlock, holds the leaves of the messages.
	flat *Flattener
}

// FieldColumn is one field across the rows of a block. Values are dense:
// element i is row i's value, and the zero value where the row lacks the
// field or holds null. Only the slice of the column's Type is set.
type FieldColumn struct {
	Name string
	Type FieldType
	// Present holds the rows that have the field.
	Present Bitmap
	// Null holds the rows whose value is JSON null; a subset of Present, and
	// equal to it when Type is TypeNull.
	Null Bitmap

	Strings []string
	Ints    []int64
	Floats  []float64
	Bools   []bool
	// Dict and Codes, set by Unmarshal with ColumnSet.CodedStrings on a
	// string column the block stores as a dictionary (or one constant),
	// stand in for Strings, which is then nil: row i's value is
	// Dict[Codes[i]], and Codes is 0 where the row has no value. A
	// filter or a grouping can then work once per distinct value.
	Dict  []string
	Codes []uint16

	// Literal, set by Unmarshal with ColumnSet.Exact on string columns,
	// marks the Exact rows whose value is the text of a JSON number or
	// boolean rather than a JSON string (in a column of mixed types).
	Literal Bitmap
}

// Value returns row i's value, and false when the row lacks the field.
func (c *FieldColumn) Value(i int) (Value, bool) {
	switch {
	case !c.Present.Has(i):
		return Value{}, false
	case c.Null.Has(i):
		return NullValue(), true
	}
	switch c.Type {
	case TypeString:
		return StringValue(c.String(i)), true
	case TypeInt64:
		return IntValue(c.Ints[i]), true
	case TypeFloat64:
		return FloatValue(c.Floats[i]), true
	case TypeBool:
		return BoolValue(c.Bools[i]), true
	}
	return NullValue(), true
}

// String returns row i's value of a string column, coded or not.
func (c *FieldColumn) String(i int) string {
	if c.Dict != nil {
		return c.Dict[c.Codes[i]]
	}
	return c.Strings[i]
}

// NewBlock builds a block from rows, which the caller has sorted by (stream
// id, timestamp). Each field name becomes a column of one type: int64 mixed
// with float64 becomes float64 when every integer is exact as a float, and
// any other mix becomes string, each value written as its text (JSON null
// stays null). Fields with an invalid type, names longer than
// MaxFieldNameLen, or names first seen after MaxFields others are left out;
// they stay searchable in the message.
func NewBlock(rows []Row) *Block {
	n := len(rows)
	b := newBuiltBlock(n)
	fs := newFieldsBuilder(n)
	for r := range rows {
		row := &rows[r]
		b.setRow(r, row)
		for j, f := range row.Fields {
			if f.Value.Type.valid() {
				fs.add(r, j, f.Name, f.Value)
			}
		}
	}
	b.setFields(fs.order, n)
	return b
}

// setRow sets row r's system columns.
func (b *Block) setRow(r int, row *Row) {
	b.Streams[r] = row.StreamID
	b.Timestamps[r] = row.Timestamp
	b.IngestionTimes[r] = row.IngestionTime
	b.Seqs[r] = row.Seq
	b.Messages[r] = row.Message
}

// fieldsBuilder sorts the fields of a block's rows into a build per name.
type fieldsBuilder struct {
	n      int
	builds map[string]*fieldBuild
	order  []*fieldBuild
	// at[j] is the build of the field at place j of the last row that had
	// one there: rows of one log format have the same fields in the same
	// order, which then need no hashing of their names.
	at []*fieldBuild
	// layouts keeps an at for each layout a Flattener told apart (see
	// layout), and base is the layout of at.
	layouts map[int][]*fieldBuild
	base    int
}

// layout makes at that of the rows whose leaf names start at base in a
// Flattener's names: the rows of several log formats interleave in a
// stream, and each format keeps the builds of its places.
func (fs *fieldsBuilder) layout(base int) {
	if base == fs.base {
		return
	}
	if fs.layouts == nil {
		fs.layouts = make(map[int][]*fieldBuild)
	}
	fs.layouts[fs.base] = fs.at
	fs.at, fs.base = fs.layouts[base], base
}

func newFieldsBuilder(n int) fieldsBuilder {
	return fieldsBuilder{n: n, builds: make(map[string]*fieldBuild), base: -1}
}

// add adds the value of the field named name at place j of row r; rows
// come in order, and a later value of a name in one row replaces the
// earlier.
func (fs *fieldsBuilder) add(r, j int, name string, v Value) {
	if p := fs.slot(r, j, name); p != nil {
		*p = v
	}
}

// slot returns where add would put the value, for a caller that writes it
// there field by field, or nil when the field is left out.
func (fs *fieldsBuilder) slot(r, j int, name string) *Value {
	if j < len(fs.at) && fs.at[j] != nil && fs.at[j].name == name {
		return fs.at[j].slot(r)
	}
	return fs.slotNamed(r, j, name)
}

// slotNamed is slot of a field not at its place in the previous row.
func (fs *fieldsBuilder) slotNamed(r, j int, name string) *Value {
	fb := fs.builds[name]
	if fb == nil {
		if len(fs.order) == MaxFields || len(name) > MaxFieldNameLen {
			return nil
		}
		fb = getFieldBuild(name, fs.n)
		fs.builds[name] = fb
		fs.order = append(fs.order, fb)
	}
	for len(fs.at) <= j {
		fs.at = append(fs.at, nil)
	}
	fs.at[j] = fb
	return fb.slot(r)
}

// newBuiltBlock returns a block of n rows whose system columns the
// builder sets row by row: recycled columns need no clearing.
func newBuiltBlock(n int) *Block {
	return &Block{
		Streams:        getInt64s(n),
		Timestamps:     getInt64s(n),
		IngestionTimes: getInt64s(n),
		Seqs:           getUint64s(n),
		Messages:       getMessages(n),
	}
}

// setFields makes the builds the block's field columns, in name order, and
// returns them to their pool.
func (b *Block) setFields(order []*fieldBuild, n int) {
	slices.SortFunc(order, func(x, y *fieldBuild) int { return strings.Compare(x.name, y.name) })
	b.Fields = make([]FieldColumn, len(order))
	for i, fb := range order {
		fb.fill(&b.Fields[i], n)
		putFieldBuild(fb)
	}
}

// fieldBuildPool keeps the value slices of fieldBuilds between blocks:
// growing them anew for every block was a tenth of a flush.
var fieldBuildPool = sync.Pool{New: func() any { return new(fieldBuild) }}

// getFieldBuild returns a pooled build for a field of a block of n rows.
// Its slices get room for every row at once: a build taken for a field of
// a few rows in one block serves the next block's most common field, and
// growing it there row by row copied its values at every doubling.
func getFieldBuild(name string, n int) *fieldBuild {
	fb := fieldBuildPool.Get().(*fieldBuild)
	fb.name = name
	if cap(fb.rows) < n {
		fb.rows = make([]int, 0, n)
	}
	if cap(fb.vals) < n {
		fb.vals = make([]Value, 0, n)
	}
	return fb
}

// putFieldBuild returns fb to the pool; it must not be used afterwards.
// Its values are cleared so that the pool holds no messages alive.
func putFieldBuild(fb *fieldBuild) {
	clear(fb.vals)
	fb.name, fb.rows, fb.vals = "", fb.rows[:0], fb.vals[:0]
	fieldBuildPool.Put(fb)
}

// fieldBuild gathers one field's values while NewBlock walks the rows.
type fieldBuild struct {
	name string
	rows []int
	vals []Value
}

func (fb *fieldBuild) add(row int, v Value) { *fb.slot(row) = v }

// slot returns where row's value goes: the row's earlier value of the
// field, which the caller replaces, or a new zero value.
func (fb *fieldBuild) slot(row int) *Value {
	k := len(fb.rows)
	if k > 0 && fb.rows[k-1] == row {
		return &fb.vals[k-1]
	}
	fb.rows = append(fb.rows, row)
	fb.vals = append(fb.vals, Value{})
	return &fb.vals[k]
}

// maxExactInt is the largest magnitude an int64 may have to be widened to
// float64 without changing.
const maxExactInt = 1 << 53

// columnType resolves the type of a column from the types of its values.
func (fb *fieldBuild) columnType() FieldType {
	var seen uint8
	exact := true
	for _, v := range fb.vals {
		if v.Type == TypeNull {
			continue
		}
		seen |= 1 << v.Type
		if v.Type == TypeInt64 && (v.Int > maxExactInt || v.Int < -maxExactInt) {
			exact = false
		}
	}
	switch seen {
	case 0:
		return TypeNull
	case 1 << TypeString:
		return TypeString
	case 1 << TypeInt64:
		return TypeInt64
	case 1 << TypeFloat64:
		return TypeFloat64
	case 1 << TypeBool:
		return TypeBool
	case 1<<TypeInt64 | 1<<TypeFloat64:
		if exact {
			return TypeFloat64
		}
	}
	return TypeString
}

func (fb *fieldBuild) fill(c *FieldColumn, n int) {
	c.Name = fb.name
	c.Type = fb.columnType()
	c.Present = NewBitmap(n)
	c.Null = NewBitmap(n)
	switch c.Type {
	case TypeString:
		c.Strings = getMessages(n)
	case TypeInt64:
		c.Ints = getInt64s(n)
		clear(c.Ints)
	case TypeFloat64:
		c.Floats = make([]float64, n)
	case TypeBool:
		c.Bools = make([]bool, n)
	}
	var text []byte
	for k, r := range fb.rows {
		v := fb.vals[k]
		c.Present.Set(r)
		switch {
		case v.Type == TypeNull:
			c.Null.Set(r)
		case c.Type == TypeString && v.Type == TypeString:
			c.Strings[r] = v.Str
		case c.Type == TypeString:
			text = v.AppendText(text[:0])
			c.Strings[r] = string(text)
		case c.Type == TypeInt64:
			c.Ints[r] = v.Int
		case c.Type == TypeFloat64 && v.Type == TypeInt64:
			c.Floats[r] = float64(v.Int)
		case c.Type == TypeFloat64:
			c.Floats[r] = v.Float
		case c.Type == TypeBool:
			c.Bools[r] = v.Bool
		}
	}
}

// AppendRows appends the rows of a complete block to dst. The rows' Fields
// share one backing array, in column (name) order.
func (b *Block) AppendRows(dst []Row) []Row {
	n := len(b.Timestamps)
	total := 0
	for i := range b.Fields {
		total += b.Fields[i].Present.Count()
	}
	fields := make([]Field, 0, total)
	for r := 0; r < n; r++ {
		start := len(fields)
		for i := range b.Fields {
			c := &b.Fields[i]
			if v, ok := c.Value(r); ok {
				fields = append(fields, Field{Name: c.Name, Value: v})
			}
		}
		row := Row{StoredEvent: model.StoredEvent{
			StreamID:      b.Streams[r],
			Timestamp:     b.Timestamps[r],
			IngestionTime: b.IngestionTimes[r],
			Seq:           b.Seqs[r],
			Message:       b.Messages[r],
		}}
		if len(fields) > start {
			row.Fields = fields[start:len(fields):len(fields)]
		}
		dst = append(dst, row)
	}
	return dst
}

// timeRange returns the smallest and largest timestamp, zeros when empty.
func (b *Block) timeRange() (lo, hi int64) {
	if len(b.Timestamps) == 0 {
		return 0, 0
	}
	lo, hi = math.MaxInt64, math.MinInt64
	for _, ts := range b.Timestamps {
		lo, hi = min(lo, ts), max(hi, ts)
	}
	return lo, hi
}
