package index

// formatVersion is written into every block index that has a gram filter.
// Bump it when the layout, a hash or a bit derivation changes; filters are
// persisted. Version 2 added the gram filter after the columns; an index
// without one is written, and read, as version 1.
const (
	formatVersion        = 2
	formatVersionNoGrams = 1
)

// indexMagic opens every block index.
const indexMagic = "OWBI"

const (
	// bitsPerToken and hashesPerToken give a false-positive rate of about
	// 0.8%: (1 - e^(-7/10))^7.
	bitsPerToken   = 10
	hashesPerToken = 7

	// maxHashes bounds k on decode.
	maxHashes = 16

	// maxFilterWords caps one filter at 4 MiB. Beyond about 3.3 million
	// distinct tokens a column's filter saturates gradually instead of
	// growing.
	maxFilterWords = 1 << 19

	// maxColumns and maxColumnNameLen bound a block index on decode; they
	// are above the block format's own column limits.
	maxColumns       = 4096
	maxColumnNameLen = 4096
)
