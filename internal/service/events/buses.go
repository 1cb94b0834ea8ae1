package events

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/openwatch/openwatch/internal/model"
)

// Tag is a resource tag.
type Tag struct {
	Key, Value string
}

// encodeTags stores tags as a JSON object.
func encodeTags(tags []Tag) (string, error) {
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		if t.Key == "" {
			return "", missing("tags.member.key")
		}
		m[t.Key] = t.Value
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("cannot encode tags: %w", err)
	}
	return string(b), nil
}

// EventBusView is a bus as DescribeEventBus and ListEventBuses show it.
type EventBusView struct {
	Name, ARN, Description     string
	CreationTime, LastModified int64 // epoch milliseconds; 0 for the default bus
}

// CreateEventBusInput is a CreateEventBus request.
type CreateEventBusInput struct {
	Name, Description string
	Tags              []Tag
}

// CreateEventBus creates a custom bus and returns its ARN.
func (s *Service) CreateEventBus(ctx context.Context, c Caller, in CreateEventBusInput) (string, error) {
	if err := checkName("name", in.Name, busNameRe); err != nil {
		return "", err
	}
	if err := checkLen("description", in.Description, 512); err != nil {
		return "", err
	}
	if in.Name == DefaultBus {
		return "", model.Errorf(model.ErrAlreadyExists, "Event bus %s already exists.", in.Name)
	}
	tags, err := encodeTags(in.Tags)
	if err != nil {
		return "", err
	}
	now := s.now().UnixMilli()
	if err := s.store.CreateEventBus(ctx, model.EventBus{AccountID: c.AccountID, Name: in.Name, Description: in.Description, Tags: tags, CreatedAt: now, LastModified: now}); err != nil {
		return "", err
	}
	return busARN(c, in.Name), nil
}

// DeleteEventBus deletes a custom bus with its rules and targets. The
// default bus cannot be deleted; a bus that does not exist is no error.
func (s *Service) DeleteEventBus(ctx context.Context, c Caller, name string) error {
	if name == "" {
		return missing("name")
	}
	name = busName(name)
	if name == DefaultBus {
		return validation("Cannot delete event bus default.")
	}
	if err := s.store.DeleteEventBus(ctx, c.AccountID, name); err != nil {
		return err
	}
	s.rules.invalidate(c.AccountID, name)
	return nil
}

// DescribeEventBus returns one bus; "" is the default bus.
func (s *Service) DescribeEventBus(ctx context.Context, c Caller, name string) (EventBusView, error) {
	name = busName(name)
	if name == DefaultBus {
		return EventBusView{Name: DefaultBus, ARN: busARN(c, DefaultBus)}, nil
	}
	b, err := s.store.GetEventBus(ctx, c.AccountID, name)
	if err != nil {
		return EventBusView{}, err
	}
	return busView(c, b), nil
}

func busView(c Caller, b model.EventBus) EventBusView {
	return EventBusView{Name: b.Name, ARN: busARN(c, b.Name), Description: b.Description, CreationTime: b.CreatedAt, LastModified: b.LastModified}
}

// ListEventBusesInput is a ListEventBuses request.
type ListEventBusesInput struct {
	NamePrefix, NextToken string
	Limit                 int32
}

// ListEventBuses lists the default bus and the custom buses in name order.
func (s *Service) ListEventBuses(ctx context.Context, c Caller, in ListEventBusesInput) ([]EventBusView, string, error) {
	limit, err := listLimit(in.Limit)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeToken(in.NextToken)
	if err != nil {
		return nil, "", err
	}
	stored, err := s.store.ListEventBuses(ctx, c.AccountID, in.NamePrefix, after, limit+1)
	if err != nil {
		return nil, "", err
	}
	var all []EventBusView
	def := EventBusView{Name: DefaultBus, ARN: busARN(c, DefaultBus)}
	inserted := false
	// The default bus is not stored; it takes its place in name order.
	wantDefault := len(DefaultBus) >= len(in.NamePrefix) && DefaultBus[:len(in.NamePrefix)] == in.NamePrefix && DefaultBus > after
	for _, b := range stored {
		if wantDefault && !inserted && DefaultBus < b.Name {
			all = append(all, def)
			inserted = true
		}
		all = append(all, busView(c, b))
	}
	if wantDefault && !inserted && len(stored) <= limit {
		all = append(all, def)
	}
	out, next := page(all, limit, func(v EventBusView) string { return v.Name })
	return out, next, nil
}
