package colblock

import "testing"

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
