package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/model"
)

type putRetentionPolicyInput struct {
	LogGroupName    *string `json:"logGroupName"`
	RetentionInDays *int32  `json:"retentionInDays"`
}

func (a *API) putRetentionPolicy(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[putRetentionPolicyInput](c)
	if err != nil {
		return nil, err
	}
	if in.RetentionInDays == nil {
		return nil, model.Errorf(model.ErrInvalidParameter, "1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null")
	}
	return empty{}, a.svc.PutRetentionPolicy(ctx, caller(c), str(in.LogGroupName), *in.RetentionInDays)
}
