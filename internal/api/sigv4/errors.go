package sigv4

import (
	"fmt"
	"net/http"
	"time"
)

// Exception names AWS JSON services answer authentication failures with.
// The query protocol spells them without the "Exception" suffix
// (MissingAuthenticationToken, IncompleteSignature, SignatureDoesNotMatch,
// InvalidClientTokenId); that mapping belongs to the protocol layer.
const (
	CodeMissingAuthenticationToken = "MissingAuthenticationTokenException"
	CodeIncompleteSignature        = "IncompleteSignatureException"
	CodeUnrecognizedClient         = "UnrecognizedClientException"
	CodeInvalidSignature           = "InvalidSignatureException"
)

// Messages as AWS words them (the last two as S3 does; the JSON services
// have no presigned-expiry or payload-hash wording of their own).
const (
	msgMissingToken      = "Request is missing Authentication Token"
	msgUnrecognizedToken = "The security token included in the request is invalid."
	msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgPayloadMismatch = "The provided 'x-amz-content-sha256' header does not match what was computed."
	msgRequestExpired  = "Request has expired"
	msgHostNotSigned   = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
)

// Error is the failure returned by Verify; Code is the AWS exception name,
// Message the text AWS sends with it and Status the HTTP status. Cause, when
// set, is the error that led to it (for example the key lookup's
// model.ErrUnrecognizedKey), kept for logs and errors.Is.
type Error struct {
	Code    string
	Message string
	Status  int
	Cause   error
}

// Error returns "Code: Message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Unwrap exposes Cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Cause }

// WrongService is the failure for a request whose credential scope names a
// service other than the one the request was routed to (a "logs" signature
// sent to the CloudWatch metrics endpoint, say). Verify cannot tell, since it
// does not know the route; the dispatcher compares Result.Service and answers
// with this.
func WrongService(want string) *Error {
	return invalidSignature(fmt.Sprintf("Credential should be scoped to correct service: '%s'.", want))
}

func incomplete(msg string) *Error {
	return &Error{Code: CodeIncompleteSignature, Message: msg, Status: http.StatusBadRequest}
}

func invalidSignature(msg string) *Error {
	return &Error{Code: CodeInvalidSignature, Message: msg, Status: http.StatusBadRequest}
}

func missingToken() *Error {
	return &Error{Code: CodeMissingAuthenticationToken, Message: msgMissingToken, Status: http.StatusBadRequest}
}

func unrecognized(cause error) *Error {
	return &Error{Code: CodeUnrecognizedClient, Message: msgUnrecognizedToken, Status: http.StatusBadRequest, Cause: cause}
}

// signatureExpired and signatureNotYetCurrent word the clock-skew failures
// the way AWS does, e.g. "Signature expired: 20240101T000000Z is now earlier
// than 20240101T001600Z (20240101T003100Z - 15 min.)".
func signatureExpired(date, now time.Time, skew time.Duration) *Error {
	return invalidSignature(fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s.)",
		date.Format(amzDateLayout), now.Add(-skew).Format(amzDateLayout), now.Format(amzDateLayout), skewText(skew)))
}

func signatureNotYetCurrent(date, now time.Time, skew time.Duration) *Error {
	return invalidSignature(fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s.)",
		date.Format(amzDateLayout), now.Add(skew).Format(amzDateLayout), now.Format(amzDateLayout), skewText(skew)))
}

// skewText prints the window as AWS does ("15 min"); a window that is not a
// whole number of minutes is printed in seconds so the message stays true.
func skewText(skew time.Duration) string {
	if skew%time.Minute == 0 {
		return fmt.Sprintf("%d min", skew/time.Minute)
	}
	return fmt.Sprintf("%d sec", skew/time.Second)
}
