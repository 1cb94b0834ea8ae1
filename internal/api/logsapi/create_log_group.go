package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
	"github.com/openwatch/openwatch/internal/service/logs"
)

type createLogGroupInput struct {
	LogGroupName              *string           `json:"logGroupName"`
	KmsKeyID                  *string           `json:"kmsKeyId"`
	LogGroupClass             *string           `json:"logGroupClass"`
	DeletionProtectionEnabled *bool             `json:"deletionProtectionEnabled"`
	Tags                      map[string]string `json:"tags"`
}

func (a *API) createLogGroup(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[createLogGroupInput](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.CreateLogGroup(ctx, caller(c), logs.CreateLogGroupInput{
		Name:               str(in.LogGroupName),
		KMSKeyID:           str(in.KmsKeyID),
		LogGroupClass:      str(in.LogGroupClass),
		DeletionProtection: in.DeletionProtectionEnabled != nil && *in.DeletionProtectionEnabled,
		Tags:               in.Tags,
	})
}
