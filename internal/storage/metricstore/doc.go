// Package metricstore is OpenWatch's CloudWatch metric store: series keyed
// by (account, namespace, metric name, dimensions sorted by name), raw
// points compressed Gorilla style, per-period rollups with quantile
// sketches, and CloudWatch's retention by resolution. The byte layouts are
// in docs/format/metrics_chunk.md.
//
// # Data
//
// A series holds one stream per unit (CloudWatch aggregates each unit
// apart). A stream has
//
//   - a head: the open raw chunk, a bit stream of points as they arrive
//     (chunk_xor.go). A point is a value, a distribution (values and
//     counts) or a statistic set, at a time rounded to its storage
//     resolution: whole seconds for high resolution, whole minutes
//     otherwise. The head is sealed after 120 points, when a point would
//     make it span two hours, or by Compact once it is two hours old.
//   - sealed raw chunks, immutable, kept three hours, which serve periods
//     shorter than a minute.
//   - rollups: sealing a head aggregates its points into buckets of 60
//     seconds, 5 minutes and 1 hour (rollup.go), each bucket holding count,
//     sum, minimum, maximum and a DDSketch-style quantile sketch with 1%
//     relative accuracy (sketch.go). Rollup chunks are columnar
//     (chunk_rollup.go), so a query decodes only the columns its statistics
//     need, and sums that are short decimals are kept as integer mantissas
//     (decimal.go), which decode several times faster than XOR'd floats.
//     Compact merges small chunks and drops them after 15 days, 63 days and
//     455 days.
//
// A query reads the coarsest tier whose resolution divides its period and
// its start, or raw chunks when none does, plus the head, whose points are
// in no rollup yet, and aggregates per period (agg.go). When the period is
// the tier's resolution, nothing is in the head and the chunks do not
// overlap, each bucket is a period and goes straight to the result
// (query_direct.go). Query workers and Add's working space are pooled.
//
// # Memory
//
// Series records live in pages of 1024 in the index, indexed by series id.
// An idle series costs its record (96 bytes: key, head state, pointers),
// its interned key (scope, metric and dimension names are interned, values
// are not), one slot in the key hash table, its postings in the inverted
// index (4 bytes in each shared list, a hash-table slot for a term of its
// own) and its head bytes, a few per point; about 190 bytes with one
// point and one dimension (BenchmarkSeriesMemory). Sealed data hangs off
// a pointer that stays nil until the first seal.
//
// # Durability
//
// Add validates a batch, resolves (creating) its series, writes the batch
// to the WAL as one record and waits for the group-commit fsync; only then
// are the points applied to memory. Open loads the newest snapshot and
// replays the WAL generations written after it.
//
// Checkpoint bounds the replay. Under the write side of walMu it switches
// to a new WAL generation (a new wal-N directory): that is the cut, and
// every write is wholly before or after it. Then it writes a snapshot of
// every series as of the cut, without stopping writes: the first write to
// a series after the cut saves the series' image first (copy-on-write; see
// checkpointState), and the snapshot writer takes saved images in
// preference to current state. Images share the immutable chunks and copy
// only the head. The snapshot is written to a temporary file, fsync'd,
// renamed and its directory synced; then the WAL generations it covers are
// removed. A crash leaves either the old snapshot with every WAL
// generation after it, or the new one.
//
// # Concurrency
//
// The index has one RWMutex; series records are guarded by 4096 striped
// mutexes. Lock order: walMu, then the index, then a series lock, then the
// checkpoint state. Readers copy the chunk lists of a series under its lock
// and decode without it: chunk lists are copy-on-write (an element below a
// list's length is never overwritten), and the head is copied.
//
// Series ids are handed out in increasing order and never reused while the
// store is open; a snapshot renumbers them densely. Compact deletes a
// series once all its data has aged out; a write racing the deletion
// creates the series again.
package metricstore
