package events

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/eventpattern"
)

// deliveryTimeout bounds one delivery to a target, so a stuck port cannot
// hold a worker for ever.
const deliveryTimeout = 30 * time.Second

// pending is an accepted event waiting for a worker: matched against the
// rules of bus, or, for a scheduled event, sent to rule's targets alone.
type pending struct {
	accountID, bus, rule string
	id                   string
	raw                  []byte
	time                 time.Time
	ingested             time.Time
}

var errQueueFull = errors.New("the event queue is full")

// enqueue hands an event to the workers without waiting.
func (s *Service) enqueue(env envelope, bus, rule string) error {
	raw, err := env.marshal()
	if err != nil {
		return err
	}
	t, err := time.Parse(eventTimeLayout, env.Time)
	if err != nil {
		t = s.now()
	}
	p := pending{accountID: env.Account, bus: bus, rule: rule, id: env.ID, raw: raw, time: t, ingested: s.now()}
	select {
	case <-s.stop:
		s.metrics.dropped.Inc()
		return errors.New("the events service is closed")
	default:
	}
	select {
	case s.queue <- p:
		s.metrics.accepted.Inc()
		return nil
	default:
		s.metrics.dropped.Inc()
		return errQueueFull
	}
}

func (s *Service) worker() {
	defer s.wg.Done()
	for {
		select {
		case p := <-s.queue:
			s.dispatch(p)
		case <-s.stop:
			// Deliver what was accepted before Close.
			for {
				select {
				case p := <-s.queue:
					s.dispatch(p)
				default:
					return
				}
			}
		}
	}
}

// dispatch matches one event and delivers it to the targets of every
// enabled rule it matches.
func (s *Service) dispatch(p pending) {
	ctx, cancel := context.WithTimeout(context.Background(), deliveryTimeout)
	defer cancel()
	rules, err := s.rules.get(ctx, p.accountID, p.bus)
	if err != nil {
		s.log.Warn("cannot load event rules", "account", p.accountID, "bus", p.bus, "err", err)
		return
	}
	var ev *eventpattern.Event
	for _, r := range rules {
		if r.rule.State != StateEnabled {
			continue
		}
		if p.rule != "" {
			if r.rule.Name != p.rule {
				continue
			}
		} else {
			if r.pattern == nil {
				continue
			}
			if ev == nil {
				if ev, err = eventpattern.ParseEvent(p.raw); err != nil {
					s.log.Warn("cannot parse event for matching", "id", p.id, "err", err)
					return
				}
			}
			if !r.pattern.Match(ev) {
				continue
			}
		}
		s.metrics.matched.Inc()
		m := &matchedEvent{raw: p.raw, ruleName: r.rule.Name, ruleARN: ruleARN(s.region, r.rule.AccountID, r.rule.Bus, r.rule.Name),
			ingestionTime: p.ingested.UTC().Format(eventTimeLayout)}
		for _, t := range r.targets {
			kind := targetKind(t.arn)
			if err := s.deliverTarget(ctx, p, m, t); err != nil {
				s.metrics.deliveries.WithLabelValues(kind, "failed").Inc()
				s.log.Warn("event delivery failed", "id", p.id, "rule", m.ruleARN, "target", t.target.ID, "arn", t.target.ARN, "err", err)
				continue
			}
			s.metrics.deliveries.WithLabelValues(kind, "ok").Inc()
		}
	}
}

func (s *Service) deliverTarget(ctx context.Context, p pending, m *matchedEvent, t compiledTarget) error {
	body, err := t.input.render(m)
	if err != nil {
		return err
	}
	a := t.arn
	if a.account != "" && a.account != p.accountID {
		return errors.New("targets in other accounts are not supported")
	}
	switch targetKind(a) {
	case "log_group":
		if s.logs == nil {
			return errors.New("no log writer is configured")
		}
		group := strings.TrimSuffix(strings.TrimPrefix(a.resource, "log-group:"), ":*")
		region := a.region
		if region == "" {
			region = s.region
		}
		// Every event gets a stream named after its id, as EventBridge
		// writes them.
		return s.logs.WriteLogEvent(ctx, p.accountID, region, group, p.id, p.time.UnixMilli(), string(body))
	case "topic":
		if s.topics == nil {
			return errors.New("no topic publisher is configured")
		}
		return s.topics.Publish(ctx, p.accountID, t.target.ARN, "", string(body))
	case "api_destination":
		if s.deliver == nil {
			return errors.New("no deliverer is configured")
		}
		d, err := s.apiDelivery(ctx, p.accountID, t.target, body)
		if err != nil {
			return err
		}
		d.Source = m.ruleARN
		return s.deliver.Enqueue(ctx, d)
	}
	return errors.New("the target type is not supported")
}

// compiledRule is a rule ready for matching, with its targets.
type compiledRule struct {
	rule    model.EventRule
	pattern *eventpattern.Pattern
	targets []compiledTarget
}

type compiledTarget struct {
	target Target
	arn    arn
	input  *compiledInput
}

// ruleCache keeps each bus's compiled rules for a while, so matching does
// not read the catalog per event. Changes through the Service invalidate
// the bus at once; the TTL bounds staleness from other writers.
type ruleCache struct {
	store Store
	ttl   time.Duration
	mu    sync.Mutex
	buses map[string]*busRules
	// gen counts invalidations per bus, so that a load that raced with a
	// change is not cached.
	gen map[string]uint64
}

type busRules struct {
	loaded time.Time
	rules  []compiledRule
}

func newRuleCache(store Store, ttl time.Duration) *ruleCache {
	return &ruleCache{store: store, ttl: ttl, buses: map[string]*busRules{}, gen: map[string]uint64{}}
}

func busKey(accountID, bus string) string { return accountID + "\x00" + bus }

func (c *ruleCache) invalidate(accountID, bus string) {
	key := busKey(accountID, bus)
	c.mu.Lock()
	delete(c.buses, key)
	c.gen[key]++
	c.mu.Unlock()
}

func (c *ruleCache) get(ctx context.Context, accountID, bus string) ([]compiledRule, error) {
	key := busKey(accountID, bus)
	c.mu.Lock()
	b, gen := c.buses[key], c.gen[key]
	c.mu.Unlock()
	if b != nil && time.Since(b.loaded) < c.ttl {
		return b.rules, nil
	}
	rules, err := c.load(ctx, accountID, bus)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen[key] == gen {
		c.buses[key] = &busRules{loaded: time.Now(), rules: rules}
	}
	c.mu.Unlock()
	return rules, nil
}

// load reads and compiles a bus's rules and targets. A rule or target
// that no longer compiles (stored by an older version) is skipped rather
// than blocking the others.
func (c *ruleCache) load(ctx context.Context, accountID, bus string) ([]compiledRule, error) {
	rules, err := c.store.ListEventRules(ctx, accountID, bus, "", "", 0)
	if err != nil {
		return nil, err
	}
	targets, err := c.store.ListBusEventTargets(ctx, accountID, bus)
	if err != nil {
		return nil, err
	}
	byRule := map[string][]compiledTarget{}
	for _, st := range targets {
		t, err := decodeTarget(st)
		if err != nil {
			continue
		}
		a, ok := parseARN(t.ARN)
		if !ok {
			continue
		}
		in, err := compileInput(t)
		if err != nil {
			continue
		}
		byRule[st.Rule] = append(byRule[st.Rule], compiledTarget{target: t, arn: a, input: in})
	}
	out := make([]compiledRule, 0, len(rules))
	for _, r := range rules {
		cr := compiledRule{rule: r, targets: byRule[r.Name]}
		if r.EventPattern != "" {
			p, err := eventpattern.Parse(r.EventPattern)
			if err != nil {
				continue
			}
			cr.pattern = p
		}
		out = append(out, cr)
	}
	return out, nil
}
