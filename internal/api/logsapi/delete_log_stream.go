package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

func (a *API) deleteLogStream(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[logStreamRef](c)
	if err != nil {
		return nil, err
	}
	return empty{}, a.svc.DeleteLogStream(ctx, caller(c), str(in.LogGroupName), str(in.LogStreamName))
}
