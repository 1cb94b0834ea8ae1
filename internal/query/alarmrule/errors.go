package alarmrule

import (
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// ParseError is an invalid AlarmRule. It wraps model.ErrValidation, which
// CloudWatch reports as ValidationError.
type ParseError struct {
	// Pos is the 0-based character offset of the problem, as in the
	// message; len(rule) means the rule ended too early.
	Pos int
	// Msg is the full message, such as "Error in AlarmRule [Unsupported
	// token 'Oldest' at char 67, must be: ')']".
	Msg string
}

// Error returns the message.
func (e *ParseError) Error() string { return e.Msg }

// Unwrap lets errors.Is(err, model.ErrValidation) see the kind.
func (e *ParseError) Unwrap() error { return model.ErrValidation }

func errorf(pos int, format string, args ...any) *ParseError {
	return &ParseError{Pos: pos, Msg: "Error in AlarmRule [" + fmt.Sprintf(format, args...) + "]"}
}
