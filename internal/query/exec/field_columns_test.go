package exec

import (
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/syntax"
	"github.com/openwatch/openwatch/internal/storage/colblock"
)

func TestColumnValueFormatting(t *testing.T) {
	strs := &model.FieldColumn{Type: model.FieldString, Strings: []string{"x", "1.50", "true", "1e999", "false"}, Literal: []uint64{0b11110}}
	ints := &model.FieldColumn{Type: model.FieldInt64, Ints: []int64{42, -7, 1 << 60, 0}}
	floats := &model.FieldColumn{Type: model.FieldFloat64, Floats: []float64{1.5, 1e-7, 1.5e21, 0.1, 123456789.125}}
	bools := &model.FieldColumn{Type: model.FieldBool, Bools: []bool{true, false}}
	tests := []struct {
		col  *model.FieldColumn
		row  int
		want Value // what discovery makes of the leaf's text
	}{
		{strs, 0, strValue("x")},
		{strs, 1, numberText("1.50")},
		{strs, 2, trueLiteral},
		{strs, 3, strValue("1e999")},
		{strs, 4, falseLiteral},
		{ints, 0, numberText("42")},
		{ints, 1, numberText("-7")},
		{ints, 2, numberText("1152921504606846976")},
		{ints, 3, numberText("0")},
		{floats, 0, numberText("1.5")},
		{floats, 1, numberText("1e-7")},
		{floats, 2, numberText("1.5e+21")},
		{floats, 3, numberText("0.1")},
		{floats, 4, numberText("123456789.125")},
		{bools, 0, trueLiteral},
		{bools, 1, falseLiteral},
	}
	for _, tc := range tests {
		got := columnValue(tc.col, tc.row)
		if got.kind != tc.want.kind || got.raw != tc.want.raw || got.String() != tc.want.String() || got.n != tc.want.n {
			t.Errorf("%v row %d: got %#v (%q), want %#v (%q)", tc.col.Type, tc.row, got, got.String(), tc.want, tc.want.String())
		}
	}
}

// storedBatch is a run of events as the log store keeps and reads them.
type storedBatch struct {
	batch  *model.Batch
	fields *FieldColumns
	events []Event // the events the rows stand for
	size   int64
}

// storeEvents stores events the way the log store does: fields flattened
// into the columns of blocks of at most blockRows rows, each decoded for
// the fields the query reads with exact rows marked, messages only where
// needed. A block holds events of one log group.
func storeEvents(t *testing.T, events []Event, q *syntax.Query, blockRows int, pad, coded bool) []storedBatch {
	t.Helper()
	names, messages := neededColumns(q)
	var out []storedBatch
	for start := 0; start < len(events); {
		end := start + 1
		for end < len(events) && end-start < blockRows && events[end].LogGroup == events[start].LogGroup {
			end++
		}
		chunk := events[start:end]
		start = end
		rows := make([]colblock.Row, len(chunk))
		sb := storedBatch{events: chunk}
		for i, e := range chunk {
			msg := e.Message
			if pad {
				msg = padMessage(msg)
			}
			rows[i] = colblock.Row{StoredEvent: model.StoredEvent{StreamID: streamID(e.LogStream), Timestamp: e.Timestamp, IngestionTime: e.IngestionTime, Seq: uint64(i), Message: msg}, Fields: colblock.FlattenJSON(msg, nil)}
			sb.size += int64(len(msg))
		}
		blk, err := colblock.Unmarshal(colblock.NewBlock(rows).Marshal(nil), colblock.ColumnSet{Streams: true, Timestamps: true, IngestionTimes: true, Seqs: true, Fields: names, Exact: true, Messages: messages})
		if err != nil {
			t.Fatal(err)
		}
		b := &model.Batch{Timestamps: blk.Timestamps, IngestionTimes: blk.IngestionTimes, StreamIDs: blk.Streams, Seqs: blk.Seqs, Messages: blk.Messages, Exact: blk.Exact}
		for _, c := range blk.Fields {
			b.Fields = append(b.Fields, model.FieldColumn{Name: c.Name, Type: model.FieldType(c.Type), Present: c.Present, Null: c.Null,
				Strings: c.Strings, Ints: c.Ints, Floats: c.Floats, Bools: c.Bools, Literal: c.Literal})
			if coded && c.Type == colblock.TypeString {
				codeStrings(&b.Fields[len(b.Fields)-1])
			}
		}
		sb.batch, sb.fields = b, NewFieldColumns(b, names)
		out = append(out, sb)
	}
	return out
}

// codeStrings turns a string column into the coded form a store may
// deliver (model.ScanSpec.CodedStrings), with its entries in reverse order
// of first appearance so that no code equals its row's place by chance.
func codeStrings(c *model.FieldColumn) {
	ids := map[string]int{}
	var order []string
	for i, s := range c.Strings {
		if c.Has(i) && !c.IsNull(i) {
			if _, ok := ids[s]; !ok {
				ids[s] = len(order)
				order = append(order, s)
			}
		}
	}
	c.Dict = make([]string, len(order))
	c.Codes = make([]uint16, len(c.Strings))
	for i, s := range c.Strings {
		if c.Has(i) && !c.IsNull(i) {
			code := len(order) - 1 - ids[s]
			c.Dict[code], c.Codes[i] = s, uint16(code)
		}
	}
	c.Strings = nil
}

func streamID(name string) int64 {
	return int64(len(name))<<32 | int64(crc32.ChecksumIEEE([]byte(name)))
}

func neededColumns(q *syntax.Query) (names []string, messages bool) {
	for _, n := range q.NeededFields() {
		switch {
		case n == "@message":
			messages = true
		case !syntax.IsSystemField(n):
			names = append(names, n)
		}
	}
	return names, messages
}

// columnEvents stores events as storeEvents does and turns the rows back
// into Events whose fields read from the columns, leaving out the rows
// ScanFilter or the query's required terms reject, as the store leaves
// them out.
func columnEvents(t *testing.T, events []Event, q *syntax.Query, blockRows int, pad, coded bool) []Event {
	t.Helper()
	names, messages := neededColumns(q)
	terms := q.RequiredTerms()
	filter := ScanFilter(q, names, messages, terms)
	var out []Event
	for _, sb := range storeEvents(t, events, q, blockRows, pad, coded) {
		var keep []uint64
		if filter != nil {
			keep = filter(sb.batch)
		}
	rows:
		for i, e := range sb.events {
			if keep != nil && keep[i>>6]&(1<<(uint(i)&63)) == 0 {
				continue
			}
			stored := e.Message
			if pad {
				stored = padMessage(stored)
			}
			for _, term := range terms {
				if !strings.Contains(stored, term) {
					continue rows
				}
			}
			e.Fields, e.Row, e.Message = sb.fields, i, ""
			if sb.batch.Messages != nil {
				e.Message = sb.batch.Messages[i]
			}
			out = append(out, e)
		}
	}
	return out
}

// batchSource yields stored batches through BatchSource.
type batchSource struct {
	batches []storedBatch
	pos     int
}

func (s *batchSource) Next(context.Context) ([]Event, error) {
	return nil, errors.New("Next called on a BatchSource")
}

func (s *batchSource) NextBatch(context.Context) (*EventBatch, error) {
	if s.pos == len(s.batches) {
		return nil, io.EOF
	}
	sb := s.batches[s.pos]
	s.pos++
	streams := map[int64]string{}
	ptrs := map[uint64]string{}
	for i, e := range sb.events {
		streams[streamID(e.LogStream)] = e.LogStream
		ptrs[uint64(i)] = e.Ptr
	}
	return &EventBatch{Batch: sb.batch, Fields: sb.fields, Streams: streams, LogGroup: sb.events[0].LogGroup, Bytes: sb.size,
		PtrOf: func(e *Event) string { return ptrs[e.Seq] }}, nil
}

// pushSource hands stored batches to the workers on goroutines of its own,
// as a store that reads on several goroutines does.
type pushSource struct {
	batchSource
	mu sync.Mutex
}

func (s *pushSource) Push(ctx context.Context, workers int, fn func(int, *EventBatch) error) error {
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for {
				s.mu.Lock()
				eb, err := s.NextBatch(ctx)
				s.mu.Unlock()
				if errors.Is(err, io.EOF) {
					return
				}
				if err == nil {
					err = fn(w, eb)
				}
				if err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// padMessage adds a long field to a JSON object, or to the JSON of a
// Lambda line, so that the store keeps it as a skeleton.
func padMessage(msg string) string {
	i := strings.IndexByte(msg, '{')
	if i < 0 {
		return msg
	}
	rest := strings.TrimLeft(msg[i+1:], " ")
	sep := ","
	if strings.HasPrefix(rest, "}") {
		sep = ""
	}
	return msg[:i+1] + `"zzpad":"a value long enough to be cut out of the message"` + sep + msg[i+1:]
}

// TestConformanceColumns runs the conformance suite with the events'
// fields read from stored columns and filtered by ScanFilter, and requires
// the answers the messages give.
func TestConformanceColumns(t *testing.T) {
	files, err := filepath.Glob("testdata/*.test")
	if err != nil {
		t.Fatal(err)
	}
	// The model.FieldType values are colblock's; the conversion above
	// relies on it.
	if model.FieldType(colblock.TypeFloat64) != model.FieldFloat64 || model.FieldType(colblock.TypeNull) != model.FieldNull {
		t.Fatal("field type numbering differs")
	}
	exact := 0
	for _, f := range files {
		for _, c := range loadScript(t, f) {
			if c.err != "" {
				continue
			}
			t.Run(c.name, func(t *testing.T) {
				q, err := syntax.Parse(c.query)
				if err != nil {
					t.Fatal(err)
				}
				for _, pad := range []bool{false, true} {
					msgCase := *c
					if pad {
						msgCase.events = slices.Clone(c.events)
						for i := range msgCase.events {
							msgCase.events[i].Message = padMessage(msgCase.events[i].Message)
						}
					}
					want, err := runScriptCase(&msgCase, 1, 1000)
					if err != nil {
						t.Fatal(err)
					}
					for _, blockRows := range []int{1000, 3} {
						colCase := *c
						// Small blocks come with coded string columns.
						coded := blockRows == 3
						colCase.events = columnEvents(t, c.events, q, blockRows, pad, coded)
						for _, e := range colCase.events {
							if e.Fields.batch.IsExact(e.Row) {
								exact++
							}
						}
						got, err := runColumns(&colCase, q, &SliceSource{Events: colCase.events, BatchSize: 2})
						if err != nil {
							t.Fatal(err)
						}
						compareResults(t, c.query, fmt.Sprintf("events, pad=%v, blocks of %d", pad, blockRows), got, want, false)
						got, err = runColumns(c, q, &batchSource{batches: storeEvents(t, c.events, q, blockRows, pad, coded)})
						if err != nil {
							t.Fatal(err)
						}
						compareResults(t, c.query, fmt.Sprintf("batches, pad=%v, blocks of %d", pad, blockRows), got, want, true)
						got, err = runColumns(c, q, &pushSource{batchSource: batchSource{batches: storeEvents(t, c.events, q, blockRows, pad, coded)}})
						if err != nil {
							t.Fatal(err)
						}
						compareResults(t, c.query, fmt.Sprintf("pushed batches, pad=%v, blocks of %d", pad, blockRows), got, want, true)
					}
				}
			})
		}
	}
	if exact < 500 {
		t.Errorf("only %d events were exact: the suite hardly reads columns", exact)
	}
}

func runColumns(c *scriptCase, q *syntax.Query, src Source) (*Result, error) {
	opts := c.opts
	opts.Concurrency = 4
	opts.Run = goRunner
	if c.baseline != nil {
		opts.Baseline = &SliceSource{Events: c.baseline, BatchSize: 2}
	}
	return Exec(context.Background(), q, src, opts)
}

// compareResults requires the answers to agree; with every event read,
// the statistics too.
func compareResults(t *testing.T, query, how string, got, want *Result, stats bool) {
	t.Helper()
	if !reflect.DeepEqual(got.Fields, want.Fields) || formatRows(stripPtr(got.Rows, got.Fields)) != formatRows(stripPtr(want.Rows, want.Fields)) ||
		got.Stats.RecordsMatched != want.Stats.RecordsMatched || stats && got.Stats != want.Stats {
		t.Fatalf("query:\n%s\n(%s) columns %q, %+v, rows:\n%swant columns %q, %+v, rows:\n%s",
			query, how, got.Fields, got.Stats, formatRows(got.Rows), want.Fields, want.Stats, formatRows(want.Rows))
	}
}

// TestScanFilterAgreesWithEngine checks, row by row, that ScanFilter keeps
// every event the engine's filter keeps, and decides exact rows alike.
func TestScanFilterAgreesWithEngine(t *testing.T) {
	msgs := []string{
		`{"pad":"a value long enough to be cut out of the message","status":200,"level":"info","d":1.5,"ok":true,"u":{"id":"x"}}`,
		`{"pad":"a value long enough to be cut out of the message","status":"500","level":"error","d":12,"ok":false}`,
		`{"pad":"a value long enough to be cut out of the message","status":503.5,"level":"warn","d":"n/a","ok":"true"}`,
		`{"pad":"a value long enough to be cut out of the message","status":null,"level":"Info"}`,
		`{"pad":"a value long enough to be cut out of the message","level":"info"}`,
		`{"status":404,"level":"info"} trailing text`,
		`plain status=500 level=error`,
	}
	// decided: the filter decides every exact row (the first five).
	queries := []struct {
		src     string
		decided bool
	}{
		{`filter status = 200`, true},
		{`filter status = "500"`, true},
		{`filter status >= 500`, true},
		{`filter status != 200`, true},
		{`filter status in [200, "503.5"]`, true},
		{`filter status not in [200]`, true},
		{`filter level = "info" and d > 1`, true},
		{`filter level = "info" or ok = 1`, true},
		{`filter not (level like "nf")`, true},
		{`filter level =~ /^[IW]/`, true},
		{`filter u.id = "x"`, true},
		{`filter @message like "error"`, true},
		{`filter @timestamp > 1002`, true},
		{`filter level not like "i" | filter d < 5`, true},
		{`fields status as s | filter s = 200`, false},
		{`fields level | filter level = "warn"`, true},
		{`filter ok = "true"`, true},
		// Text comparisons alone are decided a batch at a time.
		{`filter level = "info" and u.id = "x"`, true},
		{`filter level in ["warn", "error"] or u.id = "x"`, true},
		{`filter level not in ["info", "warn"]`, true},
		{`filter level = "info" | filter ok = "false"`, true},
		{`filter status = "n/a" or d = "n/a"`, true},
		{`filter -d < -1`, false},
		{`filter ispresent(status) and level = "info"`, false},
		// A part of an and must not be negated: these keep rows where
		// level = "info" holds and the other side does not.
		{`filter not (level = "info" and strlen(level) > 10)`, false},
		{`filter not (level = "info" and ispresent(d)) and status != 503.5`, false},
	}
	for _, tc := range queries {
		q := mustParse(t, tc.src)
		var events []Event
		for i, m := range msgs {
			events = append(events, Event{Timestamp: int64(1000 + i), Message: m})
		}
		for _, coded := range []bool{false, true} {
			col := columnEvents(t, events, q, 100, false, coded)
			kept := map[int64]bool{}
			for _, e := range col {
				kept[e.Timestamp] = true
			}
			for i, e := range events {
				res := run(t, tc.src+" | fields @timestamp", []Event{e}, Options{})
				engine := len(res.Rows) == 1
				if engine && !kept[e.Timestamp] {
					t.Errorf("%s (coded %v): ScanFilter drops %q, which the query keeps", tc.src, coded, e.Message)
				}
				if tc.decided && i < 5 && engine != kept[e.Timestamp] {
					t.Errorf("%s (coded %v): ScanFilter keeps %q, which the query drops", tc.src, coded, e.Message)
				}
			}
		}
	}
}
