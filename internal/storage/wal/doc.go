// Package wal is OpenWatch's write-ahead log: an append-only sequence of
// segment files in one directory, written with group commit and read back
// in order on restart.
//
// # Files
//
// Segments are named by a decimal index padded to six digits, 000001.wal,
// 000002.wal, …; indexes are consecutive. A segment is rolled once the next
// record would take it past Options.SegmentSize (64 MiB by default); a record
// never spans two segments, so a segment holding one large record may exceed
// that size. Only the last segment is ever written to.
//
// A segment that RemoveBefore retires may be kept, two at most, as a spare
// named 000003.spare; a roll renames a spare to the new segment's name and
// writes over it, into blocks the file already has, which an fdatasync
// flushes without a filesystem journal commit (the log's syncs took 0.9-1.0
// ms rather than 1.5-1.6 in BenchmarkSustainedIngest). The segment is
// truncated to its last record, and fsync'd, before the next roll. Close
// deletes the spares, Open any a crash left.
//
// # Byte layout
//
// All integers are little-endian.
//
//	segment := header record*
//	header  := magic[4] = "OWAL" | version uint32 = 2
//	record  := length uint32 | crc uint32 | payload[length]
//
//	 0       4       8      12      16          16+length
//	 +-------+-------+-------+-------+---- … ----+-------+----
//	 | "OWAL"|   2   | length|  crc  |  payload  | length| …
//	 +-------+-------+-------+-------+---- … ----+-------+----
//	 \-- header ----/ \------ first record -----/
//
// crc is the CRC-32C (Castagnoli) of payload continued from that of the
// segment's index as a little-endian uint32 (recordSeed): a record a reused
// file holds from its earlier use, under a smaller index, fails it.
// Version 1 segments, still read, have the CRC-32C of the payload alone.
// length is at least 1 and at most MaxPayloadSize: an empty record is not representable, so a
// zero-filled region never decodes as records. The payload is opaque to
// this package.
//
// # Positions
//
// An LSN is the position of a record: segment index in the high 32 bits,
// byte offset of the record's length field within the segment in the low 32
// bits. LSNs increase in write order.
//
// # Durability and group commit
//
// Append returns only after its record has been written and the segment
// fsync'd. One writer goroutine takes every record queued while the previous
// write was in flight, writes them with a single write call and makes them
// durable with a single fsync (an fdatasync on Linux), so concurrent
// appenders share the cost of an fsync. A new segment's directory entry is synced before any record in it
// is acknowledged, and the previous segment is fsync'd before the new one is
// created, so only the last segment can ever hold unacknowledged bytes.
//
// # Removing old segments
//
// A caller that has persisted the effect of a prefix of the log elsewhere
// takes Tail before that point and later calls RemoveBefore with it. Whole
// segments below the position are deleted, oldest first, and the directory
// is synced; the last segment is never removed. Indexes therefore stay
// consecutive but need not start at 1. RemoveAll deletes every segment of
// a closed log whose records are all persisted; it reopens empty.
//
// # Failure: fail-stop
//
// After any write, fsync, create or directory-sync error the log is failed:
// the appends of the failing batch and every later Append return an error
// wrapping ErrFailed and the cause. Nothing is retried. After a failed fsync
// the kernel may already have dropped the dirty pages, so what is on disk is
// unknowable and a retried fsync could report success for data that is gone;
// the only safe continuation is to reopen and re-read the disk. An
// unacknowledged record can therefore still be found by a later Replay —
// exactly once, since it was written once — and callers must treat "not
// acknowledged" as "may or may not have happened", never as "did not
// happen".
//
// # Recovery
//
// Open scans the last segment. Its tail — from the first record whose header
// is short, whose length is zero or runs past the end of the file, or whose
// CRC does not match — is the remains of a write that was never acknowledged,
// or of a reused file's earlier use; Open truncates it away, fsyncs, and counts it in Stats (TornTails,
// TruncatedBytes) so later appends follow good data. Damage in the middle of
// the last segment cannot be told apart from a torn write and is handled the
// same way; the counters make it visible. A last segment whose
// header is short or all zeros was created but never written and is removed.
// The same damage in any older segment, a missing segment index, or a bad
// header with non-zero bytes is reported as an error wrapping
// model.ErrCorruption, because those bytes had been acknowledged.
//
// One process at a time may use a directory.
package wal
