package model

// LogGroup is a log group's catalog record.
type LogGroup struct {
	// ID is unique across accounts and never reused, so a group deleted and
	// created again under the same name never sees the old group's events.
	ID                 int64
	AccountID          string
	Name               string
	CreationTime       int64 // epoch ms
	RetentionInDays    int32 // 0 means never expire
	KMSKeyID           string
	LogGroupClass      string
	DeletionProtection bool
	MetricFilterCount  int32
	StoredBytes        int64
}

// LogStream is a log stream's catalog record.
type LogStream struct {
	ID                  int64
	GroupID             int64
	Name                string
	CreationTime        int64 // epoch ms
	FirstEventTimestamp int64 // 0 when the stream has no events
	LastEventTimestamp  int64
	LastIngestionTime   int64
	StoredBytes         int64
}

// LogEvent is one event as a client sends it.
type LogEvent struct {
	Timestamp int64 // epoch ms
	Message   string
}

// StoredEvent is an event as the log store keeps and returns it.
type StoredEvent struct {
	StreamID      int64
	Timestamp     int64 // epoch ms
	IngestionTime int64 // epoch ms
	// Seq is assigned by the store at append time; it is unique within the
	// store and increases with ingestion, so (Timestamp, Seq) totally orders
	// events and yields stable event ids and pagination cursors.
	Seq     uint64
	Message string
}

// Cursor is a position in (Timestamp, Seq) order.
type Cursor struct {
	Timestamp int64
	Seq       uint64
}

// Less reports whether c sorts before o.
func (c Cursor) Less(o Cursor) bool {
	if c.Timestamp != o.Timestamp {
		return c.Timestamp < o.Timestamp
	}
	return c.Seq < o.Seq
}

// Next is the smallest cursor greater than c, so "before c.Next()"
// includes c itself.
func (c Cursor) Next() Cursor {
	if c.Seq == ^uint64(0) {
		return Cursor{Timestamp: c.Timestamp + 1}
	}
	return Cursor{Timestamp: c.Timestamp, Seq: c.Seq + 1}
}

// Prev is the largest cursor smaller than c.
func (c Cursor) Prev() Cursor {
	if c.Seq == 0 {
		return Cursor{Timestamp: c.Timestamp - 1, Seq: ^uint64(0)}
	}
	return Cursor{Timestamp: c.Timestamp, Seq: c.Seq - 1}
}

// CursorOf returns the position of e.
func (e *StoredEvent) CursorOf() Cursor { return Cursor{Timestamp: e.Timestamp, Seq: e.Seq} }

// ReadSpec selects events of one log group for GetLogEvents and
// FilterLogEvents.
type ReadSpec struct {
	GroupID int64
	// StreamIDs restricts the read to these streams; nil means all streams.
	StreamIDs []int64
	// Start and End bound Timestamp as [Start, End). End == 0 means no bound.
	Start, End int64
	// After, when set, skips events at or before it (ascending reads);
	// Before, when set, skips events at or after it (descending reads).
	After, Before *Cursor
	// Descending yields events newest first.
	Descending bool
	// Match, when set, is applied to each event's message; only matching
	// events are yielded.
	Match func(message string) bool
	// Terms are substrings every message Match accepts contains (a filter
	// pattern's required terms). The store skips the blocks that cannot
	// match and the events that lack one, mostly without rebuilding their
	// message; Match still decides the others.
	Terms []string
	// FilterBatch, when set with Match, decides Match for rows of the
	// store's columnar blocks without their messages where it can. It is
	// given a batch of a block's rows with Timestamps, the field columns
	// named in Fields that the block has (without coded strings), Exact,
	// Objects and Paths, but no messages, and returns two bitmaps of its
	// rows: those Match accepts, and those whose message Match must
	// decide; Match rejects the others. It may be called concurrently.
	FilterBatch func(b *Batch) (match, undecided []uint64)
	// Fields are the field columns FilterBatch reads, named as FlattenJSON
	// names them.
	Fields []string
	// MatchKey names what Match and FilterBatch do: two reads with the
	// same non-empty key filter alike, so a store may keep what it decoded
	// for one (a page of FilterLogEvents) to answer the other (the next).
	MatchKey string
}

// GroupQuery selects log groups for DescribeLogGroups.
type GroupQuery struct {
	Prefix   string
	Contains string
	After    string
	Limit    int
}

// StreamOrder is how DescribeLogStreams sorts.
type StreamOrder int

// Stream orderings.
const (
	OrderByName StreamOrder = iota
	OrderByLastEventTime
)

// StreamQuery selects log streams for DescribeLogStreams. The page starts
// after the stream whose sort key is (AfterTime, AfterName) in the chosen
// order and direction; HasAfter says whether that key is set.
type StreamQuery struct {
	Prefix     string
	Order      StreamOrder
	Descending bool
	HasAfter   bool
	AfterName  string
	AfterTime  int64
	Limit      int
}
