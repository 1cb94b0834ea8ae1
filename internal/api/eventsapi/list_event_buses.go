package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/events"
)

type listEventBusesInput struct {
	NamePrefix *string `json:"NamePrefix"`
	NextToken  *string `json:"NextToken"`
	Limit      *int32  `json:"Limit"`
}

type listEventBusesOutput struct {
	EventBuses []eventBus `json:"EventBuses"`
	NextToken  *string    `json:"NextToken,omitempty"`
}

func (a *API) listEventBuses(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listEventBusesInput](c)
	if err != nil {
		return nil, err
	}
	views, next, err := a.svc.ListEventBuses(ctx, caller(c), events.ListEventBusesInput{
		NamePrefix: str(in.NamePrefix), NextToken: str(in.NextToken), Limit: i32(in.Limit)})
	if err != nil {
		return nil, err
	}
	out := listEventBusesOutput{EventBuses: make([]eventBus, len(views)), NextToken: opt(next)}
	for i, v := range views {
		out.EventBuses[i] = busOut(v)
	}
	return out, nil
}
