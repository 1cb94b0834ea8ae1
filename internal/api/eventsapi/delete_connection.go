package eventsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

func (a *API) deleteConnection(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[connectionName](c)
	if err != nil {
		return nil, err
	}
	v, err := a.svc.DeleteConnection(ctx, caller(c), str(in.Name))
	if err != nil {
		return nil, err
	}
	return stateOut(v), nil
}
