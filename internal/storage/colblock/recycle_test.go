package colblock

import (
	"strings"
	"testing"
)

// TestRecycle decodes blocks into the columns of recycled ones: no value
// of an earlier block shows through, however the rows differ.
func TestRecycle(t *testing.T) {
	var big, small []Row
	for i := range 500 {
		big = append(big, jsonRow(1, int64(1000+i), uint64(i), `{"n":`+itoa(1_000_000+i)+`,"s":"v`+itoa(i%7)+`"}`))
	}
	for i := range 300 {
		msg := `{"n":` + itoa(i%3) + `,"s":"w` + itoa(i%5) + `"}`
		if i%4 == 0 {
			msg = `{"other":true}` // rows without n and s
		}
		small = append(small, jsonRow(2, int64(5000+i), uint64(i), msg))
	}
	want := ColumnSet{Streams: true, Timestamps: true, Seqs: true, Fields: []string{"n", "s"}, CodedStrings: true}
	for round := range 3 {
		for _, rows := range [][]Row{big, small} {
			data := NewBlock(rows).Marshal(nil)
			fresh, err := Unmarshal(data, ColumnSet{Streams: true, Timestamps: true, Seqs: true, Fields: []string{"n", "s"}})
			if err != nil {
				t.Fatal(err)
			}
			got, err := Unmarshal(data, want)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffSlices("timestamps", got.Timestamps, fresh.Timestamps, eq[int64]); d != "" {
				t.Fatalf("round %d: %s", round, d)
			}
			for i := range got.Fields {
				g, f := &got.Fields[i], &fresh.Fields[i]
				for r := range rows {
					a, aok := f.Value(r)
					b, bok := g.Value(r)
					if aok != bok || a != b {
						t.Fatalf("round %d, %s row %d: %v %v, want %v %v", round, g.Name, r, b, bok, a, aok)
					}
				}
			}
			Recycle(got)
		}
	}
}

// TestRecycleMessages decodes the messages of blocks, all of them or
// those holding a term, into recycled message slices: rows without the
// term read empty, whatever an earlier block left there.
func TestRecycleMessages(t *testing.T) {
	var long, short []Row
	for i := range 400 {
		long = append(long, jsonRow(1, int64(1000+i), uint64(i), "GET /a/"+itoa(i)+" HTTP/1.1 200"))
	}
	for i := range 250 {
		msg := "POST /b/" + itoa(i) + " HTTP/1.1 500"
		if i%3 == 0 {
			msg = `{"level":"info","n":` + itoa(i) + `}`
		}
		short = append(short, jsonRow(2, int64(5000+i), uint64(i), msg))
	}
	for round := range 3 {
		for _, rows := range [][]Row{long, short} {
			data := NewBlock(rows).Marshal(nil)
			for _, terms := range [][]string{nil, {"HTTP/1.1"}} {
				got, err := Unmarshal(data, ColumnSet{Timestamps: true, Messages: true, Contains: terms})
				if err != nil {
					t.Fatal(err)
				}
				if len(got.Messages) != len(rows) {
					t.Fatalf("round %d: %d messages, want %d", round, len(got.Messages), len(rows))
				}
				for r, row := range rows {
					want := row.Message
					if terms != nil && !strings.Contains(want, terms[0]) {
						want = ""
					}
					if got.Messages[r] != want {
						t.Fatalf("round %d, terms %q, row %d: %q, want %q", round, terms, r, got.Messages[r], want)
					}
				}
				Recycle(got)
			}
		}
	}
}
