package awsproto

import (
	"net/http"

	"github.com/openwatch/openwatch/internal/model"
)

// CloudWatchErrors returns the CloudWatch metrics and alarms API's names for
// domain errors, for its Service.Errors: exception shapes for JSON and CBOR
// and the legacy query codes that the query protocol sends and the other
// two repeat in x-amzn-query-error. Errors particular to one action
// (DashboardNotFoundError, …) are returned by its handler as an *APIError.
func CloudWatchErrors() []ErrorCode {
	return []ErrorCode{
		// The refinements of ErrInvalidParameter come before it: they wrap it.
		{Kind: model.ErrMissingParameter, Code: "MissingRequiredParameterException", QueryCode: "MissingParameter", Status: http.StatusBadRequest},
		{Kind: model.ErrInvalidParameterCombination, Code: "InvalidParameterCombinationException", QueryCode: "InvalidParameterCombination", Status: http.StatusBadRequest},
		{Kind: model.ErrInvalidNextToken, Code: "InvalidNextToken", Status: http.StatusBadRequest},
		{Kind: model.ErrInvalidParameter, Code: "InvalidParameterValueException", QueryCode: "InvalidParameterValue", Status: http.StatusBadRequest},
		{Kind: model.ErrValidation, Code: "ValidationError", Status: http.StatusBadRequest},
		{Kind: model.ErrLimitExceeded, Code: "LimitExceededFault", QueryCode: "LimitExceeded", Status: http.StatusBadRequest},
		{Kind: model.ErrNotFound, Code: "ResourceNotFound", Status: http.StatusNotFound},
		{Kind: model.ErrUnavailable, Code: "InternalServiceFault", QueryCode: "InternalServiceError", Status: http.StatusInternalServerError},
		{Kind: model.ErrCorruption, Code: "InternalServiceFault", QueryCode: "InternalServiceError", Status: http.StatusInternalServerError},
	}
}
