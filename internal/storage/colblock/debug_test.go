package colblock

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenBlocks are small fixed blocks whose exact bytes are pinned: a change
// to any of them is a format change and needs a new formatVersion.
var goldenBlocks = map[string][]Row{
	"empty_block": nil,
	"small_block": {
		jsonRow(7, 1714567890123, 100, `{"level":"info","status":200,"ms":12.5,"ok":true,"user":{"email":"zoë@example.com","tags":["a"]},"err":null}`),
		jsonRow(7, 1714567890125, 101, `GET /health 200`),
		jsonRow(9, 1714567890200, 103, "2024-05-01T12:51:30.200Z\t6f1c2a9e\tWARN\t{\"status\":\"n/a\",\"ok\":false}"),
	},
	"gaps_block": gapsGolden(),
}

// gapsGolden is one stream of lines whose timestamps have random gaps of up
// to 140 ms, which the packed delta encoding stores.
func gapsGolden() []Row {
	var rows []Row
	for i, ts := range gapTimestamps(20) {
		rows = append(rows, event(3, ts, uint64(i), "GET /health 200"))
	}
	return rows
}

func TestGolden(t *testing.T) {
	for name, rows := range goldenBlocks {
		t.Run(name, func(t *testing.T) {
			data := roundTrip(t, NewBlock(rows))
			h, err := parseHeader(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, ref := range append(h.sys[:], h.fields...) {
				if ref.payload[0] != compNone {
					t.Fatalf("column %s is compressed; golden blocks must not depend on zstd's output", ref.name)
				}
			}
			var out bytes.Buffer
			if err := WriteDebug(&out, data); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if !bytes.Equal(out.Bytes(), want) {
				t.Fatalf("WriteDebug output differs from %s; if the format change is intended, bump formatVersion and run with -update.\ngot:\n%s", path, out.Bytes())
			}
		})
	}
}

func TestWriteDebugRejectsCorruption(t *testing.T) {
	data := NewBlock(goldenBlocks["small_block"]).Marshal(nil)
	data[len(data)-1] ^= 1
	wantCorruption(t, WriteDebug(&bytes.Buffer{}, data))
}
