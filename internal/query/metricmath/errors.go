package metricmath

import (
	"fmt"
	"unicode/utf8"

	"github.com/openwatch/openwatch/internal/model"
)

// ParseError is a problem found in an expression or in a SEARCH query. It
// wraps model.ErrInvalidParameter, which the protocol layer reports as an
// invalid parameter value.
type ParseError struct {
	// Pos is the 0-based byte offset of the problem in the text given to
	// Parse or ParseSearch; len(text) means the text ended too early.
	Pos int
	// Msg is the message for the caller, in CloudWatch's words, such as
	// "Unrecognized function: FOO" or "Syntax error at position 7: ...".
	// Positions in messages count characters from 1, as an editor does.
	Msg string
}

// Error returns the message.
func (e *ParseError) Error() string { return e.Msg }

// Unwrap lets errors.Is(err, model.ErrInvalidParameter) see the kind.
func (e *ParseError) Unwrap() error { return model.ErrInvalidParameter }

// column turns a byte offset into the 1-based character position used in
// messages.
func column(src string, pos int) int {
	if pos > len(src) {
		pos = len(src)
	}
	if pos < 0 {
		pos = 0
	}
	return utf8.RuneCountInString(src[:pos]) + 1
}

// syntaxError builds the "Syntax error at position N" form.
func syntaxError(src string, pos int, format string, args ...any) *ParseError {
	msg := fmt.Sprintf("Syntax error at position %d", column(src, pos))
	if format != "" {
		msg += ": " + fmt.Sprintf(format, args...)
	}
	return &ParseError{Pos: pos, Msg: msg}
}

// invalid builds an evaluation error: the expression parsed but cannot be
// computed with these inputs.
func invalid(format string, args ...any) error {
	return model.Errorf(model.ErrInvalidParameter, format, args...)
}
