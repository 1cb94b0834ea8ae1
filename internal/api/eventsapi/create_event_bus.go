package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type createEventBusInput struct {
	Name            *string `json:"Name"`
	EventSourceName *string `json:"EventSourceName"`
	Description     *string `json:"Description"`
	Tags            []tag   `json:"Tags"`
}

type createEventBusOutput struct {
	EventBusArn string  `json:"EventBusArn"`
	Description *string `json:"Description,omitempty"`
}

func (a *API) createEventBus(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[createEventBusInput](c)
	if err != nil {
		return nil, err
	}
	arn, err := a.svc.CreateEventBus(ctx, caller(c), events.CreateEventBusInput{Name: str(in.Name), Description: str(in.Description), Tags: tags(in.Tags)})
	if err != nil {
		return nil, err
	}
	return createEventBusOutput{EventBusArn: arn, Description: in.Description}, nil
}
