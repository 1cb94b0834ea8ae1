package colblock

import (
	"fmt"
	"strings"
	"testing"
)

// TestContainsMatchesMessages checks Block.Contains, and the messages that
// come with it, against a search of every message, for terms that sit in
// literals, in values of every type, across the edges between them, and
// in escaped strings.
func TestContainsMatchesMessages(t *testing.T) {
	var rows []Row
	for i, m := range exactMessages {
		rows = append(rows, jsonRow(1, int64(i), uint64(i), m.msg))
	}
	for i := range 300 {
		msg := fmt.Sprintf(`{%s,"n":%d,"s":"v%d \"q\" %c","f":%d.25,"b":%v,"z":null,"k%d":"tail"}`, pad, i, i%7, 'a'+rune(i%26), i%5, i%2 == 0, i%40)
		if i%9 == 0 {
			msg = fmt.Sprintf("10.0.0.%d - - [01/Jan/2024] \"GET /x/%d HTTP/1.1\" 200", i%255, i)
		}
		rows = append(rows, jsonRow(1, int64(100+i), uint64(100+i), msg))
	}
	data := NewBlock(rows).Marshal(nil)
	termSets := [][]string{
		{"HTTP/1.1"}, {"pad"}, {"long enough"}, {`"n":1`}, {`:12,`}, {"v3"}, {`\"q\"`}, {`"q"`},
		{"1.25"}, {"true"}, {"rue,"}, {"null"}, {"ull}"}, {"tail"}, {"k17"}, {"x"}, {"zzz-absent"},
		{"\t"}, {"req-1"}, {"00:00:00.024Z"}, {"v2", "1.25"}, {"GET", "HTTP/1.1"}, {"n"}, {"5"},
	}
	// A perfect token filter: whether some raw value of the field holds
	// the term.
	asked := 0
	mayContain := func(field, term string) bool {
		asked++
		for _, r := range rows {
			for _, f := range r.Fields {
				if f.Name == field && strings.Contains(string(f.Value.AppendText(nil)), term) {
					return true
				}
			}
		}
		return false
	}
	for _, terms := range termSets {
		for _, want := range []ColumnSet{{Contains: terms}, {Messages: true, Contains: terms}, {Exact: true, Fields: []string{"n", "s"}, Contains: terms},
			{Messages: true, Contains: terms, MayContain: mayContain}} {
			got, err := Unmarshal(data, want)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				has := containsAll(r.Message, terms)
				if got.Contains.Has(i) != has {
					t.Fatalf("terms %q: row %q: contains = %v, want %v", terms, r.Message, got.Contains.Has(i), has)
				}
				needed := has && (want.Messages || want.Exact && !got.Exact.Has(i))
				switch {
				case needed && got.Messages[i] != r.Message:
					t.Fatalf("terms %q: row %d: message %q, want %q", terms, i, got.Messages[i], r.Message)
				case !needed && got.Messages != nil && got.Messages[i] != "":
					t.Fatalf("terms %q: row %d: message %q, want none", terms, i, got.Messages[i])
				}
			}
		}
	}
	if asked == 0 {
		t.Error("MayContain was never asked")
	}
}

// TestContainsNoMatchDecodesNothingElse checks that a block without the
// terms comes back with Contains alone.
func TestContainsNoMatchDecodesNothingElse(t *testing.T) {
	_, data := exactBlock(t)
	got, err := Unmarshal(data, ColumnSet{Streams: true, Timestamps: true, Messages: true, AllFields: true, Contains: []string{"zzz-absent"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Contains == nil || got.Contains.Count() != 0 || got.Timestamps != nil || got.Messages != nil || got.Fields != nil {
		t.Fatalf("block without the term: %+v", got)
	}
}

func TestHasEscaped(t *testing.T) {
	for i := range 256 {
		c := byte(i)
		want := c < 0x20 || c == '"' || c == '\\'
		for _, at := range []int{0, 3, 7, 8, 12, 19} {
			b := []byte(strings.Repeat("abcdefgh~\x7f\x80\xff", 2))[:20]
			b[at] = c
			if got := hasEscaped(b); got != want {
				t.Fatalf("byte %#x at %d: hasEscaped = %v", c, at, got)
			}
		}
	}
}
