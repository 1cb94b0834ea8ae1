package schedule

import (
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// Error is an invalid schedule expression. Its message is the one
// EventBridge returns for every invalid expression; Reason says what is
// wrong, for logs and for OpenWatch's own UI. It wraps
// model.ErrValidation.
type Error struct {
	Reason string
}

// Error returns EventBridge's message.
func (e *Error) Error() string { return "Parameter ScheduleExpression is not valid." }

// Unwrap lets errors.Is(err, model.ErrValidation) see the kind.
func (e *Error) Unwrap() error { return model.ErrValidation }

func invalid(format string, args ...any) *Error {
	return &Error{Reason: fmt.Sprintf(format, args...)}
}
