package colblock

import "testing"

func bitmapOf(n int, rows ...int) Bitmap {
	bm := NewBitmap(n)
	for _, r := range rows {
		bm.Set(r)
	}
	return bm
}

func TestBitmapRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		n    int
		bm   Bitmap
		want encoding
	}{
		{"empty", 0, NewBitmap(0), encBitmapZeros},
		{"all clear", 100, NewBitmap(100), encBitmapZeros},
		{"all set, partial word", 70, func() Bitmap {
			bm := NewBitmap(70)
			for i := 0; i < 70; i++ {
				bm.Set(i)
			}
			return bm
		}(), encBitmapOnes},
		{"all set, whole words", 128, bitmapOf(128, rangeInts(0, 128)...), encBitmapOnes},
		{"sparse", 1000, bitmapOf(1000, 0, 63, 64, 999), encBitmapRaw},
		{"one row", 1, bitmapOf(1, 0), encBitmapOnes},
		{"odd length", 13, bitmapOf(13, 2, 12), encBitmapRaw},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := chooseBitmapEncoding(tt.bm, tt.n)
			if enc != tt.want {
				t.Fatalf("chose %s, want %s", enc, tt.want)
			}
			data := appendBitmap(nil, enc, tt.bm, tt.n)
			if enc == encBitmapRaw && len(data) != (tt.n+7)/8 {
				t.Fatalf("raw bitmap of %d rows took %d bytes", tt.n, len(data))
			}
			c := cursor{b: data}
			got := decodeBitmap(&c, enc, tt.n, "test")
			if err := c.done("test"); err != nil {
				t.Fatal(err)
			}
			if !got.equal(tt.bm) || got.Count() != tt.bm.Count() {
				t.Fatalf("got %x, want %x", got, tt.bm)
			}
		})
	}
}

func TestBitmapDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		enc  encoding
		data []byte
		n    int
	}{
		{"truncated", encBitmapRaw, []byte{0xff}, 9},
		{"bits past the end", encBitmapRaw, []byte{0xff, 0x02}, 9},
		{"unknown encoding", encDict, nil, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cursor{b: tt.data}
			decodeBitmap(&c, tt.enc, tt.n, "test")
			wantCorruption(t, c.err)
		})
	}
}

func TestBitmapSets(t *testing.T) {
	a, b := bitmapOf(70, 1, 65), bitmapOf(70, 1, 2, 65)
	if !a.isSubsetOf(b) || b.isSubsetOf(a) {
		t.Error("subset check is wrong")
	}
	if !a.wellFormed(70) || a.wellFormed(64) || a.wellFormed(65) {
		t.Error("wellFormed accepts a bitmap for the wrong row count")
	}
	if a.Has(2) || !b.Has(2) || b.Count() != 3 {
		t.Error("Has or Count is wrong")
	}
}

func rangeInts(lo, hi int) []int {
	var out []int
	for i := lo; i < hi; i++ {
		out = append(out, i)
	}
	return out
}
