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
	// Terms are substrings that every event the query can match contains
	// in its message (filter-pattern terms, `like` literals). Tokens are
	// whole tokens (maximal runs of letters and digits) every such message
	// contains, and FieldTokens whole tokens every such event's value of
	// the named field contains. They are hints for skipping blocks only:
	// rows are not checked against them, Filter must do that.
	Terms       []string
	Tokens      []string
	FieldTokens map[string][]string
	// Filter, when set, keeps only the rows for which it returns true. It
	// sees the batch before rows are dropped and only the columns asked
	// for; it may be called concurrently from several goroutines.
	Filter func(b *Batch, row int) bool
}

// Batch is a run of events of one log group held as columns: row i is
// element i of every filled column. Rows come in no particular order.
type Batch struct {
	GroupID    int64
	Timestamps []int64
	StreamIDs  []int64
	Seqs       []uint64
	// IngestionTimes and Messages are nil unless asked for.
	IngestionTimes []int64
	Messages       []string
	// Fields are the requested field columns the rows have, sorted by name.
	Fields []FieldColumn
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
}

// Has reports whether row i has the field (possibly null).
func (c *FieldColumn) Has(i int) bool { return c.Present[i>>6]&(1<<(uint(i)&63)) != 0 }

// IsNull reports whether row i holds JSON null.
func (c *FieldColumn) IsNull(i int) bool { return c.Null[i>>6]&(1<<(uint(i)&63)) != 0 }
