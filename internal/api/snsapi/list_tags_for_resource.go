package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type listTagsForResourceInput struct {
	ResourceArn *string `json:"ResourceArn"`
}

type listTagsForResourceOutput struct {
	Tags []tag `json:"Tags"`
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
	out := listTagsForResourceOutput{Tags: make([]tag, len(tags))}
	for i := range tags {
		out.Tags[i] = tag{Key: &tags[i].Key, Value: &tags[i].Value}
	}
	return out, nil
}
