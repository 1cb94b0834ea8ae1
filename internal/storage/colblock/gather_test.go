package colblock

import (
	"fmt"
	"testing"
)

// decoded returns the block of rows as Unmarshal gives it back.
func decoded(t *testing.T, rows []Row) *Block {
	t.Helper()
	b, err := Unmarshal(NewBlock(rows).Marshal(nil), AllColumns())
	if err != nil {
		t.Fatalf("Unmarshal: %v", err)
	}
	return b
}

func TestGatherIsNewBlockOfTheRows(t *testing.T) {
	a := decoded(t, []Row{
		jsonRow(1, 10, 1, `{"level":"info","n":1,"user":{"id":"u1"}}`),
		jsonRow(1, 30, 3, `{"level":"warn","n":2,"ok":true}`),
		jsonRow(2, 10, 5, `{"level":"info","n":null}`),
		event(2, 40, 7, "not json at all"),
	})
	b := decoded(t, []Row{
		jsonRow(1, 20, 2, `{"level":"error","n":2.5,"extra":"x"}`),
		jsonRow(1, 40, 4, `{"level":"info","n":"many","ok":false}`),
		jsonRow(2, 20, 6, `{"n":9007199254740993,"user":{"id":"u2"}}`),
	})
	c := decoded(t, []Row{
		event(3, 1, 8, "START RequestId: 42"),
		jsonRow(3, 2, 9, `{"only":"here"}`),
	})
	empty := decoded(t, []Row{event(4, 1, 10, "plain")})
	ref := func(b *Block, i int) RowRef { return RowRef{Block: b, Row: i} }
	tests := []struct {
		name string
		refs []RowRef
	}{
		{"one block whole", []RowRef{ref(a, 0), ref(a, 1), ref(a, 2), ref(a, 3)}},
		{"interleaved", []RowRef{ref(a, 0), ref(b, 0), ref(a, 1), ref(b, 1), ref(a, 2), ref(b, 2), ref(a, 3)}},
		{"runs", []RowRef{ref(b, 0), ref(b, 1), ref(a, 0), ref(a, 1), ref(c, 0), ref(c, 1)}},
		{"int and float become float", []RowRef{ref(a, 0), ref(b, 0)}},
		{"int and string become string", []RowRef{ref(a, 1), ref(b, 1)}},
		{"inexact int and float become string", []RowRef{ref(b, 0), ref(b, 2)}},
		{"null only", []RowRef{ref(a, 2)}},
		{"a subset of rows", []RowRef{ref(a, 3), ref(c, 1)}},
		{"no fields", []RowRef{ref(empty, 0), ref(a, 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows []Row
			for _, r := range tt.refs {
				rows = append(rows, r.Block.AppendRows(nil)[r.Row])
			}
			want := NewBlock(rows)
			got := Gather(tt.refs)
			if d := diffBlocks(want, got); d != "" {
				t.Fatalf("Gather differs from NewBlock: %s", d)
			}
			if err := got.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			roundTrip(t, got)
		})
	}
}

func BenchmarkGather(b *testing.B) {
	var rows []Row
	for i := range 4096 {
		rows = append(rows, jsonRow(int64(i%4), int64(i), uint64(i), fmt.Sprintf(
			`{"level":"info","service":"svc%d","duration_ms":%d,"user_email":"user%d@example.com","status":200}`, i%9, i%1000, i)))
	}
	var tb testing.T
	src := [2]*Block{decoded(&tb, rows[:2048]), decoded(&tb, rows[2048:])}
	refs := make([]RowRef, 0, 4096)
	for i := range 2048 {
		refs = append(refs, RowRef{src[0], i}, RowRef{src[1], i})
	}
	b.Run("gather", func(b *testing.B) {
		for b.Loop() {
			Recycle(Gather(refs))
		}
	})
	// What Gather saves: the sources' rows, and NewBlock over them.
	b.Run("rows", func(b *testing.B) {
		var rs []Row
		for b.Loop() {
			a, c := src[0].AppendRows(nil), src[1].AppendRows(nil)
			rs = rs[:0]
			for i := range a {
				rs = append(rs, a[i], c[i])
			}
			Recycle(NewBlock(rs))
		}
	})
}
