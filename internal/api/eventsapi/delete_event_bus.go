package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteEventBusInput struct {
	Name *string `json:"Name"`
}

func (a *API) deleteEventBus(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteEventBusInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteEventBus(ctx, caller(c), str(in.Name))
}
