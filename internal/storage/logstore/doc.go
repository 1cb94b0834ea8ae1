// Package logstore is OpenWatch's columnar log store. It implements the
// LogStore contract of service/logs: events are made durable in a
// write-ahead log (storage/wal), served from memtables at once, and flushed
// in the background into immutable, compressed, columnar parts, which
// merges keep few and retention drops by the day.
//
// # Layout
//
// A store is one directory:
//
//	000123.wal …       WAL segments (package wal)
//	000120.spare …     retired WAL segments the next rolls reuse
//	MANIFEST           the live parts, the flushed watermark, tombstones
//	                   and retention cutoffs (manifest.go)
//	parts/<group>/<day>/<id>.data, .index
//	                   part files, through the Blob interface (blob.go);
//	                   another Blob (an object store) may hold them instead
//
// docs/format/logs_part.md describes the part files and the manifest;
// docs/format/logs_block.md the blocks inside the data files;
// docs/format/wal.md the WAL and its records (record.go).
//
// # Ingest
//
// Append encodes its batch as one WAL record and returns only after the WAL
// has fsync'd it (group commit); then the events are put in the memtable
// of their log group and are visible. When the WAL reports an I/O failure
// Append returns an error wrapping model.ErrUnavailable and nothing of the
// batch is visible. The WAL is fail-stop (see package wal): every later
// write fails too, and the store stops flushing, until it is reopened. A
// batch whose write reached the disk but whose fsync failed was not
// acknowledged, yet it may be found by the replay after a restart; it then
// appears exactly once, with the Seqs it was given. Once a batch has been
// handed to the WAL, Append waits for the outcome even if ctx ends, so
// that what is in memory always matches what replay will rebuild.
//
// # Sequence numbers, generations and the watermark
//
// Seqs come from one store-wide counter. A batch takes a contiguous range
// under a mutex and is handed to the WAL under the same mutex, so WAL order
// is Seq order. Memtables live in generations: the active generation takes
// every batch whose Seqs are handed out while it is active. A flush freezes
// it under that mutex (recording the next Seq as its end and the WAL's end
// as its tail), waits until every operation that took its Seqs in it has
// been applied, writes its memtables as parts (one per log group and UTC
// day), and commits them: the manifest is rewritten with the parts and
// with the generation's end as the watermark, the generation leaves the
// view in the same step as the parts enter it, and the WAL then removes
// the segments before the tail. On Open, WAL batches below the manifest's
// watermark are skipped: they are in parts already. The others are
// replayed into generations of about MemtableSize, each frozen before the
// record that would start the next (its tail), and when there is more than
// one the flusher starts at once, committing them one by one. A flush that fails
// leaves the generation where it is (visible, and in the WAL) and the next
// flush retries it before anything newer.
//
// # Deletes
//
// A tombstone records the Seq counter's value when it was written: it
// deletes the events of its group or stream whose Seq is below that value.
// Because a batch's Seqs are taken atomically, a batch is either wholly
// before a tombstone or wholly after it; an Append racing a delete is
// ordered by its Seqs, in memory and on replay alike. A tombstone drops the
// rows from every memtable at once and is kept (in memory and in the
// manifest) to hide the rows of parts until merges have rewritten them;
// parts that hold only deleted rows are dropped at once. Each tombstone has
// an epoch, and each part the epoch its rows reflect, so the store knows
// which parts a tombstone still dirties; one that dirties none and whose
// rows are all below the watermark is forgotten.
//
// # Reads
//
// Read merges the memtable runs and the blocks of the group's parts in
// (Timestamp, Seq) order with a heap. Parts and blocks whose headers rule
// them out (time range, stream range, cursor) are skipped; a block enters
// the heap undecoded under a key that sorts before any row it can hold and
// is read and decoded (only the columns a read needs) when it reaches the
// top, so a short page reads few blocks. A read with a FilterBatch (a JSON
// filter pattern) decodes a block's timestamps, the field columns the
// filter names and which rows those columns describe, lets the filter
// decide the rows it can from them, and rebuilds only the messages of the
// rows that match or that the filter leaves to Match; a page after the
// first finds the blocks it shares with the page before in a cache of
// decoded blocks. Scan reads the selected blocks on
// several goroutines, with their token filters checked first, and decodes
// only the columns asked for; ScanWorkers hands each batch to the caller on
// the goroutine that read it, so a query engine works on it there rather
// than behind a hand-over to goroutines of its own.
//
// Reads and scans decode a block of a local data file where a read-only
// mapping of the file holds it (Linux; the file stays open, and mapped,
// among the dataFiles kept open), rather than copying it out first; a file
// cut short under its mapping makes the read fail as a short read would.
// Merges copy: they read whole parts once.
//
// Readers take, under the tombstone and view locks together, the group's
// generations, parts (reference-counted: a part's files are deleted when
// the last reader of a dropped part is done) and tombstones; memtable runs
// are never modified once published, so reads hold no lock while they
// merge.
//
// # Memtables
//
// A memtable maps each stream to a few sorted runs of events, each ordered
// by (Timestamp, Seq). A batch that sorts after the last event of the
// newest run is appended to it — the usual case. A batch with older
// timestamps becomes a new run, and runs of similar size are then merged
// into a freshly allocated slice, so a stream keeps O(log n) runs. The
// published part of a run — the elements below its length — is never
// written again: appends write past the end (or into a new array) and
// merges and deletes build new slices.
//
// The messages themselves live in 4 MiB chunks owned by the generation
// (msgArena), since Append's caller may reuse the memory it passed:
// Append encodes its WAL record into the active generation's chunks and
// the memtable keeps the messages where the record holds them (copying
// them only when a freeze came between, or the record is larger than a
// chunk).
// Snapshots reference the generations they read; once a flushed generation
// has left the view and the last snapshot is released, its chunks go back
// to the store's pool for the generations that follow. So a message of a
// memtable must be copied before it leaves the store: Read and Scan do.
// On Linux the chunks are mapped outside the Go heap, on huge pages where
// the kernel has them, and a chunk the pool does not keep is unmapped: a
// stray reference to one would crash rather than read another message.
//
// # Background work
//
// A flusher (every FlushInterval, or when the memtables pass MemtableSize)
// and a merger run in goroutines owned by the Store; Close stops them and
// flushes the memtables, and then removes the WAL, which holds nothing the
// parts do not. Appends wait for the flush running when the active
// memtables reach six times MemtableSize; once that flush has handed its
// rows to the part writers it freezes the active generation, if past
// MemtableSize, and lets them go on, so that they keep the processors busy
// while it encodes its last blocks and syncs its files. A part writer
// encodes the blocks it cuts on as many goroutines as there are processors
// while it fills the next, and lays them out in order. A flush gives each
// stream with half a block of rows or more blocks of its own. Merges are
// size-tiered per partition and also rewrite parts dirtied by tombstones
// and trim rows older than the group's retention cutoff (ApplyRetention);
// a merge copies a block as it is when no row of its other parts falls
// within the block's range and none of its rows is to go, and decodes and
// rebuilds the others, so that under in-order ingest it mostly copies. A
// flush or merge cut short by an error removes the files it wrote and
// changes nothing; Open removes any part file the manifest does not list.
package logstore
