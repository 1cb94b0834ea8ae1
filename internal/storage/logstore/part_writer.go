package logstore

import (
	"errors"
	"fmt"
	"math"

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
// (stream id, timestamp, seq). Blocks are cut every blockRows rows, and
// earlier when their messages grow large.
type partWriter struct {
	blockRows int
	meta      partMeta
	data      []byte
	blocks    []blockHeader

	// rows waiting for the next block; fields backs the fields that
	// addEvent extracts for them.
	rows     []colblock.Row
	rowBytes int
	fields   []colblock.Field
	tokens   index.Builder
}

func newPartWriter(id uint64, group, day int64, blockRows int) *partWriter {
	return &partWriter{
		blockRows: blockRows,
		meta: partMeta{
			id: id, group: group, day: day,
			minTs: math.MaxInt64, maxTs: math.MinInt64,
			minSeq: math.MaxUint64, minStream: math.MaxInt64, maxStream: math.MinInt64,
		},
		data: appendDataHeader(nil),
	}
}

// addEvent adds an event, extracting its fields from a JSON message.
func (w *partWriter) addEvent(e *model.StoredEvent) error {
	start := len(w.fields)
	w.fields = colblock.FlattenJSON(e.Message, w.fields)
	r := colblock.Row{StoredEvent: *e}
	if len(w.fields) > start {
		r.Fields = w.fields[start:len(w.fields):len(w.fields)]
	}
	return w.add(r)
}

// add adds a row whose fields are already extracted. The writer keeps r
// until its block is cut.
func (w *partWriter) add(r colblock.Row) error {
	m := &w.meta
	m.rows++
	m.rawBytes += int64(len(r.Message))
	m.minTs, m.maxTs = min(m.minTs, r.Timestamp), max(m.maxTs, r.Timestamp)
	m.minSeq, m.maxSeq = min(m.minSeq, r.Seq), max(m.maxSeq, r.Seq)
	m.minStream, m.maxStream = min(m.minStream, r.StreamID), max(m.maxStream, r.StreamID)
	w.rows = append(w.rows, r)
	w.rowBytes += len(r.Message)
	if len(w.rows) >= w.blockRows || w.rowBytes >= maxBlockRawBytes {
		return w.cut()
	}
	return nil
}

// cut encodes the waiting rows as a block.
func (w *partWriter) cut() error {
	if len(w.rows) == 0 {
		return nil
	}
	err := w.encode(w.rows)
	clear(w.rows)
	clear(w.fields)
	w.rows, w.fields, w.rowBytes = w.rows[:0], w.fields[:0], 0
	return err
}

// encode appends rows as one block, or as several when one would be too
// large to decode within colblock's limits.
func (w *partWriter) encode(rows []colblock.Row) error {
	b := colblock.NewBlock(rows)
	if err := b.Validate(); err != nil {
		if errors.Is(err, model.ErrLimitExceeded) && len(rows) > 1 {
			h := len(rows) / 2
			if err := w.encode(rows[:h]); err != nil {
				return err
			}
			return w.encode(rows[h:])
		}
		return fmt.Errorf("cannot encode a block of %d rows: %w", len(rows), err)
	}
	h := blockHeader{
		offset: int64(len(w.data)),
		rows:   len(rows),
		minTs:  math.MaxInt64, maxTs: math.MinInt64,
		minStream: rows[0].StreamID, maxStream: rows[len(rows)-1].StreamID,
		minSeq: math.MaxUint64,
	}
	for i := range rows {
		r := &rows[i]
		h.minTs, h.maxTs = min(h.minTs, r.Timestamp), max(h.maxTs, r.Timestamp)
		h.minSeq, h.maxSeq = min(h.minSeq, r.Seq), max(h.maxSeq, r.Seq)
	}
	w.data = w.appendFilters(w.data, b)
	h.filterLen = int64(len(w.data)) - h.offset
	w.data = b.Marshal(w.data)
	h.blockLen = int64(len(w.data)) - h.offset - h.filterLen
	w.blocks = append(w.blocks, h)
	return nil
}

// appendFilters appends the block's token filters: one for the messages
// and one for each string field.
func (w *partWriter) appendFilters(dst []byte, b *colblock.Block) []byte {
	var x index.BlockIndex
	w.tokens.Reset()
	for _, m := range b.Messages {
		w.tokens.AddText(m)
	}
	x.Set(messageFilter, w.tokens.Build())
	for i := range b.Fields {
		c := &b.Fields[i]
		if c.Type != colblock.TypeString {
			continue
		}
		w.tokens.Reset()
		for r, s := range c.Strings {
			if c.Present.Has(r) {
				w.tokens.AddText(s)
			}
		}
		x.Set(c.Name, w.tokens.Build())
	}
	return x.Marshal(dst)
}

// finish cuts the last block and returns the part, not yet durable, with
// its two files. It returns a nil part when no row was added.
func (w *partWriter) finish() (p *part, data, idx []byte, err error) {
	if err := w.cut(); err != nil {
		return nil, nil, nil, err
	}
	if w.meta.rows == 0 {
		return nil, nil, nil, nil
	}
	w.meta.dataSize = int64(len(w.data))
	idx = encodeIndex(&w.meta, w.blocks)
	p = &part{meta: w.meta, blocks: w.blocks, indexSize: int64(len(idx))}
	return p, w.data, idx, nil
}
