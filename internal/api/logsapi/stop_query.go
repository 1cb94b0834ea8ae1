package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type queryIDInput struct {
	QueryID *string `json:"queryId"`
}

type successOutput struct {
	Success bool `json:"success"`
}

func (a *API) stopQuery(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[queryIDInput](c)
	if err != nil {
		return nil, err
	}
	if err := a.insights.StopQuery(ctx, insightsCaller(c), str(in.QueryID)); err != nil {
		return nil, err
	}
	return successOutput{Success: true}, nil
}
