// Package catalog keeps OpenWatch's metadata: log groups, log streams, their
// tags, metric filters and ingest statistics, accounts and access keys. It
// implements the logs.Catalog and accounts.Store ports on SQLite (the
// embedded default, through the pure-Go driver); the SQL is kept portable
// and the differences between engines sit in a dialect (dialect.go), so
// PostgreSQL can serve the same tables for scale-out.
//
// # Schema
//
// The schema is created by numbered migrations (migrations.go) recorded in a
// schema_version table; each migration runs in its own transaction, so
// several processes opening a fresh file at once apply it exactly once, and a
// binary refuses a file whose schema is newer than it knows. Group and stream
// ids come from never-reused sequences (AUTOINCREMENT), so the log store can
// key events by id and a group deleted and created again under the same name
// starts empty.
//
// # Concurrency
//
// A Catalog is safe for concurrent use, and several processes (the server and
// the CLI) may open the same file. SQLite allows one writer at a time, so
// each Catalog holds three connection pools:
//
//   - writer: one connection for every metadata change. Its transactions
//     begin IMMEDIATE, so a transaction takes the write lock before reading
//     and never fails half-way with a stale snapshot; waiting for another
//     process is bounded by busy_timeout (10 s).
//   - ingester: one connection for RecordIngest, which runs on every
//     PutLogEvents call with prepared statements.
//   - reader: a few query_only connections; in WAL mode readers neither block
//     nor are blocked by the writer, and see every committed write.
//
// # Durability
//
// The journal is a write-ahead log (WAL). The writer runs with
// synchronous=FULL: a created group or stream is fsync'd before the call
// returns. synchronous=NORMAL would already survive kill -9 of the process
// (committed frames are in the OS page cache), but not power loss, and the
// log store fsyncs events keyed by these ids: losing a group after its events
// were acknowledged would also roll back the id sequence, and the next group
// created would reuse the id and see the old events.
//
// The ingester runs with synchronous=NORMAL. Its updates (first and last
// event timestamps, last ingestion time, stored bytes) are statistics that
// CloudWatch itself reports as eventually consistent; they survive kill -9 at
// once, and power loss from the next write of the writer connection or the
// next checkpoint, because fsync of the WAL file covers every frame appended
// before it. This keeps one extra fsync per PutLogEvents off the ingest path.
package catalog
