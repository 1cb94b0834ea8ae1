package logstore

import (
	"encoding/binary"
	"math"

	"github.com/openwatch/openwatch/internal/model"
)

// WAL record payloads. Layout (docs/format/wal.md has the full description):
//
//	record       := version u8 = 1 | kind u8 | seq u64le | body
//	batch body   := group varint | stream varint | ingestion varint |
//	                count uvarint | event{count}
//	event        := timestampDelta varint | length uvarint | message[length]
//	delete group := group varint
//	delete stream:= group varint | stream varint
//
// For a batch, seq is the Seq of its first event; the i-th event has seq+i.
// The first timestampDelta is relative to the ingestion time, each later one
// to the previous event's timestamp. For a tombstone, seq is the watermark:
// the events it deletes are those with a smaller Seq. seq is fixed-width so
// that a batch can be encoded before its Seqs are known and patched in place
// under the sequence lock.

// recordVersion is the payload format version written and read.
const recordVersion = 1

type recordKind byte

const (
	kindBatch        recordKind = 1
	kindDeleteGroup  recordKind = 2
	kindDeleteStream recordKind = 3
)

// recordHeaderSize is version, kind and seq.
const recordHeaderSize = 10

// seqOffset is where seq sits in a payload.
const seqOffset = 2

// entry is an event as a stream keeps it.
type entry struct {
	ts     int64
	seq    uint64
	ingest int64
	msg    string
}

func before(a, b *entry) bool {
	if a.ts != b.ts {
		return a.ts < b.ts
	}
	return a.seq < b.seq
}

// record is a decoded payload.
type record struct {
	kind     recordKind
	seq      uint64
	groupID  int64
	streamID int64
	// events of a batch, with seq and ingest filled in.
	events []entry
}

func appendHeader(dst []byte, kind recordKind, seq uint64) []byte {
	dst = append(dst, recordVersion, byte(kind))
	return binary.LittleEndian.AppendUint64(dst, seq)
}

// appendBatch encodes a batch whose first Seq is not yet known; setSeq
// fills it in. When at is not nil it also records in at[i] where event
// i's message starts in the returned slice.
func appendBatch(dst []byte, groupID, streamID, ingestionTime int64, events []model.LogEvent, at []int) []byte {
	dst = appendHeader(dst, kindBatch, 0)
	dst = binary.AppendVarint(dst, groupID)
	dst = binary.AppendVarint(dst, streamID)
	dst = binary.AppendVarint(dst, ingestionTime)
	dst = binary.AppendUvarint(dst, uint64(len(events)))
	prev := ingestionTime
	for i := range events {
		e := &events[i]
		dst = binary.AppendVarint(dst, e.Timestamp-prev)
		prev = e.Timestamp
		dst = binary.AppendUvarint(dst, uint64(len(e.Message)))
		if at != nil {
			at[i] = len(dst)
		}
		dst = append(dst, e.Message...)
	}
	return dst
}

// batchSize is the exact encoded size of a batch, so the buffer is
// allocated once.
func batchSize(groupID, streamID, ingestionTime int64, events []model.LogEvent) int {
	var tmp [binary.MaxVarintLen64]byte
	n := recordHeaderSize +
		len(binary.AppendVarint(tmp[:0], groupID)) +
		len(binary.AppendVarint(tmp[:0], streamID)) +
		len(binary.AppendVarint(tmp[:0], ingestionTime)) +
		len(binary.AppendUvarint(tmp[:0], uint64(len(events))))
	prev := ingestionTime
	for i := range events {
		e := &events[i]
		n += len(binary.AppendVarint(tmp[:0], e.Timestamp-prev)) +
			len(binary.AppendUvarint(tmp[:0], uint64(len(e.Message)))) + len(e.Message)
		prev = e.Timestamp
	}
	return n
}

// batchSeq returns the first Seq of a batch record without decoding it,
// and false for any other record.
func batchSeq(payload []byte) (uint64, bool) {
	if len(payload) < recordHeaderSize || payload[0] != recordVersion || recordKind(payload[1]) != kindBatch {
		return 0, false
	}
	return binary.LittleEndian.Uint64(payload[seqOffset:]), true
}

func setSeq(payload []byte, seq uint64) {
	binary.LittleEndian.PutUint64(payload[seqOffset:], seq)
}

func appendDeleteGroup(dst []byte, below uint64, groupID int64) []byte {
	dst = appendHeader(dst, kindDeleteGroup, below)
	return binary.AppendVarint(dst, groupID)
}

func appendDeleteStream(dst []byte, below uint64, groupID, streamID int64) []byte {
	dst = appendHeader(dst, kindDeleteStream, below)
	dst = binary.AppendVarint(dst, groupID)
	return binary.AppendVarint(dst, streamID)
}

// decodeRecord decodes a payload. Messages share one string allocated for
// the whole payload. Any malformed input returns an error wrapping
// model.ErrCorruption.
func decodeRecord(payload []byte) (record, error) {
	var r record
	if len(payload) < recordHeaderSize {
		return r, model.Errorf(model.ErrCorruption, "log store record of %d bytes is too short", len(payload))
	}
	if payload[0] != recordVersion {
		return r, model.Errorf(model.ErrCorruption, "log store record version %d is not supported", payload[0])
	}
	r.kind = recordKind(payload[1])
	r.seq = binary.LittleEndian.Uint64(payload[seqOffset:])
	d := decoder{what: "log store record", b: payload, off: recordHeaderSize}
	switch r.kind {
	case kindBatch:
		decodeBatch(&d, &r)
	case kindDeleteGroup:
		r.groupID = d.varint("group id")
	case kindDeleteStream:
		r.groupID = d.varint("group id")
		r.streamID = d.varint("stream id")
	default:
		d.fail("unknown kind %d", r.kind)
	}
	if d.err == nil && d.off != len(payload) {
		d.fail("%d trailing bytes", len(payload)-d.off)
	}
	if d.err != nil {
		return record{}, d.err
	}
	return r, nil
}

func decodeBatch(d *decoder, r *record) {
	r.groupID = d.varint("group id")
	r.streamID = d.varint("stream id")
	ingest := d.varint("ingestion time")
	count := d.uvarint("event count")
	if d.err != nil {
		return
	}
	// Every event takes at least two bytes, which bounds the allocation.
	if count == 0 || count > uint64(len(d.b)-d.off)/2 {
		d.fail("event count %d does not fit", count)
		return
	}
	if r.seq == 0 || r.seq > math.MaxUint64-count {
		d.fail("first seq %d out of range", r.seq)
		return
	}
	// One string holds every message of the batch.
	text := string(d.b[d.off:])
	base := d.off
	r.events = make([]entry, count)
	ts := ingest
	for i := range r.events {
		ts += d.varint("timestamp")
		n := d.uvarint("message length")
		if d.err != nil {
			return
		}
		if n > uint64(len(d.b)-d.off) {
			d.fail("message of %d bytes runs past the end", n)
			return
		}
		start := d.off - base
		r.events[i] = entry{ts: ts, seq: r.seq + uint64(i), ingest: ingest, msg: text[start : start+int(n)]}
		d.off += int(n)
	}
}
