package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type listTagsForResourceInput struct {
	ResourceArn *string `json:"resourceArn"`
}

type tagsOutput struct {
	Tags map[string]string `json:"tags"`
}

func (a *API) listTagsForResource(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[listTagsForResourceInput](c)
	if err != nil {
		return nil, err
	}
	tags, err := a.svc.ListTagsForResource(ctx, caller(c), str(in.ResourceArn))
	if err != nil {
		return nil, err
	}
	return tagsOutput{Tags: nonNil(tags)}, nil
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
