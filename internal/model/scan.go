package model

// Names of the system columns a ScanSpec can ask for, as Logs Insights names
// them. Timestamps, stream ids and seqs are always in a Batch.
const (
	ColumnMessage       = "@message"
	ColumnIngestionTime = "@ingestionTime"
)

// ScanSpec selects the events a Logs Insights query reads. The store uses
// every part of it to skip work: time range and streams prune whole blocks,
// Columns limits what is decoded, and Terms, Tokens and FieldTokens let
// blocks whose token filters cannot match be skipped unread.
type ScanSpec struct {
	// GroupIDs are the log groups to read.
	GroupIDs []int64
	// Start and End bound Timestamp as [Start, End). End == 0 means no bound.
	Start, End int64
	// StreamIDs restricts the scan to these streams; nil means all streams.
	// Stream ids are per group: a listed id selects that stream in every
	// group that has it.
	StreamIDs []int64
	// AllColumns fills every column: the messages, the ingestion times and
	// every field. Otherwise only the columns named in Columns are filled:
	// ColumnMessage, ColumnIngestionTime, and field names as FlattenJSON
	// names them ("level", "extra.user_email"); names no event has are
	// ignored.
	AllColumns bool
	Columns    []string
	// Exact asks the store to mark, in Batch.Exact, the rows whose field
	// columns say everything their message says, so that a reader can
	// take those rows' fields from the columns alone. Messages then hold
	// the messages of the other rows ("" for the exact ones; nil when all
	// rows are exact) even when ColumnMessage is not asked for, so that
	// every row can be read; with ColumnMessage, every message.
	Exact bool
	// Terms are substrings that every event the query can match contains
	// in its message (filter-pattern terms, `like` literals): the store
	// skips the blocks whose token filters rule one out and leaves out the
	// events whose message lacks one, mostly without rebuilding it. Tokens
	// are whole tokens (maximal runs of letters and digits) every such
	// message contains, and FieldTokens whole tokens every such event's
	// value of the named field contains; they are hints for skipping blocks
	// only, and rows are not checked against them: Filter must do that.
	Terms       []string
	Tokens      []string
	FieldTokens map[string][]string
	// Filter, when set, keeps only the rows in the bitmap it returns for
	// their batch (bit i%64 of word i/64, at least Len bits). It is called
	// once per batch, which it sees before rows are dropped and with only
	// the columns asked for; it may be called concurrently from several
	// goroutines.
	Filter func(b *Batch) []uint64
	// NoEventIDs says the reader uses neither StreamIDs nor Seqs of the
	// batches (an aggregation, say): a store may then leave them nil
	// where it needs them for nothing itself, and spare decoding them.
	NoEventIDs bool
	// CodedStrings says the reader takes string columns in coded form
	// (FieldColumn.Dict and Codes) where the store has them so: a filter
	// or a grouping then works once per distinct value, and the store
	// spares materializing a string per row.
	CodedStrings bool
	// Skipped, when set, is told about the events of the scan's groups,
	// streams and time range that Filter or Terms leave out before fn
	// sees them (a block that token filters rule out included), with the
	// size of their messages (estimated from what the store holds when
	// not read), so that a caller can count every event it scanned. It
	// may be called concurrently from several goroutines.
	Skipped func(events, bytes int64)
}

// Batch is a run of events of one log group held as columns: row i is
// element i of every filled column. Rows come in no particular order.
type Batch struct {
	GroupID    int64
	Timestamps []int64
	// StreamIDs and Seqs may be nil when the scan said NoEventIDs.
	StreamIDs []int64
	Seqs      []uint64
	// IngestionTimes and Messages are nil unless asked for.
	IngestionTimes []int64
	Messages       []string
	// Fields are the requested field columns the rows have, sorted by name.
	Fields []FieldColumn
	// Exact, set when the scan asked for it, is a bitmap of rows (bit i%64
	// of word i/64) whose fields the columns tell without the message:
	// either the message is a JSON object, or a Lambda line
	// "time\trequestId\tLEVEL\t{...}", that FlattenJSON reads completely,
	// with distinct names and no empty top-level key, and whose every leaf
	// the field columns reproduce exactly (its text is the value's JSON
	// text, integers and floats as JSON.stringify writes them, or a
	// string's content); or it has no field to find: no '{' in it, and no
	// Lambda platform line (START, END or REPORT RequestId: …). For these
	// rows a requested field the row lacks is one its message lacks.
	Exact []uint64
	// Objects and Paths, set by a read that asked for them (ReadSpec.Fields
	// with FilterBatch), are bitmaps of rows like Exact. Objects holds the
	// rows whose message may be a JSON object: the others certainly are
	// not one (their first non-blank byte is no '{'). Paths holds the exact
	// rows whose message is a JSON object whose keys are all non-empty,
	// hold no '.', are not all digits and are unique within their object:
	// there a field name spells one JSON path ("a.b.0" is a.b[0]), so the
	// value at a path is the row's value in the column of that name, and
	// when the column lacks the row, the path holds no scalar (nothing, an
	// object or an array).
	Objects, Paths []uint64
	// MessageBytes is the size of the rows' messages: counted when every
	// message is read, otherwise estimated from what the store holds. It
	// feeds statistics only.
	MessageBytes int64
}

// IsExact reports whether row i is in Exact.
func (b *Batch) IsExact(i int) bool {
	return b.Exact != nil && b.Exact[i>>6]&(1<<(uint(i)&63)) != 0
}

// Len returns the number of rows.
func (b *Batch) Len() int { return len(b.Timestamps) }

// Field returns the column of the named field, or nil when no row of the
// batch has it.
func (b *Batch) Field(name string) *FieldColumn {
	lo, hi := 0, len(b.Fields)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b.Fields[m].Name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(b.Fields) && b.Fields[lo].Name == name {
		return &b.Fields[lo]
	}
	return nil
}

// FieldType is the type of a field column.
type FieldType uint8

// Field column types. A column holds one type: integers mixed with floats
// become floats, and any other mix becomes strings holding each value's
// JSON text.
const (
	FieldString FieldType = iota + 1
	FieldInt64
	FieldFloat64
	FieldBool
	// FieldNull is a column whose present values are all JSON null.
	FieldNull
)

// FieldColumn is one field across the rows of a Batch. Only the value slice
// of the column's Type is set; element i is row i's value, the zero value
// where the row lacks the field or holds null.
type FieldColumn struct {
	Name string
	Type FieldType
	// Present and Null are bitmaps of rows (bit i%64 of word i/64): the rows
	// that have the field, and those among them whose value is null.
	Present []uint64
	Null    []uint64

	Strings []string
	Ints    []int64
	Floats  []float64
	Bools   []bool
	// Dict and Codes, in a scan that asked for CodedStrings, may stand in
	// for Strings of a string column, which is then nil: row i's value is
	// Dict[Codes[i]] (Codes is 0 where the row has no value). String reads
	// either form.
	Dict  []string
	Codes []uint16
	// Literal, for a string column of a scan that asked for Exact, marks
	// the exact rows whose value is the text of a JSON number or boolean
	// rather than a JSON string (a field whose type varies); nil when
	// none.
	Literal []uint64
}

// String returns row i's value of a string column, coded or not.
func (c *FieldColumn) String(i int) string {
	if c.Dict != nil {
		return c.Dict[c.Codes[i]]
	}
	return c.Strings[i]
}

// Has reports whether row i has the field (possibly null).
func (c *FieldColumn) Has(i int) bool { return c.Present[i>>6]&(1<<(uint(i)&63)) != 0 }

// IsNull reports whether row i holds JSON null.
func (c *FieldColumn) IsNull(i int) bool { return c.Null[i>>6]&(1<<(uint(i)&63)) != 0 }

// IsLiteral reports whether row i is in Literal.
func (c *FieldColumn) IsLiteral(i int) bool {
	return c.Literal != nil && c.Literal[i>>6]&(1<<(uint(i)&63)) != 0
}
