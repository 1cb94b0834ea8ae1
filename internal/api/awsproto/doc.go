// Package awsproto is the wire edge shared by every OpenWatch service: it
// picks the operation a request names, decodes its body, and writes results
// and errors in the envelope the AWS SDKs expect.
//
// Services plug in as a table of operations (Service); the protocol that
// frames them is a Protocol value, so the JSON 1.1 protocol of CloudWatch
// Logs, the JSON 1.0 / query / RPC v2 CBOR protocols of CloudWatch metrics
// and others share the same dispatch, signing check and error mapping.
//
// This is the only package that knows AWS exception names: domain errors
// (model.ErrNotFound, …) are mapped here, in errors.go.
package awsproto
