package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type listTagsLogGroupInput struct {
	LogGroupName *string `json:"logGroupName"`
}

func (a *API) listTagsLogGroup(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listTagsLogGroupInput](c)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.ListTagsLogGroup(ctx, caller(c), str(in.LogGroupName))
	if err != nil {
		return nil, err
	}
	return tagsOutput{Tags: nonNil(tags)}, nil
}
