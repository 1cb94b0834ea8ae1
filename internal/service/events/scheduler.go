package events

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/query/schedule"
)

// SchedulerOptions configures NewScheduler.
type SchedulerOptions struct {
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Tick is how often due schedules are looked for; 0 means 5 seconds.
	// Schedules have minute precision, so a scheduled event leaves at
	// most one tick late.
	Tick   time.Duration
	Logger *slog.Logger
}

// Scheduler fires the schedule rules of every account: at each due time
// it queues a "Scheduled Event" for the rule's targets. Times that pass
// while the server is down are skipped, not fired late.
type Scheduler struct {
	svc  *Service
	now  func() time.Time
	tick time.Duration
	log  *slog.Logger

	mu sync.Mutex
	// next is each schedule's next due time, by rule and expression, so
	// that a changed expression starts afresh.
	next map[string]time.Time

	stop chan struct{}
	done chan struct{}
}

// NewScheduler returns a stopped Scheduler for svc's rules.
func NewScheduler(svc *Service, opts SchedulerOptions) *Scheduler {
	s := &Scheduler{svc: svc, now: opts.Now, tick: opts.Tick, log: opts.Logger, next: map[string]time.Time{}}
	if s.now == nil {
		s.now = time.Now
	}
	if s.tick <= 0 {
		s.tick = 5 * time.Second
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Start runs the scheduler until Stop.
func (s *Scheduler) Start() {
	s.stop, s.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.done)
		t := time.NewTicker(s.tick)
		defer t.Stop()
		for {
			ctx, cancel := context.WithTimeout(context.Background(), s.tick+deliveryTimeout)
			if _, err := s.RunDue(ctx); err != nil {
				s.log.Warn("cannot run event schedules", "err", err)
			}
			cancel()
			select {
			case <-t.C:
			case <-s.stop:
				return
			}
		}
	}()
}

// Stop ends the loop Start began and waits for it.
func (s *Scheduler) Stop() {
	if s.stop == nil {
		return
	}
	close(s.stop)
	<-s.done
	s.stop = nil
}

// RunDue fires every schedule rule that is due at the scheduler's now and
// returns how many it queued. A rule seen for the first time is only
// planned: a rate counts from the rule's creation, a cron expression from
// now.
func (s *Scheduler) RunDue(ctx context.Context) (int, error) {
	rules, err := s.svc.store.ListScheduledEventRules(ctx)
	if err != nil {
		return 0, err
	}
	now := s.now().UTC()
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := make(map[string]bool, len(rules))
	fired := 0
	for _, r := range rules {
		sched, err := schedule.Parse(r.ScheduleExpression)
		if err != nil {
			continue
		}
		key := busKey(r.AccountID, r.Bus) + "\x00" + r.Name + "\x00" + r.ScheduleExpression
		seen[key] = true
		next, planned := s.next[key]
		if !planned {
			s.next[key] = following(sched, time.UnixMilli(r.CreatedAt).UTC(), now)
			continue
		}
		if next.IsZero() || now.Before(next) {
			continue
		}
		s.next[key] = following(sched, next, now)
		if r.State != StateEnabled {
			continue
		}
		env := newEnvelope(newEventID(), r.AccountID, s.svc.region, "aws.events", "Scheduled Event", next,
			[]string{ruleARN(s.svc.region, r.AccountID, r.Bus, r.Name)}, json.RawMessage("{}"))
		if err := s.svc.enqueue(env, r.Bus, r.Name); err != nil {
			s.log.Warn("scheduled event dropped", "rule", r.Name, "account", r.AccountID, "err", err)
			continue
		}
		fired++
	}
	for key := range s.next {
		if !seen[key] {
			delete(s.next, key)
		}
	}
	return fired, nil
}

// following is the schedule's first time after now, counted from anchor:
// a rate keeps its phase from anchor, a cron expression ignores it.
func following(sched *schedule.Schedule, anchor, now time.Time) time.Time {
	if every, ok := sched.Rate(); ok {
		if anchor.After(now) {
			return anchor.Add(every)
		}
		n := now.Sub(anchor)/every + 1
		return anchor.Add(n * every)
	}
	return sched.Next(now)
}
