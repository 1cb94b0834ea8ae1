package alarms

import (
	"context"
	"errors"
	"fmt"
	"github.com/openwatch/openwatch/internal/model"
	"log/slog"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/query/alarmeval"
)

// DefaultEvaluationInterval is how often the Scheduler looks for alarms
// whose period has elapsed.
const DefaultEvaluationInterval = 10 * time.Second

// SchedulerOptions configure a Scheduler.
type SchedulerOptions struct {
	// Every is the tick; 0 means DefaultEvaluationInterval.
	Every time.Duration
	// Logger receives evaluation failures; nil discards them.
	Logger *slog.Logger
}

// Scheduler evaluates each metric alarm once per period against its data
// and stores the transitions. It reads the time from the service's clock.
type Scheduler struct {
	svc   *Service
	every time.Duration
	log   *slog.Logger

	mu   sync.Mutex
	last map[string]time.Time // alarm key -> time of its last evaluation

	stop chan struct{}
	done chan struct{}
}

// NewScheduler returns a stopped Scheduler over svc.
func NewScheduler(svc *Service, opts SchedulerOptions) *Scheduler {
	sc := &Scheduler{svc: svc, every: opts.Every, log: opts.Logger, last: map[string]time.Time{}}
	if sc.every <= 0 {
		sc.every = DefaultEvaluationInterval
	}
	if sc.log == nil {
		sc.log = slog.New(slog.DiscardHandler)
	}
	return sc
}

// Start runs evaluation passes on every tick, and soon after the service
// is kicked, until Stop.
func (sc *Scheduler) Start() {
	sc.stop, sc.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sc.done)
		t := time.NewTicker(sc.every)
		defer t.Stop()
		for {
			select {
			case <-sc.stop:
				return
			case <-t.C:
			case <-sc.svc.kick:
			}
			if err := sc.RunOnce(context.Background()); err != nil {
				sc.log.Warn("alarm evaluation failed", "err", err)
			}
		}
	}()
}

// Stop ends the loop started by Start and waits for the pass under way.
func (sc *Scheduler) Stop() {
	if sc.stop == nil {
		return
	}
	close(sc.stop)
	<-sc.done
	sc.stop = nil
}

// RunOnce evaluates every metric alarm whose period has elapsed since its
// last evaluation. A failure of one alarm does not stop the others; the
// failures are returned together.
func (sc *Scheduler) RunOnce(ctx context.Context) error {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	recs, err := sc.svc.store.ListAlarms(ctx, "", model.AlarmQuery{Types: []string{TypeMetric}})
	if err != nil {
		return fmt.Errorf("cannot list alarms to evaluate: %w", err)
	}
	now := sc.svc.now()
	seen := make(map[string]time.Time, len(recs))
	var errs []error
	for _, rec := range recs {
		key := rec.AccountID + "\x00" + rec.Name
		a, err := sc.svc.decodeAlarm(rec)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		last, ok := sc.last[key]
		if ok && now.Sub(last) < time.Duration(a.period())*time.Second {
			seen[key] = last
			continue
		}
		seen[key] = now
		if err := sc.evaluate(ctx, rec, &a.Definition, now); err != nil {
			errs = append(errs, fmt.Errorf("cannot evaluate alarm %q of account %s: %w", rec.Name, rec.AccountID, err))
		}
	}
	// Deleted alarms drop out of the bookkeeping.
	sc.last = seen
	return errors.Join(errs...)
}

func (sc *Scheduler) evaluate(ctx context.Context, rec model.Alarm, d *Definition, now time.Time) error {
	ea := d.evalAlarm()
	start, end := alarmeval.Window(ea, now)
	dps, err := sc.svc.reader.ReadAlarmData(ctx, rec.AccountID, *d, start, end)
	if err != nil {
		return err
	}
	tr := alarmeval.Evaluate(ea, dps, now, alarmeval.State(rec.State))
	if !tr.Changed {
		return nil
	}
	return sc.svc.transition(ctx, rec, string(tr.State), tr.Reason, tr.ReasonData)
}
