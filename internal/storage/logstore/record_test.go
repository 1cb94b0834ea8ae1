package logstore

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestRecordRoundTrip(t *testing.T) {
	tests := []struct {
		name          string
		group, stream int64
		ingest        int64
		seq           uint64
		events        []model.LogEvent
	}{
		{"one event", 1, 2, 1700000000000, 1, []model.LogEvent{ev(1700000000000, "hello")}},
		{"empty message", 7, 8, 5, 42, []model.LogEvent{ev(5, "")}},
		{"unsorted timestamps", 1, 1, 100, 9, []model.LogEvent{ev(300, "c"), ev(100, "a"), ev(200, "b"), ev(-5, "neg")}},
		{"extreme values", math.MaxInt64, math.MinInt64, math.MinInt64, math.MaxUint64 - 2, []model.LogEvent{ev(math.MaxInt64, "x"), ev(math.MinInt64, "y")}},
		{"binary message", 3, 4, 0, 1, []model.LogEvent{ev(0, "\x00\xff\x01"), ev(0, "dup ts")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			size := batchSize(tc.group, tc.stream, tc.ingest, tc.events)
			at := make([]int, len(tc.events))
			p := appendBatch(nil, tc.group, tc.stream, tc.ingest, tc.events, at)
			if len(p) != size {
				t.Fatalf("batchSize = %d, encoded %d bytes", size, len(p))
			}
			for i, e := range tc.events {
				if got := string(p[at[i] : at[i]+len(e.Message)]); got != e.Message {
					t.Fatalf("message %d is at %d: %q there", i, at[i], got)
				}
			}
			setSeq(p, tc.seq)
			r, err := decodeRecord(p)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if r.kind != kindBatch || r.groupID != tc.group || r.streamID != tc.stream || r.seq != tc.seq || len(r.events) != len(tc.events) {
				t.Fatalf("decoded %+v", r)
			}
			for i, e := range r.events {
				want := entry{ts: tc.events[i].Timestamp, seq: tc.seq + uint64(i), ingest: tc.ingest, msg: tc.events[i].Message}
				if e != want {
					t.Fatalf("event %d = %+v, want %+v", i, e, want)
				}
			}
		})
	}
}

func TestTombstoneRoundTrip(t *testing.T) {
	r, err := decodeRecord(appendDeleteGroup(nil, 77, -3))
	if err != nil || r.kind != kindDeleteGroup || r.seq != 77 || r.groupID != -3 {
		t.Fatalf("delete group = %+v, %v", r, err)
	}
	r, err = decodeRecord(appendDeleteStream(nil, 5, 10, 11))
	if err != nil || r.kind != kindDeleteStream || r.seq != 5 || r.groupID != 10 || r.streamID != 11 {
		t.Fatalf("delete stream = %+v, %v", r, err)
	}
}

func TestRecordCorruption(t *testing.T) {
	good := appendBatch(nil, 1, 2, 3, []model.LogEvent{ev(3, "abc")}, nil)
	setSeq(good, 10)
	tests := []struct {
		name    string
		payload []byte
	}{
		{"empty", nil},
		{"short header", good[:5]},
		{"bad version", append([]byte{9}, good[1:]...)},
		{"unknown kind", append([]byte{1, 99}, good[2:]...)},
		{"truncated message", good[:len(good)-1]},
		{"trailing byte", append(slices.Clone(good), 0)},
		{"zero seq", func() []byte { p := slices.Clone(good); setSeq(p, 0); return p }()},
		{"seq overflow", func() []byte { p := slices.Clone(good); setSeq(p, math.MaxUint64); return p }()},
		{"zero events", appendBatch(nil, 1, 2, 3, nil, nil)},
		{"huge count", append(appendHeader(nil, kindBatch, 1), 2, 4, 6, 0xff, 0xff, 0xff, 0xff, 0x0f)},
		{"bad varint", append(appendHeader(nil, kindDeleteGroup, 1), 0x80)},
		{"delete stream missing stream", appendDeleteGroup(nil, 1, 1)[:11]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "delete stream missing stream" {
				tc.payload[1] = byte(kindDeleteStream)
			}
			if _, err := decodeRecord(tc.payload); !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("decode = %v, want corruption", err)
			}
		})
	}
}

// FuzzDecodeRecord checks that arbitrary payloads never panic, and that
// whatever decodes re-encodes to a payload that decodes the same.
func FuzzDecodeRecord(f *testing.F) {
	b := appendBatch(nil, 1, 2, 1000, []model.LogEvent{ev(1000, "a"), ev(999, "bb"), ev(2000, "")}, nil)
	setSeq(b, 5)
	f.Add(b)
	f.Add(appendDeleteGroup(nil, 3, 4))
	f.Add(appendDeleteStream(nil, 3, 4, 5))
	f.Add([]byte{1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2, 4, 0, 1, 0, 0})
	f.Fuzz(func(t *testing.T, payload []byte) {
		r, err := decodeRecord(payload)
		if err != nil {
			if !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("error is not corruption: %v", err)
			}
			return
		}
		var again []byte
		switch r.kind {
		case kindBatch:
			events := make([]model.LogEvent, len(r.events))
			for i, e := range r.events {
				events[i] = model.LogEvent{Timestamp: e.ts, Message: e.msg}
			}
			again = appendBatch(nil, r.groupID, r.streamID, r.events[0].ingest, events, nil)
			setSeq(again, r.seq)
		case kindDeleteGroup:
			again = appendDeleteGroup(nil, r.seq, r.groupID)
		case kindDeleteStream:
			again = appendDeleteStream(nil, r.seq, r.groupID, r.streamID)
		}
		r2, err := decodeRecord(again)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v", err)
		}
		if r2.kind != r.kind || r2.seq != r.seq || r2.groupID != r.groupID || r2.streamID != r.streamID || !slices.Equal(r2.events, r.events) {
			t.Fatalf("round trip changed the record: %+v vs %+v", r, r2)
		}
	})
}
