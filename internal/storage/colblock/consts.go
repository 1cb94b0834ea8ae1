package colblock

// formatVersion is written into every block header. Bump it whenever the byte
// layout changes, and keep decoding every older version: parts are immutable
// and may outlive many releases. docs/format/logs_block.md keeps the history.
const formatVersion = 4

// formatVersion3 blocks are laid out as version 4 ones; they never use the
// packed delta integer encoding, which version 4 added.
const formatVersion3 = 3

// formatVersion2 blocks are laid out as version 3 ones; they never use the
// hex string encoding either, which version 3 added.
const formatVersion2 = 2

// formatVersion1 blocks have one checksum over the whole block, so a reader
// must read all of one to trust any column of it.
const formatVersion1 = 1

// headPrefixLen is the fixed start of a version 2 block: the magic, the
// version byte and the head length.
const headPrefixLen = len(blockMagic) + 1 + 4

// blockMagic opens every block, so a block read from the wrong offset fails
// fast instead of decoding garbage that happens to pass the checksum check.
const blockMagic = "OWLB"

// Limits checked on decode. A writer must stay within them (Block.Validate
// checks them) so that every block it writes can be read back.
const (
	// MaxRows is the most rows one block may hold. The log store cuts blocks
	// at a few thousand rows; the limit leaves room without letting a corrupt
	// row count drive allocations.
	MaxRows = 1 << 16

	// MaxFields is the most field columns one block may hold. CloudWatch
	// discovers at most 1000 fields per log group; NewBlock drops the fields
	// first seen after this many, and those stay searchable in the message.
	MaxFields = 1024

	// MaxFieldNameLen is the longest field name, in bytes. Longer JSON paths
	// are not extracted.
	MaxFieldNameLen = 1024

	// MaxBlockBytes bounds the memory that decoding one block may take,
	// counted with the conservative estimate Block.Validate uses, so that a
	// corrupt or hostile block cannot make the reader allocate without limit.
	MaxBlockBytes = 256 << 20
)

const (
	// maxJSONDepth bounds the nesting FlattenJSON follows; deeper messages
	// are treated as plain text.
	maxJSONDepth = 64

	// maxFlattenedFields caps the fields extracted from one message, as
	// CloudWatch caps extraction per event.
	maxFlattenedFields = 1000

	// minCompressSize is the smallest column body worth trying zstd on.
	minCompressSize = 64

	// maxDecimalScale is the most decimal digits the decimal float encoding
	// keeps after the point.
	maxDecimalScale = 9
)

// encoding names how one section of a column body is laid out. The values are
// part of the on-disk format: never renumber them.
type encoding uint8

const (
	encNone         encoding = 0  // section absent (no values)
	encConst        encoding = 1  // every value equal: stored once
	encDelta        encoding = 2  // first value, then zigzag varint deltas
	encDeltaOfDelta encoding = 3  // first value, first delta, then zigzag varint delta changes
	encFOR          encoding = 4  // minimum, then uvarint offsets from it
	encFloatRaw     encoding = 5  // 8-byte little-endian IEEE 754 values
	encDecimal      encoding = 6  // scale byte, then integer mantissas (value = mantissa / 10^scale)
	encDict         encoding = 7  // distinct strings once, then an index per value
	encPlain        encoding = 8  // uvarint lengths, then the concatenated bytes
	encBitmapZeros  encoding = 9  // every bit clear
	encBitmapOnes   encoding = 10 // every bit set
	encBitmapRaw    encoding = 11 // ceil(n/8) bytes, bit i of byte j is row 8j+i
	encHex          encoding = 12 // uvarint text length, then each value's bytes (lowercase hex text)
	encPackedDelta  encoding = 13 // first value, then per 128 deltas: smallest delta, bit width, bit-packed distances
)

var encodingNames = [...]string{
	encNone:         "none",
	encConst:        "const",
	encDelta:        "delta",
	encDeltaOfDelta: "delta-of-delta",
	encFOR:          "for",
	encFloatRaw:     "float-raw",
	encDecimal:      "decimal",
	encDict:         "dict",
	encPlain:        "plain",
	encBitmapZeros:  "bitmap-zeros",
	encBitmapOnes:   "bitmap-ones",
	encBitmapRaw:    "bitmap-raw",
	encHex:          "hex",
	encPackedDelta:  "packed-delta",
}

func (e encoding) String() string {
	if int(e) < len(encodingNames) {
		return encodingNames[e]
	}
	return "unknown"
}

// Column payload compression, the first byte of every column payload.
const (
	compNone byte = 0
	compZstd byte = 1
)

// Message column modes, the first byte of the message column body.
const (
	msgPlain     byte = 0 // the messages themselves, as a string section
	msgTemplated byte = 1 // per-row skeletons that reference field values
)
