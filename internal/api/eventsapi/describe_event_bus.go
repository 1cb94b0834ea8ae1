package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type describeEventBusInput struct {
	Name *string `json:"Name"`
}

// eventBus is a bus as DescribeEventBus and ListEventBuses return it.
type eventBus struct {
	Name             string              `json:"Name"`
	Arn              string              `json:"Arn"`
	Description      *string             `json:"Description,omitempty"`
	CreationTime     *awsproto.Timestamp `json:"CreationTime,omitempty"`
	LastModifiedTime *awsproto.Timestamp `json:"LastModifiedTime,omitempty"`
}

func busOut(v events.EventBusView) eventBus {
	return eventBus{Name: v.Name, Arn: v.ARN, Description: opt(v.Description), CreationTime: ts(v.CreationTime), LastModifiedTime: ts(v.LastModified)}
}

func (a *API) describeEventBus(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[describeEventBusInput](c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DescribeEventBus(ctx, caller(c), str(in.Name))
	if err != nil {
		return nil, err
	}
	return busOut(v), nil
}
