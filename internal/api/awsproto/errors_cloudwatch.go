package awsproto

import (
	"net/http"

	"github.com/openwatch/openwatch/internal/model"
)

// CloudWatchErrors returns the CloudWatch metrics and alarms API's names for
// domain errors, for its Service.Errors: exception shapes for JSON and CBOR
// and the legacy query codes that the query protocol sends and the other
// two repeat in x-amzn-query-error. Errors particular to one action
// (DashboardNotFoundError, MissingRequiredParameterException, …) are
// returned by its handler as an *APIError.
func CloudWatchErrors() []ErrorCode {
	return []ErrorCode{
		{Kind: model.ErrInvalidParameter, Code: "InvalidParameterValueException", QueryCode: "InvalidParameterValue", Status: http.StatusBadRequest},
		{Kind: model.ErrValidation, Code: "ValidationError", Status: http.StatusBadRequest},
		{Kind: model.ErrLimitExceeded, Code: "LimitExceededFault", QueryCode: "LimitExceeded", Status: http.StatusBadRequest},
		{Kind: model.ErrNotFound, Code: "ResourceNotFound", Status: http.StatusNotFound},
		{Kind: model.ErrUnavailable, Code: "InternalServiceFault", QueryCode: "InternalServiceError", Status: http.StatusInternalServerError},
		{Kind: model.ErrCorruption, Code: "InternalServiceFault", QueryCode: "InternalServiceError", Status: http.StatusInternalServerError},
	}
}
