package index

// formatVersion is written into every block index. Bump it when the layout,
// the hash or the bit derivation changes; filters are persisted.
const formatVersion = 1

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
