package filterpattern

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// cell is one row's value of a test column: absent, null, or a value of
// the column's type; lit marks a string column's number or boolean.
type cell struct {
	absent, null, lit bool
	s                 string
	i                 int64
	f                 float64
	b                 bool
}

// Row shapes of a test batch.
const (
	rowPaths  = iota // exact, names spell paths: the columns tell
	rowObject        // may be an object, but only its message tells
	rowOther         // certainly no JSON object
)

// testBatch builds a batch of one column, named name, of type typ.
func testBatch(name string, typ model.FieldType, shapes []int, cells []cell) *model.Batch {
	n := len(cells)
	words := (n + 63) / 64
	b := &model.Batch{Timestamps: make([]int64, n), Objects: make([]uint64, words), Paths: make([]uint64, words)}
	col := model.FieldColumn{Name: name, Type: typ, Present: make([]uint64, words), Null: make([]uint64, words), Literal: make([]uint64, words)}
	switch typ {
	case model.FieldString:
		col.Strings = make([]string, n)
	case model.FieldInt64:
		col.Ints = make([]int64, n)
	case model.FieldFloat64:
		col.Floats = make([]float64, n)
	case model.FieldBool:
		col.Bools = make([]bool, n)
	}
	set := func(bm []uint64, i int) { bm[i>>6] |= 1 << (uint(i) & 63) }
	for i, c := range cells {
		switch shapes[i] {
		case rowPaths:
			set(b.Paths, i)
			set(b.Objects, i)
		case rowObject:
			set(b.Objects, i)
		}
		if c.absent {
			continue
		}
		set(col.Present, i)
		if c.null {
			set(col.Null, i)
			continue
		}
		if c.lit {
			set(col.Literal, i)
		}
		switch typ {
		case model.FieldString:
			col.Strings[i] = c.s
		case model.FieldInt64:
			col.Ints[i] = c.i
		case model.FieldFloat64:
			col.Floats[i] = c.f
		case model.FieldBool:
			col.Bools[i] = c.b
		}
	}
	b.Fields = []model.FieldColumn{col}
	return b
}

// Outcomes a row of MatchBatch can have.
const (
	no    = "no"
	yes   = "yes"
	maybe = "undecided"
)

func TestMatchBatch(t *testing.T) {
	str := func(s string) cell { return cell{s: s} }
	lit := func(s string) cell { return cell{s: s, lit: true} }
	num := func(i int64) cell { return cell{i: i} }
	flt := func(f float64) cell { return cell{f: f} }
	boo := func(b bool) cell { return cell{b: b} }
	absent, null := cell{absent: true}, cell{null: true}
	tests := []struct {
		pattern string
		column  string
		typ     model.FieldType
		cells   []cell
		want    []string
	}{
		{`{ $.n > 900 }`, "n", model.FieldInt64, []cell{num(901), num(900), num(-5), absent, null}, []string{yes, no, no, no, no}},
		{`{ $.n = 5 }`, "n", model.FieldInt64, []cell{num(5), num(6)}, []string{yes, no}},
		{`{ $.n != 5 }`, "n", model.FieldInt64, []cell{num(5), num(6), absent, null}, []string{no, yes, no, no}},
		{`{ $.n = "5*" }`, "n", model.FieldInt64, []cell{num(5), num(51), num(6)}, []string{yes, yes, no}},
		{`{ $.n = "*" }`, "n", model.FieldInt64, []cell{num(5), null, absent}, []string{yes, yes, no}},
		{`{ $.n != "*" }`, "n", model.FieldInt64, []cell{num(5), null, absent}, []string{no, no, no}},
		{`{ $.n IS NULL }`, "n", model.FieldInt64, []cell{num(5), null, absent}, []string{no, yes, no}},
		{`{ $.n NOT EXISTS }`, "n", model.FieldInt64, []cell{num(5), null, absent}, []string{no, no, maybe}},
		{`{ $.n = 9007199254740993 }`, "n", model.FieldInt64, []cell{num(9007199254740993), num(9007199254740992)}, []string{yes, yes}},
		{`{ $.f > 0.5 }`, "f", model.FieldFloat64, []cell{flt(0.75), flt(0.5), null}, []string{yes, no, no}},
		{`{ $.f = "0.7*" }`, "f", model.FieldFloat64, []cell{flt(0.75), null, absent}, []string{maybe, no, no}},
		{`{ $.f = "*" }`, "f", model.FieldFloat64, []cell{flt(0.75)}, []string{yes}},
		{`{ $.f IS TRUE }`, "f", model.FieldFloat64, []cell{flt(1)}, []string{no}},
		{`{ $.v = 950 }`, "v", model.FieldString, []cell{lit("950"), str("950"), str("950.0"), str("x"), lit("true")}, []string{yes, yes, yes, no, no}},
		{`{ $.v = "950" }`, "v", model.FieldString, []cell{lit("950"), str("950"), str("950.0")}, []string{yes, yes, no}},
		{`{ $.v > 10 }`, "v", model.FieldString, []cell{lit("950"), str("950"), str("abc"), lit("true")}, []string{yes, yes, no, no}},
		{`{ $.v IS TRUE }`, "v", model.FieldString, []cell{lit("true"), str("true"), lit("false"), null}, []string{yes, no, no, no}},
		{`{ $.v IS FALSE }`, "v", model.FieldString, []cell{lit("false"), str("false")}, []string{yes, no}},
		{`{ $.v = true }`, "v", model.FieldString, []cell{lit("true"), str("true")}, []string{yes, yes}},
		{`{ $.v = %^t.*e$% }`, "v", model.FieldString, []cell{str("the"), str("tea"), lit("true")}, []string{yes, no, yes}},
		{"{ $.v = \"bad \ufffd\" }", "v", model.FieldString, []cell{str("bad \xff"), str("bad \ufffd"), str("bad")}, []string{yes, yes, no}},
		{`{ $.b IS TRUE }`, "b", model.FieldBool, []cell{boo(true), boo(false), null}, []string{yes, no, no}},
		{`{ $.b = "tr*" }`, "b", model.FieldBool, []cell{boo(true), boo(false)}, []string{yes, no}},
		{`{ $.b = 1 }`, "b", model.FieldBool, []cell{boo(true)}, []string{no}},
		{`{ $.z IS NULL }`, "z", model.FieldNull, []cell{null, absent}, []string{yes, no}},
		{`{ $.a.b[1] = "x" }`, "a.b.1", model.FieldString, []cell{str("x"), str("y")}, []string{yes, no}},
		// A key of digits is no key of a row whose names spell paths.
		{`{ $.a.1 = "x" }`, "a.1", model.FieldString, []cell{str("x")}, []string{no}},
		{`{ $.a.1 NOT EXISTS }`, "a.1", model.FieldString, []cell{str("x")}, []string{maybe}},
		// Three-valued logic: a decided operand may decide the whole.
		{`{ $.n NOT EXISTS && $.n > 5 }`, "n", model.FieldInt64, []cell{num(9), absent}, []string{no, no}},
		{`{ $.n NOT EXISTS || $.n > 5 }`, "n", model.FieldInt64, []cell{num(9), num(1), absent}, []string{yes, no, maybe}},
		{`{ $.n NOT EXISTS && $.other NOT EXISTS }`, "n", model.FieldInt64, []cell{num(9), absent}, []string{no, maybe}},
	}
	for _, tc := range tests {
		p, err := Parse(tc.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		// Every cell in a row whose columns tell, then again in a row
		// only its message tells and in one that is no object.
		var shapes []int
		var cells []cell
		for _, shape := range []int{rowPaths, rowObject, rowOther} {
			for _, c := range tc.cells {
				shapes = append(shapes, shape)
				cells = append(cells, c)
			}
		}
		b := testBatch(tc.column, tc.typ, shapes, cells)
		match, undecided := p.MatchBatch(b)
		for i := range cells {
			got := no
			switch {
			case match[i>>6]&(1<<(uint(i)&63)) != 0:
				got = yes
			case undecided[i>>6]&(1<<(uint(i)&63)) != 0:
				got = maybe
			}
			want := maybe
			switch shapes[i] {
			case rowPaths:
				want = tc.want[i%len(tc.cells)]
			case rowOther:
				want = no
			}
			if got != want {
				t.Errorf("%s: row %d (shape %d, %+v): %s, want %s", tc.pattern, i, shapes[i], cells[i], got, want)
			}
		}
	}
}

// TestMatchBatchUndecided checks the batches and patterns that leave
// every row to Match.
func TestMatchBatchUndecided(t *testing.T) {
	b := testBatch("n", model.FieldInt64, []int{rowPaths, rowPaths, rowOther}, []cell{{i: 1}, {i: 2}, {i: 3}})
	bare := *b
	bare.Objects, bare.Paths = nil, nil
	for _, tc := range []struct {
		pattern string
		b       *model.Batch
	}{
		{`{ $.n = 1 }`, &bare},
		{`ERROR`, b},
		{`[a, b]`, b},
		{`%^1$%`, b},
	} {
		p, err := Parse(tc.pattern)
		if err != nil {
			t.Fatal(err)
		}
		match, undecided := p.MatchBatch(tc.b)
		if match[0] != 0 || undecided[0] != 0b111 {
			t.Errorf("%s: match %b, undecided %b; want every row undecided", tc.pattern, match[0], undecided[0])
		}
	}
}

func TestFields(t *testing.T) {
	for pattern, want := range map[string]string{
		`{ $.a = 1 }`:                             "[a]",
		`{ $.a.b[0].c = 1 && $.a.b[0].c > 0 }`:    "[a.b.0.c]",
		`{ $.x[2][3] IS NULL || $.y NOT EXISTS }`: "[x.2.3 y]",
		`{ $.a.10 = 1 }`:                          "[]",
		`{ $.k-1.v_2 = 1 }`:                       "[k-1.v_2]",
		`ERROR`:                                   "[]",
	} {
		p, err := Parse(pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(p.Fields()); got != want {
			t.Errorf("%s: fields %s, want %s", pattern, got, want)
		}
	}
}

// benchRows is a block's worth of rows of one JSON log format.
const benchRows = 8192

// BenchmarkMatchBatch compares deciding a numeric JSON condition from a
// column with matching each message.
func BenchmarkMatchBatch(b *testing.B) {
	p, err := Parse(`{ $.extra.duration_ms > 900 }`)
	if err != nil {
		b.Fatal(err)
	}
	shapes := make([]int, benchRows)
	cells := make([]cell, benchRows)
	msgs := make([]string, benchRows)
	for i := range cells {
		d := int64(i*7919) % 3000
		cells[i] = cell{i: d}
		msgs[i] = `{"timestamp":"2024-01-01T00:00:00.000Z","level":"INFO","message":"request served","status":200,` +
			`"extra":{"log_type":"Audit","user_email":"a.b@example.com","duration_ms":` + strconv.FormatInt(d, 10) + `,"service":"api"}}`
	}
	batch := testBatch("extra.duration_ms", model.FieldInt64, shapes, cells)
	b.Run("columns", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(benchRows)
		for b.Loop() {
			m, _ := p.MatchBatch(batch)
			sink = m[0] != 0
		}
	})
	b.Run("messages", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(benchRows)
		for b.Loop() {
			for _, m := range msgs {
				sink = p.Match(m)
			}
		}
	})
}
