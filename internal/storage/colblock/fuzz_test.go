package colblock

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzMaxRows bounds the row counts the column fuzzers try: large enough to
// span many bitmap words, small enough to keep executions fast.
const fuzzMaxRows = 4096

// fuzzSeedBlocks are encoded blocks to start the block fuzzers from.
func fuzzSeedBlocks() [][]byte {
	var traces []Row
	for i := range 20 {
		traces = append(traces, jsonRow(1, int64(i), uint64(i), fmt.Sprintf(`{"trace":"%032x","n":%d}`, uint64(i)*0x9e3779b97f4a7c15, i)))
	}
	seeds := [][]byte{validRaw().bytes(), sampleBlock().Marshal(nil), NewBlock(traces).Marshal(nil)}
	for _, rows := range goldenBlocks {
		seeds = append(seeds, NewBlock(rows).Marshal(nil))
	}
	return seeds
}

// FuzzUnmarshal feeds arbitrary bytes to the block decoder, as they are and
// with a valid checksum so that the fuzzer reaches past it. Whatever decodes
// must be a valid block that survives another round trip.
func FuzzUnmarshal(f *testing.F) {
	for _, seed := range fuzzSeedBlocks() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Unmarshal(data, AllColumns()); err != nil {
			wantCorruption(t, err)
		}
		if len(data) < 4 {
			return
		}
		data = fixCRC(data)
		b, err := Unmarshal(data, AllColumns())
		if err != nil {
			wantCorruption(t, err)
			return
		}
		if _, err := DecodeHeader(data); err != nil {
			t.Fatalf("Unmarshal accepts what DecodeHeader rejects: %v", err)
		}
		// A partial read decodes what a whole one does.
		for _, f := range b.Fields {
			want := ColumnSet{Timestamps: true, Seqs: true, Fields: []string{f.Name}, CodedStrings: true}
			part, err := Unmarshal(readPlanned(t, data, want), want)
			if err != nil {
				t.Fatalf("a partial read of field %q fails: %v", f.Name, err)
			}
			whole, err := Unmarshal(data, want)
			if err != nil {
				t.Fatal(err)
			}
			if d := diffBlocks(whole, part); d != "" {
				t.Fatalf("a partial read of field %q: %s", f.Name, d)
			}
		}
		// A lazy read of the messages fetches what they reference.
		lazyBuf, plan := readPlan(t, data, ColumnSet{Messages: true})
		if plan != nil {
			lazy, err := plan.Unmarshal(ColumnSet{Messages: true}, func(off, n int) error {
				copy(lazyBuf[off:off+n], data[off:off+n])
				return nil
			})
			if err != nil {
				t.Fatalf("a lazy read of the messages fails: %v", err)
			}
			if d := diffSlices("lazily read messages", lazy.Messages, b.Messages, eq[string]); d != "" {
				t.Fatal(d)
			}
		}
		msgs, err := Unmarshal(data, ColumnSet{Messages: true})
		if err != nil {
			t.Fatalf("the messages alone fail to decode: %v", err)
		}
		if d := diffSlices("messages", msgs.Messages, b.Messages, eq[string]); d != "" {
			t.Fatal(d)
		}
		ex, err := Unmarshal(data, ColumnSet{AllFields: true, Exact: true})
		if err != nil {
			t.Fatalf("the exact decoding fails where the full one does not: %v", err)
		}
		for i := range b.Messages {
			if !ex.Exact.Has(i) && ex.Messages[i] != b.Messages[i] {
				t.Fatalf("exact decoding: message %d is %q, not %q", i, ex.Messages[i], b.Messages[i])
			}
		}
		for _, term := range []string{"a", `":`, "0"} {
			got, err := Unmarshal(data, ColumnSet{Messages: true, Contains: []string{term}})
			if err != nil {
				t.Fatalf("the search for %q fails where the full decoding does not: %v", term, err)
			}
			for i, m := range b.Messages {
				if has := strings.Contains(m, term); got.Contains.Has(i) != has || has && got.Messages[i] != m {
					t.Fatalf("term %q in %q: contains = %v, message %q", term, m, got.Contains.Has(i), got.Messages[i])
				}
			}
		}
		if err := b.Validate(); err != nil {
			return // e.g. larger than a writer may make it
		}
		roundTrip(t, b)
	})
}

// FuzzBlockRoundTrip builds blocks from fuzzed rows: one message per line,
// fields from FlattenJSON plus typed fields taken from fieldBytes.
func FuzzBlockRoundTrip(f *testing.F) {
	f.Add("{\"a\":1,\"b\":\"x\"}\nplain text\n{\"a\":\"y\",\"c\":[true,null,2.5]}", int64(1714567890123), []byte("\x01\x02abcdefgh\x09\x03\x00\x00\x00\x00\x00\x00\xf0\x3f"))
	f.Add("2024-05-01T12:51:30.123Z\tid-1\tINFO\t{\"m\":\"hi\"}\n\n{}", int64(1714567890123), []byte{})
	f.Add("{\"x\":\"\\u00e9\",\"x\":\"dup\"}\n{\"n\":-0}\n{\"n\":1e400}", int64(-5), []byte("\x11\x05\x00\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, text string, ts int64, fieldBytes []byte) {
		lines := strings.Split(text, "\n")
		if len(lines) > 500 {
			lines = lines[:500]
		}
		rows := make([]Row, len(lines))
		for i, line := range lines {
			rows[i] = jsonRow(int64(i/7), ts+int64(i/3), uint64(i)*3, line)
		}
		for len(fieldBytes) >= 10 {
			chunk := fieldBytes[:10]
			fieldBytes = fieldBytes[10:]
			r := &rows[int(chunk[0]>>3)%len(rows)]
			r.Fields = append(r.Fields, Field{Name: "f" + itoa(int(chunk[0]&7)), Value: fuzzValue(chunk[1], chunk[2:])})
		}
		b := NewBlock(rows)
		if err := b.Validate(); err != nil {
			t.Fatalf("NewBlock built an invalid block: %v", err)
		}
		data := roundTrip(t, b)
		got, err := Unmarshal(data, ColumnSet{Messages: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range lines {
			if got.Messages[i] != line {
				t.Fatalf("message %d: got %q, want %q", i, got.Messages[i], line)
			}
		}
		ex, err := Unmarshal(data, ColumnSet{AllFields: true, Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range lines {
			switch {
			case ex.Exact.Has(i):
				checkExactRow(t, ex, i, line)
			case ex.Messages[i] != line:
				t.Fatalf("exact decoding: message %d is %q, not %q", i, ex.Messages[i], line)
			}
		}
		if text == "" {
			return
		}
		// A term cut from the text, wherever it falls.
		start := int(uint64(ts) % uint64(len(text)))
		term := text[start:min(len(text), start+1+int(uint64(ts)>>32%8))]
		got, err = Unmarshal(data, ColumnSet{Messages: true, Contains: []string{term}})
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range lines {
			if has := strings.Contains(line, term); got.Contains.Has(i) != has || has && got.Messages[i] != line {
				t.Fatalf("term %q in %q: contains = %v, message %q", term, line, got.Contains.Has(i), got.Messages[i])
			}
		}
	})
}

// fuzzValue makes a typed value from a type byte and eight bytes.
func fuzzValue(typ byte, b []byte) Value {
	u := binary.LittleEndian.Uint64(b)
	switch typ % 5 {
	case 0:
		return StringValue(string(b[:b[0]%9]))
	case 1:
		return IntValue(int64(u))
	case 2:
		return FloatValue(math.Float64frombits(u))
	case 3:
		return BoolValue(u&1 == 1)
	}
	return NullValue()
}

// int64sFrom reads up to 1000 little-endian int64 values from data.
func int64sFrom(data []byte) []int64 {
	var vals []int64
	for len(data) >= 8 && len(vals) < 1000 {
		vals = append(vals, int64(binary.LittleEndian.Uint64(data)))
		data = data[8:]
	}
	return vals
}

func FuzzIntColumn(f *testing.F) {
	f.Add([]byte{2, 0, 2, 4, 6}, uint16(4))
	f.Add(appendInts([]byte{byte(encFOR)}, encFOR, []int64{200, 404, 500}), uint16(3))
	f.Add(binary.LittleEndian.AppendUint64(nil, math.MaxUint64), uint16(1))
	f.Add(appendInts([]byte{byte(encPackedDelta)}, encPackedDelta, []int64{5, 9, 12, 100, -3, 7}), uint16(6))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		if len(data) > 0 {
			c := cursor{b: data[1:]}
			decodeInts(&c, encoding(data[0]), make([]int64, int(n)%fuzzMaxRows))
			if c.err != nil {
				wantCorruption(t, c.err)
			}
		}
		if len(data) > 0 {
			// The one-pass delta-of-delta decoder reads what varints and
			// two running sums read.
			rows := int(n) % fuzzMaxRows
			c, ref := cursor{b: data[1:]}, cursor{b: data[1:]}
			got, want := make([]int64, rows), make([]int64, rows)
			decodeDeltaOfDeltaInts(&c, got)
			ref.varints(want, "reference")
			for i := 1; i < rows; i++ {
				if i > 1 {
					want[i] += want[i-1] - want[i-2]
				}
				want[i] += want[i-1]
			}
			if (c.err == nil) != (ref.err == nil) || c.err == nil && (len(c.b) != len(ref.b) || !slices.Equal(got, want)) {
				t.Fatalf("one-pass decoder: %v %v, reference: %v %v", got, c.err, want, ref.err)
			}
			// The word-at-a-time packed delta decoder reads what a bit at
			// a time reads.
			c = cursor{b: data[1:]}
			decodePackedDeltaInts(&c, got)
			want, rest, err := referencePackedDeltas(data[1:], rows)
			if (c.err == nil) != (err == nil) || c.err == nil && (len(c.b) != len(rest) || !slices.Equal(got, want)) {
				t.Fatalf("packed delta decoder: %v %v, reference: %v %v", got, c.err, want, err)
			}
		}
		vals := int64sFrom(data)
		if len(vals) == 0 {
			return
		}
		for _, enc := range []encoding{encDelta, encDeltaOfDelta, encFOR, encPackedDelta} {
			c := cursor{b: appendInts(nil, enc, vals)}
			got := make([]int64, len(vals))
			decodeInts(&c, enc, got)
			if err := c.done(enc.String()); err != nil {
				t.Fatal(err)
			}
			if d := diffSlices(enc.String(), got, vals, eq[int64]); d != "" {
				t.Fatal(d)
			}
		}
	})
}

func FuzzFloatColumn(f *testing.F) {
	f.Add(appendDecimalFloats([]byte{byte(encDecimal)}, 2, []float64{12.34, 0.5}), uint16(2))
	f.Add(appendRawFloats([]byte{byte(encFloatRaw)}, []float64{math.Pi}), uint16(1))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		if len(data) > 0 {
			c := cursor{b: data[1:]}
			decodeFloats(&c, encoding(data[0]), make([]float64, int(n)%fuzzMaxRows))
			if c.err != nil {
				wantCorruption(t, c.err)
			}
		}
		var vals []float64
		for _, v := range int64sFrom(data) {
			vals = append(vals, math.Float64frombits(uint64(v)))
			// Also the decimal-friendly neighbours of each value.
			vals = append(vals, float64(v%100000)/100)
		}
		if len(vals) == 0 {
			return
		}
		enc, scale := chooseFloatEncoding(vals)
		c := cursor{b: appendFloats(nil, enc, scale, vals)}
		got := make([]float64, len(vals))
		decodeFloats(&c, enc, got)
		if err := c.done(enc.String()); err != nil {
			t.Fatal(err)
		}
		if d := diffSlices(enc.String(), got, vals, func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }); d != "" {
			t.Fatal(d)
		}
	})
}

func FuzzStringColumn(f *testing.F) {
	var d stringDict
	d.build([]string{"info", "warn", "info", "info"})
	f.Add(d.append([]byte{byte(encDict)}), uint16(4))
	f.Add(appendPlainStrings([]byte{byte(encPlain)}, []string{"a", "", "bc"}), uint16(3))
	f.Add(appendHexStrings([]byte{byte(encHex)}, []string{"0a1b", "ff00"}), uint16(2))
	f.Add([]byte("0a1b2c3d\x00ffeeddcc\x009a8b7c6d"), uint16(0))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		if len(data) > 0 {
			c := cursor{b: data[1:]}
			decodeStrings(&c, encoding(data[0]), make([]string, int(n)%fuzzMaxRows), newBudget())
			if c.err != nil {
				wantCorruption(t, c.err)
			}
		}
		vals := strings.Split(string(data), "\x00")
		var d stringDict
		enc := chooseStringEncoding(vals, &d)
		c := cursor{b: appendStrings(nil, enc, vals, &d)}
		got := make([]string, len(vals))
		decodeStrings(&c, enc, got, newBudget())
		if err := c.done(enc.String()); err != nil {
			t.Fatal(err)
		}
		if diff := diffSlices(enc.String(), got, vals, eq[string]); diff != "" {
			t.Fatal(diff)
		}
	})
}

func FuzzBitmap(f *testing.F) {
	f.Add([]byte{byte(encBitmapRaw), 0x0f, 0x01}, uint16(9))
	f.Add([]byte{byte(encBitmapOnes)}, uint16(70))
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		rows := int(n) % fuzzMaxRows
		if len(data) > 0 {
			c := cursor{b: data[1:]}
			if bm := decodeBitmap(&c, encoding(data[0]), rows, "fuzz"); c.err == nil && !bm.wellFormed(rows) {
				t.Fatal("decoded a malformed bitmap")
			}
			if c.err != nil {
				wantCorruption(t, c.err)
			}
		}
		rows = min(rows, 8*len(data))
		bm := NewBitmap(rows)
		for i := 0; i < rows; i++ {
			if data[i/8]&(1<<(i%8)) != 0 {
				bm.Set(i)
			}
		}
		enc := chooseBitmapEncoding(bm, rows)
		c := cursor{b: appendBitmap(nil, enc, bm, rows)}
		got := decodeBitmap(&c, enc, rows, "fuzz")
		if err := c.done(enc.String()); err != nil {
			t.Fatal(err)
		}
		if !got.equal(bm) {
			t.Fatalf("got %x, want %x", got, bm)
		}
	})
}

func FuzzFieldBody(f *testing.F) {
	b := sampleBlock()
	var e blockEncoder
	for i := range b.Fields {
		f.Add(e.appendFieldBody(nil, &b.Fields[i], len(b.Timestamps)), byte(b.Fields[i].Type), uint16(len(b.Timestamps)))
	}
	f.Fuzz(func(t *testing.T, body []byte, typ byte, n uint16) {
		rows := int(n) % fuzzMaxRows
		col, err := decodeFieldBody(body, "f", FieldType(typ), rows, newBudget(), false)
		coded, codedErr := decodeFieldBody(body, "f", FieldType(typ), rows, newBudget(), true)
		if (err == nil) != (codedErr == nil) {
			t.Fatalf("plain decoding says %v, coded %v", err, codedErr)
		}
		if err != nil {
			wantCorruption(t, err)
			return
		}
		if err := col.validate(rows); err != nil {
			t.Fatalf("decoded an invalid column: %v", err)
		}
		for i := range rows {
			a, aok := col.Value(i)
			b, bok := coded.Value(i)
			if aok != bok || a.Type != b.Type || string(a.AppendText(nil)) != string(b.AppendText(nil)) {
				t.Fatalf("row %d: plain %v %v, coded %v %v", i, a, aok, b, bok)
			}
		}
	})
}

// FuzzFlattenJSON checks FlattenJSON against encoding/json: it accepts exactly
// the valid JSON objects (within the depth limit), and decodes strings alike.
func FuzzFlattenJSON(f *testing.F) {
	f.Add(`{"a":{"b":[1,"x",null,true]},"c":"\u00e9\n"}`)
	f.Add("2024-05-01T12:51:30.123Z\tid\tINFO\t{\"a\":1}")
	f.Add(`{"n":-1.5e+10,"s":"\ud83c\udf89"}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, msg string) {
		fields := FlattenJSON(msg, nil)
		var w jsonWalker
		ok := w.walk(msg)
		if len(fields) > 0 && !ok {
			t.Fatal("fields from a message the walker rejects")
		}
		trimmed := strings.TrimLeft(msg, " \t\r\n")
		if !strings.HasPrefix(trimmed, "{") || strings.Count(msg, "{")+strings.Count(msg, "[") > maxJSONDepth {
			return
		}
		if valid := json.Valid([]byte(msg)); valid != ok {
			t.Fatalf("walker says %v, encoding/json says %v", ok, valid)
		}
		for i := range w.leaves {
			l := &w.leaves[i]
			raw := msg[l.start:l.end]
			// The readers of the value trust what the walker saw of it.
			if got, want := l.escaped, l.kind == leafString && strings.Contains(raw, `\`); got != want {
				t.Fatalf("leaf %q: escaped = %v, want %v", raw, got, want)
			}
			if got, want := l.fraction, l.kind == leafNumber && strings.ContainsAny(raw, ".eE"); got != want {
				t.Fatalf("leaf %q: fraction = %v, want %v", raw, got, want)
			}
			if l.kind != leafString || !utf8.ValidString(raw) {
				continue
			}
			var want string
			if err := json.Unmarshal([]byte(raw), &want); err != nil {
				t.Fatalf("encoding/json rejects leaf %q: %v", raw, err)
			}
			if got := leafValue(raw, l, new([]byte)); got.Str != want {
				t.Fatalf("leaf %q: got %q, want %q", raw, got.Str, want)
			}
		}
	})
}
