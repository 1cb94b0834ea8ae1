package filterpattern

import (
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// ParseError reports a pattern that cannot be compiled. It wraps
// model.ErrInvalidParameter, which the protocol layer turns into
// InvalidParameterException.
type ParseError struct {
	// Pos is the 0-based byte offset in Pattern where the problem was found;
	// len(Pattern) means the pattern ended too early.
	Pos int
	// Msg says what is wrong, in words a caller can act on.
	Msg string
	// Pattern is the pattern as given to Parse.
	Pattern string
}

// Error gives the position and the reason, e.g.
// `invalid filter pattern at position 7: expected a value after "="`.
func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid filter pattern at position %d: %s", e.Pos, e.Msg)
}

// Unwrap lets errors.Is(err, model.ErrInvalidParameter) see the kind.
func (e *ParseError) Unwrap() error { return model.ErrInvalidParameter }

// errorf builds a *ParseError at pos; the Pattern is filled in by Parse.
func errorf(pos int, format string, args ...any) *ParseError {
	return &ParseError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
