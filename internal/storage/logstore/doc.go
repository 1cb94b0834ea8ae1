// Package logstore is OpenWatch's first log store: events live in memory and
// are made durable in a write-ahead log (storage/wal) before they become
// visible. It implements the LogStore contract of service/logs.
//
// # Durability
//
// Append encodes its batch as one WAL record and returns only after the WAL
// has fsync'd it; then the events become visible. Open replays the WAL, so
// every acknowledged batch is back after a crash. DeleteGroup and
// DeleteStream append a tombstone record the same way before they drop
// anything, so replay deletes the same events again. The record layouts are
// in docs/format/wal.md and record.go.
//
// When the WAL reports an I/O failure Append returns an error wrapping
// model.ErrUnavailable and nothing of the batch is visible. The WAL is
// fail-stop (see package wal), so every later write fails too until the
// store is reopened. A batch whose write reached the disk but whose fsync
// failed was not acknowledged, yet it may be found by the replay after a
// restart; it then appears exactly once, with the Seqs it was given.
//
// Once a batch has been handed to the WAL, Append waits for the outcome
// even if ctx ends, so that what is in memory always matches what replay
// will rebuild; ctx is only checked before that point.
//
// # Sequence numbers and deletes
//
// Seqs come from one store-wide counter. A batch takes a contiguous range
// under a mutex and is handed to the WAL under the same mutex, so WAL order
// is Seq order. A tombstone records the counter's value when it was written:
// it deletes the events of its group or stream whose Seq is below that
// value. Because a batch's Seqs are taken atomically, a batch is either
// wholly before a tombstone or wholly after it; an Append racing a delete is
// ordered by its Seqs, in memory and on replay alike. The watermarks of
// deleted groups and streams are kept (16 bytes each) so that a batch still
// in flight when its stream was deleted is dropped when it lands.
//
// # Memory layout and concurrency
//
// Each group has a map of streams guarded by an RWMutex. A stream holds a
// few sorted runs of events, each ordered by (Timestamp, Seq). A batch that
// sorts after the last event of the newest run is appended to it — the
// usual case. A batch with older timestamps becomes a new run, and runs of
// similar size are then merged into a freshly allocated slice, so a stream
// keeps O(log n) runs and each event is copied O(log n) times.
//
// The published part of a run — the elements below its length — is never
// written again: appends write past the end (or into a new array) and
// merges and deletes build new slices. A reader therefore holds the group's
// read lock only to copy the run slice headers of the streams it reads,
// then binary-searches and merges them (container/heap, by (Timestamp,
// Seq)) without any lock, so a long read never holds up writers.
package logstore
