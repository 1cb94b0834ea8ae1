// Package livetail pushes newly ingested log events to live subscribers.
// A Hub is an ingest observer of the logs service: it sees every batch once,
// after it is durable, and hands each subscriber the events of its groups
// that its filter pattern matches, in the order they were acknowledged. It
// sees the batches of this process only.
package livetail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/query/filterpattern"
	"github.com/openwatch/openwatch/internal/service/logs"
)

// Limits of a subscription.
const (
	// MaxGroups is how many log groups one subscription may follow, as
	// for StartLiveTail.
	MaxGroups = 10
	// DefaultBuffer is how many events wait for a slow reader before
	// newer ones are dropped and counted.
	DefaultBuffer = 10000
)

// Groups finds log groups by name; the catalog is one.
type Groups interface {
	GetLogGroup(ctx context.Context, accountID, name string) (model.LogGroup, error)
}

// Event is one live event.
type Event struct {
	LogGroupName  string `json:"logGroupName"`
	LogStreamName string `json:"logStreamName"`
	Timestamp     int64  `json:"timestamp"`
	IngestionTime int64  `json:"ingestionTime"`
	Message       string `json:"message"`
	EventID       string `json:"eventId"`
}

// Hub fans acknowledged batches out to subscriptions. The zero value is not
// usable; create it with NewHub.
type Hub struct {
	groups Groups
	buffer int

	mu sync.RWMutex
	// subs is keyed by account and group name.
	subs map[groupKey]map[*Subscription]struct{}
}

type groupKey struct{ account, group string }

// NewHub returns a Hub that checks subscribed groups with groups. buffer
// bounds each subscription's queue; <= 0 means DefaultBuffer.
func NewHub(groups Groups, buffer int) *Hub {
	if buffer <= 0 {
		buffer = DefaultBuffer
	}
	return &Hub{groups: groups, buffer: buffer, subs: map[groupKey]map[*Subscription]struct{}{}}
}

// Subscription receives the events of its groups from the moment it is
// made until Close. It is safe for one reader and the Hub's writers.
type Subscription struct {
	hub     *Hub
	keys    []groupKey
	pattern *filterpattern.Pattern
	ready   chan struct{}

	mu      sync.Mutex
	queue   []Event
	dropped int
	closed  bool
}

// Subscribe follows the named groups of accountID, through pattern when it
// is not empty. Unknown groups are model.ErrNotFound; a bad pattern is a
// *filterpattern.ParseError (model.ErrInvalidParameter).
func (h *Hub) Subscribe(ctx context.Context, accountID string, groups []string, pattern string) (*Subscription, error) {
	if len(groups) == 0 {
		return nil, model.Errorf(model.ErrInvalidParameter, "at least one log group is required")
	}
	if len(groups) > MaxGroups {
		return nil, model.Errorf(model.ErrInvalidParameter, "at most %d log groups can be followed at once", MaxGroups)
	}
	s := &Subscription{hub: h, ready: make(chan struct{}, 1)}
	if pattern != "" {
		p, err := filterpattern.Parse(pattern)
		if err != nil {
			return nil, err
		}
		s.pattern = p
	}
	seen := map[string]bool{}
	for _, name := range groups {
		if seen[name] {
			continue
		}
		seen[name] = true
		if _, err := h.groups.GetLogGroup(ctx, accountID, name); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return nil, model.Errorf(model.ErrNotFound, "The log group %s does not exist.", name)
			}
			return nil, fmt.Errorf("cannot look up log group %q: %w", name, err)
		}
		s.keys = append(s.keys, groupKey{accountID, name})
	}
	h.mu.Lock()
	for _, k := range s.keys {
		m := h.subs[k]
		if m == nil {
			m = map[*Subscription]struct{}{}
			h.subs[k] = m
		}
		m[s] = struct{}{}
	}
	h.mu.Unlock()
	return s, nil
}

// ObserveIngest implements logs.IngestObserver. It never blocks on a
// subscriber: a full queue drops the batch's events for that subscriber
// and counts them.
func (h *Hub) ObserveIngest(_ context.Context, group model.LogGroup, stream model.LogStream, events []model.StoredEvent) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	subs := h.subs[groupKey{group.AccountID, group.Name}]
	for s := range subs {
		s.offer(group.Name, stream.Name, events)
	}
}

var _ logs.IngestObserver = (*Hub)(nil)

// Subscribers reports how many subscriptions are open, for tests and
// metrics.
func (h *Hub) Subscribers() int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	seen := map[*Subscription]struct{}{}
	for _, m := range h.subs {
		for s := range m {
			seen[s] = struct{}{}
		}
	}
	return len(seen)
}

func (s *Subscription) offer(group, stream string, events []model.StoredEvent) {
	var matched []Event
	for i := range events {
		e := &events[i]
		if s.pattern != nil && !s.pattern.Match(e.Message) {
			continue
		}
		matched = append(matched, Event{LogGroupName: group, LogStreamName: stream, Timestamp: e.Timestamp,
			// The queue outlives the call, and the message's memory is the
			// request's.
			IngestionTime: e.IngestionTime, Message: strings.Clone(e.Message), EventID: logs.EventID(e)})
	}
	if len(matched) == 0 {
		return
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	room := s.hub.buffer - len(s.queue)
	if room < len(matched) {
		s.dropped += len(matched) - max(room, 0)
		matched = matched[:max(room, 0)]
	}
	s.queue = append(s.queue, matched...)
	s.mu.Unlock()
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// Ready is signalled when events may be waiting; Next takes them.
func (s *Subscription) Ready() <-chan struct{} { return s.ready }

// Next takes the waiting events, in acknowledgement order, and how many
// were dropped since the last call because the reader fell behind.
func (s *Subscription) Next() (events []Event, dropped int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	events, dropped = s.queue, s.dropped
	s.queue, s.dropped = nil, 0
	return events, dropped
}

// Close ends the subscription; it may be called more than once.
func (s *Subscription) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.queue = nil
	s.mu.Unlock()
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, k := range s.keys {
		delete(h.subs[k], s)
		if len(h.subs[k]) == 0 {
			delete(h.subs, k)
		}
	}
}
