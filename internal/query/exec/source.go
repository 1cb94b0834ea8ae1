package exec

import (
	"context"
	"io"

	"github.com/openwatch/openwatch/internal/model"
)

// Event is one log event as the engine reads it. Times are epoch
// milliseconds. LogGroup is what @log shows, conventionally
// "accountId:logGroupName"; Ptr is the opaque @ptr the caller can later
// resolve back to the event.
type Event struct {
	Timestamp     int64
	IngestionTime int64
	Message       string
	LogStream     string
	LogGroup      string
	Ptr           string
	// GroupID, StreamID and Seq identify the event in its store; with
	// PtrOf they let a caller derive @ptr only for the rows that need it
	// instead of formatting one per scanned event.
	GroupID, StreamID int64
	Seq               uint64
	// PtrOf, when set and Ptr is empty, computes the event's @ptr.
	PtrOf func(*Event) string
	// Fields, when set, holds the event's fields as row Row of a batch of
	// typed columns; see FieldColumns.
	Fields *FieldColumns
	Row    int
}

// ptr returns the event's @ptr.
func (e *Event) ptr() string {
	if e.Ptr == "" && e.PtrOf != nil {
		return e.PtrOf(e)
	}
	return e.Ptr
}

// Source yields the events to query in batches.
//
// Contract:
//   - Next returns the next batch, or a nil batch and io.EOF when there are
//     no more; any other error aborts the query and is returned by Exec.
//   - Exec calls Next from one goroutine at a time, never concurrently.
//   - A returned batch belongs to Exec until Exec returns: the source must
//     not reuse or modify it, because result rows may point into it.
//   - Events may come in any order; results do not depend on it.
type Source interface {
	Next(ctx context.Context) ([]Event, error)
}

// EventBatch is a batch of events held as columns, the way a store reads
// them.
type EventBatch struct {
	// Batch holds the events: row i is one event, with its timestamp,
	// stream id and seq, and its ingestion time and message when Batch has
	// them.
	Batch *model.Batch
	// Fields, when set, holds the events' fields; see FieldColumns. It must
	// read from Batch.
	Fields *FieldColumns
	// Streams names the log streams by id, for @logStream.
	Streams map[int64]string
	// LogGroup is @log for every event.
	LogGroup string
	// PtrOf computes an event's @ptr.
	PtrOf func(*Event) string
	// Bytes is the size of the events' messages, for
	// Statistics.BytesScanned.
	Bytes int64
}

// Events returns the batch's events one by one.
func (eb *EventBatch) Events() []Event {
	b := eb.Batch
	out := make([]Event, b.Len())
	for i := range out {
		e := &out[i]
		*e = Event{Timestamp: b.Timestamps[i], GroupID: b.GroupID,
			LogGroup: eb.LogGroup, PtrOf: eb.PtrOf, Fields: eb.Fields, Row: i}
		if b.StreamIDs != nil {
			e.StreamID, e.Seq, e.LogStream = b.StreamIDs[i], b.Seqs[i], eb.Streams[b.StreamIDs[i]]
		}
		if b.IngestionTimes != nil {
			e.IngestionTime = b.IngestionTimes[i]
		}
		if b.Messages != nil {
			e.Message = b.Messages[i]
		}
	}
	return out
}

// BatchSource is a Source that can also yield events as columns, which
// spares making an Event per event: Exec calls NextBatch instead of Next
// when the source has it, under the contract of Source, and a returned
// batch belongs to Exec until Exec returns.
type BatchSource interface {
	Source
	NextBatch(ctx context.Context) (*EventBatch, error)
}

// PushSource is a BatchSource that can also drive the engine's workers
// itself: a store that reads on several goroutines hands each batch to a
// worker on the goroutine that read it, instead of through a channel to
// goroutines of the engine's own. Handing batches over between two sets of
// goroutines on a machine of two cores left one core idle for milliseconds
// at a time, while a reader waited in the other's run queue.
//
// Contract: Push calls fn(worker, batch) for every batch of the source,
// from up to workers goroutines, with 0 ≤ worker < workers; the calls of
// one worker never overlap, those of different workers may. It returns
// once every call has, with the first error of fn or of the source, or
// ctx's. A source is either pushed once or pulled, not both; batches belong
// to Exec as with NextBatch.
type PushSource interface {
	BatchSource
	Push(ctx context.Context, workers int, fn func(worker int, eb *EventBatch) error) error
}

// SliceSource serves events from memory in batches of BatchSize (all at
// once when BatchSize is 0). It is the Source used by tests and by callers
// that already hold their events.
type SliceSource struct {
	Events    []Event
	BatchSize int
	pos       int
}

// Next returns the next batch of Events.
func (s *SliceSource) Next(ctx context.Context) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.pos >= len(s.Events) {
		return nil, io.EOF
	}
	n := s.BatchSize
	if n <= 0 || s.pos+n > len(s.Events) {
		n = len(s.Events) - s.pos
	}
	b := s.Events[s.pos : s.pos+n : s.pos+n]
	s.pos += n
	return b, nil
}
