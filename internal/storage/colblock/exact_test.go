package colblock

import (
	"fmt"
	"strings"
	"testing"
)

// pad is a value long enough that a skeleton cutting it out is shorter
// than its message, so that the writer stores the skeleton.
const pad = `"pad":"a value long enough to be worth cutting out of the message"`

// exactMessages are messages of every shape the exact decoding must tell
// apart, with whether their rows are exact in a block of them all.
var exactMessages = []struct {
	msg   string
	exact bool
}{
	{`{` + pad + `,"a":1,"b":"x"}`, true},
	{`{` + pad + `,"a":1.5,"s":"q\"x\\y\n"}`, true},
	{`{"f":1.50}`, false},                 // short: stored as text
	{`{` + pad + `,"f":1.50}`, false},     // a leaf not reproduced
	{`{` + pad + `,"a":3,"a":4}`, false},  // repeated name
	{`{` + pad + `,"":{"a":5}}`, false},   // empty top-level key
	{`{` + pad + `,"":6}`, false},         // empty top-level key, scalar
	{`{` + pad + `,"z":{"":7}}`, true},    // empty nested key: "z."
	{`{` + pad + `,"a":-0}`, false},       // -0 reads back as 0
	{`{` + pad + `,"e":1e3}`, false},      // exponent reads back as 1000
	{`{` + pad + `,"python":1.0}`, false}, // Python's float spelling
	{`{` + pad + `,"u":"\u00e9"}`, false}, // an escape the writer would not use
	{`{` + pad + `,"t":true,"n":null}`, true},
	{`{` + pad + `,"big":12345678901234567890123}`, true},
	{`{` + pad + `,"mix":5}`, true},
	{`{` + pad + `,"mix":"five"}`, true},
	{`{` + pad + `,"mix":false}`, true},
	{`{` + pad + `,"arr":[1,"a",{"b":2}]}`, true},
	{`{` + pad + `,"@x":8}`, true},
	{`{}`, false},
	{`{` + pad + `,"a":9} trailing`, false},
	{`plain text line`, true},                          // no field to find
	{`plain text with a { brace`, false},               // may hold JSON
	{"REPORT RequestId: r-1\tDuration: 1.5 ms", false}, // a Lambda platform line
	{"START RequestId: r-2 Version: $LATEST", false},
	{"END RequestId: r-3", false},
	{"2024-01-01T00:00:00.000Z\treq-1\tINFO\t{" + pad + ",\"a\":10}", true},
	{"2024-01-01T00:00:00.000Z\treq-1\tINFO\t{" + pad + ",\"a\":10} tail", true},
	{"1970-01-01T00:00:00.024Z\treq-2\tINFO\t{" + pad + ",\"a\":11}", true}, // time cut too
	{`  {` + pad + `,"ws":12}  `, true},
	{`{` + pad + `,"deep":` + strings.Repeat(`{"d":`, 70) + `1` + strings.Repeat(`}`, 70) + `}`, false},
	{`{` + pad + `,"long":{"` + strings.Repeat("k", MaxFieldNameLen) + `":1}}`, false},
}

func exactBlock(t *testing.T) (*Block, []byte) {
	t.Helper()
	rows := make([]Row, len(exactMessages))
	for i, m := range exactMessages {
		rows[i] = jsonRow(1, int64(i), uint64(i), m.msg)
	}
	b := NewBlock(rows)
	return b, b.Marshal(nil)
}

func TestExactMarksRows(t *testing.T) {
	_, data := exactBlock(t)
	for _, all := range []bool{false, true} {
		got, err := Unmarshal(data, ColumnSet{Timestamps: true, AllFields: true, Exact: true, Messages: all})
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range exactMessages {
			if got.Exact.Has(i) != m.exact {
				t.Errorf("all=%v: %q: exact = %v, want %v", all, m.msg, got.Exact.Has(i), m.exact)
			}
			want := m.msg
			if m.exact && !all {
				want = ""
			}
			if got.Messages[i] != want {
				t.Errorf("all=%v: %q: message %q, want %q", all, m.msg, got.Messages[i], want)
			}
			if got.Exact.Has(i) {
				checkExactRow(t, got, i, m.msg)
			}
		}
	}
}

// checkExactRow checks the promise of Block.Exact for row r of b, decoded
// with every field, against its original message.
func checkExactRow(t *testing.T, b *Block, r int, msg string) {
	t.Helper()
	if fieldless(msg) {
		for j := range b.Fields {
			if b.Fields[j].Present.Has(r) {
				t.Errorf("%q: exact without fields, but has field %q", msg, b.Fields[j].Name)
			}
		}
		return
	}
	var w jsonWalker
	if !w.walk(msg) || w.dropped > 0 {
		t.Errorf("%q: exact, but FlattenJSON does not read it completely", msg)
		return
	}
	names := map[string]bool{}
	for i := range w.leaves {
		l := &w.leaves[i]
		if l.kind == leafPrefixTimestamp {
			continue
		}
		name := string(w.leafName(l))
		if names[name] {
			t.Errorf("%q: exact with name %q repeated", msg, name)
		}
		names[name] = true
		var col *FieldColumn
		for j := range b.Fields {
			if b.Fields[j].Name == name {
				col = &b.Fields[j]
			}
		}
		if col == nil || !col.Present.Has(r) {
			t.Errorf("%q: exact, but field %q is not in its column", msg, name)
			continue
		}
		quoted := l.kind == leafString
		raw := msg[l.start:l.end]
		if got := string(appendRendered(nil, col, r, quoted)); got != raw {
			t.Errorf("%q: field %q renders %q, the message has %q", msg, name, got, raw)
		}
		if col.Type == TypeString && col.Literal.Has(r) == quoted {
			t.Errorf("%q: field %q literal = %v for a leaf of kind %d", msg, name, col.Literal.Has(r), l.kind)
		}
	}
	for j := range b.Fields {
		if c := &b.Fields[j]; c.Present.Has(r) && !names[c.Name] {
			t.Errorf("%q: exact, but has field %q its message lacks", msg, c.Name)
		}
	}
}

func TestExactWithSomeFields(t *testing.T) {
	_, data := exactBlock(t)
	full, err := Unmarshal(data, ColumnSet{AllFields: true, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, fields := range [][]string{nil, {"a"}, {"mix", "a", "nope"}, {"@requestId", "lvl"}} {
		got, err := Unmarshal(data, ColumnSet{Fields: fields, Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		if !got.Exact.equal(full.Exact) {
			t.Errorf("fields %q: exact rows %x, with every field %x", fields, got.Exact, full.Exact)
		}
		for i := range exactMessages {
			if !got.Exact.Has(i) && (got.Messages == nil || got.Messages[i] != exactMessages[i].msg) {
				t.Errorf("fields %q: row %d message %q", fields, i, got.Messages[i])
			}
		}
	}
}

func TestExactPlainBlock(t *testing.T) {
	b := NewBlock([]Row{event(1, 1, 1, "a"), event(1, 2, 2, "b")})
	got, err := Unmarshal(b.Marshal(nil), ColumnSet{Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Exact.Count() != 2 || got.Messages != nil {
		t.Fatalf("exact %x, messages %q", got.Exact, got.Messages)
	}
	b = NewBlock([]Row{event(1, 1, 1, "a"), event(1, 2, 2, "b {")})
	if got, err = Unmarshal(b.Marshal(nil), ColumnSet{Exact: true}); err != nil {
		t.Fatal(err)
	}
	if got.Exact.Count() != 1 || fmt.Sprintf("%q", got.Messages) != `["" "b {"]` {
		t.Fatalf("exact %x, messages %q", got.Exact, got.Messages)
	}
}

func TestExactManyRows(t *testing.T) {
	// Enough rows that skeletons and values take every string encoding.
	var rows []Row
	for i := range 600 {
		msg := fmt.Sprintf(`{`+pad+`,"i":%d,"s":"v%d","k%d":1}`, i, i%3, i%400)
		if i%7 == 0 {
			msg = fmt.Sprintf(`{"i":%d.50}`, i)
		}
		rows = append(rows, jsonRow(1, int64(i), uint64(i), msg))
	}
	data := NewBlock(rows).Marshal(nil)
	got, err := Unmarshal(data, ColumnSet{AllFields: true, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		if want := i%7 != 0; got.Exact.Has(i) != want {
			t.Fatalf("row %d: exact = %v", i, got.Exact.Has(i))
		}
		if got.Exact.Has(i) {
			checkExactRow(t, got, i, rows[i].Message)
		} else if got.Messages[i] != rows[i].Message {
			t.Fatalf("row %d: message %q", i, got.Messages[i])
		}
	}
}

// TestKnownExact decodes a block whose rows are all exact once, then again
// with what that taught, and expects the same answers without the message
// column.
func TestKnownExact(t *testing.T) {
	var rows []Row
	for i := range 300 {
		v := []string{`"text"`, "7", "true", "null"}[i%4]
		rows = append(rows, jsonRow(1, int64(i), uint64(i), fmt.Sprintf(`{%s,"i":%d,"v":%s}`, pad, i, v)))
		if i%10 == 0 {
			rows[i] = event(1, int64(i), uint64(i), "plain line without fields")
		}
	}
	data := NewBlock(rows).Marshal(nil)
	first, err := Unmarshal(data, ColumnSet{Fields: []string{"i"}, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	if first.ExactRows == nil || first.Exact.Count() != len(rows) {
		t.Fatalf("every row is exact, but ExactRows = %v, %d exact rows", first.ExactRows, first.Exact.Count())
	}
	for _, fields := range [][]string{{"v"}, {"i", "v", "pad"}, nil} {
		want, err := Unmarshal(data, ColumnSet{Fields: fields, Exact: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Unmarshal(data, ColumnSet{Fields: fields, Exact: true, KnownExact: first.ExactRows})
		if err != nil {
			t.Fatal(err)
		}
		if got.Messages != nil || !got.Exact.equal(want.Exact) {
			t.Fatalf("fields %q: messages %v, exact %x, want %x", fields, got.Messages != nil, got.Exact, want.Exact)
		}
		for j := range want.Fields {
			if !got.Fields[j].Literal.equal(want.Fields[j].Literal) && (got.Fields[j].Literal.Count() != 0 || want.Fields[j].Literal.Count() != 0) {
				t.Fatalf("fields %q: column %q literal %x, want %x", fields, want.Fields[j].Name, got.Fields[j].Literal, want.Fields[j].Literal)
			}
		}
	}
	// A block with a row that is not exact teaches nothing.
	rows[5] = jsonRow(1, 5, 5, fmt.Sprintf(`{%s,"i":1.50}`, pad))
	some, err := Unmarshal(NewBlock(rows).Marshal(nil), ColumnSet{Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	if some.ExactRows != nil {
		t.Fatal("ExactRows for a block with a row that is not exact")
	}
}
