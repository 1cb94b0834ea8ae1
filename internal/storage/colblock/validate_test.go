package colblock

import (
	"errors"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

func TestValidate(t *testing.T) {
	good := func() *Block {
		return NewBlock([]Row{
			rowWith(0, Field{"n", IntValue(1)}, Field{"s", StringValue("x")}),
			rowWith(1, Field{"z", NullValue()}),
		})
	}
	tests := []struct {
		name    string
		breakIt func(b *Block)
		kind    error
	}{
		{"short column", func(b *Block) { b.Seqs = b.Seqs[:1] }, model.ErrInvalidParameter},
		{"missing messages", func(b *Block) { b.Messages = nil }, model.ErrInvalidParameter},
		{"unsorted fields", func(b *Block) { b.Fields[0], b.Fields[1] = b.Fields[1], b.Fields[0] }, model.ErrInvalidParameter},
		{"repeated field", func(b *Block) { b.Fields[1].Name = b.Fields[0].Name }, model.ErrInvalidParameter},
		{"bad type", func(b *Block) { b.Fields[0].Type = 0 }, model.ErrInvalidParameter},
		{"short bitmap", func(b *Block) { b.Fields[0].Present = nil }, model.ErrInvalidParameter},
		{"bit past the rows", func(b *Block) { b.Fields[0].Present.Set(5) }, model.ErrInvalidParameter},
		{"null not present", func(b *Block) { b.Fields[0].Null.Set(1) }, model.ErrInvalidParameter},
		{"null column with a value", func(b *Block) { b.Fields[2].Null = NewBitmap(2) }, model.ErrInvalidParameter},
		{"wrong value slice", func(b *Block) { b.Fields[0].Strings = make([]string, 2) }, model.ErrInvalidParameter},
		{"value on an absent row", func(b *Block) { b.Fields[0].Ints[1] = 9 }, model.ErrInvalidParameter},
		{"too many rows", func(b *Block) {
			*b = *NewBlock(make([]Row, MaxRows+1))
		}, model.ErrLimitExceeded},
		{"too large", func(b *Block) {
			big := string(make([]byte, MaxBlockBytes/8))
			b.Messages[0], b.Messages[1] = big, big
		}, model.ErrLimitExceeded},
	}
	if err := good().Validate(); err != nil {
		t.Fatalf("valid block: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := good()
			tt.breakIt(b)
			if err := b.Validate(); !errors.Is(err, tt.kind) {
				t.Fatalf("got %v, want an error wrapping %v", err, tt.kind)
			}
		})
	}
}

func TestMarshalInvalidBlockPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Marshal accepted an invalid block")
		}
	}()
	b := NewBlock([]Row{rowWith(0)})
	b.Seqs = nil
	b.Marshal(nil)
}

// TestValidateRowsWithoutValues checks the rows without a value of a
// column of several bitmap words, absent or null, wherever they fall.
func TestValidateRowsWithoutValues(t *testing.T) {
	const n = 200
	block := func() *Block {
		rows := make([]Row, n)
		for r := range rows {
			switch r {
			case 63, 150, n - 1:
				rows[r] = rowWith(r)
			case 70:
				rows[r] = rowWith(r, Field{"n", NullValue()})
			default:
				rows[r] = rowWith(r, Field{"n", IntValue(int64(r + 1))})
			}
		}
		return NewBlock(rows)
	}
	if err := block().Validate(); err != nil {
		t.Fatalf("valid block: %v", err)
	}
	for _, r := range []int{63, 70, 150, n - 1} {
		b := block()
		b.Fields[0].Ints[r] = 9
		if err := b.Validate(); !errors.Is(err, model.ErrInvalidParameter) {
			t.Errorf("value on row %d, which has none: got %v", r, err)
		}
	}
}
