package colblock

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
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
