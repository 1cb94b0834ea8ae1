package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteLogGroupInput struct {
	LogGroupName *string `json:"logGroupName"`
}

func (a *API) deleteLogGroup(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteLogGroupInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteLogGroup(ctx, caller(c), str(in.LogGroupName))
}
