package colblock

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func rowWith(i int, fields ...Field) Row {
	r := event(1, int64(i), uint64(i), "m")
	r.Fields = fields
	return r
}

func TestNewBlockColumnTypes(t *testing.T) {
	tests := []struct {
		name     string
		vals     []Value
		wantType FieldType
		// want renders each row's value as Value.Value returns it.
		want []string
	}{
		{"strings", []Value{StringValue("a"), StringValue("")}, TypeString, []string{`"a"`, `""`}},
		{"ints", []Value{IntValue(1), IntValue(-2)}, TypeInt64, []string{"1", "-2"}},
		{"floats", []Value{FloatValue(1.5), FloatValue(2)}, TypeFloat64, []string{"1.5", "2"}},
		{"bools", []Value{BoolValue(true), BoolValue(false)}, TypeBool, []string{"true", "false"}},
		{"nulls", []Value{NullValue(), NullValue()}, TypeNull, []string{"null", "null"}},
		{"null and int", []Value{NullValue(), IntValue(3)}, TypeInt64, []string{"null", "3"}},
		{"int and float", []Value{IntValue(3), FloatValue(0.5)}, TypeFloat64, []string{"3", "0.5"}},
		{"int too big for float", []Value{IntValue(math.MaxInt64), FloatValue(0.5)}, TypeString, []string{`"9223372036854775807"`, `"0.5"`}},
		{"int and string", []Value{IntValue(3), StringValue("x")}, TypeString, []string{`"3"`, `"x"`}},
		{"bool and float and null", []Value{BoolValue(true), FloatValue(1e-7), NullValue()}, TypeString, []string{`"true"`, `"1e-7"`, "null"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var rows []Row
			for i, v := range tt.vals {
				rows = append(rows, rowWith(i, Field{"f", v}))
			}
			rows = append(rows, rowWith(len(rows))) // a row without the field
			b := NewBlock(rows)
			if len(b.Fields) != 1 || b.Fields[0].Type != tt.wantType {
				t.Fatalf("got fields %+v, want one %s column", b.Fields, tt.wantType)
			}
			c := &b.Fields[0]
			for i, want := range tt.want {
				v, ok := c.Value(i)
				if !ok {
					t.Fatalf("row %d lacks the field", i)
				}
				if got := debugValueJSON(v); got != want {
					t.Errorf("row %d: got %s, want %s", i, got, want)
				}
			}
			if _, ok := c.Value(len(tt.vals)); ok {
				t.Error("the last row has the field")
			}
			roundTrip(t, b)
		})
	}
}

func debugValueJSON(v Value) string {
	if v.Type == TypeString {
		return string(appendJSONQuoted(nil, v.Str))
	}
	return string(v.AppendText(nil))
}

func TestNewBlockFieldRules(t *testing.T) {
	long := strings.Repeat("n", MaxFieldNameLen+1)
	b := NewBlock([]Row{
		rowWith(0, Field{"z", IntValue(1)}, Field{"a", IntValue(1)}, Field{"a", IntValue(2)}, Field{long, IntValue(1)}, Field{"bad", Value{}}),
		rowWith(1, Field{"m", StringValue("x")}),
	})
	var names []string
	for _, c := range b.Fields {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, ","); got != "a,m,z" {
		t.Fatalf("got fields %s, want a,m,z (sorted, long and untyped dropped)", got)
	}
	if v, _ := b.Fields[0].Value(0); v.Int != 2 {
		t.Errorf("repeated name kept %d, want the last value 2", v.Int)
	}
}

func TestNewBlockFieldCap(t *testing.T) {
	var fields []Field
	for i := 0; i < MaxFields+10; i++ {
		fields = append(fields, Field{fmt.Sprintf("f%04d", i), IntValue(int64(i))})
	}
	b := NewBlock([]Row{rowWith(0, fields...)})
	if len(b.Fields) != MaxFields {
		t.Fatalf("got %d fields, want %d", len(b.Fields), MaxFields)
	}
	if last := b.Fields[len(b.Fields)-1].Name; last != fmt.Sprintf("f%04d", MaxFields-1) {
		t.Fatalf("kept %s last; want the first %d names seen", last, MaxFields)
	}
}

func TestAppendRows(t *testing.T) {
	rows := []Row{
		jsonRow(3, 10, 7, `{"a":1,"b":{"c":"x"}}`),
		jsonRow(3, 11, 8, `plain`),
		jsonRow(4, 9, 9, `{"b":{"c":null}}`),
	}
	got := NewBlock(rows).AppendRows(nil)
	if len(got) != len(rows) {
		t.Fatalf("got %d rows", len(got))
	}
	for i := range rows {
		if got[i].StoredEvent != rows[i].StoredEvent {
			t.Errorf("row %d: got %+v, want %+v", i, got[i].StoredEvent, rows[i].StoredEvent)
		}
		if len(got[i].Fields) != len(rows[i].Fields) {
			t.Fatalf("row %d: got fields %v, want %v", i, got[i].Fields, rows[i].Fields)
		}
		for j, f := range rows[i].Fields {
			if got[i].Fields[j].Name != f.Name || !sameValue(got[i].Fields[j].Value, f.Value) {
				t.Errorf("row %d field %d: got %v, want %v", i, j, got[i].Fields[j], f)
			}
		}
	}
}
