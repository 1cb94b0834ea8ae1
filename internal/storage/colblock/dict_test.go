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
