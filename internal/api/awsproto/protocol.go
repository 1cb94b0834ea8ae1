package awsproto

import (
	"net/http"
)

// Protocol frames operations on the wire. Each AWS protocol (JSON 1.1, JSON
// 1.0, query, RPC v2 CBOR) is one implementation, chosen per request.
type Protocol interface {
	// Operation names the service and operation r targets, or ok=false when r
	// is not framed in this protocol.
	Operation(r *http.Request) (target, op string, ok bool)
	// Decode fills v (a pointer to a wire struct) from the request body.
	// Malformed input yields an *APIError.
	Decode(body []byte, v any) error
	// WriteResult writes a successful response.
	WriteResult(w http.ResponseWriter, op string, result any) error
	// WriteError writes an error in the protocol's envelope.
	WriteError(w http.ResponseWriter, e *APIError)
}
