// Package eventsapi serves the EventBridge API (AWS JSON 1.1, X-Amz-Target
// "AWSEvents.<Operation>", signing name "events"). Each operation has its
// own file holding its wire shapes and a handler that decodes, calls the
// events service and encodes; business rules live in
// internal/service/events.
package eventsapi

import (
	"net/http"
	"time"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
	"github.com/openwatch/openwatch/internal/service/events"
)

// TargetPrefix is the X-Amz-Target prefix of EventBridge.
const TargetPrefix = "AWSEvents"

// API binds the events service to its wire operations.
type API struct {
	svc *events.Service
}

// New returns the EventBridge API.
func New(svc *events.Service) *API { return &API{svc: svc} }

// Service returns the operation table for the protocol dispatcher.
func (a *API) Service() awsproto.Service {
	ops := map[string]awsproto.Handler{
		"PutEvents":             a.putEvents,
		"PutRule":               a.putRule,
		"DescribeRule":          a.describeRule,
		"ListRules":             a.listRules,
		"DeleteRule":            a.deleteRule,
		"EnableRule":            a.enableRule,
		"DisableRule":           a.disableRule,
		"TestEventPattern":      a.testEventPattern,
		"PutTargets":            a.putTargets,
		"ListTargetsByRule":     a.listTargetsByRule,
		"RemoveTargets":         a.removeTargets,
		"ListRuleNamesByTarget": a.listRuleNamesByTarget,

		"CreateEventBus":   a.createEventBus,
		"DeleteEventBus":   a.deleteEventBus,
		"DescribeEventBus": a.describeEventBus,
		"ListEventBuses":   a.listEventBuses,

		"CreateConnection":   a.createConnection,
		"DescribeConnection": a.describeConnection,
		"ListConnections":    a.listConnections,
		"DeleteConnection":   a.deleteConnection,

		"CreateApiDestination":   a.createAPIDestination,
		"DescribeApiDestination": a.describeAPIDestination,
		"ListApiDestinations":    a.listAPIDestinations,
		"DeleteApiDestination":   a.deleteAPIDestination,
	}
	return awsproto.Service{
		TargetPrefix: TargetPrefix, SigningName: "events",
		Protocols:  []awsproto.Protocol{awsproto.JSON{Version: "1.1"}},
		Operations: ops,
		// The events service reports only pattern problems as invalid
		// parameters; everything else it rejects is a ValidationException.
		Errors: []awsproto.ErrorCode{
			{Kind: model.ErrInvalidParameter, Code: "InvalidEventPatternException", Status: http.StatusBadRequest},
		},
	}
}

func caller(c *awsproto.Call) events.Caller {
	return events.Caller{AccountID: c.Principal.AccountID, Region: c.Region}
}

// decode is the common first step of every handler.
func decode[T any](c *awsproto.Call) (*T, error) {
	in := new(T)
	if err := c.Decode(in); err != nil {
		return nil, err
	}
	return in, nil
}

// str returns *p or "".
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func i32(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

// opt returns a pointer to v, or nil when v is the zero value, so optional
// members are omitted from responses as AWS omits them.
func opt[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// ts turns epoch milliseconds into an optional timestamp member.
func ts(ms int64) *awsproto.Timestamp {
	if ms == 0 {
		return nil
	}
	t := awsproto.Timestamp(time.UnixMilli(ms).UTC())
	return &t
}

type tag struct {
	Key   *string `json:"Key"`
	Value *string `json:"Value"`
}

func tags(in []tag) []events.Tag {
	out := make([]events.Tag, len(in))
	for i, t := range in {
		out[i] = events.Tag{Key: str(t.Key), Value: str(t.Value)}
	}
	return out
}

type empty struct{}
