package awsproto

import (
	"errors"
	"net/http"

	"github.com/openwatch/openwatch/internal/model"
)

// APIError is an error in AWS terms: the exception name SDKs match on, the
// message shown to the user and the HTTP status.
type APIError struct {
	Code    string
	Message string
	Status  int
	// Fields are extra members of a modeled exception (for example
	// queryCompileError of MalformedQueryException).
	Fields map[string]any
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// NewError returns an APIError with status 400.
func NewError(code, message string) *APIError {
	return &APIError{Code: code, Message: message, Status: http.StatusBadRequest}
}

// Common protocol-level errors.
var (
	errInternal = &APIError{Code: "InternalFailure", Message: "The request processing has failed because of an unknown error, exception or failure.", Status: http.StatusInternalServerError}
)

// kindCodes maps domain error kinds to exception names and statuses. The
// order matters only for errors that carry several kinds.
var kindCodes = []struct {
	kind   error
	code   string
	status int
}{
	{model.ErrNotFound, "ResourceNotFoundException", http.StatusBadRequest},
	{model.ErrAlreadyExists, "ResourceAlreadyExistsException", http.StatusBadRequest},
	{model.ErrInvalidParameter, "InvalidParameterException", http.StatusBadRequest},
	{model.ErrLimitExceeded, "LimitExceededException", http.StatusBadRequest},
	{model.ErrTooManyTags, "TooManyTagsException", http.StatusBadRequest},
	{model.ErrOperationAborted, "OperationAbortedException", http.StatusBadRequest},
	{model.ErrValidation, "ValidationException", http.StatusBadRequest},
	{model.ErrInvalidOperation, "InvalidOperationException", http.StatusBadRequest},
	{model.ErrAccessDenied, "AccessDeniedException", http.StatusBadRequest},
	{model.ErrMalformedQuery, "MalformedQueryException", http.StatusBadRequest},
	{model.ErrThrottled, "ThrottlingException", http.StatusBadRequest},
	{model.ErrUnrecognizedKey, "UnrecognizedClientException", http.StatusBadRequest},
	{model.ErrDisabledKey, "UnrecognizedClientException", http.StatusBadRequest},
	{model.ErrUnavailable, "ServiceUnavailableException", http.StatusServiceUnavailable},
	{model.ErrCorruption, "ServiceUnavailableException", http.StatusServiceUnavailable},
}

// ErrorFor converts any error a handler returns into an APIError. Errors
// that are not domain errors become InternalFailure, so internal detail never
// reaches the client; the caller logs the original.
func ErrorFor(err error) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	for _, kc := range kindCodes {
		if errors.Is(err, kc.kind) {
			msg := err.Error()
			var de *model.Error
			if errors.As(err, &de) {
				msg = de.Message
			} else if kc.status >= 500 {
				// Internal causes (paths, driver messages) stay in the log.
				msg = "The service is unavailable. Please try again."
			}
			out := &APIError{Code: kc.code, Message: msg, Status: kc.status}
			var fe interface{ ErrorFields() map[string]any }
			if errors.As(err, &fe) {
				out.Fields = fe.ErrorFields()
			}
			return out
		}
	}
	return errInternal
}
