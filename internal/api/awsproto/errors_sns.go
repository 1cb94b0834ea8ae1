package awsproto

import (
	"net/http"

	"github.com/openwatch/openwatch/internal/model"
)

// SNSErrors returns SNS's names for domain errors, for its Service.Errors:
// the exception shapes of JSON 1.0 with the query codes that the query
// protocol sends and JSON repeats in x-amzn-query-error.
func SNSErrors() []ErrorCode {
	return []ErrorCode{
		{Kind: model.ErrNotFound, Code: "NotFoundException", QueryCode: "NotFound", Status: http.StatusNotFound},
		{Kind: model.ErrInvalidParameter, Code: "InvalidParameterException", QueryCode: "InvalidParameter", Status: http.StatusBadRequest},
		{Kind: model.ErrAccessDenied, Code: "AuthorizationErrorException", QueryCode: "AuthorizationError", Status: http.StatusForbidden},
		{Kind: model.ErrTooManyTags, Code: "TagLimitExceededException", QueryCode: "TagLimitExceeded", Status: http.StatusBadRequest},
		{Kind: model.ErrLimitExceeded, Code: "TopicLimitExceededException", QueryCode: "TopicLimitExceeded", Status: http.StatusForbidden},
		{Kind: model.ErrThrottled, Code: "ThrottledException", QueryCode: "Throttled", Status: http.StatusTooManyRequests},
		{Kind: model.ErrUnavailable, Code: "InternalErrorException", QueryCode: "InternalError", Status: http.StatusInternalServerError},
		{Kind: model.ErrCorruption, Code: "InternalErrorException", QueryCode: "InternalError", Status: http.StatusInternalServerError},
	}
}
