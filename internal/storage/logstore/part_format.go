package logstore

import (
	"encoding/binary"
	"hash/crc32"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// Part files. docs/format/logs_part.md has the full description and the
// version history. All integers are little-endian; varints are
// encoding/binary's.
//
//	data file  := magic "OWLD" | version u8 | block*
//	block      := filters (index.BlockIndex) | rows (colblock block)
//
//	index file := magic "OWPI" | version u8 | meta | block count uvarint
//	              | block header × count | CRC-32C of everything before (4)
//	meta       := id uvarint | group varint | day varint | rows uvarint
//	              | min ts varint | max ts varint
//	              | min seq uvarint | max seq uvarint
//	              | min stream varint | max stream varint
//	              | raw bytes uvarint | data size uvarint
//	block header := filter length uvarint | block length uvarint
//	              | rows uvarint | min ts varint | max ts varint
//	              | min stream varint | max stream varint
//	              | min seq uvarint | max seq uvarint
//
// Blocks follow each other from the end of the data file's header; a block's
// offset is the sum of the lengths before it.

// partFormatVersion is the version of the part files and of the manifest
// this package writes, and the only one it reads. Bump it whenever a layout
// changes, and keep reading older versions: parts are immutable and outlive
// releases.
const partFormatVersion = 1

const (
	dataMagic      = "OWLD"
	indexMagic     = "OWPI"
	dataHeaderSize = len(dataMagic) + 1
	// maxBlocksPerPart bounds the block count a part index may declare.
	maxBlocksPerPart = 1 << 24
	// minBlockHeaderSize is the least a block header takes: nine varints.
	minBlockHeaderSize = 9
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func appendDataHeader(dst []byte) []byte {
	return append(append(dst, dataMagic...), partFormatVersion)
}

// checkDataHeader checks the start of a data file.
func checkDataHeader(b []byte) error {
	if len(b) < dataHeaderSize || string(b[:len(dataMagic)]) != dataMagic {
		return model.Errorf(model.ErrCorruption, "part data file: bad header")
	}
	if v := b[len(dataMagic)]; v != partFormatVersion {
		return model.Errorf(model.ErrCorruption, "part data file: unsupported format version %d", v)
	}
	return nil
}

func appendMeta(dst []byte, m *partMeta) []byte {
	dst = binary.AppendUvarint(dst, m.id)
	dst = binary.AppendVarint(dst, m.group)
	dst = binary.AppendVarint(dst, m.day)
	dst = binary.AppendUvarint(dst, uint64(m.rows))
	dst = binary.AppendVarint(dst, m.minTs)
	dst = binary.AppendVarint(dst, m.maxTs)
	dst = binary.AppendUvarint(dst, m.minSeq)
	dst = binary.AppendUvarint(dst, m.maxSeq)
	dst = binary.AppendVarint(dst, m.minStream)
	dst = binary.AppendVarint(dst, m.maxStream)
	dst = binary.AppendUvarint(dst, uint64(m.rawBytes))
	return binary.AppendUvarint(dst, uint64(m.dataSize))
}

// meta reads and checks a partMeta.
func (d *decoder) meta() partMeta {
	m := partMeta{
		id:        d.uvarint("part id"),
		group:     d.varint("group"),
		day:       d.varint("day"),
		rows:      d.size("rows"),
		minTs:     d.varint("min timestamp"),
		maxTs:     d.varint("max timestamp"),
		minSeq:    d.uvarint("min seq"),
		maxSeq:    d.uvarint("max seq"),
		minStream: d.varint("min stream"),
		maxStream: d.varint("max stream"),
		rawBytes:  d.size("raw bytes"),
		dataSize:  d.size("data size"),
	}
	switch {
	case d.err != nil:
	case m.rows < 1:
		d.fail("part %d has no rows", m.id)
	case m.minTs > m.maxTs || m.minSeq > m.maxSeq || m.minStream > m.maxStream:
		d.fail("part %d has inverted ranges", m.id)
	case dayOf(m.minTs) != m.day || dayOf(m.maxTs) != m.day:
		d.fail("part %d of day %d holds timestamps [%d, %d]", m.id, m.day, m.minTs, m.maxTs)
	case m.dataSize < int64(dataHeaderSize):
		d.fail("part %d has a data size of %d", m.id, m.dataSize)
	}
	return m
}

// encodeIndex returns the index file of a part.
func encodeIndex(m *partMeta, blocks []blockHeader) []byte {
	dst := append([]byte(indexMagic), partFormatVersion)
	dst = appendMeta(dst, m)
	dst = binary.AppendUvarint(dst, uint64(len(blocks)))
	for i := range blocks {
		h := &blocks[i]
		dst = binary.AppendUvarint(dst, uint64(h.filterLen))
		dst = binary.AppendUvarint(dst, uint64(h.blockLen))
		dst = binary.AppendUvarint(dst, uint64(h.rows))
		dst = binary.AppendVarint(dst, h.minTs)
		dst = binary.AppendVarint(dst, h.maxTs)
		dst = binary.AppendVarint(dst, h.minStream)
		dst = binary.AppendVarint(dst, h.maxStream)
		dst = binary.AppendUvarint(dst, h.minSeq)
		dst = binary.AppendUvarint(dst, h.maxSeq)
	}
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst, castagnoli))
}

// decodeIndex decodes and checks an index file: the checksum, the limits,
// and that the blocks tile the data file and agree with the part's meta.
// Any malformed input returns an error wrapping model.ErrCorruption.
func decodeIndex(src []byte) (partMeta, []blockHeader, error) {
	if len(src) < len(indexMagic)+1+4 {
		return partMeta{}, nil, model.Errorf(model.ErrCorruption, "part index of %d bytes is too short", len(src))
	}
	body := src[:len(src)-4]
	if got, want := crc32.Checksum(body, castagnoli), binary.LittleEndian.Uint32(src[len(body):]); got != want {
		return partMeta{}, nil, model.Errorf(model.ErrCorruption, "part index: checksum mismatch: computed %08x, stored %08x", got, want)
	}
	d := decoder{what: "part index", b: body}
	if string(d.bytes(len(indexMagic), "magic")) != indexMagic {
		d.fail("bad magic")
	}
	if v := d.byte("version"); d.err == nil && v != partFormatVersion {
		d.fail("unsupported format version %d", v)
	}
	m := d.meta()
	n := d.count("block count", min(maxBlocksPerPart, d.left()/minBlockHeaderSize))
	if d.err == nil && (n < 1 || int64(n) > m.rows) {
		d.fail("%d blocks for %d rows", n, m.rows)
	}
	if d.err != nil {
		return partMeta{}, nil, d.err
	}
	blocks := make([]blockHeader, n)
	off, rows := int64(dataHeaderSize), int64(0)
	for i := range blocks {
		h := &blocks[i]
		h.offset = off
		h.filterLen = d.size("filter length")
		h.blockLen = d.size("block length")
		h.rows = d.count("block rows", colblock.MaxRows)
		h.minTs, h.maxTs = d.varint("block min timestamp"), d.varint("block max timestamp")
		h.minStream, h.maxStream = d.varint("block min stream"), d.varint("block max stream")
		h.minSeq, h.maxSeq = d.uvarint("block min seq"), d.uvarint("block max seq")
		switch {
		case d.err != nil:
		case h.rows < 1 || h.blockLen < 1:
			d.fail("block %d is empty", i)
		case h.minTs > h.maxTs || h.minStream > h.maxStream || h.minSeq > h.maxSeq:
			d.fail("block %d has inverted ranges", i)
		case h.minTs < m.minTs || h.maxTs > m.maxTs || h.minStream < m.minStream || h.maxStream > m.maxStream ||
			h.minSeq < m.minSeq || h.maxSeq > m.maxSeq:
			d.fail("block %d lies outside its part's ranges", i)
		case h.filterLen > m.dataSize-off || h.blockLen > m.dataSize-off-h.filterLen:
			d.fail("block %d runs past the data file", i)
		}
		if d.err != nil {
			return partMeta{}, nil, d.err
		}
		off += h.filterLen + h.blockLen
		rows += int64(h.rows)
	}
	switch {
	case d.left() != 0:
		d.fail("%d trailing bytes", d.left())
	case off != m.dataSize:
		d.fail("blocks end at %d of a %d-byte data file", off, m.dataSize)
	case rows != m.rows:
		d.fail("blocks hold %d rows, the part %d", rows, m.rows)
	}
	if d.err != nil {
		return partMeta{}, nil, d.err
	}
	return m, blocks, nil
}
