package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type untagLogGroupInput struct {
	LogGroupName *string `json:"logGroupName"`
	// Tags is a list of tag keys in this legacy operation.
	Tags []string `json:"tags"`
}

func (a *API) untagLogGroup(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[untagLogGroupInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.UntagLogGroup(ctx, caller(c), str(in.LogGroupName), in.Tags)
}
