package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

func (a *API) deleteAPIDestination(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[apiDestinationName](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteAPIDestination(ctx, caller(c), str(in.Name))
}
