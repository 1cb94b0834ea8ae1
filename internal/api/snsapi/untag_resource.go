package snsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type untagResourceInput struct {
	ResourceArn *string  `json:"ResourceArn"`
	TagKeys     []string `json:"TagKeys"`
}

func (a *API) untagResource(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[untagResourceInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.UntagResource(ctx, caller(c), str(in.ResourceArn), in.TagKeys)
}
