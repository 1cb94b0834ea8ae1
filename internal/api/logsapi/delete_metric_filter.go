package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteMetricFilterInput struct {
	LogGroupName *string `json:"logGroupName"`
	FilterName   *string `json:"filterName"`
}

func (a *API) deleteMetricFilter(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteMetricFilterInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteMetricFilter(ctx, caller(c), str(in.LogGroupName), str(in.FilterName))
}
