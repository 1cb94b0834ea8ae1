// Package sigv4 verifies AWS Signature Version 4 on the server side, for
// every request OpenWatch receives, whatever its wire protocol (JSON 1.0 and
// 1.1, the query protocol with form bodies, Smithy RPC v2 CBOR).
//
// Two forms are accepted, exactly as AWS services accept them:
//
//   - the Authorization header:
//     "AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request,
//     SignedHeaders=<a;b;c>, Signature=<hex>", with X-Amz-Date (or Date);
//   - the presigned query string: X-Amz-Algorithm, X-Amz-Credential,
//     X-Amz-Date, X-Amz-Expires (optional), X-Amz-SignedHeaders and
//     X-Amz-Signature.
//
// The canonical request is rebuilt from the request as received: the path as
// sent, URI-encoded once more (the rule for every service but S3), the query
// parameters decoded, re-encoded per RFC 3986 and sorted, the signed headers
// with trimmed values, the host taken from the Host header, and the payload
// hash. A failure is an *Error carrying the exception name and message AWS
// JSON services answer with; the protocol layer renders it.
package sigv4
