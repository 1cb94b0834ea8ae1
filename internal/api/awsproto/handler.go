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

	"github.com/openwatch/openwatch/internal/model"
)

// Handler runs one operation. It returns the wire result (encoded by the
// protocol; nil means an empty object) or an error.
type Handler func(ctx context.Context, c *Call) (any, error)

// Service is one AWS service's operation table in one protocol.
type Service struct {
	// TargetPrefix is what precedes the operation in X-Amz-Target, for
	// example "Logs_20140328".
	TargetPrefix string
	// SigningName is the SigV4 service name requests must be signed for
	// ("logs", "monitoring", …).
	SigningName string
	Protocol    Protocol
	Operations  map[string]Handler
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
	body      []byte
	proto     Protocol
}

// Decode fills v from the request body in the request's protocol.
func (c *Call) Decode(v any) error { return c.proto.Decode(c.body, v) }

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
	byTarget map[string]*Service
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
	h := &handler{opts: opts, byTarget: map[string]*Service{}, fallback: JSON{Version: "1.1"}}
	for i := range opts.Services {
		s := &opts.Services[i]
		h.byTarget[s.TargetPrefix] = s
	}
	return h
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := newRequestID()
	w.Header().Set("X-Amzn-RequestId", reqID)
	rec := CallRecord{RequestID: reqID, Start: start, SourceIP: r.RemoteAddr, UserAgent: r.UserAgent()}

	svc, op, proto := h.route(r)
	if svc != nil {
		rec.Service = svc.TargetPrefix
	}
	rec.Operation = op
	fail := func(err error) {
		ae := ErrorFor(err)
		if ae.Status >= 500 {
			h.opts.Logger.Error("request failed", "request_id", reqID, "operation", op, "err", err)
		}
		rec.ErrorCode = ae.Code
		proto.WriteError(w, ae)
	}
	defer func() {
		if v := recover(); v != nil {
			h.opts.Logger.Error("BUG: handler panicked", "request_id", reqID, "operation", op, "panic", v)
			rec.ErrorCode = errInternal.Code
			proto.WriteError(w, errInternal)
		}
		rec.Duration = time.Since(start)
		for _, o := range h.opts.Observers {
			o.ObserveCall(r.Context(), rec)
		}
	}()

	raw, err := readLimited(r.Body, h.opts.MaxBodyBytes)
	if err != nil {
		fail(err)
		return
	}
	id, err := h.opts.Auth.Authenticate(r.Context(), r, raw)
	if err != nil {
		fail(err)
		return
	}
	rec.Identity = id
	if svc == nil {
		if op == "" && r.Header.Get("X-Amz-Target") == "" {
			fail(NewError("UnknownOperationException", "The request does not name an operation."))
			return
		}
		fail(NewError("UnknownOperationException", fmt.Sprintf("The operation %q is not supported.", r.Header.Get("X-Amz-Target"))))
		return
	}
	if svc.SigningName != "" && id.Service != svc.SigningName {
		fail(NewError("InvalidSignatureException", fmt.Sprintf("Credential should be scoped to correct service: '%s'. ", svc.SigningName)))
		return
	}
	run, ok := svc.Operations[op]
	if !ok {
		fail(NewError("UnknownOperationException", fmt.Sprintf("The operation %q is not supported by this service.", op)))
		return
	}
	body := raw
	if r.Header.Get("Content-Encoding") == "gzip" {
		if body, err = gunzip(raw, h.opts.MaxBodyBytes); err != nil {
			fail(err)
			return
		}
	}
	call := &Call{Identity: id, RequestID: reqID, Operation: op, body: body, proto: proto}
	result, err := run(r.Context(), call)
	if err != nil {
		fail(err)
		return
	}
	if err := proto.WriteResult(w, op, result); err != nil {
		h.opts.Logger.Warn("cannot write response", "request_id", reqID, "err", err)
	}
}

// route finds the service and operation a request names. When nothing
// matches it still returns a protocol, so the error is framed the way the
// client most likely expects.
func (h *handler) route(r *http.Request) (*Service, string, Protocol) {
	for _, s := range h.opts.Services {
		target, op, ok := s.Protocol.Operation(r)
		if !ok {
			continue
		}
		if svc, found := h.byTarget[target]; found {
			return svc, op, svc.Protocol
		}
		return nil, op, s.Protocol
	}
	return nil, "", h.fallback
}

func readLimited(body io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(body, limit+1))
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
