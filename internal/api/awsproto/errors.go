package awsproto

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/openwatch/openwatch/internal/model"
)

// APIError is an error in AWS terms: the exception name SDKs match on, the
// message shown to the user and the HTTP status.
type APIError struct {
	// Code is the exception name (the JSON and CBOR "__type").
	Code string
	// QueryCode is the code the query protocol sends instead, and that
	// query-compatible JSON and CBOR services repeat in x-amzn-query-error
	// (InvalidParameterValue for InvalidParameterValueException). Empty
	// means the usual query spelling of Code (see queryAliases), or Code.
	QueryCode string
	Message   string
	Status    int
	// Fields are extra members of a modeled exception (for example
	// queryCompileError of MalformedQueryException).
	Fields map[string]any
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// NewError returns an APIError with status 400.
func NewError(code, message string) *APIError {
	return &APIError{Code: code, Message: message, Status: http.StatusBadRequest}
}

// queryError returns the code and status the query protocol answers e with.
func (e *APIError) queryError() (code string, status int) {
	if e.QueryCode != "" {
		return e.QueryCode, e.Status
	}
	if a, ok := queryAliases[e.Code]; ok {
		if a.status != 0 {
			return a.code, a.status
		}
		return a.code, e.Status
	}
	return e.Code, e.Status
}

// fault is the query protocol's error Type: Receiver for server-side
// failures, Sender for everything the client can fix.
func (e *APIError) fault() string {
	if e.Status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// queryHeader is the x-amzn-query-error value: "<QueryCode>;<Sender|Receiver>".
func (e *APIError) queryHeader() string {
	code, _ := e.queryError()
	return code + ";" + e.fault()
}

// queryAliases spell the protocol-level exceptions the way query services
// do (AWS "Common Errors"); a zero status keeps the error's own.
var queryAliases = map[string]struct {
	code   string
	status int
}{
	"MissingAuthenticationTokenException": {"MissingAuthenticationToken", http.StatusForbidden},
	"IncompleteSignatureException":        {"IncompleteSignature", http.StatusBadRequest},
	"InvalidSignatureException":           {"SignatureDoesNotMatch", http.StatusForbidden},
	"UnrecognizedClientException":         {"InvalidClientTokenId", http.StatusForbidden},
	"AccessDeniedException":               {"AccessDenied", http.StatusForbidden},
	"ThrottlingException":                 {"Throttling", 0},
	"ServiceUnavailableException":         {"ServiceUnavailable", 0},
}

// Common protocol-level errors.
var (
	errInternal = &APIError{Code: "InternalFailure", Message: "The request processing has failed because of an unknown error, exception or failure.", Status: http.StatusInternalServerError}
)

// errNoOperation is the answer to a request that names no operation.
func errNoOperation() *APIError {
	return &APIError{Code: "UnknownOperationException", QueryCode: "MissingAction",
		Message: "The request does not name an operation.", Status: http.StatusBadRequest}
}

// errUnknownOperation is the answer to an operation nobody serves; the
// query protocol calls it InvalidAction.
func errUnknownOperation(msg string) *APIError {
	return &APIError{Code: "UnknownOperationException", QueryCode: "InvalidAction", Message: msg, Status: http.StatusBadRequest}
}

// errWrongService is the answer to a signature scoped to another service.
func errWrongService(signingName string) *APIError {
	return NewError("InvalidSignatureException", fmt.Sprintf("Credential should be scoped to correct service: '%s'. ", signingName))
}

// ErrorCode names one domain error kind the way a service does. A Service
// lists its own in Service.Errors; kinds it leaves out get the defaults.
type ErrorCode struct {
	Kind error
	// Code is the exception name; QueryCode, when set, the query code.
	Code      string
	QueryCode string
	Status    int
}

// kindCodes are the default names of domain error kinds. The order matters
// only for errors that carry several kinds.
var kindCodes = []ErrorCode{
	{Kind: model.ErrNotFound, Code: "ResourceNotFoundException", Status: http.StatusBadRequest},
	{Kind: model.ErrAlreadyExists, Code: "ResourceAlreadyExistsException", Status: http.StatusBadRequest},
	{Kind: model.ErrInvalidParameter, Code: "InvalidParameterException", Status: http.StatusBadRequest},
	{Kind: model.ErrLimitExceeded, Code: "LimitExceededException", Status: http.StatusBadRequest},
	{Kind: model.ErrTooManyTags, Code: "TooManyTagsException", Status: http.StatusBadRequest},
	{Kind: model.ErrOperationAborted, Code: "OperationAbortedException", Status: http.StatusBadRequest},
	{Kind: model.ErrValidation, Code: "ValidationException", Status: http.StatusBadRequest},
	{Kind: model.ErrInvalidOperation, Code: "InvalidOperationException", Status: http.StatusBadRequest},
	{Kind: model.ErrAccessDenied, Code: "AccessDeniedException", Status: http.StatusBadRequest},
	{Kind: model.ErrMalformedQuery, Code: "MalformedQueryException", Status: http.StatusBadRequest},
	{Kind: model.ErrThrottled, Code: "ThrottlingException", Status: http.StatusBadRequest},
	{Kind: model.ErrUnrecognizedKey, Code: "UnrecognizedClientException", Status: http.StatusBadRequest},
	{Kind: model.ErrDisabledKey, Code: "UnrecognizedClientException", Status: http.StatusBadRequest},
	{Kind: model.ErrUnavailable, Code: "ServiceUnavailableException", Status: http.StatusServiceUnavailable},
	{Kind: model.ErrCorruption, Code: "ServiceUnavailableException", Status: http.StatusServiceUnavailable},
}

// ErrorFor converts any error a handler returns into an APIError with the
// default names. Errors that are not domain errors become InternalFailure,
// so internal detail never reaches the client; the caller logs the original.
func ErrorFor(err error) *APIError { return errorFor(err, nil) }

// errorFor is ErrorFor with a service's own names tried first.
func errorFor(err error, own []ErrorCode) *APIError {
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	for _, table := range [][]ErrorCode{own, kindCodes} {
		for _, ec := range table {
			if errors.Is(err, ec.Kind) {
				return domainError(err, ec)
			}
		}
	}
	return errInternal
}

func domainError(err error, ec ErrorCode) *APIError {
	msg := err.Error()
	var de *model.Error
	if errors.As(err, &de) {
		msg = de.Message
	} else if ec.Status >= 500 {
		// Internal causes (paths, driver messages) stay in the log.
		msg = "The service is unavailable. Please try again."
	}
	out := &APIError{Code: ec.Code, QueryCode: ec.QueryCode, Message: msg, Status: ec.Status}
	var fe interface{ ErrorFields() map[string]any }
	if errors.As(err, &fe) {
		out.Fields = fe.ErrorFields()
	}
	return out
}
