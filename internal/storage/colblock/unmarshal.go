package colblock

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// ColumnSet names the columns Unmarshal decodes; the others are skipped
// without being decompressed.
type ColumnSet struct {
	Streams, Timestamps, IngestionTimes, Seqs, Messages bool
	// AllFields decodes every field column; otherwise only those named in
	// Fields (names the block lacks are ignored).
	AllFields bool
	Fields    []string
	// Contains limits the messages decoded to those of the rows whose
	// message contains every one of these substrings, which Block.Contains
	// marks; the other rows get "". Where the skeletons allow, rows are
	// told apart without rebuilding their messages, and columns without
	// any value holding a term are not even decoded. When no row contains
	// them, nothing else is decoded: the block has only Contains.
	Contains []string
	// KnownExact, from an earlier decoding of the same block for Exact
	// (Block.ExactRows), spares decoding the message column for Exact
	// when neither Messages nor Contains needs it.
	KnownExact *ExactRows
	// MayContain, when set, tells Contains whether some value of a string
	// field column may hold a term (a token filter's answer): false means
	// none does, and the column is not looked at.
	MayContain func(field, term string) bool
	// Exact marks, in Block.Exact, the rows whose decoded field columns say
	// all their message's fields say (see Block.Exact), and fills the
	// Literal bitmaps of the decoded string columns. Messages are then
	// decoded only for the other rows, with "" for the exact ones (and nil
	// when every row is exact), unless Messages asks for all of them.
	Exact bool
	// Paths, with Exact, marks in Block.Objects the rows whose message may
	// be a JSON object (the others are certainly not one: their first
	// non-blank byte is no '{'), and in Block.Paths the exact rows whose
	// message is a JSON object whose keys are all non-empty, hold no '.',
	// are not all digits and are unique within their object. In such a row
	// a flattened name spells one JSON path ("a.b.0" is a.b[0]), so the
	// value at a path is the row's value in the column of its name, and
	// when that column lacks the row, the path holds no scalar (nothing, an
	// object or an array).
	Paths bool
	// Select, with Exact, picks the rows whose messages are decoded. It is
	// called once the other columns asked for are decoded and the rows
	// marked (Exact, Paths, Contains), with that block, which has no
	// messages; it returns a bitmap of the block's rows that the block
	// then holds as Selected (within Contains when set), and Messages holds
	// their messages, "" for the other rows, or is nil when none is
	// selected. Messages must not be set with Select.
	Select func(b *Block) Bitmap
	// CodedStrings returns the string field columns stored as a
	// dictionary or a constant in coded form (FieldColumn.Dict and Codes),
	// unless the messages are decoded (Messages, Contains, or Exact without
	// KnownExact), which need every column's strings.
	CodedStrings bool
}

// needsMessages reports whether decoding want reads the message column.
func (want *ColumnSet) needsMessages() bool {
	return want.Messages || len(want.Contains) > 0 || (want.Exact && want.KnownExact == nil)
}

// AllColumns returns the ColumnSet that decodes the whole block.
func AllColumns() ColumnSet {
	return ColumnSet{Streams: true, Timestamps: true, IngestionTimes: true, Seqs: true, Messages: true, AllFields: true}
}

// Header is what a block says about itself before any column is decoded.
type Header struct {
	Rows                       int
	MinTimestamp, MaxTimestamp int64
	// Fields are the block's field columns, sorted by name.
	Fields []FieldInfo
}

// FieldInfo names one field column of a block and its type.
type FieldInfo struct {
	Name string
	Type FieldType
}

// columnRef locates one column payload.
type columnRef struct {
	name    string
	typ     FieldType
	offset  int // from the start of the block
	payload []byte
	// checked payloads (version 2) carry their own checksum, crc, which
	// check verifies before the payload is used.
	checked bool
	crc     uint32
	// missing payloads were left out of a plan's reads: the reader
	// fetches them when a decoding first needs them (see PlanRead).
	missing bool
}

// check verifies the payload's own checksum, if it has one.
func (ref *columnRef) check() error {
	if !ref.checked {
		return nil
	}
	if got := crc32.Checksum(ref.payload, castagnoli); got != ref.crc {
		return corruptf("column %s: checksum mismatch: computed %08x, stored %08x", ref.name, got, ref.crc)
	}
	return nil
}

// header is a parsed block header with its column directory resolved.
type header struct {
	rows         int
	minTs, maxTs int64
	sys          [numSystemColumns]columnRef
	fields       []columnRef
}

// DecodeHeader checks the block's checksum and returns its header.
func DecodeHeader(src []byte) (Header, error) {
	h, err := parseHeader(src)
	if err != nil {
		return Header{}, err
	}
	hdr := Header{Rows: h.rows, MinTimestamp: h.minTs, MaxTimestamp: h.maxTs, Fields: make([]FieldInfo, len(h.fields))}
	for i, f := range h.fields {
		hdr.Fields[i] = FieldInfo{Name: f.name, Type: f.typ}
	}
	return hdr, nil
}

// parseHeader checks the magic, the version, the limits and the checksum of
// the head (of the whole block, for version 1), and resolves every column
// payload within src. The payloads of a version 2 block are checked when
// read (columnRef.check), so that src may hold only the payloads a reader
// wants (see PlanRead).
func parseHeader(src []byte) (*header, error) {
	if len(src) < len(blockMagic)+1+4 {
		return nil, corruptf("block of %d bytes is too short", len(src))
	}
	if string(src[:len(blockMagic)]) != blockMagic {
		return nil, corruptf("bad magic")
	}
	switch v := src[len(blockMagic)]; v {
	case formatVersion1:
		body := src[:len(src)-4]
		if got, want := crc32.Checksum(body, castagnoli), binary.LittleEndian.Uint32(src[len(src)-4:]); got != want {
			return nil, corruptf("checksum mismatch: computed %08x, stored %08x", got, want)
		}
		return parseDirectory(body, len(blockMagic)+1, -1)
	case formatVersion2, formatVersion3, formatVersion:
		end, err := headEnd(src, len(src))
		if err != nil {
			return nil, err
		}
		head := src[:end-4]
		if got, want := crc32.Checksum(head, castagnoli), binary.LittleEndian.Uint32(src[end-4:]); got != want {
			return nil, corruptf("head checksum mismatch: computed %08x, stored %08x", got, want)
		}
		return parseDirectory(src, headPrefixLen, end-4)
	default:
		return nil, corruptf("unsupported format version %d", v)
	}
}

// headEnd returns where the head of a version 2 block of size bytes ends
// (after its checksum), from its first headPrefixLen bytes in src.
func headEnd(src []byte, size int) (int, error) {
	if len(src) < headPrefixLen || size < headPrefixLen+4 {
		return 0, corruptf("block of %d bytes is too short", size)
	}
	n := binary.LittleEndian.Uint32(src[len(blockMagic)+1:])
	if uint64(n) > uint64(size-headPrefixLen-4) {
		return 0, corruptf("head of %d bytes runs past the block's %d", n, size)
	}
	return headPrefixLen + int(n) + 4, nil
}

// parseDirectory reads the header fields and the column directory that
// start at off in src, and resolves the payloads, which fill the rest of
// src (up to its checksum, for version 1). A version 2 directory ends at
// dirEnd, where the head's checksum is, and its entries carry each
// payload's checksum; dirEnd is -1 for version 1, whose payloads follow
// the directory.
func parseDirectory(src []byte, off, dirEnd int) (*header, error) {
	checked := dirEnd >= 0
	c := cursor{b: src[off:]}
	if checked {
		c.b = src[off:dirEnd]
	}
	h := &header{}
	h.rows = c.count("row count", MaxRows)
	h.minTs = c.varint("min timestamp")
	h.maxTs = c.varint("max timestamp")
	nFields := c.count("field count", MaxFields)
	if c.err != nil {
		return nil, c.err
	}
	if h.minTs > h.maxTs || (h.rows == 0 && (h.minTs != 0 || h.maxTs != 0)) {
		return nil, corruptf("bad time range [%d, %d] for %d rows", h.minTs, h.maxTs, h.rows)
	}
	entry := func(ref *columnRef, what string) int {
		n := c.count(what+" length", len(src))
		if checked {
			ref.checked = true
			ref.crc = c.uint32(what + " checksum")
		}
		return n
	}
	var lens [numSystemColumns]int
	for i := range lens {
		h.sys[i].name = systemColumnNames[i]
		lens[i] = entry(&h.sys[i], systemColumnNames[i])
	}
	h.fields = make([]columnRef, nFields)
	fieldLens := make([]int, nFields)
	for i := range h.fields {
		f := &h.fields[i]
		f.name = string(c.bytes(c.count("field name length", MaxFieldNameLen), "field name"))
		f.typ = FieldType(c.byte("field type"))
		fieldLens[i] = entry(f, "field")
		if c.err != nil {
			return nil, c.err
		}
		if !f.typ.valid() {
			return nil, corruptf("field %q has bad type %d", f.name, f.typ)
		}
		if i > 0 && f.name <= h.fields[i-1].name {
			return nil, corruptf("field %q is out of order or repeated", f.name)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	if checked {
		if len(c.b) != 0 {
			return nil, corruptf("column directory ends %d bytes before the head", len(c.b))
		}
		c.b = src[dirEnd+4:]
	}
	offset := len(src) - len(c.b)
	for i := range h.sys {
		h.sys[i].offset = offset
		h.sys[i].payload = c.bytes(lens[i], h.sys[i].name)
		offset += lens[i]
	}
	for i := range h.fields {
		h.fields[i].offset = offset
		h.fields[i].payload = c.bytes(fieldLens[i], "field "+h.fields[i].name)
		offset += fieldLens[i]
	}
	if err := c.done("the last column"); err != nil {
		return nil, err
	}
	return h, nil
}

// Unmarshal decodes the columns of the block in src that want names. It
// checks the block's checksum first; malformed input of any kind returns an
// error wrapping model.ErrCorruption. The decoded strings may share one
// allocation per column, which stays alive while any of them does. The
// block keeps no reference to src, which the caller may reuse at once.
//
// Decoding the messages of a block whose messages are stored as skeletons
// also decodes the field columns and timestamps they reference; only the
// columns want names are returned.
func Unmarshal(src []byte, want ColumnSet) (*Block, error) {
	h, err := parseHeader(src)
	if err != nil {
		return nil, err
	}
	return decode(h, want, nil)
}

// decode decodes the columns of want from the block of header h; fetch,
// when set, reads payloads a plan left out.
func decode(h *header, want ColumnSet, fetch func(off, n int) error) (_ *Block, err error) {
	selected, nSelected := selectFields(h, want)
	// Refuse at once a header whose row and column counts alone would
	// exceed the budget, rather than after allocating most of it.
	if cost := int64(nSelected) * fieldDecodeBytes(h.rows); cost > MaxBlockBytes {
		return nil, corruptf("%d fields of %d rows need %d bytes, more than a block may take", nSelected, h.rows, cost)
	}
	r := &blockReader{h: h, bud: newBudget(), fields: make([]*FieldColumn, len(h.fields))}
	r.coded = want.CodedStrings && !want.needsMessages()
	r.fetch = fetch
	defer r.release()
	b := &Block{}
	var msgs *messageState
	if len(want.Contains) > 0 {
		// Rows without the terms are of no interest: a block without any
		// is not decoded further.
		if msgs, err = r.messageEntries(); err != nil {
			return nil, err
		}
		if b.Contains, err = r.matchTerms(msgs, want.Contains, want.MayContain); err != nil {
			return nil, err
		}
		if b.Contains.Count() == 0 {
			return b, nil
		}
	}
	if want.Streams {
		if b.Streams, err = r.ints(colStreams); err != nil {
			return nil, err
		}
	}
	if want.Timestamps {
		if b.Timestamps, err = r.timestamps(); err != nil {
			return nil, err
		}
	}
	if want.IngestionTimes {
		if b.IngestionTimes, err = r.ints(colIngestionTimes); err != nil {
			return nil, err
		}
	}
	if want.Seqs {
		seqs, err := r.ints(colSeqs)
		if err != nil {
			return nil, err
		}
		// Seqs are stored as the int64 with the same bits; the slice is
		// read as uint64 in place rather than copied.
		b.Seqs = unsafe.Slice((*uint64)(unsafe.Pointer(unsafe.SliceData(seqs))), len(seqs))
	}
	for i, sel := range selected {
		if !sel {
			continue
		}
		col, err := r.field(i)
		if err != nil {
			return nil, err
		}
		b.Fields = append(b.Fields, *col)
	}
	if want.Exact && want.KnownExact != nil && !want.Messages && msgs == nil {
		r.useKnownExact(b, want.KnownExact, want.Paths)
		if want.Select != nil {
			return b, r.selectRows(b, nil, want)
		}
		return b, nil
	}
	if want.Messages || want.Exact {
		if msgs == nil {
			if msgs, err = r.messageEntries(); err != nil {
				return nil, err
			}
		}
		if err := r.messageColumn(b, msgs, want); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// selectFields marks the field columns of h that want names, and counts
// them.
func selectFields(h *header, want ColumnSet) ([]bool, int) {
	selected := make([]bool, len(h.fields))
	if want.AllFields {
		for i := range selected {
			selected[i] = true
		}
		return selected, len(selected)
	}
	n := 0
	for _, name := range want.Fields {
		i, ok := slices.BinarySearchFunc(h.fields, name, func(f columnRef, name string) int {
			return strings.Compare(f.name, name)
		})
		if ok && !selected[i] {
			selected[i] = true
			n++
		}
	}
	return selected, n
}

// blockReader decodes the columns of one block on demand, once each, within
// one budget.
type blockReader struct {
	h      *header
	bud    *budget
	ts     []int64
	fields []*FieldColumn
	// coded decodes dictionary string columns as codes (CodedStrings).
	coded bool
	// fetch reads a missing payload's bytes into place (Plan.Fetch).
	fetch func(off, n int) error
	// scratch receives decompressed column bodies. Decoders copy what
	// they keep, so a body is dead once its column is decoded and one
	// buffer serves them all, in turn; the message column, which is worked
	// on while field columns are decoded, has its own.
	scratch, msgScratch *[]byte
}

// scratchPool keeps the scratch buffers of finished readers.
var scratchPool = sync.Pool{New: func() any { return new([]byte) }}

// body returns the body of a column payload, checked and decompressed
// into the reader's scratch buffer; it stays valid until the next call.
func (r *blockReader) body(ref *columnRef, what string) ([]byte, error) {
	if err := r.load(ref); err != nil {
		return nil, err
	}
	return r.scratchBody(ref, what)
}

// peekBody is body for a look at one column that needs no other (whether
// a term may be in its values): a column left out by the plan is fetched
// alone.
func (r *blockReader) peekBody(ref *columnRef, what string) ([]byte, error) {
	if ref.missing {
		if r.fetch == nil {
			return nil, fmt.Errorf("column %s of the block was not read", ref.name)
		}
		if err := r.fetch(ref.offset, len(ref.payload)); err != nil {
			return nil, err
		}
		ref.missing = false
	}
	if err := ref.check(); err != nil {
		return nil, err
	}
	return r.scratchBody(ref, what)
}

// scratchBody decompresses ref's loaded payload into the scratch buffer.
func (r *blockReader) scratchBody(ref *columnRef, what string) ([]byte, error) {
	payload := ref.payload
	if r.scratch == nil {
		r.scratch = scratchPool.Get().(*[]byte)
	}
	b, err := columnBodyInto(payload, r.bud, what, *r.scratch)
	if err == nil && cap(b) > cap(*r.scratch) && len(payload) > 0 && payload[0] == compZstd {
		*r.scratch = b[:0]
	}
	return b, err
}

// messageBody is body for the message column, into its own buffer, which
// stays valid until the reader is released.
func (r *blockReader) messageBody(ref *columnRef, what string) ([]byte, error) {
	if err := r.load(ref); err != nil {
		return nil, err
	}
	payload := ref.payload
	if r.msgScratch == nil {
		r.msgScratch = scratchPool.Get().(*[]byte)
	}
	b, err := columnBodyInto(payload, r.bud, what, *r.msgScratch)
	if err == nil && cap(b) > cap(*r.msgScratch) && len(payload) > 0 && payload[0] == compZstd {
		*r.msgScratch = b[:0]
	}
	return b, err
}

// load makes sure ref's payload is in the block's buffer, fetching it
// when a plan left it out, and checks it. A decoding that needs one
// column it left out (messages that reference fields) mostly needs many:
// every column left out is fetched at once, in one read.
func (r *blockReader) load(ref *columnRef) error {
	if ref.missing {
		if r.fetch == nil {
			return fmt.Errorf("column %s of the block was not read", ref.name)
		}
		lo, hi := ref.offset, ref.offset+len(ref.payload)
		refs := make([]*columnRef, 0, numSystemColumns+len(r.h.fields))
		for i := range r.h.sys {
			refs = append(refs, &r.h.sys[i])
		}
		for i := range r.h.fields {
			refs = append(refs, &r.h.fields[i])
		}
		for _, m := range refs {
			if m.missing {
				lo, hi = min(lo, m.offset), max(hi, m.offset+len(m.payload))
			}
		}
		if err := r.fetch(lo, hi-lo); err != nil {
			return err
		}
		for _, m := range refs {
			m.missing = false
		}
	}
	return ref.check()
}

// release returns the scratch buffers; the reader must not be used after.
func (r *blockReader) release() {
	for _, p := range []**[]byte{&r.scratch, &r.msgScratch} {
		if *p != nil {
			scratchPool.Put(*p)
			*p = nil
		}
	}
}

// ints decodes system integer column i.
func (r *blockReader) ints(i int) ([]int64, error) {
	ref := &r.h.sys[i]
	body, err := r.body(ref, ref.name)
	if err != nil {
		return nil, err
	}
	if err := r.bud.charge(8*int64(r.h.rows), ref.name); err != nil {
		return nil, err
	}
	c := cursor{b: body}
	enc := c.encoding(ref.name + " encoding")
	vals := getInt64s(r.h.rows)
	switch {
	case c.err != nil:
	case r.h.rows == 0 && enc != encNone, r.h.rows > 0 && enc == encNone:
		c.fail("%s encoding %s for %d rows", ref.name, enc, r.h.rows)
	case r.h.rows > 0:
		decodeInts(&c, enc, vals)
	}
	if err := c.done(ref.name); err != nil {
		return nil, err
	}
	return vals, nil
}

// timestamps decodes the timestamp column and checks it against the header.
func (r *blockReader) timestamps() ([]int64, error) {
	if r.ts != nil {
		return r.ts, nil
	}
	ts, err := r.ints(colTimestamps)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t < r.h.minTs || t > r.h.maxTs {
			return nil, corruptf("timestamp %d outside the header's range [%d, %d]", t, r.h.minTs, r.h.maxTs)
		}
	}
	r.ts = ts
	return ts, nil
}

// field decodes field column i.
func (r *blockReader) field(i int) (*FieldColumn, error) {
	if r.fields[i] != nil {
		return r.fields[i], nil
	}
	ref := &r.h.fields[i]
	body, err := r.body(ref, "field "+ref.name)
	if err != nil {
		return nil, err
	}
	col, err := decodeFieldBody(body, ref.name, ref.typ, r.h.rows, r.bud, r.coded)
	if err != nil {
		return nil, fmt.Errorf("cannot decode field %q: %w", ref.name, err)
	}
	r.fields[i] = col
	return col, nil
}
