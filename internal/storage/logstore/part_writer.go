package logstore

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/openwatch/openwatch/internal/bytepool"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
	"github.com/openwatch/openwatch/internal/storage/index"
)

// maxBlockRawBytes cuts a block before its messages pass this size, which
// keeps blocks of large events well within colblock.MaxBlockBytes.
const maxBlockRawBytes = 16 << 20

// messageFilter names the message column's filter in a block index. No
// field can take the name: FlattenJSON turns a top-level "@message" key
// into "@@message".
const messageFilter = model.ColumnMessage

// partWriter builds the files of one part from rows that arrive sorted by
// (stream id, timestamp, seq): a flush's events, or a merge's rows of
// decoded blocks and blocks it copies whole. Blocks are cut every
// blockRows rows, earlier when their messages grow large, and around the
// runs of one stream that beginRun announces. A cut block is encoded on
// another goroutine while the next one fills, with as many blocks in
// flight as there are processors, and placed in the data file in order.
type partWriter struct {
	blockRows int
	meta      partMeta
	// target is the row count at which the block filling is cut;
	// runLeft counts down the rows of a stream run that has blocks of its
	// own (see beginRun), 0 outside one.
	target, runLeft int
	// out, when set, receives the data file as blocks are placed (after
	// the data header); otherwise chunks keep the encoded blocks placed
	// so far. size is their length after the data header.
	out    objectWriter
	chunks [][]byte
	size   int64
	blocks []blockHeader

	// rows (of addEvent) or refs (of addRef) waiting for the next block.
	rows     []colblock.Row
	refs     []colblock.RowRef
	rowBytes int

	// jobs are the cut blocks not yet placed, oldest first; slots bounds
	// how many are encoded at once.
	jobs  []*encodeJob
	slots chan struct{}
}

// rowBuffers keeps the row buffers of placed blocks for the
// blocks of later parts: growing them anew for every block and every part
// was much of a flush's garbage.
var rowBuffers = sync.Pool{New: func() any { return new(rowBuffer) }}

type rowBuffer struct {
	rows []colblock.Row
	refs []colblock.RowRef
}

// encodeJob is one cut block being encoded: rows whose fields are to be
// extracted, or rows of decoded blocks.
type encodeJob struct {
	rows []colblock.Row
	refs []colblock.RowRef
	done chan struct{}
	out  []encodedBlock
	err  error
}

// encodedBlock is a block's filters and columns, and its header without
// its offset.
type encodedBlock struct {
	h     blockHeader
	bytes []byte
}

func newPartWriter(id uint64, group, day int64, blockRows int) *partWriter {
	return &partWriter{
		blockRows: blockRows,
		meta: partMeta{
			id: id, group: group, day: day,
			minTs: math.MaxInt64, maxTs: math.MinInt64,
			minSeq: math.MaxUint64, minStream: math.MaxInt64, maxStream: math.MinInt64,
		},
		target: blockRows,
		slots:  make(chan struct{}, runtime.GOMAXPROCS(0)),
	}
}

// beginRun says that the next n rows are of one stream. A stream with at
// least half a block of them gets blocks of its own, of even sizes: a
// merge copies such blocks whole when no other part's rows fall within
// theirs (see copyBlock), where a block shared by streams spans the next
// part's rows of the same streams and must be rebuilt. Smaller runs share
// blocks, which merges rebuild into larger runs.
func (w *partWriter) beginRun(n int) error {
	w.target, w.runLeft = w.blockRows, 0
	if n < copyMinRows(w.blockRows) {
		return nil
	}
	if err := w.cut(); err != nil {
		return err
	}
	blocks := (n + w.blockRows - 1) / w.blockRows
	w.target, w.runLeft = (n+blocks-1)/blocks, n
	return nil
}

// add counts in m the rows h describes, of rawBytes message bytes.
func (m *partMeta) add(h *blockHeader, rawBytes int64) {
	m.rows += int64(h.rows)
	m.rawBytes += rawBytes
	m.minTs, m.maxTs = min(m.minTs, h.minTs), max(m.maxTs, h.maxTs)
	m.minSeq, m.maxSeq = min(m.minSeq, h.minSeq), max(m.maxSeq, h.maxSeq)
	m.minStream, m.maxStream = min(m.minStream, h.minStream), max(m.maxStream, h.maxStream)
}

// copyMinRows is the fewest rows of a block that a merge copies whole:
// smaller ones are rebuilt with their neighbours, so that low-volume
// streams end up in full blocks.
func copyMinRows(blockRows int) int { return max(blockRows/2, 1) }

// copyBlock appends a block copied whole from another part: raw holds its
// filters and columns as h locates them there, rawBytes its messages'
// size. The rows waiting before it are cut into a block first.
func (w *partWriter) copyBlock(h blockHeader, raw []byte, rawBytes int64) error {
	if err := w.cut(); err != nil {
		return err
	}
	done := make(chan struct{})
	close(done)
	w.jobs = append(w.jobs, &encodeJob{done: done, out: []encodedBlock{{h: h, bytes: raw}}})
	w.meta.add(&h, rawBytes)
	for len(w.jobs) > cap(w.slots) {
		if err := w.place(); err != nil {
			return err
		}
	}
	return nil
}

// addEvent adds an event whose fields are to be extracted from its
// message. A writer takes either addEvent's rows or addRef's, not both.
func (w *partWriter) addEvent(e *model.StoredEvent) error {
	// The block's encoder extracts them, in parallel with the next block's
	// rows and with the message skeletons in mind (colblock.Flattener).
	w.rows = append(w.rows, colblock.Row{StoredEvent: *e})
	return w.added(e.StreamID, e.Timestamp, e.Seq, len(e.Message))
}

// addRef adds row r.Row of a complete decoded block, with the fields it
// has there. The writer keeps the block until the row's block is
// encoded; the block must not change meanwhile.
func (w *partWriter) addRef(r colblock.RowRef) error {
	b, i := r.Block, r.Row
	w.refs = append(w.refs, r)
	return w.added(b.Streams[i], b.Timestamps[i], b.Seqs[i], len(b.Messages[i]))
}

// added counts a row just added in the part's metadata, and cuts the
// block when it is full.
func (w *partWriter) added(stream, ts int64, seq uint64, msgLen int) error {
	w.meta.add(&blockHeader{rows: 1, minTs: ts, maxTs: ts, minSeq: seq, maxSeq: seq, minStream: stream, maxStream: stream}, int64(msgLen))
	w.rowBytes += msgLen
	full := len(w.rows)+len(w.refs) >= w.target || w.rowBytes >= maxBlockRawBytes
	if w.runLeft > 0 {
		if w.runLeft--; w.runLeft == 0 {
			full, w.target = true, w.blockRows
		}
	}
	if full {
		return w.cut()
	}
	return nil
}

// cut hands the waiting rows to an encoder and places the blocks that are
// done, waiting for the oldest while too many are in flight.
func (w *partWriter) cut() error {
	if len(w.rows) == 0 && len(w.refs) == 0 {
		return nil
	}
	job := &encodeJob{rows: w.rows, refs: w.refs, done: make(chan struct{})}
	nrows, nrefs := len(job.rows), len(job.refs)
	w.jobs = append(w.jobs, job)
	w.slots <- struct{}{}
	go func() {
		defer close(job.done)
		defer func() { <-w.slots }()
		if len(job.refs) > 0 {
			job.out, job.err = encodeRefs(job.refs)
		} else {
			job.out, job.err = flattenAndEncode(job.rows)
		}
	}()
	buf := rowBuffers.Get().(*rowBuffer)
	// The next block is likely the size of this one: a buffer the pool
	// lost is made that size at once, rather than grown, with a copy at
	// every doubling.
	if cap(buf.rows) < nrows {
		buf.rows = make([]colblock.Row, 0, nrows)
	}
	if cap(buf.refs) < nrefs {
		buf.refs = make([]colblock.RowRef, 0, nrefs)
	}
	w.rows, w.refs, w.rowBytes = buf.rows[:0], buf.refs[:0], 0
	for len(w.jobs) > cap(w.slots) {
		if err := w.place(); err != nil {
			return err
		}
	}
	return nil
}

// place waits for the oldest job and appends its blocks to the part.
func (w *partWriter) place() error {
	job := w.jobs[0]
	<-job.done
	w.jobs[0] = nil
	w.jobs = w.jobs[1:]
	if job.err != nil {
		return job.err
	}
	for _, eb := range job.out {
		eb.h.offset = int64(dataHeaderSize) + w.size
		if w.out != nil {
			if _, err := w.out.Write(eb.bytes); err != nil {
				return blobError(err)
			}
			encodedBlockBufs.Put(eb.bytes)
		} else {
			w.chunks = append(w.chunks, eb.bytes)
		}
		w.size += int64(len(eb.bytes))
		w.blocks = append(w.blocks, eb.h)
	}
	if job.rows == nil && job.refs == nil {
		return nil // a copied block
	}
	// The rows hold messages, fields and blocks; clearing them lets
	// those go.
	clear(job.rows)
	clear(job.refs)
	rowBuffers.Put(&rowBuffer{rows: job.rows[:0], refs: job.refs[:0]})
	return nil
}

// flatteners keep field extractors, with their grown buffers, between
// blocks.
var flatteners = sync.Pool{New: func() any { return new(colblock.Flattener) }}

// flattenAndEncode encodes rows, whose fields are extracted from their
// messages, as one block, or as several when one would be too large to
// decode within colblock's limits.
func flattenAndEncode(rows []colblock.Row) ([]encodedBlock, error) {
	fl := flatteners.Get().(*colblock.Flattener)
	defer flatteners.Put(fl)
	// A block is marshalled before the next is built, so that the halves
	// of one too large can reuse the Flattener.
	build := func(rows []colblock.Row) *colblock.Block {
		fl.Flatten(rows)
		return fl.NewBlock(rows)
	}
	return encodeHalving(rows, nil, build, build)
}

// encodeRefs is flattenAndEncode for the rows of decoded blocks.
func encodeRefs(refs []colblock.RowRef) ([]encodedBlock, error) {
	return encodeHalving(refs, nil, colblock.Gather, colblock.Gather)
}

// encodeHalving appends the block that build makes of rows to out or,
// when it is too large to decode within colblock's limits, the blocks of
// its halves, which rebuild makes.
func encodeHalving[R any](rows []R, out []encodedBlock, build, rebuild func([]R) *colblock.Block) ([]encodedBlock, error) {
	b := build(rows)
	// Its columns serve the next block once it is encoded.
	defer colblock.Recycle(b)
	if err := b.Validate(); err != nil {
		if errors.Is(err, model.ErrLimitExceeded) && len(rows) > 1 {
			h := len(rows) / 2
			out, err := encodeHalving(rows[:h], out, rebuild, rebuild)
			if err != nil {
				return nil, err
			}
			return encodeHalving(rows[h:], out, rebuild, rebuild)
		}
		return nil, fmt.Errorf("cannot encode a block of %d rows: %w", len(rows), err)
	}
	return append(out, encodeBlock(b)), nil
}

// encodeBlock encodes a valid block with its filters and header.
func encodeBlock(b *colblock.Block) encodedBlock {
	n := len(b.Timestamps)
	h := blockHeader{
		rows:  n,
		minTs: math.MaxInt64, maxTs: math.MinInt64,
		minStream: b.Streams[0], maxStream: b.Streams[n-1],
		minSeq: math.MaxUint64,
	}
	for i := range n {
		h.minTs, h.maxTs = min(h.minTs, b.Timestamps[i]), max(h.maxTs, b.Timestamps[i])
		h.minSeq, h.maxSeq = min(h.minSeq, b.Seqs[i]), max(h.maxSeq, b.Seqs[i])
	}
	// Blocks compress log text several times over; a buffer of a quarter
	// of the raw size is rarely outgrown.
	raw := 0
	for _, m := range b.Messages {
		raw += len(m)
	}
	data, filterLen := appendEncodedBlock(encodedBlockBufs.Get(raw/4+16*n), b)
	h.filterLen = int64(filterLen)
	h.blockLen = int64(len(data) - filterLen)
	return encodedBlock{h: h, bytes: data}
}

// builders keeps token filter builders, with their grown tables, between
// blocks.
var builders = sync.Pool{New: func() any { return new(index.Builder) }}

// encodedBlockBufs keeps the buffers of encoded blocks that went to a streamed
// data file, for the next blocks: fresh ones, a flush's worth every few
// seconds, were much of the flushes' and merges' garbage.
var encodedBlockBufs = bytepool.New(8 << 20)

// encodedBufs keeps the buffers blocks are encoded into before their
// filters, which come first in a part, are done.
var encodedBufs = sync.Pool{New: func() any { return new([]byte) }}

// appendEncodedBlock appends the block's token filters and then the block,
// and returns the extended slice and the length of the filters. The
// filters are one for the messages and one for each string field, and the
// gram filter of the messages, which lets a term that may be part of a
// longer token rule blocks out. A field's filter is built from the values
// the encoder shows while it writes the column: once per distinct value
// where it found a dictionary.
func appendEncodedBlock(dst []byte, b *colblock.Block) ([]byte, int) {
	msgs := builders.Get().(*index.Builder)
	defer builders.Put(msgs)
	tokens := builders.Get().(*index.Builder)
	defer builders.Put(tokens)
	var x index.BlockIndex
	msgs.Reset()
	buf := encodedBufs.Get().(*[]byte)
	defer encodedBufs.Put(buf)
	*buf = b.MarshalWith((*buf)[:0], colblock.MarshalOptions{
		Text: msgs.AddTextGramsN,
		Visit: func(field int, values []string) {
			tokens.Reset()
			for _, v := range values {
				tokens.AddValue(v)
			}
			x.Set(b.Fields[field].Name, tokens.Build())
		},
	})
	x.Set(messageFilter, msgs.Build())
	x.SetGrams(msgs.BuildGrams())
	dst = x.Marshal(dst)
	filterLen := len(dst)
	return append(dst, *buf...), filterLen
}

// stream sends the data file to o as blocks are placed, so that the
// writer holds only the blocks in flight.
func (w *partWriter) stream(o objectWriter) error {
	if _, err := o.Write(appendDataHeader(nil)); err != nil {
		o.Abort()
		return blobError(err)
	}
	w.out = o
	return nil
}

// discard gives up a writer whose part is not written, waiting for its
// encoders and dropping what it streamed; it does nothing once the part
// is written.
func (w *partWriter) discard() {
	w.abort()
	if w.out != nil {
		w.out.Abort()
		w.out = nil
	}
}

// finish cuts the last block, waits for every encoder, and returns the
// part, not yet durable, with its two files; the data file is nil when
// it went to the writer's output. It returns a nil part when no row was
// added.
func (w *partWriter) finish() (p *part, data, idx []byte, err error) {
	err = w.cut()
	for err == nil && len(w.jobs) > 0 {
		err = w.place()
	}
	if err != nil {
		w.abort()
		return nil, nil, nil, err
	}
	if w.meta.rows == 0 {
		return nil, nil, nil, nil
	}
	if w.out == nil {
		data = make([]byte, 0, int64(dataHeaderSize)+w.size)
		data = appendDataHeader(data)
		for _, c := range w.chunks {
			data = append(data, c...)
		}
		w.chunks = nil
	}
	w.meta.dataSize = int64(dataHeaderSize) + w.size
	idx = encodeIndex(&w.meta, w.blocks)
	p = &part{meta: w.meta, blocks: w.blocks, indexSize: int64(len(idx))}
	return p, data, idx, nil
}

// abort waits for the encoders of a writer given up on, so that none
// outlives it.
func (w *partWriter) abort() {
	for _, job := range w.jobs {
		<-job.done
	}
	w.jobs = nil
}
