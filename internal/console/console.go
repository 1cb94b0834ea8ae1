// Package console is the web console's HTTP side: the embedded single-page
// app, and the JSON endpoints under /console/api/ it calls: sign-in and
// sessions, the AWS door (every AWS operation, acting as the session's
// principal through the same operation handlers as SigV4 requests), live
// tail by server-sent events, and read-only dashboard share links.
//
// Every console API call that changes something carries the session's CSRF
// token in X-CSRF-Token; the session cookie is HttpOnly and SameSite=Strict,
// and no secret is ever handed to page scripts except that token.
package console

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/consoleauth"
	"github.com/openwatch/openwatch/internal/service/livetail"
)

// Limits of the console API.
const (
	// maxJSONBytes caps the body of a console JSON call (sign-in, shares).
	maxJSONBytes = 64 << 10
	// DefaultTailsPerSession bounds the live tails one session keeps open.
	DefaultTailsPerSession = 4
	// maxTails bounds the live tails of the whole server.
	maxTails = 256
	// DefaultRegion is the region console calls act in: the browser signs
	// nothing, so no credential scope names one.
	DefaultRegion = "us-east-1"
)

// Dashboards reads dashboards for share links.
type Dashboards interface {
	Get(ctx context.Context, accountID, name string) (model.Dashboard, error)
}

// Options configures New.
type Options struct {
	Auth *consoleauth.Service
	Tail *livetail.Hub
	// Dashboards serves the shared view.
	Dashboards Dashboards
	// Door builds an AWS API handler over the server's services that
	// authenticates with the given Authenticator instead of SigV4.
	Door func(awsproto.Authenticator) http.Handler
	// Services are the AWS services the door reaches; their signing names
	// become the identity's service, as a signature's scope would.
	Services []awsproto.Service
	// Region is the region console calls act in; empty means
	// DefaultRegion.
	Region string
	// TailsPerSession bounds live tails per session; 0 means
	// DefaultTailsPerSession.
	TailsPerSession int
	Logger          *slog.Logger
	// Assets replaces the embedded bundle (tests).
	Assets fs.FS
}

// Handler serves the console. Create it with New; call Shutdown when the
// server drains so live tails end.
type Handler struct {
	opts    Options
	mux     *http.ServeMux
	static  *static
	signing map[string]string // target prefix → signing name
	door    http.Handler
	shared  http.Handler

	limiter *signInLimiter

	mu    sync.Mutex
	tails map[string]int // session key → open tails
	total int

	done     chan struct{}
	doneOnce sync.Once
	streams  sync.WaitGroup
}

// New builds the console handler.
func New(opts Options) (*Handler, error) {
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.TailsPerSession <= 0 {
		opts.TailsPerSession = DefaultTailsPerSession
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	assets := opts.Assets
	if assets == nil {
		sub, err := fs.Sub(dist, "dist")
		if err != nil {
			return nil, err
		}
		assets = sub
	}
	st, err := newStatic(assets)
	if err != nil {
		return nil, err
	}
	h := &Handler{opts: opts, mux: http.NewServeMux(), static: st, signing: map[string]string{},
		limiter: newSignInLimiter(), tails: map[string]int{}, done: make(chan struct{})}
	for _, s := range opts.Services {
		h.signing[s.TargetPrefix] = s.SigningName
	}
	h.door = opts.Door(sessionAuth{h})
	h.shared = opts.Door(sharedAuth{h})

	h.mux.HandleFunc("POST /console/api/session", h.signIn)
	h.mux.HandleFunc("GET /console/api/session", h.getSession)
	h.mux.HandleFunc("DELETE /console/api/session", h.signOut)
	h.mux.Handle("POST /console/api/aws", h.door)
	h.mux.HandleFunc("GET /console/api/tail", h.tail)
	h.mux.HandleFunc("POST /console/api/shares", h.createShare)
	h.mux.HandleFunc("GET /console/api/shares", h.listShares)
	h.mux.HandleFunc("DELETE /console/api/shares/{token}", h.revokeShare)
	h.mux.HandleFunc("GET /console/api/shared/{token}", h.getShared)
	h.mux.HandleFunc("POST /console/api/shared/{token}/aws", h.sharedDoor)
	h.mux.HandleFunc("/console/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "There is no console API at "+r.Method+" "+r.URL.Path+".")
	})
	return h, nil
}

// ServeHTTP serves /console/api/ and the app's pages.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	if strings.HasPrefix(r.URL.Path, "/console/api/") {
		w.Header().Set("Cache-Control", "no-store")
		h.mux.ServeHTTP(w, r)
		return
	}
	h.static.ServeHTTP(w, r)
}

// Shutdown ends the live tails, so a draining server does not wait on
// streams that never finish, and waits for their goroutines.
func (h *Handler) Shutdown() {
	h.doneOnce.Do(func() { close(h.done) })
	h.streams.Wait()
}

// csp keeps the console to its own origin. Styles may be inline because
// the editor and the grid set element styles from script.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func setSecurityHeaders(hd http.Header) {
	hd.Set("Content-Security-Policy", csp)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
}
