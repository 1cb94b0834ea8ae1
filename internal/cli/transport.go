package cli

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

// OwnBodyTransport gives the HTTP transport a request body of its own.
// The SDK closes the body it built as soon as the response headers arrive;
// the transport reads the body once more after the bytes are on the wire,
// and if that read comes after the SDK's close it fails with io.EOF and the
// transport drops the connection in the middle of the response. On a busy
// machine a fast answer, GetQueryResults in particular, wins that race
// often enough to break a run.
type OwnBodyTransport struct{ Next http.RoundTripper }

// RoundTrip sends a copy of r whose body the transport owns.
func (t OwnBodyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return t.Next.RoundTrip(r)
	}
	var buf bytes.Buffer
	buf.Grow(int(max(r.ContentLength, 0)))
	_, err := buf.ReadFrom(r.Body)
	if cerr := r.Body.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read request body: %w", err)
	}
	body := buf.Bytes()
	own := r.Clone(r.Context())
	own.Body = io.NopCloser(bytes.NewReader(body))
	own.ContentLength = int64(len(body))
	own.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	return t.Next.RoundTrip(own)
}

// NewHTTPClient returns the HTTP client OpenWatch's own tools give the AWS
// SDK.
func NewHTTPClient() *http.Client {
	return &http.Client{Transport: OwnBodyTransport{Next: http.DefaultTransport}}
}
