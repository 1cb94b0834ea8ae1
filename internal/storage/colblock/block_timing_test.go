package colblock

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

const (
	corpusLines   = 100_000
	corpusStreams = 12
	rowsPerBlock  = 8192
)

// appLogCorpus generates realistic JSON application logs: twelve fields per
// line, a random trace id per line, services spread over streams, sorted by
// (stream, timestamp) and cut into blocks of rowsPerBlock rows.
func appLogCorpus(lines int) [][]Row {
	rng := rand.New(rand.NewPCG(1, 2))
	services := []string{"checkout", "cart", "payments", "inventory", "search", "accounts"}
	operations := []string{"GetCart", "AddItem", "RemoveItem", "PlaceOrder", "Authorize", "Refund", "Search", "Login", "Logout", "UpdateProfile"}
	regions := []string{"eu-west-1", "us-east-1", "ap-southeast-2"}
	infoMessages := []string{"request completed", "cache hit", "cache miss", "order placed", "payment authorized", "session refreshed", "item added to cart", "search served"}
	warnMessages := []string{"slow downstream call", "retrying request", "rate limit approaching"}
	errorMessages := []string{"downstream timeout", "payment declined", "validation failed: missing field sku", "database connection reset"}
	type stream struct {
		id      int64
		service string
		host    string
		region  string
		ts      int64
	}
	streams := make([]*stream, corpusStreams)
	for i := range streams {
		svc := services[i%len(services)]
		streams[i] = &stream{
			id:      int64(1000 + i),
			service: svc,
			host:    fmt.Sprintf("%s-7d9f8b%d-%05x", svc, i%3, rng.IntN(1<<20)),
			region:  regions[i%len(regions)],
			ts:      1_714_567_890_000 + int64(rng.IntN(1000)),
		}
	}
	rows := make([]Row, 0, lines)
	for i := 0; i < lines; i++ {
		s := streams[rng.IntN(len(streams))]
		s.ts += int64(rng.IntN(40))
		status, level, msg := 200, "info", infoMessages[rng.IntN(len(infoMessages))]
		switch x := rng.IntN(100); {
		case x < 3:
			status, level, msg = 500, "error", errorMessages[rng.IntN(len(errorMessages))]
		case x < 8:
			status, level, msg = 404, "warn", warnMessages[rng.IntN(len(warnMessages))]
		case x < 12:
			status = 201
		}
		user := int(math.Abs(rng.NormFloat64()) * 400)
		line := fmt.Sprintf(`{"timestamp":"%s","level":"%s","message":"%s","service":"%s","operation":"%s","status":%d,"duration_ms":%s,"log_type":"%s","trace_id":"%016x%016x","host":"%s","extra":{"user_email":"user%d@example.com","region":"%s"}}`,
			appendISOTime(nil, s.ts), level, msg, s.service, operations[rng.IntN(len(operations))], status,
			appendFloatText(nil, math.Round(rng.ExpFloat64()*4000)/100), []string{"access", "app", "audit"}[rng.IntN(3)],
			rng.Uint64(), rng.Uint64(), s.host, user, s.region)
		// Shippers send batches about once a second.
		r := jsonRow(s.id, s.ts, uint64(i), line)
		r.IngestionTime = (s.ts/1000+1)*1000 + int64(rng.IntN(50))
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if a.StreamID != b.StreamID {
			return int(a.StreamID - b.StreamID)
		}
		return int(a.Timestamp - b.Timestamp)
	})
	var blocks [][]Row
	for len(rows) > 0 {
		n := min(rowsPerBlock, len(rows))
		blocks = append(blocks, rows[:n])
		rows = rows[n:]
	}
	return blocks
}

// BenchmarkCompression reports how small the corpus gets: bytes per row and
// the ratio of raw JSON message bytes to block bytes.
func BenchmarkCompression(b *testing.B) {
	corpus := appLogCorpus(corpusLines)
	blocks := make([]*Block, len(corpus))
	raw := 0
	for i, rows := range corpus {
		blocks[i] = NewBlock(rows)
		for _, r := range rows {
			raw += len(r.Message)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	var encoded int
	var buf []byte
	for b.Loop() {
		encoded = 0
		for _, blk := range blocks {
			buf = blk.Marshal(buf[:0])
			encoded += len(buf)
		}
	}
	b.ReportMetric(float64(encoded)/corpusLines, "bytes/row")
	b.ReportMetric(float64(raw)/corpusLines, "raw-bytes/row")
	b.ReportMetric(float64(raw)/float64(encoded), "ratio")
}

func TestCompressionRatio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100k-line corpus")
	}
	corpus := appLogCorpus(corpusLines)
	raw, encoded := 0, 0
	perColumn := map[string]int{}
	for _, rows := range corpus {
		for _, r := range rows {
			raw += len(r.Message)
		}
		data := roundTrip(t, NewBlock(rows))
		encoded += len(data)
		h, err := parseHeader(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, ref := range append(h.sys[:], h.fields...) {
			perColumn[ref.name] += len(ref.payload)
		}
	}
	names := slices.Sorted(maps.Keys(perColumn))
	for _, name := range names {
		t.Logf("  %-16s %6.2f bytes/row", name, float64(perColumn[name])/corpusLines)
	}
	ratio := float64(raw) / float64(encoded)
	t.Logf("%d lines: %.1f raw bytes/row, %.1f encoded bytes/row, ratio %.2fx", corpusLines,
		float64(raw)/corpusLines, float64(encoded)/corpusLines, ratio)
	if ratio < 6 {
		t.Errorf("compression ratio %.2fx, want at least 6x", ratio)
	}
}

func benchmarkCorpusBlocks(b *testing.B) ([][]byte, []*Block, int) {
	corpus := appLogCorpus(rowsPerBlock * 2)
	var encoded [][]byte
	var blocks []*Block
	raw := 0
	for _, rows := range corpus {
		blk := NewBlock(rows)
		blocks = append(blocks, blk)
		encoded = append(encoded, blk.Marshal(nil))
		for _, r := range rows {
			raw += len(r.Message)
		}
	}
	return encoded, blocks, raw
}

func BenchmarkMarshal(b *testing.B) {
	_, blocks, raw := benchmarkCorpusBlocks(b)
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	var buf []byte
	encoded := 0
	for b.Loop() {
		encoded = 0
		for _, blk := range blocks {
			buf = blk.Marshal(buf[:0])
			encoded += len(buf)
		}
	}
	b.ReportMetric(float64(raw)/float64(encoded), "raw/encoded")
}

func BenchmarkNewBlock(b *testing.B) {
	corpus := appLogCorpus(rowsPerBlock)
	raw := 0
	for _, r := range corpus[0] {
		raw += len(r.Message)
	}
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	for b.Loop() {
		NewBlock(corpus[0])
	}
}

// BenchmarkFlattenAndMarshal encodes a block from its messages alone, as a
// flush does: the fields extracted by a Flattener, the block built and
// marshalled.
func BenchmarkFlattenAndMarshal(b *testing.B) {
	rows := appLogCorpus(rowsPerBlock)[0]
	raw := 0
	for i := range rows {
		rows[i].Fields = nil
		raw += len(rows[i].Message)
	}
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	var fl Flattener
	var buf []byte
	for b.Loop() {
		fl.Flatten(rows)
		buf = fl.NewBlock(rows).Marshal(buf[:0])
	}
}

func BenchmarkUnmarshal(b *testing.B) {
	encoded, _, raw := benchmarkCorpusBlocks(b)
	for _, bench := range []struct {
		name string
		want ColumnSet
	}{
		{"all", AllColumns()},
		{"messages", ColumnSet{Messages: true}},
		{"timestamps", ColumnSet{Timestamps: true}},
		{"one-field", ColumnSet{Fields: []string{"status"}}},
	} {
		b.Run(bench.name, func(b *testing.B) {
			b.SetBytes(int64(raw))
			b.ReportAllocs()
			for b.Loop() {
				for _, data := range encoded {
					if _, err := Unmarshal(data, bench.want); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

func BenchmarkFlattenJSON(b *testing.B) {
	rows := appLogCorpus(1000)[0]
	raw := 0
	for _, r := range rows {
		raw += len(r.Message)
	}
	b.SetBytes(int64(raw))
	b.ReportAllocs()
	var fields []Field
	for b.Loop() {
		for _, r := range rows {
			fields = FlattenJSON(r.Message, fields[:0])
		}
	}
	if !strings.HasPrefix(fields[0].Name, "timestamp") {
		b.Fatalf("unexpected first field %q", fields[0].Name)
	}
}
