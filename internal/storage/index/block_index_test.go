package index

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func sampleIndex() *BlockIndex {
	var x BlockIndex
	var b Builder
	b.AddText(`{"level":"error","message":"payment declined","user":"zoë@example.com"}`)
	x.Set("@message", b.Build())
	b.Reset()
	b.AddText("error")
	x.Set("level", b.Build())
	x.Set("empty", NewFilter(0))
	return &x
}

// sampleIndexGrams is sampleIndex with a gram filter: a version 2 index.
func sampleIndexGrams() *BlockIndex {
	x := sampleIndex()
	var b Builder
	b.AddTextGrams(`{"level":"error","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}`)
	x.SetGrams(b.BuildGrams())
	return x
}

func TestBlockIndexSetAndFilter(t *testing.T) {
	x := sampleIndex()
	if !x.Filter("level").MayContain("error") || x.Filter("level").MayContain("info") {
		t.Fatal("level filter is wrong")
	}
	if x.Filter("missing") != nil {
		t.Fatal("a column without a filter must give nil")
	}
	x.Set("level", nil)
	if x.Filter("level") != nil {
		t.Fatal("Set(nil) kept the filter")
	}
	x.Set("a", filterOf("x"))
	var names []string
	for _, c := range x.cols {
		names = append(names, c.name)
	}
	if !slices.IsSorted(names) {
		t.Fatalf("columns not sorted: %q", names)
	}
}

func TestBlockIndexRoundTrip(t *testing.T) {
	x := sampleIndex()
	data := x.Marshal(nil)
	got, err := UnmarshalBlockIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Marshal(nil), data) {
		t.Fatal("round trip changed the index")
	}
	if !got.Filter("@message").MayContainAll([]string{"payment", "declined", "zoë"}) {
		t.Fatal("decoded filter lost tokens")
	}
	if data[len(indexMagic)] != formatVersionNoGrams {
		t.Fatalf("an index without grams is written as version %d", data[len(indexMagic)])
	}
	data = sampleIndexGrams().Marshal(nil)
	if data[len(indexMagic)] != formatVersion {
		t.Fatalf("an index with grams is written as version %d", data[len(indexMagic)])
	}
	if got, err = UnmarshalBlockIndex(data); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Marshal(nil), data) {
		t.Fatal("round trip changed the index with grams")
	}
	if !got.Grams().MayContainGrams("4bf92f3577b34da6a3ce929d0e0e4736") || got.Grams().MayContainGrams("0000000000000000") {
		t.Fatal("decoded gram filter is wrong")
	}
	empty, err := UnmarshalBlockIndex((&BlockIndex{}).Marshal(nil))
	if err != nil || len(empty.cols) != 0 {
		t.Fatalf("empty index: %v, %v", empty, err)
	}
}

// TestBlockIndexGolden pins the bytes of a small index: the hash, the bit
// derivation and the layout must not change within a format version, since
// filters written by one process are read by another.
func TestBlockIndexGolden(t *testing.T) {
	var out strings.Builder
	for _, tok := range []string{"", "ERROR", "zoë", "4bf92f3577b34da6a3ce929d0e0e4736"} {
		fmt.Fprintf(&out, "xxh64(%q) = %016x\n", tok, tokenHash(tok))
	}
	out.WriteString(hex.Dump(sampleIndex().Marshal(nil)))
	for _, w := range []string{"4bf92f35", "ERRORCOD"} {
		fmt.Fprintf(&out, "gram(%q) = %016x\n", w, gramHash(w))
	}
	out.WriteString(hex.Dump(sampleIndexGrams().Marshal(nil)))
	path := filepath.Join("testdata", "block_index.golden")
	if *update {
		if err := os.WriteFile(path, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if out.String() != string(want) {
		t.Fatalf("index bytes differ from %s; a change here needs a new formatVersion.\ngot:\n%s", path, out.String())
	}
}

// withCRC appends the checksum of data.
func withCRC(data []byte) []byte {
	return binary.LittleEndian.AppendUint32(data, crc32.Checksum(data, castagnoli))
}

func TestUnmarshalBlockIndexErrors(t *testing.T) {
	good := sampleIndex().Marshal(nil)
	body := good[:len(good)-4]
	filter := filterOf("x").Marshal(nil)
	tests := map[string][]byte{
		"empty":          nil,
		"bad checksum":   append(slices.Clone(body), 0, 0, 0, 0),
		"bad magic":      withCRC(append([]byte("OWBX"), body[4:]...)),
		"future version": withCRC(append([]byte("OWBI\x03"), body[5:]...)),
		"v2 lacks grams": withCRC(append([]byte("OWBI\x02"), body[5:]...)),
		"trailing bytes": withCRC(append(slices.Clone(body), 0)),
		"truncated":      withCRC(slices.Clone(body[:len(body)-3])),
		"too many cols":  withCRC([]byte("OWBI\x01\x81\x40")),
		"long name":      withCRC(binary.AppendUvarint([]byte("OWBI\x01\x01"), maxColumnNameLen+1)),
		"unsorted": withCRC(slices.Concat([]byte("OWBI\x01\x02"),
			[]byte{1, 'b'}, filter, []byte{1, 'a'}, filter)),
		"repeated": withCRC(slices.Concat([]byte("OWBI\x01\x02"),
			[]byte{1, 'a'}, filter, []byte{1, 'a'}, filter)),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := UnmarshalBlockIndex(data); !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("got %v, want corruption", err)
			}
		})
	}
	for i := range good {
		damaged := slices.Clone(good)
		damaged[i] ^= 4
		if _, err := UnmarshalBlockIndex(damaged); !errors.Is(err, model.ErrCorruption) {
			t.Fatalf("flipping byte %d: got %v, want corruption", i, err)
		}
	}
}
