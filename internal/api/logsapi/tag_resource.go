package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type tagResourceInput struct {
	ResourceArn *string           `json:"resourceArn"`
	Tags        map[string]string `json:"tags"`
}

func (a *API) tagResource(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[tagResourceInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.TagResource(ctx, caller(c), str(in.ResourceArn), in.Tags)
}
