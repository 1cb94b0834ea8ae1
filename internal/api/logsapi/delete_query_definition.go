package logsapi

import (
	"context"

	"github.com/openwatch/openwatch/internal/api/awsproto"
)

type deleteQueryDefinitionInput struct {
	QueryDefinitionID *string `json:"queryDefinitionId"`
}

func (a *API) deleteQueryDefinition(ctx context.Context, c *awsproto.Call) (any, error) {
	in, err := decode[deleteQueryDefinitionInput](c)
	if err != nil {
		return nil, err
	}
	if err := a.insights.DeleteQueryDefinition(ctx, insightsCaller(c), str(in.QueryDefinitionID)); err != nil {
		return nil, err
	}
	return successOutput{Success: true}, nil
}
