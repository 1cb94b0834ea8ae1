package model

import (
	"errors"
	"fmt"
)

// Sentinel error kinds. Services return an *Error whose Kind is one of these;
// only the protocol layer (internal/api/awsproto) turns them into AWS
// exception names and HTTP statuses.
var (
	ErrNotFound         = errors.New("not found")
	ErrAlreadyExists    = errors.New("already exists")
	ErrInvalidParameter = errors.New("invalid parameter")
	ErrLimitExceeded    = errors.New("limit exceeded")
	ErrTooManyTags      = errors.New("too many tags")
	ErrOperationAborted = errors.New("operation aborted")
	ErrValidation       = errors.New("validation failed")
	ErrInvalidOperation = errors.New("invalid operation")
	ErrUnavailable      = errors.New("service unavailable")
	ErrAccessDenied     = errors.New("access denied")
	ErrMalformedQuery   = errors.New("malformed query")
	ErrCorruption       = errors.New("data corruption")
	ErrThrottled        = errors.New("throttled")
	ErrUnrecognizedKey  = errors.New("unrecognized access key")
	ErrDisabledKey      = errors.New("access key disabled")
	ErrInternal         = errors.New("internal error")
)

// Refinements of ErrInvalidParameter that CloudWatch names apart (query
// codes MissingParameter, InvalidParameterCombination, InvalidNextToken).
// Each wraps ErrInvalidParameter, so services that do not name them apart
// report a plain invalid parameter.
var (
	ErrMissingParameter            = fmt.Errorf("missing parameter: %w", ErrInvalidParameter)
	ErrInvalidParameterCombination = fmt.Errorf("invalid parameter combination: %w", ErrInvalidParameter)
	ErrInvalidNextToken            = fmt.Errorf("invalid next token: %w", ErrInvalidParameter)
)

// Error is a domain error: a Kind (one of the sentinels above) and a message
// that is safe to show to the caller.
type Error struct {
	Kind    error
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is(err, model.ErrNotFound) see the kind.
func (e *Error) Unwrap() error { return e.Kind }

// Errorf builds an *Error of the given kind with a formatted, client-safe message.
func Errorf(kind error, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Unavailable wraps an internal failure (I/O, database) so that clients see a
// retryable ServiceUnavailableException while the cause stays in the chain
// for logs.
func Unavailable(cause error) error {
	return &unavailable{cause: cause}
}

type unavailable struct{ cause error }

func (u *unavailable) Error() string { return "service unavailable: " + u.cause.Error() }

func (u *unavailable) Unwrap() []error { return []error{ErrUnavailable, u.cause} }
