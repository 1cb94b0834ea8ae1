package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type tagLogGroupInput struct {
	LogGroupName *string           `json:"logGroupName"`
	Tags         map[string]string `json:"tags"`
}

func (a *API) tagLogGroup(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[tagLogGroupInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.TagLogGroup(ctx, caller(c), str(in.LogGroupName), in.Tags)
}
