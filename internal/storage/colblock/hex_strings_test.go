package colblock

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestHexStringsLayout(t *testing.T) {
	vals := []string{"00ff", "a1b2", "9c0d"}
	data := appendHexStrings(nil, vals)
	if want := "\x04\x00\xff\xa1\xb2\x9c\x0d"; string(data) != want {
		t.Fatalf("got %q, want %q", data, want)
	}
	if n, ok := hexSize(vals); !ok || n != len(data) {
		t.Fatalf("hexSize = %d, %v; the encoding takes %d", n, ok, len(data))
	}
	got := make([]string, len(vals))
	c := cursor{b: data}
	decodeHexStrings(&c, got, newBudget())
	if c.err != nil || !slices.Equal(got, vals) || len(c.b) != 0 {
		t.Fatalf("decoded %q, %v, %d bytes left", got, c.err, len(c.b))
	}
}

func TestChooseStringEncodingHex(t *testing.T) {
	ids := func(n, distinct int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%032x", uint64(i%distinct)*0x9e3779b97f4a7c15)
		}
		return out
	}
	tests := []struct {
		name string
		vals []string
		want encoding
	}{
		{"trace ids", ids(100, 100), encHex},
		{"few distinct ids", ids(100, 3), encDict},
		{"one id", ids(100, 1), encConst},
		{"uppercase", []string{"ABCDEF01", "0123ABCD"}, encPlain},
		{"lengths differ", []string{"abcdef01", "0123"}, encPlain},
		{"odd length", []string{"abc", "012"}, encPlain},
		{"not hex", []string{"abcdefgh", "01234567"}, encPlain},
		{"empty strings", []string{"", "ab"}, encPlain},
		{"digits only", []string{"0123456789", "9876543210"}, encHex},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d stringDict
			if got := chooseStringEncoding(tc.vals, &d); got != tc.want {
				t.Fatalf("encoding %v, want %v", got, tc.want)
			}
			data := appendStrings(nil, tc.want, tc.vals, &d)
			got := make([]string, len(tc.vals))
			c := cursor{b: data}
			decodeStrings(&c, tc.want, got, newBudget())
			if c.err != nil || !slices.Equal(got, tc.vals) {
				t.Fatalf("round trip: %q, %v", got, c.err)
			}
		})
	}
}

func TestHexStringsDecodeErrors(t *testing.T) {
	tests := map[string][]byte{
		"zero length":       {0},
		"odd length":        {3, 1, 2, 3, 4},
		"truncated values":  {4, 1, 2, 3},
		"truncated length":  {},
		"length over limit": {0x82, 0x80, 0x04, 1, 2},
		"bad varint":        {0xff, 0xff},
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			c := cursor{b: data}
			decodeHexStrings(&c, make([]string, 2), newBudget())
			wantCorruption(t, c.err)
		})
	}
}

func TestHexStringsBudget(t *testing.T) {
	data := appendHexStrings(nil, []string{"abcd", "ef01"})
	c := cursor{b: data}
	decodeHexStrings(&c, make([]string, 2), &budget{left: 7})
	wantCorruption(t, c.err)
}

// TestVersion2Blocks decodes blocks written in format version 2, before
// the hex encoding: the files in testdata were written by the version 2
// encoder, trace_block.v2.bin with its trace ids as plain strings.
func TestVersion2Blocks(t *testing.T) {
	var traces []Row
	for i := range 400 {
		traces = append(traces, jsonRow(int64(i/50), int64(1000+i), uint64(i),
			fmt.Sprintf(`{"level":"info","trace":"%032x","ms":%d}`, uint64(i)*2654435761, i)))
	}
	readOldBlocks(t, formatVersion2, map[string][]Row{"small_block.v2.bin": goldenBlocks["small_block"], "trace_block.v2.bin": traces}, "hex")
	// The same rows now store their trace ids as bytes.
	var sb strings.Builder
	if err := WriteDebug(&sb, NewBlock(traces).Marshal(nil)); err != nil || !strings.Contains(sb.String(), "column trace string") ||
		!strings.Contains(sb.String(), "values hex") {
		t.Fatalf("WriteDebug = %v; the trace column is not hex:\n%s", err, sb.String())
	}
}
