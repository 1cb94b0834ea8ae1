package awsproto

import (
	"net/http"
	"strconv"
)

// Protocol frames operations on the wire. Each AWS protocol (JSON 1.0/1.1,
// query, RPC v2 CBOR) is one implementation; a Service lists the ones it
// answers in, and the dispatcher picks one per request. Implementations are
// immutable values, safe for concurrent use.
//
// The built-in protocols claim disjoint requests: JSON needs X-Amz-Target,
// RPC v2 CBOR the Smithy-Protocol header or its /service/…/operation/… path,
// and query a form body (or a GET with Action) and neither of the others.
type Protocol interface {
	// Name is the protocol's Smithy name ("awsJson1_1", "awsQuery",
	// "rpcv2Cbor", …), reported in CallRecord.
	Name() string
	// Claims reports whether r is framed in this protocol. It looks only at
	// the method, path and headers, because it runs before the body is read:
	// failures at that stage (an oversized body, a bad signature) are still
	// answered in the client's protocol.
	Claims(r *http.Request) bool
	// Route names the service and operation of a request this protocol
	// claims. body is the request body with any Content-Encoding undone, or
	// nil when Route is asked before the body is read: a protocol that
	// names them in the body returns what the rest of the request says. key
	// is matched against ServiceKey; an empty key means the request does not
	// say, and the service is the one its signature is scoped to. An empty
	// op means the request names no operation.
	Route(r *http.Request, body []byte) (key, op string)
	// ServiceKey is the key under which s is reached in this protocol: its
	// TargetPrefix for JSON and CBOR, its API version for query.
	ServiceKey(s *Service) string
	// Decode fills v (a pointer to a wire struct) from the request. Malformed
	// input yields an *APIError.
	Decode(r *http.Request, body []byte, v any) error
	// WriteResult writes a successful response. A nil result means the
	// operation has no output shape. It encodes the whole response before
	// writing anything, so when it returns an error nothing has been written
	// and the caller can still answer with an error; failures writing to the
	// connection are not reported, as nothing useful can follow them.
	WriteResult(w http.ResponseWriter, rp Reply, result any) error
	// WriteError writes an error in the protocol's envelope.
	WriteError(w http.ResponseWriter, rp Reply, e *APIError)
}

// Reply is what a protocol needs to frame a response besides the payload.
type Reply struct {
	// RequestID is the id sent in X-Amzn-RequestId; the query protocol
	// repeats it in the body.
	RequestID string
	// Operation is the operation's name, empty when the request named none.
	Operation string
}

// writeBody writes a fully encoded response.
func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	if len(body) > 0 {
		h.Set("Content-Type", contentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if len(body) > 0 {
		_, _ = w.Write(body)
	}
}
