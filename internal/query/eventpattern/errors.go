package eventpattern

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// Error is an invalid event pattern. It wraps model.ErrInvalidParameter;
// the events API reports it as InvalidEventPatternException.
type Error struct {
	// Reason is the problem, in the words EventBridge uses, such as
	// `"source" must be an object or an array`.
	Reason string
	// Offset is the byte offset in the pattern just past the token at fault.
	Offset int
	// Line and Column locate Offset, both counting from 1; Column counts
	// characters.
	Line, Column int

	source string
}

// maxSourceInMessage is how much of the pattern a message quotes; longer
// patterns are cut, as EventBridge's parser does.
const maxSourceInMessage = 500

// Error returns the message EventBridge gives for the problem.
func (e *Error) Error() string {
	src := e.source
	var cut string
	if n := utf8.RuneCountInString(src); n > maxSourceInMessage {
		i := 0
		for k := 0; k < maxSourceInMessage; k++ {
			_, size := utf8.DecodeRuneInString(src[i:])
			i += size
		}
		src = src[:i]
		cut = fmt.Sprintf("[truncated %d chars]", n-maxSourceInMessage)
	}
	return fmt.Sprintf("Event pattern is not valid. Reason: %s\n at [Source: (String)\"%s\"%s; line: %d, column: %d]",
		e.Reason, src, cut, e.Line, e.Column)
}

// Unwrap lets errors.Is(err, model.ErrInvalidParameter) see the kind.
func (e *Error) Unwrap() error { return model.ErrInvalidParameter }

// newError locates offset in src.
func newError(src string, offset int, format string, args ...any) *Error {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	before := src[:offset]
	line := strings.Count(before, "\n") + 1
	col := utf8.RuneCountInString(before[strings.LastIndexByte(before, '\n')+1:]) + 1
	return &Error{Reason: fmt.Sprintf(format, args...), Offset: offset, Line: line, Column: col, source: src}
}
