package events

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openwatch/openwatch/internal/model"
)

// memStore is an in-memory Store with the catalog's contract.
type memStore struct {
	mu      sync.Mutex
	buses   map[string]model.EventBus
	rules   map[string]model.EventRule
	targets map[string]model.EventTarget
	conns   map[string]model.EventConnection
	dests   map[string]model.EventAPIDestination
}

func newMemStore() *memStore {
	return &memStore{buses: map[string]model.EventBus{}, rules: map[string]model.EventRule{}, targets: map[string]model.EventTarget{},
		conns: map[string]model.EventConnection{}, dests: map[string]model.EventAPIDestination{}}
}

func k(parts ...string) string { return strings.Join(parts, "\x00") }

// listed filters, orders and limits named values.
func listed[T any](m map[string]T, keep func(T) bool, name func(T) string, prefix, after string, limit int) []T {
	var out []T
	for _, v := range m {
		n := name(v)
		if keep(v) && strings.HasPrefix(n, prefix) && (after == "" || n > after) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b T) int { return cmp.Compare(name(a), name(b)) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (s *memStore) CreateEventBus(_ context.Context, b model.EventBus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.buses[k(b.AccountID, b.Name)]; ok {
		return model.Errorf(model.ErrAlreadyExists, "Event bus %s already exists.", b.Name)
	}
	s.buses[k(b.AccountID, b.Name)] = b
	return nil
}

func (s *memStore) GetEventBus(_ context.Context, acct, name string) (model.EventBus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.buses[k(acct, name)]
	if !ok {
		return b, model.Errorf(model.ErrNotFound, "Event bus %s does not exist.", name)
	}
	return b, nil
}

func (s *memStore) ListEventBuses(_ context.Context, acct, prefix, after string, limit int) ([]model.EventBus, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listed(s.buses, func(b model.EventBus) bool { return b.AccountID == acct }, func(b model.EventBus) string { return b.Name }, prefix, after, limit), nil
}

func (s *memStore) DeleteEventBus(_ context.Context, acct, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.buses, k(acct, name))
	for key, r := range s.rules {
		if r.AccountID == acct && r.Bus == name {
			delete(s.rules, key)
		}
	}
	for key, t := range s.targets {
		if t.AccountID == acct && t.Bus == name {
			delete(s.targets, key)
		}
	}
	return nil
}

func (s *memStore) PutEventRule(_ context.Context, r model.EventRule) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.rules[k(r.AccountID, r.Bus, r.Name)]; ok {
		r.CreatedAt = old.CreatedAt
	}
	s.rules[k(r.AccountID, r.Bus, r.Name)] = r
	return nil
}

func (s *memStore) GetEventRule(_ context.Context, acct, bus, name string) (model.EventRule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rules[k(acct, bus, name)]
	if !ok {
		return r, model.Errorf(model.ErrNotFound, "Rule %s does not exist on EventBus %s.", name, bus)
	}
	return r, nil
}

func (s *memStore) ListEventRules(_ context.Context, acct, bus, prefix, after string, limit int) ([]model.EventRule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listed(s.rules, func(r model.EventRule) bool { return r.AccountID == acct && r.Bus == bus }, func(r model.EventRule) string { return r.Name }, prefix, after, limit), nil
}

func (s *memStore) ListScheduledEventRules(context.Context) ([]model.EventRule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listed(s.rules, func(r model.EventRule) bool { return r.ScheduleExpression != "" }, func(r model.EventRule) string { return k(r.AccountID, r.Bus, r.Name) }, "", "", 0), nil
}

func (s *memStore) SetEventRuleState(_ context.Context, acct, bus, name, state string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.rules[k(acct, bus, name)]
	if !ok {
		return model.Errorf(model.ErrNotFound, "Rule %s does not exist on EventBus %s.", name, bus)
	}
	r.State = state
	s.rules[k(acct, bus, name)] = r
	return nil
}

func (s *memStore) ruleTargets(acct, bus, rule string) []model.EventTarget {
	return listed(s.targets, func(t model.EventTarget) bool { return t.AccountID == acct && t.Bus == bus && t.Rule == rule }, func(t model.EventTarget) string { return t.ID }, "", "", 0)
}

func (s *memStore) DeleteEventRule(_ context.Context, acct, bus, name string, force bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts := s.ruleTargets(acct, bus, name)
	if len(ts) > 0 && !force {
		return model.Errorf(model.ErrValidation, "Rule can't be deleted since it has targets.")
	}
	for _, t := range ts {
		delete(s.targets, k(acct, bus, name, t.ID))
	}
	delete(s.rules, k(acct, bus, name))
	return nil
}

func (s *memStore) PutEventTargets(_ context.Context, acct, bus, rule string, ts []model.EventTarget, max int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.rules[k(acct, bus, rule)]; !ok {
		return model.Errorf(model.ErrNotFound, "Rule %s does not exist on EventBus %s.", rule, bus)
	}
	ids := map[string]bool{}
	for _, t := range s.ruleTargets(acct, bus, rule) {
		ids[t.ID] = true
	}
	for _, t := range ts {
		ids[t.ID] = true
	}
	if len(ids) > max {
		return model.Errorf(model.ErrLimitExceeded, "The requested resource exceeds the maximum number allowed.")
	}
	for _, t := range ts {
		t.AccountID, t.Bus, t.Rule = acct, bus, rule
		s.targets[k(acct, bus, rule, t.ID)] = t
	}
	return nil
}

func (s *memStore) ListEventTargets(_ context.Context, acct, bus, rule string) ([]model.EventTarget, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ruleTargets(acct, bus, rule), nil
}

func (s *memStore) ListBusEventTargets(_ context.Context, acct, bus string) ([]model.EventTarget, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listed(s.targets, func(t model.EventTarget) bool { return t.AccountID == acct && t.Bus == bus }, func(t model.EventTarget) string { return k(t.Rule, t.ID) }, "", "", 0), nil
}

func (s *memStore) RemoveEventTargets(_ context.Context, acct, bus, rule string, ids []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		delete(s.targets, k(acct, bus, rule, id))
	}
	return nil
}

func (s *memStore) ListRuleNamesByTarget(_ context.Context, acct, bus, arn, after string, limit int) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	set := map[string]string{}
	for _, t := range s.targets {
		if t.AccountID == acct && t.Bus == bus && t.ARN == arn {
			set[t.Rule] = t.Rule
		}
	}
	return listed(set, func(string) bool { return true }, func(n string) string { return n }, "", after, limit), nil
}

func (s *memStore) CreateEventConnection(_ context.Context, c model.EventConnection) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[k(c.AccountID, c.Name)]; ok {
		return model.Errorf(model.ErrAlreadyExists, "Connection %s already exists.", c.Name)
	}
	s.conns[k(c.AccountID, c.Name)] = c
	return nil
}

func (s *memStore) GetEventConnection(_ context.Context, acct, name string) (model.EventConnection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.conns[k(acct, name)]
	if !ok {
		return c, model.Errorf(model.ErrNotFound, "Connection '%s' does not exist.", name)
	}
	return c, nil
}

func (s *memStore) ListEventConnections(_ context.Context, acct, prefix, after string, limit int) ([]model.EventConnection, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listed(s.conns, func(c model.EventConnection) bool { return c.AccountID == acct }, func(c model.EventConnection) string { return c.Name }, prefix, after, limit), nil
}

func (s *memStore) DeleteEventConnection(_ context.Context, acct, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.conns[k(acct, name)]; !ok {
		return model.Errorf(model.ErrNotFound, "Connection '%s' does not exist.", name)
	}
	delete(s.conns, k(acct, name))
	return nil
}

func (s *memStore) CreateEventAPIDestination(_ context.Context, d model.EventAPIDestination) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.dests[k(d.AccountID, d.Name)]; ok {
		return model.Errorf(model.ErrAlreadyExists, "An api-destination '%s' already exists.", d.Name)
	}
	s.dests[k(d.AccountID, d.Name)] = d
	return nil
}

func (s *memStore) GetEventAPIDestination(_ context.Context, acct, name string) (model.EventAPIDestination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.dests[k(acct, name)]
	if !ok {
		return d, model.Errorf(model.ErrNotFound, "An api-destination '%s' does not exist.", name)
	}
	return d, nil
}

func (s *memStore) ListEventAPIDestinations(_ context.Context, acct, prefix, after string, limit int) ([]model.EventAPIDestination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return listed(s.dests, func(d model.EventAPIDestination) bool { return d.AccountID == acct }, func(d model.EventAPIDestination) string { return d.Name }, prefix, after, limit), nil
}

func (s *memStore) DeleteEventAPIDestination(_ context.Context, acct, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.dests[k(acct, name)]; !ok {
		return model.Errorf(model.ErrNotFound, "An api-destination '%s' does not exist.", name)
	}
	delete(s.dests, k(acct, name))
	return nil
}

// written is one event a log group target received.
type written struct {
	account, region, group, stream string
	timestamp                      int64
	message                        string
}

// recorder fakes the three delivery ports and records what they got.
type recorder struct {
	mu         sync.Mutex
	logs       []written
	published  []string
	deliveries []Delivery
	failLogs   bool
}

func (r *recorder) WriteLogEvent(_ context.Context, account, region, group, stream string, ts int64, msg string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failLogs {
		return model.Errorf(model.ErrNotFound, "The specified log group does not exist.")
	}
	r.logs = append(r.logs, written{account, region, group, stream, ts, msg})
	return nil
}

func (r *recorder) Publish(_ context.Context, account, topic, subject, msg string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.published = append(r.published, topic+" "+msg)
	return nil
}

func (r *recorder) Enqueue(_ context.Context, d Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.deliveries = append(r.deliveries, d)
	return nil
}

// waitFor polls cond until it holds; deliveries are asynchronous.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (r *recorder) logCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.logs)
}

func (r *recorder) snapshot() ([]written, []string, []Delivery) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.logs), slices.Clone(r.published), slices.Clone(r.deliveries)
}
