package logstore

import (
	"fmt"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

// TestEncodeHalvesBlocksOverTheLimits gives the encoders more rows than a
// block may hold: they write the halves as blocks of their own, every row
// in order.
func TestEncodeHalvesBlocksOverTheLimits(t *testing.T) {
	const n = colblock.MaxRows + 10
	rows := make([]colblock.Row, n)
	events := make([]colblock.Row, n)
	for i := range rows {
		msg := fmt.Sprintf(`{"i":%d}`, i)
		events[i] = colblock.Row{StoredEvent: model.StoredEvent{StreamID: 1, Timestamp: int64(i), Seq: uint64(i), Message: msg}}
		rows[i] = events[i]
		rows[i].Fields = colblock.FlattenJSON(msg, nil)
	}
	src := colblock.NewBlock(rows[:n/2])
	src2 := colblock.NewBlock(rows[n/2:])
	refs := make([]colblock.RowRef, 0, n)
	for i := range n / 2 {
		refs = append(refs, colblock.RowRef{Block: src, Row: i})
	}
	for i := range n - n/2 {
		refs = append(refs, colblock.RowRef{Block: src2, Row: i})
	}
	tests := []struct {
		name   string
		encode func() ([]encodedBlock, error)
	}{
		// Without their fields: the halves extract their own.
		{"rows", func() ([]encodedBlock, error) { return flattenAndEncode(events) }},
		{"refs", func() ([]encodedBlock, error) { return encodeRefs(refs) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.encode()
			if err != nil {
				t.Fatal(err)
			}
			if len(out) != 2 {
				t.Fatalf("%d blocks, want the 2 halves", len(out))
			}
			next := int64(0)
			for _, eb := range out {
				b, err := colblock.Unmarshal(eb.bytes[eb.h.filterLen:], colblock.AllColumns())
				if err != nil {
					t.Fatal(err)
				}
				if len(b.Timestamps) != eb.h.rows || eb.h.minTs != next {
					t.Fatalf("block of %d rows from %d, header says %d from %d, want from %d", len(b.Timestamps), b.Timestamps[0], eb.h.rows, eb.h.minTs, next)
				}
				for i, ts := range b.Timestamps {
					if ts != next || len(b.Fields) != 1 || b.Fields[0].Ints[i] != next {
						t.Fatalf("row %d of a half: timestamp %d, want %d with field i = %d", i, ts, next, next)
					}
					next++
				}
			}
			if next != n {
				t.Fatalf("%d rows encoded, want %d", next, n)
			}
		})
	}
}
