// Package delivery sends outbound messages (webhook POSTs and emails) with
// retries and backoff. Every message goes through an outbox in the catalog
// before the first attempt, so a pending delivery survives a restart, and
// one that fails for good becomes a dead letter with the reason: nothing is
// dropped silently. Topics and the event bus hand their messages to
// Enqueue; transports are chosen by the URL's scheme.
package delivery

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/openwatch/openwatch/internal/model"
)

// Defaults of Options.
const (
	DefaultMaxAttempts = 8
	DefaultMinBackoff  = 5 * time.Second
	DefaultMaxBackoff  = 10 * time.Minute
	DefaultPollEvery   = time.Second
	DefaultConcurrency = 4
	// batchSize bounds the deliveries one pass takes from the outbox.
	batchSize = 100
)

// Delivery is one message to send.
type Delivery struct {
	AccountID string
	// URL is http://…, https://… or mailto:address.
	URL string
	// Method is the HTTP method of an http(s) delivery; "" means POST.
	Method  string
	Headers map[string]string
	Body    string
	// Source names the producer (a topic ARN, a rule ARN) for the dead
	// letter and the logs.
	Source string
}

// Outbox is the durable queue of deliveries, implemented by the catalog.
// Each method is durable when it returns. Times are epoch milliseconds.
type Outbox interface {
	EnqueueDelivery(ctx context.Context, d model.Delivery) (int64, error)
	DueDeliveries(ctx context.Context, now int64, limit int) ([]model.Delivery, error)
	NextDeliveryDue(ctx context.Context) (at int64, ok bool, err error)
	RetryDelivery(ctx context.Context, id int64, attempts int, next int64, lastErr string) error
	CompleteDelivery(ctx context.Context, id int64) error
	DeadLetterDelivery(ctx context.Context, id int64, attempts int, reason string, at int64) error
}

// Transport makes one attempt at a delivery. A nil error means delivered.
// Errors wrapped in Permanent are not retried. Deliver must honour ctx.
type Transport interface {
	Deliver(ctx context.Context, d model.Delivery) error
}

// PermanentError is a failure no retry can fix (a malformed URL, an
// address the mail server refuses for good).
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent marks err as not worth retrying.
func Permanent(err error) error { return &PermanentError{Err: err} }

// Options configure a Deliverer.
type Options struct {
	// Now is the clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
	// MaxAttempts is how many attempts a delivery gets before it is
	// dead-lettered; 0 means DefaultMaxAttempts.
	MaxAttempts int
	// MinBackoff is the wait after the first failure; it doubles with each
	// further failure up to MaxBackoff.
	MinBackoff, MaxBackoff time.Duration
	// PollEvery bounds how long a due delivery waits for the loop.
	PollEvery time.Duration
	// Concurrency bounds the attempts in flight at once.
	Concurrency int
	// Transports maps URL schemes to transports; http and https default to
	// an HTTPTransport.
	Transports map[string]Transport
}

// Deliverer sends what is enqueued, in the background between Start and
// Stop. It is safe for concurrent use.
type Deliverer struct {
	outbox Outbox
	opts   Options
	log    *slog.Logger

	pass sync.Mutex // one pass over the outbox at a time
	wake chan struct{}
	stop chan struct{}
	done chan struct{}

	delivered, retried, deadLettered prometheus.Counter
}

// New returns a stopped Deliverer over outbox.
func New(outbox Outbox, opts Options) *Deliverer {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = DefaultMinBackoff
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(DefaultMaxBackoff, opts.MinBackoff)
	}
	if opts.PollEvery <= 0 {
		opts.PollEvery = DefaultPollEvery
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = DefaultConcurrency
	}
	transports := map[string]Transport{}
	for k, v := range opts.Transports {
		transports[k] = v
	}
	for _, scheme := range []string{"http", "https"} {
		if transports[scheme] == nil {
			transports[scheme] = NewHTTPTransport(0)
		}
	}
	opts.Transports = transports
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	}
	return &Deliverer{
		outbox: outbox, opts: opts, log: opts.Logger, wake: make(chan struct{}, 1),
		delivered:    counter("openwatch_deliveries_delivered_total", "Outbound deliveries (webhooks, emails) that succeeded."),
		retried:      counter("openwatch_deliveries_retried_total", "Failed delivery attempts that were scheduled again."),
		deadLettered: counter("openwatch_deliveries_dead_lettered_total", "Deliveries that failed for good and became dead letters."),
	}
}

// Collectors returns the deliverer's metrics for registration.
func (d *Deliverer) Collectors() []prometheus.Collector {
	return []prometheus.Collector{d.delivered, d.retried, d.deadLettered}
}

// Enqueue stores the delivery in the outbox and wakes the loop. When it
// returns nil the delivery will be attempted, across restarts if need be.
func (d *Deliverer) Enqueue(ctx context.Context, in Delivery) error {
	u, err := url.Parse(in.URL)
	if err != nil || d.opts.Transports[u.Scheme] == nil {
		return model.Errorf(model.ErrInvalidParameter, "Cannot deliver to %q: unsupported endpoint.", in.URL)
	}
	now := d.opts.Now().UnixMilli()
	_, err = d.outbox.EnqueueDelivery(ctx, model.Delivery{
		AccountID: in.AccountID, URL: in.URL, Method: in.Method, Headers: in.Headers, Body: in.Body, Source: in.Source,
		NextAttempt: now, CreatedAt: now,
	})
	if err != nil {
		return fmt.Errorf("cannot enqueue delivery from %s: %w", in.Source, err)
	}
	select {
	case d.wake <- struct{}{}:
	default:
	}
	return nil
}

// Start runs delivery passes until Stop: at once, when a delivery is
// enqueued, and when the next retry is due.
func (d *Deliverer) Start() {
	d.stop, d.done = make(chan struct{}), make(chan struct{})
	go d.loop(d.stop, d.done)
}

// Stop ends the loop and waits for the attempts in flight; what is left
// stays in the outbox for the next start.
func (d *Deliverer) Stop() {
	if d.stop == nil {
		return
	}
	close(d.stop)
	<-d.done
	d.stop = nil
}

// loop takes its channels as arguments: Stop clears the fields.
func (d *Deliverer) loop(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		if err := d.RunOnce(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn("delivery pass failed", "err", err)
		}
		wait := d.opts.PollEvery
		if at, ok, err := d.outbox.NextDeliveryDue(ctx); err == nil && ok {
			wait = min(wait, max(time.Duration(at-d.opts.Now().UnixMilli())*time.Millisecond, 0))
		}
		t := time.NewTimer(wait)
		select {
		case <-stop:
			t.Stop()
			return
		case <-d.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunOnce attempts every delivery that is due, a batch at a time, and
// records each outcome in the outbox.
func (d *Deliverer) RunOnce(ctx context.Context) error {
	d.pass.Lock()
	defer d.pass.Unlock()
	due, err := d.outbox.DueDeliveries(ctx, d.opts.Now().UnixMilli(), batchSize)
	if err != nil {
		return fmt.Errorf("cannot read the delivery outbox: %w", err)
	}
	sem := make(chan struct{}, d.opts.Concurrency)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for _, dl := range due {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := d.attempt(ctx, dl); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// attempt makes one attempt at dl and records the outcome; the error is
// about recording, not about the attempt.
func (d *Deliverer) attempt(ctx context.Context, dl model.Delivery) error {
	err := d.send(ctx, dl)
	if ctx.Err() != nil {
		// Stopping: the attempt does not count, the delivery stays due.
		return nil
	}
	attempts := dl.Attempts + 1
	now := d.opts.Now()
	if err == nil {
		d.delivered.Inc()
		if err := d.outbox.CompleteDelivery(ctx, dl.ID); err != nil {
			return fmt.Errorf("cannot complete delivery %d: %w", dl.ID, err)
		}
		return nil
	}
	var perm *PermanentError
	if errors.As(err, &perm) || attempts >= d.opts.MaxAttempts {
		reason := fmt.Sprintf("gave up after %d %s: %v", attempts, plural(attempts, "attempt", "attempts"), err)
		if errors.As(err, &perm) {
			reason = fmt.Sprintf("permanent failure after %d %s: %v", attempts, plural(attempts, "attempt", "attempts"), err)
		}
		d.deadLettered.Inc()
		d.log.Warn("delivery dead-lettered", "source", dl.Source, "url", redact(dl.URL), "attempts", attempts, "err", err)
		if err := d.outbox.DeadLetterDelivery(ctx, dl.ID, attempts, reason, now.UnixMilli()); err != nil {
			return fmt.Errorf("cannot dead-letter delivery %d: %w", dl.ID, err)
		}
		return nil
	}
	d.retried.Inc()
	next := now.Add(d.backoff(attempts)).UnixMilli()
	if err := d.outbox.RetryDelivery(ctx, dl.ID, attempts, next, err.Error()); err != nil {
		return fmt.Errorf("cannot reschedule delivery %d: %w", dl.ID, err)
	}
	return nil
}

func (d *Deliverer) send(ctx context.Context, dl model.Delivery) error {
	u, err := url.Parse(dl.URL)
	if err != nil {
		return Permanent(fmt.Errorf("cannot parse URL: %w", err))
	}
	t := d.opts.Transports[u.Scheme]
	if t == nil {
		return Permanent(fmt.Errorf("no transport for scheme %q", u.Scheme))
	}
	return t.Deliver(ctx, dl)
}

// backoff is the wait after the given number of failed attempts:
// MinBackoff doubled for each earlier failure, capped at MaxBackoff.
func (d *Deliverer) backoff(failures int) time.Duration {
	b := d.opts.MinBackoff
	for i := 1; i < failures && b < d.opts.MaxBackoff; i++ {
		b *= 2
	}
	return min(b, d.opts.MaxBackoff)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// redact drops the user information and query of a URL for logs, since
// webhook URLs often carry secrets there.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}
