package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteRetentionPolicyInput struct {
	LogGroupName *string `json:"logGroupName"`
}

func (a *API) deleteRetentionPolicy(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteRetentionPolicyInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteRetentionPolicy(ctx, caller(c), str(in.LogGroupName))
}
