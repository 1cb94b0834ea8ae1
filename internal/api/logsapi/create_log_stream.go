package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type logStreamRef struct {
	LogGroupName  *string `json:"logGroupName"`
	LogStreamName *string `json:"logStreamName"`
}

func (a *API) createLogStream(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[logStreamRef](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.CreateLogStream(ctx, caller(c), str(in.LogGroupName), str(in.LogStreamName))
}
