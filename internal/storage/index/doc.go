// Package index builds the per-block token filters of OpenWatch's log parts:
// for each column of a block, a bloom filter of the tokens in its values, so
// that filter patterns, `filter` and `like` skip blocks that cannot match
// without decoding them.
//
// A token is a maximal run of letters and digits (Unicode); everything else
// separates tokens. Case is kept: CloudWatch filter patterns are
// case-sensitive. A filter answers "may contain" (false positives at about
// 1%) or "does not contain" (never wrong).
//
// # Layout
//
// Filters are persisted, so the hash (XXH64 with seed 0 over the token's
// UTF-8 bytes) and the bit derivation below are part of the format. All
// integers are little-endian; uvarint is encoding/binary's.
//
//	filter:
//	  k (1) │ word count uvarint │ words (8 bytes each)
//	  For a token with hash h, bit i of the filter (i < k) is
//	  hi64(h_i × 64·words) with h_0 = h, h_{i+1} = h_i + (rotl64(h, 32) | 1)
//	  (hi64 is the high half of the 128-bit product). Bit b is bit b%64 of
//	  word b/64. A filter of zero words contains nothing.
//
//	block index:
//	  magic "OWBI" (4) │ version (1) = 2 │ column count uvarint
//	  │ per column, sorted by name: name length uvarint │ name │ filter
//	  │ gram filter │ CRC-32C (Castagnoli) of every byte above (4)
//	  Version 1 is the same without the gram filter; it is still read,
//	  and written for an index that has none.
//
// The gram filter (grams.go) holds the 8-byte windows of the long ASCII
// runs of a block's messages, so that a term that may be part of a longer
// token can still rule the block out. The message token filter built with
// it leaves out the tokens that are such runs of at least GramTokenMin,
// and Text checks each token in the filter that holds it.
//
// docs/format/logs_block.md describes the format with the block layout and
// keeps the version history.
package index
