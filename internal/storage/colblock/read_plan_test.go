package colblock

import (
	"errors"
	"testing"
)

// readPlanned returns a copy of the block in data in which only what a
// reader following HeadLen and PlanRead for want reads is filled in; the
// other bytes are zero. It fails the test when the plan cannot be made.
func readPlanned(t testing.TB, data []byte, want ColumnSet) []byte {
	buf, _ := readPlan(t, data, want)
	return buf
}

// readPlan is readPlanned that also returns the plan, nil when the head
// was the whole block.
func readPlan(t testing.TB, data []byte, want ColumnSet) ([]byte, *Plan) {
	t.Helper()
	buf := make([]byte, len(data))
	n := min(len(data), MinHeadRead)
	copy(buf, data[:n])
	head, err := HeadLen(buf[:n], len(buf))
	if err != nil {
		t.Fatalf("HeadLen: %v", err)
	}
	copy(buf[:head], data[:head])
	plan, err := PlanRead(buf, want)
	if err != nil {
		t.Fatalf("PlanRead: %v", err)
	}
	var ranges []Range
	if plan != nil {
		ranges = plan.Ranges
	}
	end := head
	for _, r := range ranges {
		if r.Off < end || r.Len <= 0 || r.Off+r.Len > len(data) {
			t.Fatalf("ranges %v after a head of %d bytes in a block of %d", ranges, head, len(data))
		}
		copy(buf[r.Off:r.Off+r.Len], data[r.Off:r.Off+r.Len])
		end = r.Off + r.Len
	}
	return buf, plan
}

func TestPlanRead(t *testing.T) {
	data := sampleBlock().Marshal(nil)
	full, err := Unmarshal(data, AllColumns())
	if err != nil {
		t.Fatal(err)
	}
	known := &ExactRows{}
	if ex, err := Unmarshal(data, ColumnSet{AllFields: true, Exact: true}); err != nil || ex.ExactRows == nil {
		t.Fatalf("every row of the sample should be exact: %v", err)
	} else {
		known = ex.ExactRows
	}
	tests := []struct {
		name  string
		want  ColumnSet
		whole bool // the plan's ranges hold every payload
	}{
		{"timestamps", ColumnSet{Timestamps: true}, false},
		{"system columns", ColumnSet{Streams: true, Timestamps: true, IngestionTimes: true, Seqs: true}, false},
		{"one field", ColumnSet{Timestamps: true, Fields: []string{"user"}, CodedStrings: true}, false},
		{"known exact", ColumnSet{Timestamps: true, Fields: []string{"status"}, Exact: true, KnownExact: known}, false},
		{"messages", ColumnSet{Messages: true}, false},
		{"exact", ColumnSet{Fields: []string{"status"}, Exact: true}, false},
		{"contains", ColumnSet{Timestamps: true, Contains: []string{"u1"}}, false},
		{"all", AllColumns(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf, plan := readPlan(t, data, tt.want)
			if whole := string(buf) == string(data); whole != tt.whole {
				t.Fatalf("the plan reads the whole block: %v, want %v", whole, tt.whole)
			}
			got, err := plan.Unmarshal(tt.want, func(off, n int) error {
				copy(buf[off:off+n], data[off:off+n])
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			want, err := Unmarshal(data, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffBlocks(want, got); d != "" {
				t.Fatal(d)
			}
		})
	}
	// Decoding more than was planned fails on a checksum, never answers
	// from bytes that were not read.
	buf := readPlanned(t, data, ColumnSet{Timestamps: true})
	_, err = Unmarshal(buf, ColumnSet{Timestamps: true, Fields: []string{"ms"}})
	wantCorruption(t, err)
	if len(full.Timestamps) != 200 {
		t.Fatal("sample block changed")
	}
}

// TestPlanReadVersion1 reads all of a version 1 block, whose one checksum
// covers it all.
func TestPlanReadVersion1(t *testing.T) {
	r := validRaw()
	r.version = formatVersion1
	data := r.bytes()
	head, err := HeadLen(data[:MinHeadRead], len(data))
	if err != nil || head != len(data) {
		t.Fatalf("HeadLen = %d, %v; want the whole %d bytes", head, err, len(data))
	}
	if plan, err := PlanRead(data, ColumnSet{Timestamps: true}); err != nil || plan != nil {
		t.Fatalf("PlanRead = %v, %v; want nothing more", plan, err)
	}
}

// decodePlanned decodes the block in data for want as a reader following
// its plan does, fetching what the decoding asks for, and fails the test
// unless the result is the whole block's decoding. It returns the bytes
// fetched after the plan's reads, and the block.
func decodePlanned(t *testing.T, data []byte, want ColumnSet) (int, *Block) {
	t.Helper()
	buf, plan := readPlan(t, data, want)
	if plan == nil {
		t.Fatal("no plan")
	}
	fetched := 0
	got, err := plan.Unmarshal(want, func(off, n int) error {
		fetched += n
		copy(buf[off:off+n], data[off:off+n])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Unmarshal(data, want)
	if err != nil {
		t.Fatal(err)
	}
	if d := diffBlocks(whole, got); d != "" {
		t.Fatalf("%+v: %s", want, d)
	}
	return fetched, got
}

// TestPlanReadLazy reads the messages and the columns a decoding asks for
// first, and fetches the field columns the skeletons need as it goes.
func TestPlanReadLazy(t *testing.T) {
	data := sampleBlock().Marshal(nil)
	for _, tc := range []struct {
		want  ColumnSet
		fetch bool // the decoding needs columns the plan left out
	}{
		{ColumnSet{Messages: true}, true},
		{ColumnSet{Timestamps: true, Contains: []string{"u1"}}, true},
		{ColumnSet{Timestamps: true, Fields: []string{"status"}, Exact: true}, false},
		{AllColumns(), false},
	} {
		if fetched, _ := decodePlanned(t, data, tc.want); (fetched > 0) != tc.fetch {
			t.Errorf("%+v: fetched %d bytes", tc.want, fetched)
		}
	}
	// A fetch that fails fails the decoding with its error.
	want := ColumnSet{Messages: true}
	_, plan := readPlan(t, data, want)
	boom := errors.New("boom")
	if _, err := plan.Unmarshal(want, func(int, int) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("decoding with a failing fetch: %v", err)
	}
	// Without a fetch, a plan's missing column is an error.
	_, plan = readPlan(t, data, want)
	if _, err := plan.Unmarshal(want, nil); err == nil {
		t.Fatal("a plan decoded without its field columns")
	}
}

// TestPlanReadPeek decides a term from the string columns alone: a check
// of whether a column's values may hold the term fetches that column, not
// every column the plan left out, and the rows found are the whole
// decoding's.
func TestPlanReadPeek(t *testing.T) {
	var rows []Row
	for i := range 600 {
		msg := `{"region":"us-east-` + itoa(i%3) + `","n":` + itoa(1_000_003*i) + `,"m":` + itoa(7*i) + `}`
		if i%5 == 0 {
			msg = "10.0.0." + itoa(i%250) + ` - - "GET /x/` + itoa(i) + ` HTTP/1.1" 200`
		}
		rows = append(rows, jsonRow(1, int64(1000+i), uint64(i), msg))
	}
	data := NewBlock(rows).Marshal(nil)
	peeked, got := decodePlanned(t, data, ColumnSet{Timestamps: true, Contains: []string{"HTTP/1.1"}})
	all, _ := decodePlanned(t, data, ColumnSet{Messages: true})
	if peeked == 0 || peeked >= all {
		t.Errorf("deciding the term fetched %d bytes, rebuilding every message %d", peeked, all)
	}
	if n := got.Contains.Count(); n != 120 {
		t.Errorf("%d rows hold the term, want 120", n)
	}
}
