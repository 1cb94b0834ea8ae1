package colblock

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/openwatch/openwatch/internal/storage/index"
)

// buildSkeleton builds a skeleton of alternating literals and codes, ending
// with the last literal.
func buildSkeleton(parts ...any) string {
	var b []byte
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b = appendLiteral(b, p)
		case int:
			b = binary.AppendUvarint(b, uint64(p))
		}
	}
	return string(append(b, codeEnd))
}

func TestSeparatedLeaves(t *testing.T) {
	const text, quoted = codeFieldBase, codeFieldBase + 1
	tests := []struct {
		name     string
		skeleton string
		want     bool
	}{
		{"JSON leaves", buildSkeleton(`{"a":`, quoted, `,"n":`, text, `}`), true},
		{"a leaf at each end", buildSkeleton("", codeTimestamp, "\tid\t", text, ""), true},
		{"no leaf", buildSkeleton("plain text"), true},
		{"a word before a leaf", buildSkeleton("id", text, " x"), false},
		{"a word after a leaf", buildSkeleton("", codeTimestamp, "INFO"), false},
		{"leaves side by side", buildSkeleton("[", text, "", text, "]"), false},
		{"quoted leaves side by side", buildSkeleton("[", quoted, "", quoted, "]"), true},
		{"a quoted leaf between words", buildSkeleton("a", quoted, "b"), true},
		{"a multi-byte letter before a leaf", buildSkeleton("é", text, " "), false},
		{"truncated", buildSkeleton(`{"a":`, quoted)[:3], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := separatedLeaves(tc.skeleton); got != tc.want {
				t.Fatalf("separatedLeaves = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMessageTextShowsLiteralsOnce checks that the text of a skeleton's
// literals is shown once for all the rows that share it, and each row's
// leaves on their own.
func TestMessageTextShowsLiteralsOnce(t *testing.T) {
	const n = 100
	var rows []Row
	for i := range n {
		rows = append(rows, jsonRow(1, int64(i), uint64(i+1), fmt.Sprintf(`{"level":"INFO","id":"req-%d"}`, i)))
	}
	b := NewBlock(rows)
	counts := map[string]int{}
	calls := 0
	b.MarshalWith(nil, MarshalOptions{Text: func(text string, count int) {
		counts[strings.Clone(text)] += count
		calls++
	}})
	if got := counts[`{"level":`]; got != n {
		t.Errorf(`literal {"level": shown %d times, want %d`, got, n)
	}
	if got := counts["req-7"]; got != 1 {
		t.Errorf("leaf req-7 shown %d times, want 1", got)
	}
	// One call per literal of the one skeleton, one per leaf of each row.
	if calls > 4+2*n {
		t.Errorf("%d calls for %d rows: the rows' literals were shown one by one", calls, n)
	}
}

// TestMessageTextWords checks that the pieces MarshalWith shows, each
// counted as often as it says, hold exactly the words of the block's
// messages, whichever way each leaf is shown: per distinct value of a
// constant or dictionary column, row by row for a column of mostly
// distinct values, rendered for numbers, nulls and escaped strings, and
// whole for a message that is not JSON.
func TestMessageTextWords(t *testing.T) {
	ts := int64(1767323045678) // 2026-01-02T03:04:05.678Z
	levels := []string{"INFO", "WARN", "ERROR"}
	var msgs []string
	for i := range 300 {
		switch i % 6 {
		case 0, 1:
			msgs = append(msgs, fmt.Sprintf(`{"level":%q,"id":"req-%d","region":"eu-west-1","user":"user%d@example.com","n":%d,"ok":%v,"extra":{"why":null}}`,
				levels[i%3], i, i%7, i*37, i%2 == 0))
		case 2:
			// Escapes in a dictionary column and in a column of
			// distinct values.
			msgs = append(msgs, fmt.Sprintf(`{"level":"INFO","msg":"say \"hi\"\n%d","note":"tab\there %d"}`, i%2, i))
		case 3:
			msgs = append(msgs, fmt.Sprintf("2026-01-02T03:04:05.678Z\t%08x-aa\t%s\t{\"message\":\"Done — résumé %d\",\"records\":%d}", i%5, levels[i%3], i%4, i))
		case 4:
			msgs = append(msgs, fmt.Sprintf(`10.0.0.%d - - "GET /api/items/%d HTTP/1.1" 200 %d`, i%9, i, i*3))
		default:
			msgs = append(msgs, fmt.Sprintf(`{"level":%q, "id":"req-%d", "n":1.50, "list":[%d,"x y"]}`, levels[i%3], i, i))
		}
	}
	words := func(s string, n int, into map[string]int) {
		// text is valid only during the call.
		for _, w := range index.Tokenize(s, nil) {
			into[strings.Clone(w)] += n
		}
	}
	want := map[string]int{}
	for _, m := range msgs {
		words(m, 1, want)
	}
	for _, flat := range []bool{false, true} {
		t.Run(fmt.Sprintf("flattener=%v", flat), func(t *testing.T) {
			rows := make([]Row, len(msgs))
			for i, m := range msgs {
				rows[i] = event(1, ts, uint64(i+1), m)
			}
			var b *Block
			if flat {
				var f Flattener
				f.Flatten(rows)
				b = f.NewBlock(rows)
			} else {
				for i := range rows {
					rows[i].Fields = FlattenJSON(rows[i].Message, nil)
				}
				b = NewBlock(rows)
			}
			got := map[string]int{}
			b.MarshalWith(nil, MarshalOptions{Text: func(text string, count int) { words(text, count, got) }})
			for w, n := range want {
				if got[w] != n {
					t.Errorf("word %q shown %d times, want %d", w, got[w], n)
				}
			}
			for w, n := range got {
				if _, ok := want[w]; !ok {
					t.Errorf("word %q shown %d times, but no message has it", w, n)
				}
			}
		})
	}
}
