package logstore

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"testing"

	"github.com/openwatch/openwatch/internal/model"
)

// samplePart builds a small part in memory: two streams, a few blocks.
func samplePart(t testing.TB) (*part, []byte, []byte) {
	t.Helper()
	w := newPartWriter(42, 7, 19844, 3)
	for i := range 10 {
		e := model.StoredEvent{StreamID: int64(1 + i/5), Timestamp: 1_714_567_890_000 + int64(i%5)*1000, IngestionTime: 1_714_567_899_000, Seq: uint64(100 + i), Message: fmt.Sprintf(`{"i":%d,"level":"info"}`, i)}
		if err := w.addEvent(&e); err != nil {
			t.Fatal(err)
		}
	}
	p, data, idx, err := w.finish()
	if err != nil {
		t.Fatal(err)
	}
	return p, data, idx
}

func TestPartIndexRoundTrip(t *testing.T) {
	p, data, idx := samplePart(t)
	meta, blocks, err := decodeIndex(idx)
	if err != nil {
		t.Fatal(err)
	}
	if meta != p.meta || len(blocks) != 4 || meta.rows != 10 || meta.dataSize != int64(len(data)) {
		t.Fatalf("decoded %+v with %d blocks, want %+v", meta, len(blocks), p.meta)
	}
	for i := range blocks {
		if blocks[i] != p.blocks[i] {
			t.Fatalf("block %d = %+v, want %+v", i, blocks[i], p.blocks[i])
		}
	}
	if err := checkDataHeader(data); err != nil {
		t.Fatal(err)
	}
}

// reseal recomputes the checksum of an edited index or manifest, so that
// the decoder's other checks are reached.
func reseal(b []byte) []byte {
	body := b[:len(b)-4]
	return binary.LittleEndian.AppendUint32(body[:len(body):len(body)], crc32.Checksum(body, castagnoli))
}

func TestPartIndexCorruption(t *testing.T) {
	_, _, idx := samplePart(t)
	tests := []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"empty", func([]byte) []byte { return nil }},
		{"short", func(b []byte) []byte { return b[:7] }},
		{"checksum", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }},
		{"bit flip", func(b []byte) []byte { b[20] ^= 0x10; return b }},
		{"magic", func(b []byte) []byte { b[0] = 'X'; return reseal(b) }},
		{"version", func(b []byte) []byte { b[4] = 9; return reseal(b) }},
		{"truncated body", func(b []byte) []byte { return reseal(append(b[:30:30], 0, 0, 0, 0)) }},
		{"trailing byte", func(b []byte) []byte { return reseal(append(b[:len(b)-4:len(b)-4], 0, 0, 0, 0, 0)) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.damage(append([]byte(nil), idx...))
			if _, _, err := decodeIndex(b); !errors.Is(err, model.ErrCorruption) {
				t.Fatalf("decodeIndex = %v, want corruption", err)
			}
		})
	}
	if err := checkDataHeader([]byte("OWLD\x09")); !errors.Is(err, model.ErrCorruption) {
		t.Fatalf("checkDataHeader = %v", err)
	}
}

// FuzzDecodeIndex checks that no input makes decodeIndex panic, and that
// what it accepts survives an encoding round trip.
func FuzzDecodeIndex(f *testing.F) {
	_, _, idx := samplePart(f)
	f.Add(idx)
	f.Add(reseal(append([]byte(nil), idx...)))
	f.Add([]byte("OWPI\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		check := func(b []byte) {
			meta, blocks, err := decodeIndex(b)
			if err != nil {
				if !errors.Is(err, model.ErrCorruption) {
					t.Fatalf("error %v does not wrap ErrCorruption", err)
				}
				return
			}
			// Varints may be overlong in the input; what they say must
			// survive a round trip.
			meta2, blocks2, err := decodeIndex(encodeIndex(&meta, blocks))
			if err != nil || meta2 != meta || !slices.Equal(blocks2, blocks) {
				t.Fatalf("re-encoded index decodes as %+v, %v", meta2, err)
			}
		}
		check(b)
		// With a valid checksum, the structural checks are reached.
		if len(b) >= 4 {
			check(reseal(b))
		}
	})
}
