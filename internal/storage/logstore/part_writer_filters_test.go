package logstore

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/storage/colblock"
	"github.com/openwatch/openwatch/internal/storage/index"
)

// appendFiltersEveryRow is how a block's filters were built before the
// encoder showed the distinct values: every present value of every string
// column tokenized in row order.
func appendFiltersEveryRow(dst []byte, b *colblock.Block) []byte {
	var tokens index.Builder
	var x index.BlockIndex
	for _, m := range b.Messages {
		tokens.AddTextGrams(m)
	}
	x.Set(messageFilter, tokens.Build())
	x.SetGrams(tokens.BuildGrams())
	for i := range b.Fields {
		c := &b.Fields[i]
		if c.Type != colblock.TypeString {
			continue
		}
		tokens.Reset()
		for r, s := range c.Strings {
			if c.Present.Has(r) {
				tokens.AddValue(s)
			}
		}
		x.Set(c.Name, tokens.Build())
	}
	return x.Marshal(dst)
}

// TestEncodedBlockFiltersMatchEveryRow holds the filters built from the
// values the encoder shows, once per distinct value, to the bytes of
// filters built from every row.
func TestEncodedBlockFiltersMatchEveryRow(t *testing.T) {
	a := newAppLog(3)
	var corpus []string
	for i := range 6000 {
		switch i % 10 {
		case 8:
			corpus = append(corpus, fmt.Sprintf("START RequestId: %08x-1c2d-4e5f-8a9b-%012x Version: $LATEST", i, i*7919))
		case 9:
			corpus = append(corpus, fmt.Sprintf(`10.0.%d.%d - - [01/May/2024:12:00:%02d +0000] "GET /api/items/%d HTTP/1.1" 200 %d "-" "curl/8.5.0"`, i%256, i%200, i%60, i, 100+i%900))
		default:
			line, _ := a.line(int64(i % 3))
			corpus = append(corpus, line)
		}
	}
	tests := []struct {
		name string
		msgs []string
	}{
		{"application, Lambda and access logs", corpus},
		{"a few rows of them", corpus[:7]},
		{"constant and absent fields", []string{`{"a":"x y","b":1}`, `{"a":"x y"}`, `plain text`, `{"a":"x y","c":null}`}},
		{"a column of nulls only", []string{`{"a":null}`, `{"a":null,"b":"k"}`}},
		{"many distinct values", distinctValues(3000)},
		{"escapes and unicode", []string{`{"m":"line1\nline2","u":"Grüße, wörld"}`, `{"m":"tab\there","u":"naïve café"}`, `{"m":"line1\nline2","u":"Grüße, wörld"}`}},
		{"escaped quotes and long runs", []string{`{"m":"say \"hi\" to abcdefghijklmnopqrstuvwxyz0123456789","id":"abcdefghijklmnop"}`, `{"m":"say \"hi\" to abcdefghijklmnopqrstuvwxyz0123456789","id":"abcdefghijklmnop"}`}},
		{"numbers, booleans and nulls", []string{`{"n":-12,"f":1.5e-7,"g":2.25,"b":true,"z":null,"a":[1,2,"x3"]}`, `{"n":7,"f":1e21,"g":0.5,"b":false,"z":null,"a":[4,5,"y6"]}`}},
		{"Lambda lines", []string{
			"1970-01-01T00:00:00.000Z\tabc-123\tINFO\t{\"m\":\"started\",\"n\":1}",
			"1970-01-01T00:00:00.001Z\tabc-123\tINFO\t{\"m\":\"done\",\"n\":2}",
			"1970-01-01T00:00:00.002ZINFO glued to the time",
			"1970-01-01T00:00:00.003Z",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkEncodedFilters(t, tc.msgs) })
	}
}

// checkEncodedFilters checks appendEncodedBlock's filters for a block of
// msgs against filters built from every row.
func checkEncodedFilters(t *testing.T, msgs []string) {
	t.Helper()
	rows := make([]colblock.Row, len(msgs))
	for i, m := range msgs {
		rows[i] = colblock.Row{StoredEvent: model.StoredEvent{StreamID: 1, Seq: uint64(i + 1), Timestamp: int64(i), Message: m}}
	}
	var fl colblock.Flattener
	fl.Flatten(rows)
	b := fl.NewBlock(rows)
	want := appendFiltersEveryRow(nil, b)
	want = b.Marshal(want)
	got, filterLen := appendEncodedBlock([]byte("prefix"), b)
	if !bytes.Equal(got[:6], []byte("prefix")) {
		t.Fatal("appendEncodedBlock overwrote dst")
	}
	got = got[6:]
	if !bytes.Equal(got, want) {
		t.Fatalf("encoded block differs from filters over every row plus Marshal (%d bytes, want %d)", len(got), len(want))
	}
	if wantFilters := len(appendFiltersEveryRow(nil, b)); filterLen-6 != wantFilters {
		t.Fatalf("filter length %d, want %d", filterLen-6, wantFilters)
	}
}

// FuzzEncodedBlockFilters holds the filters of blocks of any messages
// (one per line of the input) to those built from every row.
func FuzzEncodedBlockFilters(f *testing.F) {
	f.Add("{\"a\":\"x y\",\"b\":1}\n{\"a\":\"x y\",\"b\":2}")
	f.Add("1970-01-01T00:00:00.000Z\tid\tINFO\t{\"m\":\"a\"}\n1970-01-01T00:00:00.001Zword")
	f.Add("{\"m\":\"q\\\"w\",\"n\":-1.5e3}\n{\"m\":\"q\\\"w\",\"n\":-1.5e3}\nplain")
	f.Fuzz(func(t *testing.T, in string) {
		msgs := strings.Split(in, "\n")
		if len(msgs) > 64 {
			msgs = msgs[:64]
		}
		checkEncodedFilters(t, msgs)
	})
}

func distinctValues(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(`{"id":"req-%d-%x","level":"info"}`, i, i*7919)
	}
	return out
}
