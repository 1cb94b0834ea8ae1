package colblock

import (
	"encoding/binary"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// One zstd encoder and one decoder serve the whole process: EncodeAll and
// DecodeAll are safe for concurrent use and keep their own pools of state,
// so sharing them avoids rebuilding multi-megabyte tables per block.
var (
	// The fastest level: on log columns, after the dictionary, delta and
	// skeleton encodings, it does in about half the time what the default
	// level does, for about 5% more bytes, and a flush's blocks are most
	// of what ingest costs.
	sharedZstdEncoder = sync.OnceValue(func() *zstd.Encoder {
		// Blocks carry their own CRC-32C, so the frame checksum would only
		// cost four bytes per column.
		enc, err := zstd.NewWriter(nil,
			zstd.WithEncoderLevel(zstd.SpeedFastest),
			zstd.WithEncoderCRC(false),
			zstd.WithZeroFrames(true))
		if err != nil {
			panic("BUG: colblock: cannot build zstd encoder: " + err.Error())
		}
		return enc
	})
	sharedZstdDecoder = sync.OnceValue(func() *zstd.Decoder {
		// DecodeAll may write only into the buffer the caller sized from the
		// checked uncompressed length, never past it.
		dec, err := zstd.NewReader(nil,
			zstd.WithDecoderConcurrency(0),
			zstd.WithDecoderMaxMemory(MaxBlockBytes),
			zstd.WithDecodeAllCapLimit(true))
		if err != nil {
			panic("BUG: colblock: cannot build zstd decoder: " + err.Error())
		}
		return dec
	})
)

// appendColumnPayload appends body as a column payload: a compression byte,
// then the body as is, or its uncompressed length and a zstd frame when that
// saves at least an eighth.
func appendColumnPayload(dst, body []byte) []byte {
	if len(body) >= minCompressSize {
		start := len(dst)
		dst = append(dst, compZstd)
		dst = binary.AppendUvarint(dst, uint64(len(body)))
		dst = sharedZstdEncoder().EncodeAll(body, dst)
		if len(dst)-start < len(body)-len(body)/8 {
			return dst
		}
		dst = dst[:start]
	}
	dst = append(dst, compNone)
	return append(dst, body...)
}

// columnBody returns the body of a column payload, decompressing it if
// needed.
func columnBody(payload []byte, bud *budget, what string) ([]byte, error) {
	return columnBodyInto(payload, bud, what, nil)
}

// columnBodyInto is columnBody decompressing into scratch's memory when it
// is large enough.
func columnBodyInto(payload []byte, bud *budget, what string, scratch []byte) ([]byte, error) {
	c := cursor{b: payload}
	switch comp := c.byte(what); {
	case c.err != nil:
		return nil, c.err
	case comp == compNone:
		return c.b, nil
	case comp == compZstd:
		n := c.uvarint(what + " size")
		if c.err != nil {
			return nil, c.err
		}
		if n > MaxBlockBytes {
			return nil, corruptf("%s claims %d uncompressed bytes", what, n)
		}
		if err := bud.charge(int64(n), what); err != nil {
			return nil, err
		}
		if uint64(cap(scratch)) < n {
			scratch = make([]byte, 0, n)
		}
		body, err := sharedZstdDecoder().DecodeAll(c.b, scratch[:0])
		if err != nil {
			return nil, corruptf("cannot decompress %s: %v", what, err)
		}
		if uint64(len(body)) != n {
			return nil, corruptf("%s decompressed to %d bytes, want %d", what, len(body), n)
		}
		return body, nil
	default:
		return nil, corruptf("%s has bad compression %d", what, comp)
	}
}
