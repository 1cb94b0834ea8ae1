package colblock

import (
	"encoding/binary"
	"hash/crc32"
	"sync"
)

// castagnoli is the CRC-32C table; the polynomial has hardware support on
// amd64 and arm64.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// The system columns, in the order of the column directory.
const (
	colStreams = iota
	colTimestamps
	colIngestionTimes
	colSeqs
	colMessages
	numSystemColumns
)

var systemColumnNames = [numSystemColumns]string{"streams", "timestamps", "ingestion_times", "seqs", "messages"}

// blockEncoder holds the scratch buffers of Marshal; pooled because a flush
// marshals blocks back to back.
type blockEncoder struct {
	payloads []byte
	ends     []int
	body     []byte
	rows     []int
	ints     []int64
	floats   []float64
	strs     []string
	bools    Bitmap
	dict     stringDict
	tmpl     templater
	// values are the string values the last field body wrote, for
	// MarshalOptions.Visit.
	values []string
	// valueEnc is the encoding of the string column appendFieldBody
	// wrote last.
	valueEnc encoding
	// Field columns are encoded into fieldPayloads, ending at fieldEnds,
	// before the messages that come before them in the block.
	fieldPayloads []byte
	fieldEnds     []int
	// textCounts, textCodes, textCodeEnds, fieldTexts and tmp serve
	// showText.
	textCounts   []int
	textCodes    []uint64
	textCodeEnds []int
	fieldTexts   []fieldText
	tmp          []byte
}

var encoderPool = sync.Pool{New: func() any { return new(blockEncoder) }}

// Marshal appends the encoded block to dst and returns the extended slice.
// b must be complete and valid (see Validate); Marshal panics otherwise,
// since only a bug in the caller can produce such a block.
func (b *Block) Marshal(dst []byte) []byte { return b.MarshalWith(dst, MarshalOptions{}) }

// StringValues receives, from MarshalWith, the values of the string field
// column b.Fields[field]: each distinct value once where the encoder
// found them all (it looks for a dictionary), else the value of every row
// that has one. Absent and null rows contribute nothing; a column with no
// value gets an empty values. values are valid only during the call.
type StringValues func(field int, values []string)

// MarshalOptions tune MarshalWith.
type MarshalOptions struct {
	// Visit, when not nil, is shown the values of each string field
	// column as it is encoded, so that a caller indexing the values does
	// so once per distinct value without finding them again.
	Visit StringValues
	// Text, when not nil, is shown the text of the messages (see
	// MessageText).
	Text MessageText
}

// MarshalWith is Marshal with options.
func (b *Block) MarshalWith(dst []byte, o MarshalOptions) []byte {
	visit := o.Visit
	if err := b.Validate(); err != nil {
		panic("BUG: colblock: Marshal of an invalid block: " + err.Error())
	}
	e := encoderPool.Get().(*blockEncoder)
	defer e.release()
	e.payloads, e.ends = e.payloads[:0], e.ends[:0]
	n := len(b.Timestamps)

	e.addIntColumn(b.Streams)
	e.addIntColumn(b.Timestamps)
	e.addIntColumn(b.IngestionTimes)
	e.ints = e.ints[:0]
	for _, s := range b.Seqs {
		e.ints = append(e.ints, int64(s))
	}
	e.addIntColumn(e.ints)
	// The field columns are encoded before the messages, though stored
	// after them, so that the message text can show the leaves of a
	// column per distinct value (see showText).
	e.fieldPayloads, e.fieldEnds = e.fieldPayloads[:0], e.fieldEnds[:0]
	e.fieldTexts = e.fieldTexts[:0]
	for i := range b.Fields {
		c := &b.Fields[i]
		e.values = nil
		e.body = e.appendFieldBody(e.body[:0], c, n)
		e.fieldPayloads = appendColumnPayload(e.fieldPayloads, e.body)
		e.fieldEnds = append(e.fieldEnds, len(e.fieldPayloads))
		if visit != nil && c.Type == TypeString {
			visit(i, e.values)
		}
		if o.Text != nil {
			e.noteFieldText(i, c, n)
		}
	}
	e.addMessages(b, o.Text)
	base := len(e.payloads)
	e.payloads = append(e.payloads, e.fieldPayloads...)
	for _, end := range e.fieldEnds {
		e.ends = append(e.ends, base+end)
	}

	// The head (counts, time range and the column directory with each
	// payload's length and checksum) comes first with a checksum of its
	// own, so that a reader can read it and then only the payloads it
	// wants, and trust each of them.
	start := len(dst)
	lo, hi := b.timeRange()
	dst = append(dst, blockMagic...)
	dst = append(dst, formatVersion)
	lenAt := len(dst)
	dst = append(dst, 0, 0, 0, 0)
	dst = binary.AppendUvarint(dst, uint64(n))
	dst = binary.AppendVarint(dst, lo)
	dst = binary.AppendVarint(dst, hi)
	dst = binary.AppendUvarint(dst, uint64(len(b.Fields)))
	for i := 0; i < numSystemColumns; i++ {
		dst = e.appendDirectoryEntry(dst, i)
	}
	for i := range b.Fields {
		f := &b.Fields[i]
		dst = binary.AppendUvarint(dst, uint64(len(f.Name)))
		dst = append(dst, f.Name...)
		dst = append(dst, byte(f.Type))
		dst = e.appendDirectoryEntry(dst, numSystemColumns+i)
	}
	binary.LittleEndian.PutUint32(dst[lenAt:], uint32(len(dst)-lenAt-4))
	dst = binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], castagnoli))
	return append(dst, e.payloads...)
}

// appendDirectoryEntry appends the length and the checksum of payload i.
func (e *blockEncoder) appendDirectoryEntry(dst []byte, i int) []byte {
	end := e.ends[i]
	dst = binary.AppendUvarint(dst, uint64(e.payloadLen(i)))
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(e.payloads[end-e.payloadLen(i):end], castagnoli))
}

// release drops the references to b's strings that the scratch buffers hold,
// so a pooled encoder does not keep the last block alive, and pools e.
func (e *blockEncoder) release() {
	clear(e.strs[:cap(e.strs)])
	e.values = nil
	e.dict.forget()
	clear(e.tmpl.index)
	e.tmpl.walker.s = ""
	e.releaseFieldTexts()
	encoderPool.Put(e)
}

// addPayload frames e.body as the next column payload.
func (e *blockEncoder) addPayload() {
	e.payloads = appendColumnPayload(e.payloads, e.body)
	e.ends = append(e.ends, len(e.payloads))
}

func (e *blockEncoder) payloadLen(i int) int {
	if i == 0 {
		return e.ends[0]
	}
	return e.ends[i] - e.ends[i-1]
}

// addIntColumn adds a system integer column: an encoding byte and the values,
// or encNone alone for an empty block.
func (e *blockEncoder) addIntColumn(vals []int64) {
	e.body = e.body[:0]
	if len(vals) == 0 {
		e.body = append(e.body, byte(encNone))
	} else {
		enc, _ := chooseIntEncoding(vals)
		e.body = appendInts(append(e.body, byte(enc)), enc, vals)
	}
	e.addPayload()
}

// addMessages adds the message column: a mode byte, a string encoding byte
// and the messages or their skeletons.
func (e *blockEncoder) addMessages(b *Block, text MessageText) {
	mode, vals := msgPlain, b.Messages
	skeletons, templated := e.tmpl.skeletons(b)
	if templated {
		mode, vals = msgTemplated, skeletons
	}
	e.body = append(e.body[:0], mode)
	if len(vals) == 0 {
		e.body = append(e.body, byte(encNone))
	} else {
		enc := chooseStringEncoding(vals, &e.dict)
		if text != nil {
			e.showText(b, templated, enc, text)
		}
		e.body = appendStrings(append(e.body, byte(enc)), enc, vals, &e.dict)
	}
	e.addPayload()
}
