package colblock

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestBlockRoundTrip(t *testing.T) {
	long := strings.Repeat("0123456789abcdef", 1<<12)
	tests := []struct {
		name string
		rows []Row
	}{
		{"empty block", nil},
		{"one plain row", []Row{event(1, 1000, 1, "hello")}},
		{"empty messages", []Row{event(1, 1000, 1, ""), event(1, 1000, 2, ""), event(1, 1001, 3, "")}},
		{"unicode", []Row{
			event(1, 1, 1, "héllo wörld ✓ 日本語 🎉"),
			jsonRow(1, 2, 2, `{"name":"Zoë","emoji":"🎉","esc":"\u00e9\n\t\"q\""}`),
		}},
		{"invalid utf-8", []Row{event(1, 1, 1, "bad \xff\xfe bytes"), jsonRow(1, 2, 2, "{\"k\":\"\xff\"}")}},
		{"huge values", []Row{
			event(math.MaxInt64, math.MaxInt64, math.MaxUint64, long),
			event(math.MinInt64, math.MinInt64, 0, "x"),
			event(0, 0, 1<<63, ""),
		}},
		{"many streams", func() []Row {
			var rows []Row
			for s := int64(0); s < 50; s++ {
				for i := int64(0); i < 20; i++ {
					rows = append(rows, event(s*7919, 1_700_000_000_000+i*1000+s, uint64(s*20+i), "line"))
				}
			}
			return rows
		}()},
		{"json logs", func() []Row {
			var rows []Row
			for i := 0; i < 300; i++ {
				msg := `{"level":"info","status":` + itoa(200+i%3) + `,"ms":` + itoa(i) + `.5,"ok":true,"user":{"id":` + itoa(i%7) + `,"tags":["a","b"]},"n":null}`
				rows = append(rows, jsonRow(1, int64(1000+i), uint64(i), msg))
			}
			return rows
		}()},
		{"all-null field", []Row{
			jsonRow(1, 1, 1, `{"a":null}`),
			jsonRow(1, 2, 2, `{"b":1}`),
			jsonRow(1, 3, 3, `{"a":null,"b":2}`),
		}},
		{"mixed-type field", []Row{
			jsonRow(1, 1, 1, `{"id":1}`),
			jsonRow(1, 2, 2, `{"id":"abc"}`),
			jsonRow(1, 3, 3, `{"id":true}`),
			jsonRow(1, 4, 4, `{"id":null}`),
			jsonRow(1, 5, 5, `{"id":2.5}`),
			jsonRow(1, 6, 6, `plain text`),
		}},
		{"int and float widen", []Row{
			jsonRow(1, 1, 1, `{"d":1}`),
			jsonRow(1, 2, 2, `{"d":1.25}`),
			jsonRow(1, 3, 3, `{"d":-7}`),
		}},
		{"special floats", []Row{
			{StoredEvent: event(1, 1, 1, "").StoredEvent, Fields: []Field{{"f", FloatValue(math.Inf(1))}}},
			{StoredEvent: event(1, 2, 2, "").StoredEvent, Fields: []Field{{"f", FloatValue(math.NaN())}}},
			{StoredEvent: event(1, 3, 3, "").StoredEvent, Fields: []Field{{"f", FloatValue(math.Copysign(0, -1))}}},
			{StoredEvent: event(1, 4, 4, "").StoredEvent, Fields: []Field{{"f", FloatValue(math.SmallestNonzeroFloat64)}}},
		}},
		{"lambda lines", []Row{
			jsonRow(1, 1714567890123, 1, "2024-05-01T12:51:30.123Z\t0f6c1a9e-2b1d-4c7e-9d5e-1a2b3c4d5e6f\tINFO\t{\"msg\":\"start\"}"),
			jsonRow(1, 1714567890124, 2, "2024-05-01T12:51:30.999Z\t0f6c1a9e-2b1d-4c7e-9d5e-1a2b3c4d5e6f\tERROR\t{\"msg\":\"boom\",\"code\":7} trailing"),
		}},
		{"sparse bools", func() []Row {
			var rows []Row
			for i := 0; i < 130; i++ {
				r := event(1, int64(i), uint64(i), "x")
				if i%9 == 0 {
					r.Fields = []Field{{"flag", BoolValue(i%2 == 0)}}
				}
				rows = append(rows, r)
			}
			return rows
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roundTrip(t, NewBlock(tt.rows))
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestConcurrentUse runs Marshal and Unmarshal from several goroutines, as
// flushes and queries do, over the shared zstd coders and pooled encoders.
func TestConcurrentUse(t *testing.T) {
	blocks := []*Block{sampleBlock(), NewBlock(appLogCorpus(2000)[0]), NewBlock(goldenBlocks["small_block"])}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Go(func() {
			for i := 0; i < 10; i++ {
				b := blocks[(g+i)%len(blocks)]
				got, err := Unmarshal(b.Marshal(nil), AllColumns())
				if err != nil {
					t.Error(err)
					return
				}
				if d := diffBlocks(b, got); d != "" {
					t.Error(d)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestUnmarshalKeepsNoReference checks that a decoded block survives the
// reuse of the bytes it was decoded from.
func TestUnmarshalKeepsNoReference(t *testing.T) {
	b, data := exactBlock(t)
	for _, want := range []ColumnSet{AllColumns(), {Timestamps: true, AllFields: true, Exact: true}} {
		src := append([]byte(nil), data...)
		got, err := Unmarshal(src, want)
		if err != nil {
			t.Fatal(err)
		}
		for i := range src {
			src[i] = 0xa5
		}
		if want.Messages {
			if d := diffBlocks(b, got); d != "" {
				t.Fatalf("after reusing the source: %s", d)
			}
			continue
		}
		again, err := Unmarshal(data, want)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffBlocks(again, got); d != "" {
			t.Fatalf("exact decoding, after reusing the source: %s", d)
		}
	}
}

func TestMarshalWithShowsEachColumnsValues(t *testing.T) {
	var rows []Row
	for i := range 40 {
		msg := fmt.Sprintf(`{"level":"%s","id":"r%d","const":"same","n":%d,"nil":null}`, []string{"info", "warn"}[i%2], i, i)
		rows = append(rows, jsonRow(1, int64(i), uint64(i+1), msg))
	}
	rows = append(rows, jsonRow(1, 40, 41, "not json"))
	b := NewBlock(rows)
	got := map[string][]string{}
	data := b.MarshalWith(nil, MarshalOptions{Visit: func(field int, values []string) {
		got[b.Fields[field].Name] = slices.Clone(values)
	}})
	if !bytes.Equal(data, b.Marshal(nil)) {
		t.Fatal("MarshalWith writes other bytes than Marshal")
	}
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = fmt.Sprintf("r%d", i)
	}
	want := map[string][]string{
		"level": {"info", "warn"}, // a dictionary: each distinct value once
		"id":    ids,              // too many distinct values: every row's
		"const": {"same"},
		"nil":   nil, // null in every row: no value
	}
	if _, ok := got["n"]; ok {
		t.Fatal("MarshalWith showed a numeric column")
	}
	delete(got, "n")
	for name, w := range want {
		g := got[name]
		slices.Sort(g)
		slices.Sort(w)
		if !slices.Equal(g, w) {
			t.Errorf("column %s: values %q, want %q", name, g, w)
		}
	}
}
