package topics

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/delivery"
)

// memStore is an in-memory Store.
type memStore struct {
	mu     sync.Mutex
	topics map[string]model.Topic // account + "/" + name
	subs   map[string]model.Subscription
}

func newMemStore() *memStore {
	return &memStore{topics: map[string]model.Topic{}, subs: map[string]model.Subscription{}}
}

func (m *memStore) CreateTopic(_ context.Context, t model.Topic) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.topics[t.AccountID+"/"+t.Name]; ok {
		return model.Errorf(model.ErrAlreadyExists, "exists")
	}
	m.topics[t.AccountID+"/"+t.Name] = t
	return nil
}

func (m *memStore) GetTopic(_ context.Context, acct, name string) (model.Topic, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.topics[acct+"/"+name]
	if !ok {
		return model.Topic{}, model.Errorf(model.ErrNotFound, "Topic does not exist")
	}
	return t, nil
}

func (m *memStore) ListTopics(_ context.Context, acct, after string, limit int) ([]model.Topic, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.Topic
	for _, t := range m.topics {
		if t.AccountID == acct && t.Name > after {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b model.Topic) int { return strings.Compare(a.Name, b.Name) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memStore) UpdateTopic(_ context.Context, t model.Topic) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.topics[t.AccountID+"/"+t.Name]
	if !ok {
		return model.Errorf(model.ErrNotFound, "Topic does not exist")
	}
	old.Attributes, old.Tags = t.Attributes, t.Tags
	m.topics[t.AccountID+"/"+t.Name] = old
	return nil
}

func (m *memStore) DeleteTopic(_ context.Context, acct, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.topics, acct+"/"+name)
	for k, s := range m.subs {
		if s.AccountID == acct && s.TopicName == name {
			delete(m.subs, k)
		}
	}
	return nil
}

func (m *memStore) PutSubscription(_ context.Context, s model.Subscription) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.topics[s.AccountID+"/"+s.TopicName]; !ok {
		return model.Errorf(model.ErrNotFound, "Topic does not exist")
	}
	m.subs[s.ARN] = s
	return nil
}

func (m *memStore) GetSubscription(_ context.Context, arn string) (model.Subscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.subs[arn]
	if !ok {
		return model.Subscription{}, model.Errorf(model.ErrNotFound, "Subscription does not exist")
	}
	return s, nil
}

func (m *memStore) ListSubscriptions(_ context.Context, acct, topic, after string, limit int) ([]model.Subscription, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []model.Subscription
	for _, s := range m.subs {
		if s.AccountID == acct && (topic == "" || s.TopicName == topic) && s.ARN > after {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b model.Subscription) int { return strings.Compare(a.ARN, b.ARN) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (m *memStore) UpdateSubscription(_ context.Context, s model.Subscription) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	old, ok := m.subs[s.ARN]
	if !ok {
		return model.Errorf(model.ErrNotFound, "Subscription does not exist")
	}
	old.Confirmed, old.Attributes = s.Confirmed, s.Attributes
	m.subs[s.ARN] = old
	return nil
}

func (m *memStore) DeleteSubscription(_ context.Context, arn string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.subs[arn]; !ok {
		return model.Errorf(model.ErrNotFound, "Subscription does not exist")
	}
	delete(m.subs, arn)
	return nil
}

// recorder is a Sender that keeps what it is given.
type recorder struct {
	mu   sync.Mutex
	sent []delivery.Delivery
}

func (r *recorder) Enqueue(_ context.Context, d delivery.Delivery) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, d)
	return nil
}

func (r *recorder) take() []delivery.Delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.sent
	r.sent = nil
	return out
}
