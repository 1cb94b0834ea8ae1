package syntax

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// maxErrors bounds how many errors one Parse reports; past that, the rest of
// a badly broken query is mostly noise.
const maxErrors = 10

// ParseError is one problem found in a query. Start and End are byte offsets
// into the query text (End exclusive); Msg is a complete sentence that names
// the position, meant to be shown to the person who wrote the query.
type ParseError struct {
	Start, End int
	Msg        string
}

// Error returns the message.
func (e ParseError) Error() string { return e.Msg }

// Unwrap lets errors.Is(err, model.ErrMalformedQuery) recognise a parse error.
func (e ParseError) Unwrap() error { return model.ErrMalformedQuery }

// ParseErrors is every problem Parse found, in query order.
type ParseErrors []ParseError

// Error lists the problems: one reads as itself, several are numbered.
func (es ParseErrors) Error() string {
	switch len(es) {
	case 0:
		return "malformed query"
	case 1:
		return es[0].Msg
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d problems in query: ", len(es))
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "(%d) %s", i+1, e.Msg)
	}
	return b.String()
}

// Unwrap lets errors.Is(err, model.ErrMalformedQuery) recognise parse errors.
func (es ParseErrors) Unwrap() error { return model.ErrMalformedQuery }

// position describes a byte offset the way an editor would: "position N"
// (1-based, in characters) for one-line queries, "line L, column C" otherwise.
func position(src string, off int) string {
	if off > len(src) {
		off = len(src)
	}
	if off < 0 {
		off = 0
	}
	line, lineStart := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			lineStart = i + 1
		}
	}
	col := utf8.RuneCountInString(src[lineStart:off]) + 1
	if line == 1 && !strings.Contains(src, "\n") {
		return fmt.Sprintf("position %d", col)
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

// describeToken names a token for "unexpected ..." messages, shortening long
// ones so the message stays readable.
func describeToken(t token) string {
	if t.kind == tEOF {
		return "end of query"
	}
	text := t.text
	if utf8.RuneCountInString(text) > 24 {
		r := []rune(text)
		text = string(r[:21]) + "..."
	}
	return fmt.Sprintf("%q", text)
}
