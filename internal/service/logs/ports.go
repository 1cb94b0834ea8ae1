package logs

import (
	"context"

	"github.com/openwatch/openwatch/internal/model"
)

// LogStore keeps log events. The embedded default is storage/logstore; the
// columnar engine replaces it behind this same interface.
//
// Contracts:
//   - Append returns only once every event is durable (in an fsync'd
//     write-ahead log): an acknowledged event survives kill -9. It assigns
//     each event a store-unique, ingestion-ordered Seq and returns the stored
//     events in input order. On error nothing of the batch is visible. It
//     keeps nothing of the events it is given: their messages may live in
//     memory the caller reuses once Append returns. The stored events it
//     returns share the input's messages.
//   - Read calls fn for the matching events of one group in (Timestamp, Seq)
//     order (reverse order when spec.Descending) until fn returns false.
//     fn must not retain the *StoredEvent after returning.
//   - Scan calls fn with the events of spec.GroupIDs selected by spec, as
//     columnar batches in no particular order, reading blocks on up to
//     concurrency goroutines (at least one). Calls of fn never overlap, so
//     fn needs no locking, but they may come from different goroutines;
//     spec.Filter, in contrast, may run concurrently. fn may keep a batch:
//     the store never reuses one. An error from fn, or ctx ending, stops the
//     scan and is returned. Each event is delivered at most once and, when
//     the scan completes, exactly once.
//   - DeleteGroup / DeleteStream make the events unreadable at once and free
//     their space eventually; they are durable when they return.
//   - All methods are safe for concurrent use.
type LogStore interface {
	Append(ctx context.Context, groupID, streamID int64, ingestionTime int64, events []model.LogEvent) ([]model.StoredEvent, error)
	Read(ctx context.Context, spec model.ReadSpec, fn func(*model.StoredEvent) bool) error
	Scan(ctx context.Context, spec model.ScanSpec, concurrency int, fn func(*model.Batch) error) error
	DeleteGroup(ctx context.Context, groupID int64) error
	DeleteStream(ctx context.Context, groupID, streamID int64) error
}

// Catalog keeps log-group and log-stream metadata. The embedded default is
// SQLite (storage/catalog); PostgreSQL serves the same contract at scale.
//
// Contracts: names are unique per account (groups) and per group (streams);
// Create* return model.ErrAlreadyExists and lookups return model.ErrNotFound
// as *model.Error values with AWS's wording. Listing is in ascending byte
// order of the name unless the ListStreams ordering says otherwise. Safe for
// concurrent use.
type Catalog interface {
	CreateLogGroup(ctx context.Context, g model.LogGroup, tags map[string]string) (model.LogGroup, error)
	GetLogGroup(ctx context.Context, accountID, name string) (model.LogGroup, error)
	// ListLogGroups returns up to limit groups whose name is > after (all when
	// after is ""), filtered by a name prefix or a case-sensitive substring.
	ListLogGroups(ctx context.Context, accountID string, q model.GroupQuery) ([]model.LogGroup, error)
	DeleteLogGroup(ctx context.Context, accountID, name string) (model.LogGroup, error)
	SetRetention(ctx context.Context, accountID, name string, days int32) error

	CreateLogStream(ctx context.Context, groupID int64, name string, creationTime int64) (model.LogStream, error)
	GetLogStream(ctx context.Context, groupID int64, name string) (model.LogStream, error)
	ListLogStreams(ctx context.Context, groupID int64, q model.StreamQuery) ([]model.LogStream, error)
	// StreamNames maps the stream ids of a group to their names.
	StreamNames(ctx context.Context, groupID int64) (map[int64]string, error)
	DeleteLogStream(ctx context.Context, groupID int64, name string) (model.LogStream, error)
	// RecordIngest updates a stream's first/last event timestamps, last
	// ingestion time and stored bytes, and the group's stored bytes.
	RecordIngest(ctx context.Context, groupID, streamID int64, first, last, ingestion, bytes int64) error

	// TagLogGroup merges tags into the group's tags, atomically refusing
	// with model.ErrTooManyTags when the result would exceed 50.
	TagLogGroup(ctx context.Context, groupID int64, tags map[string]string) error
	UntagLogGroup(ctx context.Context, groupID int64, keys []string) error
	ListTags(ctx context.Context, groupID int64) (map[string]string, error)

	// PutMetricFilter creates or replaces the group's filter of that name,
	// keeping the group's MetricFilterCount; past 100 filters in a group
	// it returns model.ErrLimitExceeded.
	PutMetricFilter(ctx context.Context, f model.MetricFilter) error
	// DeleteMetricFilter removes a filter, or returns model.ErrNotFound.
	DeleteMetricFilter(ctx context.Context, groupID int64, name string) error
	MetricFilterLister
}

// MetricFilterLister lists metric filters; the metric filter observer
// needs only this part of the Catalog.
type MetricFilterLister interface {
	// ListMetricFilters returns the account's filters selected by q, with
	// GroupName filled in, ordered by (Name, GroupName).
	ListMetricFilters(ctx context.Context, accountID string, q model.MetricFilterQuery) ([]model.MetricFilter, error)
}

// MetricSink receives the datapoints that metric filters and Embedded
// Metric Format logs produce; the metrics service implements it.
//
// Contracts: safe for concurrent use; it must not keep data after
// returning. Put is all or nothing: when a datum breaks CloudWatch's rules
// it stores none and returns an error of kind model.ErrInvalidParameter,
// and any other error means the store failed. Callers never fail a log
// batch for its metrics.
type MetricSink interface {
	Put(ctx context.Context, accountID string, data []model.MetricDatum) error
}
