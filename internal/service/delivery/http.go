package delivery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// DefaultHTTPTimeout bounds one webhook attempt, as SNS bounds its HTTP
// deliveries.
const DefaultHTTPTimeout = 15 * time.Second

// HTTPTransport POSTs the body with the delivery's headers. Any 2xx status
// is success; everything else is retried.
type HTTPTransport struct {
	client *http.Client
}

// NewHTTPTransport returns a transport whose attempts time out after
// timeout (0 means DefaultHTTPTimeout).
func NewHTTPTransport(timeout time.Duration) *HTTPTransport {
	if timeout <= 0 {
		timeout = DefaultHTTPTimeout
	}
	return &HTTPTransport{client: &http.Client{Timeout: timeout}}
}

// Deliver makes one request, a POST unless the delivery names another
// method.
func (t *HTTPTransport) Deliver(ctx context.Context, d model.Delivery) error {
	method := cmp.Or(d.Method, http.MethodPost)
	var body io.Reader
	if d.Body != "" || method != http.MethodGet && method != http.MethodHead {
		body = strings.NewReader(d.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, d.URL, body)
	if err != nil {
		return Permanent(fmt.Errorf("cannot build request: %w", err))
	}
	for k, v := range d.Headers {
		req.Header.Set(k, v)
	}
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "text/plain; charset=UTF-8")
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return fmt.Errorf("cannot %s to %s: %w", method, redact(d.URL), err)
	}
	defer resp.Body.Close()
	// A little of the body says why; the rest is drained so the
	// connection can be reused.
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		msg := fmt.Sprintf("endpoint answered HTTP %d", resp.StatusCode)
		if s := strings.TrimSpace(string(snippet)); s != "" {
			msg += ": " + strings.ToValidUTF8(s, "?")
		}
		return errors.New(msg)
	}
	return nil
}
