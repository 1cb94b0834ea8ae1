package colblock

import (
	"fmt"
	"testing"
)

func TestDictLayout(t *testing.T) {
	var d stringDict
	vals := []string{"info", "warn", "info", "info"}
	size, ok := d.build(vals)
	if !ok {
		t.Fatal("dict refused two distinct values of four")
	}
	data := d.append(nil)
	want := "\x02\x04\x04infowarn\x00\x01\x00\x00"
	if string(data) != want || size != len(want) {
		t.Fatalf("got %q (estimated %d bytes), want %q", data, size, want)
	}
}

func TestDictWideIndexes(t *testing.T) {
	vals := make([]string, 1200)
	for i := range vals {
		vals[i] = fmt.Sprint(i % 500)
	}
	var d stringDict
	size, ok := d.build(vals)
	if !ok {
		t.Fatal("dict refused 500 distinct values of 1200")
	}
	data := d.append(nil)
	if len(data) != size {
		t.Fatalf("estimated %d bytes, wrote %d", size, len(data))
	}
	got := decodeStringsFrom(t, encDict, data, len(vals))
	if diff := diffSlices("dict", got, vals, eq[string]); diff != "" {
		t.Fatal(diff)
	}
}

// TestDictRecentSlots checks that values sharing a recent slot (same
// length and end bytes), empty values and a dictionary built again keep
// their right indexes.
func TestDictRecentSlots(t *testing.T) {
	if recentSlot("aXb") != recentSlot("aYb") {
		t.Fatal("the test needs two values of one slot")
	}
	tests := []struct {
		name string
		vals []string
		ids  []uint32
	}{
		{"one slot", []string{"aXb", "aYb", "aXb", "aYb", "aYb", "aXb", "aZb", "aXb"}, []uint32{0, 1, 0, 1, 1, 0, 2, 0}},
		{"empty values", []string{"", "x", "", "", "x", "x"}, []uint32{0, 1, 0, 0, 1, 1}},
		{"again, other values", []string{"aYb", "aXb", "aYb", "aYb"}, []uint32{0, 1, 0, 0}},
	}
	var d stringDict
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := d.build(tc.vals); !ok || !d.complete {
				t.Fatalf("dict refused %q", tc.vals)
			}
			if diff := diffSlices("ids", d.ids, tc.ids, eq[uint32]); diff != "" {
				t.Fatal(diff)
			}
			for i, v := range tc.vals {
				if d.entries[d.ids[i]] != v {
					t.Fatalf("row %d: entry %q, want %q", i, d.entries[d.ids[i]], v)
				}
			}
		})
	}
}

func TestDictRefusesHighCardinality(t *testing.T) {
	var d stringDict
	if _, ok := d.build([]string{"a", "b", "c", "d", "a"}); ok {
		t.Fatal("dict accepted 4 distinct values of 5")
	}
}

func TestDictDecodeErrors(t *testing.T) {
	tests := map[string][]byte{
		"empty dict":           {0},
		"dict larger than use": {3, 1, 1, 1, 'a', 'b', 'c', 0, 1},
		"index out of range":   {1, 1, 'a', 0, 1},
		"truncated indexes":    {1, 1, 'a', 0},
		"truncated entries":    {2, 1, 1, 'a'},
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			c := cursor{b: data}
			decodeDictStrings(&c, make([]string, 2), newBudget())
			wantCorruption(t, c.err)
		})
	}
}
