// Package colblock encodes one block of log rows as columns: the on-disk unit
// of OpenWatch's log parts. A part (one log group, one day) holds blocks of a
// few thousand rows sorted by (stream id, timestamp); a query decodes only
// the columns it names, skipping the others without decompressing them.
//
// A block holds the system columns (stream id, timestamp, ingestion time,
// sequence number, message) and one column per flattened JSON field
// (FlattenJSON). Messages that are JSON are stored as skeletons that
// reference the field columns, so the text of a JSON log is not stored twice
// and still comes back byte for byte.
//
// # Layout
//
// All integers are little-endian; uvarint and varint are encoding/binary's
// (varint zigzag-encodes signed values). docs/format/logs_block.md has the
// full description and the version history.
//
//	block (version 4; versions 2 and 3 are laid out the same):
//	┌──────────────────────────────────────────────────────────────────┐
//	│ magic "OWLB" (4) │ version (1) = 4 │ head length uint32          │
//	├─ head ───────────────────────────────────────────────────────────┤
//	│ rows uvarint │ min timestamp varint │ max timestamp varint       │
//	│ field count uvarint                                              │
//	│ per system column (streams, timestamps, ingestion times, seqs,   │
//	│   messages): payload length uvarint │ payload CRC-32C uint32     │
//	│ per field, sorted by name: name length uvarint │ name │ type (1) │
//	│   │ payload length uvarint │ payload CRC-32C uint32              │
//	├──────────────────────────────────────────────────────────────────┤
//	│ CRC-32C (Castagnoli) of every byte above (4)                     │
//	├─ column payloads, in directory order, back to back ──────────────┤
//	│ payload 0 │ payload 1 │ … (offsets are running sums of lengths)  │
//	└──────────────────────────────────────────────────────────────────┘
//
//	Version 1 blocks, still read, have no head length and no payload
//	checksums; one CRC-32C of every byte before it ends the block.
//
//	column payload:
//	  0x00 │ body                          uncompressed
//	  0x01 │ body length uvarint │ zstd frame of body
//
//	body of an integer system column (seqs as uint64 bits):
//	  encoding (1) │ values              encoding none (0) when rows = 0
//
//	body of the message column:
//	  mode (1) │ string encoding (1) │ strings
//	  mode 0: the strings are the messages
//	  mode 1: the strings are skeletons, one per row:
//	          { literal length uvarint │ literal │ code uvarint } … code 0
//	          code 1 = the row's timestamp as 2006-01-02T15:04:05.000Z
//	          code 2+2k+q = field k's value: as text (q=0), or as a JSON
//	          string (q=1)
//
//	body of a field column (values only for rows present and not null):
//	  presence enc (1) │ null enc (1) │ value enc (1)
//	  │ presence bitmap │ null bitmap │ values
//	  null enc is none (0) for type null; value enc is none when no row
//	  has a value.
//
//	encodings of a section of n values:
//	  1 const           the value once: varint, 8-byte float, or
//	                    uvarint length + bytes
//	  2 delta           varint first value, varint differences
//	  3 delta-of-delta  varint first value, varint first difference,
//	                    varint changes of the difference
//	  4 for             varint minimum, uvarint offsets from it
//	  5 float-raw       8-byte IEEE 754 values
//	  6 decimal         scale (1) │ integer encoding (1) │ mantissas;
//	                    value = mantissa / 10^scale
//	  7 dict            uvarint entry count │ entries as plain │ indexes
//	                    (1 byte each when ≤ 256 entries, else uvarint)
//	  8 plain           uvarint lengths │ concatenated bytes
//	  9 bitmap-zeros    nothing
//	 10 bitmap-ones     nothing
//	 11 bitmap-raw      ceil(n/8) bytes, row i is bit i%8 of byte i/8;
//	                    bits past n are zero
//	 12 hex             uvarint text length │ each value's bytes (values
//	                    are lowercase hex text of that length)
//	 13 packed-delta    varint first value, then per 128 differences:
//	                    varint smallest │ width (1) │ each one's distance
//	                    from the smallest in width bits
//
// Field types: 1 string, 2 int64, 3 float64, 4 bool (values as a bitmap),
// 5 null.
//
// # Decoding limits
//
// Unmarshal checks the head checksum first and each payload's before it
// decodes the payload (version 1: the one checksum first), then every
// count against MaxRows, MaxFields and MaxFieldNameLen, every length
// against the bytes left, and charges every allocation whose size comes
// from the input against MaxBlockBytes; any malformed input returns an
// error wrapping model.ErrCorruption.
package colblock
