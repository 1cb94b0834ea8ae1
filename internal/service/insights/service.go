// Package insights runs Logs Insights queries: StartQuery and its friends.
// Queries run in the background, a bounded number at a time per account,
// reading through the store's parallel Scan and evaluated by the pure engine
// in internal/query/exec. Saved queries (query definitions) live in the
// catalog.
package insights

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"runtime"
	"sync"
	"time"
)

// Options configures New.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxConcurrentPerAccount bounds running queries per account
	// (CloudWatch's quota is 100); 0 means 100.
	MaxConcurrentPerAccount int
	// Timeout ends a query with status Timeout; 0 means 60 minutes.
	Timeout time.Duration
	// Retention is how long finished queries can be read back; 0 means
	// 24 hours.
	Retention time.Duration
	// Concurrency is the number of workers one query scans with; 0 means
	// GOMAXPROCS.
	Concurrency int
	Logger      *slog.Logger
}

// Service implements the Logs Insights operations.
type Service struct {
	cat   Catalog
	store Scanner
	opts  Options
	log   *slog.Logger

	mu      sync.Mutex
	queries map[string]*query
	running map[string]int // per account
	wg      sync.WaitGroup
	ctx     context.Context
	stop    context.CancelFunc
	// draining is closed by EndWaits: held GetQueryResults calls answer
	// at once, so that a server's drain does not wait for them.
	draining     chan struct{}
	endWaitsOnce sync.Once
}

// New returns a Service. Close stops the queries still running.
func New(cat Catalog, store Scanner, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxConcurrentPerAccount <= 0 {
		opts.MaxConcurrentPerAccount = 100
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Minute
	}
	if opts.Retention <= 0 {
		opts.Retention = 24 * time.Hour
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = runtime.GOMAXPROCS(0)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	return &Service{cat: cat, store: store, opts: opts, log: opts.Logger, queries: map[string]*query{}, running: map[string]int{}, ctx: ctx, stop: stop, draining: make(chan struct{})}
}

// Close cancels running queries and waits for them to end.
func (s *Service) Close() {
	s.EndWaits()
	s.stop()
	s.wg.Wait()
}

// EndWaits answers the GetQueryResults calls that wait for their query's
// end at once, and every later one without waiting: a server calls it
// when it starts draining its requests.
func (s *Service) EndWaits() { s.endWaitsOnce.Do(func() { close(s.draining) }) }

// Caller is the account a request acts in and the region it was signed for.
type Caller struct {
	AccountID string
	Region    string
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("BUG: crypto/rand failed: " + err.Error())
	}
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
