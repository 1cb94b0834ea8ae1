// Package api is OpenWatch's HTTP edge: one port serves every AWS service
// (dispatched by awsproto), /healthz, /metrics and, when mounted, the web
// console. It knows wire formats
// and no business rules, and never touches storage.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/api/sigv4"
)

// Options configures NewServer.
type Options struct {
	Services     []awsproto.Service
	Verifier     *sigv4.Verifier
	MaxBodyBytes int64
	Logger       *slog.Logger
	// Registry receives the API's metrics and is served on /metrics.
	Registry *prometheus.Registry
}

// Server is the root http.Handler.
type Server struct {
	mux     *http.ServeMux
	ready   atomic.Bool
	opts    Options
	metrics *callMetrics
	aws     http.Handler
	// console serves the web console's pages when mounted.
	console http.Handler
}

// NewServer builds the root handler.
func NewServer(opts Options) *Server {
	s := &Server{mux: http.NewServeMux(), opts: opts}
	s.metrics = newCallMetrics(opts.Registry)
	s.aws = s.Door(sigv4Auth{opts.Verifier})
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(opts.Registry, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("/", s.root)
	return s
}

// Door returns an AWS API handler over the server's services, limits and
// call metrics that authenticates with auth instead of SigV4: the web
// console's way in, acting through the same operation handlers.
func (s *Server) Door(auth awsproto.Authenticator) http.Handler {
	return awsproto.NewHandler(awsproto.Options{
		Services:     s.opts.Services,
		Auth:         auth,
		MaxBodyBytes: s.opts.MaxBodyBytes,
		Logger:       s.opts.Logger,
		Observers:    []awsproto.Observer{s.metrics},
	})
}

// Services are the AWS services the server answers.
func (s *Server) Services() []awsproto.Service { return s.opts.Services }

// MountConsole serves the web console: everything under /console/api/,
// and page requests (see isPageRequest) that would otherwise reach the
// AWS API. Call it before serving.
func (s *Server) MountConsole(h http.Handler) {
	s.console = h
	s.mux.Handle("/console/api/", h)
}

func (s *Server) root(w http.ResponseWriter, r *http.Request) {
	if s.console != nil && isPageRequest(r) {
		s.console.ServeHTTP(w, r)
		return
	}
	s.aws.ServeHTTP(w, r)
}

// isPageRequest reports whether r is a browser fetching a page: a GET or
// HEAD that carries no AWS signature, neither in a header nor presigned,
// and names no query-protocol action. Every AWS request has one of those.
func isPageRequest(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.Header.Get("Authorization") != "" || r.Header.Get("X-Amz-Target") != "" {
		return false
	}
	q := r.URL.Query()
	for _, k := range []string{"Action", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Algorithm"} {
		if q.Has(k) {
			return false
		}
	}
	return true
}

// SetReady flips /healthz to 200 once the server accepts requests, and back
// to 503 while it drains.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	if !s.ready.Load() {
		http.Error(w, "starting or draining", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// sigv4Auth adapts the SigV4 verifier to awsproto's Authenticator,
// turning its failures into AWS errors.
type sigv4Auth struct{ v *sigv4.Verifier }

func (a sigv4Auth) Authenticate(ctx context.Context, r *http.Request, body []byte) (awsproto.Identity, error) {
	res, err := a.v.Verify(ctx, r, body)
	if err != nil {
		var se *sigv4.Error
		if errors.As(err, &se) {
			return awsproto.Identity{}, &awsproto.APIError{Code: se.Code, Message: se.Message, Status: se.Status}
		}
		return awsproto.Identity{}, err
	}
	return awsproto.Identity{Principal: res.Principal, Region: res.Region, Service: res.Service}, nil
}

// callMetrics counts calls by operation and outcome.
type callMetrics struct {
	calls    *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newCallMetrics(reg *prometheus.Registry) *callMetrics {
	m := &callMetrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "openwatch_api_requests_total",
			Help: "API requests by service, operation and error code (empty on success).",
		}, []string{"service", "operation", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "openwatch_api_request_duration_seconds",
			Help:    "API request latency by service and operation.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9),
		}, []string{"service", "operation"}),
	}
	reg.MustRegister(m.calls, m.duration)
	return m
}

func (m *callMetrics) ObserveCall(_ context.Context, rec awsproto.CallRecord) {
	// Unknown operations are folded so clients cannot grow label sets.
	op := rec.Operation
	if rec.Service == "" || rec.ErrorCode == "UnknownOperationException" {
		op = "unknown"
	}
	m.calls.WithLabelValues(rec.Service, op, rec.ErrorCode).Inc()
	m.duration.WithLabelValues(rec.Service, op).Observe(rec.Duration.Seconds())
}
