package colblock

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// pathsMessages are messages of the shapes Paths must tell apart, with
// whether their rows may be objects and spell their paths.
var pathsMessages = []struct {
	msg           string
	object, paths bool
}{
	{`{` + pad + `,"a":1,"b":"x"}`, true, true},
	{`{` + pad + `,"a":{"b":1,"c":[true,null,"s"]}}`, true, true},
	{`  {` + pad + `,"ws":12}  `, true, true},
	{`{` + pad + `,"a.b":1}`, true, false},                 // a dotted key
	{`{` + pad + `,"a":{"0":1}}`, true, false},             // a key of digits: a.0
	{`{` + pad + `,"a":{"b":1},"a":{"c":2}}`, true, false}, // a repeated key
	{`{` + pad + `,"z":{"":7}}`, true, false},              // an empty key
	{`{` + pad + `,"a\u002eb":1}`, true, false},            // a dot, escaped (not exact either)
	{`{` + pad + `,"@x":8}`, true, true},
	{`{` + pad + `,"e":[],"o":{}}`, true, true}, // empty containers have no leaf
	{`{` + pad + `,"f":1.50}`, true, false},     // not exact
	{`{}`, true, false},
	{`{` + pad + `,"a":9} trailing`, true, false},
	{`plain text line`, false, false},
	{`plain text with a { brace`, false, false},
	{`[{` + pad + `}]`, false, false},
	{"2024-01-01T00:00:00.000Z\treq-1\tINFO\t{" + pad + ",\"a\":10}", false, false},
	{"1970-01-01T00:00:00.024Z\treq-2\tINFO\t{" + pad + ",\"a\":11}", false, false}, // time cut
}

func pathsBlock(t testing.TB, msgs []string) []byte {
	t.Helper()
	rows := make([]Row, len(msgs))
	for i, m := range msgs {
		rows[i] = jsonRow(1, int64(i), uint64(i), m)
	}
	return NewBlock(rows).Marshal(nil)
}

func TestPathsMarksRows(t *testing.T) {
	msgs := make([]string, len(pathsMessages))
	for i, m := range pathsMessages {
		msgs[i] = m.msg
	}
	data := pathsBlock(t, msgs)
	first, err := Unmarshal(data, ColumnSet{AllFields: true, Exact: true, Paths: true})
	if err != nil {
		t.Fatal(err)
	}
	// A block whose every row is exact teaches the same to later reads.
	exactOnly := []string{pathsMessages[0].msg, pathsMessages[3].msg, pathsMessages[13].msg, pathsMessages[16].msg}
	known, err := Unmarshal(pathsBlock(t, exactOnly), ColumnSet{Exact: true})
	if err != nil || known.ExactRows == nil {
		t.Fatalf("no ExactRows: %v", err)
	}
	again, err := Unmarshal(pathsBlock(t, exactOnly), ColumnSet{AllFields: true, Exact: true, Paths: true, KnownExact: known.ExactRows})
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range pathsMessages {
		if first.Objects.Has(i) != m.object || first.Paths.Has(i) != m.paths {
			t.Errorf("%q: object %v, paths %v; want %v, %v", m.msg, first.Objects.Has(i), first.Paths.Has(i), m.object, m.paths)
		}
		if first.Paths.Has(i) {
			checkPathsRow(t, first, i, m.msg)
		}
	}
	for i, msg := range exactOnly {
		ref, _ := Unmarshal(pathsBlock(t, exactOnly), ColumnSet{AllFields: true, Exact: true, Paths: true})
		if again.Objects.Has(i) != ref.Objects.Has(i) || again.Paths.Has(i) != ref.Paths.Has(i) {
			t.Errorf("%q: known exact rows give object %v, paths %v; decoding gives %v, %v", msg, again.Objects.Has(i), again.Paths.Has(i), ref.Objects.Has(i), ref.Paths.Has(i))
		}
	}
}

// checkPathsRow checks the promise of Block.Paths for row r of b, decoded
// with every field, against its message read by encoding/json: each
// column the row has holds the scalar at the path its name spells, and
// the row has a column for every scalar of the message.
func checkPathsRow(t testing.TB, b *Block, r int, msg string) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(msg))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Errorf("%q: paths, but not JSON: %v", msg, err)
		return
	}
	if _, ok := doc.(map[string]any); !ok {
		t.Errorf("%q: paths, but not an object", msg)
		return
	}
	leaves := 0
	var count func(v any)
	count = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				count(x)
			}
		case []any:
			for _, x := range v {
				count(x)
			}
		default:
			leaves++
		}
	}
	count(doc)
	present := 0
	for j := range b.Fields {
		c := &b.Fields[j]
		if !c.Present.Has(r) {
			continue
		}
		present++
		v, ok := lookupPath(doc, c.Name)
		if !ok {
			t.Errorf("%q: column %q has a value but its path has none", msg, c.Name)
			continue
		}
		got, _ := c.Value(r)
		if want := jsonScalarText(v); string(got.AppendText(nil)) != want || (got.Type == TypeNull) != (v == nil) {
			t.Errorf("%q: column %q holds %q (%s), the path %q", msg, c.Name, got.AppendText(nil), got.Type, want)
		}
	}
	if present != leaves {
		t.Errorf("%q: %d columns for %d scalars", msg, present, leaves)
	}
}

// lookupPath finds the scalar at the path a flattened name spells.
func lookupPath(doc any, name string) (any, bool) {
	v := doc
	for i, seg := range strings.Split(name, ".") {
		if i == 0 && strings.HasPrefix(seg, "@@") {
			seg = seg[1:]
		}
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			k, err := strconv.Atoi(seg)
			if err != nil || k < 0 || k >= len(x) {
				return nil, false
			}
			v = x[k]
		default:
			return nil, false
		}
	}
	switch v.(type) {
	case map[string]any, []any:
		return nil, false
	}
	return v, true
}

// jsonScalarText is the text of a scalar as Value.AppendText writes the
// column's value: strings as they are (encoding/json has replaced bytes
// that are not UTF-8, which the columns keep), numbers as written.
func jsonScalarText(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return v
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	}
	return "?"
}

// TestSelectDecodesPickedRows checks that with Select only the picked
// rows' messages are rebuilt, and rebuilt exactly.
func TestSelectDecodesPickedRows(t *testing.T) {
	msgs := make([]string, len(pathsMessages))
	for i, m := range pathsMessages {
		msgs[i] = m.msg
	}
	data := pathsBlock(t, msgs)
	for _, pick := range [][]int{nil, {0}, {1, 4, 13, 16}, {2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17}} {
		called, sawMessages, sawPaths := false, false, false
		want := ColumnSet{Timestamps: true, Fields: []string{"a"}, Exact: true, Paths: true, Select: func(b *Block) Bitmap {
			called, sawMessages, sawPaths = true, b.Messages != nil, b.Paths != nil
			sel := NewBitmap(len(msgs))
			for _, i := range pick {
				sel.Set(i)
			}
			return sel
		}}
		b, err := Unmarshal(data, want)
		if err != nil {
			t.Fatal(err)
		}
		if !called || sawMessages || !sawPaths {
			t.Fatalf("pick %v: Select called %v, saw messages %v, paths %v", pick, called, sawMessages, sawPaths)
		}
		if b.Selected.Count() != len(pick) {
			t.Errorf("pick %v: Selected holds %d rows", pick, b.Selected.Count())
		}
		if len(pick) == 0 && b.Messages != nil {
			t.Errorf("no row picked, but messages %q", b.Messages)
		}
		for i, m := range msgs {
			switch {
			case b.Selected.Has(i) && b.Messages[i] != m:
				t.Errorf("pick %v: row %d message %q, want %q", pick, i, b.Messages[i], m)
			case !b.Selected.Has(i) && b.Messages != nil && b.Messages[i] != "":
				t.Errorf("pick %v: row %d not picked, but message %q", pick, i, b.Messages[i])
			}
		}
	}
}

// FuzzPaths checks the promise of Block.Paths, and that Objects holds
// every row whose message starts an object, for any message.
func FuzzPaths(f *testing.F) {
	for _, m := range pathsMessages {
		f.Add(m.msg)
	}
	f.Add(`{"a":{"b":[1,{"c":"x"}],"d":null},"e":-1.5e-7}`)
	f.Add(`{"k":"\ud83d\ude00","k2":"\u00e9"}`)
	f.Fuzz(func(t *testing.T, msg string) {
		if len(msg) > 4096 || !utf8.ValidString(msg) {
			t.Skip()
		}
		// With a long value first, the writer cuts the message's values
		// into a skeleton.
		padded := msg
		if i := skipSpace(msg, 0); i < len(msg) && msg[i] == '{' {
			rest := strings.TrimLeft(msg[i+1:], " \t\r\n")
			sep := ","
			if strings.HasPrefix(rest, "}") {
				sep = ""
			}
			padded = msg[:i+1] + pad + sep + msg[i+1:]
		}
		msgs := []string{msg, padded}
		b, err := Unmarshal(pathsBlock(t, msgs), ColumnSet{AllFields: true, Exact: true, Paths: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, m := range msgs {
			if i := skipSpace(m, 0); i < len(m) && m[i] == '{' && !b.Objects.Has(r) {
				t.Errorf("%q starts an object, but is not in Objects", m)
			}
			if b.Paths.Has(r) {
				if !b.Exact.Has(r) {
					t.Errorf("%q: in Paths but not exact", m)
				}
				var doc bytes.Buffer
				if json.Compact(&doc, []byte(m)) != nil {
					t.Errorf("%q: in Paths but not JSON", m)
					continue
				}
				checkPathsRow(t, b, r, m)
			}
		}
	})
}
