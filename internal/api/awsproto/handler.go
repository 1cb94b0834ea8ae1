package awsproto

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/openwatch/openwatch/internal/bytepool"
	"github.com/openwatch/openwatch/internal/model"
)

// Handler runs one operation. It returns the wire result, encoded by the
// request's protocol, or an error. A nil result means the operation has no
// output shape: the JSON protocols write {}, RPC v2 CBOR an empty body and
// the query protocol an <OpResponse> without <OpResult>. Operations that
// have an output, even an empty one, return a non-nil value.
type Handler func(ctx context.Context, c *Call) (any, error)

// Service is one AWS service's operation table and the protocols it is
// reachable in.
type Service struct {
	// TargetPrefix is what precedes the operation in X-Amz-Target, for
	// example "Logs_20140328"; it is also the service name in RPC v2 CBOR
	// paths.
	TargetPrefix string
	// SigningName is the SigV4 service name requests must be signed for
	// ("logs", "monitoring", …).
	SigningName string
	// Protocols are the framings the service answers in, for example
	// RPCv2CBOR, JSON 1.0 and Query for CloudWatch. Each request is answered
	// in the one it came in.
	Protocols  []Protocol
	Operations map[string]Handler
	// Errors names domain errors the service's own way; kinds it leaves out
	// get the defaults of ErrorFor.
	Errors []ErrorCode
	// ReusesBody names the operations whose handlers keep nothing of the
	// request body, nor anything that shares its memory, once they return:
	// their body buffers are reused by later requests. It is for the
	// ingest calls, whose megabyte bodies were each a fresh allocation the
	// runtime zeroed and the kernel faulted in.
	ReusesBody map[string]bool
}

// Identity is who signed a request and for which region.
type Identity struct {
	Principal model.Principal
	Region    string
	// Service is the service name of the signature's credential scope.
	Service string
}

// Authenticator verifies a request's signature. It returns an *APIError for
// client-side failures (bad signature, unknown key, clock skew) and any
// other error for infrastructure failures.
type Authenticator interface {
	Authenticate(ctx context.Context, r *http.Request, body []byte) (Identity, error)
}

// Call is one decoded request as a Handler sees it.
type Call struct {
	Identity
	RequestID string
	Operation string
	req       *http.Request
	body      []byte
	proto     Protocol
}

// Decode fills v from the request in the request's protocol.
func (c *Call) Decode(v any) error { return c.proto.Decode(c.req, c.body, v) }

// Body returns the request body with any Content-Encoding undone, for an
// operation on a hot path that reads its input itself (falling back to
// Decode for anything it does not handle); it must not be modified.
func (c *Call) Body() []byte { return c.body }

// Header returns a header of the request, for an operation's extension
// that no AWS client sends.
func (c *Call) Header(name string) string { return c.req.Header.Get(name) }

// HasURLParams reports whether the request's URL carries a query string,
// whose parameters the query protocol reads with the body's.
func (c *Call) HasURLParams() bool { return c.req.URL.RawQuery != "" }

// Protocol returns the protocol the request came in.
func (c *Call) Protocol() Protocol { return c.proto }

// Observer is told about every finished call; metrics and the audit trail
// hang off it.
type Observer interface {
	ObserveCall(ctx context.Context, rec CallRecord)
}

// CallRecord describes one finished call.
type CallRecord struct {
	RequestID string
	Service   string
	Operation string
	// Protocol is the Name of the protocol the request came in.
	Protocol  string
	Identity  Identity
	SourceIP  string
	UserAgent string
	Start     time.Time
	Duration  time.Duration
	ErrorCode string // "" on success
}

// Options configures NewHandler.
type Options struct {
	Services []Service
	Auth     Authenticator
	// MaxBodyBytes caps a request body after decompression.
	MaxBodyBytes int64
	Logger       *slog.Logger
	Observers    []Observer
}

type handler struct {
	opts     Options
	fallback Protocol
}

// NewHandler returns the http.Handler that serves every configured AWS
// service on one port.
func NewHandler(opts Options) http.Handler {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = 8 << 20
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &handler{opts: opts, fallback: JSON{Version: "1.1"}}
}

// route is where a request goes: the service (nil until known), the
// protocol that frames the answer, and what the request names.
type route struct {
	svc   *Service
	proto Protocol
	key   string
	op    string
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := newRequestID()
	w.Header().Set("X-Amzn-RequestId", reqID)
	rec := CallRecord{RequestID: reqID, Start: start, SourceIP: r.RemoteAddr, UserAgent: r.UserAgent()}

	rt := h.frame(r)
	// Protocols that name the service outside the body name it now, so
	// even an unreadable body is answered in that service's protocol.
	h.resolve(r, nil, &rt)
	rec.Protocol, rec.Operation = rt.proto.Name(), rt.op
	fail := func(err error) {
		var own []ErrorCode
		if rt.svc != nil {
			own = rt.svc.Errors
		}
		ae := errorFor(err, own)
		if ae.Status >= 500 {
			h.opts.Logger.Error("request failed", "request_id", reqID, "operation", rt.op, "err", err)
		}
		rec.ErrorCode = ae.Code
		rt.proto.WriteError(w, Reply{RequestID: reqID, Operation: rt.op}, ae)
	}
	defer func() {
		if v := recover(); v != nil {
			h.opts.Logger.Error("BUG: handler panicked", "request_id", reqID, "operation", rt.op, "panic", v)
			rec.ErrorCode = errInternal.Code
			rt.proto.WriteError(w, Reply{RequestID: reqID, Operation: rt.op}, errInternal)
		}
		rec.Duration = time.Since(start)
		for _, o := range h.opts.Observers {
			o.ObserveCall(r.Context(), rec)
		}
	}()

	var scratch []byte
	if rt.svc != nil && rt.svc.ReusesBody[rt.op] && r.ContentLength > 0 && r.ContentLength <= maxReusedBody {
		scratch = bodies.Get(int(r.ContentLength))
		// The answer is written by the time this runs, unless the handler
		// panicked, and a panic's answer holds nothing of the body.
		defer bodies.Put(scratch)
	}
	raw, err := readLimited(r.Body, r.ContentLength, h.opts.MaxBodyBytes, scratch)
	if err != nil {
		fail(err)
		return
	}
	body := raw
	if r.Header.Get("Content-Encoding") == "gzip" {
		if body, err = gunzip(raw, h.opts.MaxBodyBytes); err != nil {
			fail(err)
			return
		}
	}
	if rt.svc == nil {
		h.resolve(r, body, &rt)
	}
	rec.Operation = rt.op
	if rt.svc != nil {
		rec.Service, rec.Protocol = rt.svc.TargetPrefix, rt.proto.Name()
	}
	// The signature covers the body as sent, before Content-Encoding.
	id, err := h.opts.Auth.Authenticate(r.Context(), r, raw)
	if err != nil {
		fail(err)
		return
	}
	rec.Identity = id
	if rt.svc == nil && rt.key == "" && rt.op != "" {
		h.bySigningName(r, id.Service, &rt)
		if rt.svc != nil {
			rec.Service, rec.Protocol = rt.svc.TargetPrefix, rt.proto.Name()
		}
	}
	switch {
	case rt.op == "":
		fail(errNoOperation())
		return
	case rt.svc == nil:
		name := rt.op
		if rt.key != "" {
			name = rt.key + "." + rt.op
		}
		fail(errUnknownOperation(fmt.Sprintf("The operation %q is not supported.", name)))
		return
	}
	if rt.svc.SigningName != "" && id.Service != rt.svc.SigningName {
		fail(errWrongService(rt.svc.SigningName))
		return
	}
	run, ok := rt.svc.Operations[rt.op]
	if !ok {
		fail(errUnknownOperation(fmt.Sprintf("The operation %q is not supported by this service.", rt.op)))
		return
	}
	call := &Call{Identity: id, RequestID: reqID, Operation: rt.op, req: r, body: body, proto: rt.proto}
	result, err := run(r.Context(), call)
	if err != nil {
		fail(err)
		return
	}
	if err := rt.proto.WriteResult(w, Reply{RequestID: reqID, Operation: rt.op}, result); err != nil {
		h.opts.Logger.Error("BUG: cannot encode response", "request_id", reqID, "operation", rt.op, "err", err)
		rec.ErrorCode = errInternal.Code
		rt.proto.WriteError(w, Reply{RequestID: reqID, Operation: rt.op}, errInternal)
	}
}

// frame picks the protocol of r from its method, path and headers alone:
// the first one, in service order, that claims it. When none does the
// answer is framed as JSON 1.1, the protocol of the oldest clients.
func (h *handler) frame(r *http.Request) route {
	for i := range h.opts.Services {
		for _, p := range h.opts.Services[i].Protocols {
			if p.Claims(r) {
				return route{proto: p}
			}
		}
	}
	return route{proto: h.fallback}
}

// resolve reads the service key and operation from the request (body is
// nil before the body is read) and finds the service that answers to the
// key in a protocol that claims r; the answer is then framed in that
// service's protocol.
func (h *handler) resolve(r *http.Request, body []byte, rt *route) {
	rt.key, rt.op = rt.proto.Route(r, body)
	if rt.key == "" {
		return
	}
	for i := range h.opts.Services {
		s := &h.opts.Services[i]
		for _, p := range s.Protocols {
			if p.Claims(r) && p.ServiceKey(s) == rt.key {
				rt.svc, rt.proto = s, p
				return
			}
		}
	}
}

// bySigningName finds the service for a request that does not name one
// (a query request without Version): the one its signature is scoped to.
func (h *handler) bySigningName(r *http.Request, signingName string, rt *route) {
	for i := range h.opts.Services {
		s := &h.opts.Services[i]
		if s.SigningName != signingName {
			continue
		}
		for _, p := range s.Protocols {
			if p.Claims(r) {
				rt.svc, rt.proto = s, p
				return
			}
		}
	}
}

// maxReusedBody is the largest body whose buffer is kept for reuse; larger
// ones are rare enough that holding on to their memory is not worth it.
const maxReusedBody = 4 << 20

// bodies holds the body buffers of operations that reuse them.
var bodies = bytepool.New(maxReusedBody)

// readLimited reads a body of at most limit bytes. A declared length is
// read into one buffer of that size: growing a buffer to a megabyte
// through io.ReadAll cost a tenth of the ingest path.
// When buf has room for the declared length, it is read into buf.
func readLimited(body io.Reader, size, limit int64, buf []byte) ([]byte, error) {
	var b []byte
	if size > 0 && size <= limit {
		if int64(cap(buf)) >= size {
			b = buf[:size]
		} else {
			b = make([]byte, size)
		}
		n, err := io.ReadFull(body, b)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, NewError("SerializationException", "cannot read request body")
		}
		if b = b[:n]; n < int(size) {
			return b, nil
		}
	}
	// The rest: all of a body of unknown length, or what follows the
	// declared length (which net/http's server never passes on).
	rest, err := io.ReadAll(io.LimitReader(body, limit+1-int64(len(b))))
	if b == nil {
		b = rest
	} else {
		b = append(b, rest...)
	}
	if err != nil {
		return nil, NewError("SerializationException", "cannot read request body")
	}
	if int64(len(b)) > limit {
		return nil, &APIError{Code: "InvalidParameterException", Message: fmt.Sprintf("Request body exceeds the limit of %d bytes.", limit), Status: http.StatusRequestEntityTooLarge}
	}
	return b, nil
}

func gunzip(b []byte, limit int64) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, NewError("SerializationException", "Content-Encoding is gzip but the body is not valid gzip.")
	}
	out, err := io.ReadAll(io.LimitReader(zr, limit+1))
	if err != nil {
		return nil, NewError("SerializationException", "Content-Encoding is gzip but the body is not valid gzip.")
	}
	if int64(len(out)) > limit {
		return nil, &APIError{Code: "InvalidParameterException", Message: fmt.Sprintf("Decompressed request body exceeds the limit of %d bytes.", limit), Status: http.StatusRequestEntityTooLarge}
	}
	return out, nil
}

func newRequestID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(errors.New("BUG: crypto/rand failed: " + err.Error()))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
