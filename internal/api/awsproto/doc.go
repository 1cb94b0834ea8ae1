// Package awsproto is the wire edge shared by every OpenWatch service: it
// picks the operation a request names, decodes its body, and writes results
// and errors in the envelope the AWS SDKs expect.
//
// Services plug in as a table of operations (Service) and the protocols
// they answer in. One service may speak several at once, as CloudWatch
// does:
//
//   - JSON 1.0/1.1 (JSON): POST / with X-Amz-Target "<TargetPrefix>.<Op>".
//   - RPC v2 CBOR (RPCv2CBOR): POST /service/<TargetPrefix>/operation/<Op>
//     with Smithy-Protocol: rpc-v2-cbor.
//   - query (Query): a form body (or the URL of a GET) with Action=<Op> and
//     Version=<API version>, answered in XML. The Version tells services
//     apart; without one, the service the signature is scoped to answers.
//
// A request is matched to a protocol by its headers before its body is
// read, so every failure, even an unreadable body or a bad signature, is
// answered in the client's own protocol, and every response carries
// X-Amzn-RequestId. Content-Encoding: gzip bodies are accepted in all of
// them.
//
// Handlers see one set of wire structs: the `json` tags name the members
// in every protocol, and Timestamp frames instants the way each protocol
// wants (epoch seconds, CBOR tag 1, ISO 8601).
//
// This is the only package that knows AWS exception names: domain errors
// (model.ErrNotFound, …) are mapped here, in errors.go, with a service's
// own names (Service.Errors, for example CloudWatchErrors) tried first.
package awsproto
