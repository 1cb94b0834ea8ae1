package model

import "testing"

func TestBatchField(t *testing.T) {
	b := &Batch{Fields: []FieldColumn{{Name: "a"}, {Name: "b.c"}, {Name: "level"}}}
	for _, name := range []string{"a", "b.c", "level"} {
		if c := b.Field(name); c == nil || c.Name != name {
			t.Errorf("Field(%q) = %v", name, c)
		}
	}
	for _, name := range []string{"", "b", "zzz", "A"} {
		if c := b.Field(name); c != nil {
			t.Errorf("Field(%q) = %v, want nil", name, c)
		}
	}
	if (&Batch{}).Field("a") != nil {
		t.Errorf("Field of an empty batch")
	}
}

func TestFieldColumnBits(t *testing.T) {
	c := FieldColumn{Present: []uint64{1<<3 | 1<<63, 1}, Null: []uint64{1 << 63, 0}}
	for i := range 128 {
		wantHas := i == 3 || i == 63 || i == 64
		if c.Has(i) != wantHas || c.IsNull(i) != (i == 63) {
			t.Errorf("row %d: Has %v, IsNull %v", i, c.Has(i), c.IsNull(i))
		}
	}
}

func TestExactAndLiteralBits(t *testing.T) {
	b := &Batch{Exact: []uint64{1 << 5, 0}}
	c := &FieldColumn{Literal: []uint64{0, 1 << 1}}
	for i := range 128 {
		if b.IsExact(i) != (i == 5) || c.IsLiteral(i) != (i == 65) {
			t.Errorf("row %d: IsExact %v, IsLiteral %v", i, b.IsExact(i), c.IsLiteral(i))
		}
	}
	if (&Batch{}).IsExact(0) || (&FieldColumn{}).IsLiteral(0) {
		t.Error("nil bitmaps hold rows")
	}
}
