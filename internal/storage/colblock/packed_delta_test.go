package colblock

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// randomGaps returns n increasing values whose gaps are uniform in [0, maxGap).
func randomGaps(rng *rand.Rand, n int, maxGap int64) []int64 {
	vals := make([]int64, n)
	vals[0] = 1_700_000_000_000
	for i := 1; i < n; i++ {
		vals[i] = vals[i-1] + rng.Int64N(maxGap)
	}
	return vals
}

// growingGaps returns n values whose gaps start at gap and grow by step.
func growingGaps(n int, gap, step int64) []int64 {
	vals := make([]int64, n)
	for i := 1; i < n; i++ {
		vals[i] = vals[i-1] + gap
		gap += step
	}
	return vals
}

// referencePackedDeltas decodes rows values of encPackedDelta a bit at a
// time, and returns them with the bytes after them.
func referencePackedDeltas(data []byte, rows int) ([]int64, []byte, error) {
	vals := make([]int64, rows)
	if rows == 0 {
		return vals, data, nil
	}
	c := cursor{b: data}
	v := c.varint("first")
	vals[0] = v
	for lo := 1; lo < rows && c.err == nil; lo += packedMiniblock {
		hi := min(lo+packedMiniblock, rows)
		base := c.varint("base")
		width := int(c.byte("width"))
		if c.err == nil && width > 64 {
			c.fail("width %d", width)
		}
		p := c.bytes(packedBytes(hi-lo, width), "bits")
		if c.err != nil {
			break
		}
		bit := 0
		for i := lo; i < hi; i++ {
			var x uint64
			for j := range width {
				x |= uint64(p[bit>>3]>>(bit&7)&1) << j
				bit++
			}
			v += base + int64(x)
			vals[i] = v
		}
	}
	return vals, c.b, c.err
}

func TestPackedDeltaLayout(t *testing.T) {
	// 10, then gaps 3, 5, 4: base 3, distances 0, 2, 1 in 2 bits each.
	got := appendPackedDeltaInts(nil, []int64{10, 13, 18, 22})
	want := []byte{20, 6, 2, 0b01_10_00}
	if string(got) != string(want) {
		t.Fatalf("encoded % x, want % x", got, want)
	}
	if n := packedDeltaSize([]int64{10, 13, 18, 22}); n != len(want) {
		t.Fatalf("size %d, want %d", n, len(want))
	}
}

func TestPackedDeltaErrors(t *testing.T) {
	for name, data := range map[string][]byte{
		"width over 64":   {2, 0, 65},
		"bits cut short":  {2, 0, 9, 0xff},
		"no miniblock":    {2},
		"first value cut": {0x80},
	} {
		t.Run(name, func(t *testing.T) {
			c := cursor{b: data}
			decodePackedDeltaInts(&c, make([]int64, 2))
			wantCorruption(t, c.err)
		})
	}
}

// BenchmarkDecodeTimestampsVaried decodes blocks of timestamps with random
// gaps averaging 70 ms, as the streams of a busy service have, in each
// encoding that can hold them. Delta-of-delta varints take one or two bytes
// there at random; taking 64 blocks in turn keeps the processor from
// learning one block's sequence of lengths.
func BenchmarkDecodeTimestampsVaried(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	var blocks [][]int64
	for range 64 {
		blocks = append(blocks, randomGaps(rng, 8192, 140))
	}
	for _, enc := range []encoding{encDeltaOfDelta, encPackedDelta} {
		b.Run(enc.String(), func(b *testing.B) {
			var encs [][]byte
			size := 0
			for _, vals := range blocks {
				encs = append(encs, appendInts(nil, enc, vals))
				size += len(encs[len(encs)-1])
			}
			dst := make([]int64, 8192)
			b.SetBytes(int64(8 * len(dst)))
			i := 0
			for b.Loop() {
				c := cursor{b: encs[i%len(encs)]}
				decodeInts(&c, enc, dst)
				i++
			}
			b.ReportMetric(float64(size)/float64(64*len(dst)), "B/value")
		})
	}
}

func BenchmarkEncodePackedDelta(b *testing.B) {
	vals := randomGaps(rand.New(rand.NewPCG(3, 4)), 8192, 140)
	b.SetBytes(int64(8 * len(vals)))
	var dst []byte
	for b.Loop() {
		_ = packedDeltaSize(vals)
		dst = appendPackedDeltaInts(dst[:0], vals)
	}
}

// gapRows are three streams of JSON lines whose timestamps have random gaps.
func gapRows() []Row {
	var rows []Row
	for i, ts := range gapTimestamps(600) {
		rows = append(rows, jsonRow(int64(i/200), ts+int64(i/200)*1000, uint64(i), `{"level":"info","ms":`+itoa(i%97)+`}`))
	}
	return rows
}

// gapTimestamps returns n increasing timestamps whose gaps look random in
// [0, 140) ms but are the same on every run, as fixed blocks need.
func gapTimestamps(n int) []int64 {
	ts := make([]int64, n)
	prev := int64(1_714_567_890_000)
	for i := range ts {
		prev += int64(uint64(i) * 2654435761 % 140)
		ts[i] = prev
	}
	return ts
}

// TestVersion3Blocks decodes blocks written in format version 3, before the
// packed delta encoding: the files in testdata were written by the version 3
// encoder.
func TestVersion3Blocks(t *testing.T) {
	readOldBlocks(t, formatVersion3, map[string][]Row{"small_block.v3.bin": goldenBlocks["small_block"], "timestamps_block.v3.bin": gapRows()}, "packed-delta")
	// The same timestamps are now packed.
	var sb strings.Builder
	if err := WriteDebug(&sb, NewBlock(gapRows()).Marshal(nil)); err != nil || !strings.Contains(sb.String(), "column timestamps: offset") ||
		!strings.Contains(sb.String(), "encoding packed-delta") {
		t.Fatalf("WriteDebug = %v; the timestamps are not packed:\n%s", err, sb.String())
	}
}
