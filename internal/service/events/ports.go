package events

import (
	"context"

	"github.com/openwatch/openwatch/internal/model"
)

// Store is the part of the catalog the service uses. Not-found,
// already-exists and limit errors are model errors of those kinds.
type Store interface {
	CreateEventBus(ctx context.Context, b model.EventBus) error
	GetEventBus(ctx context.Context, accountID, name string) (model.EventBus, error)
	ListEventBuses(ctx context.Context, accountID, prefix, after string, limit int) ([]model.EventBus, error)
	DeleteEventBus(ctx context.Context, accountID, name string) error

	PutEventRule(ctx context.Context, r model.EventRule) error
	GetEventRule(ctx context.Context, accountID, bus, name string) (model.EventRule, error)
	ListEventRules(ctx context.Context, accountID, bus, prefix, after string, limit int) ([]model.EventRule, error)
	ListScheduledEventRules(ctx context.Context) ([]model.EventRule, error)
	SetEventRuleState(ctx context.Context, accountID, bus, name, state string) error
	DeleteEventRule(ctx context.Context, accountID, bus, name string, force bool) error

	PutEventTargets(ctx context.Context, accountID, bus, rule string, targets []model.EventTarget, maxPerRule int) error
	ListEventTargets(ctx context.Context, accountID, bus, rule string) ([]model.EventTarget, error)
	ListBusEventTargets(ctx context.Context, accountID, bus string) ([]model.EventTarget, error)
	RemoveEventTargets(ctx context.Context, accountID, bus, rule string, ids []string) error
	ListRuleNamesByTarget(ctx context.Context, accountID, bus, arn, after string, limit int) ([]string, error)

	CreateEventConnection(ctx context.Context, c model.EventConnection) error
	GetEventConnection(ctx context.Context, accountID, name string) (model.EventConnection, error)
	ListEventConnections(ctx context.Context, accountID, prefix, after string, limit int) ([]model.EventConnection, error)
	DeleteEventConnection(ctx context.Context, accountID, name string) error

	CreateEventAPIDestination(ctx context.Context, d model.EventAPIDestination) error
	GetEventAPIDestination(ctx context.Context, accountID, name string) (model.EventAPIDestination, error)
	ListEventAPIDestinations(ctx context.Context, accountID, prefix, after string, limit int) ([]model.EventAPIDestination, error)
	DeleteEventAPIDestination(ctx context.Context, accountID, name string) error
}

// LogWriter writes one event into a log group for a log group target. It
// creates the stream when it does not exist; a missing group is an error.
// It is called from the service's delivery goroutines, never from a
// request.
type LogWriter interface {
	WriteLogEvent(ctx context.Context, accountID, region, group, stream string, timestamp int64, message string) error
}

// TopicPublisher publishes one message to a topic for a topic target.
// Like LogWriter it is called from the delivery goroutines; it should hand
// slow fan-out off rather than block.
type TopicPublisher interface {
	Publish(ctx context.Context, accountID, topicARN, subject, message string) error
}

// Delivery is one HTTP request to an API destination.
type Delivery struct {
	AccountID string
	URL       string
	// Method is the destination's HTTP method (POST when empty).
	Method  string
	Headers map[string]string
	Body    []byte
	// Source names what produced the delivery, for logs and metrics: the
	// rule's ARN.
	Source string
}

// Deliverer takes deliveries to API destinations. Enqueue must not wait
// for the request to be made: it records the delivery, which it then
// makes and retries on its own. An error means the delivery was not taken.
type Deliverer interface {
	Enqueue(ctx context.Context, d Delivery) error
}
