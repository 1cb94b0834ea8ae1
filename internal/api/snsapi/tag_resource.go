package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type tagResourceInput struct {
	ResourceArn *string `json:"ResourceArn"`
	Tags        []tag   `json:"Tags"`
}

func (a *API) tagResource(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[tagResourceInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.TagResource(ctx, caller(c), str(in.ResourceArn), tagsIn(in.Tags))
}
