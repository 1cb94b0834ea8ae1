package colblock

import (
	"fmt"
	"strings"
	"testing"
)

func decodeStringsFrom(t *testing.T, enc encoding, data []byte, n int) []string {
	t.Helper()
	c := cursor{b: data}
	got := make([]string, n)
	decodeStrings(&c, enc, got, newBudget())
	if err := c.done("test"); err != nil {
		t.Fatalf("decode %s: %v", enc, err)
	}
	return got
}

func TestStringEncodingsRoundTrip(t *testing.T) {
	many := make([]string, 600)
	for i := range many {
		many[i] = fmt.Sprintf("value-%d", i%300)
	}
	sets := map[string][]string{
		"levels":      {"info", "warn", "info", "error", "info", "info"},
		"empty":       {"", "", "x", ""},
		"unicode":     {"héllo", "日本語", "🎉", "héllo"},
		"binary":      {"\x00\xff", "\xfe", "\x00\xff", "\x00\xff"},
		"long":        {strings.Repeat("a", 70000), "b", strings.Repeat("a", 70000), "b"},
		"dict > 256":  many,
		"unique ids":  {"4bf92f3577b34da6", "a3ce929d0e0e4736", "00f067aa0ba902b7"},
		"single":      {"only"},
		"all equal":   {"same", "same", "same"},
		"all empty":   {"", ""},
		"two entries": {"a", "b", "a", "b", "a", "b"},
	}
	for name, vals := range sets {
		var d stringDict
		encs := []encoding{encPlain}
		if _, ok := d.build(vals); ok {
			encs = append(encs, encDict)
		}
		if allEqualStrings(vals) {
			encs = append(encs, encConst)
		}
		for _, enc := range encs {
			got := decodeStringsFrom(t, enc, appendStrings(nil, enc, vals, &d), len(vals))
			if diff := diffSlices(name+"/"+enc.String(), got, vals, eq[string]); diff != "" {
				t.Error(diff)
			}
		}
	}
}

func TestChooseStringEncoding(t *testing.T) {
	ids := make([]string, 100)
	names := make([]string, 100)
	levels := make([]string, 100)
	for i := range ids {
		ids[i] = fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15)
		names[i] = fmt.Sprintf("user-%x", uint64(i)*0x9e3779b97f4a7c15)
		levels[i] = []string{"info", "warn", "error"}[i%3]
	}
	tests := []struct {
		name string
		vals []string
		want encoding
	}{
		{"equal", []string{"a", "a"}, encConst},
		{"low cardinality", levels, encDict},
		{"unique", names, encPlain},
		{"unique hex ids", ids, encHex},
		{"short values", []string{"a", "b", "c", "a"}, encPlain},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d stringDict
			if got := chooseStringEncoding(tt.vals, &d); got != tt.want {
				t.Fatalf("chose %s, want %s", got, tt.want)
			}
		})
	}
}
